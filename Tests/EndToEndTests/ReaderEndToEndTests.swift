import Foundation
import Testing

@Suite("End to end: the real binary in tmux", .serialized)
struct ReaderEndToEndTests {
    let title = "Trump, Putin Hold Phone Call: Talks were Very Well"

    @Test("Import the sample, read it to the end, star it, quit, relaunch: the star is still there")
    func readAndStar() throws {
        let store = NSTemporaryDirectory() + "gazette-e2e-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: store) }
        let imported = try Harness.importSamples(into: store, "international-news/trump-putin-call.txt")
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("Imported 1,"))

        let command = "'\(Harness.binary)' --store '\(store)'"
        var tmux: TmuxSession? = try TmuxSession(command: command)
        try tmux!.waitFor(text: "International News")
        // Folders: All articles, Favorites, International News.
        try tmux!.send("Down")
        try tmux!.send("Down")
        try tmux!.waitFor("the International News folder under the cursor") { $0.contains("International News") && $0.contains("3/3") }
        try tmux!.send("Right")
        try tmux!.send("Enter")
        try tmux!.waitFor(text: "by Staff, Agencies")
        for _ in 0..<10 { try tmux!.send("PageDown") }
        let end = try tmux!.waitFor(text: "The only one who benefits from that is Putin")
        #expect(end.contains("Bot"))
        try tmux!.send("s")
        try tmux!.waitFor(text: "Starred")
        try tmux!.send("q")
        try tmux!.waitFor(text: "1/1")
        try tmux!.send("q", "q")
        try tmux!.waitFor(text: "GAZETTE-EXITED 0")
        tmux = nil

