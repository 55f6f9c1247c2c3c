#!/usr/bin/env bash
# Installs what sleepwatch needs on a fresh Debian/Ubuntu machine: the system Chromium
# (for browser-rendered pages; Playwright's own browser download is not used) and the
# npm dependencies, and builds the command line into dist/. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1 && [ ! -x "${SLEEPWATCH_CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "setup: installing Chromium from the distribution's packages" >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

# Again when the lock file or a patch to a dependency (patches/, applied by patch-package) is newer
# than the installed tree.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ] \
  || [ -n "$(find patches -newer node_modules/.package-lock.json 2>/dev/null)" ]; then
  npm ci --no-audit --no-fund
fi

# The command line runs compiled: `npm ci` builds it (prepare), and this brings dist/ up to date
# when only the sources changed (tsc -b does nothing when nothing did).
npm run build --silent
