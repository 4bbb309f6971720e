#!/usr/bin/env python3
"""Prints compare.sh's table from one sitting's results and exits 1 when a ratio falls below 1.0.

  summarize.py OUT BACKEND PEER_DATA

OUT holds fovea.json (JMH: Fovea, the FMA peak and ONNX Runtime), w3.json and w3-latency.json (W3Benchmark; absent
with W3=0), peak-end.json (the FMA peak again after the
peers), facts.json (FLOPs per image, vector width), torch-<model>-<threads>.txt (torch_peer.py) and layers.log
(LayerFlops). Ratios: > 1 means Fovea is ahead (Fovea/peer for throughput, peer/Fovea for latency). Training is
compared with PyTorch, inference with PyTorch and ONNX Runtime. A share is the figure's FLOP/s over the FMA peak
measured in the same sitting on as many threads.
"""
import json
import os
import re
import statistics
import sys

# Issue 14's goals, as shares of the FMA peak of the same sitting (figure name -> minimum share).
GOALS = {
    ("W1", "train2"): 0.45, ("W1", "latency"): 0.40,
    ("W2", "train2"): 0.65, ("W2", "latency"): 0.75,
}
NETWORKS = (("W1", "lenet5", "W1 LeNet-5"), ("W2", "kerascnn", "W2 Keras net"))
W3 = ("W3", "resnet18", "W3 ResNet-18")
# Networks whose batch-1 latency is also shown on two intra-op threads (issue 14 item 4).
TWO_THREAD_LATENCY = ("W2", "W3")


def median(metric):
    return statistics.median(v for fork in metric["rawData"] for v in fork)


def jmh(path):
    """{(class, method, network) -> (median, unit)} and {(network, threads) -> gc bytes per image}."""
    scores, gc = {}, {}
    for r in json.load(open(path)):
        cls, method = r["benchmark"].split(".")[-2:]
        p = r.get("params", {})
        key = (cls, method, p.get("network"), p.get("threads"))
        scores[key] = median(r["primaryMetric"])
        for name, m in r.get("secondaryMetrics", {}).items():
            if name.endswith("gc.alloc.rate.norm") and cls == "TrainBenchmark":
                gc[(p["network"], p["threads"])] = median(m)
    return scores, gc


def fmt(v, digits=0):
    return "-" if v is None else f"{v:,.{digits}f}"


