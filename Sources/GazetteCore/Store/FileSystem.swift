import CGazetteSupport
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin, error-naming wrappers over POSIX file calls: the store's only way to touch the disk.
public enum FileSystem {
    /// The extension of a path's last component, as NSString's `pathExtension` gives it
    /// ("a/b.tar.gz" -> "gz"; none for ".bashrc" or "a."; trailing slashes ignored), without
    /// Foundation's path machinery (a walk asks it of every file).
    public static func pathExtension(_ path: String) -> Substring {
        var end = path.endIndex
        while end > path.startIndex, path[path.index(before: end)] == "/" { end = path.index(before: end) }
        let name = path[..<end]
        let start = name.lastIndex(of: "/").map { name.index(after: $0) } ?? name.startIndex
        guard let dot = name[start...].lastIndex(of: "."), dot > start else { return "" }
        return name[name.index(after: dot)...]
    }

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
        guard mkdir(path, 0o755) != 0 else { return }
        if errno != EEXIST { throw .system("create folder", path: path) }
        if !isDirectory(path) { throw StoreError("use", path: path, reason: "it is not a folder") }
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
        // O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused just below).
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else { throw .system("read", path: path) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .system("read", path: path) }
        if let kind = Self.notRegular(st.st_mode) { throw StoreError("read", path: path, reason: kind) }
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

    /// Why a file of this mode is not read: nil for a regular file.
    static func notRegular(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: nil
        case S_IFDIR: "it is a folder"
        case S_IFIFO: "not a regular file (a FIFO)"
        case S_IFSOCK: "not a regular file (a socket)"
        case S_IFCHR, S_IFBLK: "not a regular file (a device)"
        default: "not a regular file"
        }
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
    /// Errors name `path`, the file the user knows, never its scratch copy.
    public static func writeAtomically(_ bytes: [UInt8], to path: String, tmpDir: String) throws(StoreError) {
        removeStaleScratch(in: tmpDir)
        let name = (path as NSString).lastPathComponent
        let tmp = "\(tmpDir)/\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        do throws(StoreError) {
            try writeNew(bytes, to: tmp)
            do {
                try fsync(path: tmp)
                try rename(tmp, to: path)
            } catch {
                unlink(tmp)
                throw error
            }
        } catch {
            throw StoreError("write", path: path, reason: error.reason)
        }
        try fsync(path: (path as NSString).deletingLastPathComponent, directory: true)
    }

    /// Removes scratch files whose writer is gone: every scratch name carries the writing
    /// process's id after the file's own name (`favorites.json.<pid>.<n>.tmp`,
    /// `<id>.<pid>.json`); a file whose process no longer exists was left by a killed one.
    public static func removeStaleScratch(in tmpDir: String) {
        guard let names = try? list(tmpDir), !names.isEmpty else { return }
        for name in names {
            let parts = name.split(separator: ".")
            guard parts.count >= 3, let pid = parts.dropFirst().lazy.compactMap({ Int32($0) }).first(where: { $0 > 0 }) else { continue }
            if pid != getpid(), kill(pid, 0) != 0, errno == ESRCH { unlink("\(tmpDir)/\(name)") }
        }
    }

    /// A file's identity: the same (device, inode) reached by two paths is one file.
    public struct FileIdentity: Hashable, Sendable {
        public var device: UInt64
        public var inode: UInt64
    }

    /// One entry of a folder: whether it is a folder and what it is (links followed).
    public struct Entry: Sendable {
        public var name: String
        public var isDirectory: Bool
        public var identity: FileIdentity
    }

    /// Entries of a folder (from readdir's d_type and d_ino, so no stat per plain file; a
    /// link or an entry the filesystem does not type is looked up with stat, following it).
    /// Entries that cannot be looked up (a dangling link) are left out.
    public static func entries(_ path: String) throws(StoreError) -> [Entry] {
        guard let dir = opendir(path) else { throw .system("list", path: path) }
        defer { closedir(dir) }
        var own = stat()
        guard stat(path, &own) == 0 else { throw .system("list", path: path) }
        var out: [Entry] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            let type = entry.pointee.d_type
            if type == UInt8(DT_DIR) || type == UInt8(DT_REG) {
                out.append(Entry(name: name, isDirectory: type == UInt8(DT_DIR),
                                 identity: FileIdentity(device: UInt64(own.st_dev), inode: UInt64(entry.pointee.d_ino))))
                continue
            }
            var st = stat()
            guard stat("\(path)/\(name)", &st) == 0 else { continue }
            out.append(Entry(name: name, isDirectory: (st.st_mode & S_IFMT) == S_IFDIR,
                             identity: FileIdentity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))))
        }
        return out
    }

    /// The identity of what `path` names (links followed), or nil.
    public static func identity(_ path: String) -> FileIdentity? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return FileIdentity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
    }

    /// True for a folder on a kernel pseudo-filesystem (/proc, /sys, /dev, cgroups): nothing
    /// to import there, and reading some of their files blocks or never ends.
    public static func isPseudoFilesystem(_ path: String) -> Bool {
        let type = gz_filesystem_type(path)
        guard type >= 0 else { return false }
        let magic = UInt64(type)
        let pseudo: Set<UInt64> = [0x9FA0 /* proc */, 0x6265_6572 /* sysfs */, 0x1CD1 /* devpts */, 0x0102_1994 /* tmpfs on /dev */,
                                   0x2762_3005 /* cgroup2 */, 0x0027_E0EB /* cgroup */, 0x6462_6720 /* debugfs */,
                                   0x7463_6673 /* securityfs */, 0x7472_6163 /* tracefs */, 0xCAFE_4A11 /* bpf */,
                                   0x4249_4E4D /* binfmt_misc */, 0x1980_0202 /* mqueue */, 0x6E73_6673 /* nsfs */,
                                   0x5A3C_69F0 /* pstore */]
        if magic == 0x0102_1994 { return path == "/dev" || path.hasPrefix("/dev/") || path == "/run" || path.hasPrefix("/run/") }
        return pseudo.contains(magic)
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
    public convenience init(path: String, purpose: String = "update") throws(StoreError) {
        guard let lock = try FileLock.acquire(path: path, wait: true, purpose: purpose) else {
            throw StoreError("lock", path: path, reason: "busy")
        }
        self.init(fd: lock.take())
    }

    /// Takes the lock; with `wait` false, returns nil at once when another process holds it.
    /// `purpose` ("import", "star", ...) is written into the lock file, so a process that finds
    /// it busy can say what it waits for (`holder`).
    public static func acquire(path: String, wait: Bool, purpose: String = "update") throws(StoreError) -> FileLock? {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .system("open the lock file", path: path) }
        while flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0 {
            let code = errno
            if code == EINTR { continue }
            close(fd)
            if code == EWOULDBLOCK { return nil }
            throw .system("lock", path: path, errno: code)
        }
        let note = Array("\(purpose) \(getpid())\n".utf8)
        if ftruncate(fd, 0) == 0 { _ = note.withUnsafeBytes { pwrite(fd, $0.baseAddress, note.count, 0) } }
        return FileLock(fd: fd)
    }

    /// What the process holding the lock said it is doing ("import"), when it said so.
    public static func holder(path: String) -> String? {
        guard let bytes = try? FileSystem.read(path, limit: 4096),
              let word = String(decoding: bytes, as: UTF8.self).split(separator: " ").first else { return nil }
        let purpose = Sanitize.line(String(word)).trimmingCharacters(in: .whitespacesAndNewlines)
        return purpose.isEmpty ? nil : String(purpose.prefix(20))
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
