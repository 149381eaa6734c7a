import ArgumentParser
import ConversationStore
import Foundation
import Logging
import Stores

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the store's messages as JSONL in the import format, optionally with personal data redacted.",
        discussion: """
            One message a line, in the order the store received them, read from one snapshot: importing the file \
            into a new store gives the same threads and the same report. Notes and replies the platform refused stay \
            behind. With --redact, personal data in every text is masked and every customer's id, handle and name is \
            replaced by a pseudonym, the same for the same customer in every export of this store. FILE is written \
            whole or not at all; - writes to standard output.
            """)

    @OptionGroup var store: StoreOptions

    @Option(help: "Only messages from this time (2026-11-01, 2026-11-01 08:00, RFC 3339, or 7d for a week ago).")
    var since: String?

    @Option(help: "Only messages before this time (a bare day counts whole).")
    var until: String?

    @Flag(help: "Mask personal data and name customers by pseudonym.")
    var redact = false

    @Argument(help: ArgumentHelp("Where to write: a file, or - for standard output.", valueName: "file"))
    var file: String

    func run() async throws {
        try await runReportingErrors {
            let now = Date()
            let from = try parseTimeOption(since, name: "since", now: now)
            let to = try parseTimeOption(until, name: "until", now: now, endOfDay: true)
            let location = try StoreLocation.resolve(store.store, environment: ProcessInfo.processInfo.environment)
            // An agent named must be one this login may act as, as for every command (a store that is not there is
            // said as such below, not made by asking).
            var exists = true
            if case .sqlite(let path) = location { exists = FileManager.default.fileExists(atPath: path) }
            if store.agent != nil && exists { _ = try await store.openStore() }
            let output = try ExportFile(file)
            do {
                let summary = try await StoreExport.export(
                    from: location, since: from, until: to, redacting: redact,
                    logger: Logger(label: "tanggap.export")
                ) { line in try output.write(line) }
                try output.finish()
                let pieces = summary.redactedFindings == 1 ? "piece" : "pieces"
                let redacted = redact ? ", \(summary.redactedFindings) \(pieces) of personal data masked" : ""
                let messages = summary.messages == 1 ? "message" : "messages"
                FileHandle.standardError.write(
                    Data("tanggap: exported \(summary.messages) \(messages)\(redacted)\n".utf8))
            } catch {
                output.abandon()
                throw error
            }
        }
    }
}

/// Where an export goes: standard output, or a file written beside its name and renamed once whole, so a failed
/// export never leaves half a file under the name asked for.
final class ExportFile: @unchecked Sendable {
    private let handle: FileHandle
    private let temporary: String?
    private let path: String?
    private var buffer = Data()
    private let lock = NSLock()

    init(_ name: String) throws {
        guard name != "-" else {
            handle = FileHandle.standardOutput
            temporary = nil
            path = nil
            return
        }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: name, isDirectory: &isFolder), isFolder.boolValue {
            throw StoreError(.invalidAction, "\(name) is a folder; name a file to export to")
        }
        let folder = (name as NSString).deletingLastPathComponent
        let temporary = (folder.isEmpty ? "." : folder) + "/." + (name as NSString).lastPathComponent + ".partial"
        guard FileManager.default.createFile(atPath: temporary, contents: nil, attributes: [.posixPermissions: 0o600]),
            let handle = FileHandle(forWritingAtPath: temporary)
        else {
            throw StoreError(.storage, "cannot write \(name): \(String(cString: strerror(errno)))")
        }
        self.handle = handle
        self.temporary = temporary
        self.path = name
    }

    func write(_ line: String) throws {
        try lock.withLock {
            buffer.append(contentsOf: Array(line.utf8))
            buffer.append(UInt8(ascii: "\n"))
            if buffer.count >= 1 << 20 { try flush() }
        }
    }

    private func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func finish() throws {
        try lock.withLock { try flush() }
        guard let temporary, let path else { return }
        try handle.synchronize()
        try handle.close()
        guard rename(temporary, path) == 0 else {
            throw StoreError(.storage, "cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    func abandon() {
        guard let temporary else { return }
        try? handle.close()
        unlink(temporary)
    }
}