def main():
    out, backend, peer_data = sys.argv[1:4]
    facts = json.load(open(f"{out}/facts.json"))
    scores, gc = jmh(f"{out}/fovea.json")
    has_w3 = os.path.exists(f"{out}/w3.json")
    if has_w3:
        for name in ("w3.json", "w3-latency.json"):
            scores.update(jmh(f"{out}/{name}")[0])
    end, _ = jmh(f"{out}/peak-end.json")
    lanes = facts["lanes"]
    peak = {t: scores[("FmaPeakBenchmark", m, None, None)] * lanes for t, m in ((1, "oneThread"), (2, "twoThreads"))}
    peak_end = {t: end[("FmaPeakBenchmark", m, None, None)] * lanes for t, m in ((1, "oneThread"), (2, "twoThreads"))}
    torch = {}
    for _, model, _ in NETWORKS + ((W3,) if has_w3 else ()):
        for threads in (1, 2):
            text = open(f"{out}/torch-{model}-{threads}.txt").read()
            torch[(model, threads)] = {k: float(v) for k, v in re.findall(r"(\w+)=([0-9.]+)", text)}

    def fovea(cls, net, threads=None, method=None):
        method = method or {"TrainBenchmark": "train", "InferenceLatencyBenchmark": "forward",
                            "BatchInferenceBenchmark": "evaluate"}[cls]
        return scores.get((cls, method, net, None if threads is None else str(threads)))

    rows = []  # (net, key, title, flops per image, threads, latency?, fovea, pytorch, onnx)
    for net, model, title in NETWORKS:
        f, t = facts[net], torch
        rows += [
            (net, "train1", f"{title} training img/s, 1 thread", f["train_flops"], 1, False,
             fovea("TrainBenchmark", net, 1), t[(model, 1)].get("train_img_per_s"), None),
            (net, "train2", f"{title} training img/s, 2 threads", f["train_flops"], 2, False,
             fovea("TrainBenchmark", net, 2), t[(model, 2)].get("train_img_per_s"), None),
            (net, "latency", f"{title} batch-1 latency us, 1 thread", f["forward_flops"], 1, True,
             fovea("InferenceLatencyBenchmark", net, 1), t[(model, 1)].get("infer_batch1_us"),
             scores.get(("OnnxBenchmark", "latency", net, None))),
        ]
        if net in TWO_THREAD_LATENCY:
            # Both split one sample's layers over two threads (intra-op threads); PyTorch's peer has no such figure.
            rows.append((net, "latency2", f"{title} batch-1 latency us, 2 threads", f["forward_flops"], 2, True,
                         fovea("InferenceLatencyBenchmark", net, 2), None,
                         scores.get(("OnnxBenchmark", "latency2", net, None))))
        rows += [
            (net, "batch", f"{title} batch inference img/s, 2 threads", f["forward_flops"], 2, False,
             fovea("BatchInferenceBenchmark", net, 2), t[(model, 2)].get("infer_batch64_img_per_s"),
             scores.get(("OnnxBenchmark", "batch", net, None))),
        ]

    if has_w3:
        net, model, title = W3
        f, t = facts[net], torch

        def w3(method, threads):
            return scores.get(("W3Benchmark", method, None, str(threads)))
        latency_ms = w3("latency", 1)
        rows += [
            (net, "train1", f"{title} training img/s (batch 32), 1 thread", f["train_flops"], 1, False,
             w3("train", 1), t[(model, 1)].get("train_img_per_s"), None),
            (net, "train2", f"{title} training img/s (batch 32), 2 threads", f["train_flops"], 2, False,
             w3("train", 2), t[(model, 2)].get("train_img_per_s"), None),
            (net, "latency", f"{title} batch-1 latency us, 1 thread", f["forward_flops"], 1, True,
             None if latency_ms is None else latency_ms * 1000, t[(model, 1)].get("infer_batch1_us"),
             scores.get(("OnnxBenchmark", "latency", net, None))),
            (net, "latency2", f"{title} batch-1 latency us, 2 threads", f["forward_flops"], 2, True,
             None if w3("latency", 2) is None else w3("latency", 2) * 1000, None,
             scores.get(("OnnxBenchmark", "latency2", net, None))),
            (net, "batch", f"{title} batch inference img/s, 2 threads", f["forward_flops"], 2, False,
             w3("batch", 2), t[(model, 2)].get("infer_batch64_img_per_s"),
             scores.get(("OnnxBenchmark", "batch", net, None))),
        ]

    def share(value, flops, threads, latency):
        if value is None:
            return None
        rate = flops / (value * 1e-6) if latency else value * flops
        return rate / peak[threads]

    def ratio(f, p, latency):
        if f is None or p is None:
            return None
        return p / f if latency else f / p

    def cell(value, flops, threads, latency):
        if value is None:
            return "-"
        digits = 1 if latency else 2 if value < 100 else 0  # W3 trains a few images per second
        return f"{fmt(value, digits)} ({share(value, flops, threads, latency):.0%})"

    failed = []
    print()
    print(f"FMA peak (FmaPeakBenchmark, {lanes} lanes = {facts['vector_bits']}-bit vectors): "
          f"{peak[1] / 1e9:,.1f} GFLOP/s on 1 thread, {peak[2] / 1e9:,.1f} on 2 "
          f"(at the end of the sitting: {peak_end[1] / 1e9:,.1f} and {peak_end[2] / 1e9:,.1f})")
    print()
    print(f"| figure | FLOPs/img | Fovea ({backend}) (share of peak) | PyTorch (share) | ratio | "
          "ONNX Runtime (share) | ratio | share goal |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for net, key, title, flops, threads, latency, f, p, o in rows:
        rp, ro = ratio(f, p, latency), ratio(f, o, latency)
        for name, r in (("PyTorch", rp), ("ONNX Runtime", ro)):
            if r is not None and r < 1.0:
                failed.append(f"{title}: {r:.2f} against {name}")
        goal = GOALS.get((net, key))
        s = share(f, flops, threads, latency)
        goal_text = "" if goal is None else f"≥ {goal:.0%} {'met' if s is not None and s >= goal else 'NOT met'}"
        print(f"| {title} | {flops / 1e6:.2f} M | {cell(f, flops, threads, latency)} | "
              f"{cell(p, flops, threads, latency)} | {fmt(rp, 2)} | {cell(o, flops, threads, latency)} | "
              f"{fmt(ro, 2)} | {goal_text} |")
    print()
    if has_w3:
        w3_latency = next(r for r in rows if r[0] == "W3" and r[1] == "latency")
        f, p, o = w3_latency[6:9]
        def met(r, goal):
            return "met" if r is not None and r >= goal else "NOT met"
        print(f"W3 goals: batch-1 latency at most ONNX Runtime's ({met(ratio(f, o, True), 1.0)}) and half of"
              f" PyTorch's ({met(ratio(f, p, True), 2.0)}); training at least PyTorch's (the ratios above).")
        print("W3: Fovea's batch inference = Evaluator over 32 images on 2 threads; PyTorch's and ONNX Runtime's =")
        print("batches of 64.")
    else:
        print("W3 (ResNet-18 at 224x224): left out (W3=0).")
    print("Ratio > 1: Fovea ahead (Fovea/peer for throughput, peer/Fovea for latency). Share = FLOP/s / FMA peak on")
    print("as many threads, FLOPs per image from the generated summaries (training: forward, weight and input")
    print("gradient, less the first layer's input gradient). Fovea: JMH medians of 5 x 2 s after 3 x 2 s, 1 fork;")
    print("training = Trainer.runEpoch over 1,024-image blocks (batch 64, RMSprop 0.001); batch inference =")
    print("Evaluator.evaluate over 1,024 images on 2 threads. ONNX Runtime (same weights, exported by export_onnx.py):")
    print("latency = batch 1 on 1 intra-op thread (2 for the 2-thread rows, as Fovea's setIntraOpThreads(2)), batch =")
    print("batches of 64 on 2, tensors reused. PyTorch:")
    print(f"torch_peer.py on {peer_data}; latency from the 1-thread run, batch inference = batches of 64 on 2 threads.")
    for net, model, _ in NETWORKS:
        one, two = torch[(model, 1)].get("train_img_per_s"), torch[(model, 2)].get("train_img_per_s")
        whole = torch[(model, 2)].get("infer_batch10000_img_per_s")
        if whole:
            print(f"PyTorch {net}: the whole test set in one forward on 2 threads: {whole:,.0f} img/s.")
        if one and two and two < one:
            print(f"Note: PyTorch trains {net} slower on 2 threads than on 1 here ({two:,.0f} vs {one:,.0f} img/s).")
    print()
    print("Training allocation after warm-up (JMH -prof gc, gc.alloc.rate.norm, bytes per image):")
    for (net, threads), v in sorted(gc.items()):
        print(f"  {net} {threads} thread(s): {v:.3f} B/image")
    print()
    layers(out, peak[1])
    if failed:
        print()
        print("Ratios below 1.0: " + "; ".join(failed))
        return 1
    return 0


def layers(out, peak1):
    """LayerFlops' table with each GFLOP/s also as a share of the one-thread peak."""
    row = re.compile(r"^(\S+)\s+(\[[^\]]*\])\s+(\[[^\]]*\])\s+([\d,]+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)$")
    print(f"Per layer, one sample, 1 thread (share of the 1-thread FMA peak, {peak1 / 1e9:,.1f} GFLOP/s);")
    print("backward = the weight and bias gradient only (each layer is its network's first):")
    print("| layer | input | output | mult-adds | forward ns | GFLOP/s (share) | backward ns | GFLOP/s (share) |")
    print("|---|---|---|---:|---:|---:|---:|---:|")
    found = False
    for line in open(f"{out}/layers.log").read().splitlines():
        m = row.match(line.strip())
        if not m or m.group(1) == "layer":
            continue
        found = True
        name, shape_in, shape_out, macs, fns, fg, bns, bg = m.groups()

        def g(v):
            return v if v == "-" else f"{float(v):.1f} ({float(v) * 1e9 / peak1:.0%})"
        print(f"| {name} | {shape_in} | {shape_out} | {macs} | {fns} | {g(fg)} | {bns} | {g(bg)} |")
    if not found:
        print("(no per-layer table: see layers.log)")


if __name__ == "__main__":
    sys.exit(main())
