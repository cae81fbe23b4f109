/// Where a binding applies.
public enum KeyContext: Hashable, Sendable, CaseIterable {
    /// `search`: a search is being typed in the bottom bar (the lists behind it).
    case lists, reader, help, search
    /// A y/n question in the bottom bar.
    case confirm
    /// A link number being typed in the reader.
    case linkNumber
    /// The links view (`v`).
    case links
    /// A line typed in the bar (save to, pipe to).
    case prompt
}

/// One binding: keys, what they do where, and the help text. The help screen and the hint
/// bar are generated from this table, so they cannot drift from the behaviour.
public struct KeyBinding: Sendable {
    public var keys: [Key]
    public var contexts: Set<KeyContext>
    public var action: Action
    public var help: String
    /// Shown in the bottom bar's hints (short label) when set.
    public var hint: String?
    /// How help and the man page name the keys, when listing them would not fit ("0-9").
    public var label: String? = nil

    /// The keys as help shows them.
    public var keyNames: String { label ?? keys.map(\.description).joined(separator: " ") }

    /// The hint as the bar shows it: the default one ("s star") while its key is still
    /// bound, else the binding's first key with the same word ("x star") after a config file
    /// rebound it.
    public var liveHint: String? {
        guard let hint, let space = hint.firstIndex(of: " ") else { return hint }
        let label = String(hint[..<space])
        let word = hint[hint.index(after: space)...]
        let stands: Key? = switch label {
        case "⏎": .enter
        case "↑↓": .down
        default: Key(configName: label)
        }
        if let stands, keys.contains(stands) { return hint }
        guard let first = keys.first else { return nil }
        let name = first == .enter ? "⏎" : first.description
        return "\(name) \(word)"
    }
}

/// The key bindings, as data.
public struct KeyMap: Sendable {
    public var bindings: [KeyBinding]

    /// What a key does in a context. While a search is typed, a character without a binding
    /// is part of the query.
    public func action(for key: Key, in context: KeyContext) -> Action? {
        if let bound = bindings.first(where: { $0.contexts.contains(context) && $0.keys.contains(key) }) {
            // The digits' binding carries which digit was typed.
            if case .linkDigit = bound.action, case .char(let c) = key, let d = c.wholeNumberValue { return .linkDigit(d) }
            return bound.action
        }
        if context == .search, case .char(let c) = key { return .searchType(c) }
        if context == .prompt, case .char(let c) = key { return .promptType(c) }
        if context == .confirm { return .confirm(false) }  // anything but y is no
        if context == .linkNumber { return .cancelLinkNumber }
        return nil
    }

    /// The bindings of a context, for help and hints.
    public func bindings(in context: KeyContext) -> [KeyBinding] {
        bindings.filter { $0.contexts.contains(context) }
    }

