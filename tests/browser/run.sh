#!/usr/bin/env bash
# Runs the browser accessibility suite on a built site: bash tests/browser/run.sh public
# Installs Debian's Chromium and a Java runtime when they are missing, and
# the pinned npm packages (npm ci), so it works on a fresh machine.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
site=$(cd "${1:-$here/../../public}" && pwd)

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v java >/dev/null || need+=(default-jre-headless)
# Fonts with Arabic and Ethiopic (Tigrinya) letters, for the translated
# pages' screenshots and for Chromium to lay them out as readers see them.
{ fc-list | grep -qi 'arabic' && fc-list | grep -qi 'ethiopic'; } 2>/dev/null || need+=(fonts-noto-core)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

cd "$here"
npm ci --no-audit --no-fund --loglevel=error
SITE_DIR="$site" node --test --test-concurrency=1 selftest.test.mjs vnu.test.mjs search.test.mjs translations.test.mjs preview.test.mjs phone.test.mjs a11y.test.mjs
