import Foundation

/// A real FreshRSS (`../shared/servers/freshrss`, see `../shared/servers/SOURCE.md`) for the
/// sync tests: copied to a scratch folder (in memory, `/dev/shm`, when there is one),
/// installed with one user and an API password, served by `php -S` on a free loopback port,
/// and stopped by pid when the test is done. Test feeds are served from another port by
/// Python's `http.server` out of `feedDirectory`.
public final class FreshRSSServer {
    public static let user = "alice"
    public static let apiPassword = "api-pw-123"

    public let folder: String
    public let port: Int
    public let feedDirectory: String
    public let feedPort: Int
    private var php: Process?
    private var feeds: Process?

    public var baseURL: String { "http://127.0.0.1:\(port)" }
    public var apiURL: String { baseURL + "/api/greader.php" }
    public func feedURL(_ name: String) -> String { "http://127.0.0.1:\(feedPort)/\(name)" }

    public struct Unavailable: Error, CustomStringConvertible { public var description: String }

    static var sourceFolder: String {
        if let env = ProcessInfo.processInfo.environment["GAZETTE_FRESHRSS"], !env.isEmpty { return env }
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return repo.deletingLastPathComponent().appendingPathComponent("shared/servers/freshrss").path
    }

    static func which(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Why these tests cannot run here (no FreshRSS copy beside the checkout, no PHP, or PHP
    /// without SQLite), or nil.
    public static func unavailableReason() -> String? {
        guard FileManager.default.fileExists(atPath: sourceFolder + "/cli/do-install.php") else {
            return "no FreshRSS at \(sourceFolder) (../shared/servers/freshrss beside the checkout)"
        }
        guard let php = which("php") else {
            return "PHP is not installed (apt-get install php8.2-cli php8.2-sqlite3 php8.2-curl php8.2-mbstring php8.2-xml php8.2-intl php8.2-zip php8.2-gmp)"
        }
        let modules = run(php, ["-m"]).output
        for needed in ["pdo_sqlite", "curl", "mbstring", "xml", "intl"] where !modules.contains(needed) {
            return "PHP lacks its \(needed) module (apt-get install php8.2-sqlite3 php8.2-curl php8.2-mbstring php8.2-xml php8.2-intl)"
        }
        return nil
    }

    public init() throws {
        if let reason = Self.unavailableReason() { throw Unavailable(description: reason) }
        let php = Self.which("php")!
        let base = FileManager.default.isWritableFile(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let scratch = "\(base)/gazette-freshrss-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        folder = scratch + "/freshrss"
        feedDirectory = scratch + "/feeds"
        try FileManager.default.createDirectory(atPath: feedDirectory, withIntermediateDirectories: true)
        let copy = Self.run("/bin/cp", ["-r", Self.sourceFolder, folder])
        guard copy.status == 0 else { throw Unavailable(description: "could not copy FreshRSS: \(copy.output)") }
        port = try Self.freePort()
        feedPort = try Self.freePort()
        for (script, arguments) in [
            ("cli/prepare.php", [String]()),
            ("cli/do-install.php", ["--default-user", "admin", "--api-enabled", "--db-type", "sqlite", "--base-url", "http://127.0.0.1:\(port)"]),
            ("cli/create-user.php", ["--user", Self.user, "--password", "secret-pw-1", "--api-password", Self.apiPassword]),
        ] {
            let result = Self.run(php, [script] + arguments, in: folder)
            guard result.status == 0 else { throw Unavailable(description: "FreshRSS \(script) failed: \(result.output.suffix(500))") }
        }
        // Tests count items: no archiving, and refresh whenever asked.
        let config = folder + "/data/users/\(Self.user)/config.php"
        if var text = try? String(contentsOfFile: config, encoding: .utf8) {
            text = text.replacingOccurrences(of: "'keep_period' => 'P3M'", with: "'keep_period' => false")
                .replacingOccurrences(of: "'keep_max' => 200", with: "'keep_max' => false")
                .replacingOccurrences(of: "'ttl_default' => 3600", with: "'ttl_default' => 1")
            try text.write(toFile: config, atomically: true, encoding: .utf8)
        }
        try startPHP()
        let feeds = Process()
        feeds.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        feeds.arguments = ["python3", "-m", "http.server", "--bind", "127.0.0.1", "--directory", feedDirectory, "\(feedPort)"]
        feeds.standardOutput = FileHandle.nullDevice
        feeds.standardError = FileHandle.nullDevice
        try feeds.run()
        self.feeds = feeds
        try Self.waitForPort(feedPort)
    }

    /// Starts (or restarts) the web server on the same port and data.
    public func startPHP() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.which("php")!)
        process.arguments = ["-S", "127.0.0.1:\(port)", "-t", "p"]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        // Several workers: a test may talk to it while Gazette does.
        process.environment = ProcessInfo.processInfo.environment.merging(["PHP_CLI_SERVER_WORKERS": "4"]) { $1 }
        try process.run()
        php = process
        try Self.waitForPort(port)
    }

    /// Stops the web server (the data stays): the account is unreachable until `startPHP`.
    public func stopPHP() {
        guard let php else { return }
        Self.stop(php)
        self.php = nil
    }

    public func writeFeed(_ name: String, _ text: String) throws {
        try text.write(toFile: feedDirectory + "/" + name, atomically: true, encoding: .utf8)
    }

    deinit {
        stopPHP()
        if let feeds { Self.stop(feeds) }
        _ = Self.run("/bin/rm", ["-rf", (folder as NSString).deletingLastPathComponent])
    }

    static func stop(_ process: Process) {
        // SIGKILL the group leader's children too: php -S with workers forks.
        let pid = process.processIdentifier
        _ = run("/usr/bin/pkill", ["-KILL", "-P", "\(pid)"])
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String], in directory: String? = nil) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return (-1, "\(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// A port nothing listens on now (the kernel's pick for a socket bound to port 0).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw Unavailable(description: "no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func waitForPort(_ port: Int) throws {
        for _ in 0..<200 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(port).bigEndian
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
            }
            close(fd)
            if connected { return }
            usleep(25_000)
        }
        throw Unavailable(description: "nothing answered on port \(port) after 5 s")
    }
}
