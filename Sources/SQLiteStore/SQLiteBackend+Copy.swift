import ConversationStore
import Foundation
import GRDB
import Logging

extension SQLiteBackend: CopySource {
    package func withSnapshot<T: Sendable>(_ body: (any CopyReader) async throws -> T) async throws -> T {
        let snapshot: DatabaseSnapshot
        do {
            snapshot = try pool.makeSnapshot()
        } catch {
            throw StoreError(.storage, "cannot read the store at \(path): \(Self.describe(error))")
        }
        return try await body(SQLiteCopyReader(reader: snapshot, path: path))
    }

    /// Fills a new store file at `path` through `body`. The copy is written beside it and takes the name only when
    /// `body` returns; when it throws, the partial file is removed and `path` is never created.
    package static func loadCopy<T: Sendable>(
        at path: String, logger: Logger, _ body: (any CopyWriter) async throws -> T
    ) async throws -> T {
        let files = FileManager.default
        if files.fileExists(atPath: path) {
            throw StoreError(
                .invalidLocation, "\(path) already exists; migrate writes a new store file, so name one that does not")
        }
        let partial = path + ".copying"
        func removePartial() {
            for suffix in ["", "-wal", "-shm"] { try? files.removeItem(atPath: partial + suffix) }
        }
        removePartial()
        do {
            let backend = try SQLiteBackend(path: partial, logger: logger)
            let result = try await body(SQLiteCopyWriter(backend: backend))
            // Everything into the main file before it is renamed: the write-ahead log keeps the partial name.
            try await backend.pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
            try backend.pool.close()
            guard rename(partial, path) == 0 else {
                throw StoreError(
                    .storage, "cannot name the copy \(path): \(String(cString: strerror(errno)))")
            }
            removePartial()
            return result
        } catch {
            removePartial()
            throw error
        }
    }
}

/// Reads tables through a GRDB reader: a snapshot of the source, or the copy being written.
struct SQLiteCopyReader: CopyReader {
    let reader: any DatabaseReader
    let path: String

    func keyBounds(of table: StoreCopy.Table, key: String) async throws -> ClosedRange<Int64>? {
        try await reading { db in
            let row = try Row.fetchOne(db, sql: "SELECT MIN(\(key)), MAX(\(key)) FROM \(table.name)")
            guard let low: Int64 = row?[0], let high: Int64 = row?[1] else { return nil }
            return low...high
        }
    }

    func rows(of table: StoreCopy.Table, keys: ClosedRange<Int64>?) async throws -> [[StoreCopy.Value]] {
        try await reading { db in
            // Text is read as its bytes, whole: read as text it ends at a NUL character (one an older store may
            // hold), and a copy checked that way compares the cut text with itself.
            let selected = table.columns.map { $0.kind == .text ? "CAST(\($0.name) AS BLOB)" : $0.name }
            var sql = "SELECT \(selected.joined(separator: ", ")) FROM \(table.name)"
            var arguments = StatementArguments()
            if let key = table.key, let keys {
                sql += " WHERE \(key) BETWEEN ? AND ? ORDER BY \(key)"
                arguments = [keys.lowerBound, keys.upperBound]
            } else if table.rebuilt {
                sql += " ORDER BY rowid"
            }
            let kinds = table.columns.map(\.kind)
            var rows: [[StoreCopy.Value]] = []
            let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try cursor.next() {
                rows.append(
                    kinds.enumerated().map { index, kind in
                        Self.value((row[index] as DatabaseValue).storage, as: kind)
                    })
            }
            return rows
        }
    }

    static func value(_ storage: DatabaseValue.Storage, as kind: StoreCopy.Table.Kind) -> StoreCopy.Value {
        switch (storage, kind) {
        case (.null, _): .null
        case (.int64(let number), .real): .real(Double(number))
        case (.int64(let number), _): .integer(number)
        case (.double(let number), _): .real(number)
        case (.string(let text), _): .text(text)
        case (.blob(let data), _): .text(String(decoding: data, as: UTF8.self))
        }
    }

    private func reading<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await reader.read(body)
        } catch {
            throw StoreError(.storage, "cannot read the store at \(path): \(SQLiteBackend.describe(error))")
        }
    }
}

/// Writes a copy into a new SQLite store.
struct SQLiteCopyWriter: CopyWriter {
    let backend: SQLiteBackend

    private var reader: SQLiteCopyReader { SQLiteCopyReader(reader: backend.pool, path: backend.path) }

    func keyBounds(of table: StoreCopy.Table, key: String) async throws -> ClosedRange<Int64>? {
        try await reader.keyBounds(of: table, key: key)
    }

    func rows(of table: StoreCopy.Table, keys: ClosedRange<Int64>?) async throws -> [[StoreCopy.Value]] {
        try await reader.rows(of: table, keys: keys)
    }

    func insert(_ rows: [[StoreCopy.Value]], into table: StoreCopy.Table) async throws {
        // Text goes in as its bytes, cast to text: bound as text it would end at a NUL character, which the read
        // keeps (see `rows`).
        let placeholders = table.columns.map { $0.kind == .text ? "CAST(? AS TEXT)" : "?" }.joined(separator: ", ")
        let sql =
            "INSERT INTO \(table.name) (\(table.columnNames.joined(separator: ", "))) VALUES (\(placeholders))"
        try await backend.write { db in
            if table.replaces { try db.execute(sql: "DELETE FROM \(table.name)") }
            let statement = try db.cachedStatement(sql: sql)
            for row in rows {
                try statement.execute(
                    arguments: StatementArguments(
                        row.map { value in
                            if case .text(let text) = value { return Data(text.utf8).databaseValue }
                            return value.databaseValue
                        }))
            }
        }
    }

    func saveArticles(_ articles: [Article]) async throws {
        try await backend.saveArticles(articles)
    }

    func finish() async throws {
        try await backend.write { db in
            try db.execute(
                sql: """
                    INSERT INTO answered_search (answered_search) VALUES ('rebuild');
                    DELETE FROM answered_term;
                    INSERT INTO answered_term (term, documents) SELECT term, doc FROM answered_vocabulary;
                    """)
            try SQLiteBackend.refreshSearchStats(db: db)
        }
    }
}
