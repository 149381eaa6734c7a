import ConversationStore
import GRDB
import GRDBSQLite

/// A statement the import runs once for every row it writes, bound through SQLite's C interface.
///
/// GRDB binds from `StatementArguments`: each value boxed as an existential, turned into a `DatabaseValue`, then
/// copied into SQLite, and named arguments looked up by name. For the import's message, conversation and answered
/// rows that cost as much as SQLite's own work on the row (profiled on the 100k workload: a third of the time spent
/// writing a message row was outside `sqlite3_step`). Here each value goes straight from its Swift type into
/// SQLite, and the statement is reset at once. Only statements whose SQL is used nowhere else go through here, so
/// GRDB never finds this statement with bindings it did not set.
struct RowStatement {
    private let statement: Statement
    private var handle: SQLiteStatement { statement.sqliteStatement }
    /// SQLite copies the bytes before the call returns (`SQLITE_TRANSIENT`).
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    /// The statement for `sql`, compiled once per connection and kept in GRDB's cache.
    init(_ db: Database, _ sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
    }

    /// Binds the values in order (parameters are numbered from 1), runs the statement once and resets it.
    func run(_ values: RowValue...) throws {
        precondition(values.count == Int(sqlite3_bind_parameter_count(handle)), "one value for every parameter")
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .null: code = sqlite3_bind_null(handle, index)
            case .integer(let number): code = sqlite3_bind_int64(handle, index, number)
            case .real(let number): code = sqlite3_bind_double(handle, index, number)
            case .text(var text):
                code = text.withUTF8 { bytes in
                    // A null pointer would bind NULL, not an empty text.
                    guard let start = bytes.baseAddress else {
                        return sqlite3_bind_text(handle, index, "", 0, Self.transient)
                    }
                    return sqlite3_bind_text(handle, index, start, Int32(bytes.count), Self.transient)
                }
            }
            guard code == SQLITE_OK else {
                let error = failure(code)
                sqlite3_clear_bindings(handle)
                throw error
            }
        }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            let error = failure(code)
            sqlite3_reset(handle)
            throw error
        }
        sqlite3_reset(handle)
    }

    private func failure(_ code: Int32) -> DatabaseError {
        DatabaseError(
            resultCode: ResultCode(rawValue: code),
            message: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))), sql: statement.sql)
    }
}

/// One value bound by `RowStatement`.
enum RowValue {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    static func integer(_ value: Int64?) -> RowValue { value.map { .integer($0) } ?? .null }
    static func integer(_ value: Int?) -> RowValue { value.map { .integer(Int64($0)) } ?? .null }
    static func integer(_ value: Bool) -> RowValue { .integer(value ? 1 : 0) }
    static func real(_ value: Double?) -> RowValue { value.map { .real($0) } ?? .null }
    static func text(_ value: String?) -> RowValue { value.map { .text($0) } ?? .null }
}
