import Foundation
import Testing
@testable import GazetteCore

/// One small page per reader-mode rule.
@Suite("Reader mode rules")
struct ExtractionRuleTests {
    let sentence = "The committee heard evidence from residents, engineers and the mayor, who all agreed the plan had merit."

    func extract(_ body: String, head: String = "") -> ArticleExtractor.Result? {
        ArticleExtractor.extract(html: Array("<html><head>\(head)</head><body>\(body)</body></html>".utf8))
    }

    func paragraphs(_ n: Int) -> String {
        (1...n).map { "<p>Paragraph \($0). \(sentence)</p>" }.joined()
    }

    @Test("A list of links inside the article is left out; a list of text is kept")
    func linkLists() throws {
        let r = try #require(extract("<div class='story'>\(paragraphs(4))<ul><li><a href='/1'>Other story one</a></li><li><a href='/2'>Other story two</a></li></ul><ul><li>Bridge length: 1.2 km, with two lanes each way</li><li>Cost: 40 million, shared with the state</li></ul></div>"))
        #expect(!r.text.contains("Other story"))
        #expect(r.text.contains("- Bridge length: 1.2 km"))
    }

    @Test("A list of links that each come with words of their own (a changelog) is text")
    func annotatedLinkList() throws {
        let items = ["Ankush Dua <a href='/b/1'>fixed an issue with revoked permissions</a> for extensions",
                     "gero <a href='/b/2'>removed the windowtype attribute</a> from dialogs we no longer need",
                     "manekenpix <a href='/b/3'>converted some DevTools code</a> to use DOM Promises"]
        let r = try #require(extract("<article>\(paragraphs(4))<ul>" + items.map { "<li>\($0)</li>" }.joined() + "</ul></article>"))
        #expect(r.text.contains("- gero removed the windowtype attribute from dialogs"))
    }

    @Test("A table-layout page: the cell holding the article is a container, so teasers beside the article stay out")
    func tableLayout() throws {
        let teasers = (1...4).map { "<div class='box'><div class='wrapper'><div>Teaser \($0): the house voted on Tuesday to recognise the anniversary, reports say.</div></div></div>" }.joined()
        let page = "<table><tr><td><a href='/'>Home</a></td><td class='single_content'><div class='inner'><div class='article_text'>\(paragraphs(5))</div><div><div class='scroller'>\(teasers)</div></div></div></td></tr></table>"
        let r = try #require(extract(page))
        #expect(r.text.contains("Paragraph 5."))
        #expect(!r.text.contains("Teaser"))
    }

    @Test("Broken markup nested deep: text after 400 unclosed blocks is kept; 100,000 levels do not crash a thread with a 2 MB stack (a quarter of the default)")
    func deepNesting() throws {
        let unclosed = (1...400).map { "<div class='x'>Item \($0), with words, commas, and more." }.joined() + "<p>The final paragraph, with commas, and words.</p>"
        let r = try #require(extract(unclosed))
        #expect(r.text.contains("Item 400,"))
        #expect(r.text.contains("The final paragraph"))
        let deep = String(repeating: "<div>", count: 100_000) + "<p>Deep text, far down, with commas.</p>"
        let done = DispatchSemaphore(value: 0)
        final class Box: @unchecked Sendable { var finished = false }
        let box = Box()
        let thread = Thread {
            _ = ArticleExtractor.extract(html: Array("<html><body>\(deep)</body></html>".utf8))
            box.finished = true
            done.signal()
        }
        thread.stackSize = 2048 * 1024
        thread.start()
        #expect(done.wait(timeout: .now() + 60) == .success)
        #expect(box.finished)
    }

    @Test("A page built by script: the story comes from its JSON-LD articleBody; a page with its text keeps it")
    func scriptBuiltPage() throws {
        let story = (1...6).map { "Paragraph \($0). \(sentence)" }.joined(separator: "\\n")
        let ld = #"<script type="application/ld+json">{"@type":"NewsArticle","headline":"Bridge","articleBody":"\#(story)"}</script>"#
        let empty = try #require(extract("<div id='root'><noscript>Please enable JavaScript.</noscript></div>", head: ld))
        #expect(empty.text.hasPrefix("Paragraph 1."))
        #expect(empty.text.contains("\n\nParagraph 6."))
        let full = try #require(extract("<article>\(paragraphs(6))<p>Only on the page, with its own words, and commas.</p></article>", head: ld))
        #expect(full.text.contains("Only on the page"))
    }

