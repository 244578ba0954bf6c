import Foundation

/// A PostgreSQL store named as `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?schema=NAME]`
/// (or `postgresql://`). Parsed in every build, so that a build without the `Postgres`
/// trait can tell a URL from a file name and say how to rebuild.
struct PostgresURL: Equatable, Sendable {
    var user: String
    /// From the URL, else `$PGPASSWORD` (libpq's variable), else none (trust or peer auth).
    var password: String?
    var host: String
    var port: Int
    var database: String
    /// The schema that holds the tables (created when missing); nil: the user's default
    /// (`public`). One database can keep several classes apart this way.
    var schema: String?

    /// The URL schemes that name a PostgreSQL store (libpq's two).
    static let schemes = ["postgres", "postgresql"]

    /// PostgreSQL's port when the URL gives none.
    static let defaultPort = 5432

    /// Host and port as a person writes them, for messages.
    var address: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// The URL without its password: what messages and `LessonDatabase.path` show.
    var redacted: String {
        "postgres://\(user)@\(address)/\(database)" + (schema.map { "?schema=\($0)" } ?? "")
    }

    /// `text` with the password of a `USER:PASSWORD@` part removed, for messages about a URL
    /// that could not be parsed.
    private static func redact(_ text: String) -> String {
        guard let at = text.lastIndex(of: "@"), let scheme = text.range(of: "://"),
              scheme.upperBound < at,
              let colon = text[scheme.upperBound..<at].firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + String(text[at...])
    }
}

extension PostgresURL {
    /// The URL in `text`, nil when `text` is not a `postgres://` URL at all (a file name),
    /// or an error when it is one but incomplete.
    init?(parsing text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(StoreError) {
        guard StoreLocation.isServer(text) else { return nil }
        let shown = Self.redact(text)
        func invalid(_ problem: String) -> StoreError {
            .cannotOpen(path: shown, detail: "\(problem); write it as postgres://USER@HOST:PORT/DATABASE")
        }
        guard let parts = URLComponents(string: text) else { throw invalid("it is not a valid URL") }
        guard let user = parts.user, !user.isEmpty else { throw invalid("it names no user") }
        guard let host = parts.host, !host.isEmpty else { throw invalid("it names no host") }
        let database = String(parts.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else { throw invalid("it names no database") }
        var schema: String?
        for item in parts.queryItems ?? [] {
            guard item.name == "schema", let value = item.value, !value.isEmpty else {
                throw invalid("its only option is ?schema=NAME, not \(item.name)")
            }
            schema = value
        }
        self.user = user
        self.password = parts.password ?? environment["PGPASSWORD"]
        // URLComponents keeps an IPv6 literal's brackets.
        self.host = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        self.port = parts.port ?? Self.defaultPort
        self.database = database
        self.schema = schema
    }
}
