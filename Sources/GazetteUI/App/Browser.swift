import Foundation
import GazetteCore

/// Which program opens a link (o): `$BROWSER` first (a colon-separated list, each entry a
/// command whose `%s` is the link, else the link is its last argument, as sensible-browser
/// reads it), then xdg-open, then a terminal browser.
public enum Browser {
    /// How a link is opened: the command, and whether it runs detached (a graphical browser:
    /// Gazette keeps the screen) or gets the terminal until it exits (w3m, lynx, ...).
    public struct Launch: Equatable, Sendable {
        public var arguments: [String]
        public var detached: Bool
        /// The program's name, for the bar.
        public var name: String
    }

    /// Browsers that draw in the terminal: they get it until they exit.
    static let terminalBrowsers: Set<String> = ["w3m", "lynx", "elinks", "links", "links2", "browsh", "carbonyl", "www-browser"]

    /// How to open `url` (a checked web address), or nil when nothing can open links here.
    /// `find` says whether a program is on the PATH (injected so tests need no real browser).
    ///
    /// `$BROWSER` is a colon-separated list as sensible-browser reads it. An entry with shell
    /// syntax (`firefox %s &`, quotes, pipes, redirections) runs through `/bin/sh -c` with the
    /// link single-quoted in place of `%s` (or after the entry); one ending in `&` runs
    /// detached. Under a display (`DISPLAY`, `WAYLAND_DISPLAY`) every browser but a terminal
    /// one runs detached, so a slow graphical browser never freezes the screen.
    public static func launch(for url: String, environment: [String: String], find: (String) -> Bool) -> Launch? {
        let graphical = !(environment["DISPLAY"] ?? "").isEmpty || !(environment["WAYLAND_DISPLAY"] ?? "").isEmpty
        for rawEntry in (environment["BROWSER"] ?? "").split(separator: ":") {
            var entry = rawEntry.trimmingCharacters(in: .whitespaces)
            let background = entry.hasSuffix("&") && !entry.hasSuffix("&&")
            if background { entry = String(entry.dropLast()).trimmingCharacters(in: .whitespaces) }
            let words = entry.split(separator: " ").map(String.init)
            guard let program = words.first, find(program) else { continue }
            let name = (program as NSString).lastPathComponent
            let detached = background || (graphical && !terminalBrowsers.contains(name))
            if background || needsShell(entry) {
                let quoted = shellQuoted(url)
                let script = entry.contains("%s")
                    ? entry.replacingOccurrences(of: "'%s'", with: quoted).replacingOccurrences(of: "\"%s\"", with: quoted)
                        .replacingOccurrences(of: "%s", with: quoted)
                    : entry + " " + quoted
                return Launch(arguments: ["/bin/sh", "-c", script], detached: detached, name: name)
            }
            let arguments = words.contains { $0.contains("%s") } ? words.map { $0.replacingOccurrences(of: "%s", with: url) } : words + [url]
            return Launch(arguments: arguments, detached: detached, name: name)
        }
        for program in ["xdg-open", "w3m", "lynx", "elinks", "links"] where find(program) {
            // xdg-open with no display may itself start a terminal browser: give it the terminal.
            return Launch(arguments: [program, url], detached: graphical && program == "xdg-open", name: program)
        }
        return nil
    }

    /// Whether an entry means shell syntax rather than a program and its words.
    static func needsShell(_ entry: String) -> Bool {
        entry.contains { "&|;<>()$`\\\"'*?~{}".contains($0) }
    }

    /// `text` as one shell word: single quotes, with each quote inside closed and escaped.
    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
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
