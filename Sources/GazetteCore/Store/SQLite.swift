import CSQLite
import Foundation

/// A SQLite database through the system's library: newsboat's `cache.db` (read-only) and
/// Gazette's own full-text index (`SearchIndex`).
public final class SQLiteDatabase {
    private var handle: OpaquePointer?

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    public init(readOnly path: String) throws {
        // Read-only, and no journal or WAL file is created beside the user's cache.
        try open(path, flags: SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX)
    }

    /// Opens (creating) a database for reading and writing.
    public init(readWrite path: String) throws {
        try open(path, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX)
    }

    private func open(_ path: String, flags: Int32) throws {
        guard sqlite3_open_v2(path, &handle, flags, nil) == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            handle = nil
            throw Failure(description: message)
        }
        sqlite3_busy_timeout(handle, 2000)
    }

    deinit { sqlite3_close(handle) }

    /// Stops the statement running on this connection (from any thread): it fails with
    /// "interrupted". Nothing happens when none is running.
    public func interrupt() { sqlite3_interrupt(handle) }

    /// Runs statements that return nothing.
    public func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &error) == SQLITE_OK else {
            let message = error.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(error)
            throw Failure(description: message)
        }
    }

    /// A value bound to a `?` of a statement.
    public enum Value {
        case int(Int64)
        case text(String)
        case null
    }

    /// Runs a query with bound values and hands each row to `row`.
    public func query(_ sql: String, _ values: [Value] = [], row: (Row) throws -> Void) throws {
        let statement = try prepare(sql)
        defer { sqlite3_finalize(statement) }
        try bind(values, to: statement)
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { return }
            guard rc == SQLITE_ROW else { throw Failure(description: String(cString: sqlite3_errmsg(handle))) }
            try row(Row(statement: statement))
        }
    }

    /// The first column of every row, as integers (a search's matches: no row value per row).
    public func integers(_ sql: String, _ values: [Value] = []) throws -> [Int64] {
        var out: [Int64] = []
        try query(sql, values) { out.append($0.int(0)) }
        return out
    }

    /// A statement run many times with different values (an insert per article).
    public final class Statement {
        let statement: OpaquePointer?
        unowned let database: SQLiteDatabase
        init(_ statement: OpaquePointer?, database: SQLiteDatabase) {
            self.statement = statement
            self.database = database
        }
        deinit { sqlite3_finalize(statement) }

        public func run(_ values: [Value]) throws {
            sqlite3_reset(statement)
            try database.bind(values, to: statement)
            let rc = sqlite3_step(statement)
            guard rc == SQLITE_DONE || rc == SQLITE_ROW else {
                throw Failure(description: String(cString: sqlite3_errmsg(database.handle)))
            }
        }
    }

    public func statement(_ sql: String) throws -> Statement {
        Statement(try prepare(sql), database: self)
    }

    private func prepare(_ sql: String) throws -> OpaquePointer? {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else {
            throw Failure(description: String(cString: sqlite3_errmsg(handle)))
        }
        return statement
    }

    /// SQLITE_TRANSIENT: SQLite copies the text before the Swift string goes.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    fileprivate func bind(_ values: [Value], to statement: OpaquePointer?) throws {
        for (i, value) in values.enumerated() {
            let index = Int32(i + 1)
            let rc: Int32
            switch value {
            case .int(let n): rc = sqlite3_bind_int64(statement, index, n)
            case .null: rc = sqlite3_bind_null(statement, index)
            case .text(let s):
                rc = s.withCString { sqlite3_bind_text(statement, index, $0, -1, Self.transient) }
            }
            guard rc == SQLITE_OK else { throw Failure(description: String(cString: sqlite3_errmsg(handle))) }
        }
    }

    /// The names of a table's columns (empty when there is no such table).
    public func columns(of table: String) throws -> Set<String> {
        var names = Set<String>()
        try query("PRAGMA table_info(\(table))") { names.insert($0.text(1) ?? "") }
        return names
    }

    public struct Row {
        let statement: OpaquePointer?
        public func text(_ column: Int32) -> String? {
            guard let pointer = sqlite3_column_text(statement, column) else { return nil }
            let length = Int(sqlite3_column_bytes(statement, column))
            // Invalid UTF-8 is repaired, never trusted.
            return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
        }
        public func int(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }
        public func double(_ column: Int32) -> Double { sqlite3_column_double(statement, column) }
    }
}
