import ConversationStore
import Foundation
import Logging
import PostgresNIO

extension PostgresBackend: CopySource {
    /// Reads in one `REPEATABLE READ` transaction: every table as it was when the copy began.
    package func withSnapshot<T: Sendable>(_ body: (any CopyReader) async throws -> T) async throws -> T {
        let logger = logger
        let client = try await usableClient()
        do {
            return try await client.withConnection { connection in
                try await connection.query(
                    "START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
                do {
                    let result = try await body(PostgresCopyConnection(connection: connection, logger: logger))
                    try await connection.query("COMMIT", logger: logger)
                    return result
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw error
                }
            }
        } catch let error as StoreError {
            throw error
        } catch let error as StoreCopy.Mismatch {
            throw error
        } catch {
            throw StoreError(.storage, "cannot read the store: \(Self.describe(error))")
        }
    }

    /// Fills this (empty) store through `body` in one transaction: all of the copy is committed, or none.
    package func loadCopy<T: Sendable>(
        at location: StoreLocation, _ body: (any CopyWriter) async throws -> T
    ) async throws -> T {
        let logger = logger
        var counts: [(table: String, rows: Int)] = []
        for table in StoreCopy.dataTables {
            let rows = try await read { connection in
                var count = 0
                for try await value in try await connection.query(
                    PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM \(table)"), logger: logger
                ).decode(Int.self) {
                    count = value
                }
                return count
            }
            counts.append((table, rows))
        }
        try StoreCopy.refuseUnlessEmpty(counts, at: location)
        return try await transaction { connection in
            // Nobody else imports or copies into the store meanwhile.
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.ingestLockKey))", logger: logger)
            return try await body(PostgresCopyConnection(connection: connection, logger: logger))
        }
    }
}

/// Reads and writes a copy's rows on one connection, inside the transaction that holds the snapshot or the copy.
struct PostgresCopyConnection: CopyWriter {
    let connection: PostgresConnection
    let logger: Logger

    /// At most this many parameters in one statement (the protocol's limit is 65,535).
    static let parameterLimit = 30_000

    func keyBounds(of table: StoreCopy.Table, key: String) async throws -> ClosedRange<Int64>? {
        var bounds: ClosedRange<Int64>?
        for try await (low, high) in try await connection.query(
            PostgresQuery(unsafeSQL: "SELECT MIN(\(key))::int8, MAX(\(key))::int8 FROM \(table.name)"), logger: logger
        ).decode((Int64?, Int64?).self) {
            if let low, let high { bounds = low...high }
        }
        return bounds
    }

    func rows(of table: StoreCopy.Table, keys: ClosedRange<Int64>?) async throws -> [[StoreCopy.Value]] {
        let selected = table.columns.map { column in
            switch column.kind {
            case .integer: "\(column.name)::int8"
            case .boolean: "\(column.name)::int4::int8"
            case .real: "\(column.name)::float8"
            case .text: column.name
            }
        }
        var sql = "SELECT \(selected.joined(separator: ", ")) FROM \(table.name)"
        var binds = PostgresBindings()
        if let key = table.key, let keys {
            sql += " WHERE \(key) BETWEEN $1 AND $2 ORDER BY \(key)"
            binds.append(keys.lowerBound)
            binds.append(keys.upperBound)
        } else if table.rebuilt {
            sql += " ORDER BY seq"
        }
        let kinds = table.columns.map(\.kind)
        var rows: [[StoreCopy.Value]] = []
        for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger) {
            var values: [StoreCopy.Value] = []
            values.reserveCapacity(kinds.count)
            for (cell, kind) in zip(row, kinds) {
                guard cell.bytes != nil else {
                    values.append(.null)
                    continue
                }
                switch kind {
                case .integer, .boolean: values.append(.integer(try cell.decode(Int64.self)))
                case .real: values.append(.real(try cell.decode(Double.self)))
                case .text: values.append(.text(try cell.decode(String.self)))
                }
            }
            rows.append(values)
        }
        return rows
    }

    func insert(_ rows: [[StoreCopy.Value]], into table: StoreCopy.Table) async throws {
        if table.replaces {
            try await connection.query(PostgresQuery(unsafeSQL: "DELETE FROM \(table.name)"), logger: logger)
        }
        let width = table.columns.count
        let perStatement = max(1, min(1_000, Self.parameterLimit / width))
        var start = rows.startIndex
        while start < rows.endIndex {
            let chunk = rows[start..<min(start + perStatement, rows.endIndex)]
            var binds = PostgresBindings(capacity: chunk.count * width)
            var tuples: [String] = []
            tuples.reserveCapacity(chunk.count)
            for row in chunk {
                var placeholders: [String] = []
                for (value, column) in zip(row, table.columns) {
                    binds.append(value, as: column.kind)
                    placeholders.append("$\(binds.count)")
                }
                tuples.append("(" + placeholders.joined(separator: ", ") + ")")
            }
            let sql =
                "INSERT INTO \(table.name) (\(table.columnNames.joined(separator: ", "))) VALUES "
                + tuples.joined(separator: ", ")
            try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
            start += chunk.count
        }
    }

    func saveArticles(_ articles: [Article]) async throws {
        try await PostgresBackend.storeArticles(articles, on: connection, logger: logger)
    }

    func finish() async throws {
        try await PostgresBackend.refreshTermStatistics(
            ["article", "passage", "answered"], on: connection, logger: logger)
        // New rows take ids after the copied ones; a conversation id merged away is never given again.
        let counters = [
            ("account", "id", "SELECT MAX(id) FROM account"),
            ("customer", "id", "SELECT MAX(id) FROM customer"),
            (
                "conversation", "id",
                "SELECT GREATEST((SELECT MAX(id) FROM conversation), (SELECT MAX(merged_id) FROM conversation_alias))"
            ),
            ("message", "id", "SELECT MAX(id) FROM message"),
            ("event", "seq", "SELECT MAX(seq) FROM event"),
        ]
        for (table, column, highest) in counters {
            try await connection.query(
                PostgresQuery(
                    unsafeSQL: """
                        SELECT setval(pg_get_serial_sequence('\(table)', '\(column)'), top)
                        FROM (\(highest)) AS highest (top) WHERE top IS NOT NULL
                        """), logger: logger)
        }
    }
}
