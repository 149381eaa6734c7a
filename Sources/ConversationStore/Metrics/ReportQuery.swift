import Foundation

/// What a report covers and how it groups.
public struct ReportQuery: Hashable, Sendable {
    /// How a report splits its conversations.
    public enum Grouping: String, Hashable, Sendable, CaseIterable {
        case account
        /// The agent who sent the first response; `(none)` for unanswered conversations.
        case agent
        case channel
        /// The calendar day of the conversation's earliest message, in `timeZone`.
        case day
        /// The hour of day (00–23) of the conversation's earliest message, in `timeZone`.
        case hour
        /// The weekday (`1-mon` … `7-sun`) of the conversation's earliest message, in `timeZone`.
        case weekday
        /// Weekday and hour (`5-fri 08`): the heatmap's cells with every figure, for a spreadsheet.
        case weekdayHour = "weekday-hour"
        /// `new` or `repeat`: whether the customer had an earlier conversation.
        case customer
        /// `negative`, `neutral`, `positive` or `unknown`: the customer's mood.
        case sentiment
        /// What the customer's first message wanted (``Intent``): `complaint`, `question`, … `unknown` when no cue
        /// said; `(none)` for a brand's own post.
        case intent
    }

    /// Conversations whose earliest message is at or after this time.
    public var since: Date?
    /// Conversations whose earliest message is before this time.
    public var until: Date?
    public var grouping: Grouping?
    /// Overrides the SLA policy with one target for every conversation.
    public var slaTargetSeconds: Int?
    public var timeZone: TimeZone
    /// Which clock response and resolution times run on; `nil`: business when the policy has hours, else calendar.
    public var clock: Clock?

    /// The clock a report's times run on.
    public enum Clock: String, Hashable, Sendable, CaseIterable {
        /// Only the policy's open hours count (holidays closed).
        case business
        /// Every hour counts.
        case calendar
    }

    public init(
        since: Date? = nil, until: Date? = nil, grouping: Grouping? = nil, slaTargetSeconds: Int? = nil,
        timeZone: TimeZone = .current, clock: Clock? = nil
    ) {
        self.since = since
        self.until = until
        self.grouping = grouping
        self.slaTargetSeconds = slaTargetSeconds
        self.timeZone = timeZone
        self.clock = clock
    }
}
