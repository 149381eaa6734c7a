import ConversationStore
import Foundation
import Logging
import PostgresNIO

/// Agent actions on PostgreSQL, each in one transaction: expired claims are swept, the row is read, the rules decide
/// the change (`ActionRules.patch`), and it is written. Where SQLite serialises writers, here the conversation's row
/// is locked (`SELECT … FOR UPDATE`) before the rules see it: of many agents on many machines claiming at once, exactly
/// one finds it free, and the others wait, then see the winner.
extension PostgresBackend {
    public func apply(
        _ action: AgentAction, on conversation: ConversationID, by agent: String, at now: Date, entry: JournalEntry?,
        facts: TextFacts
    ) async throws -> Conversation {
        try ActionRules.validate(action, agent: agent, now: now)
        let stored = storedPolicy
        let logger = logger
        do {
            return try await write { connection in
                let policy = try await Self.policy(on: connection, logger: logger, stored)
                return try await Self.apply(
                    action, on: conversation, by: agent, at: now, entry: entry, policy: policy, facts: facts,
                    on: connection, logger: logger)
            }
        } catch let error as StoreError where entry != nil && error.isRefusal {
            if let entry { try await recordRefusal(entry, error: error) }
            throw error
        }
    }

    private static func apply(
        _ action: AgentAction, on conversation: ConversationID, by agent: String, at now: Date, entry: JournalEntry?,
        policy: SLAPolicy, facts: TextFacts, on connection: PostgresConnection, logger: Logger
    ) async throws -> Conversation {
        let at = now.milliseconds
        if let entry, try await alreadyApplied(entry, on: connection, logger: logger) {
            guard let id = try await resolve(conversation.rawValue, on: connection, logger: logger),
                let current = try await Self.conversation(id, on: connection, logger: logger)
            else { throw StoreError.noConversation(conversation) }
            return current
        }
        try await sweep(now: at, on: connection, logger: logger, policy: policy)
        guard let id = try await resolve(conversation.rawValue, on: connection, logger: logger),
            let row = try await Self.row(id, locking: true, on: connection, logger: logger)
        else { throw StoreError.noConversation(conversation) }
        let patch = try ActionRules.patch(for: action, on: row, by: agent, at: at, seen: entry?.seen)
        try await Self.write(patch, to: id, on: connection, logger: logger)
        _ = try await refreshDerived([id], on: connection, logger: logger, policy: policy, facts: facts)
        if let entry {
            try await insertEvent(
                entry, conversation: id, outcome: .applied, error: nil, on: connection, logger: logger)
        }
        guard let updated = try await Self.conversation(id, on: connection, logger: logger) else {
            throw StoreError.noConversation(conversation)
        }
        return updated
    }

    public func customerTexts(of conversation: ConversationID) async throws -> [String] {
        let logger = logger
        return try await read { connection in
            guard let id = try await Self.resolve(conversation.rawValue, on: connection, logger: logger) else {
                return []
            }
            return try await connection.all(
                """
                SELECT m.text FROM message m JOIN conversation c ON c.id = m.conversation_id
                WHERE m.conversation_id = \(id) AND m.direction = 'inbound'
                    AND (c.first_response_at IS NULL OR m.created_at <= c.first_response_at
                        OR m.id IN (SELECT id FROM message WHERE conversation_id = \(id) AND direction = 'inbound'
                            ORDER BY created_at DESC, id DESC LIMIT 3))
                """, as: String.self, logger: logger)
        }
    }
}
