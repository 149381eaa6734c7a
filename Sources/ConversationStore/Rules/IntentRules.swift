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
}
