import Foundation
import GazetteCore

/// An article as a file or a pipe gets it: plain text, or Markdown with its structure.
public enum ArticleExport {
    /// The lines under the title: folder, feed, date, author.
    static func meta(_ article: Article, now: Date, zone: TimeZone) -> String {
        var meta = [article.category]
        if let site = article.siteName, !site.isEmpty, site.lowercased() != article.category.lowercased() { meta.append(site) }
        if let published = article.published { meta.append(DateLabel.absolute(published, zone: zone)) }
        if let author = article.author, !author.isEmpty { meta.append("by \(author)") }
        return meta.joined(separator: " · ")
    }

    /// Title, meta line, link, then the text as stored (paragraphs, "[n]" references).
    public static func text(_ article: Article, now: Date, zone: TimeZone) -> String {
        var out = article.title + "\n" + meta(article, now: now, zone: zone) + "\n"
        if let url = article.url { out += url + "\n" }
        return out + "\n" + article.body + "\n"
    }

    /// Markdown: a heading, the meta line in italics, then the blocks (headings, lists with
    /// their numbers, quotes, fenced code, pipe tables, emphasis, links to their addresses).
    public static func markdown(_ article: Article, now: Date, zone: TimeZone) -> String {
        var out = "# " + escape(article.title) + "\n\n*" + escape(meta(article, now: now, zone: zone)) + "*"
        if let url = article.url { out += "  \n<" + url + ">" }
        out += "\n"
        let references = article.references
        let blocks = article.richText.blocks
        var i = 0
        while i < blocks.count {
            let block = blocks[i]
            // The references list is written as Markdown links already.
            if block.plainText.hasPrefix("Links:\n[1] ") { i += 1; continue }
            var indent = ""
            var first = ""
            for c in block.containers {
                switch c {
                case .quote: first += "> "; indent += "> "
                case .item(let marker):
                    first += (marker == "-" ? "-" : marker) + " "
                    indent += String(repeating: " ", count: marker.count + 1)
                case .itemContinued:
                    first += "   "
                    indent += "   "
                }
            }
            // A list's items follow each other without a blank line.
            let tight = i > 0 && { if case .item = block.containers.last { return true } else { return false } }()
                && blocks[i - 1].containers.contains { if case .quote = $0 { false } else { true } }
            out += tight ? "" : "\n"
            switch block.kind {
            case .heading(let level):
                out += first + String(repeating: "#", count: min(6, level + 1)) + " " + inline(block.cells.first ?? [], references) + "\n"
            case .preformatted:
                let lines = block.plainText.split(separator: "\n", omittingEmptySubsequences: false)
                let fence = block.plainText.contains("```") ? "~~~~" : "```"
                out += first + fence + "\n" + lines.map { indent + $0 }.joined(separator: "\n") + "\n" + indent + fence + "\n"
            case .rule:
                out += first + "---\n"
            case .row:
                var end = i
                while end < blocks.count, case .row = blocks[end].kind { end += 1 }
                let rows = blocks[i..<end].map { $0.cells.map { cell in inline(cell, references).replacingOccurrences(of: "|", with: "\\|") } }
                let columns = rows.map(\.count).max() ?? 1
                for (r, row) in rows.enumerated() {
                    let cells = row + Array(repeating: "", count: columns - row.count)
                    out += (r == 0 ? first : indent) + "| " + cells.joined(separator: " | ") + " |\n"
                    if r == 0 { out += indent + "|" + String(repeating: " --- |", count: columns) + "\n" }
                }
                i = end
                continue
            case .paragraph:
                let text = inline(block.cells.first ?? [], references)
                out += first + text.replacingOccurrences(of: "\n", with: "  \n" + indent) + "\n"
            }
            i += 1
        }
        return out
    }

    /// Runs as Markdown: emphasis, code, and links to their addresses (the text's "[n]"
    /// after a link is dropped: the link says where it goes).
    static func inline(_ runs: [RichText.Run], _ references: [String]) -> String {
        var out = ""
        var skipNumber: Int?
        for run in runs {
            var text = run.text
            if let n = skipNumber, text.hasPrefix(" [\(n)]") { text.removeFirst(" [\(n)]".count) }
            skipNumber = nil
            guard !text.isEmpty else { continue }
            if run.style.contains(.code) {
                out += "`" + text.replacingOccurrences(of: "`", with: "'") + "`"
                continue
            }
            // Emphasis marks must touch the words: spaces go outside them.
            let lead = String(text.prefix { $0 == " " })
            let trail = String(text.reversed().prefix { $0 == " " })
            var core = escape(String(text.dropFirst(lead.count).dropLast(trail.count)))
            if core.isEmpty { out += text; continue }
            if run.style.contains(.bold) { core = "**" + core + "**" }
            if run.style.contains(.italic) { core = "*" + core + "*" }
            if let n = run.link, references.indices.contains(n - 1), let alt = RichText.imageAlt(text, number: n) {
                // An image: Markdown's image with its alt text.
                out += "![" + escape(String(alt)) + "](" + references[n - 1].replacingOccurrences(of: ")", with: "%29") + ")"
                continue
            }
            if let n = run.link, references.indices.contains(n - 1) {
                core = "[" + core + "](" + references[n - 1].replacingOccurrences(of: ")", with: "%29") + ")"
                skipNumber = n
            }
            out += lead + core + trail
        }
        return out
    }

    /// Text with Markdown's own characters escaped.
    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            if "\\`*_[]<>#|".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }

    /// A file name for the article: its title without what file systems or shells trip on,
    /// at most 80 characters.
    public static func fileName(_ article: Article, markdown: Bool = false) -> String {
        var name = ""
        var lastDash = true
        for c in article.title {
            if c.isLetter || c.isNumber {
                name.append(c)
                lastDash = false
            } else if !lastDash {
                name.append("-")
                lastDash = true
            }
            if name.count >= 80 { break }
        }
        while name.hasSuffix("-") { name.removeLast() }
        if name.isEmpty { name = article.id.description }
        return name + (markdown ? ".md" : ".txt")
    }

    /// Where saved articles and downloads go: `download-path` from the config, else
    /// `$XDG_DOWNLOAD_DIR`, else the one named in `~/.config/user-dirs.dirs`, else ~/Downloads.
    public static func downloadFolder(configured: String?, environment: [String: String]) -> String {
        let home = environment["HOME"] ?? NSHomeDirectory()
        if let configured, !configured.isEmpty { return expandHome(configured, home: home) }
        if let xdg = environment["XDG_DOWNLOAD_DIR"], xdg.hasPrefix("/") { return xdg }
        let config = environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? home + "/.config"
        if let dirs = try? String(contentsOfFile: config + "/user-dirs.dirs", encoding: .utf8) {
            for line in dirs.split(separator: "\n") where line.hasPrefix("XDG_DOWNLOAD_DIR=") {
                let value = line.dropFirst("XDG_DOWNLOAD_DIR=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                let path = value.replacingOccurrences(of: "$HOME", with: home)
                if path.hasPrefix("/") { return path }
            }
        }
        return home + "/Downloads"
    }

    /// "~/x" as a path under the home folder.
    public static func expandHome(_ path: String, home: String) -> String {
        if path == "~" { return home }
        if path.hasPrefix("~/") { return home + path.dropFirst(1) }
        return path
    }

    /// A path as the bar shows it: the home folder as "~".
    public static func shortened(_ path: String, home: String) -> String {
        guard !home.isEmpty, home != "/", path.hasPrefix(home + "/") else { return path }
        return "~" + path.dropFirst(home.count)
    }
}
