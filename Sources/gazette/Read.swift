import ArgumentParser
import CGazetteSupport
import Foundation
import GazetteCore
import GazetteTerminal
import GazetteUI

struct Read: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Open the reader (the default).")

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
        app.run()
        terminal.end()
        let signal = gz_pending_terminate_signal()
        if signal != 0 { throw ExitCode(128 + signal) }
    }
}
