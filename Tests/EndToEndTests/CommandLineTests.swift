import Foundation
import Testing

@Suite("End to end: the command line", .serialized)
struct CommandLineTests {
    func tempStore() -> String { NSTemporaryDirectory() + "gazette-cli-\(UUID().uuidString)" }

    @Test("import prints a summary, refuses bad files with reasons, exits 1, and importing twice adds nothing")
    func importSummary() throws {
        let store = tempStore()
        let input = NSTemporaryDirectory() + "gazette-in-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: store); try? FileManager.default.removeItem(atPath: input) }
        let fm = FileManager.default
        try fm.createDirectory(atPath: input + "/business", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: input + "/world", withIntermediateDirectories: true)
        fm.createFile(atPath: input + "/business/12.txt", contents: Data("Shares rally\n\nShares rallied on Monday.\n".utf8))
        // Windows-1252: curly quotes and an e-acute.
        fm.createFile(atPath: input + "/world/cp1252.txt", contents: Data([0x43, 0x61, 0x66, 0xE9, 0x20, 0x6E, 0x65, 0x77, 0x73, 0x0D, 0x0A, 0x0D, 0x0A,
                                                                          0x93, 0x48, 0x69, 0x94, 0x20, 0x73, 0x68, 0x65, 0x20, 0x73, 0x61, 0x69, 0x64, 0x2E, 0x0D, 0x0A]))
        fm.createFile(atPath: input + "/world/empty.txt", contents: Data())
        fm.createFile(atPath: input + "/world/blob.txt", contents: Data([0, 1, 2, 3, 0, 0, 0xFF, 0xD8, 0, 9]))

        let first = try Harness.gazette(["import", "--store", store, input])
        #expect(first.status == 1)
        #expect(first.stdout.contains("Imported 2, updated 0, already present 0, refused 2."))
        #expect(first.stderr.contains("empty.txt: the file is empty"))
        #expect(first.stderr.contains("blob.txt: binary data, not text"))

        let list = try Harness.gazette(["list", "--store", store, "--json"])
        #expect(list.status == 0)
        let items = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(Set(items.compactMap { $0["category"] as? String }) == ["Business", "World"])
        #expect(items.contains { $0["title"] as? String == "Café news" })
        for item in items {
            for key in ["id", "title", "category", "author", "published", "starred"] { #expect(item.keys.contains(key), "\(key)") }
        }
        let cafe = items.first { $0["title"] as? String == "Café news" }!["id"] as! String
        let shown = try Harness.gazette(["show", "--store", store, "--json", cafe])
        let object = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(object["body"] as? String == "“Hi” she said.")
        #expect(object["url"] is NSNull)

        let second = try Harness.gazette(["import", "--store", store, input + "/business", input + "/world/cp1252.txt"])
        #expect(second.status == 0)
        #expect(second.stdout.contains("Imported 0, updated 0, already present 2, refused 0."))
    }

    @Test("star and unstar from the shell; bad ids and usage errors exit 2")
    func starAndErrors() throws {
        let store = tempStore()
        defer { try? FileManager.default.removeItem(atPath: store) }
        try Harness.importSamples(into: store)
        let id = try Harness.gazette(["list", "--store", store]).stdout.split(separator: "\n").first!
            .split(separator: " ", omittingEmptySubsequences: true)[0]
        #expect(try Harness.gazette(["star", "--store", store, String(id)]).status == 0)
        #expect(try Harness.gazette(["list", "--store", store, "--favorites"]).stdout.contains(String(id)))
        #expect(try Harness.gazette(["unstar", "--store", store, String(id)]).status == 0)
        #expect(try Harness.gazette(["list", "--store", store, "--favorites"]).stdout.isEmpty)
        #expect(try Harness.gazette(["show", "--store", store, "xyz"]).status == 2)
        #expect(try Harness.gazette(["show", "--store", store, "0123456789abcdef"]).status == 1)
        #expect(try Harness.gazette(["frobnicate"]).status == 2)
        #expect(try Harness.gazette(["import", "--store", store, "--scraped-at", "soon", "x"]).status == 2)
    }

    @Test("No control character from a store (an old one, written before importers cleaned text) reaches the terminal through list, show, import -v or JSON")
    func controlCharactersNeverPrinted() throws {
        let root = tempStore()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = root + "/store"
        try FileManager.default.createDirectory(atPath: root + "/in/evil\u{1B}[2J", withIntermediateDirectories: true)
        try Data("Harmless title\n\nHarmless body.\n".utf8).write(to: URL(fileURLWithPath: root + "/in/evil\u{1B}[2J/a\u{1B}]52;c;eA==\u{07}.txt"))
        let imported = try Harness.gazette(["import", "-v", "--store", store, root + "/in"])
        #expect(imported.status == 0, "\(imported.stderr)")
        // Hand-edit the article file as an old version of Gazette might have left it.
        let files = try FileManager.default.subpathsOfDirectory(atPath: store + "/articles").filter { $0.hasSuffix(".json") }
        let file = store + "/articles/" + (try #require(files.first))
        var text = try String(contentsOfFile: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "Harmless title", with: "Evil\\u001b]52;c;ZXZpbA==\\u0007 \\u009b2J title\\u007f")
        text = text.replacingOccurrences(of: "Harmless body.", with: "Body \\u001b[2J\\u001bc cleared")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        try? FileManager.default.removeItem(atPath: store + "/.index")
        let list = try Harness.gazette(["list", "--store", store])
        #expect(list.stdout.contains("Evil]52;c;ZXZpbA== 2J title"), "\(list.stdout)")
        let id = String(list.stdout.split(separator: " ", omittingEmptySubsequences: true)[0])
        let outputs = [imported, list, try Harness.gazette(["list", "--store", store, "--json"]),
                       try Harness.gazette(["show", "--store", store, id]), try Harness.gazette(["show", "--store", store, "--json", id])]
        for out in outputs {
            for text in [out.stdout, out.stderr] {
                let bad = text.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) }
                #expect(bad.isEmpty, "control characters printed: \(text.debugDescription)")
            }
        }
        let json = try Harness.gazette(["show", "--store", store, "--json", id]).stdout
        #expect(json.contains("\\u001b") || json.contains("\\u001B"), "JSON escapes the control characters as JSON does")
    }

