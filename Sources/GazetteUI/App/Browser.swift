import Foundation
import GazetteCore

/// Which program opens a link (o): `$BROWSER` first (a colon-separated list, each entry a
/// command whose `%s` is the link, else the link is its last argument, as sensible-browser
/// reads it), then xdg-open, then a terminal browser.
public enum Browser {
    /// The command line for `url`, or nil when nothing can open links here.
    /// `find` says whether a program is on the PATH (injected so tests need no real browser).
    public static func command(for url: String, environment: [String: String], find: (String) -> Bool) -> [String]? {
        for entry in (environment["BROWSER"] ?? "").split(separator: ":") {
            let words = entry.split(separator: " ").map(String.init)
            guard let program = words.first, find(program) else { continue }
            return words.contains { $0.contains("%s") } ? words.map { $0.replacingOccurrences(of: "%s", with: url) } : words + [url]
        }
        for program in ["xdg-open", "w3m", "lynx", "elinks", "links"] where find(program) {
            return [program, url]
        }
        return nil
    }

    /// The link as a browser may be given it: an absolute http or https address with a host,
    /// percent-encoded, or nil. A feed's `-dump`, `file:///etc/passwd`, `javascript:` or a bare
    /// path never reaches a browser (as an option or a local file for a desktop program).
    public static func webAddress(_ link: String) -> String? {
        let trimmed = link.trimmingCharacters(in: .whitespaces)
        guard !trimmed.unicodeScalars.contains(where: { Sanitize.isControl($0.value) || $0 == " " }),
              let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty else { return nil }
        let text = url.absoluteString
        guard text.lowercased().hasPrefix(scheme + "://") else { return nil }
        return text
    }

    /// Whether `program` (a path, or a name looked up on `path`) can be run.
    public static func isExecutable(_ program: String, path: String?) -> Bool {
        if program.contains("/") { return access(program, X_OK) == 0 }
        return (path ?? "").split(separator: ":").contains { access("\($0)/\(program)", X_OK) == 0 }
    }
}
