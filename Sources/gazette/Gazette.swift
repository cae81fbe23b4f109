import ArgumentParser
import Foundation
import GazetteCore

/// The `gazette` command: the reader by default, plus import / list / show / star / unstar.
struct Gazette: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gazette",
        abstract: "A terminal news reader.",
        discussion: """
        With no subcommand, opens the reader on the store. The store is --store DIR, else \
        $GAZETTE_STORE, else $XDG_DATA_HOME/gazette, else ~/.local/share/gazette. \
        A new default store is seeded with the bundled sample articles.
        """,
        version: Gazette.version,
        subcommands: [Read.self, Import.self, List.self, Show.self, Star.self, Unstar.self, MarkRead.self, MarkUnread.self, Delete.self, Feeds.self, Fetch.self, Sync.self, ConfigCommand.self, ImportNewsboat.self, Cleanup.self, Search.self, Rules.self],
        defaultSubcommand: Read.self
    )
}

extension Gazette {
    /// Printed by `gazette --version`; the man page says the same.
    static let version = "0.4.0"
}

/// `--store DIR`, shared by every subcommand.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store folder.", valueName: "dir"))
    var store: String?

    var location: StoreLocation { StoreLocation.resolve(explicit: store) }

    /// Opens the store; a new default store gets the bundled samples first. With `mustExist`
    /// (commands that only read or change articles already there), a store folder named by
    /// --store or $GAZETTE_STORE that does not exist is an error, never created.
    func open(create: Bool = true, seed: Bool = true, mustExist: Bool = false) throws -> ArticleStore {
        let location = self.location
        if mustExist, !location.isDefault, !FileSystem.exists(location.path) {
            throw Failure(description: "no store at \(location.path) (gazette import --store \(location.path) FILE starts one there)")
        }
        let fresh = !FileSystem.exists(location.path + "/articles")
        let store = try ArticleStore.open(at: location.path, create: create || fresh)
        if fresh, seed, location.isDefault, store.index.count == 0 {
            let report = try BundledSamples.seed(store)
            Terminal.note("Created a new store at \(location.path) with \(report.imported) sample articles.")
        }
        for problem in store.problems {
            Terminal.warn("skipped \(problem.path): \(problem.reason)")
        }
        if let problem = store.favorites.problem() { Terminal.warn(problem) }
        return store
    }
}

/// A user-facing failure: the message is printed as is, with the exit code.
struct Failure: Error, CustomStringConvertible {
    var description: String
    var code: Int32 = 1
}

/// Every line the command line prints goes through `say`, never Swift's `print`: titles, names
/// and reasons come from feeds, files and servers, and no control character of theirs (an
/// `ESC ] 52` that writes the clipboard, an `ESC [ 2J` that clears the screen) may reach the
/// user's terminal, whatever an old store holds.
func say(_ text: String = "", terminator: String = "\n") {
    Swift.print(Sanitize.text(text), terminator: terminator)
}

enum Terminal {
    static func note(_ text: String) {
        FileHandle.standardError.write(Data((Sanitize.text(text) + "\n").utf8))
    }

    static func warn(_ text: String) {
        FileHandle.standardError.write(Data(("gazette: " + Sanitize.text(text) + "\n").utf8))
    }
}
