import FlyingFox
import Foundation

/// Answers every request: the event stream, the reload script, or a file of the snapshot
/// (pages with the script added). Only GET and HEAD; nothing is ever written.
struct SiteHandler: HTTPHandler {
    let state: SnapshotState
    let events: ReloadEvents

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard request.method == .GET || request.method == .HEAD else {
            return Self.text(.methodNotAllowed, "only GET and HEAD are served\n", headers: [.init("Allow"): "GET, HEAD"])
        }
        let snapshot = state.current
        switch request.path {
        case ReloadScript.eventsPath:
            let stream = events.subscribe(first: ReloadEvents.reload(generation: snapshot.generation))
            return HTTPResponse(statusCode: .ok, headers: [
                .contentType: "text/event-stream", .init("Cache-Control"): "no-store",
            ], body: HTTPBodySequence(from: EventStreamBody(messages: stream)))
        case ReloadScript.path:
            return Self.file(Data(ReloadScript.source.utf8), type: "text/javascript; charset=utf-8")
        default:
            guard let path = RequestPath.sitePath(request.path) else {
                return Self.text(.badRequest, "this path cannot name a file of the site\n")
            }
            guard let file = snapshot.file(at: path) else {
                return Self.text(.notFound, "no file '\(path)' in the site\n")
            }
            guard file.contentType.hasPrefix("text/html") else { return Self.file(file.body, type: file.contentType) }
            let page = ReloadScript.inject(
                into: String(decoding: file.body, as: UTF8.self), generation: snapshot.generation, notice: snapshot.notice)
            return Self.file(Data(page.utf8), type: file.contentType)
        }
    }

    /// A file, never cached: the next build may change it at any moment.
    private static func file(_ body: Data, type: String) -> HTTPResponse {
        HTTPResponse(statusCode: .ok, headers: [.contentType: type, .init("Cache-Control"): "no-store"], body: body)
    }

    private static func text(_ status: HTTPStatusCode, _ message: String, headers: HTTPHeaders = [:]) -> HTTPResponse {
        var all = headers
        all[.contentType] = "text/plain; charset=utf-8"
        return HTTPResponse(statusCode: status, headers: all, body: Data(message.utf8))
    }
}
