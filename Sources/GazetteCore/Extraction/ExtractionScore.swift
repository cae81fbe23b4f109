import Foundation

/// The article-extraction benchmark's metric: token 4-gram precision, recall and F1.
///
/// Tokens are maximal runs of Unicode letters, numbers and "_" (Python's `\w`); shingles are
/// token 4-grams as a multiset (a text of 1-3 tokens gives one shorter shingle). Per page,
/// true/false positives and false negatives are normalised by their sum; corpus precision and
/// recall are means over pages; F1 comes from those means.
public enum ExtractionScore {
    public struct Page: Sendable {
        public var precision: Double?
        public var recall: Double?
        public var exact: Bool
        public var f1: Double {
            guard let p = precision, let r = recall, p + r > 0 else { return 0 }
            return 2 * p * r / (p + r)
        }
    }

    public struct Corpus: Sendable {
        public var precision: Double
        public var recall: Double
        public var f1: Double
        public var accuracy: Double
    }

    /// A byline as the words it names, for comparing with Readability's: lowercased, without
    /// punctuation and without a leading credit label ("By", "Par", "Written by"), which
    /// Gazette leaves out and Readability keeps.
    public static func bylineWords(_ byline: String?) -> String {
        var words = (byline ?? "").lowercased().split { !($0.isLetter || $0.isNumber) }
        for lead in [["by"], ["par"], ["von"], ["por"], ["written", "by"]] where words.starts(with: lead.map { Substring($0) }) {
            words.removeFirst(lead.count)
            break
        }
        return words.joined(separator: " ")
    }

    public static func tokens(_ text: String) -> [Substring] {
        var out: [Substring] = []
        var start: String.Index?
        var i = text.startIndex
        for scalar in text.unicodeScalars {
            let next = text.unicodeScalars.index(after: i)
            if isWord(scalar) {
                if start == nil { start = i }
            } else if let s = start {
                out.append(text[s..<i])
                start = nil
            }
            i = next
        }
        if let s = start { out.append(text[s...]) }
        return out
    }

    static func isWord(_ s: Unicode.Scalar) -> Bool {
        if s == "_" { return true }
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    static func shingles(_ tokens: [Substring]) -> [String: Int] {
        guard !tokens.isEmpty else { return [:] }
        var out: [String: Int] = [:]
        let count = max(1, tokens.count - 3)
        for i in 0..<count {
            let key = tokens[i..<min(tokens.count, i + 4)].joined(separator: "\u{1}")
            out[key, default: 0] += 1
        }
        return out
    }

    public static func page(predicted: String, truth: String) -> Page {
        let pt = tokens(predicted), tt = tokens(truth)
        let p = shingles(pt), t = shingles(tt)
        var tp = 0.0, fp = 0.0, fn = 0.0
        for key in Set(p.keys).union(t.keys) {
            let a = Double(p[key] ?? 0), b = Double(t[key] ?? 0)
            tp += min(a, b)
            fp += max(0, a - b)
            fn += max(0, b - a)
        }
        let sum = tp + fp + fn
        if sum > 0 { tp /= sum; fp /= sum; fn /= sum }
        let precision: Double? = tp + fp > 0 ? (fp == 0 && fn == 0 ? 1 : tp / (tp + fp)) : nil
        let recall: Double? = tp + fn > 0 ? (fp == 0 && fn == 0 ? 1 : tp / (tp + fn)) : nil
        return Page(precision: precision, recall: recall, exact: pt == tt)
    }

    public static func corpus(_ pages: [Page]) -> Corpus {
        let ps = pages.compactMap(\.precision), rs = pages.compactMap(\.recall)
        let p = ps.isEmpty ? 0 : ps.reduce(0, +) / Double(ps.count)
        let r = rs.isEmpty ? 0 : rs.reduce(0, +) / Double(rs.count)
        let f1 = p + r > 0 ? 2 * p * r / (p + r) : 0
        let accuracy = pages.isEmpty ? 0 : Double(pages.filter(\.exact).count) / Double(pages.count)
        return Corpus(precision: p, recall: r, f1: f1, accuracy: accuracy)
    }
}
