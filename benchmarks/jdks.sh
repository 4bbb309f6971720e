#!/usr/bin/env bash
# One benchmarks.jar run by two JDKs, interleaved A B A B per round so that both see the same machine: for each
# backend, JMH (W1/W2 training on 1 thread, batch-1 latency, batch inference on 1 thread) and thread-CPU time per
# call (CpuTime: W1 and W2 forward and backward, W3 forward). Prints each figure's median over all rounds for both
# JDKs and the B/A speed ratio (> 1: B faster).
#
#   benchmarks/jdks.sh [ROUNDS]      # results in benchmarks/target/jdks; builds the jar unless JAR is set
#
# Environment: JDK_A (default /usr/lib/jvm/java-17-openjdk-amd64), JDK_B (default
# /usr/lib/jvm/temurin-25-jdk-amd64), JAR, BACKENDS (default "vector portable"), JMH_ARGS (default
# "-f 1 -wi 2 -w 1s -i 3 -r 1s"), W3_WARMUP (seconds of CPU before W3's blocks, default 25), JVM_ARGS (more java
# options for every run, e.g. -Djmh.ignoreLock=true beside another JMH), MVN_ARGS.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out=$here/target/jdks
rounds=${1:-2}
jdks=("${JDK_A:-/usr/lib/jvm/java-17-openjdk-amd64}" "${JDK_B:-/usr/lib/jvm/temurin-25-jdk-amd64}")
read -r -a backends <<<"${BACKENDS:-vector portable}"
read -r -a jmh_args <<<"${JMH_ARGS:--f 1 -wi 2 -w 1s -i 3 -r 1s}"
read -r -a mvn_args <<<"${MVN_ARGS:-}"
read -r -a jvm_args <<<"${JVM_ARGS:-}"
benchmarks='dev\.fovea\.benchmarks\.(TrainBenchmark|InferenceLatencyBenchmark|BatchInferenceBenchmark)\.'

if [[ -z ${JAR:-} ]]; then
  (cd "$root" && mvn -B -q "${mvn_args[@]}" -pl benchmarks -am clean package -DskipTests)
  JAR=$here/target/benchmarks.jar
fi
rm -rf "$out" && mkdir -p "$out" && cp "$JAR" "$out/benchmarks.jar"  # a rebuild during the sitting changes nothing
jar=$out/benchmarks.jar

for ((round = 1; round <= rounds; round++)); do
  for backend in "${backends[@]}"; do
    for side in 0 1; do
      java=${jdks[$side]}/bin/java
      jvm=(--add-modules jdk.incubator.vector "-Dfovea.backend=$backend"
        "-Dfovea.data=$root/example-project/data/fashion-mnist-slice" "${jvm_args[@]}")
      tag=$backend-$side-$round
      echo "[$(date +%H:%M:%S)] round $round, $backend, $("$java" -version 2>&1 | head -1)" \
        "(load $(cut -d' ' -f1 /proc/loadavg))" >&2
      "$java" "${jvm[@]}" -jar "$jar" "$benchmarks" "${jmh_args[@]}" -p threads=1 \
        -rf json -rff "$out/$tag.json" >"$out/$tag.log" 2>&1 || { tail -20 "$out/$tag.log" >&2; exit 1; }
      for workload in W1:forward W1:backward W2:forward W2:backward W3:forward; do
        warmup=$([[ $workload == W3* ]] && echo "${W3_WARMUP:-25}" || echo 2)
        "$java" "${jvm[@]}" "-Dfovea.warmup=$warmup" -cp "$jar" dev.fovea.benchmarks.CpuTime "$workload" \
          2>/dev/null | grep ' median ' >>"$out/$tag.cpu"
      done
    done
  done
done

python3 - "$out" "${jdks[@]}" <<'PY'
import glob, json, re, statistics, sys
out, jdks = sys.argv[1], sys.argv[2:]
figures = {}  # (backend, figure) -> side -> values
for path in glob.glob(f"{out}/*.json") + glob.glob(f"{out}/*.cpu"):
    backend, side, _ = path.rsplit("/", 1)[1].split(".")[0].split("-")
    if path.endswith(".json"):
        for b in json.load(open(path)):
            name = b["benchmark"].split(".")[-2] + " " + b["params"]["network"] + " (" + b["primaryMetric"]["scoreUnit"] + ")"
            vals = [v for fork in b["primaryMetric"]["rawData"] for v in fork]
            figures.setdefault((backend, name), {}).setdefault(side, []).extend(vals)
    else:
        for line in open(path):
            m = re.match(r"(\S+) (\S+): .* median ([0-9.]+)", line)
            name = f"CpuTime {m.group(1)}:{m.group(2)} (CPU us/call)"
            figures.setdefault((backend, name), {}).setdefault(side, []).append(float(m.group(3)))
print(f"A = {jdks[0]}, B = {jdks[1]}")
print(f"{'backend':9} {'figure':58} {'A':>11} {'B':>11} {'speed B/A':>9}")
for (backend, name), sides in sorted(figures.items()):
    if "0" in sides and "1" in sides:
        a, b = statistics.median(sides["0"]), statistics.median(sides["1"])
        speed = a / b if "/op" in name or "us/call" in name else b / a  # time per op: lower is faster
        print(f"{backend:9} {name:58} {a:11.2f} {b:11.2f} {speed:9.3f}")
PY
