#!/usr/bin/env bash
# install-deps.sh - installs the Debian packages clearance needs to build and
# test, and only those that are missing (idempotent; apt-get only as root),
# then the browser tests' npm packages (playwright-core, pinned in
# package-lock.json) with `npm ci` when node_modules is absent.  The browser
# is Debian's chromium: never `npx playwright install`.  Packaging and its
# tests (make install, make deb, the ABI check, the Python module) use
# python3-pytest, debhelper, lintian and abigail-tools.  The PostgreSQL store's
# tests (tests/pg/pg-env.sh) start a throwaway server of Debian's postgresql.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)

PKGS=(
  cmake make gcc pkg-config
  libicu-dev libutf8proc-dev libcsv-dev libxml2-dev libzip-dev libjansson-dev
  libcriterion-dev
  libsqlite3-dev sqlite3 libxxhash-dev
  libpq-dev postgresql
  libmicrohttpd-dev libcurl4-openssl-dev curl wrk
  openssl
  clang
  bc
  python3 python3-pytest
  debhelper dpkg-dev lintian abigail-tools binutils man-db
  nodejs chromium fonts-liberation fonts-dejavu-core
)

# npm_deps: tests/web needs node_modules; a failure here only skips those tests
npm_deps() {
	[ -d "$ROOT/node_modules/playwright-core" ] && return 0
	if ! command -v npm >/dev/null 2>&1; then
		echo "install-deps: npm absent: the browser tests (tests/web) will skip" >&2
		return 0
	fi
	echo "install-deps: npm ci (playwright-core for tests/web)" >&2
	(cd "$ROOT" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error) ||
		echo "install-deps: npm ci failed: the browser tests (tests/web) will skip" >&2
}

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# Debian's nodejs comes without npm (a separate package); some nodejs builds bundle it
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -eq 0 ]; then
	npm_deps
	exit 0
fi

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
npm_deps
