import Foundation
import GazetteCore

/// The synced account: `<store>/sync/account.json` (mode 0600). Kept with the store it
/// fills, since the item map and the journal belong to that store.
public struct Account: Codable, Sendable, Equatable {
    /// The API address (`https://rss.example.org/api/greader.php`).
    public var api: String
    public var user: String
    /// A command that prints the API password (`pass show rss`); only the command is kept.
    public var passwordCommand: String?
    /// Or the file holding the API password (`--password-stdin`), mode 0600.
    public var passwordFile: String?
    /// Read articles of this many days are fetched on the first sync.
    public var days: Int

    public init(api: String, user: String, passwordCommand: String?, passwordFile: String?, days: Int = 30) {
        self.api = api
        self.user = user
        self.passwordCommand = passwordCommand
        self.passwordFile = passwordFile
        self.days = days
    }

    /// "alice@rss.example.org"
    public var name: String { "\(user)@\(URL(string: api)?.host ?? api)" }

    /// The folder for feeds that have none on the server.
    public var folder: String { URL(string: api)?.host ?? "Account" }

    /// The API password, from its file or its command.
    public func password() throws(SyncError) -> String {
        if let passwordFile {
            guard let bytes = try? FileSystem.read(passwordFile, limit: 64 << 10) else {
                throw SyncError("cannot read the API password from \(passwordFile); log in again with gazette sync login")
            }
            return Self.firstLine(bytes)
        }
        if let passwordCommand { return try Self.run(passwordCommand) }
        throw SyncError("the account has no password source; log in again with gazette sync login")
    }

    /// A password as a file or a command gives it: its first line, without a trailing CR.
    public static func firstLine(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return String(text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
            .trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
    }

    /// Runs the password command with `/bin/sh -c`, no terminal input; its first line is the
    /// password. Its output is never shown, its errors only as their first line. A command
    /// that does not finish in `timeout` seconds (a pinentry waiting for a terminal) is
    /// stopped and named.
    public static func run(_ command: String, timeout: TimeInterval = 60) throws(SyncError) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw SyncError("cannot run the password command: \(error.localizedDescription)")
        }
        final class Box: @unchecked Sendable { var output = Data(); var errors = Data() }
        let box = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            box.output = out.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            box.errors = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            kill(-process.processIdentifier, SIGKILL)
            process.terminate()
            kill(process.processIdentifier, SIGKILL)
            throw SyncError("the password command (\(Sanitize.line(command))) did not finish in \(Int(timeout)) s; it was stopped")
        }
        process.waitUntilExit()
        let output = box.output
        let errors = box.errors
        guard process.terminationStatus == 0 else {
            let first = Sanitize.line(String(decoding: errors.prefix(300), as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? "")
            throw SyncError("the password command (\(Sanitize.line(command))) failed with status \(process.terminationStatus)" + (first.isEmpty ? "" : ": \(first)"))
        }
        let password = firstLine(Array(output.prefix(64 << 10)))
        guard !password.isEmpty else { throw SyncError("the password command (\(Sanitize.line(command))) printed nothing") }
        return password
    }
}

/// What the last syncs did: `<store>/sync/state.json`.
public struct SyncState: Codable, Sendable, Equatable {
    /// The newest crawl time seen (seconds): later syncs ask only for items from then on.
    public var newestCrawl: Double?
    public var lastAttempt: Date?
    public var lastSuccess: Date?
    public var lastResult: String?
    public var lastFailed: Bool = false
    public init() {}
}

/// The account's files in `<store>/sync/`.
public struct SyncFiles: Sendable {
    public let directory: String
    let tmpDir: String
    public var accountPath: String { directory + "/account.json" }
    public var passwordPath: String { directory + "/password" }
    public var statePath: String { directory + "/state.json" }
    /// `<server item id>\t<article id>` per line: which server items each article is.
    public var mapPath: String { directory + "/items.tsv" }
    public var lockPath: String { directory + "/sync.lock" }

    public init(store: ArticleStore) {
        directory = store.root + "/sync"
        tmpDir = store.tmpDir
    }

    public var hasAccount: Bool { FileSystem.exists(accountPath) }

    public func loadAccount() throws(SyncError) -> Account? {
        guard hasAccount else { return nil }
        guard let bytes = try? FileSystem.read(accountPath, limit: 1 << 20),
              let account = try? JSONDecoder().decode(Account.self, from: Data(bytes)) else {
            throw SyncError("\(accountPath) is damaged; log in again with gazette sync login")
        }
        return account
    }

    public func save(_ account: Account) throws(StoreError) {
        try FileSystem.makeDirectories(directory)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let bytes = Array((try? encoder.encode(account)) ?? Data())
        try writePrivate(bytes, to: accountPath)
    }

    /// Writes a file only its owner can read, atomically.
    public func writePrivate(_ bytes: [UInt8], to path: String) throws(StoreError) {
        try FileSystem.makeDirectories(directory)
        chmod(directory, 0o700)
        try FileSystem.makeDirectory(tmpDir)
        let old = umask(0o077)
        defer { umask(old) }
        try FileSystem.writeAtomically(bytes, to: path, tmpDir: tmpDir)
        chmod(path, 0o600)
    }

    public func loadState() -> SyncState {
        guard let bytes = try? FileSystem.read(statePath, limit: 1 << 20) else { return SyncState() }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return (try? decoder.decode(SyncState.self, from: Data(bytes))) ?? SyncState()
    }

    public func save(_ state: SyncState) throws(StoreError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        try FileSystem.makeDirectory(tmpDir)
        try FileSystem.writeAtomically(Array((try? encoder.encode(state)) ?? Data()), to: statePath, tmpDir: tmpDir)
    }

    public func loadMap() -> ItemMap {
        var map = ItemMap()
        guard let bytes = try? FileSystem.read(mapPath, limit: 1 << 30) else { return map }
        for line in bytes.split(separator: 10) {
            guard let tab = line.firstIndex(of: 9),
                  let server = UInt64(String(decoding: line[..<tab], as: UTF8.self)),
                  let article = ArticleID(String(decoding: line[(tab + 1)...], as: UTF8.self)) else { continue }
            map.add(server, article)
        }
        return map
    }

    public func append(_ pairs: [(UInt64, ArticleID)]) throws(StoreError) {
        guard !pairs.isEmpty else { return }
        try FileSystem.makeDirectories(directory)
        try FileSystem.append(Array(pairs.map { "\($0.0)\t\($0.1)\n" }.joined().utf8), to: mapPath, startingLine: true)
    }

    /// Forgets the account: credentials, state, map and journal. Articles stay.
    public func removeAll() {
        for name in (try? FileSystem.list(directory)) ?? [] { FileSystem.remove(directory + "/" + name) }
        rmdir(directory)
    }
}

/// Which server items each article is (an item in two feeds, or seen again under a new
/// server id, is one article).
public struct ItemMap: Sendable {
    public private(set) var article: [UInt64: ArticleID] = [:]
    public private(set) var servers: [ArticleID: [UInt64]] = [:]
    public init() {}

    @discardableResult
    public mutating func add(_ server: UInt64, _ id: ArticleID) -> Bool {
        guard article[server] == nil else { return false }
        article[server] = id
        servers[id, default: []].append(server)
        return true
    }
}
