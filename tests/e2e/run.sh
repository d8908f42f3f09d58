#!/usr/bin/env bash
# End-to-end test of the search page in headless Chromium.
#
#   bash tests/e2e/run.sh [path/to/tipsearch]    (default target/debug/tipsearch)
#
# Needs what tests/e2e/install.sh installs (Debian's chromium, playwright-core from npm into
# target/e2e/node_modules; .ci/run runs it first), starts `tipsearch serve` on a free port with an empty HOME (so it
# serves the bundled corpus, indexed in memory), runs tests/e2e/page.mjs against it and always
# stops the server. Screenshots: target/e2e/search.png, target/e2e/document.png.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
bin="${1:-target/debug/tipsearch}"
case "$bin" in /*) ;; *) bin="$root/$bin" ;; esac
out="$root/target/e2e"
chromium_bin="${CHROMIUM:-/usr/bin/chromium}"

say() { echo "e2e: $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

[ -x "$bin" ] || fail "no tipsearch binary at $bin (build it first: cargo build)"
command -v node >/dev/null || fail "node is not installed (Node 20 or later is needed)"
command -v npm >/dev/null || fail "npm is not installed"

[ -x "$chromium_bin" ] || fail "no chromium at $chromium_bin (bash tests/e2e/install.sh installs it)"
[ -f "$out/node_modules/playwright-core/package.json" ] ||
  fail "no playwright-core in $out/node_modules (bash tests/e2e/install.sh installs it)"

tmp="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$tmp/home" "$tmp/data"
# Port 0: the server binds a free port itself and announces it, so no other process can
# take the port between choosing and binding it.
say "starting $bin serve --addr 127.0.0.1:0"
env -u TIPSEARCH_INDEX -u TIPSEARCH_TOKEN HOME="$tmp/home" XDG_DATA_HOME="$tmp/data" \
  "$bin" serve --addr "127.0.0.1:0" >"$tmp/server.log" 2>&1 &
server_pid=$!

base=""
health=""
for _ in $(seq 300); do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    cat "$tmp/server.log" >&2
    fail "the server exited before answering /health"
  fi
  if [ -z "$base" ]; then
    base="$(sed -n 's/.*serving on \(http:\/\/[0-9.:]*\).*/\1/p' "$tmp/server.log" | head -n1)"
  fi
  if [ -n "$base" ]; then
    health="$(node -e 'fetch(process.argv[1]).then(r=>r.ok?r.text():"").then(t=>console.log(t),()=>console.log(""))' "$base/health")"
    case "$health" in *'"ok"'*) break ;; esac
    health=""
  fi
  sleep 0.2
done
[ -n "$health" ] || { cat "$tmp/server.log" >&2; fail "no answer from ${base:-the server}/health within 60 s"; }
say "server up: $health"

status=0
NODE_PATH="$out/node_modules" TIPSEARCH_URL="$base" E2E_OUT="$out" CHROMIUM="$chromium_bin" \
  node "$root/tests/e2e/page.mjs" || status=$?
if [ "$status" -ne 0 ]; then
  say "server log:"
  sed 's/^/  /' "$tmp/server.log" >&2
  fail "tests/e2e/page.mjs exited with status $status"
fi
say "passed (screenshots: target/e2e/search.png, target/e2e/document.png)"
