#!/usr/bin/env bash
# Installs what the search page's end-to-end test needs, when missing: Debian's chromium,
# and playwright-core from npm into target/e2e/node_modules. `.ci/run` runs this before the
# ignored tests; `cargo test` never installs anything.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/target/e2e"
chromium_bin="${CHROMIUM:-/usr/bin/chromium}"

say() { echo "e2e install: $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

command -v node >/dev/null || fail "node is not installed (Node 20 or later is needed)"
command -v npm >/dev/null || fail "npm is not installed"
if [ ! -x "$chromium_bin" ]; then
  say "installing chromium (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq chromium >/dev/null 2>&1 ||
    { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } ||
    fail "could not install chromium with apt-get"
fi
mkdir -p "$out"
if [ ! -f "$out/node_modules/playwright-core/package.json" ]; then
  say "installing playwright-core into target/e2e/node_modules (npm)"
  npm install --prefix "$out" --no-audit --no-fund --loglevel=error playwright-core@1 >&2 ||
    fail "could not install playwright-core from npm"
fi
