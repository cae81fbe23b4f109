import Foundation

/// Finds and resolves dates as news pages write them: "2 days ago", "yesterday",
/// "May 20, 2025", "20 May 2025 14:05", "2025-05-20T14:05:00Z", "20/05/2025".
public enum DateText {
    /// A date found in a line: where it is and what it means.
    public struct Match: Equatable, Sendable {
        public var range: Range<String.Index>
        public var text: String
        public var date: Date
    }

    private static let units: [(String, Int64)] = [
        ("second", 1), ("sec", 1), ("minute", 60), ("min", 60), ("hour", 3600), ("hr", 3600),
        ("day", 86_400), ("week", 7 * 86_400), ("month", 30 * 86_400), ("year", 365 * 86_400),
    ]

    /// Month names and abbreviations (lowercase, without a final dot) in English, Portuguese,
    /// Spanish, French, German, Italian and Dutch: feeds write RFC 822 dates in their own
    /// language ("Seg, 24 Set 2018 19:42:40 -0300"). A name is in one entry whatever the
    /// language; none of them means two different months.
    static let months: [String: Int] = {
        let names: [[String]] = [
            ["jan", "january", "janeiro", "ene", "enero", "janv", "janvier", "januar", "jän", "jänner", "gen", "gennaio", "januari"],
            ["feb", "february", "fev", "fevereiro", "febrero", "févr", "fév", "fevr", "février", "fevrier", "februar", "febbraio", "februari"],
            ["mar", "march", "março", "marco", "marzo", "mars", "mär", "märz", "maerz", "mrt", "maart"],
            ["apr", "april", "abr", "abril", "avr", "avril", "aprile"],
            ["may", "mai", "maio", "mayo", "mag", "maggio", "mei"],
            ["jun", "june", "junho", "junio", "juin", "juni", "giu", "giugno"],
            ["jul", "july", "julho", "julio", "juil", "juillet", "juli", "lug", "luglio"],
            ["aug", "august", "ago", "agosto", "août", "aout", "augustus"],
            ["sep", "sept", "september", "set", "setembro", "septiembre", "setiembre", "septembre", "settembre"],
            ["oct", "october", "out", "outubro", "octubre", "octobre", "okt", "oktober", "ott", "ottobre"],
            ["nov", "november", "novembro", "noviembre", "novembre"],
            ["dec", "december", "dez", "dezembro", "dic", "diciembre", "déc", "décembre", "decembre", "dezember", "dicembre"],
        ]
        var table: [String: Int] = [:]
        for (i, list) in names.enumerated() { for name in list { table[name] = i + 1 } }
        return table
    }()

    /// A cheap byte test: every date form has a digit or one of "ago", "today", "yesterday", "now".
    public static func mayContainDate(_ line: String) -> Bool {
        var window: UInt32 = 0
        for b in line.utf8 {
            if b >= 48 && b <= 57 { return true }
            let lower = (b >= 65 && b <= 90) ? b + 32 : b
            window = window << 8 | UInt32(lower)
            // "ago", "day" (today, yesterday), "now"
            switch window & 0xFFFFFF {
            case 0x61676F, 0x646179, 0x6E6F77: return true
            default: break
            }
        }
        return false
    }

    /// The first date in `line`, resolved against `now` for relative forms.
    public static func find(in line: String, now: Date) -> Match? {
        let words = tokenize(line)
        for i in words.indices {
            if let m = relative(words, at: i, line: line, now: now) ?? absolute(words, at: i, line: line) {
                return m
            }
        }
        return nil
    }

    /// Parses a whole string as a date (ISO 8601 or the forms `find` knows).
    public static func parse(_ text: String, now: Date) -> Date? {
        if let d = ISODate.parse(text) { return d }
        return find(in: text, now: now)?.date
    }

    struct Word {
        var text: Substring
        var lower: String
        var range: Range<String.Index>
    }

    private static func tokenize(_ line: String) -> [Word] {
        if let words = tokenizeASCII(line) { return words }
        var out: [Word] = []
        var i = line.startIndex
        while i < line.endIndex {
            let c = line[i]
            if c.isLetter || c.isNumber {
                let start = i
                let numeric = c.isNumber
                while i < line.endIndex, numeric ? (line[i].isNumber || "-/:T.".contains(line[i]) && numericContinues(line, i)) : line[i].isLetter {
                    i = line.index(after: i)
                }
                let text = line[start..<i]
                out.append(Word(text: text, lower: text.lowercased(), range: start..<i))
            } else {
                i = line.index(after: i)
            }
        }
        return out
    }

