import Foundation
import Testing
@testable import GazetteUI

@Suite("The man page")
struct ManPageTests {
    static let path: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("doc/gazette.1").path
    }()

    @Test("doc/gazette.1 lists every key of the key map with its help text (RECORD_SNAPSHOTS=1 rewrites the section)")
    func keysSection() throws {
        var page = try String(contentsOfFile: Self.path, encoding: .utf8)
        let wanted = ManPageKeys.section()
        guard let start = page.range(of: ManPageKeys.begin), let end = page.range(of: ManPageKeys.end) else {
            Issue.record("doc/gazette.1 has no generated KEYS section")
            return
        }
        let current = String(page[start.lowerBound..<end.upperBound])
        if current != wanted, ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil {
            page.replaceSubrange(start.lowerBound..<end.upperBound, with: wanted)
            try page.write(toFile: Self.path, atomically: true, encoding: .utf8)
            Issue.record("recorded doc/gazette.1's KEYS section; run again without RECORD_SNAPSHOTS")
            return
        }
        #expect(current == wanted, "the man page's keys differ from the key map")
        for binding in KeyMap.standard.bindings(in: .reader) {
            #expect(current.contains(ManPageKeys.roff(binding.help)))
        }
    }
}
