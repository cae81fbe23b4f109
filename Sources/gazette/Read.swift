import ArgumentParser
import Foundation
import GazetteCore

struct Read: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Open the reader (the default).")

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        throw Failure(description: "the reader is not built yet", code: 1)
    }
}
