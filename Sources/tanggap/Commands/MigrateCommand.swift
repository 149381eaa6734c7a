import ArgumentParser
import ConversationStore
import Foundation
import Logging
import Stores

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy a whole store to a new one: SQLite to PostgreSQL, back, or between servers.",
        discussion: """
            Every conversation, message, customer, account, tag, journal event, agent role, template and article is \
            copied with its id, so journals and links go on naming the same conversations. The copy is read back and \
            each table's row count and checksum are compared with the source's, read from one snapshot; the source \
            is never changed. The destination is a SQLite file that does not exist yet or an empty PostgreSQL \
            database. A copy that fails or differs is not kept: PostgreSQL gets it in one transaction, and a SQLite \
            file takes its name only once the copy is checked.
            """)

    @Option(
        help: ArgumentHelp(
            "The store to copy: a path, sqlite:PATH or postgres://… (default: --store's default).", valueName: "url"))
    var from: String?

    @Option(help: ArgumentHelp("The new store: a path, sqlite:PATH or postgres://….", valueName: "url"))
    var to: String

    @Flag(help: "Print the counts and checksums as one JSON object.")
    var json = false

    func run() async throws {
        try await runReportingErrors {
            let environment = ProcessInfo.processInfo.environment
            let source = try StoreLocation.resolve(from, environment: environment)
            let destination = try StoreLocation(parsing: to)
            let started = ContinuousClock.now
            let quiet = json
            do {
                let report = try await StoreCopy.copy(
                    from: source, to: destination, logger: Logger(label: "tanggap.migrate"),
                    progress: { line in
                        if !quiet { FileHandle.standardError.write(Data("tanggap: \(line)\n".utf8)) }
                    })
                show(report, seconds: (ContinuousClock.now - started).seconds)
            } catch let mismatch as StoreCopy.Mismatch {
                show(mismatch.report, seconds: (ContinuousClock.now - started).seconds)
                throw StoreError(.storage, mismatch.description)
            }
        }
    }

    private func show(_ report: StoreCopy.Report, seconds: Double) {
        if json {
            let tables: [JSONValue] = report.lines.map { line in
                .object([
                    "table": .string(line.table),
                    "source_rows": .int(Int64(line.source.rows)),
                    "copied_rows": .int(Int64(line.copy.rows)),
                    "source_checksum": .string(line.source.checksum),
                    "copied_checksum": .string(line.copy.checksum),
                    "same": .bool(line.matches),
                ])
            }
            let object = JSONValue.object([
                "from": .string(report.from.description), "to": .string(report.to.description),
                "tables": .array(tables), "same": .bool(report.matches),
                "seconds": .double((seconds * 10).rounded() / 10),
            ])
            print(object.serialized())
            return
        }
        var table = TextTable(columns: ["table", "source rows", "copied rows", "checksum (source)", "copy"])
        for line in report.lines {
            table.add([
                line.table, String(line.source.rows), String(line.copy.rows), String(line.source.checksum.prefix(16)),
                line.matches ? "same" : "DIFFERS " + String(line.copy.checksum.prefix(16)),
            ])
        }
        print(table.render(width: nil), terminator: "")
        guard report.matches else { return }
        print(
            """
            copied \(report.rows(of: "conversation")) conversations and \(report.rows(of: "message")) messages \
            from \(report.from) to \(report.to) in \(String(format: "%.1f", seconds)) s; every table's rows and \
            checksum match
            """)
    }
}

extension Duration {
    fileprivate var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
