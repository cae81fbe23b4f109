import Foundation
import GazetteFetch
import GazetteTestSupport

// gazette-bench sync [ITEMS]: `gazette sync` against a real FreshRSS (the shared copy, run
// from /dev/shm with PHP as ../shared/servers/SOURCE.md says), each step in a fresh process
// of the release `gazette` beside this binary: wall time and peak resident memory.

/// Runs a command to completion; wall seconds and the child's peak RSS (MB).
func measured(_ executable: String, _ arguments: [String], stdin: String? = nil) -> (seconds: Double, peakMB: Double, status: Int32, output: String) {
    let dir = NSTemporaryDirectory() + "gazette-bench-\(getpid())-\(Int(now() * 1000))"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    if let stdin { FileManager.default.createFile(atPath: dir + "/in", contents: Data(stdin.utf8)) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, stdin == nil ? "/dev/null" : dir + "/in", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, dir + "/out", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, dir + "/out", O_WRONLY | O_APPEND, 0o600)
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    let start = now()
    var pid: pid_t = 0
    guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0 else { return (0, 0, -1, "could not start \(executable)") }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    let seconds = now() - start
    let output = (try? String(contentsOfFile: dir + "/out", encoding: .utf8)) ?? ""
    return (seconds, Double(usage.ru_maxrss) / 1024, (status >> 8) & 0xFF, output)
}

/// Unbuffered, so a held run shows its lines as they come.
private func print(_ text: String) { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }

func syncBenchmark(items: Int) {
    let gazette = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("gazette").path
    guard FileManager.default.isExecutableFile(atPath: gazette) else {
        print("no gazette binary at \(gazette): swift build -c release first")
        exit(1)
    }
    let server: FreshRSSServer
    do { server = try FreshRSSServer() } catch {
        print("cannot start FreshRSS: \(error)")
        exit(1)
    }
    print("FreshRSS in \(server.folder) (\(server.folder.hasPrefix("/dev/shm") ? "memory" : "disk")), \(items) items")
    // Realistic items: a paragraph or three of HTML each.
    var rng = Random(state: 42)
    let feeds = max(1, items / 1000)
    for feed in 0..<feeds {
        var xml = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Bench feed \(feed)</title><link>http://bench.test/</link>"
        for n in 0..<(items / feeds) {
            let body = (0..<(1 + rng.int(3))).map { _ in "&lt;p&gt;" + (0..<4).map { _ in rng.sentence(12) }.joined(separator: " ") + "&lt;/p&gt;" }.joined()
            xml += "<item><title>\(rng.sentence(7))</title><link>http://bench.test/\(feed)/\(n)</link><guid>http://bench.test/\(feed)/\(n)</guid>"
                + "<description>\(body)</description><pubDate>Mon, 01 Jun 2026 10:00:00 GMT</pubDate></item>"
        }
        try? server.writeFeed("bench\(feed).xml", xml + "</channel></rss>")
    }
    // Subscribing makes FreshRSS fetch and store every item (its own time, not Gazette's).
    let login = HTTPClient.perform(HTTPRequest(url: server.apiURL + "/accounts/ClientLogin", method: "POST",
                                               headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                               body: Array("Email=\(FreshRSSServer.user)&Passwd=\(FreshRSSServer.apiPassword)".utf8)))
    guard case .success(let response) = login,
          let auth = String(decoding: response.body, as: UTF8.self).split(separator: "\n").first(where: { $0.hasPrefix("Auth=") })?.dropFirst(5) else {
        print("could not log in to FreshRSS")
        exit(1)
    }
    let header = ("Authorization", "GoogleLogin auth=\(auth)")
    guard case .success(let tokenResponse) = HTTPClient.perform(HTTPRequest(url: server.apiURL + "/reader/api/0/token", headers: [header])) else { exit(1) }
    let token = String(decoding: tokenResponse.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    let subscribeStart = now()
    for feed in 0..<feeds {
        var request = HTTPRequest(url: server.apiURL + "/reader/api/0/subscription/edit", method: "POST",
                                  headers: [header, ("Content-Type", "application/x-www-form-urlencoded")],
                                  body: Array("ac=subscribe&s=feed/\(server.feedURL("bench\(feed).xml"))&a=user/-/label/Folder%20\(feed % 4)&T=\(token)".utf8))
        request.timeout = 300
        _ = HTTPClient.perform(request)
    }
    print(String(format: "FreshRSS subscribed %d feeds in %.1f s (the server's time)", feeds, now() - subscribeStart))

    // GAZETTE_BENCH_STORE_DIR=/dev/shm puts the store in memory too (Gazette's own time,
    // without this machine's disk).
    let parent = ProcessInfo.processInfo.environment["GAZETTE_BENCH_STORE_DIR"] ?? NSTemporaryDirectory()
    let store = parent + "/gazette-bench-sync-\(getpid())"
    print("store in \(parent)")
    defer { try? FileManager.default.removeItem(atPath: store) }
    let loggedIn = measured(gazette, ["sync", "login", server.baseURL, "--user", FreshRSSServer.user, "--password-stdin", "--store", store],
                            stdin: FreshRSSServer.apiPassword + "\n")
    guard loggedIn.status == 0 else { print("login failed: \(loggedIn.output)"); exit(1) }
    func report(_ name: String, _ r: (seconds: Double, peakMB: Double, status: Int32, output: String)) {
        let padded = name.padding(toLength: 36, withPad: " ", startingAt: 0)
        print(padded + String(format: "%6.2f s  peak %5.1f MB  ", r.seconds, r.peakMB) + (r.output.split(separator: "\n").last.map(String.init) ?? ""))
        if r.status != 0 { exit(1) }
    }
    report("first sync (\(items) items)", measured(gazette, ["sync", "--store", store]))
    report("sync with nothing new", measured(gazette, ["sync", "--store", store]))
    let list = measured(gazette, ["list", "--store", store]).output
    let ids = list.split(separator: "\n").prefix(1000).compactMap { $0.split(separator: " ").first.map(String.init) }
    _ = measured(gazette, ["read", "--store", store] + ids)
    report("sync sending \(ids.count) read marks", measured(gazette, ["sync", "--store", store]))
    if let hold = ProcessInfo.processInfo.environment["GAZETTE_BENCH_HOLD"], let seconds = UInt32(hold) {
        print("holding the server at \(server.baseURL) and the store at \(store) for \(seconds) s")
        sleep(seconds)
    }
}
