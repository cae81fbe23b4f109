import Foundation

/// Category names and the folder slugs they are stored under.
public enum CategoryName {
    /// "International News" -> "international-news"; never empty, never a path component trick.
    public static func slug(_ name: String) -> String {
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
        let collapsed = name.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return collapsed.trimming(separators)
    }
}
