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

/// The sample articles that ship with Gazette (a scraped page and a "Getting Started" guide).
public enum BundledSamples {
    /// The samples folder, looked up without trapping when the resource bundle is missing
    /// (an installed binary): `$GAZETTE_SAMPLES`, the SwiftPM bundle beside the executable,
    /// `../share/gazette/Samples`, then the source tree.
    public static func folder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        var candidates: [String] = []
        if let env = environment["GAZETTE_SAMPLES"] { candidates.append(env) }
        let exe = (Bundle.main.executablePath ?? CommandLine.arguments.first ?? "") as NSString
        let exeDir = (exe.resolvingSymlinksInPath as NSString).deletingLastPathComponent
        for dir in [exeDir, (exe as NSString).deletingLastPathComponent] {
            candidates.append("\(dir)/Gazette_GazetteCore.resources/Samples")
            candidates.append("\(dir)/Gazette_GazetteCore.bundle/Samples")
            candidates.append("\(dir)/../share/gazette/Samples")
        }
        // Running from a checkout: <repo>/.build/<config>/gazette -> <repo>/Resources/Samples
        candidates.append("\(exeDir)/../../Resources/Samples")
        candidates.append("\(exeDir)/../../../Resources/Samples")
        return candidates.map { ($0 as NSString).standardizingPath }.first { FileSystem.isDirectory($0) }
    }

    /// When the sample page was scraped: its "2 days ago" is the phone call of 19 May 2025,
    /// whenever and wherever Gazette is first started (not the checkout's file times).
    public static let scrapedAt = Date(timeIntervalSince1970: Double(CivilDate.unix(year: 2025, month: 5, day: 21, hour: 12)))

    /// Imports the samples into a new store; returns nil when the samples cannot be found.
    public static func seed(_ store: ArticleStore) throws(StoreError) -> Importer.Report? {
        guard let folder = folder() else { return nil }
        let names = ((try? FileSystem.list(folder)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        return try Importer(store: store, options: Importer.Options(scrapedAt: scrapedAt)).importPaths(names.map { "\(folder)/\($0)" })
    }
}
