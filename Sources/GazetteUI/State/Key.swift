/// A key press, independent of the terminal library.
public enum Key: Hashable, Sendable, CustomStringConvertible {
    case char(Character)
    case ctrl(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, tab, backTab, escape, backspace

    public var description: String {
        switch self {
        case .char(" "): "Space"
        case .char(let c): String(c)
        case .ctrl(let c): "Ctrl-\(c)"
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .enter: "Enter"
        case .tab: "Tab"
        case .backTab: "Shift-Tab"
        case .escape: "Esc"
        case .backspace: "Backspace"
        }
    }
}

/// A mouse event at a cell.
public struct MouseEvent: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case click, doubleClick, wheelUp, wheelDown }
    public var kind: Kind
    public var x: Int
    public var y: Int
    public init(_ kind: Kind, x: Int, y: Int) {
        self.kind = kind
        self.x = x
        self.y = y
    }
}

/// What the terminal reports to the run loop.
public enum TerminalEvent: Equatable, Sendable {
    case key(Key)
    case resize(Size)
    /// A click, double click or wheel turn at a cell (`mouse yes`).
    case mouse(MouseEvent)
    /// SIGINT, SIGTERM or SIGHUP arrived: restore the terminal and leave.
    case terminate
}
