import Foundation

/// Response rate, response time, SLA attainment and resolution time, by the published formulas.
///
/// - **Needs a response**: the conversation's earliest message is inbound and no agent marked it as needing none.
/// - **Response**: an outbound message written by a person, counted from when it was sent, unless its delivery
///   finally failed. Notes and automatic messages never count.
/// - **First response time** = earliest response − earliest inbound message.
/// - **Response rate** = needing a response and answered / needing a response.
/// - **SLA attainment** = answered within the target / needing a response. An answer later than the target, or no
///   answer once the target has passed, is a breach; an unanswered conversation still inside its target is
///   `pending`.
/// - **Resolution time** = resolved at − earliest inbound message.
/// - Percentiles are nearest-rank. Conversations belong to the period by their earliest message.
public struct Report: Hashable, Sendable {
    /// The figures for a set of conversations.
    public struct Figures: Hashable, Sendable {
        public var conversations = 0
        public var needsResponse = 0
        public var responded = 0
        /// `responded / needsResponse`, `nil` when nothing needed a response.
        public var responseRate: Double?
        public var firstResponse = DurationSummary([])
        public var slaMet = 0
        public var slaBreached = 0
        /// Unanswered, and still inside the target.
        public var slaPending = 0
        /// `slaMet / needsResponse`, `nil` when nothing needed a response.
        public var slaAttainment: Double?
        public var resolution = DurationSummary([])
    }

    /// The figures for one group of a grouped report.
    public struct Group: Hashable, Sendable {
        public var key: String
        public var figures: Figures
    }

    public var query: ReportQuery
    /// The target every conversation was measured against, unless the policy sets tighter ones per priority or
    /// channel.
    public var slaTargetSeconds: Int
    public var totals: Figures
    /// Present when the query groups; sorted by key.
    public var groups: [Group]

    /// Computes a report from per-conversation facts; `now` decides which unanswered conversations have breached.
    public init(facts: [ConversationFacts], query: ReportQuery, policy: SLAPolicy, now: Date) {
        self.query = query
        slaTargetSeconds = query.slaTargetSeconds ?? policy.defaultTargetSeconds
        let target: (ConversationFacts) -> Double = { fact in
            Double(query.slaTargetSeconds ?? policy.targetSeconds(priority: fact.priority, channel: fact.channel))
        }
        totals = Self.figures(facts, target: target, now: now)
        guard let grouping = query.grouping else {
            groups = []
            return
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = query.timeZone
        let grouped = Dictionary(grouping: facts) { Self.key(of: $0, by: grouping, calendar: calendar) }
        groups = grouped.keys.sorted().map { key in
            Group(key: key, figures: Self.figures(grouped[key] ?? [], target: target, now: now))
        }
    }

    static func figures(_ facts: [ConversationFacts], target: (ConversationFacts) -> Double, now: Date) -> Figures {
        var figures = Figures()
        var firstResponses: [Double] = []
        var resolutions: [Double] = []
        figures.conversations = facts.count
        for fact in facts {
            if let resolvedAt = fact.resolvedAt, let firstInbound = fact.firstInboundAt {
                resolutions.append(resolvedAt.timeIntervalSince(firstInbound))
            }
            guard fact.needsResponse, let firstInbound = fact.firstInboundAt else { continue }
            figures.needsResponse += 1
            if let firstResponse = fact.firstResponseAt {
                figures.responded += 1
                let seconds = firstResponse.timeIntervalSince(firstInbound)
                firstResponses.append(seconds)
                if seconds <= target(fact) { figures.slaMet += 1 } else { figures.slaBreached += 1 }
            } else if now.timeIntervalSince(firstInbound) > target(fact) {
                figures.slaBreached += 1
            } else {
                figures.slaPending += 1
            }
        }
        if figures.needsResponse > 0 {
            figures.responseRate = Double(figures.responded) / Double(figures.needsResponse)
            figures.slaAttainment = Double(figures.slaMet) / Double(figures.needsResponse)
        }
        figures.firstResponse = DurationSummary(firstResponses)
        figures.resolution = DurationSummary(resolutions)
        return figures
    }

    static func key(of fact: ConversationFacts, by grouping: ReportQuery.Grouping, calendar: Calendar) -> String {
        switch grouping {
        case .account: return fact.account ?? "(none)"
        case .agent: return fact.firstResponder ?? "(none)"
        case .channel: return fact.channel.rawValue
        case .day:
            let parts = calendar.dateComponents([.year, .month, .day], from: fact.firstMessageAt)
            return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        case .hour:
            return String(format: "%02d", calendar.component(.hour, from: fact.firstMessageAt))
        }
    }
}
