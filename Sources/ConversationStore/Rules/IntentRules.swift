import TextAnalysis

/// What a message's intent decides about the conversation (``IntentClassifier`` reads it).
package enum IntentRules {
    static let classifier = IntentClassifier()

    /// The tags that make a reply template a closing: one for a customer who thanks or closes.
    static let closingTags: Set<String> = ["thanks", "closing", "makasih", "intent:thanks", "intent:praise"]

    /// Whether a customer's message thanks, acknowledges or praises and asks nothing (so a closing fits, and a
    /// troubleshooting answer does not), and the cues that say so.
    static func closes(_ text: String) -> (closes: Bool, why: String) {
        let reading = classifier.read(text)
        guard !reading.needsReply, reading.primary == .thanks || reading.primary == .praise else { return (false, "") }
        return (true, reading.primary == .thanks ? "thanks or closes (\(reading.why))" : "praises (\(reading.why))")
    }

    /// Whether a template is a closing: tagged `thanks`, `closing` or `intent:thanks`.
    static func isClosing(_ template: ReplyTemplate) -> Bool {
        template.tags.contains { closingTags.contains($0.lowercased()) }
    }

    /// The reason kept when an agent confirms the estimate that a conversation needs no reply (one key in the
    /// console, `tanggap no-reply` without `--reason`): what its customer's latest message is. Nil when there is
    /// nothing to confirm: it waits on nobody, or the message reads as asking for something (`why` says what it
    /// reads as).
    package static func confirmedNoReplyReason(_ conversation: Conversation) -> (reason: String?, why: String) {
        guard conversation.probablyNeedsNoReply else {
            return (nil, conversation.needsReply ? notExpected(conversation) : waitsForNothing(conversation))
        }
        switch conversation.intent {
        case .thanks?: return ("a plain thanks or closing (estimate confirmed)", "")
        case .praise?: return ("praise that asks nothing (estimate confirmed)", "")
        case .spam?: return ("spam (estimate confirmed)", "")
        default: return ("the customer asks nothing (estimate confirmed)", "")
        }
    }

    /// Why a conversation that waits on nobody has nothing to confirm.
    private static func waitsForNothing(_ conversation: Conversation) -> String {
        if let reason = conversation.noReplyReason { return "it is marked as needing no reply already: \(reason)" }
        switch conversation.status {
        case .resolved, .pending, .snoozed: return "it is \(conversation.status.rawValue): nothing waits"
        default: return "its customer's messages are answered: nothing waits"
        }
    }

    /// Why a conversation waiting on an agent is expected to get a reply.
    private static func notExpected(_ conversation: Conversation) -> String {
        let reads = conversation.intent.map { "reads as " + Self.named($0) } ?? "has no cue"
        return "the customer's latest message \(reads): it needs a reply"
    }

    /// An intent as a sentence names it: `a complaint`, `feedback`.
    static func named(_ intent: Intent) -> String {
        switch intent {
        case .complaint, .question, .request: "a " + intent.rawValue
        case .deal: "asking for a deal"
        case .feedback, .praise, .thanks, .spam: intent.rawValue
        }
    }
}

extension Conversation {
    /// It waits on an agent, but the customer's messages awaiting an answer probably ask for nothing (a plain
    /// thanks or closing, praise, spam: ``replyExpected`` is false). The queue dims and marks it, the
    /// `probably-no-reply` view holds exactly these, and an agent confirms it (``IntentRules``); only then does it
    /// leave the response rate.
    public var probablyNeedsNoReply: Bool { needsReply && !replyExpected }
}
