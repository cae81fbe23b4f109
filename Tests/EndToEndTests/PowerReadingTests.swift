import Foundation
import GazetteTestSupport
import Testing

@Suite("End to end: links, attachments, save and pipe")
struct PowerReadingTests {
    /// A podcast fetched from the local server, a home folder of its own, a browser and a
    /// player that only write down what they were given.
    struct Setup {
        let dir: String
        let server: LocalFeedServer
        let tmux: TmuxSession

        init() throws {
            dir = NSTemporaryDirectory() + "gazette-power-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: dir + "/home/.config/gazette", withIntermediateDirectories: true)
            server = try LocalFeedServer()
            for (name, file) in [("browser", "opened"), ("player", "played")] {
                let script = dir + "/" + name
                try "#!/bin/sh\necho \"$@\" >> '\(dir)/\(file)'\n".write(toFile: script, atomically: true, encoding: .utf8)
                chmod(script, 0o755)
            }
            try "player \"\(dir)/player --quiet\"\n".write(toFile: dir + "/home/.config/gazette/config", atomically: true, encoding: .utf8)
            let env = ["HOME": dir + "/home", "XDG_CONFIG_HOME": dir + "/home/.config"]
            #expect(try Harness.gazette(["feeds", "add", server.url("/podcast.xml")], environment: env).status == 0)
            let fetched = try Harness.gazette(["fetch", "--store", dir + "/store"], environment: env)
            #expect(fetched.stdout.contains("2 new articles"), "\(fetched.stdout) \(fetched.stderr)")
            tmux = try TmuxSession(command: "HOME='\(dir)/home' XDG_CONFIG_HOME='\(dir)/home/.config' BROWSER='\(dir)/browser' "
                                   + "'\(Harness.binary)' --store '\(dir)/store'")
            try Harness.run(tmux.tmux, ["-L", tmux.socket, "set", "-g", "set-clipboard", "on"], capture: false)
        }

        func file(_ name: String) -> String { (try? String(contentsOfFile: dir + "/" + name, encoding: .utf8)) ?? "" }

        func waitForFile(_ name: String, containing text: String) throws {
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline {
                if file(name).contains(text) { return }
                usleep(50_000)
            }
            Issue.record("\(name) never said \(text): \(file(name))")
        }
    }

    @Test("Link 1 opens by its number; v lists the article, its link and its attachment; Enter plays it, y copies it (OSC 52), d downloads it with the bar saying so")
    func linksAndAttachments() throws {
        let s = try Setup()
        defer { try? FileManager.default.removeItem(atPath: s.dir) }
        try s.tmux.waitFor(text: "Episode one")
        try s.tmux.send("Right")
        try s.tmux.send("G")  // Episode one is the older
        try s.tmux.send("Enter")
        let reader = try s.tmux.waitFor(text: "Show notes with a link [1].")
        #expect(reader.contains("Attachment: \(s.server.url("/episode.mp3")) (audio/mpeg, 2.0 MB)"))
        try s.tmux.send("1")
        try s.waitForFile("opened", containing: "http://127.0.0.1/notes")
        try s.tmux.send("v")
        let links = try s.tmux.waitFor(text: "Links of “Episode one”")
        #expect(links.contains("This article  http://127.0.0.1/ep1"))
        #expect(links.contains("[1] link  http://127.0.0.1/notes"))
        #expect(links.contains("attachment (audio/mpeg, 2.0 MB)  \(s.server.url("/episode.mp3"))"))
        try s.tmux.send("G")
        try s.tmux.send("Enter")
        try s.waitForFile("played", containing: "--quiet \(s.server.url("/episode.mp3"))")
        try s.tmux.waitFor(text: "Playing \(s.server.url("/episode.mp3")) with player")
        try s.tmux.send("y")
        try s.tmux.waitFor(text: "Copied \(s.server.url("/episode.mp3")) (OSC 52)")
        #expect(try Harness.run(s.tmux.tmux, ["-L", s.tmux.socket, "show-buffer"]).stdout == s.server.url("/episode.mp3"))
        try s.tmux.send("d")
        try s.tmux.waitFor(text: "Downloaded ~/Downloads/episode.mp3 (2.0 MB)")
        let bytes = FileManager.default.contents(atPath: s.dir + "/home/Downloads/episode.mp3")
        #expect(bytes == Data((0..<2_000_000).map { UInt8($0 % 251) }))
        try s.tmux.send("q")
        try s.tmux.waitFor(text: "Show notes with a link [1].")
        try s.tmux.send("Q")
        try s.tmux.waitFor(text: "GAZETTE-EXITED 0")
    }

    @Test("w saves the article (the name proposed, Markdown for .md, asking before replacing); | pipes it to a command that gets the terminal")
    func saveAndPipe() throws {
        let s = try Setup()
        defer { try? FileManager.default.removeItem(atPath: s.dir) }
        try s.tmux.waitFor(text: "Episode one")
        try s.tmux.send("Right")
        try s.tmux.send("G")
        // From the list: the selected article.
        try s.tmux.send("w")
        try s.tmux.waitFor(text: "Save to: ~/Downloads/Episode-one.txt_")
        try s.tmux.send("Enter")
        try s.tmux.waitFor(text: "Saved to ~/Downloads/Episode-one.txt")
        let saved = s.file("home/Downloads/Episode-one.txt")
        #expect(saved.hasPrefix("Episode one\nLocal Podcast · 20 May 2025, 14:05 UTC\nhttp://127.0.0.1/ep1\n\nShow notes with a link [1]."), "\(saved)")
        // Again: it exists; n keeps it.
        try s.tmux.send("w")
        try s.tmux.send("Enter")
        try s.tmux.waitFor(text: "~/Downloads/Episode-one.txt exists. Replace it? y/n")
        try s.tmux.send("n")
        try s.tmux.waitFor(text: "Not saved.")
        // Markdown, in the reader.
        try s.tmux.send("Enter")
        try s.tmux.waitFor(text: "Show notes with a link [1].")
        try s.tmux.send("w")
        try s.tmux.send("C-u")
        try s.tmux.send("-l", "~/notes/one.md")
        try s.tmux.send("Enter")
        try s.tmux.waitFor(text: "Saved as Markdown to ~/notes/one.md")
        #expect(s.file("home/notes/one.md").contains("Show notes with a [link](http://127.0.0.1/notes)."), "\(s.file("home/notes/one.md"))")
        // The pipe: the command reads the article; Enter comes back.
        try s.tmux.send("|")
        try s.tmux.waitFor(text: "Pipe to: _")
        try s.tmux.send("-l", "grep -c 'Show notes' > '\(s.dir)/piped'")
        try s.tmux.send("Enter")
        try s.tmux.waitFor(text: "Press Enter to go back to Gazette")
        try s.tmux.send("Enter")
        try s.tmux.waitFor(text: "Piped to grep -c 'Show notes'")
        #expect(s.file("piped") == "1\n")
        try s.tmux.send("Q")
        try s.tmux.waitFor(text: "GAZETTE-EXITED 0")
    }
}
