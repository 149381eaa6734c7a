import Crypto
import Foundation
import Logging

/// Copies a whole store to a new one (SQLite to PostgreSQL, back, or between two servers), keeping every id, so
/// that journals, links and reports go on naming the same conversations. Nothing is half-copied: PostgreSQL
/// receives the copy in one transaction, SQLite in a file beside the destination that takes its name only once the
/// copy is checked. The check reads the copy back and compares each table's row count and checksum with the
/// source's, read from one consistent snapshot.
public enum StoreCopy {
    /// A table's rows: what is copied and what the checksum covers.
    public struct Table: Sendable {
        public enum Kind: Sendable { case integer, boolean, real, text }

        public let name: String
        package let columns: [(name: String, kind: Kind)]
        /// The integer column rows are read by, in ranges; nil for small tables read whole.
        package let key: String?
        /// Written by the destination's own code (articles: their search index is built from them) rather than
        /// row by row.
        package let rebuilt: Bool
        /// Replaces the destination's row rather than adding to it (the store's id).
        package let replaces: Bool

        init(
            _ name: String, key: String?, rebuilt: Bool = false, replaces: Bool = false,
            _ columns: [(String, Kind)]
        ) {
            self.name = name
            self.key = key
            self.rebuilt = rebuilt
            self.replaces = replaces
            self.columns = columns.map { (name: $0.0, kind: $0.1) }
        }

        package var columnNames: [String] { columns.map(\.name) }
    }

    /// One value as both stores hold it; booleans are 0 and 1.
    public enum Value: Sendable, Hashable {
        case null
        case integer(Int64)
        case real(Double)
        case text(String)
    }

    /// The tables copied, parents before children. What a store derives from them (the search indexes, word
    /// counts, passages) is rebuilt by the destination.
    public static let tables: [Table] = [
        Table("store_info", key: nil, replaces: true, [("key", .text), ("value", .text)]),
        Table("account", key: "id", [("id", .integer), ("channel", .text), ("handle", .text), ("name", .text)]),
        Table(
            "customer", key: "id",
            [
                ("id", .integer), ("channel", .text), ("external_id", .text), ("handle", .text), ("name", .text),
                ("first_seen_at", .integer), ("conversation_count", .integer), ("followers", .integer),
            ]),
        Table(
            "conversation", key: "id",
            [
                ("id", .integer), ("channel", .text), ("account_id", .integer), ("customer_id", .integer),
                ("status", .text), ("status_changed_at", .integer), ("priority", .integer), ("urgency", .integer),
                ("assignee", .text), ("claim_expires_at", .integer), ("visibility", .text), ("external_id", .text),
                ("snippet", .text), ("message_count", .integer), ("first_message_at", .integer),
                ("first_message_inbound", .boolean), ("first_inbound_at", .integer), ("first_response_at", .integer),
                ("first_responder", .text), ("last_inbound_at", .integer), ("last_outbound_at", .integer),
                ("last_message_at", .integer), ("awaiting_since", .integer), ("needs_reply", .boolean),
                ("due_at", .integer), ("snoozed_until", .integer), ("resolved_at", .integer), ("resolved_by", .text),
                ("no_reply_reason", .text), ("no_reply_at", .integer), ("sentiment", .real), ("revision", .integer),
                ("personal_data", .integer),
                ("handled_by", .text), ("handled_at", .integer), ("handled_revision", .integer),
                ("intent", .text), ("reply_expected", .boolean), ("first_intent", .text),
            ]),
        Table(
            "message", key: "id",
            [
                ("id", .integer), ("conversation_id", .integer), ("channel", .text), ("external_id", .text),
                ("in_reply_to", .text), ("direction", .text), ("customer_id", .integer), ("account_id", .integer),
                ("author_id", .text), ("author_handle", .text), ("author_name", .text), ("agent", .text),
                ("text", .text), ("created_at", .integer), ("visibility", .text), ("delivery", .text),
                ("delivery_error", .text), ("idempotency_key", .text), ("automatic", .boolean),
                ("delivery_attempts", .integer), ("delivery_started_at", .integer), ("delivery_retry_at", .integer),
                ("masked_personal_data", .integer),
            ]),
        Table("conversation_tag", key: "conversation_id", [("conversation_id", .integer), ("tag", .text)]),
        Table("conversation_alias", key: "merged_id", [("merged_id", .integer), ("conversation_id", .integer)]),
        Table(
            "answered", key: "conversation_id",
            [
                ("conversation_id", .integer), ("terms", .text), ("reply", .text), ("customer_name", .text),
                ("customer_handle", .text),
            ]),
        Table(
            "event", key: "seq",
            [
                ("seq", .integer), ("id", .text), ("journal", .text), ("prev_hash", .text), ("hash", .text),
                ("at", .integer), ("agent", .text), ("host", .text), ("action", .text), ("conversation_id", .integer),
                ("conversation_ref", .text), ("payload", .text), ("outcome", .text), ("error", .text),
                ("error_code", .text), ("error_holder", .text),
            ]),
        // Each hour's term counts (TermHours): kept as they are, with the store_info row saying they are complete.
        Table("term_hour", key: "hour", [("term", .text), ("hour", .integer), ("count", .integer)]),
        Table("agent", key: nil, [("name", .text), ("role", .text), ("added_by", .text), ("added_at", .integer)]),
        Table("agent_key", key: nil, [("agent", .text), ("key", .text), ("since", .integer)]),
        Table(
            "login_agent", key: nil,
            [("login", .text), ("agent", .text), ("position", .integer), ("mapped_by", .text), ("mapped_at", .integer)]
        ),
        Table(
            "reply_template", key: nil,
            [
                ("id", .text), ("name", .text), ("body", .text), ("language", .text), ("tags", .text),
                ("sets_status", .text), ("adds_tags", .text),
            ]),
        // Read in the order they were saved (ties in ranking go to the older article); the analysed terms are
        // recomputed by the destination and must come out the same.
        Table(
            "article", key: nil, rebuilt: true,
            [
                ("id", .text), ("title", .text), ("body", .text), ("tags", .text), ("language", .text),
                ("updated_at", .integer), ("terms_title", .text), ("terms_tags", .text), ("terms_body", .text),
                ("terms_length", .integer),
            ]),
    ]

