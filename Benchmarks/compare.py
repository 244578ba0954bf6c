#!/usr/bin/env python3
"""ConvLab's conv-bench against ONNX Runtime and PyTorch on the same convolutions, in one run.

Usage (from the package root):
    python3 Benchmarks/compare.py [--threads 1,2] [--rounds 5] [--burst 0.1] [--busy-core]
                                  [--cases a,g] [--bench PATH] [--cpu-time] [--no-torch]

On first use it creates Benchmarks/.venv and installs onnxruntime, onnx, numpy (PyPI) and
torch 2.13.0+cpu (the CPU-only wheel, from pip's configured find-links), then re-runs itself
inside that environment. It builds conv-bench in release mode (unless --bench names a
binary) and starts one `conv-bench --serve` for the whole run. Then, for each round, for
each thread count (the FMA peak first), for each case: ONNX Runtime on an ONNX graph of the
same Conv nodes (forward: it is an inference engine), ConvLab's forward, torch's forward and
∂input at `torch.set_num_threads(T)` (aten's convolution_backward, each gradient alone as
conv-bench times it), ConvLab's ∂input and ∂weight, torch's ∂weight: each of ConvLab's
bursts next to the other side's burst of the same work, every burst after a 50 ms pause (an
ONNX Runtime session's idle threads spin on after its run and took a core from the burst
after it). Every side times a burst the same way, in a process that stays up: one warm-up,
then the median of at least 5 runs and --burst seconds, at most 40. Why bursts side by side:
on a shared host a core's speed moves by a factor of two from one second to the next, and
ratios of runs seconds apart (ConvLab in a process of its own per case, as this script first
did) ranged 0.57–1.74 over five rounds for one case. Each round gives a ratio per case
(ConvLab's speed over the other's: other time / ConvLab time, above 1 ConvLab is faster);
the table shows the median over rounds of the times, the ratios and the share of the FMA
peak conv-bench measured in the same round.

--busy-core starts a process that spins on one core for the whole run (both sides run under
it), as a learner's laptop with a browser open; the FMA peak is then measured under it too.
With 1 among the thread counts (`--threads 1,2`), a last table gives ConvLab's speed at each
other count over its speed at 1, per direction, from the same rounds: under --busy-core, whether
two threads are ever slower than one. Last, it lists every ratio that reads below 1.00, with its
lowest and highest round, or says there is none.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, "Benchmarks", ".venv")
PYTHON = os.path.join(VENV, "bin", "python3")
TORCH = "torch==2.13.0+cpu"  # the CPU build; a plain `torch` would fetch the CUDA one


def ensure_venv():
    """Re-executes this script inside Benchmarks/.venv, creating it first if needed."""
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    if not os.path.exists(PYTHON):
        print(f"creating Benchmarks/.venv and installing onnxruntime, onnx, numpy, {TORCH} …", file=sys.stderr)
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
        subprocess.check_call([PYTHON, "-m", "pip", "install", "-q", "onnxruntime", "onnx", "numpy", TORCH])
    elif "--no-torch" not in sys.argv and subprocess.call([PYTHON, "-c", "import torch"], stderr=subprocess.DEVNULL) != 0:
        # A venv made before the torch column: add the CPU wheel.
        print(f"installing {TORCH} into Benchmarks/.venv …", file=sys.stderr)
        subprocess.check_call([PYTHON, "-m", "pip", "install", "-q", TORCH])
    os.execv(PYTHON, [PYTHON, os.path.abspath(__file__)] + sys.argv[1:])


def fail(message):
    """Bad input: the message on stderr, exit status 2."""
    print(f"compare.py: {message}", file=sys.stderr)
    sys.exit(2)


def median_seconds(work, clock, seconds):
    """conv-bench's rule: one warm-up, then at least 5 runs and `seconds`, at most 40; the median."""
    work()
    samples, total = [], 0.0
    while len(samples) < 40 and (len(samples) < 5 or total < seconds):
        start = clock()
        work()
        samples.append(clock() - start)
        total += samples[-1]
    return statistics.median(samples)


