import CGazetteSupport
import CNcursesw
import Foundation
import GazetteUI

#if canImport(Glibc)
import Glibc
#endif

/// Why the terminal could not be used; Gazette prints it and exits with 2.
public struct TerminalUnavailable: Error, CustomStringConvertible {
    public var description: String
}

/// The only code that touches ncurses: set-up and restore, drawing a `Screen`, reading keys.
public final class CursesTerminal: TerminalBackend {
    private var screenPointer: OpaquePointer?
    private var ended = false
    private var colorPairs: [Style.Color: Int16] = [:]
    private let theme: Theme

    /// Checks the terminal, then starts curses. Throws, never exits, when it cannot.
    /// `theme`: colours and attributes per element; `NO_COLOR` (set and not empty, as
    /// no-color.org asks) keeps the attributes and drops the colours, as does a terminal
    /// without colours.
    public init(theme: Theme = .standard, mouse: Bool = false) throws {
        self.theme = theme
        guard gz_setup_utf8_locale() == 1 else {
            throw TerminalUnavailable(description: "no UTF-8 locale is available (set LANG, e.g. LANG=C.UTF-8)")
        }
        guard isatty(0) == 1 else { throw TerminalUnavailable(description: "standard input is not a terminal") }
        guard isatty(1) == 1 else {
            throw TerminalUnavailable(description: "standard output is not a terminal (use `gazette list` or `gazette show` in scripts)")
        }
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        guard !term.isEmpty else { throw TerminalUnavailable(description: "TERM is not set") }
        var status: Int32 = 0
        guard setupterm(term, 1, &status) == OK else {
            throw TerminalUnavailable(description: "TERM=\(term) is not a terminal type this system knows")
        }
        guard let cup = tigetstr("cup"), Int(bitPattern: cup) != -1, Int(bitPattern: cup) != 0 else {
            throw TerminalUnavailable(description: "TERM=\(term) cannot move the cursor; Gazette needs a full-screen terminal")
        }
        var reset = ""
        for cap in ["rmcup", "cnorm", "sgr0"] {
            if let seq = tigetstr(cap), Int(bitPattern: seq) != -1, Int(bitPattern: seq) != 0 {
                reset += String(cString: seq)
            }
        }
        gz_free_setupterm()
        guard let screen = newterm(nil, gz_stdout(), gz_stdin()) else {
            throw TerminalUnavailable(description: "could not start the terminal (TERM=\(term))")
        }
        screenPointer = screen
        set_term(screen)
        gz_install_crash_restore(reset)
        gz_install_signal_flags()
        cbreak()
        noecho()
        nonl()
        keypad(gz_stdscr(), true)
        intrflush(gz_stdscr(), false)
        curs_set(0)
        gz_set_escdelay(25)
        if mouse { gz_enable_mouse() }
        let noColor = !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
        if has_colors(), !noColor {
            start_color()
            use_default_colors()
            let available = Int(gz_colors())
            var next: Int16 = 1
            for element in Style.Color.allCases {
                guard let rule = theme.rule(for: element), rule.setsColor else { continue }
                // A colour the terminal does not have is its default.
                let fg = rule.foreground < available ? Int16(rule.foreground) : -1
                let bg = rule.background < available ? Int16(rule.background) : -1
                init_pair(next, fg, bg)
                colorPairs[element] = next
                next += 1
            }
        }
    }

    /// Restores the terminal. Safe to call more than once.
    public func end() {
        guard !ended else { return }
        ended = true
        curs_set(1)
        endwin()
        if let screenPointer { delscreen(screenPointer) }
        screenPointer = nil
    }

    deinit { end() }

    public func runProgram(_ arguments: [String]) -> Int32? {
        guard !arguments.isEmpty else { return nil }
        // Hand the terminal over as it was before curses, take it back after.
        def_prog_mode()
        endwin()
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        let status = argv.withUnsafeMutableBufferPointer { gz_run_program($0.baseAddress!) }
        reset_prog_mode()
        curs_set(0)
        // Whatever the program left on the screen: the next frame is drawn in full.
        clearok(gz_stdscr(), true)
        return status < 0 ? nil : status
    }

    public var size: Size {
        Size(width: Int(getmaxx(gz_stdscr())), height: Int(getmaxy(gz_stdscr())))
    }

