#!/usr/bin/env bash
# Fovea against the PyTorch peer on W1 (LeNet-5) and W2 (the Keras MNIST net), in one sitting, with fixed settings.
# Builds benchmarks/target/benchmarks.jar if missing, runs the JMH benchmarks (1 fork, 3 x 2 s warm-up,
# 5 x 2 s measurement; per layer 3 x 1 s and 5 x 1 s), then ../shared/peers/torch_peer.py (relative to the
# repository root), and prints one table of medians. About 7 minutes on a 2-core machine.
#
#   benchmarks/compare.sh                      # results and logs go to benchmarks/target/compare/
#
# Environment: PYTHON (default /usr/bin/python3, needs python3-torch; libopenblas0-pthread makes it faster),
# PEER (the peer script), PEER_DATA (its Fashion-MNIST directory; default /usr/share/datasets/fashion-mnist
# if present, else the bundled slice), OUT (results directory).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
jar=$here/target/benchmarks.jar
data=$root/example-project/data/fashion-mnist-slice
python=${PYTHON:-/usr/bin/python3}
peer=${PEER:-$root/../shared/peers/torch_peer.py}
out=${OUT:-$here/target/compare}
if [[ -z ${PEER_DATA:-} ]]; then
  if [[ -d /usr/share/datasets/fashion-mnist ]]; then PEER_DATA=/usr/share/datasets/fashion-mnist; else PEER_DATA=$data; fi
fi

fail() { echo "compare.sh: $*" >&2; exit 1; }
step() { echo "[$(date +%H:%M:%S)] (load $(cut -d' ' -f1 /proc/loadavg)) $*" >&2; }

[[ -d $data ]] || fail "no data at $data (the Fashion-MNIST slice of example-project)"
[[ -f $peer ]] || fail "no PyTorch peer at $peer (set PEER=/path/to/torch_peer.py)"
"$python" -c 'import torch' 2>/dev/null || fail "$python cannot import torch: apt-get install -y python3-torch libopenblas0-pthread"
if [[ ! -f $jar ]]; then
  step "building $jar"
  (cd "$root" && mvn -B -q -pl benchmarks -am package -DskipTests)
fi
mkdir -p "$out"
cd "$root"

# Other work on a 2-core machine moves every figure, the 2-thread ones most: say so before starting.
busy() {  # percent of all CPU time in use over one second, from /proc/stat
  local a b
  read -r -a a < /proc/stat; sleep 1; read -r -a b < /proc/stat
  local idle=$(( (b[4] + b[5]) - (a[4] + a[5]) )) total=0 i
  for i in 1 2 3 4 5 6 7 8; do total=$(( total + b[i] - a[i] )); done
  echo $(( total > 0 ? 100 * (total - idle) / total : 0 ))
}
load=$(busy)
if (( load > 10 )); then
  echo "compare.sh: warning: $load % of the CPU is already in use by other processes; the figures will be noisy" >&2
fi

step "Fovea: training, batch-1 latency, batch inference (JMH, about 3 min; log in $out/fovea.log)"
java -Dfovea.data="$data" -jar "$jar" \
  'dev\.fovea\.benchmarks\.(TrainBenchmark|InferenceLatencyBenchmark|BatchInferenceBenchmark)\.' \
  -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc \
  -rf json -rff "$out/fovea.json" >"$out/fovea.log" 2>&1 || { tail -30 "$out/fovea.log" >&2; fail "JMH failed"; }

step "Fovea: per-layer forward and backward (JMH, about 3 min; log in $out/layers.log)"
java -Dfovea.data="$data" -cp "$jar" dev.fovea.benchmarks.LayerFlops \
  -f 1 -wi 3 -w 1s -i 5 -r 1s \
  -rf json -rff "$out/layers.json" >"$out/layers.log" 2>&1 || { tail -30 "$out/layers.log" >&2; fail "LayerFlops failed"; }

for model in lenet5 kerascnn; do
  for threads in 1 2; do
    step "PyTorch peer: $model, $threads thread(s)"
    "$python" "$peer" --model "$model" --threads "$threads" --data "$PEER_DATA" >"$out/torch-$model-$threads.txt" 2>&1 \
      || { cat "$out/torch-$model-$threads.txt" >&2; fail "the peer failed"; }
  done
