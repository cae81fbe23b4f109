import Foundation

/// The starred article ids in `<store>/favorites.json`: user state, never only in memory.
///
/// Every change re-reads the file under the store lock, applies itself and writes the file
/// atomically before returning, so a star is on disk before the screen shows it and two
/// processes never undo each other's stars.
///
/// A corrupt file never costs a star: reading it recovers every id that can still be read
/// (and renames nothing, so `list` leaves the store as it found it); the next change keeps
/// the damaged file aside under a name of its own (`favorites.json.corrupt-<time>`, then
/// `-2`, `-3`, ... when that is taken), and writes the recovered ids, the ids the writer
/// still holds in memory (the reader's stars) and the change. Every command warns while a
/// damaged file or a kept copy is there.
public struct FavoritesFile: Sendable {
    public let path: String
    let root: String
    let lockPath: String
    let tmpDir: String
    let journal: SyncJournal

    init(store: ArticleStore) {
        root = store.root
        path = store.root + "/favorites.json"
        lockPath = store.lockPath
        tmpDir = store.tmpDir
        journal = SyncJournal(store: store)
    }

    /// What the file holds: the ids, and whether they were recovered from a damaged file.
    public struct Contents: Equatable, Sendable {
        public var ids: Set<ArticleID>
        public var corrupt: Bool
        public init(ids: Set<ArticleID>, corrupt: Bool) {
            self.ids = ids
            self.corrupt = corrupt
        }
    }

    /// Reads the file without changing anything; a missing file is an empty set.
    public func read() throws(StoreError) -> Contents {
        guard FileSystem.exists(path) else { return Contents(ids: [], corrupt: false) }
        let bytes = try FileSystem.read(path, limit: 64 << 20)
        if let ids = Self.decode(bytes) { return Contents(ids: ids, corrupt: false) }
        return Contents(ids: Self.salvage(bytes), corrupt: true)
    }

    /// The starred ids (recovered ones, when the file is damaged).
    public func load() throws(StoreError) -> Set<ArticleID> { try read().ids }

    /// What the user should be told about the file, or nil when all is well.
    public func problem() -> String? {
        if let contents = try? read(), contents.corrupt {
            return "favorites.json is damaged: \(contents.ids.count) starred id\(contents.ids.count == 1 ? "" : "s") could be read from it; "
                + "the next star or unstar saves them in a new file and keeps the damaged one aside"
        }
        let copies = keptCopies()
        guard let first = copies.first else { return nil }
        return "favorites.json was damaged and is kept as \(first)"
            + (copies.count > 1 ? " (and \(copies.count - 1) older cop\(copies.count == 2 ? "y" : "ies"))" : "")
            + " in \(root); its stars were recovered: delete it once you have checked it"
    }

    /// Names of damaged files kept aside, newest first.
    public func keptCopies() -> [String] {
        ((try? FileSystem.list(root)) ?? []).filter { $0.hasPrefix("favorites.json.corrupt-") }.sorted().reversed()
    }

    /// Stars or unstars one article and returns the whole set as now on disk. `known`: the
    /// stars the caller holds, kept when the file turns out to be damaged.
    @discardableResult
    public func set(_ id: ArticleID, starred: Bool, known: Set<ArticleID> = []) throws(StoreError) -> Set<ArticleID> {
        try update(known: known, Self.setting(id, starred: starred))
    }

    static func setting(_ id: ArticleID, starred: Bool) -> (inout Set<ArticleID>) -> Void {
        { ids in if starred { ids.insert(id) } else { ids.remove(id) } }
    }

    /// Flips one article's star; returns the set as now on disk.
    @discardableResult
    public func toggle(_ id: ArticleID, known: Set<ArticleID> = []) throws(StoreError) -> Set<ArticleID> {
        try update(known: known) { ids in
            if ids.contains(id) { ids.remove(id) } else { ids.insert(id) }
        }
    }

    /// Like `set`, but never waits for the store lock: nil when another process holds it
    /// (the reader keeps its keys alive and tries again).
    public func trySet(_ id: ArticleID, starred: Bool, known: Set<ArticleID> = []) throws(StoreError) -> Set<ArticleID>? {
        guard let lock = try FileLock.acquire(path: lockPath, wait: false, purpose: "star") else { return nil }
        defer { lock.unlock() }
        return try update(locked: lock, known: known, Self.setting(id, starred: starred))
    }

    /// The purpose the process holding the store lock gave ("import"), if any.
    public func lockHolder() -> String? { FileLock.holder(path: lockPath) }

