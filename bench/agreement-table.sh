#!/usr/bin/env bash
# Prints the solver-vs-simulator agreement table of docs/simulator.md: for every example, the plan's
# predicted p99 TTFT/TPOT and attainment next to the simulator's (10,000 requests per deployment,
# seed 42, the defaults of `servplan simulate`). Usage: bench/agreement-table.sh (from the repo root).
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "| example | deployment | ttft p99 predicted | simulated | tpot p99 predicted | simulated | attainment predicted | simulated |"
echo "|---|---|---|---|---|---|---|---|"
for spec in $(ls examples/*.yaml examples/*.splan | sort); do
  name="$(basename "${spec%.*}")"
  ./servplan compile "$spec" --quiet -o "$work/$name.json" >/dev/null
  ./servplan simulate "$work/$name.json" --spec "$spec" --format json >"$work/$name.sim.json" || true
  python3 - "$name" "$work/$name.json" "$work/$name.sim.json" <<'PY'
import json, sys
name, plan, sim = sys.argv[1:]
p = json.load(open(plan)); s = json.load(open(sim))
sims = {d["name"]: d for d in s["deployments"]}
def ms(v):
    return f"{v:.1f} ms" if v < 100 else f"{v:.0f} ms"
for d in p["deployments"]:
    x = sims[d["name"]]; pr = d["predicted"]
    print(f"| {name} | {d['name']} | {ms(pr['ttft_p99_ms'])} | {ms(x['ttft_ms']['p99'])} | "
          f"{ms(pr['tpot_p99_ms'])} | {ms(x['tpot_ms']['p99'])} | "
          f"{100*pr['slo_attainment']:.2f}% | {100*x['slo_attainment']:.2f}% |")
PY
done