class ConvBench:
    """One `conv-bench --serve` process for the whole run: ConvLab timed in bursts, each asked
    for right next to the other side's burst of the same work (Sources/conv-bench/Serve.swift)."""

    def __init__(self, binary, cpu_time):
        self.process = subprocess.Popen([binary, "--serve"] + (["--cpu-time"] if cpu_time else []), cwd=ROOT,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ask(self, **request):
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            fail(f"conv-bench --serve ended (exit status {self.process.wait()}) on {request}")
        answer = json.loads(line)
        if "error" in answer:
            fail(f"conv-bench --serve: {answer['error']}")
        return answer

    def seconds(self, case, direction, threads, burst):
        """Median seconds of one run of `direction` ("forward", "input", "weight") of `case`."""
        return self.ask(op="time", case=case, direction=direction, threads=threads, seconds=burst)["ms"] / 1e3

    def close(self):
        self.process.stdin.close()
        self.process.wait()


def random_layers(layers, seed):
    """Input, weights, biases and output gradients of each layer, as numpy arrays."""
    import numpy as np

    rng = np.random.default_rng(seed)
    made = []
    for layer in layers:
        k = layer["kernel"]
        top, bottom, left, right = layer["padding"]
        out_h = (layer["height"] + top + bottom - k[0]) // layer["stride"][0] + 1
        out_w = (layer["width"] + left + right - k[1]) // layer["stride"][1] + 1
        made.append({
            "x": rng.uniform(-1, 1, (layer["batch"], layer["in_channels"], layer["height"], layer["width"])).astype(np.float32),
            "w": rng.uniform(-0.1, 0.1, (layer["out_channels"], layer["in_channels"] // layer["groups"], k[0], k[1])).astype(np.float32),
            "b": rng.uniform(-0.1, 0.1, (layer["out_channels"],)).astype(np.float32),
            "dy": rng.uniform(-1, 1, (layer["batch"], layer["out_channels"], out_h, out_w)).astype(np.float32),
        })
    return made


def onnx_model(layers, tensors):
    """A graph of the case's Conv nodes applied one after another."""
    import onnx
    from onnx import TensorProto, helper

    first = layers[0]
    nodes, inits = [], []
    current = "x"
    for i, (layer, t) in enumerate(zip(layers, tensors)):
        inits += [helper.make_tensor(f"w{i}", TensorProto.FLOAT, t["w"].shape, t["w"].ravel()),
                  helper.make_tensor(f"b{i}", TensorProto.FLOAT, t["b"].shape, t["b"].ravel())]
        top, bottom, left, right = layer["padding"]
        out = "y" if i == len(layers) - 1 else f"h{i}"
        nodes.append(helper.make_node("Conv", [current, f"w{i}", f"b{i}"], [out], kernel_shape=layer["kernel"],
                                      strides=layer["stride"], pads=[top, left, bottom, right], group=layer["groups"]))
        current = out
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [first["batch"], first["in_channels"], first["height"], first["width"]])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, None)
    graph = helper.make_graph(nodes, "case", [x], [y], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    return model.SerializeToString()


def ort_run(layers, tensors, threads):
    """One ONNX Runtime inference of the case at `threads` threads, as a function (the
    session is made once: the threads it starts stay up, as ConvLab's pool does)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(onnx_model(layers, tensors), options, providers=["CPUExecutionProvider"])
    feed = {"x": tensors[0]["x"]}
    for _ in range(2):
        session.run(None, feed)
    return lambda: session.run(None, feed)


def torch_runs(layers, tensors):
    """torch's forward (the layers chained), ∂input and ∂weight (each layer alone with its own
    output gradient, summed over layers, as conv-bench times them), as three functions."""
    import torch

    args = []
    for layer, t in zip(layers, tensors):
        top, bottom, left, right = layer["padding"]
        if top != bottom or left != right:
            fail(f"torch's conv2d takes symmetric padding only, got {layer['padding']}")
        args.append(dict(x=torch.from_numpy(t["x"]), w=torch.from_numpy(t["w"]), b=torch.from_numpy(t["b"]),
                         dy=torch.from_numpy(t["dy"]), stride=layer["stride"], padding=[top, left], groups=layer["groups"]))

    def forward():
        with torch.inference_mode():
            h = args[0]["x"]
            for a in args:
                h = torch.nn.functional.conv2d(h, a["w"], a["b"], stride=a["stride"], padding=a["padding"], groups=a["groups"])

    def gradient(mask):
        def run():
            with torch.inference_mode():
                for a in args:
                    torch.ops.aten.convolution_backward(a["dy"], a["x"], a["w"], None, a["stride"], a["padding"], [1, 1],
                                                        False, [0, 0], a["groups"], mask)
        return run

    return forward, gradient([True, False, False]), gradient([False, True, False])


# Seconds every burst waits before it starts, on every side: an ONNX Runtime session's
# idle threads keep spinning for a while after its run (allow_spinning, the default, which
# its own speed depends on), and took a core from the burst after it. ConvLab's forward of
# case b on two threads, medians of 6–8 bursts: 15.5 ms right after ONNX Runtime's burst,
# 10.6 ms 50 ms later (pauses of 0, 5, 20, 50 ms: 10.6, 10.1, 9.6, 9.3 in another run).
PAUSE = 0.05


def time_case(bench, name, count, others, burst, clock, no_torch):
    """One round of one case at `count` threads: each of ConvLab's bursts right next to the
    other side's burst of the same work (ONNX Runtime, ConvLab, torch for the forward; torch,
    ConvLab, ConvLab, torch for ∂input and ∂weight), each after PAUSE, so that each pair
    falls in the same spell of the host's speed. Seconds: ConvLab's three, ONNX Runtime's,
    torch's three (None with --no-torch)."""
    ort_run, torch_forward, torch_input, torch_weight = others

    def theirs(work):
        time.sleep(PAUSE)
        return median_seconds(work, clock, burst)

    def ours(direction):
        time.sleep(PAUSE)
        return bench.seconds(name, direction, count, burst)

    ort = theirs(ort_run)
    ours_forward = ours("forward")
    if no_torch:
        return (ours_forward, ours("input"), ours("weight")), ort, None
    import torch
    torch.set_num_threads(count)
    theirs_forward = theirs(torch_forward)
    theirs_input = theirs(torch_input)
    ours_input = ours("input")
    ours_weight = ours("weight")
    return (ours_forward, ours_input, ours_weight), ort, (theirs_forward, theirs_input, theirs(torch_weight))


