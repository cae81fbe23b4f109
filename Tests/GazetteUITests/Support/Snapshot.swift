import Foundation
import Testing
@testable import GazetteUI

/// Compares a screen with `__Snapshots__/<suite>/<name>.<W>x<H>.txt` beside the tests.
///
/// A missing snapshot, or any snapshot with RECORD_SNAPSHOTS=1, is written and the test
/// fails, so nothing is accepted silently: review the file, then run again.
func assertSnapshot(_ screen: Screen, suite: String, named name: String,
                    filePath: String = #filePath, sourceLocation: SourceLocation = #_sourceLocation) {
    var dir = URL(fileURLWithPath: filePath).deletingLastPathComponent()
    if dir.lastPathComponent == "Support" { dir.deleteLastPathComponent() }
    let folder = dir.appendingPathComponent("__Snapshots__").appendingPathComponent(suite)
    let file = folder.appendingPathComponent("\(name).\(screen.width)x\(screen.height).txt")
    // Each row is framed with "|" so trailing spaces and exact widths are visible and kept.
    let actual = screen.lines.map { "|\($0)|" }.joined(separator: "\n") + "\n"
    let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
    if record || !FileManager.default.fileExists(atPath: file.path) {
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try? actual.write(to: file, atomically: true, encoding: .utf8)
        Issue.record("Recorded snapshot \(file.lastPathComponent); check it and run again", sourceLocation: sourceLocation)
        return
    }
    let expected = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
    if expected != actual {
        Issue.record("Screen differs from \(file.lastPathComponent):\n--- expected\n\(expected)--- actual\n\(actual)",
                     sourceLocation: sourceLocation)
    }
}
