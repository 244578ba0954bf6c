#!/usr/bin/env python3
"""Writes cases.json: ConvLab's conv2d and its three gradients computed by JAX.

Run it with any python3 (3.9+):  python3 Tests/Fixtures/conv-crosscheck/generate.py
If `jax` cannot be imported, the script makes a venv at /tmp/xcheck-venv, installs the CPU
`jax` wheel from PyPI into it and re-runs itself there. The output is deterministic for a
given JAX version (seeded inputs; XLA's CPU convolution is deterministic).

Every tensor is stored flat in row-major order (input and outputs NCHW, weight OIHW), as
float32 values printed with 9 significant digits, which round-trips float32 exactly: the
Swift test reads back the very inputs JAX saw.

The expected values are JAX's float32 results. Each case also records, per tensor, how far
that float32 result is from the same computation in float64 (max|f32 - f64| / max|f64|):
the float32 noise of JAX itself, so a disagreement can be judged against it.
"""
import json
import os
import subprocess
import sys

VENV = "/tmp/xcheck-venv"
HERE = os.path.dirname(os.path.abspath(__file__))

try:
    import jax
    import numpy as np
except ImportError:
    if sys.prefix == VENV:  # already re-run inside the venv: the install itself failed
        sys.exit("jax is still missing inside %s; try: %s/bin/pip install jax" % (VENV, VENV))
    if not os.path.exists(os.path.join(VENV, "bin", "python")):
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
    subprocess.check_call([os.path.join(VENV, "bin", "pip"), "install", "-q", "jax"])
    py = os.path.join(VENV, "bin", "python")
    os.execv(py, [py, os.path.abspath(__file__)] + sys.argv[1:])

jax.config.update("jax_enable_x64", True)  # float64 for the noise estimate; float32 stays float32
jax.config.update("jax_platforms", "cpu")
import jax.numpy as jnp  # noqa: E402


def case(name, n=1, cin=3, cout=4, h=7, w=7, k=(3, 3), s=(1, 1), p=(1, 1, 1, 1), d=(1, 1), g=1, bias=True):
    return dict(name=name, batch=n, inChannels=cin, outChannels=cout, height=h, width=w,
                kernel=list(k), stride=list(s), padding=list(p), dilation=list(d), groups=g, bias=bias)