class BusyCore:
    """A process spinning on one core for as long as the `with` block runs."""

    def __enter__(self):
        self.process = subprocess.Popen([sys.executable, "-c", "while True: pass"])
        time.sleep(0.5)  # let it settle on a core before anything is timed
        return self

    def __exit__(self, *exc):
        self.process.kill()
        self.process.wait()


def parse_threads(values):
    """`--threads 1,2` or `--threads 1 2`: thread counts from 1 to 64."""
    counts = []
    for value in values:
        for part in value.split(","):
            if not part.strip().isdigit() or not 1 <= int(part) <= 64:
                fail(f"--threads takes whole numbers from 1 to 64, got '{part}'")
            counts.append(int(part))
    return counts


def main():
    ensure_venv()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", nargs="+", default=["1,2"], metavar="N[,N…]")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds per thread count (median over rounds)")
    parser.add_argument("--burst", type=float, default=0.1,
                        help="seconds each side's burst runs at least (and 5 runs; at most 40): the median of a burst is its time")
    parser.add_argument("--cases", default="", help="only these conv-bench cases, e.g. a,e33,g (default: all)")
    parser.add_argument("--busy-core", action="store_true", help="keep one core busy with a spinning process for the whole run")
    parser.add_argument("--no-torch", action="store_true", help="leave out the torch column")
    parser.add_argument("--json", metavar="FILE", help="also write every round's numbers to FILE")
    parser.add_argument("--bench", help="a built conv-bench binary (default: swift build -c release)")
    parser.add_argument("--cpu-time", action="store_true",
                        help="time every side with process CPU time (one thread on a busy machine; with more it adds threads)")
    args = parser.parse_args()
    threads = parse_threads(args.threads)
    if args.rounds < 1:
        fail("--rounds must be at least 1")
    if not 0 < args.burst <= 10:
        fail("--burst must be above 0 and at most 10 seconds")

    binary = args.bench
    if binary is None:
        subprocess.check_call(["swift", "build", "-c", "release", "--product", "conv-bench"], cwd=ROOT)
        bin_dir = subprocess.check_output(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, text=True).strip()
        binary = os.path.join(bin_dir, "conv-bench")

    import onnxruntime as ort
    versions = f"ONNX Runtime {ort.__version__}"
    if not args.no_torch:
        import torch
        torch.set_num_interop_threads(1)
        versions += f", torch {torch.__version__}"
    clock = time.process_time if args.cpu_time else time.perf_counter
    wanted = [c for c in args.cases.split(",") if c]
    known = ["a", "b", "c", "d", "e5", "e33", "f17", "f77", "g", "h"]  # conv-bench's cases (Sources/conv-bench/Cases.swift)
    unknown = [c for c in wanted if c not in known]
    if unknown:
        fail(f"unknown case {unknown[0]!r}; known: {', '.join(known)}")
    cases = wanted or known

    load = os.getloadavg()
    print(f"{versions}; ConvLab conv-bench {binary}")
    print(f"load average at start {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}; {os.cpu_count()} cores; "
          f"{'one core kept busy by a spinning process' if args.busy_core else 'no busy core'}; "
          f"{'process CPU time' if args.cpu_time else 'wall clock'}; {args.rounds} interleaved round(s)")
    record = {"threads": {}, "busy_core": args.busy_core, "cpu_time": args.cpu_time, "versions": versions}
    busy = BusyCore() if args.busy_core else None
    if busy:
        busy.__enter__()
    # Rounds outermost and thread counts inside each round, so that the thread counts are
    # measured minutes apart at most and under the same load: ConvLab's own ratio of T threads
    # to 1 (the busy-core question: are two threads ever slower than one?) comes from one run.
    all_rows = {count: {name: [] for name in cases} for count in threads}
    bench = ConvBench(binary, args.cpu_time)
    described = {name: bench.ask(op="describe", case=name) for name in cases}
    try:
        for _ in range(args.rounds):
            for count in threads:
                peak = bench.ask(op="peak", threads=count)
                for name in cases:
                    case = described[name]
                    tensors = random_layers(case["layers"], seed=0)
                    others = (ort_run(case["layers"], tensors, count),) + ((None,) * 3 if args.no_torch else torch_runs(case["layers"], tensors))
                    ours, ort, theirs = time_case(bench, name, count, others, args.burst, clock, args.no_torch)
                    row = {"peak": peak["peak_gflops"], "fixed_us": peak["fixed_cost_us"]["forward"],
                           "label": case["label"], "flops": case["forward_flops"], "useful": useful_share(case["layers"]),
                           "ours": ours, "ort": ort}
                    if theirs:
                        row["torch"] = theirs
                    all_rows[count][name].append(row)
    finally:
        bench.close()
        if busy:
            busy.__exit__(None, None, None)
    for count in threads:
        record["threads"][count] = all_rows[count]
        print_table(count, all_rows[count], args)
    if 1 in threads:
        for count in threads:
            if count != 1:
                print_scaling(count, all_rows[1], all_rows[count])
    print_shortfalls(all_rows, args)
    print("\nratios are ConvLab's speed over the other's (other time / ConvLab time; above 1 ConvLab is faster),"
          " the median over rounds of each round's ratio; % is the share of the FMA peak conv-bench measured in the same round"
          " (under --busy-core, the peak under the same load), counting every multiply-add; useful is the share of them that"
          " reads the image rather than its zero padding (a side that skips padded taps can pass 100% where it is low).")
    if args.json:
        with open(args.json, "w") as out:
            json.dump(record, out, indent=1)


