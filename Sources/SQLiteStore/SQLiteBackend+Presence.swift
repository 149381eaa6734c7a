import ConversationStore
import Foundation
import GRDB

/// Presence: which conversation each console session has open. Rows only; what is current is `PresenceRules`'.
extension SQLiteBackend {
    public func setPresence(session: String, _ presence: Presence?, staleBefore: Date) async throws {
        // This process's consoles are not told: presence changes no conversation. Other processes notice the file
        // changed, as after any write.
        try await write(notifying: false) { db in
            try db.execute(
                sql: "DELETE FROM presence WHERE at < ? OR session = ?",
                arguments: [staleBefore.milliseconds, session])
            if let presence {
                try db.execute(
                    sql: "INSERT INTO presence (session, agent, conversation_id, typing, at) VALUES (?, ?, ?, ?, ?)",
                    arguments: [
                        session, presence.agent, presence.conversation.rawValue, presence.typing,
                        presence.at.milliseconds,
                    ])
            }
        }
    }

    public func presence(in conversation: ConversationID) async throws -> [Presence] {
        try await read { db in
            try Row.fetchAll(
                db, cached: "SELECT session, agent, typing, at FROM presence WHERE conversation_id = ?",
                arguments: [conversation.rawValue]
            ).map { row in
                Presence(
                    session: row["session"], agent: row["agent"], conversation: conversation, typing: row["typing"],
                    at: Date(milliseconds: row["at"]))
            }
        }
    }
}
