import Foundation
import Testing
@testable import LessonStore

/// Processes that find no store and create it at the same moment: schema creation and the
/// switch to WAL mode must not make any of them fail with "database is locked".
@Suite("Creating a store from many processes at once", .timeLimit(.minutes(5)))
struct CreationRaceTests {
    @Test func fourProcessesCreatingTheStoreAllRecordTheirRun() throws {
        for round in 0..<20 {
            let folder = try TemporaryFolder()
            let path = folder.file("lessons.sqlite")
            let tags = (0..<4).map { "p\($0)" }
            let children = try tags.map { tag in try ChildProcess.start("store-stress", ["runs", path, tag, "1"]) }
            for child in children {
                let (status, errors) = child.finish()
                #expect(status == 0, "round \(round): store-stress failed: \(errors)")
            }
            let db = try LessonDatabase.open(at: path)
            for tag in tags {
                #expect(try db.runs(chapter: tag).count == 1, "round \(round): the run of \(tag) is missing")
            }
        }
    }
}

/// A database named with `--db` in a folder that does not exist is an error naming the
/// folder; the default location's folder is still created.
@Suite struct MissingFolderTests {
    @Test func aMissingFolderIsNamed() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("typo/lessons.sqlite")
        let error = #expect(throws: StoreError.self) { try LessonDatabase.open(at: path, createFolder: false) }
        #expect(error == .missingFolder(path: path, folder: folder.file("typo")))
        #expect(error?.description.contains("the folder \(folder.file("typo")) does not exist") == true)
        #expect(!FileManager.default.fileExists(atPath: folder.file("typo")))
        _ = try LessonDatabase.open(at: folder.file("book/.lessons/lessons.sqlite"))
        #expect(FileManager.default.fileExists(atPath: folder.file("book/.lessons/lessons.sqlite")))
    }

    @Test func theCLIExitsWithTwoNamingTheFolder() throws {
        let folder = try TemporaryFolder()
        let child = try ChildProcess.start(
            "lessons", ["run", "Tests/Fixtures/01-basics.md", "--db", folder.file("nowhere/x.sqlite")])
        let (status, errors) = child.finish()
        #expect(status == 2)
        #expect(errors.contains("the folder \(folder.file("nowhere")) does not exist"))
    }
}
