import Foundation

/// Rising topics of one window: what `tanggap trends` prints, the dashboard lists and the console alerts on.
public struct Trends: Hashable, Sendable {
    /// The window: customer messages in `[start, end)`.
    public var window: DateInterval
    /// The baseline: whole hours before the hour the window starts in.
    public var baseline: DateInterval
    public var windowMessages: Int
    public var baselineMessages: Int
    public var rises: [RisingTerms.Rise]

    public init(
        window: DateInterval, baseline: DateInterval, windowMessages: Int, baselineMessages: Int,
        rises: [RisingTerms.Rise]
    ) {
        self.window = window
        self.baseline = baseline
        self.windowMessages = windowMessages
        self.baselineMessages = baselineMessages
        self.rises = rises
    }

    /// The longest window: its texts are analysed as they stand.
    public static let longestWindowSeconds = 7 * 86_400
    /// The longest baseline.
    public static let longestBaselineSeconds = 90 * 86_400

    /// The rising terms of a window from its texts and the baseline's counts (`baselineCounts(terms)` gives each
    /// term's count in the baseline and, for ``TrendTerms/messages``, the baseline's message count).
    static func rising(
        window: DateInterval, baseline: DateInterval, texts: [(conversation: ConversationID, text: String)],
        threshold: RisingTerms.Threshold, limit: Int,
        baselineCounts: ([String]) async throws -> [String: Int]
    ) async rethrows -> Trends {
        var counts: [String: Int] = [:]
        var conversations: [String: Set<ConversationID>] = [:]
        var written: [String: [String: Int]] = [:]
        for (conversation, text) in texts {
            for (term, form) in TrendTerms.terms(text) {
                counts[term, default: 0] += 1
                conversations[term, default: []].insert(conversation)
                written[term, default: [:]][form, default: 0] += 1
            }
        }
        let candidates = counts.keys.filter {
            counts[$0, default: 0] >= threshold.count
                && conversations[$0, default: []].count >= threshold.conversations
        }.sorted()
        var trends = Trends(
            window: window, baseline: baseline, windowMessages: texts.count, baselineMessages: 0, rises: [])
        let baselineCounts = try await baselineCounts(candidates + [TrendTerms.messages])
        trends.baselineMessages = baselineCounts[TrendTerms.messages] ?? 0
        guard !candidates.isEmpty else { return trends }
        let terms = candidates.map { term in
            // The form most written, the first in order on a tie.
            let form = written[term, default: [:]].max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }
            return RisingTerms.Counts(
                term: term, written: form?.key, window: counts[term] ?? 0, baseline: baselineCounts[term] ?? 0,
                conversations: conversations[term, default: []].sorted())
        }
        trends.rises = RisingTerms.rising(
            terms, windowMessages: texts.count, baselineMessages: trends.baselineMessages, threshold: threshold,
            limit: limit)
        return trends
    }
}

extension Store {
    /// Whether the store's hourly term counts are complete and made by this version's analysis.
    public func trendsIndexed() async throws -> Bool {
        try await backend.termIndexVersion() == TrendTerms.version
    }

    /// Counts the terms of every customer message again (a store that had messages before it kept the counts, or
    /// whose counts an older analysis made), a chunk at a time, with the texts analysed outside any write
    /// transaction: the store goes on taking messages and actions meanwhile, and messages stored after the rebuild
    /// began are counted by their own ingest. Returns how many messages were counted; throws if another rebuild
    /// began meanwhile (that one finishes the work).
    @discardableResult
    public func indexTrends(progress: (@Sendable (Int) -> Void)? = nil) async throws -> Int {
        let token = UUID().uuidString
        let last = try await backend.beginTermIndexRebuild(token: token)
        var after: Int64 = 0
        var counted = 0
        while after < last {
            let chunk = try await backend.inboundTexts(after: after, through: last, limit: 20_000)
            guard let end = chunk.last?.id else { break }
            let rows = TermHours.of(chunk.map { (text: $0.text, at: $0.at) })
            guard try await backend.addTermCounts(rows, token: token) else {
                throw StoreError(.unavailable, "another process began counting the store's terms; it finishes the work")
            }
            after = end
            counted += chunk.count
            progress?(counted)
        }
        guard try await backend.finishTermIndexRebuild(token: token, version: TrendTerms.version) else {
            throw StoreError(.unavailable, "another process began counting the store's terms; it finishes the work")
        }
        return counted
    }

    /// The terms rising in the last hour against the week before, or nil while the store's term counts are not
    /// complete (counting them is `tanggap trends`' to start, never a console's).
    public func risingNow(threshold: RisingTerms.Threshold = .spike, limit: Int = 5) async throws -> Trends? {
        guard try await trendsIndexed() else { return nil }
        return try await trends(threshold: threshold, limit: limit)
    }

    /// The terms rising in the `windowSeconds` before `until` (now by default) against the `baselineSeconds` of whole
    /// hours before the hour the window starts in. Counts the store's terms first if they are not complete.
    public func trends(
        windowSeconds: Int = 3600, baselineSeconds: Int = 7 * 86_400, until: Date? = nil,
        threshold: RisingTerms.Threshold = .trends, limit: Int = 20
    ) async throws -> Trends {
        guard (60...Trends.longestWindowSeconds).contains(windowSeconds) else {
            throw StoreError.invalid("the window is 1m to 7d")
        }
        guard (3600...Trends.longestBaselineSeconds).contains(baselineSeconds) else {
            throw StoreError.invalid("the baseline is 1h to 90d")
        }
        guard (1...1000).contains(limit) else { throw StoreError.invalid("the limit is 1 to 1000") }
        if try await !trendsIndexed() { try await indexTrends() }
        let end = until ?? now()
        let start = end.addingTimeInterval(-Double(windowSeconds))
        let firstHour = TrendTerms.hour(of: start)
        let baselineHours = Int64((baselineSeconds + 3599) / 3600)
        let hours = (firstHour - baselineHours)..<firstHour
        let baseline = DateInterval(
            start: Date(timeIntervalSince1970: Double(hours.lowerBound) * 3600),
            end: Date(timeIntervalSince1970: Double(hours.upperBound) * 3600))
        let texts = try await backend.inboundTexts(since: start, until: end)
        let backend = backend
        return try await Trends.rising(
            window: DateInterval(start: start, end: end), baseline: baseline, texts: texts, threshold: threshold,
            limit: limit
        ) { terms in try await backend.termCounts(terms, hours: hours) }
    }
}
