import Foundation

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

    /// Whether `program` (a path, or a name looked up on `path`) can be run.
    public static func isExecutable(_ program: String, path: String?) -> Bool {
        if program.contains("/") { return access(program, X_OK) == 0 }
        return (path ?? "").split(separator: ":").contains { access("\($0)/\(program)", X_OK) == 0 }
    }
}
