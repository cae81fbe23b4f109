import Foundation

/// The starred article ids in `<store>/favorites.json`: user state, never only in memory.
///
/// Every change re-reads the file under the store lock, applies itself and writes the file
/// atomically before returning, so a star is on disk before the screen shows it and two
/// processes never undo each other's stars. A corrupt file is moved aside (never replaced
/// by an empty set) and reported.
public struct FavoritesFile: Sendable {
    public let path: String
    let lockPath: String
    let tmpDir: String

    init(store: ArticleStore) {
        path = store.root + "/favorites.json"
        lockPath = store.lockPath
        tmpDir = store.tmpDir
    }

    /// The starred ids on disk. A missing file is an empty set.
    ///
    /// A corrupt file is renamed to `favorites.json.corrupt-<time>` and reported as an error;
    /// when it cannot be moved (read-only store) the error says so and nothing is written.
    public func load() throws(StoreError) -> Set<ArticleID> {
        guard FileSystem.exists(path) else { return [] }
        let bytes = try FileSystem.read(path, limit: 64 << 20)
        if let ids = Self.decode(bytes) { return ids }
        let aside = "\(path).corrupt-\(Int(Date().timeIntervalSince1970))"
        do {
            try FileSystem.rename(path, to: aside)
        } catch {
            throw StoreError("read favorites", path: path,
                             reason: "the file is corrupt and could not be moved aside (\(error.reason)); stars are read-only until it is fixed")
        }
        throw StoreError("read favorites", path: path,
                         reason: "the file was corrupt; it was kept as \((aside as NSString).lastPathComponent) and a new one is started")
    }

    /// Stars or unstars one article and returns the whole set as now on disk.
    @discardableResult
    public func set(_ id: ArticleID, starred: Bool) throws(StoreError) -> Set<ArticleID> {
        try update { ids in
            if starred { ids.insert(id) } else { ids.remove(id) }
        }
    }

    /// Flips one article's star; returns the set as now on disk.
    @discardableResult
    public func toggle(_ id: ArticleID) throws(StoreError) -> Set<ArticleID> {
        try update { ids in
            if ids.contains(id) { ids.remove(id) } else { ids.insert(id) }
        }
    }

    private func update(_ change: (inout Set<ArticleID>) -> Void) throws(StoreError) -> Set<ArticleID> {
        let lock = try FileLock(path: lockPath)
        defer { lock.unlock() }
        var ids = try load()
        change(&ids)
        try FileSystem.makeDirectory(tmpDir)
        try FileSystem.writeAtomically(Self.encode(ids), to: path, tmpDir: tmpDir)
        return ids
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
}
