/// Operations by name, and changing the key map from a config file (`bind-key`, `unbind-key`).
extension KeyMap {
    /// A named operation: what `bind-key KEY NAME` binds, what help and the man page call it.
    public struct Operation: Sendable {
        public var name: String
        /// newsboat's names for the same thing.
        public var aliases: [String]
        /// The actions it stands for (`back` is "back" in the reader and "back or quit" in the lists).
        public var actions: [Action]
    }

    public static let operations: [Operation] = [
        Operation(name: "up", aliases: [], actions: [.move(.up)]),
        Operation(name: "down", aliases: [], actions: [.move(.down)]),
        Operation(name: "page-up", aliases: ["pageup"], actions: [.move(.pageUp)]),
        Operation(name: "page-down", aliases: ["pagedown"], actions: [.move(.pageDown)]),
        Operation(name: "first", aliases: ["home"], actions: [.move(.first)]),
        Operation(name: "last", aliases: ["end"], actions: [.move(.last)]),
        Operation(name: "focus-articles", aliases: [], actions: [.focusArticles]),
        Operation(name: "focus-folders", aliases: [], actions: [.focusFolders]),
        Operation(name: "toggle-focus", aliases: [], actions: [.toggleFocus]),
        Operation(name: "open", aliases: [], actions: [.open]),
        Operation(name: "back", aliases: [], actions: [.back, .quitOrBack]),
        Operation(name: "star", aliases: [], actions: [.toggleStar]),
        Operation(name: "toggle-read", aliases: ["toggle-article-read"], actions: [.toggleRead]),
        Operation(name: "next-unread", aliases: [], actions: [.nextUnread]),
        Operation(name: "mark-all-read", aliases: ["mark-feed-read"], actions: [.markAllRead]),
        Operation(name: "undo", aliases: ["undo-mark-read"], actions: [.undoMarkRead]),
        Operation(name: "delete", aliases: ["delete-article"], actions: [.deleteArticle]),
        Operation(name: "open-in-browser", aliases: [], actions: [.openLink]),
        Operation(name: "copy-link", aliases: [], actions: [.copyLink]),
        Operation(name: "links", aliases: ["show-urls"], actions: [.showLinks]),
        Operation(name: "toggle-folder", aliases: [], actions: [.toggleFolder]),
        Operation(name: "next-match", aliases: [], actions: [.jumpToMatch(forward: true)]),
        Operation(name: "prev-match", aliases: [], actions: [.jumpToMatch(forward: false)]),
        Operation(name: "download", aliases: [], actions: [.download]),
        Operation(name: "save", aliases: [], actions: [.saveArticle]),
        Operation(name: "pipe", aliases: ["pipe-to"], actions: [.pipeArticle]),
        Operation(name: "toggle-show-read", aliases: ["toggle-show-read-feeds"], actions: [.toggleShowRead]),
        Operation(name: "sort", aliases: [], actions: [.cycleSortOrder]),
        Operation(name: "reload", aliases: ["reload-all"], actions: [.fetchFeeds]),
        Operation(name: "full-text", aliases: [], actions: [.fetchFullText]),
        Operation(name: "help", aliases: [], actions: [.showHelp]),
        Operation(name: "search", aliases: ["open-search"], actions: [.startSearch]),
        Operation(name: "clear-search", aliases: [], actions: [.clearSearch]),
        Operation(name: "quit", aliases: ["hard-quit"], actions: [.quit]),
    ]

    public static func operation(named name: String) -> Operation? {
        let n = name.lowercased()
        return operations.first { $0.name == n || $0.aliases.contains(n) }
    }

    /// The operation a binding performs, for help and the man page.
    public static func operationName(of action: Action) -> String? {
        operations.first { $0.actions.contains(action) }?.name
    }

    /// The contexts a config file can name: Gazette's and newsboat's words for them.
    public static func contexts(named name: String) -> Set<KeyContext>? {
        switch name.lowercased() {
        case "lists", "feedlist", "articlelist": [.lists]
        case "reader", "article": [.reader]
        case "help": [.help]
        case "links", "urlview": [.links]
        default: nil
        }
    }

    /// The contexts a config file may change (the y/n question, typing a search and link
    /// numbers keep their keys).
    static let configurable: Set<KeyContext> = [.lists, .reader, .help, .links]