# Every kind listed in issue 2, item 4: stride and dilation per axis; padding symmetric or
# asymmetric (top, bottom, left, right), zero on some sides, larger than the kernel's half;
# groups including depthwise (multiplier 1 and 2); with and without bias; odd channel counts;
# kernels 1×1, 3×3, 5×5, 1×7, 7×1, 2×3; batch 1–3; a few realistic sizes.
CASES = [
    case("3x3 same", n=1, cin=3, cout=4),
    case("3x3 same batch 2 odd channels", n=2, cin=5, cout=7, h=9, w=11),
    case("3x3 valid no bias", n=3, cin=2, cout=3, h=8, w=6, p=(0, 0, 0, 0), bias=False),
    case("1x1 plain", n=2, cin=6, cout=5, h=5, w=4, k=(1, 1), p=(0, 0, 0, 0)),
    case("1x1 padded 2 (pad > half kernel)", n=1, cin=3, cout=5, h=4, w=5, k=(1, 1), p=(2, 2, 2, 2)),
    case("1x1 stride 2", n=2, cin=4, cout=3, h=9, w=8, k=(1, 1), s=(2, 2), p=(0, 0, 0, 0), bias=False),
    case("5x5 same", n=1, cin=3, cout=6, h=10, w=9, k=(5, 5), p=(2, 2, 2, 2)),
    case("5x5 valid stride 2", n=2, cin=4, cout=5, h=13, w=12, k=(5, 5), s=(2, 2), p=(0, 0, 0, 0)),
    case("1x7", n=1, cin=4, cout=4, h=6, w=12, k=(1, 7), p=(0, 0, 3, 3)),
    case("7x1", n=2, cin=3, cout=5, h=12, w=6, k=(7, 1), p=(3, 3, 0, 0), bias=False),
    case("2x3 even kernel asymmetric", n=1, cin=3, cout=4, h=7, w=8, k=(2, 3), p=(0, 1, 1, 1)),
    case("2x3 stride 1x2", n=2, cin=2, cout=3, h=9, w=10, k=(2, 3), s=(1, 2), p=(1, 0, 1, 1)),
    case("3x3 stride 2", n=1, cin=4, cout=6, h=11, w=10, s=(2, 2)),
    case("3x3 stride 1x2", n=2, cin=3, cout=5, h=8, w=11, s=(1, 2)),
    case("3x3 stride 3x1", n=1, cin=3, cout=4, h=13, w=7, s=(3, 1), bias=False),
    case("3x3 stride 3x1 asymmetric", n=3, cin=2, cout=3, h=10, w=9, s=(3, 1), p=(2, 0, 0, 1)),
    case("3x3 dilation 2", n=1, cin=3, cout=4, h=10, w=10, d=(2, 2), p=(2, 2, 2, 2)),
    case("3x3 dilation 1x3", n=2, cin=3, cout=3, h=8, w=14, d=(1, 3), p=(1, 1, 3, 3)),
    case("3x3 dilation 2 stride 2 valid", n=1, cin=4, cout=5, h=15, w=13, s=(2, 2), d=(2, 2), p=(0, 0, 0, 0)),
    case("5x5 dilation 1x3 stride 1x2", n=1, cin=2, cout=4, h=11, w=20, k=(5, 5), s=(1, 2), d=(1, 3), p=(2, 1, 6, 3)),
    case("3x3 asymmetric top-left", n=1, cin=3, cout=4, h=7, w=8, p=(2, 0, 1, 0)),
    case("3x3 asymmetric bottom-right", n=2, cin=3, cout=4, h=6, w=7, p=(0, 2, 0, 1), bias=False),
    case("3x3 padding 3 (pad > half kernel)", n=1, cin=2, cout=3, h=5, w=6, p=(3, 3, 3, 3)),
    case("3x3 padding 4,1,0,3", n=2, cin=3, cout=2, h=6, w=5, p=(4, 1, 0, 3)),
    case("5x5 padding 4 stride 2", n=1, cin=3, cout=4, h=9, w=8, k=(5, 5), s=(2, 2), p=(4, 4, 4, 4)),
    case("groups 2", n=2, cin=4, cout=6, h=8, w=8, g=2),
    case("groups 2 odd per group", n=1, cin=6, cout=10, h=7, w=9, g=2, s=(1, 2), bias=False),
    case("groups 4", n=1, cin=8, cout=8, h=9, w=7, g=4),
    case("groups 4 stride 2 dilation 2", n=2, cin=8, cout=12, h=12, w=11, g=4, s=(2, 2), d=(2, 2), p=(2, 1, 2, 3)),
    case("depthwise 3x3", n=2, cin=6, cout=6, h=9, w=9, g=6),
    case("depthwise 3x3 no bias stride 2", n=1, cin=5, cout=5, h=10, w=11, g=5, s=(2, 2), bias=False),
    case("depthwise multiplier 2", n=1, cin=4, cout=8, h=8, w=9, g=4),
    case("depthwise multiplier 2 5x5 dilation 1x3", n=2, cin=3, cout=6, h=9, w=14, k=(5, 5), d=(1, 3), p=(2, 2, 6, 6), g=3),
    case("depthwise 7x1 asymmetric", n=1, cin=7, cout=7, h=12, w=5, k=(7, 1), p=(4, 2, 0, 0), g=7),
    case("depthwise multiplier 2 1x7 stride 1x2", n=3, cin=2, cout=4, h=4, w=15, k=(1, 7), s=(1, 2), p=(0, 0, 2, 4), g=2, bias=False),
    case("realistic 16->32 28x28", n=1, cin=16, cout=32, h=28, w=28),
    case("realistic 32->32 depthwise 14x14 stride 2", n=1, cin=32, cout=32, h=14, w=14, s=(2, 2), g=32),
    case("realistic 24->48 groups 4 5x5 12x12", n=1, cin=24, cout=48, h=12, w=12, k=(5, 5), p=(2, 2, 2, 2), g=4),
    case("realistic 64->16 1x1 10x10", n=1, cin=64, cout=16, h=10, w=10, k=(1, 1), p=(0, 0, 0, 0)),
    case("kernel fills padded input", n=1, cin=2, cout=3, h=3, w=2, k=(5, 5), p=(1, 1, 2, 1)),
    case("single output pixel 7x1 stride 3x1", n=2, cin=3, cout=2, h=7, w=1, k=(7, 1), s=(3, 1), p=(0, 0, 0, 0)),
]


