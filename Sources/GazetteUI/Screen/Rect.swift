/// A rectangle of cells. Layout splits rectangles; views never compute coordinates themselves.
public struct Rect: Equatable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public func contains(x px: Int, y py: Int) -> Bool { px >= x && px < x + width && py >= y && py < y + height }

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public enum Axis { case horizontal, vertical }

    public var isEmpty: Bool { width == 0 || height == 0 }

    /// Splits off `leading` cells from the start (left or top); the rest is the second part.
    public func split(_ axis: Axis, leading: Int) -> (Rect, Rect) {
        switch axis {
        case .horizontal:
            let a = min(max(leading, 0), width)
            return (Rect(x: x, y: y, width: a, height: height), Rect(x: x + a, y: y, width: width - a, height: height))
        case .vertical:
            let a = min(max(leading, 0), height)
            return (Rect(x: x, y: y, width: width, height: a), Rect(x: x, y: y + a, width: width, height: height - a))
        }
    }

    /// Splits off `trailing` cells from the end (right or bottom).
    public func split(_ axis: Axis, trailing: Int) -> (Rect, Rect) {
        split(axis, leading: (axis == .horizontal ? width : height) - trailing)
    }

    /// The rectangle shrunk by `dx` cells on the left and right and `dy` on the top and bottom.
    public func inset(dx: Int = 0, dy: Int = 0) -> Rect {
        Rect(x: x + dx, y: y + dy, width: width - 2 * dx, height: height - 2 * dy)
    }

    /// A centred column at most `maxWidth` wide.
    public func centered(maxWidth: Int) -> Rect {
        let w = min(width, maxWidth)
        return Rect(x: x + (width - w) / 2, y: y, width: w, height: height)
    }

    public func row(_ i: Int) -> Rect { Rect(x: x, y: y + i, width: width, height: 1) }
}

public struct Size: Equatable, Sendable {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
}