    @Test("Text lengths measured in one pass equal each element's own collapsed text, across spaces, NBSPs, comments and CJK")
    func measuredLengths() throws {
        let html = "<html><body> <div>  Lead <b>bold</b><i> </i>tail&nbsp; <!-- note --> <span>\u{00A0}x</span></div>"
            + "<p>東京 <em>都</em>\n\t</p><section><div></div><div> </div>©<br>end </section><pre>a  b</pre></body></html>"
        let doc = try #require(MarkupDocument.html(Array(html.utf8)))
        let body = try #require(doc.root?.first("body"))
        var scorer = Scorer()
        scorer.score(body)
        var checked = 0
        func walk(_ node: MarkupNode) {
            for e in node.elements {
                #expect(scorer.textLength(e) == Scorer.collapsedLength(e.text), "\(e.name): \(e.text.debugDescription)")
                checked += 1
                walk(e)
            }
        }
        walk(body)
        #expect(scorer.textLength(body) == Scorer.collapsedLength(body.text))
        #expect(checked == 11)
    }

    @Test("Hidden elements are not text")
    func hidden() throws {
        let r = try #require(extract("<article>\(paragraphs(4))<p style='display: none'>Hidden tracking text here for robots only.</p><div hidden>Also hidden text for nobody at all, really.</div><p aria-hidden='true'>Screen readers skip this line of text.</p><div class='badgetext hide hidden'><p>Badge holders post timely comments about sports.</p></div><span class='sr-only'>Opens in a new window</span></article>"))
        #expect(!r.text.contains("Badge holders"))
        #expect(!r.text.contains("Opens in a new window"))
        #expect(!r.text.contains("Hidden tracking"))
        #expect(!r.text.contains("Also hidden"))
        #expect(!r.text.contains("Screen readers"))
    }

    @Test("A page wrapped in one big form (ASP.NET) is read; a search form is not")
    func forms() throws {
        let r = try #require(extract("<form id='aspnetForm'><form class='search'><input name='q'> Search the site for anything you like</form><div class='content'>\(paragraphs(4))</div></form>"))
        #expect(r.text.contains("Paragraph 1."))
        #expect(!r.text.contains("Search the site"))
    }

    @Test("Text written straight into a container between <br>s and empty divs is found")
    func bareText() throws {
        let r = try #require(extract("<div class='menu'><a href='/'>Home</a> <a href='/a'>About</a></div><div class='body-text'>\(sentence)<div class='fake-br'></div>Second part: \(sentence)<br><div></div></div>"))
        #expect(r.text.contains("The committee heard evidence"))
        #expect(r.text.contains("Second part:"))
        #expect(!r.text.contains("About"))
    }

    @Test("Captions, credits and the headline are not body text")
    func captions() throws {
        let r = try #require(extract("<article><h1>Bridge approved</h1><figure><img src='a.jpg' alt='The river'><figcaption>The river at dawn. Photo: A. Person</figcaption></figure>\(paragraphs(3))<div class='image-credit'>Photograph by Someone Else for the agency</div></article>"))
        #expect(!r.text.contains("Bridge approved"))
        #expect(!r.text.contains("The river at dawn"))
        #expect(!r.text.contains("Photograph by"))
        #expect(r.text.hasPrefix("Paragraph 1."))
    }

    @Test("Comments and share bars beside the article are left out, even when long")
    func chrome() throws {
        let comments = (1...6).map { "<p>Comment \($0): I completely disagree with this, and here is a long reason why, with commas, many of them.</p>" }.joined()
        let r = try #require(extract("<div class='share-tools'><a href='#'>Share</a></div><article class='post'>\(paragraphs(5))</article><section class='comments-area'>\(comments)</section>"))
        #expect(r.text.contains("Paragraph 5."))
        #expect(!r.text.contains("Comment 1"))
        #expect(!r.text.contains("Share"))
    }

