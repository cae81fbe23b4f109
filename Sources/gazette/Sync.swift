import ArgumentParser
import Foundation
import GazetteCore
import GazetteSync

/// `gazette sync`: follow a FreshRSS (Google Reader API) account both ways.
struct Sync: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Follow a FreshRSS (Google Reader API) account: read marks and stars go both ways.",
        discussion: """
        gazette sync login URL --user NAME (--password-command CMD | --password-stdin) sets the \
        account up; gazette sync (or r in the reader) sends the read marks and stars made here, \
        then brings what is new on the server. Changes made here wait in the store's journal \
        until the server has confirmed them.
        """,
        subcommands: [SyncNow.self, SyncLogin.self, SyncStatus.self, SyncLogout.self],
        defaultSubcommand: SyncNow.self
    )
}

struct SyncNow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "now", abstract: "Sync the account (the default).")
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: ArgumentHelp("On the first sync, also bring read articles of this many days (default 30; remembered).", valueName: "n"))
    var days: Int?
    @Flag(name: .shortAndLong, help: "Say what is going on.") var verbose = false

    func run() throws {
        if let days, days < 0 || days > 36_500 { throw Failure(description: "--days takes 0 to 36500", code: 2) }
        let store = try storeOptions.open(seed: false)
        let files = SyncFiles(store: store)
        guard var account = try SyncRun.account(files) else {
            throw Failure(description: "no account is set up for \(store.root); start with: gazette sync login URL --user NAME --password-stdin")
        }
        if let days, files.loadState().newestCrawl == nil {
            account.days = days
            try files.save(account)
        } else if days != nil {
            Terminal.note("--days applies to the first sync only; this account keeps \(account.days) days.")
        }
        do {
            let outcome = try SyncRun.run(store: store, account: account) { line in if verbose { Terminal.note(line) } }
            say(outcome.summary)
        } catch {
            throw Failure(description: "sync failed: \(error.description)")
        }
    }
}

struct SyncLogin: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Set up the account and check its credentials.",
        discussion: "URL is the server (https://rss.example.org) or its API address (…/api/greader.php). Use the API password (FreshRSS: Settings → Profile → API management)."
    )
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The server or its API address.") var url: String
    @Option(help: "The user name.") var user: String
    @Option(help: ArgumentHelp("A command that prints the API password (only the command is kept).", valueName: "cmd"))
    var passwordCommand: String?
    @Flag(help: "Read the API password from standard input; it is kept in a file only you can read.")
    var passwordStdin = false
    @Flag(help: "Allow plain http:// to a host other than this machine: the password and everything you read cross the network unencrypted.")
    var sendPasswordUnencrypted = false

    func validate() throws {
        if (passwordCommand == nil) == !passwordStdin {
            throw ValidationError("give one of --password-command CMD or --password-stdin")
        }
    }

    func run() throws {
        guard let parsed = URL(string: url.trimmingCharacters(in: .whitespaces)), let scheme = parsed.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = parsed.host, !host.isEmpty else {
            throw Failure(description: "\"\(url)\" is not a server address (https://rss.example.org)", code: 2)
        }
        if scheme == "http", !Self.isLoopback(host), !sendPasswordUnencrypted {
            throw Failure(description: "\(url) is plain http: the password would cross the network unencrypted. Use https, or add --send-password-unencrypted if you accept that.", code: 2)
        }
        let user = self.user.trimmingCharacters(in: .whitespaces)
        guard !user.isEmpty else { throw Failure(description: "--user is empty", code: 2) }
        let store = try storeOptions.open(seed: false)
        let files = SyncFiles(store: store)
        let existing = try? files.loadAccount()

        let password = try readPassword()

        var lastError: SyncError?
        var found: String?
        for api in GoogleReaderSource.candidates(for: url) {
            let source = GoogleReaderSource(api: api, user: user, password: password, timeout: 20)
            do {
                try source.login()
                found = api
                break
            } catch {
                lastError = error
                // Only "nothing here" moves on to the next place the API may be.
                if !error.description.contains("no Google Reader API"), !error.description.contains("no Auth= line") { break }
            }
        }
        guard let api = found else {
            throw Failure(description: "login failed: \(lastError?.description ?? "no answer")")
        }
        if let existing, existing.api != api || existing.user != user {
            let waiting = (try? store.syncJournal.snapshot().changes.count) ?? 0
            if waiting > 0 {
                throw Failure(description: "\(existing.name) still has \(waiting) changes waiting to be sent: run gazette sync, or gazette sync logout --discard-changes, first")
            }
            files.removeAll()
            Terminal.note("Forgot the account \(existing.name); its articles stay in their folders.")
        }
        var account = Account(api: api, user: user, passwordCommand: passwordCommand, passwordFile: nil,
                              days: existing?.days ?? 30)
        if passwordStdin {
            try files.writePrivate(Array((password + "\n").utf8), to: files.passwordPath)
            account.passwordFile = files.passwordPath
        } else {
            FileSystem.remove(files.passwordPath)
        }
        try files.save(account)
        say("Logged in as \(account.name) (\(api)).")
        if passwordStdin { say("The API password is kept in \(files.passwordPath) (readable only by you).") }
        say("Run gazette sync (or r in the reader) to bring the account's articles.")
    }

    func readPassword() throws -> String {
        if let passwordCommand {
            let result = Result { () throws(SyncError) -> String in try Account.run(passwordCommand) }
            switch result {
            case .success(let password): return password
            case .failure(let error): throw Failure(description: error.description)
            }
        }
        let password = Account.firstLine(Array(FileHandle.standardInput.readData(ofLength: 64 << 10)))
        guard !password.isEmpty else { throw Failure(description: "no password on standard input") }
        return password
    }

    static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return h == "localhost" || h.hasSuffix(".localhost") || h == "::1" || h.hasPrefix("127.")
    }
}

