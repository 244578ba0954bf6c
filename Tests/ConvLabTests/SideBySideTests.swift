import Foundation
import Testing
@testable import ConvLab

/// `sideBySide`: experiments on separate threads give the bits of one-thread runs, in order.
@Suite struct SideBySideTests {
    /// A small degradation run: two seeds, a network of 8 and 16 channels (the narrow ∂weight).
    private func configuration(seed: UInt64) -> Degradation.Configuration {
        Degradation.Configuration(deepBlocks: 1, trainImages: 32,
                                  training: TrainingConfiguration(epochs: 1, batchSize: 16, learningRate: 0.03), seed: seed)
    }

    private func losses(_ result: Degradation.Result) -> [Double] {
        (result.shallowPlain + result.deepPlain + result.deepResidual).map(\.trainLoss)
    }

    @Test func resultsAreThoseOfOneThreadRunsInOrder() throws {
        let seeds: [UInt64] = [3, 1, 2]
        let alone = try withWorkerLimit(1) { try seeds.map { try Degradation.run(configuration(seed: $0)) } }
        let together = try sideBySide(seeds.count) { [self] index in try Degradation.run(configuration(seed: seeds[index])) }
        #expect(together.map(losses) == alone.map(losses))     // the same bits, seed by seed
        #expect(Set(alone.map(losses)).count == 3)              // and the seeds differ
    }

    @Test func theFirstErrorInOrderIsThrownAfterEveryExperiment() throws {
        struct Failed: Error, Equatable { let index: Int }
        let ran = Counter()
        #expect(throws: Failed(index: 1)) {
            _ = try sideBySide(4) { index in
                ran.add()
                if index % 2 == 1 { throw Failed(index: index) }
                return index
            }
        }
        #expect(ran.value == 4)
        #expect(try sideBySide(0) { $0 } == [])
    }

    @Test func everyExperimentRunsOnOneThread() throws {
        let limits = try sideBySide(3) { _ in WorkerLimit.current }
        #expect(limits == [1, 1, 1])
    }
}

/// A count shared by experiments on several threads.
private final class Counter: @unchecked Sendable {
    // @unchecked: `count` is read and written only under `lock`.
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
