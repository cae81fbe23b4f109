import Foundation
import Testing
@testable import GazetteCore

@Suite("Hostile files and folders", .timeLimit(.minutes(1)))
struct HostileFilesTests {
    @Test("A FIFO, in a folder or named alone, is refused at once as not a regular file; the rest is imported")
    func fifo() throws {
        let dir = TempDir()
        dir.write("in/world/a.txt", "Title one\n\nBody one.\n")
        #expect(mkfifo(dir.path + "/in/world/pipe.txt", 0o644) == 0)
        let store = try ArticleStore.open(at: dir.path + "/store")
        let report = try Importer(store: store).importPaths([dir.path + "/in", dir.path + "/in/world/pipe.txt"])
        #expect(report.imported == 1)
        #expect(report.refused.map(\.outcome) == [.refused(reason: "not a regular file (a FIFO)")])
        // Named twice (in its folder and alone), it is one file, refused once.
        #expect(report.refused.count == 1)
    }

    @Test("Links that loop end the walk; a file reached by several paths is one article, in its own folder's category")
    func symlinkLoops() throws {
        let dir = TempDir()
        dir.write("loop/b.txt", "Loop title\n\nLoop body.\n")
        #expect(symlink(".", dir.path + "/loop/x") == 0)
        #expect(symlink(".", dir.path + "/loop/y") == 0)
        #expect(symlink(dir.path + "/loop", dir.path + "/loop/up") == 0)
        let store = try ArticleStore.open(at: dir.path + "/store")
        let report = try Importer(store: store).importPaths([dir.path + "/loop"])
        #expect(report.imported == 1)
        #expect(report.results.count == 1)
        #expect(store.index.categories.map(\.name) == ["Loop"])
    }

    @Test("Damaged UTF-8 in no charset Gazette knows is read as UTF-8 with U+FFFD, never as Latin-1 mojibake")
    func damagedUTF8() throws {
        // One good accented word, then two stray bytes: not "mostly UTF-8" by count.
        let body = String(repeating: "The council met again on Tuesday and agreed on the budget for the new bridge. ", count: 3)
        let bytes = Array("Résumé of the day\n\n\(body)".utf8) + [0xFF, 0xFE] + Array(" and agreed.\n".utf8)
        let decoded = try TextDecoding.decode(bytes)
        #expect(decoded.text.hasPrefix("Résumé of the day"))
        #expect(decoded.text.contains("\u{FFFD}"))
        #expect(!decoded.text.contains("Ã"))
    }

    @Test("Scratch files of killed writers are removed at the next write; a live writer's are kept")
    func strayScratch() throws {
        let dir = TempDir()
        let store = try ArticleStore.open(at: dir.path + "/store")
        // A pid that cannot be running: above the kernel's limit.
        let dead = "\(store.tmpDir)/favorites.json.4194305.77.tmp"
        let deadArticle = "\(store.tmpDir)/00000000000000aa.4194305.json"
        let live = "\(store.tmpDir)/favorites.json.\(getpid()).78.tmp"
        for path in [dead, deadArticle, live] { FileManager.default.createFile(atPath: path, contents: Data("x".utf8)) }
        try store.favorites.set(ArticleID(rawValue: 1), starred: true)
        #expect(!FileSystem.exists(dead))
        #expect(!FileSystem.exists(deadArticle))
        #expect(FileSystem.exists(live))
    }

    @Test("Errors name the file the user knows, not its scratch copy")
    func errorsNameTheRealFile() throws {
        let dir = TempDir()
        let store = try ArticleStore.open(at: dir.path + "/store")
        // Root ignores permissions: a folder where the scratch copy would be renamed to.
        try FileManager.default.createDirectory(atPath: store.favorites.path, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: store.favorites.path + "/keep", contents: Data())
        do {
            try store.favorites.set(ArticleID(rawValue: 1), starred: true)
            Issue.record("a star was saved over a folder")
        } catch {
            #expect(error.path.hasSuffix("/favorites.json"), "\(error)")
            #expect(!error.description.contains(".tmp"), "\(error)")
        }
    }

    @Test("A store whose articles folder is a file is an error, never an empty store")
    func articlesIsAFile() throws {
        let dir = TempDir()
        dir.write("store/articles", "not a folder")
        #expect(throws: StoreError.self) { try ArticleStore.open(at: dir.path + "/store", create: false) }
        #expect(throws: StoreError.self) { try ArticleStore.open(at: dir.path + "/store") }
    }

    @Test("When the index cannot be written after an import, the report says the articles are in and the next open rebuilds it")
    func indexNotWritten() throws {
        let dir = TempDir()
        dir.write("in/a.txt", "Title one\n\nBody one.\n")
        let store = try ArticleStore.open(at: dir.path + "/store")
        // Root ignores permissions: a non-empty folder where the index file goes cannot be replaced.
        try FileManager.default.removeItem(atPath: store.indexPath)
        try FileManager.default.createDirectory(atPath: store.indexPath + "/blocked", withIntermediateDirectories: true)
        let report = try Importer(store: store).importPaths([dir.path + "/in"])
        #expect(report.imported == 1)
        #expect(report.indexProblem?.path.hasSuffix("/.index/articles.tsv") == true, "\(String(describing: report.indexProblem))")
        try FileManager.default.removeItem(atPath: store.indexPath)
        #expect(try ArticleStore.open(at: dir.path + "/store").index.count == 1)
    }
}
