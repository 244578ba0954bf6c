import Foundation

/// Dates on pages, always in UTC with a fixed format, so a page does not depend on the
/// machine's time zone or locale.
enum SiteDates {
    /// `2026-11-29T01:10:00Z`, for `<time datetime>`.
    static func iso(_ date: Date) -> String {
        format(date, "yyyy-MM-dd'T'HH:mm:ss'Z'")
    }

    /// `2026-11-29 01:10 UTC`, for readers.
    static func human(_ date: Date) -> String {
        format(date, "yyyy-MM-dd HH:mm 'UTC'")
    }

    private static func format(_ date: Date, _ pattern: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }
}
