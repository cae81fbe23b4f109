import Foundation
import GazetteCore

/// The config file: `$XDG_CONFIG_HOME/gazette/config` (else `~/.config/gazette/config`), in
/// newsboat's syntax: one command per line, `#` comments, double-quoted arguments,
/// `include FILE`. newsboat's names work where Gazette has the same thing, so lines can be
/// copied from `~/.newsboat/config`.
public struct Config: Sendable {
    public var keyMap: KeyMap = .standard
    /// `browser CMD`: the program `o` runs (`%u` or `%s` for the link, else after it).
    public var browser: String?
    public var refreshOnStartup = false
    public var autoReload = false
    /// `reload-time MINUTES` (newsboat's default 60).
    public var reloadMinutes = 60
    /// `max-items N` (per feed) and `keep-articles-days N`: applied after each fetch and by
    /// `gazette cleanup`; starred articles and imported files are never removed.
    public var retention = Retention.Policy()
    /// `show-read-articles no`: read articles hidden from the lists (L shows them).
    public var showReadArticles = true
    /// `article-sort-order`.
    public var sortOrder: SortOrder = .dateDescending
    /// `datetime-format`: strftime format for list dates.
    public var dateFormat: String?
    /// `confirm-mark-all-feeds-read` (and newsboat's `confirm-mark-feed-read`).
    public var confirmMarkAll = true
    /// `show-read-feeds no`: folders with nothing unread are left out.
    public var showReadFolders = true
    /// `mouse yes`: clicks, double clicks and the wheel.
    public var mouse = false
    /// `notify-program CMD`: run after a reload that brought new articles.
    public var notifyProgram: String?
    /// `player CMD`: what plays attachments (`%u` for the link, else after it).
    public var player: String?
    /// `download-path DIR`: where attachments are downloaded (podboat's option).
    public var downloadPath: String?
    /// `save-path DIR`: where `w` proposes to save articles (newsboat's option).
    public var savePath: String?
    /// `ignore-article FEED|* "QUERY"`: articles kept out at import and fetch time.
    public var ignoreRules: [IgnoreRule] = []
    /// `query-folder "NAME" "QUERY"`: saved searches, shown as folders.
    public var queryFolders: [SavedSearch] = []
    /// `color ELEMENT FG BG [ATTR…]`.
    public var theme = Theme.standard
    /// Options read from the file that Gazette does not have, one line each ("newsboat option
    /// "pager": Gazette has no such option; ignored").
    public var warnings: [String] = []

    public init() {}

