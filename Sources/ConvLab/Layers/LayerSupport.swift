/// Small helpers shared by the layers: gradient accumulation and the "forward first" check.
/// Kept concrete and non-inlinable so that cells compiled -Onone call ConvLab's optimised code.

/// Adds `delta` into `gradient` element by element (parameter gradients accumulate across
/// backward calls until `zeroGradient()`, as in PyTorch).
func accumulateGradient(_ delta: Tensor, into gradient: inout Tensor, layer: String) {
    if delta.shape != gradient.shape {
        fatalError("\(layer): gradient of shape \(delta.shape) cannot accumulate into a parameter of shape \(gradient.shape)")
    }
    gradient.scalars.withUnsafeMutableBufferPointer { g in
        delta.scalars.withUnsafeBufferPointer { d in
            for i in 0..<g.count { g[i] += d[i] }
        }
    }
}

/// The value `forward` stored, or a stop explaining that backward needs a forward pass first.
func remembered<T>(_ value: T?, _ layer: String) -> T {
    guard let value else {
        fatalError("\(layer).backward was called before forward: call forward(x) first, then backward(∂loss/∂output)")
    }
    return value
}

/// Stops unless `tensor` has rank 4 (NCHW), naming the layer and the shape it got.
func requireImages(_ tensor: Tensor, _ layer: String) {
    if tensor.rank != 4 {
        fatalError("\(layer): expects an NCHW tensor of rank 4, got shape \(tensor.shape)")
    }
}

/// Stops unless a backward gradient has the shape of the output the forward pass produced.
func requireShape(_ gradOutput: Tensor, _ expected: [Int], _ layer: String) {
    if gradOutput.shape != expected {
        fatalError("\(layer).backward: gradOutput has shape \(gradOutput.shape), but the forward output had shape \(expected)")
    }
}
