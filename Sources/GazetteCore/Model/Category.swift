import Foundation

/// Category names and the folder slugs they are stored under.
public enum CategoryName {
    /// "International News" -> "international-news"; never empty, never a path component trick.
    public static func slug(_ name: String) -> String {
        if let ascii = asciiSlug(name) { return ascii }
        var out = ""
        var lastDash = true
        for scalar in name.lowercased().unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) {
                out.unicodeScalars.append(scalar)
                lastDash = false
            } else if !lastDash {
                out.append("-")
                lastDash = true
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        if out.utf8.count > 80 { out = String(out.prefix(60)) }
        return out.isEmpty ? "uncategorized" : out
    }

    /// `slug` on bytes for an ASCII name (every article's category is asked, often): letters
    /// and digits are the ASCII ones there, as CharacterSet.alphanumerics says for ASCII.
    private static func asciiSlug(_ name: String) -> String? {
        Bytes.withUTF8(name) { buf -> String? in
            guard Bytes.isASCII(buf) else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(buf.count)
            var lastDash = true
            for b in buf {
                let lower = b >= 65 && b <= 90 ? b | 0x20 : b
                if (lower >= 97 && lower <= 122) || (lower >= 48 && lower <= 57) {
                    out.append(lower)
                    lastDash = false
                } else if !lastDash {
                    out.append(45)
                    lastDash = true
                }
            }
            while out.last == 45 { out.removeLast() }
            if out.count > 80 { out.removeLast(out.count - 60) }
            return out.isEmpty ? "uncategorized" : String(decoding: out, as: UTF8.self)
        }
    }

    /// A folder name as a category: "international-news" or "international_news" -> "International News".
    public static func fromFolder(_ folder: String) -> String {
        let words = folder.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == " " || $0 == "." })
        guard !words.isEmpty else { return "Uncategorized" }
        return words.map { word in
            let w = String(word)
            // Keep words that already carry capitals (e.g. "AI", "iPhone") as written.
            if w.contains(where: { $0.isUppercase }) { return w }
            return w.prefix(1).uppercased() + w.dropFirst()
        }.joined(separator: " ")
    }

    /// Tidies a category as written in a source: collapses spaces, drops separators at either end.
    private static let separators: Set<Character> = [" ", "|", "•", "·", "-", "–", "—", ":", "/", ">", "»"]

    public static func clean(_ name: String) -> String {
        // Already tidy (ASCII, single spaces, no separator at either end): as it is.
        let tidy = Bytes.withUTF8(name) { buf -> Bool in
            guard let first = buf.first, let last = buf.last, Bytes.isASCII(buf) else { return false }
            let edges: [UInt8] = [32, 124, 45, 58, 47, 62]  // " | - : / >"
            if edges.contains(first) || edges.contains(last) { return false }
            var previous: UInt8 = 0
            for b in buf {
                if b < 32 || b == 127 || (b == 32 && previous == 32) { return false }
                previous = b
            }
            return true
        }
        if tidy { return name }
        let collapsed = name.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return collapsed.trimming(separators)
    }
}
