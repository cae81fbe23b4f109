import Foundation
import Testing
@testable import GazetteCore

@Suite("Bundled samples")
struct BundledSamplesTests {
    @Test("The samples compiled into the binary are the files in Resources/Samples (run scripts/embed-samples.py after editing them)")
    func embeddedMatchFiles() throws {
        let folder = Paths.repo + "/Resources/Samples"
        var onDisk: [String: String] = [:]
        for sub in try FileSystem.list(folder) where !sub.hasPrefix(".") {
            for name in try FileSystem.list(folder + "/" + sub) where !name.hasPrefix(".") {
                onDisk["\(sub)/\(name)"] = try String(contentsOfFile: "\(folder)/\(sub)/\(name)", encoding: .utf8)
            }
        }
        let embedded = Dictionary(uniqueKeysWithValues: BundledSamples.texts.map { ($0.path, $0.text) })
        #expect(embedded.keys.sorted() == onDisk.keys.sorted())
        for (path, text) in onDisk { #expect(embedded[path] == text, "\(path) differs from the embedded copy") }
    }

    @Test("Seeding imports every sample into its folder's category, the sample page dated as scraped")
    func seed() throws {
        let dir = TempDir()
        let store = try ArticleStore.open(at: dir.path + "/store")
        let report = try BundledSamples.seed(store)
        #expect(report.imported == BundledSamples.texts.count)
        #expect(Set(store.index.categories.map(\.name)) == ["Getting Started", "International News"])
        let page = try #require((0..<store.index.count).map { store.index.summary(at: $0) }.first { $0.category == "International News" })
        #expect(ISODate.format(page.date).hasPrefix("2025-05-19"))
    }
}
