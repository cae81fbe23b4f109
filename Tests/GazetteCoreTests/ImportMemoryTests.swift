import Foundation
import Testing
@testable import GazetteCore

@Suite("Import memory", .timeLimit(.minutes(1)))
struct ImportMemoryTests {
    /// Articles of about 3 MB each (a title, then paragraphs).
    static func bigArticle(_ n: Int) -> String {
        let paragraph = String(repeating: "Words of article \(n) about the council budget and the harbour. ", count: 30)
        return "Big article number \(n)\n\n" + Array(repeating: paragraph, count: 1_500).joined(separator: "\n\n") + "\n"
    }

    @Test("Parsed articles are let go once written: importing 96 MB of text leaves the heap less than 32 MB larger")
    func importReleasesArticles() throws {
        // A leak here keeps every imported text for the life of the process (the reader
        // fetches for hours). Other tests run beside this one and move the heap too, so a
        // reading is taken up to three times; a leak shows 96 MB or more every time.
        let dir = TempDir()
        for n in 0..<32 { dir.write("src/news/\(n).txt", Self.bigArticle(n)) }
        dir.write("warm/news/w.txt", "Warm up\n\nOne paragraph.\n")
        var growths: [Int] = []
        for attempt in 0..<3 {
            let root = dir.path + "/store\(attempt)"
            do {
                let store = try ArticleStore.open(at: root)
                _ = try Importer(store: store).importPaths([dir.path + "/warm"])
            }
            let before = Trace.heapInUse()
            do {
                let store = try ArticleStore.open(at: root)
                let report = try Importer(store: store).importPaths([dir.path + "/src"])
                #expect(report.imported == 32)
            }
            let growth = Trace.heapInUse() - before
            growths.append(growth >> 20)
            if growth < 32 << 20 { break }
        }
        #expect(growths.last.map { $0 < 32 } == true, "heap growth in MB per attempt: \(growths)")
    }
}
