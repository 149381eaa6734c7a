import ArgumentParser
import ConversationStore
import Foundation
import Presentation

struct RedactCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redact",
        abstract: "Mask personal data in stored messages older than an age (retention).",
        discussion: """
            Masks every phone number, NIK, email, card number, account number, NPWP, one-time code and street \
            address found in messages stored before the cutoff (customers' and agents' alike), keeping at most the \
            last four digits, and derives their conversations again; says how many messages and pieces it changed \
            and journals it. Running it again changes nothing. Only a supervisor may run it; --dry-run counts \
            without changing anything. Run it on a schedule (cron, a systemd timer) to keep personal data no longer \
            than your policy allows.
            """)

    @Option(
        help: ArgumentHelp(
            "Mask messages older than this: 90d, 12h, or a time (2026-09-01, RFC 3339).", valueName: "age"))
    var olderThan: String

    @Flag(help: "Count what would be masked, changing nothing.")
    var dryRun = false

    @Flag(help: "Print one JSON object: {\"messages\":N,\"findings\":N,\"kinds\":{…},\"dry_run\":bool}.")
    var json = false

    @OptionGroup var options: StoreOptions

    func run() async throws {
        try await runReportingErrors {
            let now = Date()
            guard let cutoff = try parseTimeOption(olderThan, name: "older-than", now: now), cutoff <= now else {
                throw ValidationError("--older-than '\(olderThan)' is in the future; give an age such as 90d")
            }
            let (store, agent) = try await options.open(journalRequired: !dryRun)
            let summary = try await store.redact(olderThan: cutoff, dryRun: dryRun, by: agent)
            if json {
                print(
                    JSONValue.object([
                        "messages": .int(Int64(summary.messages)), "findings": .int(Int64(summary.findings)),
                        "kinds": .object(
                            Dictionary(
                                uniqueKeysWithValues: summary.kinds.map { ($0.key.rawValue, .int(Int64($0.value))) })),
                        "before": JSONValue(cutoff), "dry_run": .bool(dryRun),
                    ]).serialized())
                return
            }
            let kinds = summary.kinds.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }
                .joined(separator: ", ")
            print(
                (dryRun ? "would mask " : "masked ")
                    + "\(summary.findings) \(summary.findings == 1 ? "piece" : "pieces") of personal data in "
                    + "\(summary.messages) \(summary.messages == 1 ? "message" : "messages") stored before "
                    + Timestamp.format(cutoff) + (kinds.isEmpty ? "" : " (\(kinds))"))
        }
    }
}
