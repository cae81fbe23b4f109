import CGazetteSupport
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin, error-naming wrappers over POSIX file calls: the store's only way to touch the disk.
public enum FileSystem {
    public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    public static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// Modification time in nanoseconds, or nil when the path cannot be examined.
    public static func modificationTime(_ path: String) -> Int64? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
    }

    public static func fileSize(_ path: String) -> Int64? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return Int64(st.st_size)
    }

    public static func makeDirectory(_ path: String) throws(StoreError) {
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw .system("create folder", path: path)
        }
    }

    /// Creates `path` and its missing parents.
    public static func makeDirectories(_ path: String) throws(StoreError) {
        if isDirectory(path) { return }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path, !isDirectory(parent) { try makeDirectories(parent) }
        try makeDirectory(path)
    }

    /// Reads a whole file, with a size cap so a huge file fails with a clear reason.
    public static func read(_ path: String, limit: Int = Int.max) throws(StoreError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .system("read", path: path) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .system("read", path: path) }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw StoreError("read", path: path, reason: "it is a folder") }
        let size = Int(st.st_size)
        if size > limit {
            throw StoreError("read", path: path, reason: "file too large (\(size) bytes; the limit is \(limit))")
        }
        var buffer = [UInt8](repeating: 0, count: max(size, 0))
        var done = 0
        while done < size {
            let n = buffer.withUnsafeMutableBytes { raw in
                Glibc.read(fd, raw.baseAddress! + done, size - done)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw .system("read", path: path)
            }
            if n == 0 { break }
            done += n
        }
        if done < size { buffer.removeSubrange(done...) }
        return buffer
    }

    /// Writes bytes to a new file (which must not exist) without syncing; the caller syncs.
    public static func writeNew(_ bytes: [UInt8], to path: String) throws(StoreError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .system("create", path: path) }
        if let code = writeAll(bytes, to: fd) {
            close(fd)
            unlink(path)
            throw .system("write", path: path, errno: code)
        }
        if close(fd) != 0 {
            let code = errno
            unlink(path)
            throw .system("write", path: path, errno: code)
        }
    }

    /// Writes every byte to `fd`, again after a signal or a short write. Returns the errno of
    /// a failure, nil when all was written.
    private static func writeAll(_ bytes: [UInt8], to fd: Int32) -> Int32? {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { raw in Glibc.write(fd, raw.baseAddress! + done, bytes.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            done += n
        }
        return nil
    }

    /// Appends bytes to a file (created when missing) with O_APPEND, so lines from two
    /// processes never interleave; not synced. `startingLine`: when the file ends in the middle
    /// of a line (a crash mid-append), a newline goes first, in the same write.
    public static func append(_ bytes: [UInt8], to path: String, startingLine: Bool = false) throws(StoreError) {
        let fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .system("open for appending", path: path) }
        defer { close(fd) }
        var out = bytes
        if startingLine {
            var st = stat()
            var last: UInt8 = 10
            if fstat(fd, &st) == 0, st.st_size > 0, pread(fd, &last, 1, off_t(st.st_size - 1)) == 1, last != 10 {
                out.insert(10, at: 0)
            }
        }
        if let code = writeAll(out, to: fd) { throw .system("append to", path: path, errno: code) }
    }

    public static func fsync(path: String, directory: Bool = false) throws(StoreError) {
        let fd = open(path, (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC)
        guard fd >= 0 else { throw .system("open for sync", path: path) }
        defer { close(fd) }
        if Glibc.fsync(fd) != 0 && errno != EINVAL { throw .system("sync", path: path) }
    }

    /// Flushes the whole filesystem holding `path` at once: far cheaper than one fsync per file in a batch.
    public static func syncFilesystem(containing path: String) throws(StoreError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .system("open for sync", path: path) }
        defer { close(fd) }
        if gz_syncfs(fd) != 0 { throw .system("sync the filesystem of", path: path) }
    }

    public static func rename(_ from: String, to: String) throws(StoreError) {
        if Glibc.rename(from, to) != 0 {
            let code = errno
            throw StoreError("rename \(from) to", path: to, reason: String(cString: strerror(code)))
        }
    }

    public static func remove(_ path: String) { unlink(path) }

    /// Writes a file so that a crash at any instant leaves the old file or the new one:
    /// write into `tmpDir`, fsync, rename into place, fsync the directory.
    public static func writeAtomically(_ bytes: [UInt8], to path: String, tmpDir: String) throws(StoreError) {
        let name = (path as NSString).lastPathComponent
        let tmp = "\(tmpDir)/\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        try writeNew(bytes, to: tmp)
        do {
            try fsync(path: tmp)
            try rename(tmp, to: path)
        } catch {
            unlink(tmp)
            throw error
        }
        try fsync(path: (path as NSString).deletingLastPathComponent, directory: true)
    }

    /// Entries of a folder with whether each is a folder (from readdir's d_type, so no stat
    /// per file; falls back to stat where the filesystem does not say).
    public static func entries(_ path: String) throws(StoreError) -> [(name: String, isDirectory: Bool)] {
        guard let dir = opendir(path) else { throw .system("list", path: path) }
        defer { closedir(dir) }
        var out: [(String, Bool)] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            let type = entry.pointee.d_type
            let isDir = type == UInt8(DT_DIR) || ((type == UInt8(DT_UNKNOWN) || type == UInt8(DT_LNK)) && isDirectory("\(path)/\(name)"))
            out.append((name, isDir))
        }
        return out
    }

    /// Names in a folder (no "." or ".."), unsorted.
    public static func list(_ path: String) throws(StoreError) -> [String] {
        guard let dir = opendir(path) else { throw .system("list", path: path) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}

/// An exclusive advisory lock on a file (flock), released on `unlock` or process exit.
///
/// Writers to a store (import, star/unstar, index rewrite) hold it so two Gazette processes
/// never lose each other's changes.
public final class FileLock {
    private var fd: Int32

    private init(fd: Int32) { self.fd = fd }

    /// Waits for the lock.
    public convenience init(path: String) throws(StoreError) {
        guard let lock = try FileLock.acquire(path: path, wait: true) else {
            throw StoreError("lock", path: path, reason: "busy")
        }
        self.init(fd: lock.take())
    }

    /// Takes the lock; with `wait` false, returns nil at once when another process holds it.
    public static func acquire(path: String, wait: Bool) throws(StoreError) -> FileLock? {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .system("open the lock file", path: path) }
        while flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0 {
            let code = errno
            if code == EINTR { continue }
            close(fd)
            if code == EWOULDBLOCK { return nil }
            throw .system("lock", path: path, errno: code)
        }
        return FileLock(fd: fd)
    }

    private func take() -> Int32 {
        let f = fd
        fd = -1
        return f
    }

    public func unlock() {
        guard fd >= 0 else { return }
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    deinit { unlock() }
}
