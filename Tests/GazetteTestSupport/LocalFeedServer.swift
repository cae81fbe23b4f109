import Foundation

/// Runs `feed_server.py` (beside this file) on 127.0.0.1 for the duration of a test.
public final class LocalFeedServer {
    let process = Process()
    let input = Pipe()
    public let port: Int
    let scheme: String

    public struct StartFailed: Error, CustomStringConvertible {
        public var description: String
    }

    /// - Parameter tls: certificate and key files: serve HTTPS with them.
    public init(tls: (cert: String, key: String)? = nil) throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("feed_server.py").path
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script] + (tls.map { ["--tls", $0.cert, $0.key] } ?? [])
        scheme = tls == nil ? "http" : "https"
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = input
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data([10]) { line.append(byte) }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            throw StartFailed(description: "the test server (\(script)) did not print its port")
        }
        self.port = port
    }

    public func url(_ path: String) -> String { "\(scheme)://127.0.0.1:\(port)\(path)" }

    deinit {
        try? input.fileHandleForWriting.close()
        // SIGKILL: the child may have inherited a blocked SIGTERM from the test's thread.
        kill(process.processIdentifier, SIGKILL)
        var status: Int32 = 0
        waitpid(process.processIdentifier, &status, 0)
    }
}
