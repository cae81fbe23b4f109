import Foundation

/// ISO 8601 timestamps in UTC ("2025-05-20T14:03:00Z"), formatted and parsed without DateFormatter.
public enum ISODate {
    public static func format(_ date: Date) -> String {
        let seconds = Int64(floor(date.timeIntervalSince1970))
        let (y, m, d, hh, mm, ss) = CivilDate.components(fromUnix: seconds)
        // By hand: String(format:) was a tenth of a 10,000-item feed import.
        var out = [UInt8]()
        out.reserveCapacity(20)
        func digits(_ value: Int, _ width: Int) {
            var v = value, buffer = [UInt8](repeating: 48, count: width)
            for k in stride(from: width - 1, through: 0, by: -1) { buffer[k] = UInt8(48 + v % 10); v /= 10 }
            out += buffer
        }
        if y < 0 || y > 9999 { return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, hh, mm, ss) }
        digits(y, 4); out.append(45); digits(m, 2); out.append(45); digits(d, 2); out.append(84)
        digits(hh, 2); out.append(58); digits(mm, 2); out.append(58); digits(ss, 2); out.append(90)
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS[.fff]]" with "Z", "+HH:MM", "+HHMM" or no zone (UTC).
    public static func parse(_ text: String) -> Date? {
        let s = Array(text.trimmingWhitespace().utf8)
        var i = 0
        func number(_ digits: Int) -> Int? {
            guard i + digits <= s.count else { return nil }
            var v = 0
            for k in 0..<digits {
                let c = s[i + k]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            i += digits
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < s.count, s[i] == c else { return false }
            i += 1
            return true
        }
        guard let y = number(4), expect(45), let mo = number(2), expect(45), let d = number(2) else { return nil }
        guard (1...12).contains(mo), (1...31).contains(d) else { return nil }
        var hh = 0, mm = 0, ss = 0
        var fraction = 0.0
        var offset = 0
        if i < s.count, s[i] == 84 || s[i] == 116 || s[i] == 32 {  // T, t or space
            i += 1
            guard let h = number(2), expect(58), let m = number(2) else { return nil }
            hh = h; mm = m
            if expect(58) {
                guard let sec = number(2) else { return nil }
                ss = sec
                if i < s.count, s[i] == 46 || s[i] == 44 {
                    i += 1
                    var scale = 0.1
                    while i < s.count, s[i] >= 48, s[i] <= 57 {
                        fraction += Double(s[i] - 48) * scale
                        scale /= 10
                        i += 1
                    }
                }
            }
            // "2015-07-10 09:53:00 -0400": one space before the zone.
            if i + 1 < s.count, s[i] == 32, [43, 45, 90].contains(s[i + 1]) { i += 1 }
            if i < s.count {
                if s[i] == 90 || s[i] == 122 { i += 1 }
                else if s[i] == 43 || s[i] == 45 {
                    let sign = s[i] == 45 ? -1 : 1
                    i += 1
                    guard let oh = number(2) else { return nil }
                    _ = expect(58)
                    let om = number(2) ?? 0
                    offset = sign * (oh * 3600 + om * 60)
                }
            }
        }
        guard i == s.count, hh < 24, mm < 60, ss <= 60 else { return nil }
        let unix = CivilDate.unix(year: y, month: mo, day: d, hour: hh, minute: mm, second: ss) - Int64(offset)
        return Date(timeIntervalSince1970: Double(unix) + fraction)
    }
}

/// Proleptic Gregorian calendar arithmetic on Unix seconds (UTC), after Howard Hinnant's algorithms.
public enum CivilDate {
    public static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64((month + 9) % 12)
        let doy = (153 * mp + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func unix(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) -> Int64 {
        daysFromCivil(year, month, day) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    public static func components(fromUnix t: Int64) -> (Int, Int, Int, Int, Int, Int) {
        var days = t / 86_400
        var secs = t % 86_400
        if secs < 0 { secs += 86_400; days -= 1 }
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (Int(y), Int(m), Int(d), Int(secs / 3600), Int(secs % 3600 / 60), Int(secs % 60))
    }
}

/// Calendar fields in a time zone (the user's, from `TZ` or the system): what the screen and
/// `gazette list` show. Stored times and JSON stay UTC.
public enum LocalTime {
    public static func components(_ date: Date, in zone: TimeZone) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int) {
        let t = Int64(floor(date.timeIntervalSince1970)) + Int64(zone.secondsFromGMT(for: date))
        let (y, m, d, hh, mm, _) = CivilDate.components(fromUnix: t)
        return (y, m, d, hh, mm)
    }

    /// Days since 1970-01-01 in the zone: two dates on the same local day have the same number.
    public static func day(_ date: Date, in zone: TimeZone) -> Int64 {
        let t = Int64(floor(date.timeIntervalSince1970)) + Int64(zone.secondsFromGMT(for: date))
        return t >= 0 ? t / 86_400 : (t - 86_399) / 86_400
    }

    /// "2025-05-19" in the zone.
    public static func dateString(_ date: Date, in zone: TimeZone) -> String {
        let c = components(date, in: zone)
        return String(format: "%04d-%02d-%02d", c.year, c.month, c.day)
    }

    /// "JST", "CET", else "UTC+05:30"; "UTC" for UTC.
    public static func zoneName(_ zone: TimeZone, at date: Date) -> String {
        let offset = zone.secondsFromGMT(for: date)
        if let name = zone.abbreviation(for: date), !name.isEmpty, name.allSatisfy(\.isLetter), name != "GMT" || offset == 0 {
            return name == "GMT" ? "UTC" : name
        }
        if offset == 0 { return "UTC" }
        let sign = offset < 0 ? "-" : "+"
        let minutes = abs(offset) / 60
        return String(format: "UTC%@%02d:%02d", sign, minutes / 60, minutes % 60)
    }
}