def useful_share(layers):
    """The share of a case's multiply-adds whose input pixel lies inside the image rather than
    in the zero padding. Every side is charged the full count of multiply-adds (the % peak
    columns); a library that skips the padded taps, as oneDNN (torch) and MLAS's direct
    kernels (ONNX Runtime) do at the borders, can show more than 100% of the peak where this
    share is low (a 7×7 with padding 3 over 17×17: 81%)."""
    total = useful = 0
    for layer in layers:
        h, w = layer["height"], layer["width"]
        (kh, kw), (sh, sw) = layer["kernel"], layer["stride"]
        top, bottom, left, right = layer["padding"]
        out_h, out_w = (h + top + bottom - kh) // sh + 1, (w + left + right - kw) // sw + 1
        rows = sum(1 for y in range(out_h) for i in range(kh) if 0 <= y * sh + i - top < h)
        cols = sum(1 for x in range(out_w) for j in range(kw) if 0 <= x * sw + j - left < w)
        per_tap = layer["batch"] * layer["out_channels"] * layer["in_channels"] // layer["groups"]
        total += per_tap * out_h * out_w * kh * kw
        useful += per_tap * rows * cols
    return useful / total


def print_table(count, rows, args):
    """One thread count's table: medians over rounds of times, ratios and shares of the peak."""
    median = statistics.median
    peak = median(r["peak"] for rs in rows.values() for r in rs)
    fixed = median(r["fixed_us"] for rs in rows.values() for r in rs)
    print(f"\n{count} thread(s): FMA peak {peak:.0f} GFLOP/s (median of conv-bench's in-process measurements, one per round);"
          f" per-layer fixed cost (1×1×1×1 forward) {fixed:.1f} µs")
    head = f"{'case':5} {'shape':34} {'useful':>6} {'ConvLab ms':>10} {'%peak':>6} {'ORT ms':>8} {'%peak':>6} {'vs ORT':>7}"
    if not args.no_torch:
        head += f" | {'∂in ms':>8} {'%peak':>6} {'∂w ms':>8} {'%peak':>6} | {'torch fwd / ∂in / ∂w ms':>25} {'vs torch fwd / ∂in / ∂w':>24}"
    print(head)
    for name, rs in rows.items():
        flops = rs[0]["flops"]

        def share(seconds_of):
            """The median over rounds of the share of that round's own peak (the load moves both)."""
            return f"{median(100 * flops / seconds_of(r) / 1e9 / r['peak'] for r in rs):5.0f}%"

        ours = [median(r["ours"][i] for r in rs) for i in range(3)]
        ort_time = median(r["ort"] for r in rs)
        vs_ort = median(r["ort"] / r["ours"][0] for r in rs)
        line = (f"{name:5} {rs[0]['label']:34} {100 * rs[0]['useful']:5.0f}% {ours[0] * 1e3:10.3f} {share(lambda r: r['ours'][0])} {ort_time * 1e3:8.3f}"
                f" {share(lambda r: r['ort'])} {vs_ort:7.2f}")
        if not args.no_torch:
            theirs = [median(r["torch"][i] for r in rs) for i in range(3)]
            vs = [median(r["torch"][i] / r["ours"][i] for r in rs) for i in range(3)]
            line += (f" | {ours[1] * 1e3:8.3f} {share(lambda r: r['ours'][1])} {ours[2] * 1e3:8.3f} {share(lambda r: r['ours'][2])} |"
                     f" {theirs[0] * 1e3:7.3f} / {theirs[1] * 1e3:7.3f} / {theirs[2] * 1e3:7.3f}"
                     f"   {vs[0]:6.2f} / {vs[1]:5.2f} / {vs[2]:5.2f}")
        print(line, flush=True)


