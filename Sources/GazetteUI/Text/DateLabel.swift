import Foundation
import GazetteCore

/// Dates as people read them in a list: "5 min ago", "2 days ago", "Mar 4", "2023-03-04".
public enum DateLabel {
    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    public static func short(_ date: Date, now: Date) -> String {
        let seconds = now.timeIntervalSince(date)
        if seconds >= -60 && seconds < 60 { return "just now" }
        if seconds >= 0 && seconds < 3600 { return "\(Int(seconds / 60)) min ago" }
        if seconds >= 0 && seconds < 86_400 { return "\(Int(seconds / 3600)) h ago" }
        if seconds >= 0 && seconds < 7 * 86_400 {
            let days = Int(seconds / 86_400)
            return days == 1 ? "yesterday" : "\(days) days ago"
        }
        let (y, m, d, _, _, _) = CivilDate.components(fromUnix: Int64(date.timeIntervalSince1970))
        let (ny, _, _, _, _, _) = CivilDate.components(fromUnix: Int64(now.timeIntervalSince1970))
        if y == ny { return "\(monthNames[m - 1]) \(d)" }
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    /// "2 days ago (2025-05-20 14:03 UTC)" for the reader's header.
    public static func long(_ date: Date, now: Date) -> String {
        let (y, m, d, hh, mm, _) = CivilDate.components(fromUnix: Int64(date.timeIntervalSince1970))
        let absolute = "\(d) \(monthNames[m - 1]) \(y), " + String(format: "%02d:%02d UTC", hh, mm)
        let seconds = now.timeIntervalSince(date)
        if seconds >= 0 && seconds < 7 * 86_400 { return "\(short(date, now: now)) (\(absolute))" }
        return absolute
    }
}