    @Test("Metadata from JSON-LD, and a document title without the site's name")
    func metadata() throws {
        let ld = #"<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Bridge approved at last","datePublished":"2025-05-20T14:05:00+02:00","author":[{"@type":"Person","name":"Ada Lovelace"},{"@type":"Person","name":"Grace Hopper"}]}</script>"#
        let r = try #require(extract("<article>\(paragraphs(3))</article>", head: ld))
        #expect(r.title == "Bridge approved at last")
        #expect(r.byline == "Ada Lovelace, Grace Hopper")
        #expect(r.published == ISODate.parse("2025-05-20T12:05:00Z"))
        let plain = try #require(extract("<article>\(paragraphs(3))</article>", head: "<title>Council votes on the new bridge | The Daily Planet</title>"))
        #expect(plain.title == "Council votes on the new bridge")
        let dotted = try #require(extract("<article>\(paragraphs(3))</article>", head: "<title>Outside the web: standalone WebAssembly binaries · V8</title>"))
        #expect(dotted.title == "Outside the web: standalone WebAssembly binaries")
        let byline = try #require(extract("<article><p class='byline'>By Dan Goodin - Apr 16, 2015 8:02 pm UTC</p>\(paragraphs(3))</article>"))
        #expect(byline.byline == "Dan Goodin")
        #expect(Metadata.cleanByline("Tech Industry by Steven Musil") == "Steven Musil")
        #expect(Metadata.cleanByline("James Akinaka • 8h") == "James Akinaka")
        #expect(Metadata.cleanByline("Staff, Agencies") == "Staff, Agencies")
    }

    @Test("Meta tags: property wins over name, one property can carry several names, a tag without content is skipped")
    func metaPrecedence() throws {
        let head = """
            <meta name="DC.creator" content="Name Author"><meta property="dc:creator" content="Property Author">
            <meta property="og:title twitter:title"><meta property="x:title og:title" content="The Real Title">
            """
        let r = try #require(extract("<article>\(paragraphs(3))</article>", head: head))
        #expect(r.byline == "Property Author")
        #expect(r.title == "The Real Title")
    }

