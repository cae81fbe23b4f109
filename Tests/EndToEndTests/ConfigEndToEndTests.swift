import Foundation
import GazetteTestSupport
import Testing

@Suite("End to end: the config file", .serialized)
struct ConfigEndToEndTests {
    @Test("A rebound key works in the reader and the bar shows it; a line Gazette cannot read stops the start with config:LINE and exit 2, the terminal untouched; config check lists every problem; newsboat options are warned about once")
    func config() throws {
        let dir = NSTemporaryDirectory() + "gazette-config-e2e-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = dir + "/store"
        #expect(try Harness.importSamples(into: store, "international-news/trump-putin-call.txt").status == 0)
        try """
        # copied from ~/.newsboat/config
        bind-key x star
        unbind-key s
        pager "less -R"
        """.write(toFile: dir + "/config", atomically: true, encoding: .utf8)

        let tmux = try TmuxSession(command: "env XDG_STATE_HOME='\(dir)/state' '\(Harness.binary)' --config '\(dir)/config' --store '\(store)'")
        let lists = try tmux.waitFor(text: "x star")
        #expect(!lists.contains("s star"))
        try tmux.send("Right")
        try tmux.send("s")
        try tmux.send("x")
        try tmux.waitFor(text: "Starred")
        try tmux.send("Q")
        let end = try tmux.waitFor(text: "GAZETTE-EXITED 0")
        #expect(end.contains(#"newsboat option "pager""#))
        #expect(try Harness.gazette(["list", "--favorites", "--store", store]).stdout.contains("Trump, Putin"))
        // Warned once: the same warnings are not printed again.
        let again = try Harness.gazette(["config", "check", "--config", dir + "/config"], environment: ["XDG_STATE_HOME": dir + "/state"])
        #expect(again.status == 0 && again.stdout.contains("OK (1 options ignored)"))

        try "bind-key x star\nbind-key x stra\ncolour title red\n".write(toFile: dir + "/bad", atomically: true, encoding: .utf8)
        let bad = try Harness.gazette(["--config", dir + "/bad", "--store", store])
        #expect(bad.status == 2)
        #expect(bad.stderr.hasPrefix(#"gazette: bad:2: unknown operation "stra""#), "\(bad.stderr)")
        #expect(bad.stderr.contains("and 1 more: gazette config check"))
        #expect(!bad.stdout.contains("\u{1B}"), "the terminal was never taken")
        let check = try Harness.gazette(["config", "check", "--config", dir + "/bad"])
        #expect(check.status == 2)
        #expect(check.stderr.contains("bad:2:") && check.stderr.contains(#"bad:3: unknown command "colour""#))
        let missing = try Harness.gazette(["--config", dir + "/nope", "--store", store])
        #expect(missing.status == 2 && missing.stderr.contains("no such file"))
    }