    @Test("gazette list shows dates in the user's zone (TZ), undated ones as undated; JSON stays UTC")
    func localDatesInList() throws {
        let store = tempStore()
        defer { try? FileManager.default.removeItem(atPath: store) }
        let dir = store + "-in"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let feed = """
        <rss version="2.0"><channel><title>Zones</title>
        <item><title>Late evening in London</title><guid>a</guid><pubDate>Tue, 04 Mar 2025 22:30:00 GMT</pubDate><description>One.</description></item>
        <item><title>Portuguese date</title><guid>b</guid><pubDate>Seg, 24 Set 2018 19:42:40 -0300</pubDate><description>Two.</description></item>
        <item><title>No date at all</title><guid>c</guid><pubDate>someday soon</pubDate><description>Three.</description></item>
        </channel></rss>
        """
        try Data(feed.utf8).write(to: URL(fileURLWithPath: dir + "/zones.xml"))
        #expect(try Harness.gazette(["import", "--store", store, dir + "/zones.xml"]).status == 0)
        let utc = try Harness.gazette(["list", "--store", store]).stdout
        #expect(utc.contains("2025-03-04  Zones  Late evening in London"))
        #expect(utc.contains("2018-09-24  Zones  Portuguese date"))
        #expect(utc.contains("undated     Zones  No date at all"))
        let tokyo = try Harness.gazette(["list", "--store", store], environment: ["TZ": "Asia/Tokyo"]).stdout
        #expect(tokyo.contains("2025-03-05  Zones  Late evening in London"))
        let json = try Harness.gazette(["list", "--store", store, "--json"], environment: ["TZ": "Asia/Tokyo"]).stdout
        #expect(json.contains("\"published\" : \"2025-03-04T22:30:00Z\""))
        #expect(json.contains("\"published\" : null"))
    }

