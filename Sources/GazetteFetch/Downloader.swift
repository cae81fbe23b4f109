import Foundation
import GazetteCore

/// Downloads a link (a podcast's audio, a video, an image) into a folder: into `NAME.part`
/// first, resumed from there when a download was cut off, renamed to `NAME` once complete.
/// The body goes straight to the file: memory stays flat whatever the size.
public enum Downloader {
    public enum Outcome: Equatable, Sendable {
        case done(path: String, bytes: Int)
        case alreadyThere(path: String)
        case failed(String)
    }

    /// The largest file taken (a server sending forever is stopped there).
    public static let maxBytes = 16 << 30

    /// The file name a link gets: its last path segment, decoded, without what file systems
    /// or shells trip on; "download" when there is none.
    public static func fileName(for url: String) -> String {
        let path = URL(string: url)?.path ?? ""
        var name = path.hasSuffix("/") ? "" : (path as NSString).lastPathComponent
        name = String(Sanitize.line(name).map { "/\\:*?\"<>|".contains($0) ? "_" : $0 }.prefix(120))
        while name.hasPrefix(".") || name.hasPrefix("-") { name.removeFirst() }
        name = name.trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? "download" : name
    }

    /// Downloads `url` into `folder` (made when missing). `progress` hears of bytes received
    /// and the size when the server says it. Blocks the calling thread.
    public static func download(_ url: String, into folder: String, timeout: TimeInterval = 6 * 3600, stallSeconds: Int = 60,
                                progress: @escaping @Sendable (_ received: Int, _ total: Int?) -> Void) -> Outcome {
        let name = fileName(for: url)
        let path = folder + "/" + name
        if FileManager.default.fileExists(atPath: path) { return .alreadyThere(path: path) }
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            return .failed("cannot make \(folder): \((error as NSError).localizedDescription)")
        }
        let partial = path + ".part"
        // Never through a link planted at the .part's name.
        let fd = open(partial, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { return .failed("cannot write \(partial): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        // One download of a file at a time (another Gazette, or d pressed twice).
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { return .failed("\(name) is already being downloaded") }
        let resumeFrom = Int(lseek(fd, 0, SEEK_END))
        let target = DownloadTarget(fd: fd, resumeFrom: max(0, resumeFrom), progress: progress)
        target.stallSeconds = stallSeconds
        var request = HTTPRequest(url: url, headers: resumeFrom > 0 ? [("Range", "bytes=\(resumeFrom)-")] : [])
        request.timeout = timeout
        request.maxBytes = maxBytes
        request.download = target
        let result = HTTPClient.perform(request)
        let kept = Int(lseek(fd, 0, SEEK_END))
        // Nothing came: no empty .part file is left behind.
        func failed(_ reason: String) -> Outcome {
            if kept == 0 { unlink(partial) }
            return .failed(reason + (kept > 0 ? " (\(Importer.byteCount(kept)) kept: d again resumes)" : ""))
        }
        switch result {
        case .failure(let failure):
            return failed(failure.description)
        case .success(let response):
            // 416: the range asked starts at the end: the file was complete.
            guard (200...299).contains(response.status) || (response.status == 416 && resumeFrom > 0) else {
                return failed("HTTP \(response.status) from \(URL(string: url)?.host ?? url)")
            }
        }
        let size = Int(lseek(fd, 0, SEEK_END))
        guard fsync(fd) == 0, rename(partial, path) == 0 else {
            return .failed("cannot finish \(path): \(String(cString: strerror(errno)))")
        }
        return .done(path: path, bytes: size)
    }
}
