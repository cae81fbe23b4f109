import Foundation
import Testing
@testable import GazetteCore

@Suite("Names of folders, categories and files")
struct NamesTests {
    @Test("Folder names: letters and digits kept lower-case, the rest one dash, in ASCII and beyond", arguments: [
        ("International News", "international-news"),
        ("  Business -- & Markets!  ", "business-markets"),
        ("Sport/Football", "sport-football"),
        ("Économie & Société", "économie-société"),
        ("東京 ニュース", "東京-ニュース"),
        ("!!!", "uncategorized"),
        ("", "uncategorized"),
        ("COVID-19 Updates", "covid-19-updates"),
    ])
    func slug(name: String, expected: String) {
        #expect(CategoryName.slug(name) == expected)
    }

    @Test("A very long name is cut to 60 characters")
    func longSlug() {
        #expect(CategoryName.slug(String(repeating: "word ", count: 40)).count == 60)
        #expect(CategoryName.slug(String(repeating: "mot é ", count: 40)).count == 60)
    }

    @Test("Categories as written: spaces collapsed, separators at either end dropped, tidy names kept", arguments: [
        ("World", "World"),
        ("  World   News ", "World News"),
        ("World |", "World"),
        ("» Business:", "Business"),
        ("- Sport -", "Sport"),
        ("Tech\tNews", "Tech News"),
        ("Économie — ", "Économie"),
        ("A/B Tests", "A/B Tests"),
    ])
    func clean(name: String, expected: String) {
        #expect(CategoryName.clean(name) == expected)
    }

    @Test("File extensions are what Foundation says, without its path machinery")
    func pathExtension() {
        for path in [".bashrc", "a/.xml", "a.b/c", "x.tar.gz", "a/b.XML/", "noext", "a.", "/x/y.rss", "é.txt", "", "/", "dir/.hidden.txt",
                     "feed.atom//", "a..b", "./x.json", "../up.html"] {
            #expect(String(FileSystem.pathExtension(path)) == (path as NSString).pathExtension, "\(path)")
        }
    }
}
