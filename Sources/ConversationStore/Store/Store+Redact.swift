import Foundation
import TextAnalysis

/// Retention: personal data masked in what the store has kept long enough.
extension Store {
    /// What ``redact(olderThan:dryRun:by:)`` changed, or would change.
    public struct RedactionSummary: Hashable, Sendable {
        /// Messages whose text changed.
        public var messages = 0
        /// Pieces of personal data masked.
        public var findings = 0
        /// Of `findings`, by kind.
        public var kinds: [PersonalDataKind: Int] = [:]
    }

    /// Masks the personal data (``PersonalData``) in every message stored before `cutoff`, customers' and agents'
    /// alike, a batch at a time, each batch in one transaction with its conversations derived again; journals what
    /// it did (unless `dryRun`, which only counts). Running it again changes nothing: a masked text holds no
    /// personal data. Only a supervisor changes stored texts; anyone may count.
    public func redact(
        olderThan cutoff: Date, dryRun: Bool = false, by agent: String
    ) async throws
        -> RedactionSummary
    {
        // Asked before any text changes, by the rule the store checks again when it mirrors the redaction.
        if !dryRun {
            do {
                try ActionRules.checkSupervision(
                    of: .redacted(before: cutoff, messages: 0, findings: 0), by: agent,
                    actorRole: try await role(of: agent).rawValue)
            } catch let refusal as StoreError {
                throw StoreError(
                    refusal.code,
                    refusal.message + " (tanggap agents add \(agent) --role supervisor, by a supervisor); --dry-run "
                        + "counts without changing anything")
            }
        }
        var summary = RedactionSummary()
        var after: Int64 = 0
        while true {
            let texts = try await backend.messageTexts(before: cutoff, after: after, limit: 2_000)
            guard let last = texts.last else { break }
            after = last.id
            var changed: [StoredText] = []
            for stored in texts {
                let found = PersonalData.find(in: stored.text)
                guard !found.isEmpty else { continue }
                summary.messages += 1
                summary.findings += found.count
                for finding in found { summary.kinds[finding.kind, default: 0] += 1 }
                changed.append(
                    StoredText(
                        id: stored.id, conversation: stored.conversation, text: PersonalData.mask(stored.text),
                        masked: PersonalDataRules.masking(found.map(\.kind), into: stored.masked)))
            }
            if !dryRun { try await backend.replaceTexts(changed) }
        }
        if !dryRun && summary.messages > 0 {
            try await record(
                .redacted(before: cutoff, messages: summary.messages, findings: summary.findings), on: nil, by: agent)
        }
        return summary
    }
}
