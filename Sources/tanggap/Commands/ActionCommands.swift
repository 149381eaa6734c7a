import ArgumentParser
import ConversationStore
import Foundation
import Presentation
import TextAnalysis

/// What every agent-action command shares: the conversation id, the store options, `--json`, and one call to
/// `Store.perform`.
struct ActionOptions: ParsableArguments {
    @Argument(help: "The conversation id.")
    var id: String

    @Flag(help: "Print the conversation afterwards as JSON.")
    var json = false

    @Option(
        help: ArgumentHelp(
            "The conversation's revision you read (show/queue --json print it): a claim, reply or resolve is refused (exit 5) when another agent answered or resolved it since.",
            valueName: "rev"))
    var seen: Int64?

    @OptionGroup var store: StoreOptions

    /// Performs the action and prints the outcome: `done` as a line, or the conversation as JSON.
    func perform(
        _ action: (Store, ConversationID) async throws -> AgentAction, allowing allowed: Set<PersonalDataKind> = [],
        done: (Conversation) -> String
    ) async throws {
        let id = try conversationID(id)
        try await runReportingErrors {
            let (opened, agent) = try await store.open()
            let conversation = try await opened.perform(
                try await action(opened, id), on: id, by: agent, seen: seen, allowing: allowed)
            print(json ? conversation.json.serialized() : TerminalText.singleLine(done(conversation)))
        }
    }
}

struct ClaimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claim",
        abstract: "Claim a conversation so no other agent works on it.",
        discussion: "Fails with exit code 3, naming the holder, when another agent holds the claim.")

    @Option(help: "How long the claim lasts, in minutes (renew by claiming again).")
    var minutes: Int = AgentAction.defaultLeaseSeconds / 60

    @OptionGroup var action: ActionOptions

    func validate() throws {
        guard (1...ActionRules.maximumLeaseSeconds / 60).contains(minutes) else {
            throw ValidationError("--minutes must be between 1 and \(ActionRules.maximumLeaseSeconds / 60)")
        }
    }

    func run() async throws {
        try await action.perform({ _, _ in .claim(leaseSeconds: minutes * 60) }) { conversation in
            let until = conversation.claimExpiresAt.map { " until " + Timestamp.format($0) } ?? ""
            return "claimed \(conversation.id)\(until)"
        }
    }
}

struct NextCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "next",
        abstract: "Claim the next conversation of a queue view that nobody else holds.",
        discussion: """
            The first conversation in the view's order (needs-reply: by SLA due time, then priority) that nobody else \
            holds; one you hold already comes up in its turn. When another agent takes it at the same moment, one of \
            the next few free ones is claimed instead. Exits 4 when the view has none.
            """)

    @Option(help: "needs-reply, probably-no-reply, unhappy, mine, unassigned, pending, snoozed, resolved or all.")
    var view: QueueView = .needsReply

    @Option(help: "Only conversations matching this, as typed after / in the console (tag:refund channel:twitter …).")
    var filter: String?

    @Option(help: "How long the claim lasts, in minutes (renew by claiming again).")
    var minutes: Int = AgentAction.defaultLeaseSeconds / 60

    @Flag(help: "Print the conversation claimed as JSON.")
    var json = false

    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard (1...ActionRules.maximumLeaseSeconds / 60).contains(minutes) else {
            throw ValidationError("--minutes must be between 1 and \(ActionRules.maximumLeaseSeconds / 60)")
        }
    }

    func run() async throws {
        try await runReportingErrors {
            let filter = try filter.map(QueueFilter.init(parsing:)) ?? QueueFilter()
            let (opened, agent) = try await store.open()
            guard
                let conversation = try await opened.claimNext(
                    view, filter: filter, by: agent, leaseSeconds: minutes * 60)
            else {
                let narrowed = filter.isEmpty ? "" : " matching '\(filter.description)'"
                throw StoreError(
                    .notFound,
                    "nothing to claim in \(view.rawValue)\(narrowed): every conversation there is claimed, or there is none"
                )
            }
            if json {
                print(conversation.json.serialized())
            } else {
                let until = conversation.claimExpiresAt.map { " until " + Timestamp.format($0) } ?? ""
                let who =
                    conversation.customer.map { $0.handle.map { " @" + $0 } ?? $0.name.map { " " + $0 } ?? "" } ?? ""
                print(TerminalText.singleLine("claimed \(conversation.id)\(until)\(who): \(conversation.snippet)"))
            }
        }
    }
}

struct ReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "release", abstract: "Give a claim back.")

    @OptionGroup var action: ActionOptions

    func run() async throws {
        try await action.perform({ _, _ in .release }) { "released \($0.id)" }
    }
}