    public func present(_ screen: Screen) {
        let win = gz_stdscr()
        let height = min(screen.height, Int(getmaxy(win)))
        let width = min(screen.width, Int(getmaxx(win)))
        var cc = cchar_t()
        for y in 0..<height {
            wmove(win, Int32(y), 0)
            var x = 0
            while x < width {
                let cell = screen[x, y]
                if cell.isContinuation { x += 1; continue }
                var scalars = cell.text.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
                // A wide glyph in the last column cannot be drawn whole: draw a space.
                let isWide = x + 1 < screen.width && screen[x + 1, y].isContinuation
                if isWide && x + 1 >= width { scalars = [wchar_t(32)] }
                scalars.append(0)
                let attrs = attributes(cell.style, rule: theme.rule(for: cell.style.color), colored: colorPairs[cell.style.color] != nil)
                let pair = colorPairs[cell.style.color] ?? 0
                scalars.withUnsafeBufferPointer { buf in
                    _ = setcchar(&cc, buf.baseAddress, attrs, pair, nil)
                }
                if y == height - 1 && x == width - 1 {
                    // Writing the bottom-right cell would scroll: insert it instead.
                    wins_wch(win, &cc)
                } else {
                    wadd_wch(win, &cc)
                }
                x += isWide ? 2 : 1
            }
        }
        wnoutrefresh(win)
        doupdate()
    }

    /// The cell's own attributes and its element's; an element given colours keeps them
    /// instead of its reverse video (a selection or the bar drawn in the user's colours).
    private func attributes(_ style: Style, rule: ColorRule?, colored: Bool) -> attr_t {
        var a = gz_A_NORMAL
        if style.bold || rule?.bold == true { a |= gz_A_BOLD }
        if style.dim || rule?.dim == true { a |= gz_A_DIM }
        if (style.reverse && !(colored && rule?.setsColor == true)) || rule?.reverse == true { a |= gz_A_REVERSE }
        if style.underline || rule?.underline == true { a |= gz_A_UNDERLINE }
        if style.italic || rule?.italic == true { a |= gz_A_ITALIC }
        if rule?.blink == true { a |= gz_A_BLINK }
        return a
    }

    public func copyToClipboard(_ text: String) -> Bool {
        // OSC 52 (clipboard "c", base64 text), after the frame so it never lands mid-drawing.
        let sequence = "\u{1B}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}"
        FileHandle.standardOutput.write(Data(sequence.utf8))
        return true
    }

    public func nextEvent(timeoutMilliseconds: Int) -> TerminalEvent? {
        let win = gz_stdscr()
        // Wake up often enough to notice a signal quickly.
        var waited = 0
        while true {
            if gz_pending_terminate_signal() != 0 { return .terminate }
            let slice = min(100, max(0, timeoutMilliseconds - waited))
            wtimeout(win, Int32(slice))
            var ch: wint_t = 0
            let result = wget_wch(win, &ch)
            if result == KEY_CODE_YES {
                if let event = functionKey(Int32(ch)) { return event }
                continue
            }
            if result == OK {
                if let key = character(UInt32(ch)) { return .key(key) }
                continue
            }
            // ERR: timeout or interrupted.
            if gz_pending_terminate_signal() != 0 { return .terminate }
            waited += slice
            if waited >= timeoutMilliseconds { return nil }
        }
    }

    private static func mouseEvent() -> TerminalEvent? {
        var x: Int32 = 0, y: Int32 = 0
        switch gz_read_mouse(&x, &y) {
        case 1: return .mouse(MouseEvent(.click, x: Int(x), y: Int(y)))
        case 2: return .mouse(MouseEvent(.doubleClick, x: Int(x), y: Int(y)))
        case 3: return .mouse(MouseEvent(.wheelUp, x: Int(x), y: Int(y)))
        case 4: return .mouse(MouseEvent(.wheelDown, x: Int(x), y: Int(y)))
        default: return nil
        }
    }

    private func functionKey(_ code: Int32) -> TerminalEvent? {
        switch code {
        case KEY_UP: .key(.up)
        case KEY_DOWN: .key(.down)
        case KEY_LEFT: .key(.left)
        case KEY_RIGHT: .key(.right)
        case KEY_PPAGE: .key(.pageUp)
        case KEY_NPAGE: .key(.pageDown)
        case KEY_HOME, KEY_A1: .key(.home)
        case KEY_END, KEY_C1: .key(.end)
        case KEY_ENTER: .key(.enter)
        case KEY_BACKSPACE: .key(.backspace)
        case KEY_BTAB: .key(.backTab)
        case KEY_RESIZE: .resize(size)
        case KEY_MOUSE: Self.mouseEvent()
        default: nil
        }
    }

    private func character(_ value: UInt32) -> Key? {
        switch value {
        case 10, 13: return .enter
        case 9: return .tab
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(value + 96)!))
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .char(Character(scalar))
        }
    }
}
