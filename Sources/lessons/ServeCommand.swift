import ArgumentParser
import Foundation
import LessonEngine
import LiveServer

/// `lessons serve`: builds the site into memory, serves it, and rebuilds it when a chapter
/// or ConvLab's sources change; open pages reload through server-sent events.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the site on this machine and rebuild it, reloading the browser, whenever a chapter or ConvLab changes.",
        discussion: """
            Listens on 127.0.0.1 (this machine only) unless --host says otherwise. Only what changed \
            runs again: unchanged chapters come from the store. A chapter that fails shows its errors \
            on its page (and on top of every page) at their markdown lines, and the server keeps \
            serving. Nothing is written into site/. Ctrl-C stops it. Exit status: 2 when the address \
            cannot be used or the book cannot be read at the start.
            """)

    @OptionGroup var options: BookOptions

    @OptionGroup var jobs: JobsOption

    @Option(help: "The port to listen on (0: any free port, printed on start).")
    var port = 8000

    @Option(help: "The address to listen on. The default, 127.0.0.1, lets only this machine in; 0.0.0.0 (or ::) lets in every machine that can reach this one.")
    var host = "127.0.0.1"

    @Flag(help: "Open the site in the default browser (xdg-open).")
    var open = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port needs a number from 0 to 65535, got \(port)") }
    }

    func run() throws {
        _ = try BookSession.load(options.book)  // a missing book is a usage error, before listening
        var preview = SitePreview(options: options, jobs: jobs.count, database: try StoreAccess.open(options))
        let watcher = SourceWatcher(roots: Self.watched(book: options.book))
        var scan = watcher.scan()
        let (first, summary) = preview.build()
        let (host, port) = (self.host, UInt16(self.port))
        let started: Result<LiveServer, LiveServerError> = Blocking.wait {
            do throws(LiveServerError) { return .success(try await LiveServer(host: host, port: port, initial: first)) } catch { return .failure(error) }
        }
        let server = try InputError.wrap { () throws(LiveServerError) in try started.get() }
        let listening = Blocking.wait { await server.port }
        let url = "http://\(host.contains(":") ? "[\(host)]" : host):\(listening)/"
        say("lessons: built \(summary)")
        say("lessons: serving \(options.book) at \(url) — "
            + (server.isLoopbackOnly ? "this machine only" : "reachable from other machines (--host \(host))")
            + "; watching \(watcher.roots.map(\.path).joined(separator: " and ")); Ctrl-C stops")
        if open { Self.openBrowser(url) }
        while true {
            let (changed, next) = watcher.waitForChange(after: scan)
            scan = next
            say("lessons: changed: " + changed.map { ($0 as NSString).lastPathComponent }.joined(separator: ", "))
            let started = ContinuousClock.now
            var rebuildError: String?
            let convLabChanged = changed.contains { $0.hasSuffix(".swift") }
            if convLabChanged {
                say("lessons: rebuilding ConvLab…")
                do { try BuildProducts.rebuild() } catch { rebuildError = "ConvLab does not build: \(error.description)" }
            }
            let built = preview.build(freshEngine: convLabChanged)
            var snapshot = built.snapshot
            if let rebuildError {
                snapshot.notice = [rebuildError, snapshot.notice].compactMap { $0 }.joined(separator: "\n")
            }
            server.publish(snapshot)
            say("lessons: rebuilt in \(Self.milliseconds(since: started)) ms (\(built.summary)); reloading \(server.listeners) page(s)")
        }
    }

    /// The book's markdown and, when `lessons` runs from its package's build folder, ConvLab's sources.
    static func watched(book: String) -> [SourceWatcher.Root] {
        var roots = [SourceWatcher.Root(path: book, extensions: ["md"])]
        if let package = BuildProducts.sourcePackage() {
            let convLab = (package as NSString).appendingPathComponent("Sources/ConvLab")
            if FileManager.default.fileExists(atPath: convLab) { roots.append(.init(path: convLab, extensions: ["swift"])) }
        }
        return roots
    }

    /// A line on stdout now, not when a buffer fills: the loop never ends, and a script or
    /// test reads the address from the first lines.
    private func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// Starts the browser and does not wait for it. Not through `ProcessRunner`: its
    /// supervisor kills every descendant when the child ends, and the browser must outlive
    /// `xdg-open`.
    static func openBrowser(_ url: String) {
        guard let xdgOpen = Toolchain.findOnPath("xdg-open") else {
            return FileHandle.standardError.write(Data("lessons: no xdg-open on PATH to open a browser; open \(url)\n".utf8))
        }
        let opener = Process()
        opener.executableURL = URL(fileURLWithPath: xdgOpen)
        opener.arguments = [url]
        opener.standardOutput = FileHandle.nullDevice
        opener.standardError = FileHandle.nullDevice
        do { try opener.run() } catch {
            FileHandle.standardError.write(Data("lessons: could not open a browser (\(error)); open \(url)\n".utf8))
        }
    }

    private static func milliseconds(since start: ContinuousClock.Instant) -> Int {
        let elapsed = ContinuousClock.now - start
        return Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
    }
}
