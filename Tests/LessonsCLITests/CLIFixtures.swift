import CLIHarness
import Foundation
import Testing

/// Running the fixture chapters of `Tests/Fixtures` with the shared `CLI` launcher.
extension CLI {
    /// `lessons run Tests/Fixtures/<name> --json`, with the chapter's cells.
    static func runFixture(_ name: String) throws -> (Result, [String: Any], [[String: Any]]) {
        let result = try run(["run", "Tests/Fixtures/\(name)", "--json"])
        let json = try result.json()
        let cells = try #require(json["cells"] as? [[String: Any]])
        return (result, json, cells)
    }

    /// The statuses of the cells, in order.
    static func statuses(_ cells: [[String: Any]]) -> [String] {
        cells.map { $0["status"] as? String ?? "?" }
    }
}
