import TextAnalysis

/// What a conversation keeps of its customer's intent: what the latest customer message wants and whether it asks
/// for a reply (an estimate; only an agent's no-reply mark ends `needs_reply`), and what the first wanted. Decided
/// here once, for ``Derivation`` and for stores working them out for conversations they held before.
package struct IntentColumns: Equatable, Sendable {
    package var intent: Intent?
    package var replyExpected: Bool
    package var firstIntent: Intent?

    /// From the texts of the customer's latest and earliest messages (no customer message: a reply is expected, as
    /// for a message with no cue).
    package init(latest: String?, earliest: String?, facts: TextFacts = TextFacts()) {
        let reading = latest.map { facts.intent(of: $0) }
        intent = reading?.primary
        replyExpected = reading?.needsReply ?? true
        firstIntent = earliest.flatMap { facts.intent(of: $0).primary }
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
