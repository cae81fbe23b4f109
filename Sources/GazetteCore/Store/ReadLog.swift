import Foundation

/// Which articles have been read: `<store>/read.log`, one line per change, `<id>` when an
/// article was read and `-<id>` when it was marked unread again.
///
/// Lines are appended (one `write` with O_APPEND, so two processes never interleave) and not
/// synced: a crash may forget the last few read marks, which costs a reader little, unlike a
/// star. A torn or foreign line is skipped. When the log holds far more lines than read
/// articles it is rewritten atomically under the store lock.
public struct ReadLog: Sendable {
    public let path: String
    let lockPath: String
    let tmpDir: String
    let journal: SyncJournal

    init(store: ArticleStore) {
        path = store.root + "/read.log"
        lockPath = store.lockPath
        tmpDir = store.tmpDir
        journal = SyncJournal(store: store)
    }

    /// The read ids on disk; a missing log is none.
    public func load() throws(StoreError) -> Set<ArticleID> {
        guard FileSystem.exists(path) else { return [] }
        let (ids, lines) = Self.decode(try FileSystem.read(path, limit: 256 << 20))
        if lines > 2 * ids.count + 10_000 { compact(ids) }
        return ids
    }

    /// Marks articles read or unread on disk. `journal`: a user's change, recorded first for
    /// the synced account (false for the state a sync brings from the server).
    public func mark(_ ids: [ArticleID], read: Bool, journal: Bool = true) throws(StoreError) {
        guard !ids.isEmpty else { return }
        if journal { try self.journal.record(ids.map { SyncJournal.Change(article: $0, kind: .read, on: read) }) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(ids.count * 18)
        for id in ids {
            if !read { bytes.append(UInt8(ascii: "-")) }
            bytes.append(contentsOf: id.description.utf8)
            bytes.append(10)
        }
        // After a torn line (a crash mid-append), a new line starts.
        try FileSystem.append(bytes, to: path, startingLine: true)
    }

    static func decode(_ bytes: [UInt8]) -> (ids: Set<ArticleID>, lines: Int) {
        var ids = Set<ArticleID>()
        var lines = 0
        for line in bytes.split(separator: 10) {
            lines += 1
            let unread = line.first == UInt8(ascii: "-")
            let text = String(decoding: unread ? line.dropFirst() : line[...], as: UTF8.self)
            guard text.utf8.count == 16, let id = ArticleID(text) else { continue }
            if unread { ids.remove(id) } else { ids.insert(id) }
        }
        return (ids, lines)
    }

    /// Rewrites the log as one line per read article (best effort: a read-only store keeps
    /// its long log).
    private func compact(_ ids: Set<ArticleID>) {
        // Never waits: a reader must not freeze behind an import for a tidy-up.
        guard let lock = try? FileLock.acquire(path: lockPath, wait: false) else { return }
        defer { lock.unlock() }
        // Under the lock, from the file as it is now: another process may have appended.
        guard let bytes = try? FileSystem.read(path, limit: 256 << 20) else { return }
        let current = Self.decode(bytes).ids
        let text = current.sorted().map { "\($0)\n" }.joined()
        try? FileSystem.makeDirectory(tmpDir)
        try? FileSystem.writeAtomically(Array(text.utf8), to: path, tmpDir: tmpDir)
    }
}
