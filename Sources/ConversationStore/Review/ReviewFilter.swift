import Foundation

/// Which handled conversations a supervisor reviews: `agent:ani channel:twitter tag:refund since:7d
/// until:2026-11-30 breached sentiment:negative`, all of which must match.
///
/// A conversation is handled when it got a response, was resolved, or was marked as needing none. It belongs to an
/// agent when the journals recorded an action of theirs on it (replying, resolving, claiming, tagging, …; reviewing
/// it aside). Replies imported from a platform's history carry no agent, so they belong to nobody here.
public struct ReviewFilter: Hashable, Sendable, CustomStringConvertible {
    public var agent: String?
    /// The conversation's earliest message is at or after this time.
    public var since: Date?
    /// The conversation's earliest message is before this time.
    public var until: Date?
    public var channel: Channel?
    public var tag: String?
    /// Only conversations whose first response came later than the SLA target.
    public var breachedOnly = false
    /// `negative`, `neutral`, `positive` or `unknown` (see ``Report/mood(_:)``).
    public var mood: String?
    /// How the times were written, to show the filter back as typed.
    var sinceText: String?
    var untilText: String?

    public init(
        agent: String? = nil, since: Date? = nil, until: Date? = nil, channel: Channel? = nil, tag: String? = nil,
        breachedOnly: Bool = false, mood: String? = nil
    ) {
        self.agent = agent
        self.since = since
        self.until = until
        self.channel = channel
        self.tag = tag
        self.breachedOnly = breachedOnly
        self.mood = mood
    }

    public static let moods = Mood.allCases.map(\.rawValue)

    /// Parses what a supervisor types after `/`; times are read against `now` in `timeZone` (`7d` is seven days
    /// ago; a bare day in `until:` includes that day).
    public init(parsing query: String, now: Date, timeZone: TimeZone) throws {
        for token in query.split(separator: " ") {
            let word = token.lowercased()
            if word == "breached" {
                breachedOnly = true
                continue
            }
            guard let colon = token.firstIndex(of: ":"), colon != token.startIndex else {
                throw StoreError.invalid(
                    "review filters are agent: channel: tag: since: until: sentiment: and breached, not '\(token)'")
            }
            let key = token[..<colon].lowercased()
            let value = String(token[token.index(after: colon)...])
            guard !value.isEmpty else { throw StoreError.invalid("\(key): needs a value") }
            switch key {
            case "agent":
                guard ActionRules.isValidAgentName(value) else { throw StoreError.invalid("agent: takes a login name") }
                agent = value
            case "channel":
                guard let channel = Channel(rawValue: value.lowercased()) else {
                    throw StoreError.invalid("channel: takes twitter, facebook, instagram, whatsapp, email or web")
                }
                self.channel = channel
            case "tag": tag = value.lowercased()
            case "since", "until":
                guard var date = TimeExpression.parse(value, now: now, timeZone: timeZone, direction: .ago) else {
                    throw StoreError.invalid("\(key): takes 2026-11-01, 2026-11-01T08:00 or 7d, not '\(value)'")
                }
                if key == "until", TimeExpression.isDay(value) {
                    var calendar = Calendar(identifier: .gregorian)
                    calendar.timeZone = timeZone
                    date = calendar.date(byAdding: .day, value: 1, to: date) ?? date
                }
                if key == "since" {
                    since = date
                    sinceText = value
                } else {
                    until = date
                    untilText = value
                }
            case "sentiment":
                guard Self.moods.contains(value.lowercased()) else {
                    throw StoreError.invalid("sentiment: takes negative, neutral, positive or unknown")
                }
                mood = value.lowercased()
            default:
                throw StoreError.invalid(
                    "review filters are agent: channel: tag: since: until: sentiment: and breached, not '\(key):'")
            }
        }
    }

    public var isEmpty: Bool { self == ReviewFilter() }

    public var description: String {
        var parts: [String] = []
        if let agent { parts.append("agent:\(agent)") }
        if let channel { parts.append("channel:\(channel.rawValue)") }
        if let tag { parts.append("tag:\(tag)") }
        if let since { parts.append("since:\(sinceText ?? Timestamp.format(since))") }
        if let until { parts.append("until:\(untilText ?? Timestamp.format(until))") }
        if let mood { parts.append("sentiment:\(mood)") }
        if breachedOnly { parts.append("breached") }
        return parts.joined(separator: " ")
    }

    /// Whether a conversation's first response missed its target (or it got none after the target passed).
    public static func breached(_ conversation: Conversation, policy: SLAPolicy, now: Date) -> Bool {
        guard conversation.needsResponse, let firstInbound = conversation.firstInboundAt else { return false }
        let target = policy.targetSeconds(priority: conversation.priority, channel: conversation.channel)
        return SLAState(
            firstInbound: firstInbound.milliseconds, firstResponse: conversation.firstResponseAt?.milliseconds,
            target: Int64(target) * 1000, now: now.milliseconds, counted: policy.countedMilliseconds) == .breached
    }

    /// Whether `conversation` passes the filter's tests that need no store: handled (see ``Handled``), of the mood
    /// asked for (see ``Mood``), and breached when only breaches are asked for. A store selects by the rest, and narrows by these where it can.
    public func admits(_ conversation: Conversation, policy: SLAPolicy, now: Date) -> Bool {
        Handled.test(conversation) && (mood.map { Mood(conversation.sentiment).rawValue == $0 } ?? true)
            && (!breachedOnly || Self.breached(conversation, policy: policy, now: now))
    }
}
