import Foundation
@testable import GazetteCore

/// A fresh temporary folder, removed when the value is released.
final class TempDir: Sendable {
    let path: String

    init(_ name: String = "gazette-test") {
        path = NSTemporaryDirectory() + "\(name)-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        // Restore write permission in case a test made something read-only.
        _ = try? FileManager.default.subpathsOfDirectory(atPath: path).forEach {
            chmod(path + "/" + $0, 0o755)
        }
        chmod(path, 0o755)
        try? FileManager.default.removeItem(atPath: path)
    }

    @discardableResult
    func write(_ relative: String, _ text: String) -> String {
        write(relative, bytes: Array(text.utf8))
    }

    @discardableResult
    func write(_ relative: String, bytes: [UInt8]) -> String {
        let full = path + "/" + relative
        try? FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: full, contents: Data(bytes))
        return full
    }
}

enum Paths {
    /// The repository root, from this file's location.
    static let repo: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static var samplePage: String { repo + "/Resources/Samples/international-news/trump-putin-call.txt" }
    static var shared: String { repo + "/../shared" }
}

let fixedNow = Date(timeIntervalSince1970: 1_748_000_000)  // 2025-05-23T11:33:20Z
