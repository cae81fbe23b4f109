import Foundation
import Testing
@testable import GazetteCore

@Suite("Scraped page parser")
struct ScrapedPageParserTests {
    func parseSample() throws -> ScrapedPageParser.Result {
        let bytes = try FileSystem.read(Paths.samplePage)
        let text = try TextDecoding.decode(bytes).text
        return try ScrapedPageParser(now: fixedNow).parse(text)
    }

    @Test("The sample page gives its title, category, author and date")
    func sampleMetadata() throws {
        let r = try parseSample()
        #expect(r.title == "Trump, Putin Hold Phone Call: Talks were Very Well")
        #expect(r.category == "International News")
        #expect(r.author == "Staff, Agencies")
        #expect(r.publishedText == "2 days ago")
        #expect(r.published == fixedNow.addingTimeInterval(-2 * 86_400))
    }

    @Test("The sample page body runs from the first paragraph to the last, without chrome")
    func sampleBody() throws {
        let r = try parseSample()
        #expect(r.body.hasPrefix("Vladimir Putin and Donald Trump have held a rare phone call"))
        #expect(r.body.hasSuffix("“The only one who benefits from that is Putin,” he said."))
        for chrome in ["Please Wait", "Loyal to the Pledge", "folder_open", "access_time", "Add to favorites", "Comments", "By Staff"] {
            #expect(!r.body.contains(chrome), "body contains \(chrome)")
        }
        #expect(!r.body.contains("Trump, Putin Hold Phone Call: Talks were Very Well"))
        #expect(r.body.components(separatedBy: "\n\n").count == 18)
    }

    @Test("A different scrape layout with separators and an absolute date")
    func otherLayout() throws {
        let text = """
        Loading...
        The Daily Planet
        Markets rally as inflation cools
        Business | May 20, 2025 14:05
        share
        By Lois Lane
        Stocks rose on Tuesday after new figures showed inflation easing.

        Analysts said the move was broad-based.
        Tags: markets, inflation
        12 Comments
        """
        let r = try ScrapedPageParser(now: fixedNow).parse(text)
        #expect(r.title == "Markets rally as inflation cools")
        #expect(r.category == "Business")
        #expect(r.author == "Lois Lane")
        #expect(r.published == ISODate.parse("2025-05-20T14:05:00Z"))
        #expect(r.body == "Stocks rose on Tuesday after new figures showed inflation easing.\n\nAnalysts said the move was broad-based.")
    }

    @Test("A plain article: first line is the title, blank lines separate paragraphs, wrapped lines are joined")
    func plainArticle() throws {
        let text = "A quiet week in Lake Wobegon\n\nIt has been a quiet week\nin the little town.\n\nThe end, and a date like 2020-01-01 inside a long sentence of prose is not metadata at all really.\n"
        let r = try ScrapedPageParser(now: fixedNow).parse(text)
        #expect(r.title == "A quiet week in Lake Wobegon")
        #expect(r.category == nil)
        #expect(r.published == nil)
        #expect(r.body.hasPrefix("It has been a quiet week in the little town.\n\nThe end"))
    }

    @Test("Lists keep their line breaks")
    func lists() throws {
        let r = try ScrapedPageParser(now: fixedNow).parse("Shopping\n\nWe need:\n\n- milk\n- eggs\n- bread\n")
        #expect(r.body == "We need:\n\n- milk\n- eggs\n- bread")
    }

    @Test("A title with no text after it is refused")
    func noText() {
        #expect(throws: ScrapedPageParser.Failure.noText) { try ScrapedPageParser(now: fixedNow).parse("Just a title\n\n") }
    }

    @Test("Icon words are removed only where they are glued on, never from prose")
    func icons() {
        #expect(ScrapedPageParser.stripIcons("folder_openWorld access_time 3 hours ago") == "World 3 hours ago")
        #expect(ScrapedPageParser.stripIcons("starAdd to favorites") == "Add to favorites")
        #expect(ScrapedPageParser.stripIcons("The star player scored twice") == "The star player scored twice")
        #expect(ScrapedPageParser.stripIcons("Schedule changes announced") == "Schedule changes announced")
    }
}

@Suite("Dates in text")
struct DateTextTests {
    @Test("Relative and absolute dates resolve", arguments: [
        ("2 days ago", -2 * 86_400.0),
        ("an hour ago", -3600),
        ("yesterday", -86_400),
        ("5 minutes ago", -300),
        ("just now", 0),
    ])
    func relative(text: String, offset: Double) {
        #expect(DateText.find(in: "Posted \(text)", now: fixedNow)?.date == fixedNow.addingTimeInterval(offset))
    }

    @Test("Absolute forms", arguments: [
        ("May 20, 2025", "2025-05-20T00:00:00Z"),
        ("20 May 2025 14:05", "2025-05-20T14:05:00Z"),
        ("Tuesday, May 20, 2025 2:05 PM", "2025-05-20T14:05:00Z"),
        ("2025-05-20T14:05:00+02:00", "2025-05-20T12:05:00Z"),
        ("2025-05-20", "2025-05-20T00:00:00Z"),
        ("20/05/2025", "2025-05-20T00:00:00Z"),
    ])
    func absolute(text: String, iso: String) {
        #expect(DateText.find(in: text, now: fixedNow)?.date == ISODate.parse(iso))
    }

    @Test("An all-ASCII line (read on bytes) and the same line with other characters find the same date, text and all", arguments: [
        "Posted 2 days ago", "folder_openWorld access_time 2025-05-20T14:05:00Z", "Tuesday, May 20, 2025 2:05 PM",
        "20/05/2025 | Business", "Updated 20 May 2025 14:05", "v1.2.3 released 3 hours ago", "Room 101, 5 minutes ago",
        "2025-05-20T14:05:00+02:00", "Just now", "Science profit workers #1",
    ])
    func asciiAndUnicodeAgree(line: String) {
        let ascii = DateText.find(in: line, now: fixedNow)
        let other = DateText.find(in: "“" + line + "” · é", now: fixedNow)
        #expect(ascii?.date == other?.date)
        #expect(ascii?.text == other?.text)
    }

    @Test("Words that are not dates are not dates")
    func notDates() {
        #expect(DateText.find(in: "May the force be with you", now: fixedNow) == nil)
        #expect(DateText.find(in: "International News", now: fixedNow) == nil)
    }

    @Test("ISO dates format and parse back")
    func isoRoundTrip() {
        let d = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(ISODate.format(d) == "2023-11-14T22:13:20Z")
        #expect(ISODate.parse(ISODate.format(d)) == d)
        #expect(ISODate.parse("not a date") == nil)
    }
}