struct SyncStatus: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "The account, the last sync and the changes waiting to be sent.")
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let store = try storeOptions.open(seed: false, mustExist: true)
        let files = SyncFiles(store: store)
        guard let account = try SyncRun.account(files) else {
            say("No account is set up. Start with: gazette sync login URL --user NAME --password-stdin")
            return
        }
        let state = files.loadState()
        let map = files.loadMap()
        let waiting = SyncRun.waiting(in: store, map: map)
        say("Account: \(account.name) (\(account.api))")
        say("Password: " + (account.passwordFile.map { "kept in \($0)" } ?? "from the command \(account.passwordCommand ?? "?")"))
        if let last = state.lastAttempt {
            say("Last sync: \(ISODate.format(last)) (\(state.lastFailed ? "failed" : "ok")): \(state.lastResult ?? "")")
            if state.lastFailed, let ok = state.lastSuccess { say("Last good sync: \(ISODate.format(ok))") }
        } else {
            say("Last sync: never (run gazette sync)")
        }
        say("Articles from the account: \(map.servers.count)")
        say("Changes waiting to be sent: \(waiting)")
    }
}

struct SyncLogout: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "logout", abstract: "Forget the account; its articles stay, as normal folders.")
    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: "Log out even though changes made here have not reached the server.") var discardChanges = false

    func run() throws {
        let store = try storeOptions.open(seed: false, mustExist: true)
        let files = SyncFiles(store: store)
        guard let account = try? files.loadAccount() else {
            if files.hasAccount { files.removeAll(); say("Forgot the damaged account files."); return }
            say("No account is set up.")
            return
        }
        let map = files.loadMap()
        let waiting = SyncRun.waiting(in: store, map: map)
        if waiting > 0, !discardChanges {
            throw Failure(description: "\(waiting) changes made here have not reached \(account.name) yet: run gazette sync first, or add --discard-changes")
        }
        files.removeAll()
        say("Logged out of \(account.name). Its \(map.servers.count) articles stay in their folders.")
    }
}

/// One sync, shared by `gazette sync` and `r` in the reader.
enum SyncRun {
    static func account(_ files: SyncFiles) throws -> Account? {
        do { return try files.loadAccount() } catch { throw Failure(description: error.description) }
    }

    /// Changes made here that the account's server has not confirmed (changes to articles
    /// that are not the account's are never sent, so they do not count).
    static func waiting(in store: ArticleStore, map: ItemMap) -> Int {
        (try? store.syncJournal.snapshot().changes.filter { map.servers[$0.article] != nil }.count) ?? 0
    }

    static func run(store: ArticleStore, account: Account, progress: @escaping (String) -> Void) throws(SyncError) -> SyncEngine.Outcome {
        let source = GoogleReaderSource(api: account.api, user: account.user, password: try account.password())
        let engine = SyncEngine(store: store, account: account, source: source)
        engine.progress = progress
        return try engine.run()
    }
}
