import ArgumentParser
import Foundation
import GazetteNewsboat
import GazetteCore

/// `gazette feeds ...`: the list of followed feeds (an OPML file in the config folder).
struct Feeds: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage the list of feeds (kept as OPML in $XDG_CONFIG_HOME/gazette/feeds.opml).",
        subcommands: [Add.self, ListFeeds.self, Remove.self, ImportOPML.self, ExportOPML.self]
    )

    struct ListOptions: ParsableArguments {
        @Option(help: ArgumentHelp("The feed list file.", valueName: "file"))
        var list: String?
        var path: String { list ?? FeedList.defaultPath() }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Follow a feed.")
        @OptionGroup var options: ListOptions
        @Option(help: ArgumentHelp("The folder its articles go to (default: the feed's title).", valueName: "name"))
        var category: String?
        @Flag(name: .customLong("full"), help: "Fetch each new item's web page for its full text (summary-only feeds).")
        var fullText = false
        @Argument(help: "The feed's URL (http or https).") var url: String

        func validate() throws {
            guard let u = URL(string: url), let scheme = u.scheme?.lowercased(), ["http", "https"].contains(scheme), u.host != nil else {
                // "example.com/feed.xml": say what was probably meant.
                let bare = !url.contains("://") && !url.contains(" ") && url.split(separator: "/").first?.contains(".") == true
                throw ValidationError("\"\(url)\" is not an http(s) URL" + (bare ? " (did you mean https://\(url) ?)" : ""))
            }
        }

        func run() throws {
            var list = try FeedList.load(from: options.path)
            let added = list.add(.init(url: url, category: category.map(CategoryName.clean), fullText: fullText))
            try list.save(to: options.path)
            say(added ? "Added \(url)" : "Already listed; updated \(url)")
        }
    }

    struct ListFeeds: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the feeds.")
        @OptionGroup var options: ListOptions
        func run() throws {
            for e in try FeedList.load(from: options.path).entries {
                say([e.url, e.title, e.category.map { "[\($0)]" }, e.fullText ? "(full text)" : nil].compactMap { $0 }.joined(separator: "  "))
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop following a feed (its articles stay).")
        @OptionGroup var options: ListOptions
        @Argument(help: "The feed's URL.") var url: String
        func run() throws {
            var list = try FeedList.load(from: options.path)
            guard list.remove(url) else { throw Failure(description: "\(url) is not in \(options.path)", code: 1) }
            try list.save(to: options.path)
            say("Removed \(url)")
        }
    }

    struct ImportOPML: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "import-opml", abstract: "Add every feed of an OPML file.")
        @OptionGroup var options: ListOptions
        @Argument(help: "An OPML file (from another reader), or newsboat's urls file.") var file: String
        func run() throws {
            let bytes = try FileSystem.read(file, limit: 16 << 20)
            var incoming: FeedList
            // newsboat's urls file is lines of addresses and tags, not XML.
            let start = bytes.drop { $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF }
            if start.first != UInt8(ascii: "<") {
                let (entries, skipped) = NewsboatImport.parseURLs(String(decoding: bytes, as: UTF8.self), name: (file as NSString).lastPathComponent)
                for line in skipped { Terminal.warn("not imported: \(line)") }
                incoming = FeedList(entries: entries)
            } else {
                incoming = try FeedList.parseOPML(bytes, path: file)
            }
            var list = try FeedList.load(from: options.path)
            let added = incoming.entries.filter { list.add($0) }.count
            try list.save(to: options.path)
            say("Added \(added) of \(incoming.entries.count) feeds from \(file)")
        }
    }

    struct ExportOPML: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "export-opml", abstract: "Print the feed list as OPML.")
        @OptionGroup var options: ListOptions
        func run() throws {
            say(try FeedList.load(from: options.path).opml(), terminator: "")
        }
    }
}
