/// Searches on UTF-8 bytes, for the hot paths where String's searching (through Foundation
/// on Linux) costs too much: class hints, charset labels, searching the index.
enum Bytes {
    /// Runs `body` over the string's UTF-8 bytes in place (a copy only for a bridged string):
    /// the scans of every imported text go through here, several times faster than
    /// iterating `utf8`.
    @inline(__always)
    static func withUTF8<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let r = try text.utf8.withContiguousStorageIfAvailable(body) { return r }
        var copy = text
        return try copy.withUTF8(body)
    }

    /// Whether every byte is ASCII, eight at a time.
    static func isASCII(_ buf: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = buf.baseAddress else { return true }
        let n = buf.count
        var i = 0
        while i + 8 <= n {
            if UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            i += 8
        }
        while i < n {
            if base[i] >= 0x80 { return false }
            i += 1
        }
        return true
    }

    /// Whether `needle` occurs in `haystack` (an empty needle always does).
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, needle.count <= haystack.count else { return needle.isEmpty }
        var i = 0
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first, haystack[i..<(i + needle.count)].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }
}