    @Test("\"text\" in a class says article text as a word of its own, not inside \"context\" or in a text-center utility")
    func textWord() {
        for name in ["text", "article-text", "bodytext", "storyText", "entry_text"] { #expect(ArticleExtractor.isPositive(name), "\(name)") }
        for name in ["context-full", "subtext", "text-center", "text-muted", "text-lg-left"] { #expect(!ArticleExtractor.isPositive(name), "\(name)") }
    }

    @Test("A gallery widget's captions inside the page's marked article body stay out, however long they are")
    func galleryInMarkedBody() throws {
        let caption = "Shares in the company fell sharply, wiping out a year of gains, after the results, which disappointed analysts, came out."
        let gallery = (1...30).map { "<li><h2>\($0)/30 Market news</h2><p>\(caption)</p></li>" }.joined()
        let page = """
            <article><h1>Hotel secrets</h1><div itemprop="articleBody">\(paragraphs(4))
            <div class="dnd-widget-wrapper context-full type-gallery"><div class="full-gallery"><h2>Business news in pictures</h2><ul class="legends">\(gallery)</ul></div></div>
            <p>Closing paragraph. \(sentence)</p></div></article>
            """
        let r = try #require(extract(page))
        #expect(r.text.contains("Paragraph 1."))
        #expect(r.text.contains("Closing paragraph."))
        #expect(!r.text.contains("Shares in the company"))
        #expect(!r.text.contains("Business news in pictures"))
    }

    @Test("Several Dublin Core creators are all named, the usual way round")
    func dublinCoreCreators() throws {
        let head = #"<meta name="DC.Creator" content="Kooman, F."><meta name="DC.Creator" content="Jong, Michiel de">"#
        let r = try #require(extract("<article>\(paragraphs(3))</article>", head: head))
        #expect(r.byline == "F. Kooman, Michiel de Jong")
        let one = try #require(extract("<article>\(paragraphs(3))</article>", head: #"<meta name="DC.creator" content="Doe, Jane">"#))
        #expect(one.byline == "Doe, Jane")
    }

    @Test("JSON-LD wrapped in CDATA is read; Wikipedia-style headline vs name picks the name in the document title")
    func jsonLDWrapped() throws {
        let ld = #"<title>New Zealand - Wikipedia</title><script type="application/ld+json">//<![CDATA[ is not JSON, so: </script>"#
            + #"<script type="application/ld+json"><![CDATA[{"@type":["Article"],"name":"New Zealand","headline":"country in Oceania","author":{"@type":"Organization","name":"Contributors"}}]]></script>"#
        let r = try #require(extract("<article>\(paragraphs(3))</article>", head: ld))
        #expect(r.byline == "Contributors")
        #expect(r.title == "New Zealand")
    }

    @Test("Document bylines: sidebars and 'follow' boxes skipped, job titles and sign-in links left out")
    func documentByline() throws {
        let page = """
            <div id="authorization"><a href="/signin">Sign In</a> | <a href="/register">Sign Up</a></div>
            <ul class="follow-authors"><li class="author-follow">Famous Columnist</li></ul>
            <h1>Headline</h1>
            <div class="author"><a class="link" href="/author/jane-roe">Jane Roe</a><div class="author-title">Games Editor</div></div>
            <article>\(paragraphs(3))</article>
            """
        #expect(try #require(extract(page)).byline == "Jane Roe")
        let nested = "<div class='authorinfo'><span class='partnername'>Partner Site</span><span itemprop='author'><span itemprop='name'>Alex Perry</span></span></div><article>\(paragraphs(3))</article>"
        #expect(try #require(extract(nested)).byline == "Alex Perry")
        let two = "<p class='byline'>By <a href='/author/a'>Ann Lee</a> and <a href='/author/b'>Bo Chen</a></p><article>\(paragraphs(3))</article>"
        #expect(try #require(extract(two)).byline == "Ann Lee and Bo Chen")
        let undated = "<div class='entry-author'>Last Updated: January 7, 2025</div><article>\(paragraphs(3))</article>"
        #expect(try #require(extract(undated)).byline == nil)
        #expect(Metadata.cleanByline("Written by Rob Ewaschuk Edited by Betsy Beyer") == "Rob Ewaschuk, edited by Betsy Beyer")
        let organisation = "<div class='author_fmt'>By <a rel='author' href='/brenda-goodman'>Brenda Goodman, MA</a><br>WebMD Health News</div><article>\(paragraphs(3))</article>"
        #expect(try #require(extract(organisation)).byline == "Brenda Goodman, MA, WebMD Health News")
        #expect(Metadata.cleanByline("Par Sébastien Farcis") == "Sébastien Farcis")
        #expect(Metadata.cleanByline("Текст: Лида Буслаева") == "Лида Буслаева")
        #expect(Metadata.cleanByline("Tom Davies Associated Press Published 11:34 PM EST") == "Tom Davies Associated Press")
        #expect(Metadata.cleanByline("by Jeff Foust Monday, November 18, 2019") == "Jeff Foust")
        let joined = "<h3 class='byline'>LISA MASCARO and ERIC TUCKER<br>Associated Press</h3><article>\(paragraphs(3))</article>"
        #expect(try #require(extract(joined)).byline == "LISA MASCARO and ERIC TUCKER Associated Press")
    }

    @Test("An article split into same-class parts with figures between them is read whole; a next story with its own headline is not")
    func splitArticle() throws {
        let part = { (n: Int, first: Int) in
            "<div class='part'><section class='inner'><div class='text'>" + (first..<first + n).map { "<p>Paragraph \($0). \(sentence)</p>" }.joined() + "</div></section></div>"
        }
        let figure = "<figure><img src='a.jpg'><figcaption>A figure between the parts of the story</figcaption></figure>"
        let page = "<div class='page'><h1>The story</h1>" + part(2, 1) + figure + part(8, 3) + figure + part(3, 11) + "</div>"
        let r = try #require(extract(page))
        for n in [1, 5, 13] { #expect(r.text.contains("Paragraph \(n).")) }
        let next = "<div class='page'>" + part(8, 1) + "<div class='part'><h1>Another story</h1><div class='text'><p>Other story text. \(sentence)</p><p>More of it. \(sentence)</p></div></div></div>"
        let single = try #require(extract(next))
        #expect(single.text.contains("Paragraph 8."))
        #expect(!single.text.contains("Other story text"))
    }

    @Test("Parts of one <article> that open with an <h1> section heading are read whole; a next story's part outside it is not")
    func sectionsWithHeadings() throws {
        let part = { (heading: String, first: Int, n: Int) in
            "<div class='n p'><div class='z ab'>\(heading)" + (first..<first + n).map { "<p>Paragraph \($0). \(sentence)</p>" }.joined() + "</div></div>"
        }
        let head = "<title>Profiling Node.js in production</title>"
        let story = "<article><h1>Profiling Node.js in production</h1><section>" + part("", 1, 8) + "<hr>"
            + part("<h1>And now, profiling on demand</h1>", 9, 3) + "<hr>" + part("<h1>Before you start</h1>", 12, 2) + "</section></article>"
        let r = try #require(extract(story, head: head))
        for n in [1, 10, 13] { #expect(r.text.contains("Paragraph \(n)."), "paragraph \(n)") }
        #expect(r.text.contains("And now, profiling on demand"))
        // The same shape outside an <article>: an endless page appending the next story.
        let feed = "<main>" + part("<h1>Profiling Node.js in production</h1>", 1, 8) + part("<h1>Ten tips for Rust</h1>", 9, 3) + "</main>"
        let endless = try #require(extract(feed, head: head))
        #expect(endless.text.contains("Paragraph 8."))
        #expect(!endless.text.contains("Paragraph 9."))
    }

    @Test("Near-best blocks in separate list items are read together: the page is spread over them")
    func spreadOverItems() throws {
        let card = { (n: Int) in "<li><article><div class='c'><p>Story \(n) opens here. \(sentence)</p><p>Story \(n) goes on. \(sentence)</p></div></article></li>" }
        let r = try #require(extract("<main><ol class='highlights'>" + (1...4).map(card).joined() + "</ol></main>"))
        for n in 1...4 { #expect(r.text.contains("Story \(n) opens here."), "story \(n)") }
    }

    @Test("An <h1> that repeats the headline, or an <h2>/<h3> that is the headline, is left out; section headings are kept")
    func sectionHeadings() throws {
        let page = "<article><h1>Council approves the new bridge</h1>\(paragraphs(3))<h1>Why the vote matters</h1>\(paragraphs(3))</article>"
        let r = try #require(extract(page, head: "<title>Council approves new bridge | Daily</title>"))
        #expect(r.title == "Council approves new bridge")
        #expect(!r.text.contains("Council approves the new bridge"))
        #expect(r.text.contains("Why the vote matters"))
        // A headline set as an <h2> is left out too; an <h2> subheading is not.
        let h2 = "<div class='story'><h2>Babies who eat peanuts early may avoid allergy</h2>\(paragraphs(3))<h2>Babies and allergy: what parents can do</h2>\(paragraphs(2))</div>"
        let second = try #require(extract(h2, head: "<title>Babies Who Eat Peanuts Early May Avoid Allergy</title>"))
        #expect(!second.text.contains("may avoid allergy"))
        #expect(second.text.contains("Babies and allergy: what parents can do"))
    }

    @Test("A saved page that does not declare its charset is read in the one it uses (Shift_JIS)")
    func undeclaredCharset() throws {
        let text = "政府は来週、新しい経済対策を発表する予定です。専門家によると、物価の上昇を抑える効果が期待されています。"
        let html = "<html><head><title>経済対策</title></head><body><article>" + String(repeating: "<p>\(text)</p>", count: 4) + "</article></body></html>"
        let bytes = try #require(CharsetDetector.convert(Array(html.utf8), from: "UTF-8", to: "SHIFT_JIS"))
        let r = try #require(ArticleExtractor.extract(html: bytes))
        #expect(r.title == "経済対策")
        #expect(r.text.contains(text))
    }

    @Test("A related-posts block whose class also says 'post' is chrome; a link with a 'textTag' class inside a sentence is text")
    func compoundClasses() throws {
        let related = "<div class='jp-relatedposts'><div class='jp-relatedposts-post'><h4>Another story entirely</h4><p class='jp-relatedposts-post-excerpt'>An excerpt of another story, with commas, clauses, and enough words to look like a paragraph.</p></div></div>"
        let page = "<article class='entry'><div class='entry-content'>\(paragraphs(4))<p>Crews worked on <a class='textTag' href='/tags/space'>space travel</a> all week, officials said.</p>\(related)</div></article>"
        let r = try #require(extract(page))
        #expect(!r.text.contains("Another story entirely"))
        #expect(!r.text.contains("An excerpt of another story"))
        #expect(r.text.contains("Crews worked on space travel all week"))
    }

    @Test("Direction from the article's nearest ancestor that declares it; site name from JSON-LD's publisher; JSON-LD's publication date over a meta tag's")
    func directionSiteAndDate() throws {
        let arabic = (1...3).map { "<p>فقرة \($0). وافق المجلس على خطة الجسر الجديد بعد نقاش طويل، وقال الرئيس إن العمل سيبدأ قريبا.</p>" }.joined()
        let head = #"<meta property="og:site_name" content="Daily Planet - All the news"><meta property="article:published_time" content="2024-12-07 12:43:39 -0400">"#
            + #"<script type="application/ld+json">{"@type":"NewsArticle","headline":"H","datePublished":"2024-12-06T22:00:40Z","publisher":{"@type":"Organization","name":"Daily Planet"}}</script>"#
        let r = try #require(extract("<header>Menu</header><main dir='rtl'><article>\(arabic)</article></main>", head: head))
        #expect(r.direction == "rtl")
        #expect(r.siteName == "Daily Planet")
        #expect(r.published == ISODate.parse("2024-12-06T22:00:40Z"))
        #expect(ISODate.parse("2015-07-10 09:53:00 -0400") == ISODate.parse("2015-07-10T13:53:00Z"))
    }

    @Test("Split parts whose classes differ after an article-ish first name are read whole; layout names like 'wrapper' are not enough")
    func splitPartsByFirstClass() throws {
        let part = { (cls: String, n: Int, first: Int) in
            "<div class='\(cls)'><div class='inner'>" + (first..<first + n).map { "<p>Paragraph \($0). \(sentence)</p>" }.joined() + "</div></div>"
        }
        let page = "<div class='page'>" + part("articleBodyText version-2 section", 3, 1) + "<figure><img src='a.jpg'></figure>"
            + part("articleBodyText section", 8, 4) + "</div>"
        let r = try #require(extract(page))
        #expect(r.text.contains("Paragraph 1."))
        #expect(r.text.contains("Paragraph 11."))
        #expect(!Scorer.sameKind("wrapper", "wrapper wrapper--reverse"))
        #expect(!Scorer.sameKind("col-xs-12", "col-xs-12 col-md-8"))
        #expect(Scorer.sameKind("articleBodyText section", "articleBodyText version-2 section"))
    }

    @Test("An embedded post quoted in the story (a tweet in a social-media-embed box) is kept as a quote; a share bar is not")
    func embeddedQuote() throws {
        let tweet = "<div class='social-media-embed'><blockquote class='twitter-tweet'><p>Yes this is real and the state spent half a million dollars on it.</p>— A Reader (@reader) November 18, 2019</blockquote></div>"
        let share = "<div class='social-share'><a href='/s/fb'>Share on Facebook</a> <a href='/s/tw'>Share on Twitter</a></div>"
        let r = try #require(extract("<article><div class='entry-content'>\(paragraphs(3))\(tweet)\(share)\(paragraphs(2))</div></article>"))
        #expect(r.text.contains("> Yes this is real and the state spent half a million dollars on it."))
        #expect(!r.text.contains("Share on Facebook"))
    }

    @Test("Images' alt text is left out of an article, and kept as the text of a page that is mostly pictures")
    func imageDescriptions() throws {
        let article = try #require(extract("<article>\(paragraphs(3))<img src='a.jpg' alt='The council chamber during the vote'>\(paragraphs(2))</article>"))
        #expect(!article.text.contains("council chamber during the vote"))
        let photos = (1...4).map { "<p><img src='\($0).jpg' alt='Photo \($0): the new bridge at dawn, seen from the east bank'></p>" }.joined()
        let gallery = try #require(extract("<article><p>Our trip.</p>\(photos)</article>"))
        #expect(gallery.text.contains("[Photo 2: the new bridge at dawn, seen from the east bank]"))
    }
}
