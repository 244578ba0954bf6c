/// A dense, contiguous array of `Float` with a shape of rank 1 to 4.
///
/// Images are stored NCHW (batch, channels, height, width), row-major, as in PyTorch, so
/// that weights and published shapes read the same here as there. A `Tensor` is a value:
/// copying it is cheap (copy-on-write storage) and mutating a copy never changes the original.
public struct Tensor: Sendable, Equatable {
    /// The extent of each axis, outermost first.
    public let shape: [Int]
    /// The elements in row-major order; `scalars.count` is always the product of `shape`.
    public internal(set) var scalars: [Float]

    /// A tensor with the given shape and elements; stops with a message naming both if the
    /// element count does not match the shape.
    public init(shape: [Int], scalars: [Float]) {
        Tensor.checkShape(shape)
        let expected = shape.reduce(1, *)
        if expected != scalars.count {
            fatalError("Tensor: shape \(shape) needs \(expected) scalars, but \(scalars.count) were given")
        }
        self.shape = shape
        self.scalars = scalars
    }

    /// A tensor of the given shape with every element equal to `value`.
    public init(shape: [Int], repeating value: Float) {
        Tensor.checkShape(shape)
        self.shape = shape
        self.scalars = [Float](repeating: value, count: shape.reduce(1, *))
    }

    /// A tensor whose element at each multi-index is `element(index)`, visited in row-major order.
    public init(shape: [Int], _ element: ([Int]) -> Float) {
        Tensor.checkShape(shape)
        let count = shape.reduce(1, *)
        var scalars = [Float]()
        scalars.reserveCapacity(count)
        var index = [Int](repeating: 0, count: shape.count)
        for _ in 0..<count {
            scalars.append(element(index))
            Tensor.increment(&index, within: shape)
        }
        self.shape = shape
        self.scalars = scalars
    }

    /// A tensor of zeros.
    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(shape: shape, repeating: 0) }
    /// A tensor of ones.
    public static func ones(_ shape: [Int]) -> Tensor { Tensor(shape: shape, repeating: 1) }
    /// A tensor with every element equal to `value`.
    public static func filled(_ shape: [Int], with value: Float) -> Tensor {
        Tensor(shape: shape, repeating: value)
    }

    /// The number of axes.
    public var rank: Int { shape.count }
    /// The number of elements.
    public var count: Int { scalars.count }

    /// The element at a multi-index given in full (one integer per axis).
    public subscript(_ index: Int...) -> Float {
        get { scalars[offset(of: index)] }
        set { scalars[offset(of: index)] = newValue }
    }

    /// The same elements viewed with another shape of the same element count.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        let expected = newShape.reduce(1, *)
        if expected != count {
            fatalError("Tensor.reshaped: cannot view \(count) scalars of shape \(shape) as \(newShape) (\(expected) scalars)")
        }
        return Tensor(shape: newShape, scalars: scalars)
    }

    /// The row-major offset of a full multi-index; stops if it is out of range.
    func offset(of index: [Int]) -> Int {
        if index.count != shape.count {
            fatalError("Tensor: index \(index) has \(index.count) axes, the tensor has shape \(shape)")
        }
        var offset = 0
        for (axis, i) in index.enumerated() {
            if i < 0 || i >= shape[axis] {
                fatalError("Tensor: index \(index) is out of range for shape \(shape)")
            }
            offset = offset * shape[axis] + i
        }
        return offset
    }

    static func checkShape(_ shape: [Int]) {
        if shape.isEmpty || shape.count > 4 || shape.contains(where: { $0 < 0 }) {
            fatalError("Tensor: shape \(shape) is not supported (rank 1 to 4, no negative extents)")
        }
    }

    /// Advances a row-major multi-index by one (the last axis fastest).
    static func increment(_ index: inout [Int], within shape: [Int]) {
        var axis = shape.count - 1
        while axis >= 0 {
            index[axis] += 1
            if index[axis] < shape[axis] { return }
            index[axis] = 0
            axis -= 1
        }
    }
}

// MARK: - Element-wise arithmetic

extension Tensor {
    /// Applies `transform` to every element.
    public func map(_ transform: (Float) -> Float) -> Tensor {
        Tensor(shape: shape, scalars: scalars.map(transform))
    }

