import CGazetteXML
import Foundation

/// A parsed XML or HTML document (libxml2 underneath), freed with the last reference.
final class MarkupDocument {
    let pointer: OpaquePointer
    /// False when the XML parser had to recover from an error (feedparser's "bozo").
    let wellFormed: Bool

    private init(pointer: OpaquePointer, wellFormed: Bool) {
        self.pointer = pointer
        self.wellFormed = wellFormed
    }

    deinit { gz_xml_doc_free(pointer) }

    /// Parses XML leniently; nil only when nothing at all could be read.
    static func xml(_ bytes: [UInt8], url: String? = nil, encoding: String? = nil) -> MarkupDocument? {
        var wellFormed: Int32 = 0
        let doc = bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                gz_xml_parse($0, Int32(buf.count), url, encoding, &wellFormed)
            }
        }
        guard let doc else { return nil }
        return MarkupDocument(pointer: doc, wellFormed: wellFormed != 0)
    }

    static func html(_ bytes: [UInt8], url: String? = nil, encoding: String? = "UTF-8") -> MarkupDocument? {
        guard !bytes.isEmpty else { return nil }
        let doc = bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                gz_html_parse($0, Int32(buf.count), url, encoding)
            }
        }
        guard let doc else { return nil }
        return MarkupDocument(pointer: doc, wellFormed: true)
    }

    var root: MarkupNode? {
        gz_xml_root(pointer).map { MarkupNode(pointer: $0, document: self) }
    }

    var encoding: String? { gz_xml_doc_encoding(pointer).map { String(cString: $0) } }
}

/// A node of a `MarkupDocument` (keeps its document alive).
struct MarkupNode {
    /// How deep the recursive walks over a document go: past what real pages nest (broken
    /// markup with hundreds of unclosed blocks included), short of what a small thread
    /// stack holds. Deeper content is left out, never a crash.
    static let maxDepth = 512

    let pointer: OpaquePointer
    let document: MarkupDocument

    var isElement: Bool { gz_xml_node_type(pointer) == GZ_NODE_ELEMENT }
    var isText: Bool {
        let t = gz_xml_node_type(pointer)
        return t == GZ_NODE_TEXT || t == GZ_NODE_CDATA
    }

    /// Lower-cased local name.
    var name: String { gz_xml_node_name(pointer).map { String(cString: $0).lowercased() } ?? "" }
    var namespace: String? { gz_xml_node_namespace(pointer).map { String(cString: $0) } }

    var children: [MarkupNode] {
        var out: [MarkupNode] = []
        var child = gz_xml_first_child(pointer)
        while let c = child {
            out.append(MarkupNode(pointer: c, document: document))
            child = gz_xml_next_sibling(c)
        }
        return out
    }

    var elements: [MarkupNode] { children.filter(\.isElement) }

    /// The text of a text node itself.
    var rawText: String { gz_xml_node_raw_text(pointer).map { String(cString: $0) } ?? "" }

    /// All text inside, concatenated.
    var text: String { take(gz_xml_node_text(pointer)) ?? "" }

    func attribute(_ name: String) -> String? { take(gz_xml_attribute(pointer, name)) }

    /// The base URI in effect here (xml:base, else the document URL).
    var base: String? { take(gz_xml_node_base(document.pointer, pointer)) }

    var innerMarkup: String { take(gz_xml_inner_markup(document.pointer, pointer)) ?? "" }

    /// The first child element with a (lower-case) name, walking the C list without allocating.
    func first(_ name: String) -> MarkupNode? {
        var child = gz_xml_first_child(pointer)
        while let c = child {
            if gz_xml_node_type(c) == GZ_NODE_ELEMENT, let raw = gz_xml_node_name(c), Self.equalsLowercased(raw, name) {
                return MarkupNode(pointer: c, document: document)
            }
            child = gz_xml_next_sibling(c)
        }
        return nil
    }

