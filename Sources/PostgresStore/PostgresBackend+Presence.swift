import ConversationStore
import Foundation
import PostgresNIO

/// Presence: which conversation each console session has open. Rows only; what is current is `PresenceRules`'.
extension PostgresBackend {
    /// Written outside a store transaction, so it sends no change notification: presence changes no conversation,
    /// and every console reading its queue again on each heartbeat would cost the server for nothing.
    public func setPresence(session: String, _ presence: Presence?, staleBefore: Date) async throws {
        let logger = logger
        try await read { connection in
            try await connection.query(
                "DELETE FROM presence WHERE at < \(staleBefore.milliseconds) OR session = \(session)", logger: logger)
            if let presence {
                try await connection.query(
                    """
                    INSERT INTO presence (session, agent, conversation_id, typing, at)
                    VALUES (\(session), \(presence.agent), \(presence.conversation.rawValue), \(presence.typing),
                        \(presence.at.milliseconds))
                    ON CONFLICT (session) DO UPDATE SET agent = excluded.agent,
                        conversation_id = excluded.conversation_id, typing = excluded.typing, at = excluded.at
                    """, logger: logger)
            }
        }
    }

    public func presence(in conversation: ConversationID) async throws -> [Presence] {
        let logger = logger
        return try await read { connection in
            var result: [Presence] = []
            for try await (session, agent, typing, at) in try await connection.query(
                "SELECT session, agent, typing, at FROM presence WHERE conversation_id = \(conversation.rawValue)",
                logger: logger
            ).decode((String, String, Bool, Int64).self) {
                result.append(
                    Presence(
                        session: session, agent: agent, conversation: conversation, typing: typing,
                        at: Date(milliseconds: at)))
            }
            return result
        }
    }
}
