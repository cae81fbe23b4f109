/// Colours and attributes per screen element (`color ELEMENT FG BG [ATTR…]`).
public struct ColorRule: Sendable, Equatable {
    /// -1: the terminal's default; 0-255 otherwise (0-7: black red green yellow blue magenta cyan white).
    public var foreground: Int = -1
    public var background: Int = -1
    public var bold = false, underline = false, reverse = false, dim = false, italic = false, blink = false

    public init(foreground: Int = -1, background: Int = -1) {
        self.foreground = foreground
        self.background = background
    }

    /// True when the rule chooses a colour (then the element's own reverse video is dropped:
    /// the colours say what a selection or the bar looks like).
    public var setsColor: Bool { foreground >= 0 || background >= 0 }

    static let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// "default", a name, "colorN" (0-255) or a plain number.
    public static func color(named text: String) -> Int? {
        let t = text.lowercased()
        if t == "default" { return -1 }
        if let i = names.firstIndex(of: t) { return i }
        let digits = t.hasPrefix("color") ? String(t.dropFirst(5)) : t
        if let n = Int(digits), (0...255).contains(n), !digits.isEmpty { return n }
        return nil
    }
}

public struct Theme: Sendable, Equatable {
    public var rules: [Style.Color: ColorRule]

    /// Gazette's look: headers cyan, stars yellow, errors red, code green; the rest the terminal's colours.
    public static let standard = Theme(rules: [
        .accent: ColorRule(foreground: 6), .star: ColorRule(foreground: 3), .error: ColorRule(foreground: 1),
        .code: ColorRule(foreground: 2),
    ])

    /// The element's rule, or its fallback's (`folders` and `articles` take `listnormal`'s).
    public func rule(for element: Style.Color) -> ColorRule? {
        rules[element] ?? element.fallback.flatMap { rules[$0] }
    }

    /// Parses `color ELEMENT FG BG [ATTR…]`'s arguments into the theme; returns what is wrong.
    mutating func apply(_ args: [String]) -> String? {
        guard args.count >= 3 else { return "color takes ELEMENT FOREGROUND BACKGROUND [ATTRIBUTE…]" }
        guard let element = Style.Color(configName: args[0]) else {
            return "unknown element \"\(args[0])\" (the elements: \(Style.Color.allCases.map(\.configName).joined(separator: ", ")))"
        }
        guard let fg = ColorRule.color(named: args[1]) else { return "unknown colour \"\(args[1])\" (default, black, red, green, yellow, blue, magenta, cyan, white, color0-color255)" }
        guard let bg = ColorRule.color(named: args[2]) else { return "unknown colour \"\(args[2])\"" }
        var rule = ColorRule(foreground: fg, background: bg)
        for attribute in args.dropFirst(3) {
            switch attribute.lowercased() {
            case "bold": rule.bold = true
            case "underline": rule.underline = true
            case "reverse", "standout": rule.reverse = true
            case "dim": rule.dim = true
            case "italic": rule.italic = true
            case "blink": rule.blink = true
            case "protect", "invis": break  // newsboat accepts them; they mean nothing on a reader's screen
            default: return "unknown attribute \"\(attribute)\" (bold, underline, reverse, standout, dim, italic, blink)"
            }
        }
        rules[element] = rule
        return nil
    }
}