    public static let standard: KeyMap = {
        let lists: Set<KeyContext> = [.lists]
        let reader: Set<KeyContext> = [.reader]
        let listsAndReader: Set<KeyContext> = [.lists, .reader]
        let everywhere = Set(KeyContext.allCases).subtracting([.confirm, .linkNumber, .prompt])
        return KeyMap(bindings: [
            KeyBinding(keys: [.up, .char("k")], contexts: lists, action: .move(.up), help: "Move up", hint: nil),
            KeyBinding(keys: [.down, .char("j")], contexts: lists, action: .move(.down), help: "Move down", hint: "↑↓ move"),
            KeyBinding(keys: [.pageUp, .ctrl("b")], contexts: lists, action: .move(.pageUp), help: "Page up", hint: nil),
            KeyBinding(keys: [.pageDown, .ctrl("f")], contexts: lists, action: .move(.pageDown), help: "Page down", hint: nil),
            KeyBinding(keys: [.home, .char("g")], contexts: lists, action: .move(.first), help: "First item", hint: nil),
            KeyBinding(keys: [.end, .char("G")], contexts: lists, action: .move(.last), help: "Last item", hint: nil),
            KeyBinding(keys: [.right, .char("l")], contexts: lists, action: .focusArticles, help: "Go to the article list", hint: nil),
            KeyBinding(keys: [.left, .char("h")], contexts: lists, action: .focusFolders, help: "Go to the folder list", hint: nil),
            KeyBinding(keys: [.tab, .backTab], contexts: lists, action: .toggleFocus, help: "Switch between folders and articles", hint: nil),
            KeyBinding(keys: [.enter], contexts: lists, action: .open, help: "Open the folder / read the article", hint: "⏎ open"),
            KeyBinding(keys: [.char(" ")], contexts: lists, action: .toggleFolder,
                       help: "Show / hide the feeds of a folder of feeds", hint: nil),

            KeyBinding(keys: [.enter, .down], contexts: [.search], action: .searchDone, help: "Keep the search, go to the matches", hint: nil),
            KeyBinding(keys: [.escape], contexts: [.search], action: .clearSearch, help: "Cancel the search", hint: nil),
            KeyBinding(keys: [.backspace], contexts: [.search], action: .searchDelete, help: "Delete a character", hint: nil),
            KeyBinding(keys: [.tab], contexts: [.search], action: .searchToggleScope,
                       help: "Every folder, or the folder under the cursor only", hint: nil),
            KeyBinding(keys: [.ctrl("o")], contexts: [.search], action: .searchToggleOrder,
                       help: "Best matches first, or newest first", hint: nil),
            KeyBinding(keys: [.ctrl("k")], contexts: [.search], action: .saveSearch,
                       help: "Keep the search as a folder (asks its name)", hint: nil),

            KeyBinding(keys: [.up, .char("k")], contexts: reader, action: .move(.up), help: "Scroll up a line", hint: nil),
            KeyBinding(keys: [.down, .char("j")], contexts: reader, action: .move(.down), help: "Scroll down a line", hint: "↑↓ scroll"),
            KeyBinding(keys: [.pageUp, .char("b"), .ctrl("b")], contexts: reader, action: .move(.pageUp), help: "Scroll up a page", hint: nil),
            KeyBinding(keys: [.pageDown, .char(" "), .ctrl("f")], contexts: reader, action: .move(.pageDown), help: "Scroll down a page", hint: "Space page"),
            KeyBinding(keys: [.home, .char("g")], contexts: reader, action: .move(.first), help: "Top of the article", hint: nil),
            KeyBinding(keys: [.end, .char("G")], contexts: reader, action: .move(.last), help: "End of the article", hint: nil),
            KeyBinding(keys: [.left, .char("h"), .char("q"), .escape, .backspace], contexts: reader, action: .back,
                       help: "Back to the list", hint: "q back"),

            KeyBinding(keys: [.up, .char("k")], contexts: [.help], action: .move(.up), help: "Scroll up", hint: nil),
            KeyBinding(keys: [.down, .char("j")], contexts: [.help], action: .move(.down), help: "Scroll down", hint: nil),
            KeyBinding(keys: [.pageUp, .char("b"), .ctrl("b")], contexts: [.help], action: .move(.pageUp), help: "Scroll up a page", hint: nil),
            KeyBinding(keys: [.pageDown, .char(" "), .ctrl("f")], contexts: [.help], action: .move(.pageDown), help: "Scroll down a page", hint: nil),
            KeyBinding(keys: [.home, .char("g")], contexts: [.help], action: .move(.first), help: "Top", hint: nil),
            KeyBinding(keys: [.end, .char("G")], contexts: [.help], action: .move(.last), help: "End (the last fetch's report)", hint: nil),
            KeyBinding(keys: [.char("q"), .escape, .char("?"), .backspace, .enter, .left, .char("h")], contexts: [.help],
                       action: .back, help: "Close help", hint: "q close"),

            KeyBinding(keys: [.up, .char("k")], contexts: [.links], action: .move(.up), help: "Previous link", hint: nil),
            KeyBinding(keys: [.down, .char("j")], contexts: [.links], action: .move(.down), help: "Next link", hint: "↑↓ move"),
            KeyBinding(keys: [.pageUp, .ctrl("b")], contexts: [.links], action: .move(.pageUp), help: "Page up", hint: nil),
            KeyBinding(keys: [.pageDown, .ctrl("f"), .char(" ")], contexts: [.links], action: .move(.pageDown), help: "Page down", hint: nil),
            KeyBinding(keys: [.home, .char("g")], contexts: [.links], action: .move(.first), help: "First link", hint: nil),
            KeyBinding(keys: [.end, .char("G")], contexts: [.links], action: .move(.last), help: "Last link", hint: nil),
            KeyBinding(keys: [.enter, .char("o")], contexts: [.links], action: .open,
                       help: "Open the link (an attachment in the player)", hint: "⏎ open"),
            KeyBinding(keys: [.char("y")], contexts: [.links], action: .copyLink, help: "Copy the link", hint: "y copy"),
            KeyBinding(keys: [.char("d")], contexts: [.links], action: .download,
                       help: "Download it into the downloads folder", hint: "d download"),
            KeyBinding(keys: [.char("q"), .escape, .left, .char("h"), .char("v"), .backspace], contexts: [.links], action: .back,
                       help: "Back", hint: "q back"),
            KeyBinding(keys: [.enter], contexts: [.prompt], action: .promptDone, help: "Save / run", hint: "⏎ ok"),
            KeyBinding(keys: [.escape, .ctrl("g")], contexts: [.prompt], action: .promptCancel, help: "Cancel", hint: "Esc cancel"),
            KeyBinding(keys: [.backspace], contexts: [.prompt], action: .promptDelete, help: "Delete a character", hint: nil),
            KeyBinding(keys: [.ctrl("u")], contexts: [.prompt], action: .promptClear, help: "Clear the line", hint: nil),
            KeyBinding(keys: [.char("s")], contexts: listsAndReader, action: .toggleStar, help: "Star / unstar the article", hint: "s star"),
            KeyBinding(keys: [.char("n")], contexts: listsAndReader, action: .nextUnread,
                       help: "Next unread article, any folder", hint: nil),
            KeyBinding(keys: [.char("u")], contexts: listsAndReader, action: .toggleRead, help: "Mark the article read / unread", hint: nil),
            KeyBinding(keys: [.char("A")], contexts: lists, action: .markAllRead,
                       help: "Mark the list read (asks when mixed)", hint: nil),
            KeyBinding(keys: [.char("U")], contexts: listsAndReader, action: .undoMarkRead,
                       help: "Undo the last delete or mark-read of several", hint: nil),
            KeyBinding(keys: [.char("y"), .char("Y")], contexts: [.confirm], action: .confirm(true), help: "Yes", hint: "y yes"),
            KeyBinding(keys: [.char("n"), .char("N"), .escape], contexts: [.confirm], action: .confirm(false), help: "No", hint: "n no"),
            KeyBinding(keys: [.char("D")], contexts: lists, action: .deleteArticle,
                       help: "Delete the article (U brings it back)", hint: nil),
            KeyBinding(keys: [.char("L")], contexts: lists, action: .toggleShowRead, help: "Show / hide read articles", hint: nil),
            KeyBinding(keys: [.char("O")], contexts: lists, action: .cycleSortOrder,
                       help: "Sort by date, oldest first, title, author, folder", hint: nil),
            KeyBinding(keys: [.char("y")], contexts: listsAndReader, action: .copyLink,
                       help: "Copy the article's link to the clipboard", hint: nil),
            KeyBinding(keys: [.char("o")], contexts: listsAndReader, action: .openLink,
                       help: "Open the article's link in a browser", hint: nil),
            KeyBinding(keys: [.char("w")], contexts: listsAndReader, action: .saveArticle,
                       help: "Save the article as text (.md: Markdown)", hint: nil),
            KeyBinding(keys: [.char("|")], contexts: listsAndReader, action: .pipeArticle,
                       help: "Pipe the article as text to a command", hint: nil),
            KeyBinding(keys: [.char("v")], contexts: listsAndReader, action: .showLinks,
                       help: "The article's links, images and attachments", hint: nil),

            KeyBinding(keys: [.char("r")], contexts: listsAndReader, action: .fetchFeeds, help: "Sync the account and fetch all feeds", hint: nil),
            KeyBinding(keys: (0...9).map { Key.char(Character("\($0)")) }, contexts: [.reader, .linkNumber], action: .linkDigit(-1),
                       help: "Open link N of the article (Enter after it when a longer number is possible)", hint: nil, label: "0-9"),
            KeyBinding(keys: [.enter], contexts: [.linkNumber], action: .openLinkNumber, help: "Open the link", hint: nil),
            KeyBinding(keys: [.escape, .ctrl("c")], contexts: [.linkNumber], action: .cancelLinkNumber, help: "Cancel", hint: nil),
            KeyBinding(keys: [.char("]")], contexts: reader, action: .jumpToMatch(forward: true),
                       help: "Next searched word (an article opened from a search)", hint: nil),
            KeyBinding(keys: [.char("[")], contexts: reader, action: .jumpToMatch(forward: false),
                       help: "Previous searched word", hint: nil),
            KeyBinding(keys: [.char("f")], contexts: reader, action: .fetchFullText,
                       help: "Fetch the full text from the article's web page", hint: nil),
            KeyBinding(keys: [.char("?")], contexts: listsAndReader, action: .showHelp, help: "Show this help", hint: "? help"),
            KeyBinding(keys: [.char("q")], contexts: lists, action: .quitOrBack,
                       help: "Back to the folders; quit from there", hint: "q quit"),
            KeyBinding(keys: [.char("Q"), .ctrl("c")], contexts: everywhere.subtracting([.search]), action: .quit,
                       help: "Quit from anywhere", hint: nil),
            KeyBinding(keys: [.ctrl("c")], contexts: [.search, .confirm, .prompt], action: .quit, help: "Quit", hint: nil),
            KeyBinding(keys: [.char("/")], contexts: lists, action: .startSearch,
                       help: "Search every article as you type (words, \"phrases\", -word, title: author: feed: folder:, is:unread, after:DATE)", hint: "/ search"),
            KeyBinding(keys: [.escape], contexts: lists, action: .clearSearch, help: "Clear the search", hint: nil),
        ])
    }()
}
