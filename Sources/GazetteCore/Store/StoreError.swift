import Foundation

/// A store failure that names the operation, the path and the cause, for people.
public struct StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    public var operation: String
    public var path: String
    public var reason: String

    public init(_ operation: String, path: String, reason: String) {
        self.operation = operation
        self.path = path
        self.reason = reason
    }

    /// From the current `errno`.
    public static func system(_ operation: String, path: String, errno code: Int32 = errno) -> StoreError {
        StoreError(operation, path: path, reason: String(cString: strerror(code)))
    }

    /// "Could not rename tmp/x.json to articles/...: No space left on device"
    public var description: String { "Could not \(operation) \(path): \(reason)" }
    public var userMessage: String { description }
}

/// A file the store could not use, reported without stopping the rest.
public struct StoreProblem: Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
    public var description: String { "\(path): \(reason)" }
}