    /// The tables that must be empty in a destination: a copy goes into a new store, never on top of data.
    package static let dataTables = [
        "account", "customer", "conversation", "message", "event", "agent", "article", "reply_template",
    ]

    /// How many key values one read covers.
    package static let keySpan: Int64 = 5_000

    /// A table's row count and checksum on one side.
    public struct Tally: Sendable, Equatable {
        public private(set) var rows = 0
        private var lanes: [UInt64] = [0, 0, 0, 0]

        public init() {}

        /// The checksum: the sum of the rows' SHA-256 digests modulo 2²⁵⁶, so it does not depend on the order
        /// rows are read in, in hex.
        public var checksum: String {
            lanes.map { lane in
                let hex = String(lane, radix: 16)
                return String(repeating: "0", count: 16 - hex.count) + hex
            }.joined()
        }

        package mutating func add(_ row: [Value]) {
            rows += 1
            var bytes: [UInt8] = []
            bytes.reserveCapacity(128)
            for value in row {
                switch value {
                case .null: bytes.append(0)
                case .integer(let number):
                    bytes.append(1)
                    withUnsafeBytes(of: number.littleEndian) { bytes.append(contentsOf: $0) }
                case .real(let number):
                    bytes.append(2)
                    withUnsafeBytes(of: number.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
                case .text(let text):
                    let utf8 = Array(text.utf8)
                    bytes.append(3)
                    withUnsafeBytes(of: UInt64(utf8.count).littleEndian) { bytes.append(contentsOf: $0) }
                    bytes.append(contentsOf: utf8)
                }
            }
            let digest = Array(SHA256.hash(data: bytes))
            // Adds the digest, as a 256-bit number, lane by lane with carries.
            var carry: UInt64 = 0
            for lane in (0..<4).reversed() {
                var word: UInt64 = 0
                for byte in digest[(lane * 8)..<(lane * 8 + 8)] { word = word << 8 | UInt64(byte) }
                let (partial, overflow1) = lanes[lane].addingReportingOverflow(word)
                let (sum, overflow2) = partial.addingReportingOverflow(carry)
                lanes[lane] = sum
                carry = (overflow1 ? 1 : 0) + (overflow2 ? 1 : 0)
            }
        }
    }

