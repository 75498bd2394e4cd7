#!/usr/bin/env bash
# Generates the TypeScript types of proto/*.proto into proto/gen (committed; CI fails on drift).
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf proto/gen
npx proto-loader-gen-types --longs=Number --enums=String --defaults --oneofs --keepCase=false \
  --grpcLib=@grpc/grpc-js --includeDirs=proto --outDir=proto/gen common.proto datanode.proto namenode.proto
# The generator writes `import type ... from './x'`; NodeNext resolution wants explicit extensions.
find proto/gen -name '*.ts' -print0 | xargs -0 sed -i -E "s#(from '\.{1,2}/[^']*)'#\1.js'#g"
