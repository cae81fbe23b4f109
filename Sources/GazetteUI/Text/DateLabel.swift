import Foundation
import GazetteCore

/// Dates as people read them in a list, in their own time zone: "5 min ago", "yesterday"
/// (the local day before), "2 days ago", "Mar 4", "2023-03-04".
public enum DateLabel {
    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// What an article whose date cannot be read says, everywhere.
    public static let undated = "undated"

    public static func short(_ date: Date, now: Date, zone: TimeZone = .current) -> String {
        let seconds = now.timeIntervalSince(date)
        if seconds >= -60 && seconds < 60 { return "just now" }
        if seconds >= 0 && seconds < 3600 { return "\(Int(seconds / 60)) min ago" }
        let days = LocalTime.day(now, in: zone) - LocalTime.day(date, in: zone)
        if seconds >= 0 && days == 0 { return "\(Int(seconds / 3600)) h ago" }
        if seconds >= 0 && days == 1 { return "yesterday" }
        if seconds >= 0 && days < 7 { return "\(days) days ago" }
        let c = LocalTime.components(date, in: zone)
        if c.year == LocalTime.components(now, in: zone).year { return "\(monthNames[c.month - 1]) \(c.day)" }
        return String(format: "%04d-%02d-%02d", c.year, c.month, c.day)
    }

    /// "2 days ago (20 May 2025, 14:03 CEST)" for the reader's header.
    public static func long(_ date: Date, now: Date, zone: TimeZone = .current) -> String {
        let c = LocalTime.components(date, in: zone)
        let absolute = "\(c.day) \(monthNames[c.month - 1]) \(c.year), " + String(format: "%02d:%02d ", c.hour, c.minute)
            + LocalTime.zoneName(zone, at: date)
        let seconds = now.timeIntervalSince(date)
        if seconds >= 0 && seconds < 7 * 86_400 { return "\(short(date, now: now, zone: zone)) (\(absolute))" }
        return absolute
    }
}
