/// What a journal recovery did (``Store/recoverJournal(actingAs:permitted:)``).
public struct JournalRecovery: Hashable, Sendable {
    /// Entries the store applied now.
    public var applied = 0
    /// Entries the store refused now (mirrored as refused, with why; not tried again).
    public var refused = 0
    /// Entries left in the journal for agents this process may not act as, by agent: a process acting as them
    /// applies them.
    public var waiting: [String: Int] = [:]

    public init(applied: Int = 0, refused: Int = 0, waiting: [String: Int] = [:]) {
        self.applied = applied
        self.refused = refused
        self.waiting = waiting
    }
}
