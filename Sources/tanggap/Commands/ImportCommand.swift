import ArgumentParser
import ConversationStore
import Foundation
import Presentation

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import customer messages from JSONL or TWCS CSV files.",
        discussion: """
            Re-importing is a no-op. Bad records are reported on stderr with file, line and reason, written in full
            to FILE.rejected (one JSON object a line), and counted; the rest goes in.
            Exit code: 0 nothing rejected, 2 some records rejected, 1 a file could not be read.
            """)

    @Argument(help: "Files to import.")
    var files: [String]

    @Option(help: "jsonl or twcs (default: from the file name: .jsonl → jsonl, .csv → twcs).")
    var format: ImportFormat?

    @Flag(help: "Print one JSON object with the counts.")
    var json = false

    @OptionGroup var options: StoreOptions

    func validate() throws {
        if format == nil, let file = files.first(where: { ImportFormat(fileName: $0) == nil }) {
            throw ValidationError(
                "cannot tell the format of '\(file)' from its name; pass --format jsonl or --format twcs")
        }
    }

    func run() async throws {
        try await runReportingErrors {
            let store = try await options.openStore()
            let importer = Importer(store: store)
            let progress = ImportProgress(enabled: isatty(STDERR_FILENO) == 1 && !json)
            let started = Date()
            var total = ImportSummary()
            var unreadable = false
            for file in files {
                let fileFormat = format ?? ImportFormat(fileName: file) ?? .jsonl
                let rejections = RejectionLog(for: file)
                do {
                    let summary = try await importer.importFile(
                        file, format: fileFormat,
                        progress: { done, size in progress.show(file: file, done: done, size: size) },
                        rejected: { rejection in
                            progress.clear()
                            rejections.add(rejection)
                        })
                    progress.clear()
                    try rejections.finish()
                    total = total + summary
                } catch let error as ImportError {
                    progress.clear()
                    FileHandle.standardError.write(Data("tanggap: \(TerminalText.singleLine("\(error)"))\n".utf8))
                    unreadable = true
                }
            }
            let conversations = try await store.conversationCount()
            if json {
                let object: JSONValue = .object([
                    "read": JSONValue(total.read), "imported": JSONValue(total.imported),
                    "duplicates": JSONValue(total.duplicates), "rejected": JSONValue(total.rejected),
                    "conversations": JSONValue(conversations),
                ])
                print(object.serialized())
            } else {
                let seconds = Date().timeIntervalSince(started)
                func counted(_ count: Int, _ one: String, _ many: String) -> String {
                    "\(count) \(count == 1 ? one : many)"
                }
                print(
                    "read \(counted(total.read, "record", "records")): \(total.imported) imported, "
                        + "\(counted(total.duplicates, "duplicate", "duplicates")), \(total.rejected) rejected "
                        + "(\(String(format: "%.2f", seconds)) s); "
                        + "the store has \(counted(conversations, "conversation", "conversations"))")
            }
            if unreadable { throw ExitCode(1) }
            if total.rejected > 0 { throw ExitCode(2) }
        }
    }
}

extension ImportFormat: ExpressibleByArgument {}

/// Writes rejected records to `FILE.rejected` and reports each on stderr. A stale file from an earlier import of the
/// same input is replaced, or removed when nothing was rejected this time.
final class RejectionLog {
    let input: String
    let path: String
    private var lines: [String] = []

    init(for input: String) {
        self.input = input
        path = input + ".rejected"
    }

    func add(_ rejection: Rejection) {
        FileHandle.standardError.write(
            // A reason quotes the record's own fields, which may hold escape sequences meant for the terminal.
            Data(
                "\(TerminalText.singleLine(rejection.file)):\(rejection.line): \(TerminalText.singleLine(rejection.reason))\n"
                    .utf8))
        var fields: [String: JSONValue] = [
            "file": .string(rejection.file), "line": JSONValue(rejection.line), "reason": .string(rejection.reason),
            "record": .string(rejection.record),
        ]
        // Bytes that are not UTF-8 cannot stand in a JSON string: they are kept whole beside it.
        if let bytes = rejection.recordBytes { fields["record_base64"] = .string(Data(bytes).base64EncodedString()) }
        let entry: JSONValue = .object(fields)
        lines.append(entry.serialized())
    }

    func finish() throws {
        if lines.isEmpty {
            try? FileManager.default.removeItem(atPath: path)
            return
        }
        let text = lines.joined(separator: "\n") + "\n"
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            FileHandle.standardError.write(
                Data("tanggap: cannot write \(path); the rejected records are listed above\n".utf8))
            return
        }
        FileHandle.standardError.write(Data("tanggap: \(lines.count) rejected records written to \(path)\n".utf8))
    }
}

/// A one-line progress display on stderr while a large file imports.
final class ImportProgress {
    let enabled: Bool
    private var lastShown = Date.distantPast
    private var visible = false

    init(enabled: Bool) { self.enabled = enabled }

    func show(file: String, done: Int, size: Int) {
        guard enabled, size > 1_000_000, Date().timeIntervalSince(lastShown) > 0.2 else { return }
        lastShown = Date()
        let percent = size > 0 ? Double(done) * 100 / Double(size) : 100
        let name = TerminalText.singleLine((file as NSString).lastPathComponent)
        FileHandle.standardError.write(Data(String(format: "\r\u{1B}[Kimporting %@: %.0f%%", name, percent).utf8))
        visible = true
    }

    func clear() {
        guard visible else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        visible = false
    }
}
