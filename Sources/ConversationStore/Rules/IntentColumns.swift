import TextAnalysis

/// What a conversation keeps of its customer's intent: what the latest customer message wants and whether it asks
/// for a reply (an estimate; only an agent's no-reply mark ends `needs_reply`), and what the first wanted. Decided
/// here once, for ``Derivation`` and for stores working them out for conversations they held before.
package struct IntentColumns: Equatable, Sendable {
    package var intent: Intent?
    package var replyExpected: Bool
    package var firstIntent: Intent?

    /// From the texts of the customer's latest and earliest messages, and of those awaiting an answer (after the
    /// latest response, ``Derivation/awaiting(_:)``). A reply is expected when any message awaiting one asks for it:
    /// "ok deh" after an unanswered complaint leaves the complaint waiting. With none awaiting (or not given), the
    /// latest message decides; with no customer message a reply is expected, as for a message with no cue.
    package init(latest: String?, earliest: String?, awaiting: [String]? = nil, facts: TextFacts = TextFacts()) {
        let reading = latest.map { facts.intent(of: $0) }
        intent = reading?.primary
        if let awaiting, !awaiting.isEmpty {
            replyExpected = awaiting.contains { facts.intent(of: $0).needsReply }
        } else {
            replyExpected = reading?.needsReply ?? true
        }
        firstIntent = earliest.flatMap { facts.intent(of: $0).primary }
    }

    /// From a conversation's messages (notes among them or not), as ``Derivation`` works them out.
    package init(messages all: [DerivedMessage], facts: TextFacts = TextFacts()) {
        let messages = all.filter { !$0.isNote }
        let inbound = messages.filter(\.isInbound)
        self.init(
            latest: inbound.max(by: DerivedMessage.earlier)?.text,
            earliest: inbound.min(by: DerivedMessage.earlier)?.text,
            awaiting: Derivation.awaiting(messages).map(\.text), facts: facts)
    }

    /// Customer messages read in any order, folded into each conversation's columns; messages are ordered as
    /// ``DerivedMessage/earlier(_:_:)`` orders them (time, then external id).
    package struct Backfill {
        private struct Ends {
            var earliest: (at: Int64, external: String, text: String)
            var latest: (at: Int64, external: String, text: String)
        }

        private var ends: [Int64: Ends] = [:]

        package init() {}

        package mutating func add(conversation: Int64, createdAt: Int64, externalID: String, text: String) {
            let message = (at: createdAt, external: externalID, text: text)
            guard var known = ends[conversation] else {
                ends[conversation] = Ends(earliest: message, latest: message)
                return
            }
            if (message.at, message.external) < (known.earliest.at, known.earliest.external) {
                known.earliest = message
            }
            if (message.at, message.external) > (known.latest.at, known.latest.external) { known.latest = message }
            ends[conversation] = known
        }

        /// Each conversation with customer messages, and its columns.
        package var columns: [(conversation: Int64, columns: IntentColumns)] {
            ends.keys.sorted().compactMap { id in
                ends[id].map { (id, IntentColumns(latest: $0.latest.text, earliest: $0.earliest.text)) }
            }
        }
    }
}
