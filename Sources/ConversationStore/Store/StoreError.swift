import Foundation

/// What went wrong in the store, in words a person can act on.
///
/// `code` is for programs; `message` is one lowercase sentence for people. New codes may be added, so switch over
/// `code` with a default.
public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }

        public static let notFound = Code(name: "not found")
        public static let claimHeld = Code(name: "claim held")
        public static let invalidAction = Code(name: "invalid action")
        public static let invalidLocation = Code(name: "invalid location")
        public static let schemaTooNew = Code(name: "schema too new")
        public static let unsupportedBackend = Code(name: "unsupported backend")
        public static let storage = Code(name: "storage")
        /// The store cannot be reached now (the server is down or the network broke); trying again later may work.
        public static let unavailable = Code(name: "unavailable")
        /// The store could not be reached, so the action was kept in the agent's journal and is stored once the
        /// store answers: accepted for later, not failed.
        public static let keptForLater = Code(name: "kept for later")
        /// The store went away while committing, and whether the change was stored could not be found out yet.
        public static let outcomeUnknown = Code(name: "outcome unknown")
        /// Another agent answered or resolved the conversation after this agent read it; ``StoreError/holder`` names
        /// them, ``StoreError/changedAt`` says when, and ``StoreError/revision`` is the conversation's revision now.
        public static let changedSinceRead = Code(name: "changed since read")
        /// A public reply holding personal data the agent did not allow (see ``PersonalDataRules``).
        public static let personalData = Code(name: "personal data")
        /// The store can only be read (a read-only mount, another user's file): nothing was written, and an action
        /// is withdrawn from the journal rather than mirrored as refused, which would be a write too.
        public static let readOnly = Code(name: "read only")
        /// Who the process is may not do this: act as another agent, or take a supervisor's action as an agent. On
        /// PostgreSQL the server itself refuses it; nothing was written, and a journaled action is withdrawn.
        public static let notPermitted = Code(name: "not permitted")

        /// Every code, to read one back by its name (the journal mirror keeps a refusal's code).
        static let all: [Code] = [
            .notFound, .claimHeld, .invalidAction, .invalidLocation, .schemaTooNew, .unsupportedBackend, .storage,
            .unavailable, .keptForLater, .outcomeUnknown, .changedSinceRead, .personalData, .readOnly,
            .notPermitted,
        ]

        init(name: String) { self.name = name }

        /// The code with this name, if there is one.
        init?(named name: String) {
            guard let known = Code.all.first(where: { $0.name == name }) else { return nil }
            self = known
        }
    }

    public var code: Code
    public var message: String
    /// The agent holding the claim, for `claimHeld`; the agent who answered or resolved, for `changedSinceRead`.
    public var holder: String?
    /// When the other agent answered or resolved, for `changedSinceRead`.
    public var changedAt: Date?
    /// The conversation's revision when the action was refused, for `changedSinceRead`: passing it as `seen`
    /// sends anyway.
    public var revision: Int64?

    public init(
        _ code: Code, _ message: String, holder: String? = nil, changedAt: Date? = nil, revision: Int64? = nil
    ) {
        self.code = code
        self.message = message
        self.holder = holder
        self.changedAt = changedAt
        self.revision = revision
    }

    public var description: String { message }

    /// The store turned the action down (it is mirrored as refused and never tried again), as opposed to failing
    /// to store it (a broken file, an unreachable server), after which the action is tried again.
    public var isRefusal: Bool {
        code != .storage && code != .unavailable && code != .keptForLater && code != .outcomeUnknown
            && code != .readOnly && code != .notPermitted
    }

    package static func noConversation(_ id: ConversationID) -> StoreError {
        StoreError(.notFound, "no conversation with id \(id)")
    }

    package static func invalid(_ message: String) -> StoreError {
        StoreError(.invalidAction, message)
    }
}
