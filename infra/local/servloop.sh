#!/usr/bin/env bash
# The two README commands:
#   bash infra/local/servloop.sh demo   install what is missing, start the local stack, run servloop
#   bash infra/local/servloop.sh test   install what is missing, start the stack, run every test
# Anything this script starts it also stops on exit; a stack that was already up is left up.
set -euo pipefail
cd "$(dirname "$0")/../.."

say() { printf '\033[1m[servloop]\033[0m %s\n' "$*"; }
die() { printf '[servloop] error: %s\n' "$*" >&2; exit 1; }

need_tools() {
  command -v node >/dev/null || die "Node.js 20.19+ is required"
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>20||(a===20&&b>=19)?0:1)' \
    || die "Node.js 20.19+ is required (found $(node -v))"
  command -v java >/dev/null || die "a JDK 17+ is required for the local Kafka broker (or use infra/docker-compose.yml)"
  command -v mvn >/dev/null || die "Maven is required to fetch the Kafka jars (or use infra/docker-compose.yml)"
  command -v redis-server >/dev/null || command -v redis-cli >/dev/null || say "no redis-server here: the stack needs one answering on \${SERVLOOP_REDIS_PORT:-6379}"
  if ! command -v pnpm >/dev/null; then
    say "installing pnpm 9"
    npm install -g pnpm@9 >/dev/null
  fi
  need_browser
  say "installing dependencies"
  pnpm install --frozen-lockfile --reporter=silent
}

# The console's browser tests drive Debian's Chromium (never a browser downloaded by a test tool:
# the machines are offline) and need CJK fonts, or the Chinese labels render as boxes.
CHROMIUM=/usr/bin/chromium
CJK_FONT=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
need_browser() {
  if [ -x "$CHROMIUM" ] && [ -f "$CJK_FONT" ]; then return 0; fi
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    die "the browser tests need Debian's chromium and fonts-noto-cjk; install them as root: apt-get install -y chromium fonts-noto-cjk"
  fi
  say "installing chromium and fonts-noto-cjk (Debian packages) for the browser tests"
  { DEBIAN_FRONTEND=noninteractive apt-get update -qq \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk; } >/tmp/servloop-apt.log 2>&1 \
    || die "apt-get could not install chromium and fonts-noto-cjk (see /tmp/servloop-apt.log); install them by hand, then run again"
  [ -x "$CHROMIUM" ] || die "apt-get finished but $CHROMIUM is missing (see /tmp/servloop-apt.log)"
  [ -f "$CJK_FONT" ] || die "apt-get finished but $CJK_FONT is missing (see /tmp/servloop-apt.log)"
}

stack_was_up=0
start_stack() {
  if pnpm -s stack status >/dev/null 2>&1; then stack_was_up=1; say "local stack already up"; fi
  pnpm -s stack start
}
stop_stack() {
  if [ "$stack_was_up" = 0 ]; then pnpm -s stack stop || true; fi
}

case "${1:-}" in
  test)
    need_tools
    start_stack
    trap stop_stack EXIT
    # A passing run prints no ERROR lines: expected chatter is debug, real errors fail the run here.
    out="${SERVLOOP_RUN_DIR:-.run/stack}/logs/test-output.log"
    mkdir -p "$(dirname "$out")"
    set +e
    pnpm test 2>&1 | tee "$out"
    status=${PIPESTATUS[0]}
    set -e
    [ "$status" = 0 ] || exit "$status"
    if grep -E '"level":"(ERROR|error|fatal)"|\bERROR\b' "$out" > "$out.errors"; then
      say "the tests passed but printed $(wc -l < "$out.errors") ERROR line(s), first ones:"
      head -5 "$out.errors" | cut -c1-400
      exit 1
    fi
    say "tests passed; no ERROR lines in the output ($out)"
    ;;
  demo)
    need_tools
    start_stack
    trap stop_stack EXIT
    pnpm -s stack status
    say "starting every service in one process and the branch simulator; Ctrl-C stops everything"
    eval "$(pnpm -s stack env)"
    pnpm exec tsx infra/local/demo.ts
    ;;
  sql)
    shift
    eval "$(pnpm -s stack env)"
    pnpm exec tsx infra/local/sql.ts "$@"
    ;;
  *)
    echo "usage: bash infra/local/servloop.sh demo|test|sql \"<query>\"" >&2
    exit 2
    ;;
esac
