import Foundation
import Testing
@testable import GazetteCore

@Suite("The one clock")
struct WallClockTests {
    @Test("GAZETTE_NOW pins now to an ISO 8601 time; unset or empty leaves the system clock")
    func pinned() throws {
        let pinned = try WallClock.pinned(environment: ["GAZETTE_NOW": "2028-01-06T00:00:00Z"]).get()
        #expect(pinned.map(ISODate.format) == "2028-01-06T00:00:00Z")
        let offset = try WallClock.pinned(environment: ["GAZETTE_NOW": "2028-01-06T09:00:00+09:00"]).get()
        #expect(offset.map(ISODate.format) == "2028-01-06T00:00:00Z")
        #expect(try WallClock.pinned(environment: [:]).get() == nil)
        #expect(try WallClock.pinned(environment: ["GAZETTE_NOW": ""]).get() == nil)
    }

    @Test("An unreadable GAZETTE_NOW is named, with no control character of it printed")
    func unreadable() {
        guard case .failure(let problem) = WallClock.pinned(environment: ["GAZETTE_NOW": "tomorrow\u{1B}[2J"]) else {
            Issue.record("a nonsense time was accepted")
            return
        }
        #expect(problem.description.hasPrefix("GAZETTE_NOW=tomorrow[2J is not an ISO 8601 time"))
    }
}
