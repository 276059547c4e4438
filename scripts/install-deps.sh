#!/usr/bin/env bash
# install-deps.sh - installs the Debian packages clearance needs to build and
# test, and only those that are missing (idempotent; apt-get only as root).
set -euo pipefail

PKGS=(
  cmake make gcc pkg-config
  libicu-dev libutf8proc-dev libcsv-dev libxml2-dev libjansson-dev
  libcriterion-dev
  libsqlite3-dev sqlite3 libxxhash-dev
  libmicrohttpd-dev libcurl4-openssl-dev curl wrk
  clang
  bc
)

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=sudo
  else
    echo "install-deps: missing packages: ${missing[*]} (run as root to install them)" >&2
    exit 1
  fi
else
  SUDO=
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