    /// `tokenize` on bytes, for a line that is all ASCII (nearly every one): letters are
    /// A-Z and a-z, digits 0-9, exactly as Character's properties say for ASCII. Nil otherwise.
    private static func tokenizeASCII(_ line: String) -> [Word]? {
        let utf8 = line.utf8
        return Bytes.withUTF8(line) { buf -> [Word]? in
            guard Bytes.isASCII(buf) else { return nil }
            @inline(__always) func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 97 && (b | 0x20) <= 122 }
            @inline(__always) func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
            var out: [Word] = []
            let n = buf.count
            var i = 0
            while i < n {
                let b = buf[i]
                guard isLetter(b) || isDigit(b) else { i += 1; continue }
                let start = i
                if isDigit(b) {
                    // "-", "/", ":", "T" and "." continue a number only when a digit follows.
                    while i < n, isDigit(buf[i]) || ((buf[i] == 45 || buf[i] == 47 || buf[i] == 58 || buf[i] == 84 || buf[i] == 46)
                                                     && i + 1 < n && isDigit(buf[i + 1])) {
                        i += 1
                    }
                } else {
                    while i < n, isLetter(buf[i]) { i += 1 }
                }
                let lower = utf8.index(utf8.startIndex, offsetBy: start), upper = utf8.index(utf8.startIndex, offsetBy: i)
                let text = line[lower..<upper]
                let lowered = String(decoding: UnsafeBufferPointer(rebasing: buf[start..<i]).map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 },
                                     as: UTF8.self)
                out.append(Word(text: text, lower: lowered, range: lower..<upper))
            }
            return out
        }
    }

    /// Inside a number, "-", "/", ":", "T" and "." continue it only when a digit follows.
    private static func numericContinues(_ line: String, _ i: String.Index) -> Bool {
        if line[i].isNumber { return true }
        let next = line.index(after: i)
        guard next < line.endIndex else { return false }
        if line[i] == "T" || line[i] == "." { return line[next].isNumber }
        return line[next].isNumber
    }

    private static func relative(_ w: [Word], at i: Int, line: String, now: Date) -> Match? {
        let word = w[i].lower
        let nowSecs = now.timeIntervalSince1970
        func match(_ from: Int, _ to: Int, _ seconds: Double) -> Match {
            let range = w[from].range.lowerBound..<w[to].range.upperBound
            return Match(range: range, text: String(line[range]), date: Date(timeIntervalSince1970: nowSecs - seconds))
        }
        switch word {
        case "yesterday": return match(i, i, 86_400)
        case "today": return match(i, i, 0)
        case "now" where i > 0 && w[i - 1].lower == "just": return match(i - 1, i, 0)
        default: break
        }
        // "<n|a|an> <unit>[s] ago"
        guard i + 2 < w.count, w[i + 2].lower == "ago" else { return nil }
        let n: Int64
        if let v = Int64(w[i].text) { n = v } else if word == "a" || word == "an" { n = 1 } else { return nil }
        let unitWord = w[i + 1].lower
        let stem = unitWord.hasSuffix("s") ? String(unitWord.dropLast()) : unitWord
        guard let unit = units.first(where: { $0.0 == stem })?.1 else { return nil }
        return match(i, i + 2, Double(n * unit))
    }

    private static func absolute(_ w: [Word], at i: Int, line: String) -> Match? {
        let word = w[i]
        // ISO: 2025-05-20 or 2025-05-20T14:05:00
        if word.text.count >= 10, word.text.first?.isNumber == true {
            var end = word.range.upperBound
            // Swallow a trailing zone ("Z", "+02:00").
            let rest = line[end...]
            if rest.hasPrefix("Z") { end = line.index(after: end) }
            else if let zone = rest.prefixMatch(["+", "-"], digits: 4) { end = zone }
            if let d = ISODate.parse(String(line[word.range.lowerBound..<end])) {
                let range = word.range.lowerBound..<end
                return Match(range: range, text: String(line[range]), date: d)
            }
            // 20/05/2025 or 05/20/2025 (day first unless impossible)
            let parts = word.text.split(separator: "/")
            if parts.count == 3, let a = Int(parts[0]), let b = Int(parts[1]), let y = Int(parts[2]), y > 1900 {
                let (d, m) = a > 12 ? (a, b) : (b > 12 ? (b, a) : (a, b))
                if (1...12).contains(m), (1...31).contains(d) {
                    return Match(range: word.range, text: String(word.text),
                                 date: Date(timeIntervalSince1970: TimeInterval(CivilDate.unix(year: y, month: m, day: d))))
                }
            }
        }
        // "May 20, 2025" / "May 20 2025"
        if let m = months[word.lower], i + 2 < w.count, let d = Int(w[i + 1].text), let y = Int(w[i + 2].text),
           (1...31).contains(d), (1900...2200).contains(y) {
            return timed(w, from: i, dateEnd: i + 2, year: y, month: m, day: d, line: line)
        }
        // "20 May 2025"
        if let d = Int(word.text), (1...31).contains(d), i + 2 < w.count, let m = months[w[i + 1].lower],
           let y = Int(w[i + 2].text), (1900...2200).contains(y) {
            return timed(w, from: i, dateEnd: i + 2, year: y, month: m, day: d, line: line)
        }
        return nil
    }

    /// Adds an optional "14:05" / "2:05 PM" after a date.
    private static func timed(_ w: [Word], from: Int, dateEnd: Int, year: Int, month: Int, day: Int, line: String) -> Match {
        var end = dateEnd
        var hour = 0, minute = 0
        if end + 1 < w.count {
            let parts = w[end + 1].text.split(separator: ":")
            if parts.count >= 2, let h = Int(parts[0]), let m = Int(parts[1]), h < 24, m < 60 {
                hour = h; minute = m; end += 1
                if end + 1 < w.count {
                    let ampm = w[end + 1].lower
                    if ampm == "pm" || ampm == "am" {
                        if ampm == "pm", hour < 12 { hour += 12 }
                        if ampm == "am", hour == 12 { hour = 0 }
                        end += 1
                    }
                }
            }
        }
        let range = w[from].range.lowerBound..<w[end].range.upperBound
        let unix = CivilDate.unix(year: year, month: month, day: day, hour: hour, minute: minute)
        return Match(range: range, text: String(line[range]), date: Date(timeIntervalSince1970: TimeInterval(unix)))
    }
}

private extension Substring {
    /// When self starts with one of `signs` and then `digits` digits (an optional ":" between pairs), the end index.
    func prefixMatch(_ signs: [Character], digits: Int) -> String.Index? {
        guard let first = first, signs.contains(first) else { return nil }
        var i = index(after: startIndex)
        var count = 0
        while i < endIndex, count < digits {
            if self[i].isNumber { count += 1 } else if self[i] != ":" { break }
            i = index(after: i)
        }
        return count == digits ? i : nil
    }
}
