import ArgumentParser
import ConversationStore
import Foundation
import Presentation

struct QueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "List the conversations of a queue view.",
        discussion: """
            Views: needs-reply (by SLA due time, then priority), mine, unassigned, pending, snoozed, resolved, all.
            With --json, an array of conversations; each has a "cursor" to pass to --after for the next page.
            """)

    @Option(
        help:
            "needs-reply, probably-no-reply (of those, the ones that probably ask for nothing), unhappy, mine, unassigned, pending, snoozed, resolved or all."
    )
    var view: QueueView = .needsReply

    @Option(help: "Only conversations matching this, as typed after / in the console (tag:refund is:unclaimed …).")
    var filter: String?

    @Option(help: "At most this many conversations (1–10000).")
    var limit: Int = 50

    @Option(help: "Continue after this cursor (from a previous page).")
    var after: String?

    @Flag(help: "Print a JSON array.")
    var json = false

    @Flag(help: "Mask personal data and name customers by pseudonym (as `tanggap export --redact`).")
    var redact = false

    @OptionGroup var options: StoreOptions

    func validate() throws {
        guard (1...10_000).contains(limit) else { throw ValidationError("--limit must be between 1 and 10000") }
        if let after, QueueCursor(after) == nil {
            throw ValidationError("--after '\(after)' is not a queue cursor; copy one from a previous page")
        }
    }

    func run() async throws {
        try await runReportingErrors {
            let (store, agent) = try await options.open(journalRequired: false)
            let filter = try filter.map(QueueFilter.init(parsing:)) ?? QueueFilter()
            var page = try await store.page(
                view, filter: filter, agent: agent, after: after.flatMap(QueueCursor.init), limit: limit)
            if redact {
                let redaction = Redaction(storeID: try await store.storeID())
                page.conversations = page.conversations.map(redaction.conversation)
            }
            if json {
                let rows = page.conversations.enumerated().map { index, conversation -> JSONValue in
                    guard case .object(var fields) = conversation.json else { return conversation.json }
                    let isLast = index == page.conversations.count - 1
                    fields["cursor"] = isLast ? JSONValue(page.next?.description) : .null
                    return .object(fields)
                }
                print(JSONValue.array(rows).serialized())
                return
            }
            if page.conversations.isEmpty {
                print(
                    "no conversations in \(view.rawValue)" + (filter.isEmpty ? "" : " matching '\(filter.description)'")
                )
                return
            }
            let now = store.now()
            var table = TextTable(columns: [
                "ID", "DUE", "PRIORITY", "STATUS", "CHANNEL", "CUSTOMER", "ASSIGNEE", "INTENT", "MESSAGE",
            ])
            for conversation in page.conversations {
                table.add([
                    conversation.id.description,
                    conversation.slaDueAt.map { DurationText.due($0, now: now) } ?? "-",
                    conversation.priority.rawValue,
                    conversation.status.rawValue,
                    conversation.channel.rawValue,
                    conversation.customer.map { $0.handle.map { "@" + $0 } ?? $0.name ?? $0.externalID } ?? "-",
                    conversation.assignee ?? "-",
                    // ○: probably needs no reply (`no-reply ID` confirms it).
                    (conversation.intent?.rawValue ?? "-")
                        + (conversation.probablyNeedsNoReply ? " ○" : ""),
                    conversation.snippet,
                ])
            }
            print(table.render(width: terminalWidth()), terminator: "")
            if let next = page.next {
                // The same command again, from the next page: the store and filter it was given included.
                var again = ["tanggap", "queue", "--view", view.rawValue]
                if let store = options.store { again += ["--store", Self.shellQuoted(store)] }
                if !filter.isEmpty { again += ["--filter", Self.shellQuoted(filter.description)] }
                again += ["--after", next.description]
                print(TerminalText.singleLine("more: " + again.joined(separator: " ")))
            }
        }
    }
}

extension QueueCommand {
    /// `text` as one shell word: as it is when it is plain, else in single quotes.
    static func shellQuoted(_ text: String) -> String {
        let plain = text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./:@%+=,".contains($0)) }
        return plain && !text.isEmpty ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

extension QueueView: ExpressibleByArgument {}
