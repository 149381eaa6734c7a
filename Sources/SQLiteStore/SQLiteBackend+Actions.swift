import ConversationStore
import Foundation
import GRDB

/// Agent actions, each in one write transaction: expired claims are swept first, then the row is read, the rules
/// decide the change (`ActionRules.patch`), it is written and the derived columns recomputed. SQLite serialises
/// write transactions, so of two agents claiming at once exactly one finds the conversation free.
extension SQLiteBackend {
    public func apply(
        _ action: AgentAction, on conversation: ConversationID, by agent: String, at now: Date, entry: JournalEntry?,
        facts: TextFacts
    )
        async throws -> Conversation
    {
        try ActionRules.validate(action, agent: agent, now: now)
        let stored = storedPolicy
        do {
            return try await write { db in
                let policy = try Self.policy(in: db, stored)
                return try Self.apply(
                    action, on: conversation, by: agent, at: now, entry: entry, policy: policy, facts: facts, db: db)
            }
        } catch let error as StoreError where entry != nil && error.isRefusal {
            if let entry { try await recordRefusal(entry, error: error) }
            throw error
        }
    }

    private static func apply(
        _ action: AgentAction, on conversation: ConversationID, by agent: String, at now: Date, entry: JournalEntry?,
        policy: SLAPolicy, facts: TextFacts, db: Database
    ) throws -> Conversation {
        let at = now.milliseconds
        if let entry, try alreadyApplied(entry, db: db) {
            guard let id = try resolve(conversation.rawValue, db: db), let current = try Self.conversation(id, db: db)
            else { throw StoreError.noConversation(conversation) }
            return current
        }
        try Self.sweep(now: at, db: db, policy: policy)
        guard let id = try Self.resolve(conversation.rawValue, db: db), let row = try Self.row(id, db: db) else {
            throw StoreError.noConversation(conversation)
        }
        let patch = try ActionRules.patch(for: action, on: row, by: agent, at: at, seen: entry?.seen)
        try Self.write(patch, to: id, db: db)
        try Self.refreshDerived([id], db: db, policy: policy, facts: facts)
        if let entry { try insertEvent(entry, conversation: id, outcome: .applied, error: nil, db: db) }
        guard let updated = try Self.conversation(id, db: db) else { throw StoreError.noConversation(conversation) }
        return updated
    }

    public func customerTexts(of conversation: ConversationID) async throws -> [String] {
        try await read { db in
            guard let id = try Self.resolve(conversation.rawValue, db: db) else { return [] }
            return try String.fetchAll(
                db,
                cached: """
                    SELECT m.text FROM message m JOIN conversation c ON c.id = m.conversation_id
                    WHERE m.conversation_id = ?1 AND m.direction = 'inbound'
                        AND (c.first_response_at IS NULL OR m.created_at <= c.first_response_at
                            OR m.id IN (SELECT id FROM message WHERE conversation_id = ?1 AND direction = 'inbound'
                                ORDER BY created_at DESC, id DESC LIMIT 3))
                    """, arguments: [id])
        }
    }
}