    func all(_ name: String) -> [MarkupNode] {
        var out: [MarkupNode] = []
        var child = gz_xml_first_child(pointer)
        while let c = child {
            if gz_xml_node_type(c) == GZ_NODE_ELEMENT, let raw = gz_xml_node_name(c), Self.equalsLowercased(raw, name) {
                out.append(MarkupNode(pointer: c, document: document))
            }
            child = gz_xml_next_sibling(c)
        }
        return out
    }

    /// Compares a C string, ASCII-case-insensitively, with a lower-case Swift string.
    private static func equalsLowercased(_ raw: UnsafePointer<CChar>, _ name: String) -> Bool {
        var i = 0
        for b in name.utf8 {
            var c = UInt8(bitPattern: raw[i])
            if c >= 65 && c <= 90 { c += 32 }
            if c != b { return false }
            i += 1
        }
        return raw[i] == 0
    }

    /// Every descendant element with a name, in document order.
    func descendants(_ name: String) -> [MarkupNode] {
        var out: [MarkupNode] = []
        func walk(_ node: MarkupNode, depth: Int) {
            guard depth < Self.maxDepth else { return }
            for e in node.elements {
                if e.name == name { out.append(e) }
                walk(e, depth: depth + 1)
            }
        }
        walk(self, depth: 0)
        return out
    }

    /// Depth-first search for the first element with a name.
    func descendant(_ name: String, depth: Int = 0) -> MarkupNode? {
        guard depth < Self.maxDepth else { return nil }
        for e in elements {
            if e.name == name { return e }
            if let d = e.descendant(name, depth: depth + 1) { return d }
        }
        return nil
    }
}

/// Resolves a (possibly relative) URL against a base; the reference itself when it cannot.
func resolveURL(_ reference: String, base: String?) -> String {
    let reference = withoutInvisibles(reference)
    guard let base, !base.isEmpty else { return reference }
    // libxml2 resolves URIs, not IRIs: non-ASCII characters are escaped for it and shown
    // again as written afterwards ("À", not "%C3%80").
    let iri = reference.utf8.contains(where: { $0 >= 0x80 })
    let escaped = iri ? reference.utf8.map { $0 >= 0x80 ? String(format: "%%%02X", $0) : String(UnicodeScalar($0)) }.joined() : reference
    guard let resolved = take(gz_xml_resolve(escaped, base)) else { return reference }
    return iri ? decodingNonASCIIEscapes(resolved) : resolved
}

/// A link without the invisible characters pages leave in them (`href="\u{200B}https://…"`
/// made a relative link no browser could follow): zero-width spaces and joiners, word
/// joiners, byte-order marks, soft hyphens. They are never part of an address one can see.
func withoutInvisibles(_ reference: String) -> String {
    func invisible(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x200B...0x200D, 0x2060, 0xFEFF, 0x00AD: true
        default: false
        }
    }
    // Each of them starts with C2, E2 or EF in UTF-8: most links have none of those bytes.
    guard reference.utf8.contains(where: { $0 == 0xC2 || $0 == 0xE2 || $0 == 0xEF }),
          reference.unicodeScalars.contains(where: invisible) else { return reference }
    return String(String.UnicodeScalarView(reference.unicodeScalars.filter { !invisible($0) }))
}

/// "%C3%80" -> "À": percent-escapes of well-formed UTF-8 above ASCII are decoded; ASCII
/// escapes ("%20", "%2F") stay, since they may be meaningful.
func decodingNonASCIIEscapes(_ url: String) -> String {
    var bytes: [UInt8] = []
    let utf8 = Array(url.utf8)
    var i = 0
    while i < utf8.count {
        if utf8[i] == UInt8(ascii: "%"), i + 2 < utf8.count,
           let value = UInt8(String(decoding: utf8[(i + 1)...(i + 2)], as: UTF8.self), radix: 16), value >= 0x80 {
            bytes.append(value)
            i += 3
        } else {
            bytes.append(utf8[i])
            i += 1
        }
    }
    return TextDecoding.isValidUTF8(bytes) ? String(decoding: bytes, as: UTF8.self) : url
}

/// Copies and frees a string libxml2 handed over.
private func take(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
    guard let pointer else { return nil }
    defer { gz_xml_free(pointer) }
    return String(cString: pointer)
}
