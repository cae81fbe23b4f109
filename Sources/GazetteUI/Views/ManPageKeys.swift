import Foundation

/// The KEYS section of the man page (`doc/gazette.1`), made from the key map like the help
/// screen, so the man page cannot drift from what the keys do. A test compares the page
/// with this and rewrites it under `RECORD_SNAPSHOTS=1`.
public enum ManPageKeys {
    public static let begin = ".\\\" keys: generated from the key map (ManPageKeys); RECORD_SNAPSHOTS=1 swift test rewrites it"
    public static let end = ".\\\" end of keys"

    public static func section(map: KeyMap = .standard) -> String {
        var out = [begin, ".SH KEYS"]
        for (title, context) in HelpView.sections {
            out.append(".SS \(title)")
            for b in map.bindings(in: context) {
                out.append(".TP")
                out.append(".B " + roff(b.label ?? b.keys.map(\.description).joined(separator: "  ")))
                let name = KeyMap.operationName(of: b.action).map { " Operation \\fB\($0.replacingOccurrences(of: "-", with: "\\-"))\\fR." } ?? ""
                out.append(roff(b.help) + "." + name)
            }
        }
        out.append(end)
        return out.joined(separator: "\n")
    }

    /// Text safe in a roff line: backslashes and hyphens escaped, no leading dot or quote.
    static func roff(_ text: String) -> String {
        var s = text.replacingOccurrences(of: "\\", with: "\\e").replacingOccurrences(of: "-", with: "\\-")
        if s.hasPrefix(".") || s.hasPrefix("'") { s = "\\&" + s }
        return s
    }
}
