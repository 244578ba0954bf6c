import Testing
@testable import ConvLab

/// The synthetic dataset: deterministic, balanced, and with classes that differ as named.
@Suite struct TrainingDataTests {
    @Test func sameSeedSameImages() throws {
        let a = try SyntheticShapes.make(count: 20, seed: 3)
        let b = try SyntheticShapes.make(count: 20, seed: 3)
        let c = try SyntheticShapes.make(count: 20, seed: 4)
        #expect(a.images == b.images && a.labels == b.labels)
        #expect(a.images != c.images)
        #expect(a.images.shape == [20, 1, 16, 16])
        #expect((0..<10).allSatisfy { k in a.labels.filter { $0 == k }.count == 2 })
        let split = try SyntheticShapes.split(train: 30, test: 10, size: 32, seed: 1)
        #expect(split.train.images.shape == [30, 1, 32, 32] && split.test.count == 10)
        #expect(split.test.images != (try SyntheticShapes.make(count: 10, size: 32, seed: 1)).images)
    }

    /// Variance of the row means (a horizontal bar makes rows differ) against that of the column means.
    static func rowAndColumnVariance(_ image: [Float], side: Int) -> (rows: Double, columns: Double) {
        let rows = (0..<side).map { i in (0..<side).reduce(0.0) { $0 + Double(image[i * side + $1]) } / Double(side) }
        let cols = (0..<side).map { j in (0..<side).reduce(0.0) { $0 + Double(image[$1 * side + j]) } / Double(side) }
        func variance(_ x: [Double]) -> Double {
            let m = x.reduce(0, +) / Double(x.count)
            return x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count)
        }
        return (variance(rows), variance(cols))
    }

    @Test func barsAndStripesHaveTheirOrientation() throws {
        let data = try SyntheticShapes.make(count: 200, seed: 11)
        for i in 0..<data.count where [0, 1, 7, 8].contains(data.labels[i]) {
            let image = Array(data.batch(i..<(i + 1)).images.scalars)
            let (rows, columns) = Self.rowAndColumnVariance(image, side: 16)
            if data.labels[i] == 0 || data.labels[i] == 7 { #expect(rows > columns, "image \(i), class \(data.labels[i])") }
            else { #expect(columns > rows, "image \(i), class \(data.labels[i])") }
        }
    }

    @Test func shuffleKeepsPairs() throws {
        let data = try SyntheticShapes.make(count: 30, seed: 5)
        var generator = SeededGenerator(seed: 9)
        let shuffled = data.shuffled(using: &generator)
        #expect(shuffled.labels != data.labels && shuffled.labels.sorted() == data.labels.sorted())
        // Each shuffled image is found in the original with the same label.
        let first = shuffled.batch(0..<1)
        let match = (0..<30).first { data.batch($0..<($0 + 1)).images == first.images }
        #expect(match.map { data.labels[$0] } == first.labels.first)
    }

    @Test func badRequests() {
        #expect(throws: SyntheticShapes.DatasetError.unsupportedSize(4)) { try SyntheticShapes.make(count: 10, size: 4, seed: 1) }
        #expect(throws: SyntheticShapes.DatasetError.tooFewImages(3)) { try SyntheticShapes.make(count: 3, seed: 1) }
    }
}
