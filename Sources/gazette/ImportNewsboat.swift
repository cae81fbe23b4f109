import ArgumentParser
import Foundation
import GazetteCore
import GazetteNewsboat

/// `gazette import-newsboat [DIR]`: newsboat's feeds, config and cache in one command.
struct ImportNewsboat: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-newsboat",
        abstract: "Move in from newsboat: its feeds (urls), config and every cached article (cache.db).",
        discussion: """
        DIR holds newsboat's urls, config and cache.db (default ~/.newsboat, else \
        $XDG_CONFIG_HOME/newsboat and $XDG_DATA_HOME/newsboat). Tags become folders, read \
        articles stay read and flagged ones are starred; config lines Gazette reads the same \
        way are added to its config file, the others listed. Running it twice adds nothing twice.
        """
    )
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var configOptions: ConfigOptions
    @Option(help: ArgumentHelp("The feed list file.", valueName: "file")) var list: String?
    @Argument(help: "newsboat's folder.") var dir: String?

    func run() throws {
        let source = NewsboatImport.locate(dir)
        guard !source.isEmpty else {
            throw Failure(description: "no newsboat files (urls, config, cache.db) in \(dir ?? "~/.newsboat or $XDG_CONFIG_HOME/newsboat")")
        }
        let store = try storeOptions.open(seed: false)
        let report: NewsboatImport.Report
        do {
            report = try NewsboatImport.run(source, store: store, feedListPath: list ?? FeedList.defaultPath(),
                                            configPath: configOptions.path)
        } catch let failure as NewsboatImport.Failure {
            throw Failure(description: failure.description)
        }
        if let urls = source.urls {
            say("Feeds from \(urls): \(report.feedsAdded) added, \(report.feedsAlreadyFollowed) already followed.")
        }
        if let cache = source.cache {
            say("Articles from \(cache): \(report.articlesImported) imported, \(report.articlesAlreadyPresent) already here; \(report.markedRead) read, \(report.starred) starred (flagged).")
        }
        if let config = source.config {
            if report.configAlreadyTranslated {
                say("Config from \(config): already translated into \(configOptions.path).")
            } else {
                say("Config from \(config): \(report.configLinesTranslated) lines added to \(configOptions.path).")
            }
        }
        if report.savedSearches > 0 {
            say("Query feeds: \(report.savedSearches) kept as saved searches (query-folder lines in \(configOptions.path)).")
        }
        if !report.notImported.isEmpty {
            say("Not imported:")
            for line in report.notImported { say("  " + line) }
        }
    }
}
