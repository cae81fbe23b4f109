import Foundation

/// Dates as feeds write them: RFC 822 / 1123 ("Sat, 07 Sep 2002 00:00:01 GMT", with the
/// variants found in the wild) and ISO 8601 / W3C-DTF ("2003-12-31T10:14:55Z", "2003-12",
/// "20031231T101455Z"). Nil when the text is not a date.
public enum FeedDate {
    public static func parse(_ raw: String) -> Date? {
        let text = raw.trimmingWhitespace()
        guard !text.isEmpty else { return nil }
        // RFC 822 starts with a day or month name or a day number and a space; ISO with digits.
        if text.first?.isLetter == true || text.dropFirst(1).prefix(2).contains(" "), let d = rfc822(text) { return d }
        if let d = ISODate.parse(text) { return d }
        if let d = isoVariants(text) { return d }
        if let d = rfc822(text) { return d }
        return DateText.find(in: text, now: WallClock.now())?.date.flatMapIfAbsolute(text)
    }

    static let zones: [String: Int] = [
        "UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
        "PST": -8, "PDT": -7, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "JST": 9, "AEST": 10, "IST": 5,
        "A": -1, "M": -12, "N": 1, "Y": 12,
    ]

    /// "[Wkd,] DD Mon YYYY [HH:MM[:SS]] [zone]" in any spacing; 2-digit years; zones by name or offset.
    static func rfc822(_ text: String) -> Date? {
        var tokens = text.split { $0 == " " || $0 == "," || $0 == "\t" }.map(String.init)
        guard tokens.count >= 3 else { return nil }
        // A day name: any word before a comma ("Mar," is Tuesday in Spanish, not March), or a
        // word that is no month ("Seg", "Mo.", "Donnerstag").
        let commaFirst = text.firstIndex(of: ",").map { text[..<$0].allSatisfy { $0.isLetter || $0 == "." } } ?? false
        if let first = tokens.first, Int(first) == nil,
           commaFirst || (first.count >= 2 && DateText.months[first.lowercased().filter { $0 != "." }] == nil) {
            tokens.removeFirst()
        }
        guard tokens.count >= 3 else { return nil }
        var day: Int?, month: Int?
        if let d = Int(tokens[0].filter { $0 != "." }), let m = DateText.months[String(tokens[1].lowercased().filter { $0 != "." })] {
            day = d; month = m
        } else if let m = DateText.months[tokens[0].lowercased().filter { $0 != "." }], let d = Int(tokens[1]) {
            day = d; month = m  // "Sep 07 2002"
        }
        guard let day, let month, var year = Int(tokens[2]), (1...31).contains(day) else { return nil }
        if year < 100 { year += year < 50 ? 2000 : 1900 }
        var hour = 0, minute = 0, second = 0, offset = 0
        var i = 3
        if i < tokens.count, tokens[i].contains(":") {
            let parts = tokens[i].split(separator: ":").map { Int($0) }
            guard parts.count >= 2, let h = parts[0], let m = parts[1], h < 24, m < 60 else { return nil }
            hour = h; minute = m
            if parts.count >= 3, let s = parts[2] { second = min(s, 59) }
            i += 1
        }
        if i < tokens.count {
            let zone = tokens[i].uppercased()
            if let hours = zones[zone] {
                offset = hours * 3600
            } else if let sign = zone.first, sign == "+" || sign == "-" {
                let digits = zone.dropFirst().filter(\.isNumber)
                if digits.count == 4, let v = Int(digits) {
                    offset = (sign == "-" ? -1 : 1) * ((v / 100) * 3600 + (v % 100) * 60)
                } else if digits.count <= 2, let v = Int(digits) {
                    offset = (sign == "-" ? -1 : 1) * v * 3600
                }
            }
        }
        let unix = CivilDate.unix(year: year, month: month, day: day, hour: hour, minute: minute, second: second) - Int64(offset)
        return Date(timeIntervalSince1970: TimeInterval(unix))
    }

    /// W3C-DTF shorthands and the basic ISO form.
    static func isoVariants(_ text: String) -> Date? {
        let t = text.replacingOccurrences(of: " ", with: "T")
        // "2003", "2003-12"
        if t.count == 4, let y = Int(t) { return Date(timeIntervalSince1970: TimeInterval(CivilDate.unix(year: y, month: 1, day: 1))) }
        let parts = t.split(separator: "-")
        if parts.count == 2, parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m) {
            return Date(timeIntervalSince1970: TimeInterval(CivilDate.unix(year: y, month: m, day: 1)))
        }
        // "20031231T101455Z" / "20031231"
        let digits = t.prefix(while: \.isNumber)
        if digits.count == 8, let v = Int(digits) {
            var rebuilt = String(format: "%04d-%02d-%02d", v / 10000, v / 100 % 100, v % 100)
            let rest = t.dropFirst(8)
            if rest.hasPrefix("T") {
                let time = rest.dropFirst().prefix(while: \.isNumber)
                if time.count >= 4, let tv = Int(time.prefix(4)) {
                    rebuilt += String(format: "T%02d:%02d", tv / 100, tv % 100)
                    if time.count >= 6, let s = Int(time.dropFirst(4).prefix(2)) { rebuilt += String(format: ":%02d", s) }
                    rebuilt += rest.dropFirst(1 + time.count)
                }
            }
            return ISODate.parse(rebuilt)
        }
        // "2003-12-31T10:14:55.123-08:00" with odd zone spellings like "+0800" or "-08"
        if t.count > 19, let zoneStart = t.lastIndex(where: { $0 == "+" || $0 == "-" }), t.distance(from: t.startIndex, to: zoneStart) > 10 {
            let zone = t[zoneStart...].dropFirst()
            if zone.count == 2 { return ISODate.parse(String(t[..<zoneStart]) + String(t[zoneStart]) + zone + ":00") }
        }
        return nil
    }
}

private extension Date {
    /// Free-text matches only count when the text had a year in it (no "2 days ago" in a feed).
    func flatMapIfAbsolute(_ text: String) -> Date? {
        text.contains(where: \.isNumber) && !text.lowercased().contains("ago") ? self : nil
    }
}
