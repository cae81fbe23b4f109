/// The selection and scroll offset of a list: the only list math in the app.
public struct ListCursor: Equatable, Sendable {
    /// Selected row (0 when the list is empty).
    public private(set) var selected: Int = 0
    /// First visible row.
    public private(set) var offset: Int = 0

    public init(selected: Int = 0, offset: Int = 0) {
        self.selected = selected
        self.offset = offset
    }

    /// Moves the selection and scrolls just enough to keep it in view.
    public mutating func move(_ movement: Movement, count: Int, visible: Int) {
        guard count > 0 else { self = ListCursor(); return }
        let page = max(1, visible - 1)
        switch movement {
        case .up: selected -= 1
        case .down: selected += 1
        case .pageUp: selected -= page; offset -= page
        case .pageDown: selected += page; offset += page
        case .first: selected = 0
        case .last: selected = count - 1
        }
        clamp(count: count, visible: visible)
    }

    /// Selects a row and scrolls it into view.
    public mutating func select(_ row: Int, count: Int, visible: Int) {
        selected = row
        clamp(count: count, visible: visible)
    }

    /// Keeps the cursor valid after the list or the view changed size (the list may have shrunk under it).
    public mutating func clamp(count: Int, visible: Int) {
        guard count > 0 else { self = ListCursor(); return }
        let visible = max(1, visible)
        selected = min(max(selected, 0), count - 1)
        offset = min(max(offset, 0), max(0, count - visible))
        if selected < offset { offset = selected }
        if selected >= offset + visible { offset = selected - visible + 1 }
    }

    /// Rows to draw: `offset..<offset+visible`, cut at the end of the list.
    public func visibleRange(count: Int, visible: Int) -> Range<Int> {
        offset..<min(count, offset + max(0, visible))
    }
}
