#!/usr/bin/env bash
# Fovea against an earlier Fovea: builds benchmarks.jar at two commits and runs the same JMH benchmarks (training,
# batch-1 latency, batch inference) from both jars interleaved, A B A B, so that both sides see the same machine.
# Prints each figure's median over all rounds for both commits and the after/before speed ratio (> 1: faster).
#
#   benchmarks/before-after.sh BEFORE AFTER [ROUNDS]     # e.g. 0a18f57 main 2; results in benchmarks/target/before-after
#
# Environment: JMH_ARGS (default "-f 1 -wi 3 -w 2s -i 5 -r 2s"), BACKEND (vector or portable), MVN_ARGS (e.g. -o).
set -euo pipefail

[[ $# -ge 2 ]] || { echo "usage: $0 BEFORE AFTER [ROUNDS]" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out=$here/target/before-after
rounds=${3:-2}
read -r -a jmh_args <<<"${JMH_ARGS:--f 1 -wi 3 -w 2s -i 5 -r 2s}"
read -r -a mvn_args <<<"${MVN_ARGS:-}"
jvm=(--add-modules jdk.incubator.vector "-Dfovea.backend=${BACKEND:-vector}"
  "-Dfovea.data=$root/example-project/data/fashion-mnist-slice")
benchmarks='dev\.fovea\.benchmarks\.(TrainBenchmark|InferenceLatencyBenchmark|BatchInferenceBenchmark)\.'

rm -rf "$out" && mkdir -p "$out"
for side in before after; do
  commit=$([[ $side == before ]] && echo "$1" || echo "$2")
  tree=$out/tree-$side
  git -C "$root" worktree add --detach "$tree" "$commit" >/dev/null 2>&1
  echo "[$(date +%H:%M:%S)] building $side ($(git -C "$tree" rev-parse --short HEAD))" >&2
  (cd "$tree" && mvn -B -q "${mvn_args[@]}" -pl benchmarks -am package -DskipTests)
  cp "$tree/benchmarks/target/benchmarks.jar" "$out/$side.jar"
  git -C "$root" worktree remove --force "$tree"
done

for ((round = 1; round <= rounds; round++)); do
  for side in before after; do
    echo "[$(date +%H:%M:%S)] round $round, $side (load $(cut -d' ' -f1 /proc/loadavg))" >&2
    java "${jvm[@]}" -jar "$out/$side.jar" "$benchmarks" "${jmh_args[@]}" \
      -rf json -rff "$out/$side-$round.json" >"$out/$side-$round.log" 2>&1 \
      || { tail -20 "$out/$side-$round.log" >&2; exit 1; }
  done
done

python3 - "$out" <<'PY'
import glob, json, statistics, sys
out = sys.argv[1]
def figures(side):
    runs = {}
    for path in glob.glob(f"{out}/{side}-*.json"):
        for b in json.load(open(path)):
            key = b["benchmark"].split(".")[-2] + "." + b["benchmark"].split(".")[-1] + " " + \
                " ".join(f"{k}={v}" for k, v in sorted(b.get("params", {}).items())) + f" t={b['threads']}"
            runs.setdefault(key, []).extend(v for fork in b["primaryMetric"]["rawData"] for v in fork)
            runs[key + " unit"] = b["primaryMetric"]["scoreUnit"]
    return runs
before, after = figures("before"), figures("after")
print(f"{'figure':70} {'unit':>10} {'before':>12} {'after':>12} {'speed after/before':>18}")
for key in sorted(k for k in before if not k.endswith(" unit") and k in after):
    unit = before[key + " unit"]
    b, a = statistics.median(before[key]), statistics.median(after[key])
    speed = b / a if "/op" in unit else a / b  # time per op: lower is faster
    print(f"{key:70} {unit:>10} {b:12.2f} {a:12.2f} {speed:18.3f}")
PY