        // The star is on disk...
        let listed = try Harness.gazette(["list", "--store", store, "--favorites", "--json"])
        #expect(listed.stdout.contains("\"starred\" : true"))
        // ...and on screen after a relaunch, in the list and in Favorites.
        let again = try TmuxSession(command: command)
        let lists = try again.waitFor(text: "All articles")
        #expect(lists.contains("★ " + title))
        #expect(lists.contains("Favorites          1") || lists.contains("Favorites") && lists.contains(" 1 │"))
        try again.send("Down")
        let favorites = try again.waitFor("the Favorites folder") { $0.contains("2/3") }
        #expect(favorites.contains("★ " + title))
        try again.send("Q")
        try again.waitFor(text: "GAZETTE-EXITED 0")
    }

    @Test("What was read stays read: after a relaunch the folder counts and list --unread agree; u marks it unread again")
    func readMarks() throws {
        let store = NSTemporaryDirectory() + "gazette-e2e-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: store) }
        try Harness.importSamples(into: store)
        let command = "'\(Harness.binary)' --store '\(store)'"
        var tmux: TmuxSession? = try TmuxSession(command: command)
        try tmux!.waitFor(text: "6/6")
        // n in the lists selects the first unread article; Enter reads it.
        try tmux!.send("n")
        try tmux!.send("Enter")
        try tmux!.waitFor(text: "The Gazette team")
        try tmux!.send("q")
        try tmux!.waitFor(text: "5/6")
        try tmux!.send("q", "q")
        try tmux!.waitFor(text: "GAZETTE-EXITED 0")
        tmux = nil

        let unread = try Harness.gazette(["list", "--store", store, "--unread", "--json"]).stdout
        let items = try #require(try JSONSerialization.jsonObject(with: Data(unread.utf8)) as? [[String: Any]])
        #expect(items.count == 5)
        #expect(items.allSatisfy { $0["read"] as? Bool == false })

        let again = try TmuxSession(command: command)
        try again.waitFor(text: "5/6")
        try again.send("Right")
        try again.send("u")
        try again.waitFor(text: "Unread: ")
        try again.waitFor(text: "6/6")
        // A on All articles asks first; U undoes it once.
        try again.send("A")
        try again.waitFor(text: "Mark 6 articles read? y/n")
        try again.send("y")
        try again.waitFor(text: "Marked 6 articles read. U undoes.")
        try again.send("U")
        try again.waitFor(text: "Marked 6 articles unread again.")
        try again.waitFor(text: "6/6")
        try again.send("A", "y")
        try again.waitFor(text: "Marked 6 articles read.")
        try again.send("q", "q")
        try again.waitFor(text: "GAZETTE-EXITED 0")
        #expect(try Harness.gazette(["list", "--store", store, "--unread"]).stdout.isEmpty)
    }

    @Test("o gives the terminal to the browser with the link and takes it back: the screen is Gazette's again")
    func openInBrowser() throws {
        let dir = NSTemporaryDirectory() + "gazette-e2e-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let sentence = "The council heard from residents, engineers and the mayor, who agreed the plan had merit."
        let page = "<html><head><title>Bridge approved - Daily</title><link rel='canonical' href='https://example.org/news/bridge'></head>"
            + "<body><article><h1>Bridge approved</h1>" + (1...4).map { "<p>Part \($0). \(sentence)</p>" }.joined() + "</article></body></html>"
        try page.write(toFile: dir + "/bridge.html", atomically: true, encoding: .utf8)
        // A "browser" that draws on the terminal, as a text browser would, and notes its link.
        let script = dir + "/browser.sh"
        try "#!/bin/sh\nclear; echo 'BROWSER WAS HERE'; printf '%s' \"$1\" > '\(dir)/opened.txt'; sleep 0.3\n"
            .write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        try Harness.gazette(["import", "--store", dir + "/store", dir + "/bridge.html"])
        let tmux = try TmuxSession(command: "BROWSER='\(script)' '\(Harness.binary)' --store '\(dir)/store'")
        try tmux.waitFor(text: "Bridge approved")
        try tmux.send("Right")
        try tmux.send("Enter")
        try tmux.waitFor(text: "Part 4.")
        try tmux.send("o")
        let back = try tmux.waitFor(text: "Opened https://example.org/news/bridge with browser.sh")
        #expect(!back.contains("BROWSER WAS HERE"))
        #expect(back.contains("Part 1."))
        #expect(try String(contentsOfFile: dir + "/opened.txt", encoding: .utf8) == "https://example.org/news/bridge")
        // Keys work as before.
        try tmux.send("q")
        try tmux.waitFor(text: "1/1")
        try tmux.send("q", "q")
        try tmux.waitFor(text: "GAZETTE-EXITED 0")
    }

    @Test("Under a display a slow graphical browser runs detached: the screen stays Gazette's and keys work while it runs; $BROWSER with shell syntax gets the link quoted")
    func slowGraphicalBrowser() throws {
        let dir = NSTemporaryDirectory() + "gazette-e2e-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let page = "<html><head><title>Slow one - Daily</title><link rel='canonical' href='https://example.org/news/slow?a=1&b=2'></head>"
            + "<body><article><h1>Slow one</h1>" + (1...4).map { "<p>Part \($0). The browser takes its time to start, as big ones do.</p>" }.joined()
            + "</article></body></html>"
        try page.write(toFile: dir + "/slow.html", atomically: true, encoding: .utf8)
        // A "graphical browser" that notes its link and then takes 30 s to go away.
        let script = dir + "/slowbrowser"
        try "#!/bin/sh\nprintf '%s' \"$1\" > '\(dir)/opened.txt'\nsleep 30\n".write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        try Harness.gazette(["import", "--store", dir + "/store", dir + "/slow.html"])
        let tmux = try TmuxSession(command: "DISPLAY=:77 BROWSER='\(script) \"%s\" 2>/dev/null' '\(Harness.binary)' --store '\(dir)/store'")
        try tmux.waitFor(text: "Slow one")
        try tmux.send("Right")
        try tmux.send("o")
        try tmux.waitFor(text: "Opened https://example.org/news/slow?a=1&b=2 with slowbrowser")
        // While it still runs, Gazette answers keys.
        try tmux.send("Enter")
        try tmux.waitFor(text: "Part 4.")
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline, !FileManager.default.fileExists(atPath: dir + "/opened.txt") { usleep(50_000) }
        #expect(try String(contentsOfFile: dir + "/opened.txt", encoding: .utf8) == "https://example.org/news/slow?a=1&b=2")
        try tmux.send("Q")
        try tmux.waitFor(text: "GAZETTE-EXITED 0")
    }

    @Test("/ searches as you type (Q is a letter there), Enter keeps the matches, Esc brings every article back")
    func search() throws {
        let store = NSTemporaryDirectory() + "gazette-e2e-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: store) }
        try Harness.importSamples(into: store)
        let tmux = try TmuxSession(command: "'\(Harness.binary)' --store '\(store)'")
        try tmux.waitFor(text: "Getting Started")
        try tmux.send("/")
        try tmux.waitFor(text: "Search: _")
        try tmux.send("-l", "PUTIN Q")
        try tmux.waitFor("no match for 'PUTIN Q'") { $0.contains("Search: PUTIN Q_") && $0.contains("0 matches") }
        try tmux.send("BSpace")
        try tmux.send("BSpace")
        let typed = try tmux.waitFor("one match") { $0.contains("Search: PUTIN_") && $0.contains("1 match") }
        #expect(typed.contains("All articles · “PUTIN”"))
        #expect(typed.contains("Trump, Putin Hold Phone Call"))
        #expect(!typed.contains("Welcome to Gazette"))
        try tmux.send("Enter")
        let kept = try tmux.waitFor(text: "Esc clear")
        #expect(kept.contains("1/1"))
        try tmux.send("Enter")
        try tmux.waitFor(text: "by Staff, Agencies")
        try tmux.send("q")
        try tmux.waitFor(text: "Esc clear")
        try tmux.send("Escape")
        let all = try tmux.waitFor("every article again") { $0.contains("Welcome to Gazette") && !$0.contains("“PUTIN”") }
        #expect(all.contains("Trump, Putin Hold Phone Call"))
        try tmux.send("q", "q")
        try tmux.waitFor(text: "GAZETTE-EXITED 0")
    }

    @Test("Resizing to 40x12 and to 20x5 redraws without garbage, and Ctrl-C restores the terminal")
    func resizeAndSignal() throws {
        let store = NSTemporaryDirectory() + "gazette-e2e-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: store) }
        try Harness.importSamples(into: store)
        let tmux = try TmuxSession(command: "'\(Harness.binary)' --store '\(store)'")
        try tmux.waitFor(text: "Getting Started")
        try tmux.resize(width: 40, height: 12)
        try tmux.waitFor("the narrow layout") { $0.contains("Folders") && !$0.contains("│") }
        try tmux.resize(width: 20, height: 5)
        try tmux.waitFor(text: "too small")
        try tmux.resize(width: 100, height: 30)
        try tmux.waitFor(text: "│")
        try tmux.send("C-c")
        try tmux.waitFor(text: "GAZETTE-EXITED 130")
    }

    @Test("Relative dates on screen count from GAZETTE_NOW, not from the machine's clock")
    func pinnedClock() throws {
        let store = NSTemporaryDirectory() + "gazette-e2e-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: store) }
        try Harness.importSamples(into: store)
        // The sample page says "2 days ago" as scraped on 21 May 2025 at noon: 19 May, noon.
        let dayAfter = try TmuxSession(command: "GAZETTE_NOW=2025-05-20T18:00:00Z '\(Harness.binary)' --store '\(store)'")
        try dayAfter.waitFor("the sample dated yesterday") { $0.contains("Trump, Putin") && $0.contains("yesterday") }
        try dayAfter.send("Q")
        try dayAfter.waitFor(text: "GAZETTE-EXITED 0")
        let yearsLater = try TmuxSession(command: "GAZETTE_NOW=2028-01-06T00:00:00Z '\(Harness.binary)' --store '\(store)'")
        let screen = try yearsLater.waitFor("the sample's full date") { $0.contains("Trump, Putin") && $0.contains("2025-05-19") }
        #expect(!screen.contains("yesterday"))
        try yearsLater.send("Q")
        try yearsLater.waitFor(text: "GAZETTE-EXITED 0")
    }

    @Test("s while another process holds the store lock: the reader says so, keys keep working, and the star is saved once the lock is free")
    func starWaitsForLock() throws {
        let store = NSTemporaryDirectory() + "gazette-e2e-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: store) }
        try Harness.importSamples(into: store)
        let release = store + "/release-the-lock"
        // A stand-in for a long import: holds .lock (and says "import" in it) until told.
        let holder = "import fcntl, os, sys, time\n"
            + "f = open(sys.argv[1], 'a+'); fcntl.flock(f, fcntl.LOCK_EX); f.truncate(0); f.write('import 4242\\n'); f.flush()\n"
            + "print('held', flush=True)\n"
            + "deadline = time.time() + 60\n"
            + "while not os.path.exists(sys.argv[2]) and time.time() < deadline: time.sleep(0.05)\n"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", holder, store + "/.lock", release]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        defer { FileManager.default.createFile(atPath: release, contents: nil); process.waitUntilExit() }
        _ = out.fileHandleForReading.readData(ofLength: 5)  // "held\n": the lock is taken

        let tmux = try TmuxSession(command: "'\(Harness.binary)' --store '\(store)'")
        try tmux.waitFor(text: "Getting Started")
        try tmux.send("Right")
        try tmux.send("s")
        try tmux.waitFor(text: "Waiting for another Gazette (import) to finish")
        // Keys are alive: move down and open the help screen and come back.
        try tmux.send("Down")
        try tmux.send("?")
        try tmux.waitFor(text: "Gazette keys")
        try tmux.send("Escape")
        let waiting = try tmux.waitFor(text: "Waiting for another Gazette (import)")
        #expect(!waiting.contains("★ Starred"))
        #expect(try Harness.gazette(["list", "--store", store, "--favorites"]).stdout.isEmpty)
        FileManager.default.createFile(atPath: release, contents: nil)
        try tmux.waitFor(text: "★ Starred: ")
        try tmux.send("q", "q")
        try tmux.waitFor(text: "GAZETTE-EXITED 0")
        #expect(try Harness.gazette(["list", "--store", store, "--favorites"]).stdout.split(separator: "\n").count == 1)
    }

    @Test("Without a terminal, the reader says so and exits with 2")
    func noTerminal() throws {
        let out = try Harness.gazette(["--store", NSTemporaryDirectory() + "gazette-none-\(UUID().uuidString)"])
        #expect(out.status == 2)
        #expect(out.stderr.contains("not a terminal"))
        let dumb = try TmuxSession(command: "TERM=dumb '\(Harness.binary)' --store /tmp/gazette-e2e-dumb")
        let screen = try dumb.waitFor(text: "GAZETTE-EXITED")
        #expect(screen.contains("GAZETTE-EXITED 2"))
        #expect(screen.contains("TERM=dumb"))
    }
}

