import Foundation

/// Where the store lives: `--store DIR`, else `$GAZETTE_STORE`, else `$XDG_DATA_HOME/gazette`,
/// else `~/.local/share/gazette`.
public struct StoreLocation: Equatable, Sendable {
    public var path: String
    /// True when no `--store` or `$GAZETTE_STORE` chose it (only then are samples seeded).
    public var isDefault: Bool

    public static func resolve(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> StoreLocation {
        if let explicit, !explicit.isEmpty { return StoreLocation(path: expand(explicit), isDefault: false) }
        if let env = environment["GAZETTE_STORE"], !env.isEmpty { return StoreLocation(path: expand(env), isDefault: false) }
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            return StoreLocation(path: xdg + "/gazette", isDefault: true)
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return StoreLocation(path: home + "/.local/share/gazette", isDefault: true)
    }

    static func expand(_ path: String) -> String {
        var p = (path as NSString).expandingTildeInPath
        if !p.hasPrefix("/") { p = FileManager.default.currentDirectoryPath + "/" + p }
        return (p as NSString).standardizingPath
    }
}

/// The sample articles that ship with Gazette (a scraped page and a "Getting Started"
/// guide), compiled into the binary (`BundledSamples+Texts.swift`, generated from
/// `Resources/Samples/`), so a `gazette` copied or installed alone starts with them.
public enum BundledSamples {
    /// When the sample page was scraped: its "2 days ago" is the phone call of 19 May 2025,
    /// whenever and wherever Gazette is first started.
    public static let scrapedAt = Date(timeIntervalSince1970: Double(CivilDate.unix(year: 2025, month: 5, day: 21, hour: 12)))

    /// Imports the samples into a new store, each in the category of its folder.
    public static func seed(_ store: ArticleStore) throws(StoreError) -> Importer.Report {
        let files = texts.map { sample -> Importer.InMemoryFile in
            let folder = String(sample.path.split(separator: "/").first ?? "")
            return Importer.InMemoryFile(name: sample.path, folder: folder, bytes: Array(sample.text.utf8))
        }
        return try Importer(store: store, options: Importer.Options(scrapedAt: scrapedAt)).importFiles(files)
    }
}
