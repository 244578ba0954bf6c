#if Postgres
import Foundation
import PostgresNIO

/// What went wrong with PostgreSQL, in words a teacher can act on: which server, and what it
/// (or the network) answered.
enum PostgresFailure {
    /// Why connecting to `url` failed: "cannot connect to PostgreSQL at HOST:PORT: …".
    static func connecting(to url: PostgresURL, _ error: any Error) -> String {
        "cannot connect to PostgreSQL at \(url.address): " + reason(error, url: url)
    }

    /// A failure after connecting: the server's message, or the connection's fate.
    static func describe(_ error: any Error, url: PostgresURL) -> String {
        if let error = error as? PSQLError, error.serverInfo == nil, error.underlying == nil,
           error.code == .serverClosedConnection || error.code == .clientClosedConnection {
            return "the connection to PostgreSQL at \(url.address) was closed"
        }
        return reason(error, url: url)
    }

    private static func reason(_ error: any Error, url: PostgresURL) -> String {
        switch error {
        case let error as PSQLError:
            if let message = error.serverInfo?[.message] {
                // e.g. `database "x" does not exist`, `password authentication failed for user "y"`
                let state = error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
                return message + state
            }
            if error.code == .authMechanismRequiresPassword {
                return "the server asks for a password: give it in the URL "
                    + "(postgres://USER:PASSWORD@HOST:PORT/DB) or in PGPASSWORD"
            }
            if let underlying = error.underlying { return reason(underlying, url: url) }
            return "\(error.code)"
        case let error as NIOConnectionError:
            if let first = error.connectionErrors.first { return reason(first.error, url: url) }
            if error.dnsAError != nil || error.dnsAAAAError != nil {
                return "the host name \(url.host) cannot be resolved"
            }
            return "no address to connect to for \(url.host)"
        case let error as IOError:
            return String(cString: strerror(error.errnoCode)).lowercased()
        case ChannelError.connectTimeout:
            return "no answer within \(PostgresBackend.connectTimeout.nanoseconds / 1_000_000_000) s"
        default:
            return "\(error)"
        }
    }
}
#endif