struct ReplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reply",
        abstract: "Reply to the customer (queued in the outbox for delivery).",
        discussion: """
            Claims the conversation if nobody holds it. --private moves the customer to a private message. A public \
            reply holding personal data (a phone number, an NIK, an account number, …) is refused with exit code 5 \
            and the kinds found; reply privately, or pass --allow-personal-data (journaled). Card numbers and \
            one-time codes are masked in every reply.
            """)

    @Option(help: "The reply.")
    var text: String

    @Flag(help: "Reply privately (a direct message), moving the conversation off the public timeline.")
    var `private` = false

    @Flag(help: "Send a public reply even though it holds personal data (journaled as allowed).")
    var allowPersonalData = false

    @OptionGroup var action: ActionOptions

    func run() async throws {
        let allowed = allowPersonalData ? Set(PersonalDataKind.allCases) : []
        try await action.perform({ _, _ in .reply(text: text, isPrivate: `private`) }, allowing: allowed) {
            conversation in
            "reply to \(conversation.id) queued\(self.private ? " (private)" : "")"
        }
    }
}

struct NoteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "note", abstract: "Add an internal note; customers never see it.")

    @Option(help: "The note.")
    var text: String

    @OptionGroup var action: ActionOptions

    func run() async throws {
        try await action.perform({ _, _ in .note(text: text) }) { "note added to \($0.id)" }
    }
}

struct TagCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tag", abstract: "Tag a conversation.")

    @OptionGroup var action: ActionOptions

    @Argument(help: "Tags to add (letters, digits, '-', '_', ':', '/').")
    var tags: [String]

    @Flag(help: "Remove the tags instead.")
    var remove = false

    func run() async throws {
        try await action.perform({ _, _ in remove ? .untag(tags) : .tag(tags) }) { conversation in
            "\(conversation.id) tags: \(conversation.tags.isEmpty ? "(none)" : conversation.tags.joined(separator: ", "))"
        }
    }
}

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Set a conversation's status: open, pending or resolved.")

    @OptionGroup var action: ActionOptions

    @Argument(help: "open, pending (waiting on the customer) or resolved.")
    var state: ConversationStatus

    func run() async throws {
        try await action.perform({ _, _ in .setStatus(state) }) { "\($0.id) is \($0.status.rawValue)" }
    }
}

struct ResolveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve", abstract: "Resolve a conversation (the same as status ID resolved).")

    @OptionGroup var action: ActionOptions

    func run() async throws {
        try await action.perform({ _, _ in .setStatus(.resolved) }) { "\($0.id) is resolved" }
    }
}

struct PriorityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "priority", abstract: "Set a conversation's priority: low, normal, high or urgent.")

    @OptionGroup var action: ActionOptions

    @Argument(help: "low, normal, high or urgent.")
    var priority: Priority

    func run() async throws {
        try await action.perform({ _, _ in .setPriority(priority) }) { "\($0.id) priority \($0.priority.rawValue)" }
    }
}

struct SnoozeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snooze",
        abstract: "Hide a conversation until a time, or until the customer writes again.")

    @Option(
        help:
            "2h, 30m, 1d, \"tomorrow 9am\", \"mon 14:00\", \"besok 09:00\", 2026-11-23 09:00 (local time) or RFC 3339.")
    var until: String

    @OptionGroup var action: ActionOptions

    func run() async throws {
        try await action.perform(
            { store, _ in
                guard
                    let date = TimeExpression.parse(until, now: store.now(), timeZone: .current, direction: .ahead)
                else {
                    throw ValidationError(
                        "--until '\(until)' is not a time; try 2h, 1d, tomorrow 9am or 2026-11-23 09:00")
                }
                return .snooze(until: date)
            },
            done: { conversation in
                "\(conversation.id) snoozed until \(conversation.snoozedUntil.map(Timestamp.format) ?? "?")"
            })
    }
}

struct NoReplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "no-reply",
        abstract: "Mark a conversation as needing no reply (spam, a plain thank-you), with the reason.")

    @Option(
        help: """
            Why no reply is needed; kept for review. Without it the estimate is confirmed, its reason kept (a plain \
            thanks or closing, praise that asks nothing, spam); refused when the customer's latest message asks \
            for something.
            """)
    var reason: String?

    @OptionGroup var action: ActionOptions

    func run() async throws {
        try await action.perform({ store, id in
            if let reason { return .markNoReplyNeeded(reason: reason) }
            guard let conversation = try await store.thread(id)?.conversation else {
                throw StoreError.noConversation(id)
            }
            let estimate = IntentRules.confirmedNoReplyReason(conversation)
            guard let confirmed = estimate.reason else {
                throw StoreError.invalid("\(id): \(estimate.why); give --reason to mark it anyway")
            }
            return .markNoReplyNeeded(reason: confirmed)
        }) { "\($0.id) needs no reply: \($0.noReplyReason ?? "")" }
    }
}

struct ReplyNeededCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reply-needed",
        abstract: "Take a no-reply mark back: the conversation needs a reply after all and counts in the response rate."
    )

    @OptionGroup var action: ActionOptions

    func run() async throws {
        try await action.perform({ _, _ in .clearNoReply }) { "\($0.id) needs a reply" }
    }
}

extension ConversationStatus: ExpressibleByArgument {}
extension Priority: ExpressibleByArgument {
    /// As the console's prompt takes it: the name or its start (`h` for high).
    public init?(argument: String) { self.init(typed: argument) }
}
