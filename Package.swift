// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Gazette",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "gazette", targets: ["gazette"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Small C helpers that Swift's Glibc module does not expose (wcwidth, syncfs, signal flags).
        .target(name: "CGazetteSupport"),
        // libxml2's lenient XML and HTML parsers behind a small C API (Debian: libxml2-dev).
        .target(
            name: "CGazetteXML",
            cSettings: [.unsafeFlags(["-I/usr/include/libxml2"])],
            linkerSettings: [.linkedLibrary("xml2"), .linkedLibrary("z")]
        ),
        .target(
            name: "GazetteCore",
            dependencies: ["CGazetteSupport", "CGazetteXML", "CSQLite"]
        ),
        .target(name: "GazetteUI", dependencies: ["GazetteCore", "CGazetteSupport"]),
        // libcurl driven from C: bounded size and time, http(s) only (Debian: libcurl4-openssl-dev).
        .target(name: "CGazetteHTTP", linkerSettings: [.linkedLibrary("curl")]),
        // HTTP(S) fetching of feeds and pages.
        .target(name: "GazetteFetch", dependencies: ["GazetteCore", "CGazetteHTTP"]),
        // Following a server account (FreshRSS and other Google Reader API servers).
        .target(name: "GazetteSync", dependencies: ["GazetteCore", "GazetteFetch"]),
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        // SQLite from the system (Debian: libsqlite3-dev): the full-text index (FTS5) and newsboat's cache.db.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        // Moving in from newsboat: urls, config, cache.db.
        .target(name: "GazetteNewsboat", dependencies: ["GazetteCore", "GazetteUI", "CSQLite"]),
        .target(name: "GazetteTerminal", dependencies: ["CNcursesw", "GazetteUI", "CGazetteSupport"]),
        .executableTarget(
            name: "gazette",
            dependencies: [
                "GazetteCore", "GazetteUI", "GazetteTerminal", "GazetteFetch", "GazetteSync", "GazetteNewsboat",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "gazette-bench", dependencies: ["GazetteCore", "GazetteUI", "GazetteFetch", "GazetteTestSupport"]),
        .testTarget(name: "GazetteCoreTests", dependencies: ["GazetteCore"]),
        // A local HTTP(S) feed server for the fetch and end-to-end tests.
        .target(name: "GazetteTestSupport", path: "Tests/GazetteTestSupport", exclude: ["feed_server.py"]),
        .testTarget(name: "GazetteFetchTests", dependencies: ["GazetteFetch", "GazetteCore", "GazetteTestSupport"]),
        .testTarget(name: "GazetteUITests", dependencies: ["GazetteUI", "GazetteCore"],
                    exclude: ["__Snapshots__"]),
        // The sync tests run a real FreshRSS (../shared/servers/freshrss) with PHP.
        .testTarget(name: "EndToEndTests", dependencies: ["GazetteCore", "GazetteUI", "GazetteSync", "GazetteFetch", "GazetteNewsboat", "GazetteTestSupport"]),
    ]
)
