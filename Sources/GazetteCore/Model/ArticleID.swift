import Foundation

/// A stable, compact article identifier: 64 bits shown as 16 lowercase hex digits.
///
/// Derived from the canonical URL when known, else from category, title and body, so
/// importing the same article twice yields the same id (and the same file).
public struct ArticleID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64

    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// Parses the 16-hex-digit form; nil for anything else.
    public init?(_ text: some StringProtocol) {
        guard text.utf8.count == 16, let value = UInt64(text, radix: 16) else { return nil }
        rawValue = value
    }

    public var description: String {
        let hex = String(rawValue, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    public static func < (lhs: ArticleID, rhs: ArticleID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The id of an article with a known URL (scheme/host case, fragment and tracking
    /// parameters do not matter).
    public static func forURL(_ url: String) -> ArticleID {
        ArticleID(rawValue: StableHash.fnv1a64("url\u{0}" + canonicalURL(url)))
    }

    /// The id of an article without a URL.
    public static func forContent(category: String, title: String, body: String) -> ArticleID {
        ArticleID(rawValue: StableHash.fnv1a64(["content", category.lowercased(), title, body]))
    }

    /// A feed item's id when the feed gives a guid.
    public static func forGUID(_ guid: String, feed: String) -> ArticleID {
        ArticleID(rawValue: StableHash.fnv1a64("guid\u{0}\(feed)\u{0}\(guid)"))
    }

    /// Lower-cases scheme and host, drops the fragment, `utm_*` parameters and a trailing slash.
    public static func canonicalURL(_ url: String) -> String {
        let trimmed = url.trimmingWhitespace()
        guard var parts = URLComponents(string: trimmed), parts.host != nil else { return trimmed }
        parts.scheme = parts.scheme?.lowercased()
        parts.host = parts.host?.lowercased()
        parts.fragment = nil
        if let items = parts.queryItems {
            let kept = items.filter { !$0.name.lowercased().hasPrefix("utm_") }
            parts.queryItems = kept.isEmpty ? nil : kept
        }
        if parts.path.count > 1, parts.path.hasSuffix("/") { parts.path.removeLast() }
        if parts.path.isEmpty { parts.path = "/" }
        return parts.string ?? trimmed
    }
}

/// FNV-1a: a fast, stable (across runs and platforms) non-cryptographic hash.
public enum StableHash {
    public static func fnv1a64(_ text: String) -> UInt64 { fnv1a64([text]) }

    /// The hash of the parts joined by NUL bytes, without building the joined string.
    public static func fnv1a64(_ parts: [String]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for (i, part) in parts.enumerated() {
            if i > 0 { hash = (hash ^ 0) &* 0x0000_0100_0000_01b3 }
            var part = part
            part.withUTF8 { buf in
                for byte in buf {
                    hash ^= UInt64(byte)
                    hash &*= 0x0000_0100_0000_01b3
                }
            }
        }
        // Final avalanche (from splitmix64) so near-identical inputs spread over all bits.
        hash ^= hash >> 30
        hash &*= 0xbf58_476d_1ce4_e5b9
        hash ^= hash >> 27
        hash &*= 0x94d0_49bb_1331_11eb
        hash ^= hash >> 31
        return hash
    }
}