    /// Binds `key` to an operation in `contexts` (nil: wherever the operation exists). The
    /// key's old meaning there goes; the operation's other keys stay.
    public mutating func bind(_ key: Key, to operation: Operation, in contexts: Set<KeyContext>?) -> Bool {
        let wanted = (contexts ?? Self.configurable).intersection(Self.configurable)
        // Where the operation exists is the standard map's say: a context emptied by
        // `unbind-key -a` can be given its operations back.
        let places = wanted.filter { context in
            KeyMap.standard.bindings.contains { $0.contexts.contains(context) && operation.actions.contains($0.action) }
        }
        guard !places.isEmpty else { return false }
        for context in places {
            unbind(key, in: [context])
            if let index = bindings.firstIndex(where: { $0.contexts.contains(context) && operation.actions.contains($0.action) }) {
                let here = split(at: index, context: context)
                bindings[here].keys.append(key)
            } else if var template = KeyMap.standard.bindings.first(where: { $0.contexts.contains(context) && operation.actions.contains($0.action) }) {
                template.contexts = [context]
                template.keys = [key]
                template.label = nil
                bindings.append(template)
            }
        }
        return true
    }

    /// Removes a key from `contexts` (nil: the lists, the reader and help).
    public mutating func unbind(_ key: Key, in contexts: Set<KeyContext>?) {
        for context in (contexts ?? Self.configurable).intersection(Self.configurable) {
            while let index = bindings.firstIndex(where: { $0.contexts.contains(context) && $0.keys.contains(key) }) {
                let here = split(at: index, context: context)
                bindings[here].keys.removeAll { $0 == key }
                if bindings[here].keys.isEmpty { bindings.remove(at: here) }
            }
        }
    }

    /// Removes every key of `contexts` (`unbind-key -a`).
    public mutating func unbindAll(in contexts: Set<KeyContext>?) {
        for context in (contexts ?? Self.configurable).intersection(Self.configurable) {
            for key in Set(bindings.filter { $0.contexts.contains(context) }.flatMap(\.keys)) { unbind(key, in: [context]) }
        }
    }

    /// Makes the binding at `index` apply to `context` alone (the rest keeps a copy) and
    /// returns its index.
    private mutating func split(at index: Int, context: KeyContext) -> Int {
        guard bindings[index].contexts.count > 1 else { return index }
        var alone = bindings[index]
        alone.contexts = [context]
        bindings[index].contexts.remove(context)
        bindings.insert(alone, at: index)
        return index
    }
}

extension Key {
    /// A key as a config file names it: newsboat's names (`ENTER`, `^R`, `NPAGE`, `SPACE`),
    /// Gazette's (`Enter`, `Ctrl-r`, `PgDn`, `Space`), or one character.
    public init?(configName name: String) {
        let upper = name.uppercased()
        switch upper {
        case "ENTER", "RETURN": self = .enter
        case "ESC", "ESCAPE": self = .escape
        case "TAB": self = .tab
        case "BACKTAB", "SHIFT-TAB": self = .backTab
        case "BACKSPACE": self = .backspace
        case "SPACE": self = .char(" ")
        case "UP": self = .up
        case "DOWN": self = .down
        case "LEFT": self = .left
        case "RIGHT": self = .right
        case "PPAGE", "PGUP", "PAGEUP": self = .pageUp
        case "NPAGE", "PGDN", "PAGEDOWN": self = .pageDown
        case "HOME": self = .home
        case "END": self = .end
        default:
            let chars = Array(name)
            if chars.count == 1, let ascii = chars[0].asciiValue, ascii > 32, ascii < 127 { self = .char(chars[0]); return }
            if chars.count == 1, !chars[0].isWhitespace, chars[0].unicodeScalars.allSatisfy({ $0.value >= 0xA0 }) { self = .char(chars[0]); return }
            var letter: Character?
            if chars.count == 2, chars[0] == "^" { letter = chars[1] }
            if upper.hasPrefix("CTRL-"), chars.count == 6 { letter = chars[5] }
            if let letter, letter.isLetter, letter.isASCII { self = .ctrl(Character(letter.lowercased())); return }
            return nil
        }
    }
}
