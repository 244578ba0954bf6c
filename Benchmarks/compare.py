#!/usr/bin/env python3
"""ConvLab's conv-bench against ONNX Runtime on the same convolutions, in one run.

Usage (from the package root):
    python3 Benchmarks/compare.py [--threads 1 2] [--runs 20] [--bench PATH] [--cpu-time]

On first use it creates Benchmarks/.venv and installs onnxruntime, onnx and numpy from PyPI,
then re-runs itself inside that environment. It builds conv-bench in release mode (unless
--bench names a binary), runs `conv-bench --json --threads T` for each thread count, builds
an ONNX graph with the same Conv nodes (shapes, strides, pads, groups, chained layers) for
every case and times it with ONNX Runtime at the same thread count, right after ConvLab.
It prints both medians and ConvLab's speed as a ratio of ONNX Runtime's (>1: ConvLab is
faster). ONNX Runtime is an inference engine, so only the forward pass is compared.
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


def ensure_venv():
    """Re-executes this script inside Benchmarks/.venv, creating it first if needed."""
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    if not os.path.exists(PYTHON):
        print("creating Benchmarks/.venv and installing onnxruntime, onnx, numpy …", file=sys.stderr)
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
        subprocess.check_call([PYTHON, "-m", "pip", "install", "-q", "onnxruntime", "onnx", "numpy"])
    os.execv(PYTHON, [PYTHON, os.path.abspath(__file__)] + sys.argv[1:])


def conv_bench(binary, threads, cpu_time):
    """conv-bench's JSON for one thread count (the forward pass only; no reference timing)."""
    extra = ["--cpu-time"] if cpu_time else []
    out = subprocess.check_output([binary, "--json", "--threads", str(threads), "--no-reference"] + extra, cwd=ROOT)
    return json.loads(out)


def onnx_model(layers):
    """A graph of the case's Conv nodes applied one after another, with random weights."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper

    rng = np.random.default_rng(0)
    first = layers[0]
    nodes, inits = [], []
    current = "x"
    for i, layer in enumerate(layers):
        k = layer["kernel"]
        w = rng.uniform(-0.1, 0.1, (layer["out_channels"], layer["in_channels"] // layer["groups"], k[0], k[1])).astype(np.float32)
        b = rng.uniform(-0.1, 0.1, (layer["out_channels"],)).astype(np.float32)
        inits += [helper.make_tensor(f"w{i}", TensorProto.FLOAT, w.shape, w.ravel()),
                  helper.make_tensor(f"b{i}", TensorProto.FLOAT, b.shape, b.ravel())]
        top, bottom, left, right = layer["padding"]
        out = "y" if i == len(layers) - 1 else f"h{i}"
        nodes.append(helper.make_node("Conv", [current, f"w{i}", f"b{i}"], [out], kernel_shape=k,
                                      strides=layer["stride"], pads=[top, left, bottom, right], group=layer["groups"]))
        current = out
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [first["batch"], first["in_channels"], first["height"], first["width"]])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, None)
    graph = helper.make_graph(nodes, "case", [x], [y], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    return model.SerializeToString()


def time_ort(layers, threads, runs, cpu_time):
    """Median seconds of one ONNX Runtime inference of the case at `threads` threads."""
    import numpy as np
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(onnx_model(layers), options, providers=["CPUExecutionProvider"])
    first = layers[0]
    x = np.random.default_rng(1).uniform(-1, 1, (first["batch"], first["in_channels"], first["height"], first["width"])).astype(np.float32)
    for _ in range(3):
        session.run(None, {"x": x})
    clock = time.process_time if cpu_time else time.perf_counter
    samples = []
    for _ in range(runs):
        start = clock()
        session.run(None, {"x": x})
        samples.append(clock() - start)
    return statistics.median(samples)


def main():
    ensure_venv()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2], choices=range(1, 65), metavar="N")
    parser.add_argument("--runs", type=int, default=20, help="ONNX Runtime runs per case (median)")
    parser.add_argument("--bench", help="a built conv-bench binary (default: swift build -c release)")
    parser.add_argument("--cpu-time", action="store_true",
                        help="time both with process CPU time (one thread on a busy machine; with more it adds threads)")
    args = parser.parse_args()

    binary = args.bench
    if binary is None:
        subprocess.check_call(["swift", "build", "-c", "release", "--product", "conv-bench"], cwd=ROOT)
        bin_dir = subprocess.check_output(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, text=True).strip()
        binary = os.path.join(bin_dir, "conv-bench")

    import onnxruntime as ort
    print(f"ONNX Runtime {ort.__version__}; ConvLab conv-bench {binary}")
    for threads in args.threads:
        report = conv_bench(binary, threads, args.cpu_time)
        peak = report["peak_gflops"]
        clock = "process CPU time" if args.cpu_time else "wall clock"
        print(f"\n{threads} thread(s), {clock}: FMA peak measured by conv-bench {peak:.0f} GFLOP/s ({report['target']['cpu']})")
        print(f"{'case':5} {'shape':34} {'ConvLab ms':>10} {'GF/s':>6} {'%peak':>6} {'ORT ms':>8} {'GF/s':>6} {'%peak':>6} {'ConvLab/ORT':>11}")
        for case in report["cases"]:
            ours = case["forward"]["ms"] / 1e3
            theirs = time_ort(case["layers"], threads, args.runs, args.cpu_time)
            flops = case["forward_flops"]
            print(f"{case['name']:5} {case['label']:34} {ours * 1e3:10.3f} {flops / ours / 1e9:6.0f} {100 * flops / ours / 1e9 / peak:5.0f}%"
                  f" {theirs * 1e3:8.3f} {flops / theirs / 1e9:6.0f} {100 * flops / theirs / 1e9 / peak:5.0f}% {theirs / ours:11.2f}")
    print("\nConvLab/ORT is ConvLab's speed over ONNX Runtime's (ORT time / ConvLab time): above 1, ConvLab is faster.")


if __name__ == "__main__":
    main()
