import Foundation
import GoldenFiles
import Testing

/// Compares rendered text with `Golden/<name>` (see `GoldenFiles.check`).
func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    GoldenFiles.check(actual, name, in: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden"),
                      sourceLocation: sourceLocation)
}