done

"$python" - "$out" "$PEER_DATA" <<'EOF' | tee "$out/summary.txt"
import json, re, statistics, sys
out, peer_data = sys.argv[1], sys.argv[2]

def median_of(metric):
    return statistics.median(v for fork in metric["rawData"] for v in fork)

fovea, gc = {}, {}
for r in json.load(open(f"{out}/fovea.json")):
    kind = r["benchmark"].split(".")[-2]
    p = r.get("params", {})
    fovea[(kind, p.get("network"), p.get("threads"))] = median_of(r["primaryMetric"])
    for name, m in r.get("secondaryMetrics", {}).items():
        if name.endswith("gc.alloc.rate.norm") and kind == "TrainBenchmark":
            gc[(p["network"], p["threads"])] = median_of(m)

torch = {}
for model in ("lenet5", "kerascnn"):
    for threads in ("1", "2"):
        text = open(f"{out}/torch-{model}-{threads}.txt").read()
        torch[(model, threads)] = {k: float(v) for k, v in re.findall(r"(\w+)=([0-9.]+)", text)}

rows = []
for net, model, title in (("W1", "lenet5", "W1 LeNet-5"), ("W2", "kerascnn", "W2 Keras net")):
    rows += [
        (f"{title} train img/s, 1 thread", fovea.get(("TrainBenchmark", net, "1")),
         torch[(model, "1")].get("train_img_per_s"), True),
        (f"{title} train img/s, 2 threads", fovea.get(("TrainBenchmark", net, "2")),
         torch[(model, "2")].get("train_img_per_s"), True),
        (f"{title} batch-1 latency us, 1 thread", fovea.get(("InferenceLatencyBenchmark", net, None)),
         torch[(model, "1")].get("infer_batch1_us"), False),
        (f"{title} batch inference img/s, 2 threads", fovea.get(("BatchInferenceBenchmark", net, "2")),
         torch[(model, "2")].get("infer_batch10000_img_per_s"), True),
    ]

def num(v, digits=0):
    return "-" if v is None else f"{v:,.{digits}f}"

print()
print("| figure | Fovea median | PyTorch | ratio |")
print("|---|---:|---:|---:|")
for name, f, t, higher_better in rows:
    ratio = None if not f or not t else (f / t if higher_better else t / f)
    print(f"| {name} | {num(f, 1 if 'latency' in name else 0)} | {num(t, 1 if 'latency' in name else 0)} | {num(ratio, 2)} |")
print()
print("ratio > 1: Fovea ahead (Fovea/PyTorch for throughput, PyTorch/Fovea for latency).")
print("Fovea: JMH medians of 5 x 2 s iterations after 3 x 2 s warm-up, 1 fork; training = Trainer.runEpoch over")
print("1,024-image blocks (batch 64, RMSprop 0.001); batch inference = Evaluator.evaluate over 1,024 images.")
print(f"PyTorch: torch_peer.py --threads 1 and 2 on {peer_data}; latency from the 1-thread run; batch inference")
print("is one forward of the whole test set (10,000 images with the full data set) on 2 threads.")
for net, model in (("W1", "lenet5"), ("W2", "kerascnn")):
    one, two = torch[(model, "1")].get("train_img_per_s"), torch[(model, "2")].get("train_img_per_s")
    f2 = fovea.get(("TrainBenchmark", net, "2"))
    if one and two and two < one:
        ratio = f"{f2 / one:.2f}" if f2 else "-"
        print(f"Note: PyTorch trains {net} slower on 2 threads than on 1 here ({two:,.0f} vs {one:,.0f} img/s);"
              f" against its 1-thread figure, Fovea's 2-thread ratio is {ratio}.")
print()
print("Training allocation after warm-up (JMH -prof gc, gc.alloc.rate.norm, bytes per image):")
for (net, threads), v in sorted(gc.items()):
    print(f"  {net} {threads} thread(s): {v:.3f} B/image")
print()
lines = open(f"{out}/layers.log").read().splitlines()
start = next((i for i, l in enumerate(lines) if l.startswith("Per-layer GFLOP/s")), None)
print("\n".join(lines[start:]) if start is not None else "(no per-layer table: see layers.log)")
EOF
