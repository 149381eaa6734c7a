import Foundation

/// Walks a journal's hash chain and names the first line that is not as it was written.
public enum JournalVerifier {
    /// What the walk found.
    public struct Finding: Hashable, Sendable, CustomStringConvertible {
        public enum Kind: String, Hashable, Sendable {
            /// The line's bytes do not match its hash.
            case altered
            /// The line does not follow the one before it: lines before it were removed.
            case removed
            /// The line follows a line that comes later in the file.
            case reordered
            /// The last line is cut short (no newline, or incomplete JSON).
            case torn
            /// The line is not an entry at all.
            case malformed
            /// Entries the store applied are missing from the end of the file.
            case truncated
            /// The line's signature does not verify: someone else wrote it, or changed it.
            case forged
            /// The line is not signed, though lines before it are: tanggap did not write it.
            case unsigned
            /// A line the store has not applied that it would refuse (``JournalTrust``).
            case untrusted
        }

        public var kind: Kind
        /// 1-based line number.
        public var line: Int
        public var detail: String

        public var description: String { "line \(line): \(kind.rawValue): \(detail)" }
    }

    /// The outcome of a walk: how many entries are intact, and the first problem, if any.
    public struct Report: Hashable, Sendable {
        public var entries: [JournalEntry]
        public var finding: Finding?
        public var isIntact: Bool { finding == nil }
    }

    /// Verifies a journal file's bytes.
    public static func verify(_ data: Data) -> Report {
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let endsWithNewline = data.last == UInt8(ascii: "\n") || data.isEmpty
        if endsWithNewline { lines.removeLast() }
        var entries: [JournalEntry] = []
        var positions: [String: Int] = [:]  // hash → line number
        var ids: Set<String> = []
        var previous = JournalEntry.genesisHash
        var parsed: [(Int, JournalEntry)] = []
        var signedBefore = false
        for (index, bytes) in lines.enumerated() {
            let number = index + 1
            let text = String(decoding: bytes, as: UTF8.self)
            switch JournalEntry.parse(line: text) {
            case .failure(.hashMismatch):
                return Report(
                    entries: entries,
                    finding: Finding(kind: .altered, line: number, detail: "the line does not match its hash"))
            case .failure(.malformed(let why)):
                let isLast = index == lines.count - 1
                if isLast && !endsWithNewline {
                    return Report(
                        entries: entries,
                        finding: Finding(kind: .torn, line: number, detail: "the last line is cut short (\(why))"))
                }
                return Report(
                    entries: entries,
                    finding: Finding(kind: .malformed, line: number, detail: "not a journal entry: \(why)"))
            case .success(let entry):
                parsed.append((number, entry))
            }
        }
        let lineOfHash = Dictionary(parsed.map { ($0.1.hash, $0.0) }, uniquingKeysWith: { first, _ in first })
        for (number, entry) in parsed {
            if entry.previousHash != previous {
                if let earlier = positions[entry.previousHash] {
                    return Report(
                        entries: entries,
                        finding: Finding(
                            kind: .reordered, line: number,
                            detail: "it follows line \(earlier), which is not the line before it"))
                }
                if let later = lineOfHash[entry.previousHash], later > number {
                    return Report(
                        entries: entries,
                        finding: Finding(
                            kind: .reordered, line: number, detail: "it follows line \(later), which comes after it"))
                }
                let detail =
                    number == 1 && entry.previousHash != JournalEntry.genesisHash
                    ? "the journal does not start at its first entry: lines were removed from the start"
                    : "the line before it is missing: one or more lines were removed"
                return Report(entries: entries, finding: Finding(kind: .removed, line: number, detail: detail))
            }
            if !ids.insert(entry.id).inserted {
                return Report(
                    entries: entries,
                    finding: Finding(kind: .altered, line: number, detail: "entry \(entry.id) appears twice"))
            }
            if case .withdraw(let withdrawn, _)? = entry.journalAction, !ids.contains(withdrawn) {
                // A withdrawal follows the entry it withdraws, in the same journal, always.
                return Report(
                    entries: entries,
                    finding: Finding(
                        kind: .malformed, line: number,
                        detail: "it withdraws entry \(withdrawn), which is not earlier in the journal"))
            }
            if let key = entry.key {
                guard entry.signatureVerifies else {
                    return Report(
                        entries: entries,
                        finding: Finding(
                            kind: .forged, line: number,
                            detail: "its signature does not verify: the line was altered or written by someone else"))
                }
                signedBefore = true
            } else if signedBefore {
                return Report(
                    entries: entries,
                    finding: Finding(
                        kind: .unsigned, line: number, detail: "it is not signed, though the lines before it are"))
            }
            positions[entry.hash] = number
            previous = entry.hash
            entries.append(entry)
        }
        if !endsWithNewline, let last = parsed.last {
            return Report(
                entries: entries,
                finding: Finding(kind: .torn, line: last.0, detail: "the last line has no newline: the write was cut"))
        }
        return Report(entries: entries, finding: nil)
    }

    /// Verifies a journal file against the store's mirror of its entries: entries the store applied that are no
    /// longer in the file were cut from its end (or removed).
    /// With `keys` (the keys each agent acts with) and `lastApplied` (per journal), an entry the store has not
    /// applied that it would refuse (``JournalTrust``) is named too.
    /// `store` is the store's id: entries meant for another store are left to it; `applied`, the ids among the
    /// journal's entries the store has mirrored (applied or refused), when known.
    public static func verify(
        _ data: Data, mirrored: [JournalEntry], keys: [String: Set<String>]? = nil, lastApplied: [String: Date] = [:],
        store: String? = nil, applied known: Set<String>? = nil
    ) -> Report {
        var report = verify(data)
        guard report.isIntact else { return report }
        if let keys {
            let applied = known ?? Set(mirrored.map(\.id))
            var withdrawn = Set<String>()
            for entry in report.entries {
                if case .withdraw(let id, _)? = entry.journalAction { withdrawn.insert(id) }
            }
            for (index, entry) in report.entries.enumerated() where !applied.contains(entry.id) {
                // A withdrawn entry and the withdrawal itself are never applied.
                if entry.action == "withdraw" || withdrawn.contains(entry.id) { continue }
                if let store, entry.store != store { continue }
                if let why = JournalTrust.problem(entry, keys: keys, lastApplied: lastApplied[entry.journal]) {
                    report.finding = Finding(
                        kind: .untrusted, line: index + 1, detail: "the store would refuse it: \(why)")
                    return report
                }
            }
        }
        let present = Set(report.entries.map(\.hash))
        let journals = Set(report.entries.map(\.journal))
        let missing = mirrored.filter {
            (journals.isEmpty || journals.contains($0.journal)) && !present.contains($0.hash)
        }
        if let first = missing.min(by: { $0.time < $1.time }) {
            let count = report.entries.count
            report.finding = Finding(
                kind: .truncated, line: count + 1,
                detail:
                    "\(missing.count) \(missing.count == 1 ? "entry" : "entries") the store applied \(missing.count == 1 ? "is" : "are") missing after line \(count) (the first: \(first.action) by \(first.agent) at \(Timestamp.format(first.time)), id \(first.id))"
            )
        }
        return report
    }
}
