import Foundation
import LiveServer
import Testing

@Suite struct SourceWatcherTests {
    @Test func noticesEditsAdditionsAndRemovalsOfTheFilesThatCount() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent(".hidden"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let chapter = folder.appendingPathComponent("01-a.md").path
        try "one".write(toFile: chapter, atomically: false, encoding: .utf8)
        try "x".write(toFile: folder.appendingPathComponent("notes.txt").path, atomically: false, encoding: .utf8)
        let watcher = SourceWatcher(roots: [.init(path: folder.path, extensions: ["md"])])
        let before = watcher.scan()
        #expect(Array(before.keys) == [chapter])

        // Files that do not count, and hidden ones (a database, a swap file), wake nothing.
        try "y".write(toFile: folder.appendingPathComponent("notes.txt").path, atomically: false, encoding: .utf8)
        try "z".write(toFile: folder.appendingPathComponent(".hidden/02-b.md").path, atomically: false, encoding: .utf8)
        #expect(watcher.scan() == before)

        // Same size, new content: the modification time tells.
        usleep(20_000)
        try "two".write(toFile: chapter, atomically: true, encoding: .utf8)
        let added = folder.appendingPathComponent("02-b.md").path
        try "new".write(toFile: added, atomically: false, encoding: .utf8)
        let (changed, after) = watcher.waitForChange(after: before, interval: .milliseconds(20))
        #expect(changed == [chapter, added])

        try FileManager.default.removeItem(atPath: added)
        #expect(SourceWatcher.changes(from: after, to: watcher.scan()) == [added])
    }
}
