import Foundation

/// A tiny evaluator for the Python expressions in feedparser's test files ("Expect:" lines):
/// `not bozo and entries[0]['title'] == u'Example'`. Enough of Python for those lines:
/// and/or/not, ==/!=, `is`, `in`, len(), subscripts, attributes, string/number/tuple literals
/// and `+`. Looking up a key Gazette does not model throws `.unsupported`.
indirect enum PyValue: Equatable, CustomStringConvertible {
    case none
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([PyValue])
    case dict([String: PyValue])

    var truthy: Bool {
        switch self {
        case .none: false
        case .bool(let b): b
        case .int(let i): i != 0
        case .double(let d): d != 0
        case .string(let s): !s.isEmpty
        case .list(let l): !l.isEmpty
        case .dict(let d): !d.isEmpty
        }
    }

    var description: String {
        switch self {
        case .none: "None"
        case .bool(let b): b ? "True" : "False"
        case .int(let i): "\(i)"
        case .double(let d): "\(d)"
        case .string(let s): "'\(s)'"
        case .list(let l): "(" + l.map(\.description).joined(separator: ", ") + ")"
        case .dict(let d): "{" + d.keys.sorted().joined(separator: ", ") + "}"
        }
    }
}

enum PyError: Error, Equatable {
    case syntax(String)
    case unsupported(String)
}

struct PyExpr {
    var tokens: [String] = []
    var pos = 0
    /// Compares two strings (Gazette compares HTML by its text).
    var stringsEqual: (String, String) -> Bool
    var environment: [String: PyValue]

    init(_ source: String, environment: [String: PyValue], stringsEqual: @escaping (String, String) -> Bool) throws {
        self.environment = environment
        self.stringsEqual = stringsEqual
        tokens = try Self.tokenize(source)
    }

