import Foundation
import GazetteCore
import GazetteUI
import Testing

/// What the terminal shows, cell by cell, against what the renderer meant to draw.
@Suite("End to end: grapheme clusters on the real terminal", .serialized)
struct ClusterScreenTests {
    static let title = "Flags 🇺🇸🇩🇪🇫🇷 family 👨‍👩‍👧 ok 👍🏽 key 1️⃣ rainbow 🏳️‍🌈 한국어 e\u{301}!"
    static let body = [
        "Flags 🇺🇸🇩🇪🇫🇷🇯🇵🇧🇷 in a row, a family 👨‍👩‍👧‍👦 and a couple 👩‍❤️‍👨, thumbs 👍🏻👍🏿, keycaps #️⃣ 1️⃣ 9️⃣, 🏳️‍🌈 and 🏴‍☠️.",
        "東京の株価が上昇、日経平均は最高値を更新 — 한국 경제 성장률 발표 — مرحبا بالعالم — Zoë’s café.",
    ].joined(separator: "\n\n")

    /// The screen the renderer draws for the store at this size after these actions.
    func intended(store: String, size: Size, actions: [Action]) throws -> [String] {
        let source = FileArticleSource(store: try ArticleStore.open(at: store, create: false))
        var state = AppState(index: source.index, starred: [], read: try source.loadRead(), size: size,
                             now: ISODate.parse(Harness.now)!, storePath: store)
        state.timeZone = TimeZone(identifier: "UTC")!
        let runner = EffectRunner(source: source)
        for action in actions {
            var queue = [action]
            while !queue.isEmpty {
                for effect in Reducer.reduce(&state, queue.removeFirst()) { queue += runner.run(effect) }
            }
        }
        // The bar says what the app did (read marks, messages): compare the body rows.
        return Array(Renderer.render(state).text.components(separatedBy: "\n").dropLast())
    }

    @Test("Flags, ZWJ sequences, skin tones, keycaps, Hangul, CJK and Arabic: the lists and the reader match the renderer cell for cell at 100, 60 and 40 columns, with no stale cells")
    func clustersMatch() throws {
        let dir = NSTemporaryDirectory() + "gazette-clusters-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/in/Emoji", withIntermediateDirectories: true)
        try (Self.title + "\n\n" + Self.body + "\n").write(toFile: dir + "/in/Emoji/a.txt", atomically: true, encoding: .utf8)
        try ("Plain neighbour story\n\nSo the rows around the emoji have text of their own.\n")
            .write(toFile: dir + "/in/Emoji/b.txt", atomically: true, encoding: .utf8)
        #expect(try Harness.gazette(["import", "--store", dir + "/store", "--scraped-at", Harness.sampleScrapedAt, dir + "/in"]).status == 0)
        for (width, height) in [(100, 20), (60, 16), (40, 14)] {
            let tmux = try TmuxSession(command: "'\(Harness.binary)' --store '\(dir)/store'", width: width, height: height)
            try tmux.waitFor(text: "Emoji")
            // The lists: the article list focused, the emoji title selected.
            try tmux.send("Right")
            let wantLists = try intended(store: dir + "/store", size: Size(width: width, height: height), actions: [.focusArticles])
            try tmux.waitFor("the lists at \(width) columns") { Array($0.components(separatedBy: "\n").prefix(height - 1)).map(Self.trimmed) == wantLists }
            // The reader, then scrolled to the end.
            try tmux.send("Enter")
            let wantReader = try intended(store: dir + "/store", size: Size(width: width, height: height), actions: [.focusArticles, .open])
            try tmux.waitFor("the reader at \(width) columns") { Array($0.components(separatedBy: "\n").prefix(height - 1)).map(Self.trimmed) == wantReader }
            try tmux.send("G")  // End: tmux sends its own terminal's sequence, not xterm's
            let wantEnd = try intended(store: dir + "/store", size: Size(width: width, height: height), actions: [.focusArticles, .open, .move(.last)])
            try tmux.waitFor("the end of the reader at \(width) columns") { Array($0.components(separatedBy: "\n").prefix(height - 1)).map(Self.trimmed) == wantEnd }
            try tmux.send("Q")
            try tmux.waitFor(text: "GAZETTE-EXITED 0")
        }
    }

    static func trimmed(_ line: String) -> String {
        var l = Substring(line)
        while l.last == " " { l = l.dropLast() }
        return String(l)
    }
}