def print_scaling(count, one, many):
    """ConvLab's speed at `count` threads over its speed at 1, per case and direction: the
    median over rounds of each round's ratio (time at 1 thread / time at `count`), both
    measured in the same round, so under the same load; below 1.00 the extra threads made
    it slower (what --busy-core checks)."""
    median = statistics.median
    print(f"\nConvLab {count} threads over 1 thread (speed ratio, same rounds; above 1 the threads help)")
    print(f"{'case':5} {'shape':34} {'forward':>8} {'∂input':>8} {'∂weight':>8}")
    for name, rs in many.items():
        ratios = [median(one[name][r]["ours"][i] / rs[r]["ours"][i] for r in range(len(rs))) for i in range(3)]
        print(f"{name:5} {rs[0]['label']:34} {ratios[0]:8.2f} {ratios[1]:8.2f} {ratios[2]:8.2f}", flush=True)


def shortfalls(all_rows, no_torch):
    """Every ratio whose median over rounds reads below 1.00 as the tables print it (to two
    decimals: ConvLab slower than ONNX Runtime, than torch, or on more threads than on one),
    with its lowest and highest round: (what, median, low, high). The bar is every entry at
    1.00 or above in one run; the range tells a shortfall every round shows from one that
    the host's noise made in some rounds."""
    median = statistics.median
    directions = ("forward", "∂input", "∂weight")
    found = []

    def threads(count):
        return f"{count} thread{'s' if count > 1 else ''}"

    def check(what, ratios):
        if round(median(ratios), 2) < 1.0:
            found.append((what, median(ratios), min(ratios), max(ratios)))

    for count, rows in all_rows.items():
        for name, rs in rows.items():
            check(f"{threads(count)}, {name} vs ONNX Runtime", [r["ort"] / r["ours"][0] for r in rs])
            if not no_torch:
                for i, direction in enumerate(directions):
                    check(f"{threads(count)}, {name} {direction} vs torch", [r["torch"][i] / r["ours"][i] for r in rs])
    if 1 in all_rows:
        for count, rows in all_rows.items():
            if count == 1:
                continue
            for name, rs in rows.items():
                for i, direction in enumerate(directions):
                    check(f"{threads(count)} over 1, {name} {direction}",
                          [all_rows[1][name][r]["ours"][i] / rs[r]["ours"][i] for r in range(len(rs))])
    return found


def print_shortfalls(all_rows, args):
    """The ratios below 1.00, each with its range over rounds, or that there are none."""
    found = shortfalls(all_rows, args.no_torch)
    if not found:
        print("\nEvery ratio above is at 1.00 or more.")
        return
    print(f"\nBelow 1.00 ({len(found)}): median over rounds, and the lowest and highest round")
    for what, middle, low, high in found:
        print(f"  {what:44} {middle:5.2f}   rounds {low:.2f}–{high:.2f}")


if __name__ == "__main__":
    main()
