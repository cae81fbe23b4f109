import Foundation
import GazetteCore

/// Opening link N of the article in the reader ("[3]" in its text), as newsboat's #3 does.
extension Reducer {
    /// A digit: the number grows; it opens at once when no longer number is possible (with
    /// 12 links, "3" opens link 3; "1" waits for Enter or a second digit).
    static func linkDigit(_ state: inout AppState, _ digit: Int) -> [Effect] {
        guard state.mode == .reader, let article = state.reader?.article else { return [] }
        let links = article.references
        guard !links.isEmpty else {
            state.linkNumber = nil
            state.status = .info("This article has no numbered links.")
            return []
        }
        let number = (state.linkNumber ?? 0) * 10 + digit
        guard number > 0 else { return [] }
        if number * 10 > links.count { return openLinkNumber(&state, number) }
        state.linkNumber = number
        state.status = .info("Open link \(number)_ of \(links.count)  (Enter opens, Esc cancels)")
        return []
    }

    static func openLinkNumber(_ state: inout AppState, _ number: Int? = nil) -> [Effect] {
        let typed = number ?? state.linkNumber
        state.linkNumber = nil
        guard let typed, let links = state.reader?.article?.references else { return [] }
        guard (1...links.count).contains(typed) else {
            state.status = .error("No link \(typed): this article has \(links.count).")
            return []
        }
        return [.openURL(links[typed - 1])]
    }

    static func cancelLinkNumber(_ state: inout AppState) {
        state.linkNumber = nil
        state.status = nil
    }
}
