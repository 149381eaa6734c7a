import ArgumentParser
import ConversationStore
import Foundation
import Presentation

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one conversation with its messages.")

    @Argument(help: "The conversation id.")
    var id: String

    @Flag(help: "Print one JSON object: {\"conversation\": …, \"messages\": […]}.")
    var json = false

    @Flag(help: "Mask personal data and name the customer by pseudonym (as `tanggap export --redact`).")
    var redact = false

    @OptionGroup var options: StoreOptions

    func run() async throws {
        let id = try conversationID(id)
        try await runReportingErrors {
            let store = try await options.openStore()
            guard var thread = try await store.thread(id) else {
                throw StoreError(.notFound, "no conversation with id \(id)")
            }
            if redact { thread = Redaction(storeID: try await store.storeID()).thread(thread) }
            if json {
                print(thread.json.serialized())
                return
            }
            let conversation = thread.conversation
            let customer = conversation.customer
            let who = [customer?.name, customer?.handle.map { "@" + $0 }].compactMap { $0 }.joined(separator: " ")
            print(
                TerminalText.singleLine(
                    "#\(conversation.id) \(conversation.channel) \(conversation.visibility) · \(who.isEmpty ? "unknown customer" : who)"
                        + (conversation.account.map { " → @\($0)" } ?? "")))
            var facts = ["status \(conversation.status.rawValue)", "priority \(conversation.priority.rawValue)"]
            if let assignee = conversation.assignee { facts.append("claimed by \(assignee)") }
            if let due = conversation.slaDueAt { facts.append("reply \(DurationText.due(due, now: store.now()))") }
            if !conversation.tags.isEmpty { facts.append("tags " + conversation.tags.joined(separator: ", ")) }
            if let reason = conversation.noReplyReason { facts.append("no reply needed: \(reason)") }
            print(TerminalText.singleLine(facts.joined(separator: " · ")))
            for message in thread.messages {
                let arrow: String
                switch message.direction {
                case .inbound: arrow = "<"
                case .outbound: arrow = ">"
                case .note: arrow = "#"
                }
                var author = message.agent ?? message.authorHandle.map { "@" + $0 } ?? message.authorID
                if message.direction == .note { author = "note by \(author)" }
                var header = "\(arrow) \(Timestamp.format(message.createdAt)) \(author)"
                if message.visibility == .private && message.direction != .note { header += " (private)" }
                if let delivery = message.delivery { header += " [\(delivery.rawValue)]" }
                print("")
                print(TerminalText.singleLine(header))
                for line in TerminalText.lines(message.text) { print("  " + line) }
            }
        }
    }
}
