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
            let rebuilt = try await Self.dropIndexesForLoading(on: connection, logger: logger)
            return try await body(PostgresCopyConnection(connection: connection, logger: logger, rebuilt: rebuilt))
        }
    }
}

extension PostgresBackend {
    /// Drops the secondary indexes and the foreign keys of the (empty) tables a copy fills, and returns the
    /// statements that build them again. Built once over the loaded rows, rather than row by row as they arrive,
    /// they cost a fraction of the time; the keys are checked then, over all the rows at once. Primary keys and
    /// unique constraints stay: the copy relies on them. All of it happens in the copy's transaction, so a copy that
    /// fails leaves the schema as it was.
    static func dropIndexesForLoading(on connection: PostgresConnection, logger: Logger) async throws -> [String] {
        var rebuild: [String] = []
        var drops: [String] = []
        for try await (table, name, definition) in try await connection.query(
            """
            SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c
            WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace
            ORDER BY c.conrelid::regclass::text, c.conname
            """, logger: logger
        ).decode((String, String, String).self) {
            drops.append("ALTER TABLE \(table) DROP CONSTRAINT \(name)")
            rebuild.append("ALTER TABLE \(table) ADD CONSTRAINT \(name) \(definition)")
        }
        var indexes: [String] = []
        for try await (name, definition) in try await connection.query(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
            JOIN pg_class t ON t.oid = i.indrelid
            WHERE t.relnamespace = current_schema()::regnamespace AND NOT i.indisprimary
                AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
                AND NOT i.indisunique
            ORDER BY 1
            """, logger: logger
        ).decode((String, String).self) {
            drops.append("DROP INDEX \(name)")
            indexes.append(definition)
        }
        for statement in drops { try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
        // Indexes first: the foreign keys are checked through them.
        return indexes + rebuild
    }
}

/// Reads and writes a copy's rows on one connection, inside the transaction that holds the snapshot or the copy.
struct PostgresCopyConnection: CopyWriter {
    let connection: PostgresConnection
    let logger: Logger
    /// What the copy dropped to load faster, built again when it has loaded (see `dropIndexesForLoading`).
    var rebuilt: [String] = []

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

    /// Writes a page of rows in one statement over `unnest` of one array a column: the statement's text and its
    /// parameters stay the same size whatever the page's.
    func insert(_ rows: [[StoreCopy.Value]], into table: StoreCopy.Table) async throws {
        if table.replaces {
            try await connection.query(PostgresQuery(unsafeSQL: "DELETE FROM \(table.name)"), logger: logger)
        }
        guard !rows.isEmpty else { return }
        var columns = ColumnArrays()
        for (index, column) in table.columns.enumerated() {
            let values = rows.map { $0[index] }
            switch column.kind {
            case .integer:
                columns.add(column.name, "int8", values.map(\.integer))
            case .boolean:
                columns.add(column.name, "bool", values.map { $0.integer.map { $0 != 0 } })
            case .real:
                columns.add(column.name, "float8", values.map(\.real))
            case .text:
                columns.add(column.name, "text", values.map(\.text))
            }
        }
        try await connection.query(
            columns.query(
                "INSERT INTO \(table.name) (\(columns.names)) SELECT * FROM \(columns.unnest)"), logger: logger)
    }

    func saveArticles(_ articles: [Article]) async throws {
        try await PostgresBackend.storeArticles(articles, on: connection, logger: logger)
    }

    func finish() async throws {
        for statement in rebuilt { try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
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
        // The planner's figures for the tables just filled: without them the first queue read plans a 1m-row table
        // as if it were empty and sorts all of it (measured: 7.7 s a page, a team's connections all waiting).
        try await connection.query(
            "ANALYZE account, customer, conversation, conversation_tag, message, answered, event", logger: logger)
    }
}

extension StoreCopy.Value {
    /// The value as each kind of column takes it; anything else is written as `NULL`, and the copy's check then
    /// reports the table as different.
    var integer: Int64? {
        if case .integer(let number) = self { number } else { nil }
    }

    var real: Double? {
        switch self {
        case .real(let number): number
        case .integer(let number): Double(number)
        default: nil
        }
    }

    var text: String? {
        if case .text(let text) = self { text } else { nil }
    }
}
