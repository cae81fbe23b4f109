import Foundation

extension Article {
    /// The article file's bytes: pretty-printed JSON with sorted keys, written by hand because
    /// JSONEncoder is the slowest step of an import. `Article(jsonBytes:)` / JSONDecoder read it.
    public func jsonBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(body.utf8.count + title.utf8.count + 400)
        var first = true
        func key(_ name: String) {
            out.append(contentsOf: first ? Array("{\n  \"".utf8) : Array(",\n  \"".utf8))
            first = false
            out.append(contentsOf: name.utf8)
            out.append(contentsOf: "\" : ".utf8)
        }
        func field(_ name: String, _ value: String?, omitNil: Bool = false) {
            if value == nil && omitNil { return }
            key(name)
            if let value { Self.appendJSONString(value, to: &out) } else { out.append(contentsOf: "null".utf8) }
        }
        field("author", author)
        field("body", body)
        field("category", category)
        field("feedSummary", feedSummary, omitNil: true)
        field("id", id.description)
        field("importedAt", ISODate.format(importedAt))
        field("language", language, omitNil: true)
        field("published", published.map(ISODate.format))
        field("publishedText", publishedText, omitNil: true)
        field("rich", rich, omitNil: true)
        field("siteName", siteName, omitNil: true)
        field("source", source, omitNil: true)
        field("title", title)
        field("url", url)
        out.append(contentsOf: "\n}\n".utf8)
        return out
    }

    static func appendJSONString(_ s: String, to out: inout [UInt8]) {
        out.append(34)
        var s = s
        s.withUTF8 { buf in
            var runStart = 0
            for i in 0..<buf.count {
                let b = buf[i]
                guard b < 32 || b == 34 || b == 92 else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[runStart..<i]))
                switch b {
                case 34: out.append(contentsOf: [92, 34])
                case 92: out.append(contentsOf: [92, 92])
                case 10: out.append(contentsOf: [92, 110])
                case 13: out.append(contentsOf: [92, 114])
                case 9: out.append(contentsOf: [92, 116])
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [92, 117, 48, 48, hex[Int(b >> 4)], hex[Int(b & 15)]])
                }
                runStart = i + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[runStart..<buf.count]))
        }
        out.append(34)
    }
}
