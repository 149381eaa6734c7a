import Foundation

/// The agents each weekday × hour needs, from the store's own history: conversations needing a reply in the same
/// hour of the last weeks (the forecast), the agents' measured handling time, Erlang C (``ErlangC``) for the agents
/// needed to answer the target share within the SLA, and the agents who actually worked then, from the journal.
public struct StaffingPlan: Hashable, Sendable {
    /// One weekday × hour.
    public struct Cell: Hashable, Sendable {
        /// 0 = Monday.
        public var weekday: Int
        public var hour: Int
        /// Conversations needing a reply expected in the hour: the mean over the weeks measured.
        public var forecast: Double
        /// Agents needed (Erlang C); `nil` when no number of agents keeps up.
        public var needed: Int?
        /// Agents who acted in the hour, the mean over the weeks measured.
        public var worked: Double
        /// Needed minus worked, at least 0.
        public var shortfall: Double
    }

    public var weeks: Int
    /// The weeks the means are over: `weeks`, or fewer when the store's history (its first conversation or journal
    /// entry in the period) starts later, so a store a week old is not forecast at a quarter of its traffic.
    public var weeksMeasured: Int
    /// The mean handling time, seconds: from an agent's claim of a conversation to their reply in it.
    public var handlingSeconds: Double
    /// How many claim-to-reply spans measured it (0: the default was used).
    public var handlingSamples: Int
    public var targetSeconds: Int
    public var serviceLevel: Double
    public var concurrency: Int
    /// Monday 00 first, 168 cells.
    public var cells: [Cell]

    /// The handling time assumed when the journal has none: five minutes.
    public static let defaultHandlingSeconds = 300.0
    /// Claim-to-reply spans longer than this are not handling (the agent left it and came back): two hours.
    public static let longestHandlingSeconds = 7200.0

    /// A plan from the conversations whose first message fell in the `weeks` weeks before `now` and the journal
    /// events of those weeks, hours in `timeZone`.
    public init(
        facts: [ConversationFacts], events: [StoreEvent], weeks: Int, now: Date, timeZone: TimeZone,
        targetSeconds: Int, serviceLevel: Double, concurrency: Int
    ) {
        self.init(
            arrivals: facts.filter(\.needsResponse).compactMap(\.firstInboundAt), events: events, weeks: weeks,
            now: now, timeZone: timeZone, targetSeconds: targetSeconds, serviceLevel: serviceLevel,
            concurrency: concurrency)
    }

    /// A plan from the first customer message of each conversation needing a response (``Store/arrivalTimes``)
    /// and the journal events of the `weeks` weeks before `now`, hours in `timeZone`.
    public init(
        arrivals times: [Date], events: [StoreEvent], weeks: Int, now: Date, timeZone: TimeZone,
        targetSeconds: Int, serviceLevel: Double, concurrency: Int
    ) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        // Worked out once a quarter hour (every time zone's offset is a whole number of quarter hours): a month of
        // arrivals asks the calendar a few thousand times, not once each.
        var slots: [Int: Int] = [:]
        func slot(_ date: Date) -> Int {
            let quarter = Int((date.timeIntervalSince1970 / 900).rounded(.down))
            if let known = slots[quarter] { return known }
            let weekday = (calendar.component(.weekday, from: date) + 5) % 7
            let value = weekday * 24 + calendar.component(.hour, from: date)
            slots[quarter] = value
            return value
        }
        let since = now.addingTimeInterval(-Double(weeks) * 7 * 86_400)
        var arrivals = Array(repeating: 0, count: 168)
        for inbound in times where inbound >= since && inbound < now { arrivals[slot(inbound)] += 1 }
        // Handling: an agent's first claim of a conversation to their first reply in it after that.
        var claimed: [String: Date] = [:]
        var spans: [Double] = []
        var workers = Array(repeating: [Int: Set<String>](), count: 168)
        for event in events.sorted(by: { $0.entry.time < $1.entry.time }) where event.outcome == .applied {
            let entry = event.entry
            guard entry.time >= since, entry.time < now, let conversation = entry.conversation else { continue }
            guard case .agent(let action)? = entry.journalAction else { continue }
            let week = Int(entry.time.timeIntervalSince(since) / (7 * 86_400))
            workers[slot(entry.time)][week, default: []].insert(entry.agent)
            let key = entry.agent + "|" + conversation.description
            switch action {
            case .claim: if claimed[key] == nil { claimed[key] = entry.time }
            case .reply:
                if let start = claimed.removeValue(forKey: key) {
                    let span = entry.time.timeIntervalSince(start)
                    if span > 0 && span <= Self.longestHandlingSeconds { spans.append(span) }
                }
            default: break
            }
        }
        let handling = spans.isEmpty ? Self.defaultHandlingSeconds : spans.reduce(0, +) / Double(spans.count)
        let firstArrival = times.filter { $0 >= since && $0 < now }.min()
        let firstEvent = events.map(\.entry.time).filter { $0 >= since && $0 < now }.min()
        let first = [firstArrival, firstEvent].compactMap { $0 }.min()
        let measured = first.map { weeks - Int($0.timeIntervalSince(since) / (7 * 86_400)) } ?? weeks
        let weeksMeasured = max(1, min(weeks, measured))
        self.weeks = weeks
        self.weeksMeasured = weeksMeasured
        handlingSeconds = handling
        handlingSamples = spans.count
        self.targetSeconds = targetSeconds
        self.serviceLevel = serviceLevel
        self.concurrency = concurrency
        cells = (0..<168).map { index in
            let forecast = Double(arrivals[index]) / Double(weeksMeasured)
            let worked = Double(workers[index].values.reduce(0) { $0 + $1.count }) / Double(weeksMeasured)
            let needed = ErlangC.agentsNeeded(
                arrivalsPerHour: forecast, handlingSeconds: handling, targetSeconds: Double(targetSeconds),
                serviceLevel: serviceLevel, concurrency: concurrency)?.agents
            return Cell(
                weekday: index / 24, hour: index % 24, forecast: forecast, needed: needed, worked: worked,
                shortfall: max(0, Double(needed ?? 0) - worked))
        }
    }
}

extension Store {
    /// The staffing plan from the last `weeks` weeks of the store (``StaffingPlan``).
    public func staffingPlan(
        weeks: Int, serviceLevel: Double, concurrency: Int, targetSeconds: Int? = nil, timeZone: TimeZone = .current
    ) async throws -> StaffingPlan {
        guard (1...52).contains(weeks) else { throw StoreError.invalid("--weeks is 1 to 52") }
        guard serviceLevel > 0, serviceLevel < 1 else {
            throw StoreError.invalid("the target share is above 0, below 1")
        }
        guard (1...20).contains(concurrency) else { throw StoreError.invalid("--concurrency is 1 to 20") }
        let now = now()
        let since = now.addingTimeInterval(-Double(weeks) * 7 * 86_400)
        let arrivals = try await backend.arrivalTimes(since: since, until: now)
        let events = try await backend.events(since: since, until: now, agent: nil, host: nil, limit: 1_000_000)
        let policy = try await currentPolicy()
        return StaffingPlan(
            arrivals: arrivals, events: events, weeks: weeks, now: now, timeZone: timeZone,
            targetSeconds: targetSeconds ?? policy.defaultTargetSeconds, serviceLevel: serviceLevel,
            concurrency: concurrency)
    }
}
