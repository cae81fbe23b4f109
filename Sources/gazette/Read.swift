import ArgumentParser
import CGazetteSupport
import Foundation
import GazetteCore
import GazetteTerminal
import GazetteUI

struct Read: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reader", abstract: "Open the reader (the default).")

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let store = try storeOptions.open()
        let terminal: CursesTerminal
        do {
            terminal = try CursesTerminal()
        } catch let error as TerminalUnavailable {
            throw Failure(description: "cannot open the reader: \(error.description)", code: 2)
        }
        let app = App(source: FileArticleSource(store: store), backend: terminal)
        let root = store.root
        let listPath = FeedList.defaultPath()
        app.background = { effect, post in
            if case .fetchFullText(let id) = effect {
                DispatchQueue.global().async {
                    do {
                        let background = try ArticleStore.open(at: root)
                        let (done, message) = FetchRun.completeOne(id, store: background, timeout: 20)
                        post(.fullTextFinished(id, done: done, message: message))
                    } catch {
                        post(.fullTextFinished(id, done: false, message: "Full text: \(error)"))
                    }
                }
                return
            }
            guard effect == .fetchFeeds else { return }
            // Its own store handle on another thread: the importer takes the store lock, and
            // the reader picks the new articles up from the index like any other import.
            DispatchQueue.global().async {
                do {
                    let list = try FeedList.load(from: listPath)
                    guard !list.entries.isEmpty else {
                        post(.fetchFinished(summary: "No feeds to fetch.", failures: ["Add one with: gazette feeds add URL"]))
                        return
                    }
                    let background = try ArticleStore.open(at: root)
                    let report = try FetchRun.run(list: list, store: background, timeout: 20, jobs: 6) { done, total, _ in
                        post(.fetchProgress(done: done, total: total))
                    }
                    // The bar is one line: the feed's short name and the reason first.
                    post(.fetchFinished(summary: report.summary, failures: report.failures.map { "\(Self.shortName($0.url)): \($0.reason)" }))
                } catch {
                    post(.fetchFinished(summary: "Fetch failed:", failures: ["\(error)"]))
                }
            }
        }
        app.run()
        terminal.end()
        let signal = gz_pending_terminate_signal()
        if signal != 0 { throw ExitCode(128 + signal) }
    }

    /// "https://example.org/news/feed.xml" -> "example.org/…/feed.xml", for the one-line bar.
    static func shortName(_ url: String) -> String {
        guard let u = URL(string: url), let host = u.host else { return url }
        let parts = u.path.split(separator: "/")
        switch parts.count {
        case 0: return host
        case 1: return "\(host)/\(parts[0])"
        default: return "\(host)/…/\(parts.last!)"
        }
    }
}
