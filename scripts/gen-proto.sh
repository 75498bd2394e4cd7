#!/usr/bin/env bash
# Generates the TypeScript types of proto/*.proto into proto/gen (committed).
# With --check, generates into a temp dir and fails if proto/gen differs (CI runs this).
set -euo pipefail
cd "$(dirname "$0")/.."
out=proto/gen
if [ "${1:-}" = "--check" ]; then out=$(mktemp -d); fi
rm -rf "$out" && mkdir -p "$out"
npx proto-loader-gen-types --longs=Number --enums=String --defaults --oneofs --keepCase=false \
  --grpcLib=@grpc/grpc-js --includeDirs=proto --outDir="$out" common.proto datanode.proto namenode.proto 2>/dev/null
# The generator writes `from './x'`; NodeNext resolution wants explicit extensions.
find "$out" -name '*.ts' -print0 | xargs -0 sed -i -E "s#(from '\.{1,2}/[^']*)'#\1.js'#g"
if [ "${1:-}" = "--check" ]; then
  if ! diff -r "$out" proto/gen >/dev/null; then
    echo "proto/gen is out of date: run 'npm run proto' and commit the result" >&2
    diff -r "$out" proto/gen | head -20 >&2
    rm -rf "$out"
    exit 1
  fi
  rm -rf "$out"
  echo "proto/gen matches proto/*.proto"
fi
