import Foundation

/// Read marks and stars made in Gazette that a synced account has not confirmed yet:
/// `<store>/sync/journal`, one line per change, `<op> <article id>` with op `r` (read), `u`
/// (unread), `s` (starred) or `x` (unstarred).
///
/// Written only while an account is set up (`sync/account.json` exists), before the change is
/// shown: stars are synced to disk with their favorites write, read marks are appended like
/// `read.log` (they survive the process being killed, not a power cut). The sync sends the
/// last change of each article and kind, then removes exactly the lines it sent; lines added
/// meanwhile stay for the next sync. Appends and that removal take `sync/journal.lock`, held
/// for microseconds, so no line is ever lost between them.
public struct SyncJournal: Sendable {
    public enum Kind: Sendable, Hashable { case read, starred }

    /// An article and a kind of state: what one journal line is about.
    public struct Key: Sendable, Hashable {
        public var article: ArticleID
        public var kind: Kind
        public init(_ article: ArticleID, _ kind: Kind) {
            self.article = article
            self.kind = kind
        }
    }

    public struct Change: Sendable, Hashable {
        public var article: ArticleID
        public var kind: Kind
        /// Read (for `.read`) or starred (for `.starred`).
        public var on: Bool
        public init(article: ArticleID, kind: Kind, on: Bool) {
            self.article = article
            self.kind = kind
            self.on = on
        }

        public var key: Key { Key(article, kind) }

        var line: String {
            let op = switch (kind, on) {
            case (.read, true): "r"
            case (.read, false): "u"
            case (.starred, true): "s"
            case (.starred, false): "x"
            }
            return "\(op) \(article)\n"
        }

        init?(line: ArraySlice<UInt8>) {
            guard line.count == 18, line[line.startIndex + 1] == 32,
                  let id = ArticleID(String(decoding: line.dropFirst(2), as: UTF8.self)) else { return nil }
            switch line.first {
            case UInt8(ascii: "r"): self.init(article: id, kind: .read, on: true)
            case UInt8(ascii: "u"): self.init(article: id, kind: .read, on: false)
            case UInt8(ascii: "s"): self.init(article: id, kind: .starred, on: true)
            case UInt8(ascii: "x"): self.init(article: id, kind: .starred, on: false)
            default: return nil
            }
        }
    }

    /// What the journal held at one moment: the last change per article and kind, and how
    /// many bytes of the file that was (what `remove(sent:upTo:)` may drop).
    public struct Snapshot: Sendable {
        public var changes: [Change]
        public var length: Int
        public var isEmpty: Bool { changes.isEmpty }
    }

    public let directory: String
    public var path: String { directory + "/journal" }
    var lockPath: String { directory + "/journal.lock" }
    let tmpDir: String

    public init(store: ArticleStore) {
        directory = store.root + "/sync"
        tmpDir = store.tmpDir
    }

    /// True while an account is set up: only then are changes journaled.
    public var isActive: Bool { FileSystem.exists(directory + "/account.json") }

    /// Journals changes (nothing when no account is set up). `durable`: synced to disk before
    /// returning (stars).
    public func record(_ changes: [Change], durable: Bool = false) throws(StoreError) {
        guard !changes.isEmpty, isActive else { return }
        let bytes = Array(changes.map(\.line).joined().utf8)
        let lock = try FileLock(path: lockPath, purpose: "journal")
        defer { lock.unlock() }
        try FileSystem.append(bytes, to: path, startingLine: true)
        if durable { try FileSystem.fsync(path: path) }
    }

    /// The changes waiting, last one per article and kind, in the order first made.
    public func snapshot() throws(StoreError) -> Snapshot {
        guard FileSystem.exists(path) else { return Snapshot(changes: [], length: 0) }
        let bytes = try FileSystem.read(path, limit: 256 << 20)
        // Only whole lines: a line being appended right now belongs to the next snapshot.
        let length = (bytes.lastIndex(of: 10)).map { $0 + 1 } ?? 0
        return Snapshot(changes: Self.lastChanges(bytes[..<length]), length: length)
    }

    static func lastChanges(_ bytes: ArraySlice<UInt8>) -> [Change] {
        var order: [Key] = []
        var last: [Key: Bool] = [:]
        for line in bytes.split(separator: 10) {
            guard let change = Change(line: line) else { continue }
            if last.updateValue(change.on, forKey: change.key) == nil { order.append(change.key) }
        }
        return order.map { Change(article: $0.article, kind: $0.kind, on: last[$0]!) }
    }

    /// Removes from the first `length` bytes the lines of every article and kind in `sent`;
    /// what was added after those bytes, and what was not sent, stays.
    public func remove(sent: Set<Change>, upTo length: Int) throws(StoreError) {
        guard !sent.isEmpty || length > 0 else { return }
        let lock = try FileLock(path: lockPath, purpose: "journal")
        defer { lock.unlock() }
        let bytes = FileSystem.exists(path) ? try FileSystem.read(path, limit: 256 << 20) : []
        let cut = min(length, bytes.count)
        let sentKeys = Set(sent.map(\.key))
        var kept: [UInt8] = []
        for line in bytes[..<cut].split(separator: 10) {
            guard let change = Change(line: line) else { continue }
            if sentKeys.contains(change.key) { continue }
            kept.append(contentsOf: line)
            kept.append(10)
        }
        kept.append(contentsOf: bytes[cut...])
        try FileSystem.makeDirectory(tmpDir)
        try FileSystem.writeAtomically(kept, to: path, tmpDir: tmpDir)
    }

    /// Articles and kinds with a change waiting (local changes win over the server's state).
    public func waiting() -> Set<Key> {
        guard let snap = try? snapshot() else { return [] }
        return Set(snap.changes.map(\.key))
    }
}
