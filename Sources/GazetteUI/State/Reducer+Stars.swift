import Foundation
import GazetteCore

/// Stars that wait for the store (another process holds its lock), and quitting with them.
extension Reducer {
    /// Quits, unless stars still wait for the store: then once they are saved (the bar says
    /// so; quitting again does not wait).
    static func quit(_ state: inout AppState) -> [Effect] {
        if !state.pendingStars.isEmpty, !state.quitWhenSaved {
            state.quitWhenSaved = true
            let n = state.pendingStars.count
            state.status = .info("Saving \(n) star\(n == 1 ? "" : "s") once the store is free, then quitting… (Q quits without \(n == 1 ? "it" : "them"))")
            return []
        }
        state.quitting = true
        return [.quit]
    }

    static func waitingStatus(_ state: AppState) -> Status {
        let n = state.pendingStars.count
        let who = state.storeHeldBy.map { "another Gazette (\($0))" } ?? "another Gazette"
        if state.quitWhenSaved {
            return .info("Saving \(n) star\(n == 1 ? "" : "s") once the store is free, then quitting… (Q quits without \(n == 1 ? "it" : "them"))")
        }
        return .info("Waiting for \(who) to finish… \(n == 1 ? "the star is" : "\(n) stars are") saved then")
    }
}
