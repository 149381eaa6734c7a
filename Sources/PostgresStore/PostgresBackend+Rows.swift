import ConversationStore
import Foundation
import Logging
import PostgresNIO

/// Reading a conversation's row for the rules, and writing what they decided (see `Rules/`). Nothing here decides
/// anything: the rules hand over a ``ConversationPatch`` and it is written as it is.
extension PostgresBackend {
    /// The row of conversation `id` as the rules read it; `locking` takes the row's lock for the transaction
    /// (`FOR UPDATE`), so that of agents on many machines acting at once, each sees the one before.
    static func row(
        _ id: Int64, locking: Bool = false, on connection: PostgresConnection, logger: Logger
    ) async throws -> ConversationRow? {
        try await rows([id], locking: locking, on: connection, logger: logger).first
    }

    /// The rows of several conversations in one read, in id order (the order their locks are taken in).
    static func rows(
        _ ids: [Int64], locking: Bool = false, on connection: PostgresConnection, logger: Logger
    ) async throws -> [ConversationRow] {
        guard !ids.isEmpty else { return [] }
        let query: PostgresQuery = """
            SELECT c.channel, c.status, c.status_changed_at, c.priority, c.visibility, c.assignee,
                c.claim_expires_at, c.snoozed_until, c.account_id, a.handle, c.customer_id, c.no_reply_reason,
                c.no_reply_at, c.revision, c.handled_by, c.handled_at, c.handled_revision,
                (SELECT external_id FROM message WHERE conversation_id = c.id AND direction = 'inbound'
                    ORDER BY created_at DESC, id DESC LIMIT 1), c.id
            FROM conversation c LEFT JOIN account a ON a.id = c.account_id
            WHERE c.id = ANY(\(ids)) ORDER BY c.id \(unescaped: locking ? "FOR UPDATE OF c" : "")
            """
        var found: [ConversationRow] = []
        for try await row in try await connection.query(query, logger: logger) {
            let cells = row.makeRandomAccess()
            found.append(
                ConversationRow(
                    id: try cells[18].decode(Int64.self), channel: try cells[0].decode(String.self),
                    status: ConversationStatus(rawValue: try cells[1].decode(String.self)) ?? .open,
                    statusChangedAt: try cells[2].decode(Int64.self),
                    priority: Priority(rank: try cells[3].decode(Int.self)) ?? .normal,
                    visibility: Visibility(rawValue: try cells[4].decode(String.self)) ?? .public,
                    assignee: try cells[5].decode(String?.self), claimExpiresAt: try cells[6].decode(Int64?.self),
                    snoozedUntil: try cells[7].decode(Int64?.self), accountID: try cells[8].decode(Int64?.self),
                    accountHandle: try cells[9].decode(String?.self), customerID: try cells[10].decode(Int64?.self),
                    noReplyReason: try cells[11].decode(String?.self), noReplyAt: try cells[12].decode(Int64?.self),
                    latestInboundExternalID: try cells[17].decode(String?.self),
                    revision: try cells[13].decode(Int64.self), handledBy: try cells[14].decode(String?.self),
                    handledAt: try cells[15].decode(Int64?.self), handledRevision: try cells[16].decode(Int64?.self)))
        }
        return found
    }

    /// The conversation columns that hold text; the others a patch sets hold integers.
    static let textColumns: Set<String> = [
        "status", "visibility", "assignee", "resolved_by", "no_reply_reason", "handled_by",
    ]

    /// Writes many patches that change only the conversations' own columns (no tags, no message), in one statement
    /// for each set of columns they set: the claim sweep giving back hundreds of expired claims at once is a few
    /// round trips, not hundreds.
    static func writeColumns(
        of patches: [(id: Int64, patch: ConversationPatch)], on connection: PostgresConnection, logger: Logger
    ) async throws {
        let groups = Dictionary(grouping: patches) { $0.patch.assignments.map(\.column) }
        for (columns, members) in groups.sorted(by: { $0.key.joined(separator: ",") < $1.key.joined(separator: ",") })
        where !columns.isEmpty {
            var arrays = ColumnArrays()
            arrays.add("id", "int8", members.map(\.id))
            for (index, column) in columns.enumerated() {
                let values = members.map { $0.patch.assignments[index].value }
                if textColumns.contains(column) {
                    arrays.add(column, "text", values.map { if case .text(let text) = $0 { text } else { nil } })
                } else {
                    arrays.add(
                        column, "int8", values.map { if case .integer(let number) = $0 { number } else { nil } })
                }
            }
            try await connection.query(
                arrays.query(
                    """
                    UPDATE conversation c SET \(columns.map { "\($0) = u.\($0)" }.joined(separator: ", "))
                    FROM \(arrays.unnest) AS u (\(arrays.names)) WHERE c.id = u.id
                    """), logger: logger)
        }
    }

    /// Writes `patch` to conversation `id`: its columns, its tags and its message.
    static func write(
        _ patch: ConversationPatch, to id: Int64, on connection: PostgresConnection, logger: Logger
    ) async throws {
        let assignments = patch.assignments
        if !assignments.isEmpty {
            var binds = PostgresBindings(capacity: assignments.count + 1)
            var sets: [String] = []
            for (column, value) in assignments {
                binds.append(value)
                sets.append("\(column) = $\(binds.count)")
            }
            binds.append(id)
            let sql = "UPDATE conversation SET \(sets.joined(separator: ", ")) WHERE id = $\(binds.count)"
            try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
        }
        for tag in patch.addedTags {
            try await connection.query(
                "INSERT INTO conversation_tag (conversation_id, tag) VALUES (\(id), \(tag)) ON CONFLICT DO NOTHING",
                logger: logger)
        }
        for tag in patch.removedTags {
            try await connection.query(
                "DELETE FROM conversation_tag WHERE conversation_id = \(id) AND tag = \(tag)", logger: logger)
        }
        if let message = patch.message {
            try await connection.query(
                """
                INSERT INTO message (conversation_id, channel, external_id, in_reply_to, direction, account_id,
                    author_id, author_handle, agent, text, created_at, visibility, delivery, idempotency_key)
                VALUES (\(id), \(message.channel), \(message.externalID), \(message.inReplyTo),
                    \(message.direction.rawValue), \(message.accountID), \(message.authorID), \(message.authorHandle),
                    \(message.agent), \(message.text), \(message.createdAt), \(message.visibility.rawValue),
                    \(message.delivery?.rawValue), \(message.idempotencyKey))
                """, logger: logger)
        }
    }
}

extension PostgresBindings {
    /// Binds a value as the store holds it; a whole number bound to a `boolean` or `real` column goes as one.
    mutating func append(_ value: StoreCopy.Value, as kind: StoreCopy.Table.Kind? = nil) {
        switch (value, kind) {
        case (.null, _): appendNull()
        case (.integer(let number), .boolean?): append(number != 0)
        case (.integer(let number), .real?): append(Double(number))
        case (.integer(let number), _): append(number)
        case (.real(let number), _): append(number)
        case (.text(let text), _): append(text)
        }
    }
}
