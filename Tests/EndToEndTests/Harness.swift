import Foundation
import Testing

/// Runs the built `gazette` binary, directly or inside a private tmux server.
enum Harness {
    /// The `gazette` binary beside the test bundle (`.build/<config>/gazette`), or `$GAZETTE_BIN`.
    static let binary: String = {
        if let env = ProcessInfo.processInfo.environment["GAZETTE_BIN"] { return env }
        let exe = Bundle.main.executablePath ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        if dir.path.hasSuffix(".xctest/Contents/MacOS") { for _ in 0..<3 { dir.deleteLastPathComponent() } }
        return dir.appendingPathComponent("gazette").path
    }()

    static let repo: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The time every spawned `gazette` takes as now (`GAZETTE_NOW`), whatever the date, the
    /// machine's clock or a `GAZETTE_NOW` the suite itself runs under; their zone is UTC
    /// unless a test says otherwise.
    static let now = "2026-11-27T12:00:00Z"

    /// When the bundled sample page was scraped: its "2 days ago" is then a fixed date, not
    /// two days before the checkout's file times.
    static let sampleScrapedAt = "2025-05-21T12:00:00Z"

    /// Imports the bundled samples (or one file of them) as the first start would.
    @discardableResult
    static func importSamples(into store: String, _ relative: String = "") throws -> Output {
        let path = repo + "/Resources/Samples" + (relative.isEmpty ? "" : "/" + relative)
        return try gazette(["import", "--store", store, "--scraped-at", sampleScrapedAt, path])
    }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs a command to completion.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:], capture: Bool = true) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["GAZETTE_NOW"] = now
        env["TZ"] = "UTC"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.standardInput = FileHandle.nullDevice
        guard capture else {
            return Output(status: try spawnAndWait(executable, arguments), stdout: "", stderr: "")
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    static func gazette(_ arguments: [String], environment: [String: String] = [:]) throws -> Output {
        try run(binary, arguments, environment: environment)
    }

    /// posix_spawn + waitpid, for commands that start a daemon (the tmux server): Foundation's
    /// Process waits for every inherited descriptor to close, which a daemon never does.
    static func spawnAndWait(_ executable: String, _ arguments: [String]) throws -> Int32 {
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in [0, 1, 2] {
            posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // Start from a clean signal state, as a shell would: this thread may block signals.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard rc == 0 else { throw HarnessError("could not start \(executable): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status >> 8) & 0xFF
    }

    /// Runs `gazette` to completion with its output in files, and returns its peak resident
    /// memory (wait4's ru_maxrss, this child alone) in MB.
    static func gazetteMeasured(_ arguments: [String]) throws -> (output: Output, peakMB: Double) {
        let dir = NSTemporaryDirectory() + "gazette-measured-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, dir + "/out", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, dir + "/err", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var env = ProcessInfo.processInfo.environment
        env["GAZETTE_NOW"] = now
        env["TZ"] = "UTC"
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, binary, &actions, nil, argv, envp)
        guard rc == 0 else { throw HarnessError("could not start \(binary): \(String(cString: strerror(rc)))") }
        // The peak is the child's own high-water mark (VmHWM), sampled while it runs: wait4's
        // ru_maxrss is not, since exec keeps the spawning process's peak in it (the test
        // process's, hundreds of MB in a full run).
        var status: Int32 = 0
        var peakKB = 0
        while true {
            if let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
               let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
               let kb = Int(line.split(separator: " ").dropFirst().first ?? "") {
                peakKB = max(peakKB, kb)
            }
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid || (done < 0 && errno != EINTR) { break }
            usleep(2_000)
        }
        let read = { (name: String) in (try? String(contentsOfFile: dir + "/" + name, encoding: .utf8)) ?? "" }
        return (Output(status: (status >> 8) & 0xFF, stdout: read("out"), stderr: read("err")), Double(peakKB) / 1024)
    }

    static var tmuxPath: String? {
        ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// A tmux server of our own (never the user's), with one session running a command.
final class TmuxSession {
    let socket = "gazette-e2e-\(UUID().uuidString.prefix(8))"
    let tmux: String

    init(command: String, width: Int = 100, height: Int = 30) throws {
        guard let tmux = Harness.tmuxPath else {
            throw HarnessError("tmux is not installed (apt-get install tmux); the end-to-end test needs it")
        }
        self.tmux = tmux
        try Harness.run(tmux, ["-L", socket, "-f", "/dev/null", "new-session", "-d", "-x", "\(width)", "-y", "\(height)",
                               "env TERM=xterm-256color LANG=C.UTF-8 TZ=UTC GAZETTE_NOW=\(Harness.now) \(command); echo GAZETTE-EXITED $?; sleep 60"], capture: false)
    }

    deinit { _ = try? Harness.run(tmux, ["-L", socket, "kill-server"], capture: false) }

    func send(_ keys: String...) throws {
        try Harness.run(tmux, ["-L", socket, "send-keys"] + keys, capture: false)
    }

    func resize(width: Int, height: Int) throws {
        try Harness.run(tmux, ["-L", socket, "resize-window", "-x", "\(width)", "-y", "\(height)"], capture: false)
    }

    func screen() throws -> String {
        try Harness.run(tmux, ["-L", socket, "capture-pane", "-p"]).stdout
    }

    /// The screen with its colours and attributes as SGR escapes (`capture-pane -e`).
    func screenWithEscapes() throws -> String {
        try Harness.run(tmux, ["-L", socket, "capture-pane", "-e", "-p"]).stdout
    }

    /// Polls the screen until `predicate` holds (never a fixed sleep); fails with the last screen.
    @discardableResult
    func waitFor(_ what: String, timeout: TimeInterval = 10, _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if predicate(last) { return last }
            usleep(50_000)
        }
        throw HarnessError("timed out waiting for \(what); the screen was:\n\(last)")
    }

    @discardableResult
    func waitFor(text: String, timeout: TimeInterval = 10) throws -> String {
        try waitFor("\"\(text)\"", timeout: timeout) { $0.contains(text) }
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
