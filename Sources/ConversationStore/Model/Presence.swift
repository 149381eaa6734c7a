import Foundation

/// Who has a conversation open in a console right now, and whether they are typing in it: shown to the other agents
/// in the same conversation, so two people do not write the same answer.
public struct Presence: Hashable, Sendable {
    /// One console's session (several consoles of one agent are told apart).
    public var session: String
    public var agent: String
    public var conversation: ConversationID
    /// Typing a reply or a note (as of `at`).
    public var typing: Bool
    /// When the console last said so.
    public var at: Date

    public init(session: String, agent: String, conversation: ConversationID, typing: Bool, at: Date) {
        self.session = session
        self.agent = agent
        self.conversation = conversation
        self.typing = typing
        self.at = at
    }
}

/// When presence is said and when it goes stale, once for every console and store.
public enum PresenceRules {
    /// A console with a conversation open says so again this often, so a console that died is forgotten soon.
    public static let heartbeat: TimeInterval = 30
    /// A console not heard from for this long no longer has the conversation open.
    public static let viewingFor: TimeInterval = 75
    /// Typing is said again at most this often while the keys go on.
    public static let typingEvery: TimeInterval = 8
    /// Typing not said again for this long has stopped.
    public static let typingFor: TimeInterval = 20

    /// The presences still current at `now`, other sessions' only, typing ones first; a typing mark that went
    /// stale reads as viewing.
    public static func current(_ presences: [Presence], now: Date, excluding session: String) -> [Presence] {
        presences.filter { $0.session != session && now.timeIntervalSince($0.at) < viewingFor }
            .map { presence in
                var presence = presence
                if presence.typing && now.timeIntervalSince(presence.at) >= typingFor { presence.typing = false }
                return presence
            }
            .sorted { ($0.typing ? 0 : 1, $0.agent) < ($1.typing ? 0 : 1, $1.agent) }
    }

    /// The oldest `at` a store keeps: rows older than this are removed as others are written.
    public static func keptSince(_ now: Date) -> Date { now.addingTimeInterval(-viewingFor) }
}