    /// Combines two tensors of the same shape element by element; stops if the shapes differ.
    public func zip(_ other: Tensor, _ combine: (Float, Float) -> Float) -> Tensor {
        if shape != other.shape {
            fatalError("Tensor: element-wise operation on shapes \(shape) and \(other.shape), which differ")
        }
        var result = scalars
        result.withUnsafeMutableBufferPointer { out in
            other.scalars.withUnsafeBufferPointer { rhs in
                for i in out.indices { out[i] = combine(out[i], rhs[i]) }
            }
        }
        return Tensor(shape: shape, scalars: result)
    }

    /// Element-wise sum of two tensors of the same shape.
    public static func + (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.zip(rhs, +) }
    /// Element-wise difference of two tensors of the same shape.
    public static func - (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.zip(rhs, -) }
    /// Element-wise product of two tensors of the same shape.
    public static func * (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.zip(rhs, *) }
    /// Element-wise quotient of two tensors of the same shape.
    public static func / (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.zip(rhs, /) }
    /// Adds a scalar to every element.
    public static func + (lhs: Tensor, rhs: Float) -> Tensor { lhs.map { $0 + rhs } }
    /// Subtracts a scalar from every element.
    public static func - (lhs: Tensor, rhs: Float) -> Tensor { lhs.map { $0 - rhs } }
    /// Multiplies every element by a scalar.
    public static func * (lhs: Tensor, rhs: Float) -> Tensor { lhs.map { $0 * rhs } }
    /// Multiplies every element by a scalar.
    public static func * (lhs: Float, rhs: Tensor) -> Tensor { rhs.map { lhs * $0 } }
    /// Divides every element by a scalar.
    public static func / (lhs: Tensor, rhs: Float) -> Tensor { lhs.map { $0 / rhs } }
    /// Negates every element.
    public static prefix func - (operand: Tensor) -> Tensor { operand.map { -$0 } }
    /// Adds `rhs` element-wise in place.
    public static func += (lhs: inout Tensor, rhs: Tensor) { lhs = lhs + rhs }
    /// Subtracts `rhs` element-wise in place.
    public static func -= (lhs: inout Tensor, rhs: Tensor) { lhs = lhs - rhs }
    /// Multiplies every element in place by a scalar.
    public static func *= (lhs: inout Tensor, rhs: Float) { lhs = lhs * rhs }
}

// MARK: - Reductions

extension Tensor {
    /// The sum of all elements, accumulated in `Double`.
    public func sum() -> Double {
        var total = 0.0
        for x in scalars { total += Double(x) }
        return total
    }

    /// The mean of all elements.
    public func mean() -> Double { count == 0 ? 0 : sum() / Double(count) }

    /// The population variance of all elements (divided by the count, as numpy's `var`).
    public func variance() -> Double {
        guard count > 0 else { return 0 }
        let mu = mean()
        var total = 0.0
        for x in scalars { total += (Double(x) - mu) * (Double(x) - mu) }
        return total / Double(count)
    }

    /// The population standard deviation of all elements.
    public func standardDeviation() -> Double { variance().squareRoot() }

    /// The Euclidean (L2) norm of all elements.
    public func l2Norm() -> Double {
        var total = 0.0
        for x in scalars { total += Double(x) * Double(x) }
        return total.squareRoot()
    }

    /// The largest element; stops on an empty tensor.
    public func max() -> Float {
        guard let best = scalars.max() else { fatalError("Tensor.max: the tensor of shape \(shape) is empty") }
        return best
    }

    /// The smallest element; stops on an empty tensor.
    public func min() -> Float {
        guard let least = scalars.min() else { fatalError("Tensor.min: the tensor of shape \(shape) is empty") }
        return least
    }

    /// The multi-index of the largest element (the first one on ties).
    public func argmax() -> [Int] {
        guard var best = scalars.first else { fatalError("Tensor.argmax: the tensor of shape \(shape) is empty") }
        var bestOffset = 0
        for (offset, x) in scalars.enumerated() where x > best {
            best = x
            bestOffset = offset
        }
        return multiIndex(ofOffset: bestOffset)
    }

    /// The multi-index of a row-major offset.
    public func multiIndex(ofOffset offset: Int) -> [Int] {
        var rest = offset
        var index = [Int](repeating: 0, count: rank)
        for axis in stride(from: rank - 1, through: 0, by: -1) {
            index[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return index
    }
}
