#!/usr/bin/env bash
# Installs the system packages Cairn's tests and local clusters use, from Debian: ZooKeeper (and
# the Java it runs on) for high availability; s3cmd and rclone, two of the real S3 clients the
# gateway is tested with (and Debian's awscli when no `aws` is on the PATH). Idempotent; needs
# root (or sudo) on Debian/Ubuntu.
set -euo pipefail
packages=(zookeeper default-jre-headless s3cmd rclone)
command -v aws >/dev/null 2>&1 || packages+=(awscli)
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
