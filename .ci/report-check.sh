#!/usr/bin/env bash
# Renders `servplan report` for a fixture plan in headless Chromium and fails on a script error, a
# console error, or a chart that did not draw. The report marks itself: <html data-rendered="ok">
# after its inline check found every <svg class="chart"> with shapes and a non-empty box (and every
# CDF with a curve of non-zero length, every timeline with a bar), and data-error="..." if
# window.onerror fired.
#
# Usage: report-check.sh [PLAN [SPEC]]. With a SPEC the report is made with --spec SPEC --simulate,
# and the simulation's charts (one latency CDF and one request timeline per deployment) are checked
# too. SIM_REQUESTS (default 2000) sets --requests.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
plan="${1:-$root/runtime/src/test/resources/golden/plans/disaggregated.plan.json}"
spec="${2:-}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [ ! -x /usr/bin/chromium ]; then
  echo "report-check: installing chromium" >&2
  apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null
fi

args=(report "$plan" -o "$work/report.html")
if [ -n "$spec" ]; then
  args+=(--spec "$spec" --simulate --requests "${SIM_REQUESTS:-2000}")
fi
"$root/servplan" "${args[@]}"

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
if [ -n "$spec" ]; then
  # One CDF and one timeline per simulated deployment (a deployment with no completed request gets a
  # note instead), each CDF with its TTFT, TPOT and E2E curves unless a metric had no samples.
  cdfs=$(grep -o '<svg class="chart cdf"' "$work/dom.html" | wc -l)
  timelines=$(grep -o '<svg class="chart timeline"' "$work/dom.html" | wc -l)
  deployments=$(grep -o '<h3>' "$work/dom.html" | wc -l)
  series=$(grep -o '<path class="series [a-z0-9]*"' "$work/dom.html" | wc -l)
  bars=$(grep -o '<g class="request">' "$work/dom.html" | wc -l)
  if [ "$deployments" -eq 0 ] || [ "$cdfs" -ne "$deployments" ] || [ "$timelines" -ne "$deployments" ]; then
    echo "report-check: expected one CDF and one timeline for each of $deployments simulated deployments," \
      "found $cdfs and $timelines" >&2
    fail=1
  fi
  if [ "$series" -lt "$cdfs" ] || [ "$series" -gt $((3 * cdfs)) ] || [ "$bars" -lt "$timelines" ]; then
    echo "report-check: $series CDF curves for $cdfs charts, $bars timeline requests" >&2
    fail=1
  fi
fi
if grep -qiE '(src|href)="https?://' "$work/dom.html"; then
  echo "report-check: the report references an external URL" >&2
  fail=1
fi
if [ "$fail" -ne 0 ]; then
  exit 1
fi
echo "report-check: ok ($(grep -o '<svg class="chart [a-z]*"' "$work/dom.html" | wc -l) charts rendered${spec:+, $series CDF curves, $bars timeline requests})"
