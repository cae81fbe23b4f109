import CSQLite
import Foundation

/// A read-only SQLite database: just enough to read newsboat's `cache.db` through SQLite
/// itself (never a hand-written parser of its file format).
final class SQLiteDatabase {
    private var handle: OpaquePointer?

    struct Failure: Error, CustomStringConvertible { var description: String }

    init(readOnly path: String) throws {
        // Read-only, and no journal or WAL file is created beside the user's cache.
        let flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX
        guard sqlite3_open_v2(path, &handle, flags, nil) == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            handle = nil
            throw Failure(description: message)
        }
        sqlite3_busy_timeout(handle, 2000)
    }

    deinit { sqlite3_close(handle) }

    /// Runs a query and hands each row to `row`.
    func query(_ sql: String, row: (Row) throws -> Void) throws {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else {
            throw Failure(description: String(cString: sqlite3_errmsg(handle)))
        }
        defer { sqlite3_finalize(statement) }
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { return }
            guard rc == SQLITE_ROW else { throw Failure(description: String(cString: sqlite3_errmsg(handle))) }
            try row(Row(statement: statement))
        }
    }

    /// The names of a table's columns (empty when there is no such table).
    func columns(of table: String) throws -> Set<String> {
        var names = Set<String>()
        try query("PRAGMA table_info(\(table))") { names.insert($0.text(1) ?? "") }
        return names
    }

    struct Row {
        let statement: OpaquePointer?
        func text(_ column: Int32) -> String? {
            guard let pointer = sqlite3_column_text(statement, column) else { return nil }
            let length = Int(sqlite3_column_bytes(statement, column))
            // Invalid UTF-8 is repaired, never trusted.
            return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
        }
        func int(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }
    }
}