@Suite("End to end: copying a link")
struct CopyLinkTests {
    @Test("y puts the article's link on the clipboard with OSC 52: tmux (set-clipboard on) receives it, the bar says so")
    func copyLink() throws {
        let dir = NSTemporaryDirectory() + "gazette-copy-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let feed = """
        <?xml version="1.0"?><rss version="2.0"><channel><title>Links</title><link>http://links.test/</link>
        <item><title>A linked story</title><link>https://links.test/stories/42?ref=rss&amp;x=1</link><guid>42</guid><description>Text.</description></item>
        </channel></rss>
        """
        try feed.write(toFile: dir + "/links.xml", atomically: true, encoding: .utf8)
        #expect(try Harness.gazette(["import", "--store", dir + "/store", dir + "/links.xml"]).status == 0)
        let tmux = try TmuxSession(command: "'\(Harness.binary)' --store '\(dir)/store'")
        try Harness.run(tmux.tmux, ["-L", tmux.socket, "set", "-g", "set-clipboard", "on"], capture: false)
        try tmux.waitFor(text: "A linked story")
        try tmux.send("Right")
        try tmux.send("y")
        try tmux.waitFor(text: "Copied https://links.test/stories/42?ref=rss&x=1 (OSC 52)")
        let buffer = try Harness.run(tmux.tmux, ["-L", tmux.socket, "show-buffer"]).stdout
        #expect(buffer == "https://links.test/stories/42?ref=rss&x=1")
        try tmux.send("Q")
    }
}