    /// What a copy found: each table's count and checksum in the source and, read back, in the copy.
    public struct Report: Sendable {
        public struct Line: Sendable {
            public let table: String
            public let source: Tally
            public let copy: Tally
            public var matches: Bool { source == copy }

            package init(table: String, source: Tally, copy: Tally) {
                self.table = table
                self.source = source
                self.copy = copy
            }
        }

        public let from: StoreLocation
        public let to: StoreLocation
        public let lines: [Line]
        public var matches: Bool { lines.allSatisfy(\.matches) }

        public func rows(of table: String) -> Int { lines.first { $0.table == table }?.source.rows ?? 0 }

        package init(from: StoreLocation, to: StoreLocation, lines: [Line]) {
            self.from = from
            self.to = to
            self.lines = lines
        }
    }

    /// A copy that did not come out the same; nothing of it was kept.
    public struct Mismatch: Error, Sendable, CustomStringConvertible {
        public let report: Report

        package init(report: Report) { self.report = report }
        public var description: String {
            let tables = report.lines.filter { !$0.matches }.map(\.table).joined(separator: ", ")
            return "the copy differs from the source in \(tables); nothing was kept"
        }
    }

    /// Refuses rows PostgreSQL cannot hold whole: a text with a NUL character (U+0000), which an older SQLite store
    /// may hold and PostgreSQL's text type cannot; the error names the table and the row.
    package static func refuseNUL(in rows: [[Value]], of table: Table) throws {
        for row in rows {
            for (index, value) in row.enumerated() {
                guard case .text(let text) = value, text.utf8.contains(0) else { continue }
                let key = table.key.flatMap { key in table.columnNames.firstIndex(of: key) }.map { index in
                    switch row[index] {
                    case .integer(let number): String(number)
                    case .text(let text): text
                    default: "?"
                    }
                }
                let column = table.columnNames[index]
                throw StoreError(
                    .invalidLocation,
                    "\(table.name) \(key.map { "row \($0)" } ?? "row"): its \(column) holds a NUL character (U+0000), "
                        + "which PostgreSQL cannot store; nothing was copied (mask it in the source first, or "
                        + "migrate to a SQLite file, which keeps it whole)")
            }
        }
    }

    /// Says which data tables hold rows, for the error that refuses to copy on top of them.
    package static func refuseUnlessEmpty(_ counts: [(table: String, rows: Int)], at location: StoreLocation) throws {
        let held = counts.filter { $0.rows > 0 }
        guard !held.isEmpty else { return }
        let list = held.map { "\($0.rows) \($0.table) rows" }.joined(separator: ", ")
        throw StoreError(
            .invalidLocation,
            "the store at \(location) already holds data (\(list)); migrate copies into a new, empty store")
    }
}

/// A store read from one consistent snapshot, for a copy.
package protocol CopyReader: Sendable {
    /// The smallest and largest `key` in the table; nil when it is empty.
    func keyBounds(of table: StoreCopy.Table, key: String) async throws -> ClosedRange<Int64>?
    /// The rows whose key falls in `keys`, or every row, with the table's columns in order.
    func rows(of table: StoreCopy.Table, keys: ClosedRange<Int64>?) async throws -> [[StoreCopy.Value]]
}

/// A store a copy can be read from.
package protocol CopySource: Sendable {
    /// Runs `body` with a reader that sees the store as it was when it began, whatever others write meanwhile.
    func withSnapshot<T: Sendable>(_ body: (any CopyReader) async throws -> T) async throws -> T
}

/// A new store being filled by a copy; it reads back what it holds so far.
package protocol CopyWriter: CopyReader {
    func insert(_ rows: [[StoreCopy.Value]], into table: StoreCopy.Table) async throws
    func saveArticles(_ articles: [Article]) async throws
    /// Rebuilds what the store derives from the copied rows: search indexes, word counts, id counters.
    func finish() async throws
}
