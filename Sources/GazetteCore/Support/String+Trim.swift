extension StringProtocol {
    /// Drops leading and trailing characters in `set` (Foundation's trimmingCharacters goes
    /// through NSString and is the slowest call in an import).
    func trimming(_ set: Set<Character>) -> String {
        guard let first = firstIndex(where: { !set.contains($0) }) else { return "" }
        let last = lastIndex(where: { !set.contains($0) })!
        return String(self[first...last])
    }

    /// Drops leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> String { trimming(whitespaceCharacters) }
}

let whitespaceCharacters: Set<Character> = [" ", "\t", "\n", "\r", "\r\n", "\u{A0}", "\u{3000}"]
