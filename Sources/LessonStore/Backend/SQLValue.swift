import Foundation
import GRDB

/// A value bound to a statement or read from a row, the same for every backend.
///
/// A NULL keeps the type of the value it stands for: PostgreSQL must know a parameter's type
/// (`$1 IS NULL`, or a NULL inserted into a BIGINT column), where SQLite does not care.
enum SQLValue: Sendable, Equatable {
    case integer(Int64?)
    case real(Double?)
    case text(String?)

    /// True for a NULL of any type.
    var isNull: Bool {
        switch self {
        case .integer(let value): value == nil
        case .real(let value): value == nil
        case .text(let value): value == nil
        }
    }
}

/// A Swift value the store binds to a statement.
protocol SQLBindable {
    /// The value as it is bound.
    var sqlValue: SQLValue { get }
    /// The NULL of this type, for `Optional.none`.
    static var sqlNull: SQLValue { get }
}

/// A Swift value the store reads from a row; nil when the stored value cannot be this type.
protocol SQLReadable {
    /// Converts a stored value.
    static func read(_ value: SQLValue) -> Self?
}

extension String: SQLBindable, SQLReadable {
    var sqlValue: SQLValue { .text(self) }
    static var sqlNull: SQLValue { .text(nil) }
    static func read(_ value: SQLValue) -> String? {
        if case .text(let text?) = value { return text }
        return nil
    }
}

extension Int64: SQLBindable, SQLReadable {
    var sqlValue: SQLValue { .integer(self) }
    static var sqlNull: SQLValue { .integer(nil) }
    static func read(_ value: SQLValue) -> Int64? {
        if case .integer(let number?) = value { return number }
        return nil
    }
}

extension Int: SQLBindable, SQLReadable {
    var sqlValue: SQLValue { .integer(Int64(self)) }
    static var sqlNull: SQLValue { .integer(nil) }
    static func read(_ value: SQLValue) -> Int? { Int64.read(value).map(Int.init) }
}

/// Booleans are INTEGER 0/1 in both schemas, as SQLite has no boolean type.
extension Bool: SQLBindable, SQLReadable {
    var sqlValue: SQLValue { .integer(self ? 1 : 0) }
    static var sqlNull: SQLValue { .integer(nil) }
    static func read(_ value: SQLValue) -> Bool? { Int64.read(value).map { $0 != 0 } }
}

/// NaN is stored as NULL on both backends (SQLite cannot store it; PostgreSQL could, but
/// then the two would read back differently): the schema says so for `metrics.value`.
extension Double: SQLBindable, SQLReadable {
    var sqlValue: SQLValue { .real(isNaN ? nil : self) }
    static var sqlNull: SQLValue { .real(nil) }
    static func read(_ value: SQLValue) -> Double? {
        switch value {
        case .real(let number?): number
        // SQLite hands back a REAL that holds an integral value as it was bound, and
        // aggregates over integers are integers.
        case .integer(let number?): Double(number)
        default: nil
        }
    }
}

/// Times are UTC text in GRDB's format (`YYYY-MM-DD HH:MM:SS.SSS`) on both backends, so
/// that they sort and read alike; GRDB does the formatting and parsing for both.
extension Date: SQLBindable, SQLReadable {
    var sqlValue: SQLValue {
        if case .string(let text) = databaseValue.storage { return .text(text) }
        return .text(nil)
    }
    static var sqlNull: SQLValue { .text(nil) }
    static func read(_ value: SQLValue) -> Date? {
        String.read(value).flatMap { Date.fromDatabaseValue($0.databaseValue) }
    }
}

extension Optional: SQLBindable where Wrapped: SQLBindable {
    var sqlValue: SQLValue { self?.sqlValue ?? Wrapped.sqlNull }
    static var sqlNull: SQLValue { Wrapped.sqlNull }
}

extension Optional: SQLReadable where Wrapped: SQLReadable {
    static func read(_ value: SQLValue) -> Wrapped?? {
        if value.isNull { return .some(nil) }
        return Wrapped.read(value).map { .some($0) }
    }
}

/// One row of a result, read by column name (as the query spells it, lower case) or position.
struct SQLRow: Sendable {
    /// The column names, in order.
    let columns: [String]
    /// The values, in column order.
    let values: [SQLValue]

    /// The value of `column` as `T`; an error naming the column when it is missing or of
    /// another type (a schema this build does not expect), never a crash.
    subscript<T: SQLReadable>(_ column: String) -> T {
        get throws {
            guard let index = columns.firstIndex(of: column) else {
                throw SQLRowError(column: column, problem: "is not in the result")
            }
            return try self[index]
        }
    }

    /// The value at `index` as `T`.
    subscript<T: SQLReadable>(_ index: Int) -> T {
        get throws {
            guard values.indices.contains(index) else {
                throw SQLRowError(column: "#\(index)", problem: "is not in the result")
            }
            guard let value = T.read(values[index]) else {
                throw SQLRowError(column: columns[index], problem: "holds \(values[index]), not a \(T.self)")
            }
            return value
        }
    }
}

/// A column that a row does not have, or not with the expected type.
struct SQLRowError: Error, CustomStringConvertible {
    let column: String
    let problem: String
    var description: String { "column \(column) \(problem)" }
}