def conv(x, wt, b, c):
    t, bo, l, r = c["padding"]
    y = jax.lax.conv_general_dilated(
        x, wt, window_strides=tuple(c["stride"]), padding=((t, bo), (l, r)),
        rhs_dilation=tuple(c["dilation"]), feature_group_count=c["groups"],
        dimension_numbers=("NCHW", "OIHW", "NCHW"), precision=jax.lax.Precision.HIGHEST)
    return y + b[None, :, None, None] if b is not None else y


def compute(arrays, c, dtype):
    x, wt, b, gy = (None if a is None else jnp.asarray(a, dtype=dtype) for a in arrays)
    if b is None:
        y, vjp = jax.vjp(lambda x_, w_: conv(x_, w_, None, c), x, wt)
        gx, gw = vjp(gy)
        gb = None
    else:
        y, vjp = jax.vjp(lambda x_, w_, b_: conv(x_, w_, b_, c), x, wt, b)
        gx, gw, gb = vjp(gy)
    out = dict(output=y, gradInput=gx, gradWeight=gw, gradBias=gb)
    return {k: (None if v is None else np.asarray(v)) for k, v in out.items()}


def rel(a, ref):
    scale = float(np.max(np.abs(ref)))
    return float(np.max(np.abs(a.astype(np.float64) - ref))) / scale if scale > 0 else 0.0


def flat(a):
    # "%.9g" of a float32 (widened exactly to float64) parses back to the same float32.
    return "[" + ",".join("%.9g" % v for v in np.asarray(a, dtype=np.float32).ravel().tolist()) + "]"


def make(index, c):
    rng = np.random.default_rng(1000 + index)
    kh, kw = c["kernel"]
    xshape = (c["batch"], c["inChannels"], c["height"], c["width"])
    wshape = (c["outChannels"], c["inChannels"] // c["groups"], kh, kw)
    x = rng.standard_normal(xshape).astype(np.float32)
    wt = (rng.standard_normal(wshape) / np.sqrt(np.prod(wshape[1:]))).astype(np.float32)
    b = rng.standard_normal(c["outChannels"]).astype(np.float32) if c["bias"] else None
    yshape = jax.eval_shape(lambda: conv(jnp.zeros(xshape, jnp.float32), jnp.zeros(wshape, jnp.float32), None, c)).shape
    gy = rng.standard_normal(yshape).astype(np.float32)
    r32 = compute((x, wt, b, gy), c, jnp.float32)
    r64 = compute((x, wt, b, gy), c, jnp.float64)
    noise = {k: rel(r32[k], r64[k]) for k in r32 if r32[k] is not None}
    fields = dict(c, outputShape=list(yshape), float32Noise=noise)
    body = [json.dumps(fields)[:-1]]
    tensors = dict(input=x, weight=wt, biasValues=b, gradOutput=gy, **r32)
    for k, v in tensors.items():
        if v is not None:
            assert np.all(np.isfinite(v)), (c["name"], k)
            body.append('"%s":%s' % (k, flat(v)))
    return ",".join(body) + "}"


def main():
    path = os.path.join(HERE, "cases.json")
    header = json.dumps(dict(generator="generate.py", jax=jax.__version__, numpy=np.__version__,
                             python=sys.version.split()[0]))[:-1]
    cases = [make(i, c) for i, c in enumerate(CASES)]
    with open(path, "w") as f:
        f.write(header + ',"cases":[\n' + ",\n".join(cases) + "\n]}\n")
    noise = {}
    for line in cases:
        for k, v in json.loads(line)["float32Noise"].items():
            noise[k] = max(noise.get(k, 0.0), v)
    print("JAX float32 vs float64, worst max|f32-f64|/max|f64| per tensor:", noise)
    print("wrote %d cases, %d bytes, to %s" % (len(cases), os.path.getsize(path), path))


if __name__ == "__main__":
    main()
