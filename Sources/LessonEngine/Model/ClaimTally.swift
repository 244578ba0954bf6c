import LessonRuntime

/// A chapter run's claims counted the way every report shows them (`lessons verify`, the
/// site's pages, the stepper): the claims of cells that failed as they should (an exercise's
/// claims fail as written, on purpose) are counted apart, never as failures.
public struct ClaimTally: Sendable, Hashable {
    /// Claims of checked cells that held.
    public var hold: Int
    /// Claims of checked cells that did not hold: real failures.
    public var fail: Int
    /// Claims of `exercise` and `fails` cells that failed as expected.
    public var inExpectedFailures: Int

    /// The claims that count (`hold + fail`): every claim checked outside expected failures.
    public var checked: Int { hold + fail }
    /// Every claim of the run.
    public var total: Int { checked + inExpectedFailures }

    /// The tally of `run`'s cells. A cell that was not run has made no claims.
    public init(_ run: ChapterRun) {
        self.init(run.cells)
    }

    /// The tally of the given cells (of one run or of several).
    public init(_ cells: [CellResult]) {
        let checked = cells.filter { $0.status != .expectedFailure && $0.status != .notRun }.flatMap(\.claims)
        hold = checked.filter(\.passed).count
        fail = checked.count - hold
        inExpectedFailures = cells.filter { $0.status == .expectedFailure }.flatMap(\.claims).count
    }

    /// `14 hold, 2 in exercises that fail as expected` (with `1 fails` between when a checked claim
    /// failed); empty when there are no claims.
    public var phrase: String {
        guard total > 0 else { return "" }
        var parts = [hold == 1 ? "1 holds" : "\(hold) hold"]
        if fail > 0 { parts.append(fail == 1 ? "1 fails" : "\(fail) fail") }
        if inExpectedFailures > 0 { parts.append("\(inExpectedFailures) in exercises that fail as expected") }
        return parts.joined(separator: ", ")
    }
}
