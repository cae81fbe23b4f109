import Foundation
import GazetteCore

/// Dates as people read them in a list, in their own time zone: "5 min ago", "yesterday"
/// (the local day before), "2 days ago", "Mar 4", "2023-03-04".
public enum DateLabel {
    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static let fullMonths = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                             "October", "November", "December"]
    static let dayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    /// `datetime-format` (strftime's conversions people use: %Y %y %m %d %e %H %I %M %S %p
    /// %b %h %B %a %A %j %%), in the user's zone; an unknown conversion is kept as written.
    public static func formatted(_ date: Date, format: String, zone: TimeZone = .current) -> String {
        let c = LocalTime.components(date, in: zone)
        let day = LocalTime.day(date, in: zone)
        let weekday = Int(((day % 7) + 7 + 4) % 7)  // 1 January 1970 was a Thursday
        let seconds = Int((date.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: date))).rounded(.down)) % 60
        let yearDay = Int(day - CivilDate.daysFromCivil(c.year, 1, 1)) + 1
        var out = ""
        var percent = false
        for ch in format {
            guard percent else {
                if ch == "%" { percent = true } else { out.append(ch) }
                continue
            }
            percent = false
            switch ch {
            case "Y": out += String(c.year)
            case "y": out += String(format: "%02d", c.year % 100)
            case "m": out += String(format: "%02d", c.month)
            case "d": out += String(format: "%02d", c.day)
            case "e": out += String(format: "%2d", c.day)
            case "H": out += String(format: "%02d", c.hour)
            case "I": out += String(format: "%02d", c.hour % 12 == 0 ? 12 : c.hour % 12)
            case "M": out += String(format: "%02d", c.minute)
            case "S": out += String(format: "%02d", (seconds + 60) % 60)
            case "p": out += c.hour < 12 ? "AM" : "PM"
            case "b", "h": out += monthNames[c.month - 1]
            case "B": out += fullMonths[c.month - 1]
            case "a": out += String(dayNames[weekday].prefix(3))
            case "A": out += dayNames[weekday]
            case "j": out += String(format: "%03d", yearDay)
            case "%": out += "%"
            default: out += "%" + String(ch)
            }
        }
        if percent { out += "%" }
        return out
    }

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
        let absolute = absolute(date, zone: zone)
        let seconds = now.timeIntervalSince(date)
        if seconds >= 0 && seconds < 7 * 86_400 { return "\(short(date, now: now, zone: zone)) (\(absolute))" }
        return absolute
    }

    /// "20 May 2025, 14:03 CEST": what a saved file says (it outlives "2 days ago").
    public static func absolute(_ date: Date, zone: TimeZone = .current) -> String {
        let c = LocalTime.components(date, in: zone)
        return "\(c.day) \(monthNames[c.month - 1]) \(c.year), " + String(format: "%02d:%02d ", c.hour, c.minute)
            + LocalTime.zoneName(zone, at: date)
    }
}
