import ConversationStore
import Foundation
import Logging
import PostgresStore
import SQLiteStore

/// Copying a whole store between locations (`tanggap migrate`): the stores are opened here, where both kinds are
/// known; what is copied and how it is checked is ``StoreCopy``'s.
extension StoreCopy {
    /// Copies the store at `source` into a new store at `destination` and checks the copy. The destination must
    /// be a SQLite file that does not exist yet, or an empty PostgreSQL database (one no store has written to).
    /// A copy that does not match is not kept, and the error carries the report.
    public static func copy(
        from source: StoreLocation, to destination: StoreLocation, logger: Logger,
        connectTimeout: Duration = .seconds(10), progress: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> Report {
        if source == destination {
            throw StoreError(.invalidLocation, "the source and the destination are the same store (\(source))")
        }
        let reader: any CopySource = try await openSource(source, logger: logger, connectTimeout: connectTimeout)
        defer { (reader as? PostgresBackend)?.close() }
        return try await reader.withSnapshot { snapshot in
            try await load(into: destination, logger: logger, connectTimeout: connectTimeout) { writer in
                var sourceTallies: [String: Tally] = [:]
                for table in tables {
                    var tally = Tally()
                    try await forEachPage(of: table, in: snapshot) { rows in
                        for row in rows { tally.add(row) }
                        if case .postgres = destination { try refuseNUL(in: rows, of: table) }
                        if table.rebuilt {
                            try await writer.saveArticles(rows.map(article(from:)))
                        } else {
                            try await writer.insert(rows, into: table)
                        }
                    }
                    sourceTallies[table.name] = tally
                    progress("\(table.name): \(tally.rows) \(tally.rows == 1 ? "row" : "rows") copied")
                }
                try await writer.finish()
                var lines: [Report.Line] = []
                for table in tables {
                    var tally = Tally()
                    try await forEachPage(of: table, in: writer) { rows in
                        for row in rows { tally.add(row) }
                    }
                    lines.append(
                        Report.Line(table: table.name, source: sourceTallies[table.name] ?? Tally(), copy: tally))
                }
                let report = Report(from: source, to: destination, lines: lines)
                guard report.matches else { throw Mismatch(report: report) }
                return report
            }
        }
    }

    /// Reads a table page by page: by ranges of its key, or whole.
    static func forEachPage(
        of table: Table, in reader: any CopyReader, _ body: ([[Value]]) async throws -> Void
    ) async throws {
        guard let key = table.key else {
            try await body(try await reader.rows(of: table, keys: nil))
            return
        }
        guard let bounds = try await reader.keyBounds(of: table, key: key) else { return }
        var low = bounds.lowerBound
        while low <= bounds.upperBound {
            let high = low.addingReportingOverflow(keySpan - 1).overflow ? Int64.max : low + keySpan - 1
            let rows = try await reader.rows(of: table, keys: low...min(high, bounds.upperBound))
            if !rows.isEmpty { try await body(rows) }
            if high >= bounds.upperBound { break }
            low = high + 1
        }
    }

    static func article(from row: [Value]) throws -> Article {
        func text(_ index: Int) -> String? {
            if case .text(let value) = row[index] { return value }
            return nil
        }
        guard let id = text(0), let title = text(1), let body = text(2), case .integer(let updated) = row[5] else {
            throw StoreError(.storage, "an article in the source store is missing its id, title, body or time")
        }
        return Article(
            id: id, title: title, body: body,
            tags: (text(3) ?? "").split(separator: " ").map(String.init), language: text(4),
            updatedAt: Date(milliseconds: updated))
    }

    static func openSource(
        _ location: StoreLocation, logger: Logger, connectTimeout: Duration
    ) async throws -> any CopySource {
        switch location {
        case .sqlite(let path):
            guard FileManager.default.fileExists(atPath: path) else {
                throw StoreError(.notFound, "there is no store at \(path)")
            }
            return try SQLiteBackend(path: path, logger: logger)
        case .postgres(let url):
            return try await PostgresBackend.open(url: url, logger: logger, connectTimeout: connectTimeout)
        }
    }

    static func load<T: Sendable>(
        into location: StoreLocation, logger: Logger, connectTimeout: Duration,
        _ body: (any CopyWriter) async throws -> T
    ) async throws -> T {
        switch location {
        case .sqlite(let path):
            return try await SQLiteBackend.loadCopy(at: path, logger: logger, body)
        case .postgres(let url):
            let backend = try await PostgresBackend.open(url: url, logger: logger, connectTimeout: connectTimeout)
            defer { backend.close() }
            return try await backend.loadCopy(at: location, body)
        }
    }

}

extension StoreExport {
    /// Writes the messages of the store at `location` created in `since ..< until` as import-format JSONL lines
    /// through `write` (see ``StoreExport``); with `redacting`, personal data masked and customers named by pseudonym.
    public static func export(
        from location: StoreLocation, since: Date?, until: Date?, redacting: Bool, logger: Logger,
        connectTimeout: Duration = .seconds(10), write: @Sendable (String) throws -> Void
    ) async throws -> Summary {
        let reader = try await StoreCopy.openSource(location, logger: logger, connectTimeout: connectTimeout)
        defer { (reader as? PostgresBackend)?.close() }
        return try await export(from: reader, since: since, until: until, redacting: redacting, write: write)
    }
}
