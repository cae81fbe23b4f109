/// Everything an article points to: its own link, the numbered references of its text
/// (links and images) and its attachments (a podcast's audio, a video).
public struct ArticleLink: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case article, link, image, attachment }
    public var kind: Kind
    /// Its number in the text ("[3]"), for references.
    public var number: Int?
    public var url: String
    /// What the text calls it (the link's words, the image's alt text), or what an
    /// attachment is ("audio/mpeg, 12.3 MB").
    public var label: String

    public init(kind: Kind, number: Int? = nil, url: String, label: String) {
        self.kind = kind
        self.number = number
        self.url = url
        self.label = label
    }
}

extension Article {
    /// The article's links in the order a reader meets them: its own link, the references,
    /// then the attachments.
    public var links: [ArticleLink] {
        var out: [ArticleLink] = []
        if let url, !url.isEmpty { out.append(ArticleLink(kind: .article, url: url, label: "This article")) }
        let references = references
        if !references.isEmpty {
            // The words of each link and the alt text of each image, from the rich text.
            var words: [Int: String] = [:]
            var images: Set<Int> = []
            for block in richText.blocks {
                for cell in block.cells {
                    for run in cell {
                        guard let n = run.link else { continue }
                        if let alt = RichText.imageAlt(run.text, number: n) {
                            images.insert(n)
                            words[n] = words[n] ?? String(alt)
                        } else {
                            words[n, default: ""] += run.text
                        }
                    }
                }
            }
            // A plain body says "[image 3: alt]" too.
            if images.isEmpty, body.contains("[image ") {
                // "[image 1]" or "[image 1: alt]", never the start of "[image 12]".
                for n in references.indices where body.contains("[image \(n + 1)]") || body.contains("[image \(n + 1): ") {
                    images.insert(n + 1)
                }
            }
            for (i, url) in references.enumerated() {
                let n = i + 1
                let label = (words[n] ?? "").split(whereSeparator: \.isWhitespace).joined(separator: " ")
                out.append(ArticleLink(kind: images.contains(n) ? .image : .link, number: n, url: url, label: label))
            }
        }
        out += attachments
        return out
    }

    /// The attachments' "Attachment: URL (type, size)" lines of the text.
    public var attachments: [ArticleLink] {
        guard body.contains("Attachment: ") else { return [] }
        var out: [ArticleLink] = []
        for line in body.split(separator: "\n") where line.hasPrefix("Attachment: ") {
            let rest = line.dropFirst("Attachment: ".count)
            let url = rest.prefix { $0 != " " }
            var about = rest.dropFirst(url.count).trimmingCharacters(in: .whitespaces)
            if about.hasPrefix("("), about.hasSuffix(")") { about = String(about.dropFirst().dropLast()) }
            guard !url.isEmpty else { continue }
            out.append(ArticleLink(kind: .attachment, url: String(url), label: about))
        }
        return out
    }
}
