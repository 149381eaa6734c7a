import Foundation

/// A journal entry as the store mirrors it, with what became of it.
public struct StoreEvent: Hashable, Sendable {
    public enum Outcome: String, Hashable, Sendable {
        case applied
        /// The store turned the action down (the conversation was claimed by somebody else, or is gone).
        case refused
    }

    public var entry: JournalEntry
    public var outcome: Outcome
    /// Why the store refused it.
    public var error: String?

    public init(entry: JournalEntry, outcome: Outcome, error: String? = nil) {
        self.entry = entry
        self.outcome = outcome
        self.error = error
    }
}

/// An agent known to the store, with their role.
public struct AgentRecord: Hashable, Sendable {
    public var name: String
    public var role: AgentRole
    public var addedBy: String
    public var addedAt: Date

    public init(name: String, role: AgentRole, addedBy: String, addedAt: Date) {
        self.name = name
        self.role = role
        self.addedBy = addedBy
        self.addedAt = addedAt
    }
}

extension StoreEvent {
    /// The refusal of a mirrored entry, as it was first given: its code and the claim's holder come back too, so a
    /// process that finds another already tried its entry tells the agent the same thing.
    package static func refusal(message: String?, code: String?, holder: String?) -> StoreError {
        StoreError(
            code.flatMap(StoreError.Code.init(named:)) ?? .invalidAction, message ?? "the store refused this action",
            holder: holder)
    }
}
