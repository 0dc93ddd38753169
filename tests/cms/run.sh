#!/usr/bin/env bash
# Runs the editor's tests: bash tests/cms/run.sh
# Installs Debian's Chromium when it is missing and the pinned npm packages
# (npm ci: Sveltia CMS, smol-toml, playwright-core, axe-core), so it works on
# a fresh machine. The end-to-end tests run `go run .` from the repository.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

if [ ! -x /usr/bin/chromium ]; then
  echo "installing chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi

cd "$here"
npm ci --no-audit --no-fund --loglevel=error
node --test --test-concurrency=1 vendor.test.mjs frontmatter.test.mjs settingsfile.test.mjs edit.test.mjs roundtrip.test.mjs a11y.test.mjs
