import Foundation

/// How long a customer may wait for an answer: one target, optionally tightened per priority or per channel.
///
/// Customers expect an answer within 30 minutes, so that is the default for everything.
public struct SLAPolicy: Hashable, Codable, Sendable {
    public var defaultTargetSeconds: Int
    public var priorityTargets: [Priority: Int]
    public var channelTargets: [Channel: Int]
    /// When the team is open; `nil`: every hour counts.
    public var hours: BusinessHours?

    public init(
        defaultTargetSeconds: Int = 30 * 60, priorityTargets: [Priority: Int] = [:],
        channelTargets: [Channel: Int] = [:], hours: BusinessHours? = nil
    ) {
        self.defaultTargetSeconds = defaultTargetSeconds
        self.priorityTargets = priorityTargets
        self.channelTargets = channelTargets
        self.hours = hours
    }

    /// When a conversation whose customer has waited since `awaiting` (milliseconds) is due: the target later, on
    /// the business clock when the policy has hours (the clock stops while closed), else on the calendar's.
    public func due(awaiting: Int64, priority: Priority, channel: Channel) -> Int64 {
        let target = Int64(targetSeconds(priority: priority, channel: channel)) * 1000
        guard let hours else { return awaiting + target }
        return BusinessClocks.shared.instant(hours, after: target, from: awaiting) ?? Derivation.notDue
    }

    /// Milliseconds that count against the target in `[from, to)`: open time when the policy has hours, else all.
    public func countedMilliseconds(from: Int64, to: Int64) -> Int64 {
        guard let hours else { return max(0, to - from) }
        return BusinessClocks.shared.open(hours, from: from, to: to)
    }

    /// Where a conversation due at `due` stands at `now`: the time left (negative once late), counted on the
    /// business clock when the policy has hours, and the opening the clock waits for while closed.
    public func clock(due: Date, now: Date) -> (left: TimeInterval, pausedUntil: Date?) {
        let (due, at) = (due.milliseconds, now.milliseconds)
        guard let hours else { return (TimeInterval(due - at) / 1000, nil) }
        let left = due >= at ? countedMilliseconds(from: at, to: due) : -countedMilliseconds(from: due, to: at)
        let state = BusinessClocks.shared.state(hours, at: at)
        return (TimeInterval(left) / 1000, state.open ? nil : state.nextOpening.map { Date(milliseconds: $0) })
    }

    /// The target for one conversation: the tightest of those that apply.
    public func targetSeconds(priority: Priority, channel: Channel) -> Int {
        min(
            defaultTargetSeconds, priorityTargets[priority] ?? .max, channelTargets[channel] ?? .max)
    }
}

/// A conversation waiting on an agent, as a store reads it when the policy changes: what its due time is worked out
/// from.
package struct WaitingConversation: Sendable {
    package var id: Int64
    package var awaitingSince: Int64?
    /// The priority's rank as stored.
    package var priority: Int
    package var channel: String

    package init(id: Int64, awaitingSince: Int64?, priority: Int, channel: String) {
        self.id = id
        self.awaitingSince = awaitingSince
        self.priority = priority
        self.channel = channel
    }
}

extension SLAPolicy {
    /// What setting this policy does to the conversations waiting now: each one's due time, worked out again by it
    /// (a store reads the rows and writes the times).
    package func dueTimes(of waiting: [WaitingConversation]) -> [(id: Int64, due: Int64)] {
        waiting.map { row in
            (
                row.id,
                due(
                    awaiting: row.awaitingSince ?? 0, priority: Priority(rank: row.priority) ?? .normal,
                    channel: Channel(rawValue: row.channel) ?? .web)
            )
        }
    }
}
