import Foundation
import Testing
@testable import GazetteFetch
import GazetteTestSupport

@Suite("Downloading attachments", .serialized)
struct DownloadTests {
    static let episode = Data((0..<2_000_000).map { UInt8($0 % 251) })

    func folder() throws -> String {
        let dir = NSTemporaryDirectory() + "gazette-downloads-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    final class Seen: @unchecked Sendable {
        let lock = NSLock()
        var reports: [(Int, Int?)] = []
        func add(_ r: Int, _ t: Int?) { lock.lock(); reports.append((r, t)); lock.unlock() }
    }

    @Test("A download lands whole under its own name, with progress on the way; a second one says it is already there")
    func whole() throws {
        let server = try LocalFeedServer()
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let seen = Seen()
        let outcome = Downloader.download(server.url("/episode.mp3"), into: dir) { seen.add($0, $1) }
        #expect(outcome == .done(path: dir + "/episode.mp3", bytes: 2_000_000))
        #expect(FileManager.default.contents(atPath: dir + "/episode.mp3") == Self.episode)
        #expect(!FileManager.default.fileExists(atPath: dir + "/episode.mp3.part"))
        #expect(seen.reports.allSatisfy { $0.1 == nil || $0.1 == 2_000_000 })
        #expect(Downloader.download(server.url("/episode.mp3"), into: dir) { _, _ in } == .alreadyThere(path: dir + "/episode.mp3"))
    }

    @Test("Cut off: what came is kept as .part and the error says so; the next download resumes with Range and the file is byte for byte right")
    func resumes() throws {
        let server = try LocalFeedServer()
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = Downloader.download(server.url("/cut.mp3"), into: dir, stallSeconds: 5) { _, _ in }
        guard case .failed(let reason) = first else { Issue.record("\(first)"); return }
        #expect(reason.contains("700 KB kept: d again resumes"), "\(reason)")
        #expect((try? FileManager.default.attributesOfItem(atPath: dir + "/cut.mp3.part")[.size] as? Int) == 700_000)
        let seen = Seen()
        let second = Downloader.download(server.url("/cut.mp3"), into: dir) { seen.add($0, $1) }
        #expect(second == .done(path: dir + "/cut.mp3", bytes: 2_000_000))
        #expect(FileManager.default.contents(atPath: dir + "/cut.mp3") == Self.episode)
        // Progress counts from what was there.
        #expect(seen.reports.allSatisfy { $0.0 >= 700_000 })
    }

    @Test("A server that ignores Range sends it all again: the partial file is started over, not appended to")
    func ignoresRange() throws {
        let server = try LocalFeedServer()
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(repeating: 0xEE, count: 300_000).write(to: URL(fileURLWithPath: dir + "/norange.mp3.part"))
        let outcome = Downloader.download(server.url("/norange.mp3"), into: dir) { _, _ in }
        #expect(outcome == .done(path: dir + "/norange.mp3", bytes: 2_000_000))
        #expect(FileManager.default.contents(atPath: dir + "/norange.mp3") == Self.episode)
    }

    @Test("A 404 is named and leaves no file; a name from the link never leaves the folder or hides")
    func failuresAndNames() throws {
        let server = try LocalFeedServer()
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let missing = Downloader.download(server.url("/missing.xml"), into: dir) { _, _ in }
        #expect(missing == .failed("HTTP 404 from 127.0.0.1"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
        // A link planted at the .part's name is not written through.
        let elsewhere = dir + "-elsewhere"
        defer { unlink(elsewhere) }
        try FileManager.default.createSymbolicLink(atPath: dir + "/episode.mp3.part", withDestinationPath: elsewhere)
        guard case .failed(let reason) = Downloader.download(server.url("/episode.mp3"), into: dir, progress: { _, _ in }) else {
            Issue.record("downloaded through a link"); return
        }
        #expect(reason.hasPrefix("cannot write \(dir)/episode.mp3.part"), "\(reason)")
        #expect(!FileManager.default.fileExists(atPath: elsewhere))
        #expect(Downloader.fileName(for: "https://x.example/a/..%2F..%2Fetc%2Fpasswd") == "passwd")
        #expect(Downloader.fileName(for: "https://x.example/.bashrc") == "bashrc")
        #expect(Downloader.fileName(for: "https://x.example/") == "download")
        #expect(Downloader.fileName(for: "https://x.example/ep%1B%5B31m.mp3?x=1") == "ep[31m.mp3")
        #expect(!Downloader.fileName(for: "https://x.example/a%2Fb").contains("/"))
    }
}