    @Test("gazette read and unread mark articles from the shell, as the reader does; an unknown id is named and exits 1")
    func readFromShell() throws {
        let store = tempStore()
        defer { try? FileManager.default.removeItem(atPath: store) }
        try Harness.importSamples(into: store)
        let ids = try Harness.gazette(["list", "--store", store]).stdout.split(separator: "\n")
            .map { String($0.split(separator: " ", omittingEmptySubsequences: true)[0]) }
        let read = try Harness.gazette(["read", "--store", store, ids[0], ids[1]])
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.stdout.contains("Read \(ids[0]): Welcome to Gazette"))
        #expect(try Harness.gazette(["list", "--store", store, "--unread"]).stdout.split(separator: "\n").count == ids.count - 2)
        #expect(try Harness.gazette(["unread", "--store", store, ids[0]]).status == 0)
        #expect(try Harness.gazette(["list", "--store", store, "--unread"]).stdout.split(separator: "\n").count == ids.count - 1)
        let unknown = try Harness.gazette(["read", "--store", store, "00000000000000ff", ids[2]])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no article 00000000000000ff"))
        #expect(try Harness.gazette(["read", "--store", store, "nonsense"]).status == 2)
    }

    @Test("--version, and completion scripts for bash, zsh and fish, as the README installs them")
    func versionAndCompletions() throws {
        let version = try Harness.gazette(["--version"])
        #expect(version.status == 0)
        let manPage = try String(contentsOfFile: Harness.repo + "/doc/gazette.1", encoding: .utf8)
        #expect(manPage.contains("\"Gazette \(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines))\""), "the man page names the version")
        for shell in ["bash", "zsh", "fish"] {
            let script = try Harness.gazette(["--generate-completion-script", shell])
            #expect(script.status == 0)
            #expect(script.stdout.contains("import-opml"), "\(shell) completions know the subcommands")
        }
    }

    @Test("A damaged favorites.json: list shows the recovered stars and warns, renaming nothing; star keeps the damaged file aside; every command warns until the copy is gone; a missing --store is named, not created")
    func damagedFavorites() throws {
        let store = tempStore()
        defer { try? FileManager.default.removeItem(atPath: store) }
        try Harness.importSamples(into: store)
        let ids = try Harness.gazette(["list", "--store", store]).stdout.split(separator: "\n")
            .map { String($0.split(separator: " ", omittingEmptySubsequences: true)[0]) }
        let damaged = "{\"version\": 1, \"starred\": [\"\(ids[0])\", \"\(ids[1])\""
        try Data(damaged.utf8).write(to: URL(fileURLWithPath: store + "/favorites.json"))
        let listed = try Harness.gazette(["list", "--store", store, "--favorites"])
        #expect(listed.status == 0)
        #expect(listed.stdout.split(separator: "\n").count == 2)
        #expect(listed.stderr.contains("favorites.json is damaged: 2 starred ids could be read"))
        #expect(try String(contentsOfFile: store + "/favorites.json", encoding: .utf8) == damaged)
        #expect(try FileManager.default.contentsOfDirectory(atPath: store).filter { $0.contains("corrupt") }.isEmpty)
        #expect(try Harness.gazette(["star", "--store", store, ids[2]]).status == 0)
        let after = try Harness.gazette(["list", "--store", store, "--favorites"])
        #expect(after.stdout.split(separator: "\n").count == 3)
        #expect(after.stderr.contains("favorites.json was damaged and is kept as favorites.json.corrupt-"))
        let missing = try Harness.gazette(["list", "--store", store + "-missing"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no store at \(store)-missing"))
        #expect(!FileManager.default.fileExists(atPath: store + "-missing"))
    }

    @Test("A gazette binary copied alone into an empty HOME seeds a new default store with the samples, including Getting Started")
    func seeding() throws {
        let home = NSTemporaryDirectory() + "gazette-home-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: home) }
        // Installed the way the README says: the binary alone, no resource folder beside it.
        try FileManager.default.createDirectory(atPath: home + "/.local/bin", withIntermediateDirectories: true)
        let lone = home + "/.local/bin/gazette"
        try FileManager.default.copyItem(atPath: Harness.binary, toPath: lone)
        // Seeded years after the sample was scraped: its "2 days ago" is still 19 May 2025.
        let out = try Harness.run(lone, ["list"], environment: ["HOME": home, "XDG_DATA_HOME": "", "GAZETTE_STORE": "",
                                                                 "GAZETTE_NOW": "2031-02-03T04:05:06Z"])
        #expect(out.status == 0)
        #expect(out.stdout.contains("Getting Started"))
        #expect(out.stdout.contains("2025-05-19  International News  Trump, Putin Hold Phone Call"))
        // Getting Started (25 Nov 2026) comes first, above the older sample page.
        #expect(out.stdout.split(separator: "\n").first?.contains("Getting Started  Welcome to Gazette") == true)
        #expect(out.stdout.contains("Following feeds"))
        #expect(out.stderr.contains("with 6 sample articles"), "\(out.stderr)")
        // The samples go like any other article, stars included, and do not come back.
        let env = ["HOME": home, "XDG_DATA_HOME": "", "GAZETTE_STORE": ""]
        let ids = out.stdout.split(separator: "\n").map { String($0.split(separator: " ", omittingEmptySubsequences: true)[0]) }
        #expect(try Harness.run(lone, ["star", ids[0]], environment: env).status == 0)
        let deleted = try Harness.run(lone, ["delete"] + ids, environment: env)
        #expect(deleted.status == 0, "\(deleted.stderr)")
        #expect(deleted.stdout.contains("Deleted \(ids[0]): Welcome to Gazette"))
        let after = try Harness.run(lone, ["list"], environment: env)
        #expect(after.stdout.isEmpty)
        #expect(!after.stderr.contains("Created a new store"))
        #expect(try Harness.run(lone, ["list", "--favorites"], environment: env).stdout.isEmpty)
        #expect(try Harness.run(lone, ["delete", ids[0]], environment: env).status == 1)
        #expect(FileManager.default.fileExists(atPath: home + "/.local/share/gazette/articles"))
    }

    @Test("SIGKILL in the middle of an import leaves no torn article and the store still opens")
    func killedImport() throws {
        let root = NSTemporaryDirectory() + "gazette-kill-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fm = FileManager.default
        try fm.createDirectory(atPath: root + "/in/world", withIntermediateDirectories: true)
        let paragraph = String(repeating: "The council met again to discuss the budget and the new bridge. ", count: 40)
        for i in 0..<20_000 {
            fm.createFile(atPath: root + "/in/world/\(i).txt", contents: Data("Story number \(i)\n\n\(paragraph)\n\nEnd of story \(i).\n".utf8))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Harness.binary)
        process.arguments = ["import", "--store", root + "/store", root + "/in"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Kill it once some articles are in place, before it can finish.
        let folder = root + "/store/articles/world"
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, ((try? fm.contentsOfDirectory(atPath: folder))?.count ?? 0) < 2000 { usleep(2000) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        let present = (try? fm.contentsOfDirectory(atPath: folder)) ?? []
        #expect(present.count >= 2000)
        #expect(present.count < 20_000, "the import finished before it was killed; the test proves nothing")
        // Every article file in place is complete JSON.
        for name in present {
            let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            #expect(object?["body"] is String, "torn file \(name)")
        }
        // The store opens, lists every complete article, and a second import finishes the job.
        let list = try Harness.gazette(["list", "--store", root + "/store", "--json"])
        #expect(list.status == 0)
        let items = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [Any] ?? []
        #expect(items.count == present.count)
        let again = try Harness.gazette(["import", "--store", root + "/store", root + "/in"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("already present \(present.count)"))
        #expect(try fm.contentsOfDirectory(atPath: root + "/store/tmp").isEmpty)
    }
}