    /// Where the file is looked for when `--config` is not given.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return xdg + "/gazette/config" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.config/gazette/config"
    }

    /// A line Gazette cannot read: `config:12: unknown command "colour"`.
    public struct Problem: Error, Equatable, Sendable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var message: String
        public var description: String { "\((file as NSString).lastPathComponent):\(line): \(message)" }
    }

    /// Reads the file (a missing default file is no config). Every line Gazette cannot read
    /// is a problem; the first one stops the reader, `gazette config check` lists them all.
    public static func load(path: String, mustExist: Bool = false) -> (config: Config, problems: [Problem]) {
        var config = Config()
        var problems: [Problem] = []
        if !FileManager.default.fileExists(atPath: path) {
            if mustExist { problems.append(Problem(file: path, line: 0, message: "no such file")) }
            return (config, problems)
        }
        var seen: [String] = []
        config.read(path, depth: 0, seen: &seen, problems: &problems)
        return (config, problems)
    }

    /// Parses text as if it were the file `name` (tests, and `include`).
    public static func parse(_ text: String, name: String = "config") -> (config: Config, problems: [Problem]) {
        var config = Config()
        var problems: [Problem] = []
        var seen: [String] = []
        config.apply(text, file: name, depth: 0, seen: &seen, problems: &problems)
        return (config, problems)
    }

    private mutating func read(_ path: String, depth: Int, seen: inout [String], problems: inout [Problem]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            problems.append(Problem(file: path, line: 0, message: "cannot read \(path)"))
            return
        }
        guard data.count <= 1 << 20 else {
            problems.append(Problem(file: path, line: 0, message: "larger than 1 MB; not a config file?"))
            return
        }
        apply(String(decoding: data, as: UTF8.self), file: path, depth: depth, seen: &seen, problems: &problems)
    }

    private mutating func apply(_ text: String, file: String, depth: Int, seen: inout [String], problems: inout [Problem]) {
        seen.append(file)
        defer { seen.removeLast() }
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = n + 1
            func problem(_ message: String) { problems.append(Problem(file: file, line: line, message: message)) }
            let words: [String]
            switch Self.words(of: String(raw)) {
            case .success(let w): words = w
            case .failure(let message): problem(message.text); continue
            }
            guard let command = words.first else { continue }
            let args = Array(words.dropFirst())
            if let message = apply(command: command, args, file: file, depth: depth, seen: &seen, problems: &problems) {
                problem(message)
            }
        }
    }

    public struct Message: Error { public var text: String }

    /// An argument as `words(of:)` reads it back: in double quotes, `\` and `"` escaped.
    public static func quoted(_ argument: String) -> String {
        "\"" + argument.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// The words of one line: whitespace separates them, `"…"` quotes (with `\"` and `\\`),
    /// `#` outside quotes starts a comment.
    public static func words(of line: String) -> Result<[String], Message> {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quoted = false
        var escaped = false
        for c in line {
            if quoted {
                if escaped { current.append(c); escaped = false }
                else if c == "\\" { escaped = true }
                else if c == "\"" { quoted = false }
                else { current.append(c) }
                continue
            }
            if c == "#" && !inWord { break }
            if c == " " || c == "\t" || c == "\r" {
                if inWord { words.append(current); current = ""; inWord = false }
                continue
            }
            inWord = true
            if c == "\"" { quoted = true } else { current.append(c) }
        }
        if quoted { return .failure(Message(text: "a quote (\") is not closed")) }
        if inWord { words.append(current) }
        return .success(words)
    }

    /// Applies one command; returns what is wrong with it, if anything.
    private mutating func apply(command: String, _ args: [String], file: String, depth: Int,
                                seen: inout [String], problems: inout [Problem]) -> String? {
        func count(_ range: ClosedRange<Int>, _ usage: String) -> String? {
            range.contains(args.count) ? nil : "\(command) takes \(usage)"
        }
        func yesNo(_ set: (inout Config, Bool) -> Void) -> String? {
            if let wrong = count(1...1, "yes or no") { return wrong }
            switch args[0].lowercased() {
            case "yes", "true", "on", "1": set(&self, true)
            case "no", "false", "off", "0": set(&self, false)
            default: return "\(command) takes yes or no, not \"\(args[0])\""
            }
            return nil
        }
        switch command {
        case "include":
            if let wrong = count(1...1, "one file") { return wrong }
            var path = (args[0] as NSString).expandingTildeInPath
            if !path.hasPrefix("/") { path = ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(path) }
            if seen.contains(path) { return "include \(args[0]) includes itself" }
            if depth >= 8 { return "includes nested deeper than 8 files" }
            guard FileManager.default.fileExists(atPath: path) else { return "include: no such file \(path)" }
            read(path, depth: depth + 1, seen: &seen, problems: &problems)
        case "bind-key":
            if let wrong = count(2...3, "KEY OPERATION [CONTEXT]") { return wrong }
            guard let key = Key(configName: args[0]) else { return "unknown key name \"\(args[0])\"" }
            guard let operation = KeyMap.operation(named: args[1]) else {
                return "unknown operation \"\(args[1])\" (the operations: \(KeyMap.operations.map(\.name).joined(separator: ", ")))"
            }
            var contexts: Set<KeyContext>?
            if args.count == 3 {
                guard let named = KeyMap.contexts(named: args[2]) else { return "unknown context \"\(args[2])\" (lists, reader, help; or newsboat's feedlist, articlelist, article)" }
                contexts = named
            }
            if !keyMap.bind(key, to: operation, in: contexts) {
                return "\(operation.name) does not exist in \(args.count == 3 ? args[2] : "any context")"
            }
        case "unbind-key":
            if let wrong = count(1...2, "KEY [CONTEXT] or -a [CONTEXT]") { return wrong }
            var contexts: Set<KeyContext>?
            if args.count == 2 {
                guard let named = KeyMap.contexts(named: args[1]) else { return "unknown context \"\(args[1])\"" }
                contexts = named
            }
            if args[0] == "-a" { keyMap.unbindAll(in: contexts); return nil }
            guard let key = Key(configName: args[0]) else { return "unknown key name \"\(args[0])\"" }
            keyMap.unbind(key, in: contexts)
        case "bind-keys":
            if let wrong = count(1...1, "a preset: newsboat") { return wrong }
            guard args[0].lowercased() == "newsboat" else { return "unknown key preset \"\(args[0])\" (there is: newsboat)" }
            keyMap.applyNewsboatPreset()
        case "browser":
            if let wrong = count(1...1, "one command (quote it when it has spaces)") { return wrong }
            browser = args[0]
        case "color": return theme.apply(args)
        case "show-read-articles": return yesNo { $0.showReadArticles = $1 }
        case "mouse": return yesNo { $0.mouse = $1 }
        case "show-read-feeds": return yesNo { $0.showReadFolders = $1 }
        case "confirm-mark-all-feeds-read", "confirm-mark-feed-read": return yesNo { $0.confirmMarkAll = $1 }
        case "datetime-format":
            if let wrong = count(1...1, "a strftime format (quote it when it has spaces)") { return wrong }
            guard args[0].count <= 64, !args[0].contains(where: { $0.isNewline }) else { return "datetime-format is too long" }
            dateFormat = args[0]
        case "article-sort-order":
            if let wrong = count(1...1, "date, date-asc, title, author or feed") { return wrong }
            guard let order = SortOrder(configName: args[0]) else { return "article-sort-order takes date, date-asc, title, author or feed, not \"\(args[0])\"" }
            sortOrder = order
        case "max-items", "keep-articles-days":
            if let wrong = count(1...1, "a number (0: no limit)") { return wrong }
            guard let n = Int(args[0]), n >= 0 else { return "\(command) takes a number from 0, not \"\(args[0])\"" }
            if command == "max-items" { retention.maxItems = n } else { retention.keepDays = n }
        case "notify-program":
            if let wrong = count(1...1, "one command (quote it when it has spaces)") { return wrong }
            notifyProgram = args[0]
        case "player":
            if let wrong = count(1...1, "one command (quote it when it has spaces)") { return wrong }
            player = args[0]
        case "download-path", "save-path":
            if let wrong = count(1...1, "a folder") { return wrong }
            if command == "download-path" { downloadPath = args[0] } else { savePath = args[0] }
        case "ignore-article":
            if let wrong = count(2...2, "a feed's address or *, and a search: ignore-article * \"title:sponsored\"") { return wrong }
            // newsboat's filter language where it says the same, else a Gazette search.
            let (text, problem) = NewsboatFilter.ruleQuery(args[1])
            if let problem { return "ignore-article: \(problem)" }
            ignoreRules.append(IgnoreRule(feed: args[0] == "*" ? nil : args[0], query: text))
        case "query-folder":
            if let wrong = count(2...2, "a name and a search, each quoted: query-folder \"Unread tech\" \"is:unread folder:tech\"") { return wrong }
            let name = Sanitize.line(args[0]).trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { return "query-folder needs a name" }
            let query = SearchQuery(args[1])
            if let problem = query.problems.first { return "query-folder \"\(name)\": \(problem)" }
            guard !query.isEmpty else { return "query-folder \"\(name)\": \"\(args[1])\" searches for nothing" }
            queryFolders.removeAll { $0.name == name }
            queryFolders.append(SavedSearch(name: name, query: args[1]))
        case "refresh-on-startup": return yesNo { $0.refreshOnStartup = $1 }
        case "auto-reload": return yesNo { $0.autoReload = $1 }
        case "reload-time":
            if let wrong = count(1...1, "a number of minutes") { return wrong }
            guard let minutes = Int(args[0]), minutes >= 1, minutes <= 100_000 else { return "reload-time takes minutes from 1, not \"\(args[0])\"" }
            reloadMinutes = minutes
        default:
            if Self.newsboatOptions.contains(command) {
                warnings.append("\((file as NSString).lastPathComponent): newsboat option \"\(command)\": Gazette has no such option; ignored")
            } else {
                return "unknown command \"\(command)\""
            }
        }
        return nil
    }

    /// newsboat's other configuration commands: copied lines are warned about, not refused.
    static let newsboatOptions: Set<String> = [
        "always-display-description", "articlelist-format", "articlelist-title-format",
        "bookmark-autopilot", "bookmark-cmd", "bookmark-interactive", "cache-file", "cleanup-on-quit", "confirm-exit",
        "cookie-cache", "define-filter", "delete-played-files", "delete-read-articles-on-quit",
        "dialogs-title-format", "display-article-progress", "download-filename-format", "download-full-page",
        "download-retries", "download-timeout", "error-log", "external-url-viewer",
        "feed-sort-order", "feedhq-flag-share", "feedhq-flag-star", "feedhq-login", "feedhq-min-items",
        "feedhq-password", "feedhq-passwordeval", "feedhq-passwordfile", "feedhq-show-special-feeds", "feedhq-url",
        "feedlist-format", "feedlist-title-format", "filebrowser-title-format", "freshrss-flag-star",
        "freshrss-flag-unstar", "freshrss-login", "freshrss-min-items", "freshrss-password",
        "freshrss-passwordeval", "freshrss-passwordfile", "freshrss-show-special-feeds", "freshrss-url",
        "goto-first-unread", "goto-next-feed", "help-title-format", "highlight", "highlight-article",
        "highlight-feed", "history-limit", "html-renderer", "http-auth-method", "ignore-mode",
        "inoreader-app-id", "inoreader-app-key", "inoreader-login", "inoreader-password", "itemview-title-format",
        "macro", "mark-as-read-on-hover", "markfeedread-jumps-to-next-unread",
        "max-browser-tabs", "max-download-speed", "max-downloads", "miniflux-login",
        "miniflux-password", "miniflux-url", "newsblur-login", "newsblur-password", "newsblur-url",
        "notify-always", "notify-beep", "notify-format", "notify-screen", "notify-xterm", "ocnews-login",
        "ocnews-password", "ocnews-url", "oldreader-login", "oldreader-password", "openbrowser-and-mark-jumps-to-next-unread",
        "pager", "podcast-auto-enqueue", "podlist-format", "prepopulate-query-feeds", "proxy",
        "proxy-auth", "proxy-auth-method", "proxy-type", "reset-unread-on-update",
        "run-on-startup", "scrolloff", "search-highlight-colors", "searchresult-title-format",
        "selectfeed-title-format", "selecttag-format", "selecttag-title-format", "show-keymap-hint",
        "show-title-bar", "ssl-verifyhost", "ssl-verifypeer", "suppress-first-reload", "swap-title-and-hints",
        "text-width", "ttrss-flag-publish", "ttrss-flag-star", "ttrss-login", "ttrss-mode", "ttrss-password",
        "ttrss-url", "urls-source", "urlview-title-format", "use-proxy", "user-agent",
        "wrap-scroll",
    ]
}

extension KeyMap {
    /// `bind-keys newsboat`: newsboat's default keys for what Gazette has (N toggles read,
    /// R reloads, A marks the list read, q goes back, Q quits, ENTER opens).
    public mutating func applyNewsboatPreset() {
        for (key, name) in [("N", "toggle-read"), ("R", "reload"), ("r", "reload"), ("A", "mark-all-read"),
                            ("n", "next-unread"), ("o", "open-in-browser"), ("/", "search"), ("?", "help"),
                            ("q", "back"), ("Q", "quit"), ("ENTER", "open")] {
            if let key = Key(configName: key), let operation = KeyMap.operation(named: name) { _ = bind(key, to: operation, in: nil) }
        }
    }
}