    static func tokenize(_ s: String) throws -> [String] {
        var out: [String] = []
        let chars = Array(s)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            // String literal, with optional u/r/b prefix.
            var j = i
            var raw = false
            while j < chars.count, "urbURB".contains(chars[j]), j + 1 < chars.count, "urbURB'\"".contains(chars[j + 1]) {
                if chars[j] == "r" || chars[j] == "R" { raw = true }
                j += 1
            }
            if j < chars.count, chars[j] == "'" || chars[j] == "\"" {
                let quote = chars[j]
                var k = j + 1
                var value = ""
                while k < chars.count, chars[k] != quote {
                    if chars[k] == "\\", !raw, k + 1 < chars.count {
                        k += 1
                        switch chars[k] {
                        case "n": value.append("\n")
                        case "t": value.append("\t")
                        case "r": value.append("\r")
                        case "u", "x", "U":
                            let n = chars[k] == "u" ? 4 : (chars[k] == "x" ? 2 : 8)
                            let hex = String(chars[(k + 1)..<min(chars.count, k + 1 + n)])
                            if let v = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(v) { value.unicodeScalars.append(scalar) }
                            k += n
                        default: value.append(chars[k])
                        }
                    } else {
                        value.append(chars[k])
                    }
                    k += 1
                }
                out.append("\u{1}" + value)
                i = k + 1
                continue
            }
            if c.isNumber || (c == "-" && i + 1 < chars.count && chars[i + 1].isNumber && (out.last.map { ["(", ",", "==", "["].contains($0) } ?? true)) {
                var k = i + 1
                while k < chars.count, chars[k].isNumber || chars[k] == "." { k += 1 }
                out.append(String(chars[i..<k]))
                i = k
                continue
            }
            if c.isLetter || c == "_" {
                var k = i
                while k < chars.count, chars[k].isLetter || chars[k].isNumber || chars[k] == "_" { k += 1 }
                out.append(String(chars[i..<k]))
                i = k
                continue
            }
            if i + 1 < chars.count, ["==", "!=", "<=", ">="].contains(String(chars[i...(i + 1)])) {
                out.append(String(chars[i...(i + 1)]))
                i += 2
                continue
            }
            out.append(String(c))
            i += 1
        }
        return out
    }

    mutating func evaluate() throws -> Bool {
        let v = try orExpr()
        guard pos == tokens.count else { throw PyError.syntax("trailing \(tokens[pos...].joined(separator: " "))") }
        return v.truthy
    }

    private var peek: String? { pos < tokens.count ? tokens[pos] : nil }
    private mutating func next() -> String? { defer { pos += 1 }; return peek }
    private mutating func expect(_ t: String) throws { guard next() == t else { throw PyError.syntax("expected \(t)") } }

    private mutating func orExpr() throws -> PyValue {
        var v = try andExpr()
        while peek == "or" { pos += 1; let r = try andExpr(); v = .bool(v.truthy || r.truthy) }
        return v
    }

    private mutating func andExpr() throws -> PyValue {
        var v = try notExpr()
        while peek == "and" {
            pos += 1
            let r = try notExpr()
            v = .bool(v.truthy && r.truthy)
        }
        return v
    }

    private mutating func notExpr() throws -> PyValue {
        if peek == "not" { pos += 1; return .bool(!(try notExpr()).truthy) }
        return try comparison()
    }

    private mutating func comparison() throws -> PyValue {
        var left = try sum()
        var result = true
        var compared = false
        while let op = peek, ["==", "!=", "is", "in"].contains(op) {
            pos += 1
            var negate = false
            if op == "is", peek == "not" { pos += 1; negate = true }
            let right = try sum()
            let ok: Bool
            switch op {
            case "in":
                if case .string(let hay) = right, case .string(let needle) = left { ok = hay.contains(needle) }
                else if case .list(let l) = right { ok = l.contains(left) }
                else if case .dict(let d) = right, case .string(let k) = left { ok = d[k] != nil }
                else { ok = false }
            default:
                ok = equal(left, right) != (op == "!=" || negate)
            }
            result = result && ok
            compared = true
            left = right
        }
        return compared ? .bool(result) : left
    }

    func equal(_ a: PyValue, _ b: PyValue) -> Bool {
        switch (a, b) {
        case let (.string(x), .string(y)): return stringsEqual(x, y)
        case let (.int(x), .double(y)), let (.double(y), .int(x)): return Double(x) == y
        case let (.list(x), .list(y)): return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        default: return a == b
        }
    }

    private mutating func sum() throws -> PyValue {
        var v = try postfix()
        while peek == "+" {
            pos += 1
            let r = try postfix()
            if case .string(let a) = v, case .string(let b) = r { v = .string(a + b) } else { throw PyError.syntax("+") }
        }
        return v
    }

    private mutating func postfix() throws -> PyValue {
        var v = try atom()
        while let t = peek {
            if t == "[" {
                pos += 1
                let key = try orExpr()
                try expect("]")
                v = try subscriptValue(v, key)
            } else if t == ".", pos + 1 < tokens.count {
                pos += 1
                let name = next() ?? ""
                v = try subscriptValue(v, .string(name))
            } else {
                break
            }
        }
        return v
    }

    private func subscriptValue(_ v: PyValue, _ key: PyValue) throws -> PyValue {
        switch (v, key) {
        case let (.list(l), .int(i)):
            guard i >= 0, i < l.count else { throw PyError.unsupported("index \(i) of \(l.count)") }
            return l[i]
        case let (.dict(d), .string(k)):
            guard let value = d[k] else { throw PyError.unsupported("key '\(k)'") }
            return value
        default:
            throw PyError.unsupported("subscript \(key) of \(v)")
        }
    }

    private mutating func atom() throws -> PyValue {
        guard let t = next() else { throw PyError.syntax("unexpected end") }
        if t.hasPrefix("\u{1}") { return .string(String(t.dropFirst())) }
        if let i = Int(t) { return .int(i) }
        if let d = Double(t) { return .double(d) }
        switch t {
        case "None": return .none
        case "True": return .bool(true)
        case "False": return .bool(false)
        case "(":
            if peek == ")" { pos += 1; return .list([]) }
            var items = [try orExpr()]
            var isTuple = false
            while peek == "," {
                pos += 1
                isTuple = true
                if peek == ")" { break }
                items.append(try orExpr())
            }
            try expect(")")
            return isTuple ? .list(items) : items[0]
        case "len":
            try expect("(")
            let v = try orExpr()
            try expect(")")
            switch v {
            case .string(let s): return .int(s.count)
            case .list(let l): return .int(l.count)
            case .dict(let d): return .int(d.count)
            default: throw PyError.unsupported("len")
            }
        case "{", "[":
            throw PyError.unsupported("literal \(t)")
        default:
            guard let v = environment[t] else { throw PyError.unsupported("name \(t)") }
            return v
        }
    }
}
