#!/usr/bin/env bash
# Renders `servplan report` for a fixture plan in headless Chromium and fails on a script error, a
# console error, or a chart that did not draw. The report marks itself: <html data-rendered="ok">
# after its inline check found every <svg class="chart"> with shapes and a non-empty box, and
# data-error="..." if window.onerror fired.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
plan="${1:-$root/runtime/src/test/resources/golden/plans/disaggregated.plan.json}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [ ! -x /usr/bin/chromium ]; then
  echo "report-check: installing chromium" >&2
  apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null
fi

"$root/servplan" report "$plan" -o "$work/report.html"

status=0
/usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$work/profile" --enable-logging=stderr --v=0 \
  --virtual-time-budget=2000 --dump-dom "file://$work/report.html" \
  >"$work/dom.html" 2>"$work/chromium.log" || status=$?
if [ "$status" -ne 0 ]; then
  echo "report-check: chromium exited $status" >&2
  cat "$work/chromium.log" >&2
  exit 1
fi

fail=0
if ! grep -q 'data-rendered="ok"' "$work/dom.html"; then
  echo "report-check: the report did not mark itself rendered (a chart is empty or a script failed)" >&2
  fail=1
fi
if grep -q 'data-error=' "$work/dom.html"; then
  echo "report-check: script error: $(grep -o 'data-error="[^"]*"' "$work/dom.html")" >&2
  fail=1
fi
# Chromium logs every page console message as an INFO:CONSOLE line without its level, and the
# report writes nothing to the console, so any such line (console.error, an uncaught error) fails.
if grep -qE 'CONSOLE|Uncaught' "$work/chromium.log"; then
  echo "report-check: console errors:" >&2
  grep -E 'CONSOLE|Uncaught' "$work/chromium.log" >&2
  fail=1
fi
for chart in cost memory pareto; do
  if ! grep -q "<svg class=\"chart $chart\"" "$work/dom.html"; then
    echo "report-check: missing chart '$chart'" >&2
    fail=1
  fi
done
if grep -qiE '(src|href)="https?://' "$work/dom.html"; then
  echo "report-check: the report references an external URL" >&2
  fail=1
fi
if [ "$fail" -ne 0 ]; then
  exit 1
fi
echo "report-check: ok ($(grep -o '<svg class="chart [a-z]*"' "$work/dom.html" | wc -l) charts rendered)"
