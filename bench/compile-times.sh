#!/usr/bin/env bash
# Wall time of `servplan compile` on every example and on the two benchmark fleets, JVM start
# included, as a user runs it; prints a Markdown table for docs/performance.md with the machine's
# load. Usage: bench/compile-times.sh [runs-per-example (default 3)]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
runs="${1:-3}"
./servplan --version >/dev/null 2>&1 || ./servplan --help >/dev/null
out="$(mktemp -d)"
echo "machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| spec | cost \$/h | wall s (min of $runs) | wall s (max) |"
echo "|---|---|---|---|"
time_one() {
  local spec="$1" plan="$2"; shift 2
  local s e
  s=$(date +%s.%N)
  ./servplan compile "$spec" --quiet -o "$plan" "$@" >/dev/null 2>&1 || true
  e=$(date +%s.%N)
  echo "$e - $s" | bc
}
for spec in examples/*.yaml examples/*.splan; do
  name="$(basename "${spec%.*}")"
  times=()
  for _ in $(seq "$runs"); do
    times+=("$(time_one "$spec" "$out/$name.json")")
  done
  cost=$(python3 -c "import json;print(json.load(open('$out/$name.json'))['cost_per_hour'])" 2>/dev/null || echo "-")
  min=$(printf '%s\n' "${times[@]}" | sort -n | head -1)
  max=$(printf '%s\n' "${times[@]}" | sort -n | tail -1)
  printf '| %s | %s | %.2f | %.2f |\n' "$name" "$cost" "$min" "$max"
done
if [ -f bench/target/benchmarks.jar ]; then
  for variant in "" --long-prompts; do
    java -cp bench/target/benchmarks.jar dev.servplan.bench.FleetSpec $variant 10s > "$out/fleet.yaml"
    t=$(time_one "$out/fleet.yaml" "$out/fleet.json" --profile)
    status=$(python3 -c "import json;p=json.load(open('$out/fleet.json'));print(p['solver']['status'], 'gap', p['solver']['gap'], 'cost', p['cost_per_hour'])" 2>/dev/null || echo "no plan")
    printf '| fleet 20x8 %s (time_limit 10s) | %s | %.2f | |\n' "${variant:-standard}" "$status" "$t"
  done
fi
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
