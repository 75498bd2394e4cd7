#!/usr/bin/env bash
# Installs the system packages Cairn's tests and local clusters use, from Debian: ZooKeeper (and
# the Java it runs on) for high availability. Idempotent; needs root (or sudo) on Debian/Ubuntu.
set -euo pipefail
packages=(zookeeper default-jre-headless)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-system: ${packages[*]} already installed"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup-system: installed ${missing[*]}"
