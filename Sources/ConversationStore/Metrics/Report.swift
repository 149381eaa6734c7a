import Foundation
import TextAnalysis

/// Response rate, response time, SLA attainment and resolution time, by the published formulas.
///
/// - **Needs a response**: the conversation's earliest message is inbound and no agent marked it as needing none
///   before it was answered (``NeedsResponse``: a mark never takes an answer out of the rate).
/// - **Response**: an outbound message written by a person, counted from when it was sent, unless its delivery
///   finally failed. Notes and automatic messages never count.
/// - **First response time** = earliest response − earliest inbound message.
/// - **Response rate** = needing a response and answered / needing a response.
/// - **SLA attainment** = answered within the target / needing a response. An answer later than the target, or no
///   answer once the target has passed, is a breach; an unanswered conversation still inside its target is
///   `pending`.
/// - **Resolution time** = resolved at − earliest inbound message.
/// - Percentiles are nearest-rank. Conversations belong to the period by their earliest message.
/// - **Heatmap**: conversations needing a response by weekday × hour of their first inbound message, with how many
///   were answered within the target.
/// - **Backlog by age**: conversations needing a response that have none and are not resolved, by time since their
///   first inbound message.
/// - **Repeat customers**: a conversation is a repeat customer's when the same customer (on the same channel) had a
///   conversation that started earlier, a new customer's otherwise; a brand's own post counts as neither.
/// - **By agent**: a conversation's figures count for its first responder (an agent, or `@handle` for a brand
///   account's reply from outside the console); beside them, each agent's responses in the period's conversations
///   (`replies`, in `replied_conversations`), so an agent who answered after someone else's first response is seen.
/// - **Clock**: with business hours in the policy, first response time, resolution time and the SLA run on the
///   business clock unless the query asks for the calendar's: the time between two instants is the length of their
///   overlap with the open hours, in the hours' time zone, holidays closed (``BusinessCalendar``); an unanswered
///   conversation breaches once its business time waiting passes the target.
/// - **Outbound**: the brand's own messages created in the period: a **broadcast** has no `in_reply_to` (a post of
///   the account's own), every other outbound message is a **reply**; **service share** = replies / (replies +
///   broadcasts), none without outbound messages. By account, each account's own.
/// - **No reply needed**: only an agent's mark takes a conversation out of the denominator (`noReplyMarked`); beside
///   it, the classifier's estimate (`noReplyEstimated`: needing a response, unanswered, the customer's latest message
///   asking for nothing) and the response rate were it confirmed.
/// - **Intent**: conversations by what the customer's first message wanted (``IntentClassifier``).
/// - **Sentiment**: by ``Mood``: negative at or below -0.3, positive at or above 0.3, else neutral; unknown when the customer's
///   words tell nothing.
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
        /// Conversations the customer began that an agent marked as needing no reply: out of `needsResponse`.
        public var noReplyMarked = 0
        /// Of `needsResponse`, the unanswered ones whose customer's latest message probably asks for nothing (the
        /// classifier's estimate, ``NeedsResponse/estimatedNone(needsResponse:answered:replyExpected:)``): still in
        /// `needsResponse` until an agent confirms them.
        public var noReplyEstimated = 0
        /// The response rate were the estimate confirmed: `responded / (needsResponse − noReplyEstimated)`.
        public var responseRateIfConfirmed: Double?

        /// Works out the rates from the counts.
        mutating func settleRates() {
            if needsResponse - noReplyEstimated > 0 {
                responseRateIfConfirmed = Double(responded) / Double(needsResponse - noReplyEstimated)
            }
            guard needsResponse > 0 else { return }
            responseRate = Double(responded) / Double(needsResponse)
            slaAttainment = Double(slaMet) / Double(needsResponse)
        }
    }

    /// The figures for one group of a grouped report.
    public struct Group: Hashable, Sendable {
        public var key: String
        public var figures: Figures
        /// By agent only: every response the agent sent in the period's conversations, and in how many of them
        /// (the figures credit each conversation to its first responder only).
        public var replies: Int?
        public var repliedConversations: Int?
        /// By account only: the account's own messages of the period, replies and broadcasts.
        public var outbound: OutboundCount?

        public init(
            key: String, figures: Figures, replies: Int? = nil, repliedConversations: Int? = nil,
            outbound: OutboundCount? = nil
        ) {
            self.key = key
            self.figures = figures
            self.replies = replies
            self.repliedConversations = repliedConversations
            self.outbound = outbound
        }
    }

    public var query: ReportQuery
    /// The clock its times run on: business (the policy's open hours) or calendar.
    public var clock: ReportQuery.Clock
    /// The target every conversation was measured against, unless the policy sets tighter ones per priority or
    /// channel.
    public var slaTargetSeconds: Int
    public var totals: Figures
    /// Present when the query groups; sorted by key.
    public var groups: [Group]
    /// Needing a response, by weekday (0 = Monday) and hour, in the query's time zone: `[weekday][hour]`.
    public var heatmap: [[Int]]
    /// Of `heatmap`, answered within the target.
    public var heatmapMet: [[Int]]
    /// Unanswered conversations by age, youngest bucket first.
    public var backlog: [BacklogBucket]
    public var newCustomers = 0
    public var repeatCustomers = 0
    /// Conversations by mood: `negative`, `neutral`, `positive`, `unknown`.
    public var sentiment: [String: Int]
    /// Conversations the customer wrote in, by what their first message wanted (``Intent``'s names, `unknown`
    /// when no cue said): the period's mix of problems, questions, feedback and thanks.
    public var intents: [String: Int] = [:]
    /// Conversations whose customer posted personal data in public, and how many of them were moved to a private
    /// message.
    public var personalDataInPublic = 0
    public var personalDataMovedPrivate = 0
    /// The brand's own messages created in the period: replies and broadcasts, and the service share.
    public var outbound = OutboundCount(account: nil, replies: 0, broadcasts: 0)

    /// Unanswered conversations up to an age.
    public struct BacklogBucket: Hashable, Sendable {
        public var label: String
        /// The bucket holds ages below this many seconds; `nil` for the last, open-ended bucket.
        public var below: Double?
        public var count: Int
    }

    /// The backlog's age buckets: under 30 minutes, 1 hour, 4 hours, 1 day, 3 days, and older.
    public static let backlogLimits: [(String, Double?)] = [
        ("<30m", 1800), ("30m-1h", 3600), ("1h-4h", 14_400), ("4h-1d", 86_400), ("1d-3d", 259_200), (">3d", nil),
    ]

    /// The mood a sentiment score counts as.
    public static func mood(_ sentiment: Double?) -> String { Mood(sentiment).rawValue }

    /// Computes a report from per-conversation facts; `now` decides which unanswered conversations have breached.
    /// Times are compared in whole milliseconds, as the store keeps them.
    /// `agentReplies` is read by a report by agent: each agent's group says how many responses they sent, and an agent
    /// who sent only later ones (after another's first response) has a group of their own.
    /// `outbound` are the brand accounts' own messages of the period (``OutboundCount``): the report sums them, and a
    /// report by account gives each account its own.
    public init(
        facts: [ConversationFacts], query: ReportQuery, policy: SLAPolicy, now: Date, agentReplies: [AgentReplies] = [],
        outbound: [OutboundCount] = []
    ) {
        self.query = query
        slaTargetSeconds = query.slaTargetSeconds ?? policy.defaultTargetSeconds
        let business = policy.hours != nil && query.clock != .calendar
        clock = business ? .business : .calendar
        // The time that counts between two instants (milliseconds): open time on the business clock.
        let counted: (Int64, Int64) -> Int64 =
            business ? { policy.countedMilliseconds(from: $0, to: $1) } : { max(0, $1 - $0) }
        let target: (ConversationFacts) -> Int64 = { fact in
            Int64(query.slaTargetSeconds ?? policy.targetSeconds(priority: fact.priority, channel: fact.channel))
                * 1000
        }
        let now = now.milliseconds
        totals = Self.figures(facts, target: target, now: now, counted: counted)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = query.timeZone
        var heatmap = Array(repeating: Array(repeating: 0, count: 24), count: 7)
        var heatmapMet = heatmap
        var backlog = Self.backlogLimits.map { BacklogBucket(label: $0.0, below: $0.1, count: 0) }
        var sentiment = ["negative": 0, "neutral": 0, "positive": 0, "unknown": 0]
        for fact in facts {
            switch fact.repeatCustomer {
            case true?: repeatCustomers += 1
            case false?: newCustomers += 1
            case nil: break
            }
            sentiment[Self.mood(fact.sentiment), default: 0] += 1
            if fact.firstInboundAt != nil { intents[Self.intentKey(fact), default: 0] += 1 }
            if fact.personalDataInPublic {
                personalDataInPublic += 1
                if fact.isPrivate { personalDataMovedPrivate += 1 }
            }
            guard fact.needsResponse, let firstInbound = fact.firstInboundAt else { continue }
            let weekday = (calendar.component(.weekday, from: firstInbound) + 5) % 7
            let hour = calendar.component(.hour, from: firstInbound)
            heatmap[weekday][hour] += 1
            if let response = fact.firstResponseAt {
                let state = SLAState(
                    firstInbound: firstInbound.milliseconds, firstResponse: response.milliseconds, target: target(fact),
                    now: now, counted: counted)
                if state == .met { heatmapMet[weekday][hour] += 1 }
            } else if fact.resolvedAt == nil {
                let age = now - firstInbound.milliseconds
                let index =
                    backlog.firstIndex { $0.below.map { age < Int64($0) * 1000 } ?? true } ?? backlog.count - 1
                backlog[index].count += 1
            }
        }
        self.heatmap = heatmap
        self.heatmapMet = heatmapMet
        self.backlog = backlog
        self.sentiment = sentiment
        self.outbound = OutboundCount.total(outbound)
        guard let grouping = query.grouping else {
            groups = []
            return
        }
        let grouped = Dictionary(grouping: facts) { Self.key(of: $0, by: grouping, calendar: calendar) }
        let replies = Dictionary(agentReplies.map { ($0.agent, $0) }, uniquingKeysWith: { first, _ in first })
        let outboundByAccount = Dictionary(grouping: outbound) { $0.account ?? "(none)" }.mapValues {
            OutboundCount.total($0, account: $0.first?.account)
        }
        var keys = Set(grouped.keys)
        if grouping == .agent { keys.formUnion(replies.keys) }
        if grouping == .account { keys.formUnion(outboundByAccount.keys) }
        groups = keys.sorted().map { key in
            var group = Group(
                key: key, figures: Self.figures(grouped[key] ?? [], target: target, now: now, counted: counted))
            if grouping == .agent, !key.hasPrefix("@"), key != "(none)" {
                group.replies = replies[key]?.replies ?? 0
                group.repliedConversations = replies[key]?.conversations ?? 0
            }
            if grouping == .account {
                group.outbound = outboundByAccount[key] ?? OutboundCount(account: nil, replies: 0, broadcasts: 0)
            }
            return group
        }
    }

    static func figures(
        _ facts: [ConversationFacts], target: (ConversationFacts) -> Int64, now: Int64,
        counted: (Int64, Int64) -> Int64 = { max(0, $1 - $0) }
    ) -> Figures {
        var figures = Figures()
        var firstResponses: [Int64] = []
        var resolutions: [Int64] = []
        figures.conversations = facts.count
        for fact in facts {
            if let resolvedAt = fact.resolvedAt, let firstInbound = fact.firstInboundAt {
                resolutions.append(counted(firstInbound.milliseconds, resolvedAt.milliseconds))
            }
            if fact.markedNoReply { figures.noReplyMarked += 1 }
            guard fact.needsResponse, let firstInbound = fact.firstInboundAt else { continue }
            figures.needsResponse += 1
            if NeedsResponse.estimatedNone(
                needsResponse: true, answered: fact.firstResponseAt != nil, replyExpected: fact.replyExpected)
            {
                figures.noReplyEstimated += 1
            }
            if let firstResponse = fact.firstResponseAt {
                figures.responded += 1
                firstResponses.append(counted(firstInbound.milliseconds, firstResponse.milliseconds))
            }
            switch SLAState(
                firstInbound: firstInbound.milliseconds, firstResponse: fact.firstResponseAt?.milliseconds,
                target: target(fact), now: now, counted: counted)
            {
            case .met: figures.slaMet += 1
            case .breached: figures.slaBreached += 1
            case .pending: figures.slaPending += 1
            }
        }
        figures.settleRates()
        figures.firstResponse = DurationSummary(milliseconds: firstResponses)
        figures.resolution = DurationSummary(milliseconds: resolutions)
        return figures
    }

    package static func key(of fact: ConversationFacts, by grouping: ReportQuery.Grouping, calendar: Calendar) -> String
    {
        switch grouping {
        case .account: return fact.account ?? "(none)"
        case .agent: return fact.firstResponder ?? "(none)"
        case .channel: return fact.channel.rawValue
        case .day:
            let parts = calendar.dateComponents([.year, .month, .day], from: fact.firstMessageAt)
            return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        case .hour:
            return String(format: "%02d", calendar.component(.hour, from: fact.firstMessageAt))
        case .weekday:
            let index = (calendar.component(.weekday, from: fact.firstMessageAt) + 5) % 7
            return "\(index + 1)-" + weekdayNames[index]
        case .weekdayHour:
            return key(of: fact, by: .weekday, calendar: calendar) + " " + key(of: fact, by: .hour, calendar: calendar)
        case .customer: return fact.repeatCustomer.map { $0 ? "repeat" : "new" } ?? "(none)"
        case .sentiment: return mood(fact.sentiment)
        case .intent: return fact.firstInboundAt == nil ? "(none)" : intentKey(fact)
        }
    }

    /// The intent a conversation counts under: its first customer message's, `unknown` when no cue said.
    static func intentKey(_ fact: ConversationFacts) -> String { fact.firstIntent?.rawValue ?? "unknown" }

    /// Monday first.
    public static let weekdayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
}