    /// Applies stars and unstars that did not come from the user here (a synced account's,
    /// newsboat's flags), under the store lock, not journaled: the account must not be sent
    /// them back. `keep` is asked under the lock and spares articles whose local change is
    /// still waiting to be sent. Returns the set on disk.
    @discardableResult
    public func applyUnjournaled(star: Set<ArticleID>, unstar: Set<ArticleID>,
                                keep: () -> Set<ArticleID>) throws(StoreError) -> Set<ArticleID> {
        let lock = try FileLock(path: lockPath, purpose: "sync")
        defer { lock.unlock() }
        return try update(locked: lock, known: [], journal: false) { ids in
            let spared = keep()
            ids.formUnion(star.subtracting(spared))
            ids.subtract(unstar.subtracting(spared))
        }
    }

    private func update(known: Set<ArticleID>, _ change: (inout Set<ArticleID>) -> Void) throws(StoreError) -> Set<ArticleID> {
        let lock = try FileLock(path: lockPath, purpose: "star")
        defer { lock.unlock() }
        return try update(locked: lock, known: known, change)
    }

    /// `journal`: a user's change, recorded for the synced account (synced to disk) before
    /// favorites.json is written, so a star made a moment before a crash still reaches it.
    private func update(locked _: FileLock, known: Set<ArticleID>, journal: Bool = true,
                        _ change: (inout Set<ArticleID>) -> Void) throws(StoreError) -> Set<ArticleID> {
        let contents = try read()
        var ids = contents.ids
        if contents.corrupt {
            try keepAside()
            ids.formUnion(known)
        }
        let before = ids
        change(&ids)
        let changes = ids.symmetricDifference(before).sorted().map {
            SyncJournal.Change(article: $0, kind: .starred, on: ids.contains($0))
        }
        if journal { try self.journal.record(changes, durable: true) }
        do {
            try FileSystem.makeDirectory(tmpDir)
            try FileSystem.writeAtomically(Self.encode(ids), to: path, tmpDir: tmpDir)
        } catch {
            // Not saved: the journal must not send what the user never got.
            if journal {
                try? self.journal.record(changes.map { SyncJournal.Change(article: $0.article, kind: .starred, on: !$0.on) },
                                         durable: true)
            }
            throw error
        }
        return ids
    }

    /// Links the damaged file to a name no other copy has (link fails rather than replace).
    private func keepAside() throws(StoreError) {
        let stamp = ISODate.format(WallClock.now()).replacingOccurrences(of: ":", with: "")
        for n in 1...1000 {
            let aside = "\(path).corrupt-\(stamp)" + (n == 1 ? "" : "-\(n)")
            if link(path, aside) == 0 { return }
            if errno != EEXIST {
                throw StoreError("keep the damaged favorites.json as", path: aside, reason: String(cString: strerror(errno))
                                 + "; stars are not saved until it can be kept")
            }
        }
        throw StoreError("keep the damaged favorites.json in", path: root, reason: "a thousand copies are already there")
    }

    static func encode(_ ids: Set<ArticleID>) -> [UInt8] {
        let lines = ids.sorted().map { "    \"\($0)\"" }.joined(separator: ",\n")
        let text = "{\n  \"version\": 1,\n  \"starred\": [\n\(lines)\(lines.isEmpty ? "" : "\n")  ]\n}\n"
        return Array(text.utf8)
    }

    static func decode(_ bytes: [UInt8]) -> Set<ArticleID>? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)),
              let dict = object as? [String: Any],
              let list = dict["starred"] as? [Any] else { return nil }
        var ids = Set<ArticleID>()
        for item in list {
            guard let text = item as? String, let id = ArticleID(text) else { return nil }
            ids.insert(id)
        }
        return ids
    }

    /// Every id still legible in a damaged file: runs of exactly 16 hex digits.
    static func salvage(_ bytes: [UInt8]) -> Set<ArticleID> {
        func isHex(_ b: UInt8) -> Bool { (48...57).contains(b) || (97...102).contains(b) || (65...70).contains(b) }
        var ids = Set<ArticleID>()
        var start = 0
        while start < bytes.count {
            guard isHex(bytes[start]) else { start += 1; continue }
            var end = start
            while end < bytes.count, isHex(bytes[end]) { end += 1 }
            if end - start == 16, let id = ArticleID(String(decoding: bytes[start..<end], as: UTF8.self).lowercased()) {
                ids.insert(id)
            }
            start = end
        }
        return ids
    }
}
