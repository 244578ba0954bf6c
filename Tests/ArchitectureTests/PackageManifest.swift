import Foundation

/// The targets of `Package.swift`, read as text (a manifest cannot be loaded from a test):
/// each `.target`, `.executableTarget` and `.testTarget` call with its name, folder and
/// dependencies (targets by name, products by their product name).
struct PackageManifest {
    struct Target: Hashable {
        var name: String
        var isTest: Bool
        var path: String
        var dependencies: Set<String>
    }

    /// The package's root folder, from this file's place in `Tests/ArchitectureTests`.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    var targets: [Target] = []

    init(text: String) {
        let chars = Array(text)
        var index = 0
        while let start = Self.find(chars, from: index, any: [".target(", ".executableTarget(", ".testTarget("]) {
            let open = chars[start...].firstIndex(of: "(")!
            let end = Self.closing(chars, open)
            let call = String(chars[(open + 1)..<end])
            let kind = String(chars[start..<open])
            let name = call.firstMatch(of: /name: "([^"]+)"/).map { String($0.output.1) } ?? ""
            let isTest = kind == ".testTarget"
            let path = call.firstMatch(of: /path: "([^"]+)"/).map { String($0.output.1) }
                ?? (isTest ? "Tests/" : "Sources/") + name
            var dependencies: Set<String> = []
            if let list = call.firstMatch(of: /dependencies: \[([^\]]*)\]/)?.output.1 {
                let products = list.matches(of: /\.product\(name: "([^"]+)"/).map { String($0.output.1) }
                let plain = list.replacing(/\.product\([^)]*\)/, with: "").matches(of: /"([^"]+)"/).map { String($0.output.1) }
                dependencies = Set(products + plain)
            }
            targets.append(Target(name: name, isTest: isTest, path: path, dependencies: dependencies))
            index = end
        }
    }

    /// The manifest of this package.
    static func load() throws -> PackageManifest {
        PackageManifest(text: try String(contentsOfFile: root + "/Package.swift", encoding: .utf8))
    }

    private static func find(_ chars: [Character], from start: Int, any needles: [String]) -> Int? {
        let found = needles.compactMap { needle -> Int? in
            let n = Array(needle)
            guard chars.count >= n.count else { return nil }
            return (start...(chars.count - n.count)).first { chars[$0..<($0 + n.count)].elementsEqual(n) }
        }
        return found.min()
    }

    /// The index of the parenthesis closing the one at `open` (strings in a manifest hold none
    /// that matter here, and comments are outside the calls).
    private static func closing(_ chars: [Character], _ open: Int) -> Int {
        var depth = 0
        for index in open..<chars.count {
            if chars[index] == "(" { depth += 1 }
            if chars[index] == ")" { depth -= 1; if depth == 0 { return index } }
        }
        return chars.count
    }
}
