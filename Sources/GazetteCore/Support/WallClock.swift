import Foundation

/// The one source of "now" for everything a user sees: relative dates, "2 days ago" in
/// scraped pages, import times, the names of kept-aside files.
///
/// `GAZETTE_NOW` (an ISO 8601 time such as `2028-01-06T00:00:00Z`) pins it, for reproducible
/// tests, demos and screenshots, as `SOURCE_DATE_EPOCH` does for builds; programs Gazette
/// starts inherit it. Durations (timeouts, benchmarks) use a monotonic clock, never this one.
public enum WallClock {
    /// The pinned time from `GAZETTE_NOW`, read once.
    private static let pinned: Result<Date?, Problem> = pinned(environment: ProcessInfo.processInfo.environment)

    /// A `GAZETTE_NOW` that could not be read; the system clock is used instead.
    public struct Problem: Error, CustomStringConvertible {
        public var value: String
        public var description: String {
            "GAZETTE_NOW=\(Sanitize.line(value)) is not an ISO 8601 time (such as 2028-01-06T00:00:00Z); using the system clock"
        }
    }

    /// Now: the pinned time when `GAZETTE_NOW` is set and valid, else the system clock.
    public static func now() -> Date {
        if case .success(let date?) = pinned { return date }
        return Date()
    }

    /// Why `GAZETTE_NOW` was ignored, if it was set and unreadable.
    public static var problem: Problem? {
        if case .failure(let problem) = pinned { return problem }
        return nil
    }

    static func pinned(environment: [String: String]) -> Result<Date?, Problem> {
        guard let value = environment["GAZETTE_NOW"], !value.isEmpty else { return .success(nil) }
        guard let date = ISODate.parse(value.trimmingCharacters(in: .whitespaces)) else { return .failure(Problem(value: value)) }
        return .success(date)
    }
}
