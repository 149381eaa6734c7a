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

    /// The target for one conversation: the tightest of those that apply.
    public func targetSeconds(priority: Priority, channel: Channel) -> Int {
        min(
            defaultTargetSeconds, priorityTargets[priority] ?? .max, channelTargets[channel] ?? .max)
    }
}