    @Test("color lines colour the screen (capture-pane -e): the focused row black on yellow, the bar white on blue without reverse video; NO_COLOR and a vt100 keep the attributes and drop every colour")
    func colours() throws {
        let dir = NSTemporaryDirectory() + "gazette-colours-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = dir + "/store"
        #expect(try Harness.importSamples(into: store, "international-news/trump-putin-call.txt").status == 0)
        try "color listfocus black yellow bold\ncolor info white blue\n".write(toFile: dir + "/config", atomically: true, encoding: .utf8)
        let esc = "\u{1B}["
        // The test runner may itself run under NO_COLOR; this session must not.
        let colored = try TmuxSession(command: "env -u NO_COLOR '\(Harness.binary)' --config '\(dir)/config' --store '\(store)'", width: 80, height: 10)
        try colored.waitFor(text: "Trump, Putin")
        let screen = try colored.screenWithEscapes()
        let rows = screen.split(separator: "\n").map(String.init)
        #expect(rows[1].contains(esc + "30m") && rows[1].contains(esc + "43m"), "focused row: \(rows[1].debugDescription)")
        let bar = rows.last { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? ""
        #expect(bar.contains(esc + "37m") && bar.contains(esc + "44m") && bar.contains("move"), "bar: \(bar.debugDescription)")
        #expect(!bar.contains(esc + "7m"))
        try colored.send("Q")

        let plain = try TmuxSession(command: "env NO_COLOR=1 '\(Harness.binary)' --config '\(dir)/config' --store '\(store)'", width: 80, height: 10)
        try plain.waitFor(text: "Trump, Putin")
        let mono = try plain.screenWithEscapes()
        for code in (30...37).map({ "\($0)m" }) + (40...47).map({ "\($0)m" }) + ["38;5", "48;5"] {
            #expect(!mono.contains(esc + code), "NO_COLOR: \(code) in \(mono.debugDescription)")
        }
        #expect(mono.contains(esc + "7m"), "the selection and the bar keep reverse video")
        try plain.send("Q")

        // A terminal without colours (vt100): the same, with the colour lines in the config.
        let vt100 = try TmuxSession(command: "env -u NO_COLOR TERM=vt100 '\(Harness.binary)' --config '\(dir)/config' --store '\(store)'", width: 80, height: 10)
        try vt100.waitFor(text: "Trump, Putin")
        let old = try vt100.screenWithEscapes()
        #expect(!old.contains(esc + "30m") && !old.contains(esc + "43m") && old.contains(esc + "7m"), "\(old.debugDescription)")
        try vt100.send("Q")
    }

    @Test("refresh-on-startup fetches as the reader opens, and notify-program runs with the count after a reload that brought new articles (not after one that brought none)")
    func notifyAfterReload() throws {
        let server = try LocalFeedServer()
        let dir = NSTemporaryDirectory() + "gazette-notify-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let log = dir + "/notified"
        try "#!/bin/sh\nprintf '%s|%s\\n' \"$1\" \"$2\" >> '\(log)'\n".write(toFile: dir + "/notify.sh", atomically: true, encoding: .utf8)
        chmod(dir + "/notify.sh", 0o755)
        try "refresh-on-startup yes\nnotify-program \"\(dir)/notify.sh\"\n".write(toFile: dir + "/config", atomically: true, encoding: .utf8)
        #expect(try Harness.gazette(["feeds", "add", server.url("/feed.xml")], environment: ["XDG_CONFIG_HOME": dir]).status == 0)
        let tmux = try TmuxSession(command: "env XDG_CONFIG_HOME='\(dir)' '\(Harness.binary)' --config '\(dir)/config' --store '\(dir)/store'")
        try tmux.waitFor(text: "First local story")
        try tmux.waitFor("the notification") { _ in (try? String(contentsOfFile: log, encoding: .utf8))?.isEmpty == false }
        let first = try String(contentsOfFile: log, encoding: .utf8)
        #expect(first.hasPrefix("Gazette: 2 new articles|Fetched 1 feed"), "\(first)")
        // A reload with nothing new: no second notification.
        try tmux.send("r")
        try tmux.waitFor(text: "0 new articles")
        #expect(try String(contentsOfFile: log, encoding: .utf8) == first)
        try tmux.send("Q")
    }

    @Test("gazette fetch applies max-items from the config and keeps the feed's title in the list; gazette cleanup --keep-days removes the old ones; starred stay; nothing removed comes back with the next fetch")
    func retention() throws {
        let server = try LocalFeedServer()
        let dir = NSTemporaryDirectory() + "gazette-retention-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let env = ["XDG_CONFIG_HOME": dir]
        try "max-items 1\n".write(toFile: dir + "/config", atomically: true, encoding: .utf8)
        #expect(try Harness.gazette(["feeds", "add", server.url("/feed.xml")], environment: env).status == 0)
        let fetch = try Harness.gazette(["fetch", "--config", dir + "/config", "--store", dir + "/store"], environment: env)
        #expect(fetch.stdout.contains("2 new articles") && fetch.stdout.contains("Removed 1 old article."), "\(fetch.stdout)")
        // The fetch taught the feed list the feed's title: export-opml keeps it.
        let opml = try Harness.gazette(["feeds", "export-opml"], environment: env).stdout
        #expect(opml.contains(#"title="Local Test Feed""#), "\(opml)")
        let left = try Harness.gazette(["list", "--store", dir + "/store"]).stdout
        #expect(left.contains("Second local story") && !left.contains("First local story"), "the newest stays: \(left)")
        let id = String(left.split(separator: " ", omittingEmptySubsequences: true)[0])
        #expect(try Harness.gazette(["star", "--store", dir + "/store", id]).status == 0)
        // Fetched again (the server answers in full: no validators for a new store copy): nothing comes back.
        try? FileManager.default.removeItem(atPath: dir + "/store/fetch-state.json")
        let again = try Harness.gazette(["fetch", "--config", dir + "/config", "--store", dir + "/store"], environment: env)
        #expect(again.stdout.contains("0 new articles"), "\(again.stdout)")
        let cleanup = try Harness.gazette(["cleanup", "--keep-days", "30", "--store", dir + "/store"], environment: env)
        #expect(cleanup.stdout.contains("Removed 0 old articles; kept 1 starred."), "\(cleanup.stdout)")
        #expect(try Harness.gazette(["list", "--store", dir + "/store"]).stdout.contains("Second local story"))
    }

    @Test("mouse yes: a click selects a folder, a double click opens an article, the wheel scrolls the reader, a click on a hint runs it; without it, clicks do nothing")
    func mouse() throws {
        let dir = NSTemporaryDirectory() + "gazette-mouse-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = dir + "/store"
        #expect(try Harness.importSamples(into: store).status == 0)
        try "mouse yes\n".write(toFile: dir + "/config", atomically: true, encoding: .utf8)
        let tmux = try TmuxSession(command: "'\(Harness.binary)' --config '\(dir)/config' --store '\(store)'", width: 90, height: 16)
        try tmux.waitFor(text: "Getting Started")
        /// xterm's SGR mouse report (what tmux sends a program that asked for the mouse).
        func mouse(_ button: Int, x: Int, y: Int) throws {
            try tmux.send("-l", "\u{1B}[<\(button);\(x + 1);\(y + 1)M")
            if button < 64 { try tmux.send("-l", "\u{1B}[<\(button);\(x + 1);\(y + 1)m") }
        }
        // Folders: All articles (row 1), Favorites (2), Getting Started (3), International News (4).
        let lists = try tmux.screen().split(separator: "\n").map(String.init)
        let row = try #require(lists.firstIndex { $0.contains("Internation") })
        try mouse(0, x: 4, y: row)
        try tmux.waitFor("International News selected") { $0.split(separator: "\n").first?.contains("│ International News") == true }
        try mouse(0, x: 40, y: 1)
        try mouse(0, x: 40, y: 1)
        try tmux.waitFor(text: "by Staff, Agencies")
        let top = try tmux.screen()
        try mouse(65, x: 40, y: 5)  // the wheel, down
        let scrolled = try tmux.waitFor("the reader scrolled") { $0 != top }
        #expect(!scrolled.contains("Trump, Putin Hold Phone Call") || scrolled.split(separator: "\n").first?.contains("Trump") == false)
        try tmux.send("q")
        try tmux.waitFor(text: "? help")
        let bar = try tmux.screen().split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map(String.init) ?? ""
        let column = try #require(bar.range(of: "? help")).lowerBound.utf16Offset(in: bar)
        try mouse(0, x: column + 1, y: 15)
        try tmux.waitFor(text: "Gazette keys")
        try tmux.send("q", "Q")

        // Without `mouse yes` the terminal keeps its own mouse (selecting text): clicks do nothing.
        let plain = try TmuxSession(command: "'\(Harness.binary)' --store '\(store)'", width: 90, height: 16)
        try plain.waitFor(text: "Getting Started")
        try plain.send("-l", "\u{1B}[<0;5;\(row + 1)M")
        try plain.send("-l", "\u{1B}[<0;5;\(row + 1)m")
        try plain.send("j")
        let after = try plain.waitFor("the cursor one folder down") { $0.split(separator: "\n").first?.contains("│ Favorites") == true }
        #expect(!after.split(separator: "\n")[0].contains("International"))
        try plain.send("Q")
    }
}
