import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 client over a plain socket, so the tests see exactly the bytes the
/// server sends (a path with `..` is sent as written, and an event stream is read as it
/// arrives), which URLSession on Linux does not allow.
enum HTTPProbe {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    /// A socket connected to `host:port`.
    static func connect(host: String = "127.0.0.1", port: UInt16) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        inet_pton(AF_INET, host, &address.sin_addr)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(socket)
            throw Failure(description: "cannot connect to \(host):\(port): errno \(errno)")
        }
        return socket
    }

    /// `GET path`, read until the body is complete (by `Content-Length`) or the server closes.
    /// Async, and waiting by sleeping, never in `poll`: the server may need this very thread.
    static func get(_ path: String, port: UInt16, method: String = "GET", timeout: Double = 120) async throws -> Response {
        let socket = try connect(port: port)
        defer { close(socket) }
        try send("\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", to: socket)
        var received = Data()
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let response = parse(received), let length = response.headers["content-length"].flatMap(Int.init),
               response.body.utf8.count >= length { return response }
            switch read(socket) {
            case .bytes(let chunk): received.append(chunk)
            case .none: try await Task.sleep(for: .milliseconds(10))
            case .end: return try parsed(received, path)
            }
        }
        return try parsed(received, path)
    }

    private static func parsed(_ received: Data, _ path: String) throws -> Response {
        guard let response = parse(received) else { throw Failure(description: "no HTTP response to \(path): \(String(decoding: received, as: UTF8.self))") }
        return response
    }

    static func send(_ text: String, to socket: Int32) throws {
        let bytes = Array(text.utf8)
        guard Glibc.send(socket, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count else { throw Failure(description: "send failed") }
    }

    enum Read { case bytes(Data), none, end }

    /// The bytes waiting on `socket`, `none` when none are, `end` when the server closed it.
    static func read(_ socket: Int32) -> Read {
        var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 0) > 0 else { return .none }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = recv(socket, &buffer, buffer.count, 0)
        return count > 0 ? .bytes(Data(buffer[0..<count])) : .end
    }

    static func parse(_ data: Data) -> Response? {
        let text = String(decoding: data, as: UTF8.self)
        guard let end = text.range(of: "\r\n\r\n") else { return nil }
        let lines = text[..<end.lowerBound].components(separatedBy: "\r\n")
        guard let status = lines.first?.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Response(status: status, headers: headers, body: String(text[end.upperBound...]))
    }

    /// An open server-sent events stream, read as the events arrive.
    final class EventStream {
        private let socket: Int32
        /// Everything received so far (headers, chunk sizes and events).
        private(set) var received = ""

        init(port: UInt16, path: String = "/__lessons/events") throws {
            socket = try HTTPProbe.connect(port: port)
            try HTTPProbe.send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n", to: socket)
        }

        deinit { close(socket) }

        /// The `data:` of every `reload` event received so far, in order.
        var reloads: [String] {
            received.components(separatedBy: "event: reload\n").dropFirst().compactMap { part in
                part.split(separator: "\n").first.flatMap { $0.hasPrefix("data: ") ? String($0.dropFirst(6)) : nil }
            }
        }

        /// Reads until `reloads` satisfies `condition` or `timeout` passes; true if it did.
        func wait(timeout: Double, until condition: ([String]) -> Bool) async throws -> Bool {
            let deadline = Date().addingTimeInterval(timeout)
            while !condition(reloads) {
                guard Date() < deadline else { return false }
                switch HTTPProbe.read(socket) {
                case .bytes(let chunk): received += String(decoding: chunk, as: UTF8.self)
                case .none: try await Task.sleep(for: .milliseconds(10))
                case .end: return false
                }
            }
            return true
        }
    }
}
