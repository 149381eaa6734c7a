import Foundation
import Logging
import PostgresNIO

/// The report computed by the server: one statement aggregates the period's conversations by the published
/// formulas (the group figures with `percentile_disc`, which is the nearest rank; the heatmap; the backlog; customers
/// and moods) through grouping sets, and only those figures cross the network, never a row per conversation.
/// Local days and hours come from the server's time-zone rules for the report's zone.
extension PostgresBackend {
    public func report(_ query: ReportQuery, now: Date) async throws -> Report? {
        let policy = policy
        let logger = logger
        return try await read { connection -> Report? in
            let zone = query.timeZone.identifier
            var known = false
            for try await exists in try await connection.query(
                "SELECT EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = \(zone))", logger: logger
            ).decode(Bool.self) {
                known = exists
            }
            // A zone the server does not know by that name: the report is summed from the facts instead.
            guard known else { return nil }
            let statement = Self.reportStatement(query, policy: policy, now: now)
            var totals = Report.Figures()
            var groups: [Report.Group] = []
            var heatmap = Array(repeating: Array(repeating: 0, count: 24), count: 7)
            var heatmapMet = heatmap
            var backlog = Report.backlogLimits.map { Report.BacklogBucket(label: $0.0, below: $0.1, count: 0) }
            var customers = (new: 0, repeat: 0)
            var sentiment = ["negative": 0, "neutral": 0, "positive": 0, "unknown": 0]
            for try await row in try await connection.query(statement, logger: logger) {
                let cells = row.makeRandomAccess()
                let set = try cells[0].decode(String.self)
                func count(_ index: Int) throws -> Int { try cells[index].decode(Int.self) }
                switch set {
                case "heat":
                    guard let weekday = try cells[2].decode(Int?.self), let hour = try cells[3].decode(Int?.self),
                        (0..<7).contains(weekday), (0..<24).contains(hour)
                    else { continue }
                    heatmap[weekday][hour] = try count(6)
                    heatmapMet[weekday][hour] = try count(8)
                case "backlog":
                    guard let bucket = try cells[4].decode(Int?.self), backlog.indices.contains(bucket) else {
                        continue
                    }
                    backlog[bucket].count = try count(25)
                default:
                    var figures = Report.Figures()
                    figures.conversations = try count(5)
                    figures.needsResponse = try count(6)
                    figures.responded = try count(7)
                    figures.slaMet = try count(8)
                    figures.slaBreached = try count(9)
                    figures.slaPending = try count(10)
                    figures.settleRates()
                    figures.firstResponse = DurationSummary(
                        count: figures.responded, p50Milliseconds: try cells[11].decode(Int64?.self),
                        p90Milliseconds: try cells[12].decode(Int64?.self),
                        sumMilliseconds: try cells[13].decode(Int64?.self) ?? 0)
                    figures.resolution = DurationSummary(
                        count: try count(14), p50Milliseconds: try cells[15].decode(Int64?.self),
                        p90Milliseconds: try cells[16].decode(Int64?.self),
                        sumMilliseconds: try cells[17].decode(Int64?.self) ?? 0)
                    if set == "total" {
                        totals = figures
                        customers = (try count(19), try count(18))
                        sentiment = [
                            "negative": try count(20), "neutral": try count(21), "positive": try count(22),
                            "unknown": try count(23),
                        ]
                    } else {
                        groups.append(Report.Group(key: try cells[1].decode(String?.self) ?? "", figures: figures))
                    }
                }
            }
            return Report(
                query: query, policy: policy, totals: totals, groups: query.grouping == nil ? [] : groups,
                heatmap: heatmap, heatmapMet: heatmapMet, backlog: backlog, newCustomers: customers.new,
                repeatCustomers: customers.repeat, sentiment: sentiment)
        }
    }

    /// The one statement. Columns: 0 set (`total`, `group`, `heat`, `backlog`), 1 group key, 2 weekday (0 =
    /// Monday), 3 hour, 4 backlog bucket, 5–10 the counts, 11–13 first response p50, p90, sum, 14–17 resolution
    /// count, p50, p90, sum, 18–19 repeat and new customers, 20–23 moods, 24 unused, 25 backlog count.
    static func reportStatement(_ query: ReportQuery, policy: SLAPolicy, now: Date) -> PostgresQuery {
        var builder = QueryBuilder()
        let from = builder.bind(query.since?.milliseconds ?? Int64.min)
        let to = builder.bind(query.until?.milliseconds ?? Int64.max)
        let zone = builder.bind(query.timeZone.identifier)
        let now = builder.bind(now.milliseconds)
        let target: String
        if let fixed = query.slaTargetSeconds {
            target = builder.bind(Int64(fixed) * 1000)
        } else {
            // The tightest target that applies, as `SLAPolicy.targetSeconds` picks it.
            var parts = [builder.bind(Int64(policy.defaultTargetSeconds))]
            if !policy.priorityTargets.isEmpty {
                let cases = policy.priorityTargets.sorted { $0.key.rank < $1.key.rank }.map { priority, seconds in
                    "WHEN \(builder.bind(priority.rank)) THEN \(builder.bind(Int64(seconds)))"
                }
                parts.append("CASE c.priority \(cases.joined(separator: " ")) ELSE NULL END")
            }
            if !policy.channelTargets.isEmpty {
                let cases = policy.channelTargets.sorted { $0.key < $1.key }.map { channel, seconds in
                    "WHEN \(builder.bind(channel.rawValue)) THEN \(builder.bind(Int64(seconds)))"
                }
                parts.append("CASE c.channel \(cases.joined(separator: " ")) ELSE NULL END")
            }
            target = "LEAST(\(parts.joined(separator: ", "))) * 1000"
        }
        let weekday = "(EXTRACT(ISODOW FROM f.opened)::int)"
        let weekdayKey =
            "\(weekday)::text || '-' || (ARRAY['mon','tue','wed','thu','fri','sat','sun'])[\(weekday)]"
        let mood = """
            CASE WHEN f.sentiment IS NULL THEN 'unknown' WHEN f.sentiment <= -0.3 THEN 'negative'
                WHEN f.sentiment >= 0.3 THEN 'positive' ELSE 'neutral' END
            """
        let key: String? =
            switch query.grouping {
            case nil: nil
            case .account?: "COALESCE(f.account, '(none)')"
            case .agent?: "COALESCE(f.first_responder, '(none)')"
            case .channel?: "f.channel"
            case .day?: "to_char(f.opened, 'YYYY-MM-DD')"
            case .hour?: "to_char(f.opened, 'HH24')"
            case .weekday?: weekdayKey
            case .weekdayHour?: "\(weekdayKey) || ' ' || to_char(f.opened, 'HH24')"
            case .customer?:
                "CASE f.repeat_customer WHEN TRUE THEN 'repeat' WHEN FALSE THEN 'new' ELSE '(none)' END"
            case .sentiment?: mood
            }
        var buckets: [String] = []
        for (index, limit) in Report.backlogLimits.enumerated() {
            if let below = limit.1 {
                buckets.append("WHEN \(now) - f.inbound < \(Int64(below * 1000)) THEN \(index)")
            } else {
                buckets.append("ELSE \(index)")
            }
        }
        let answeredInTime = "needs AND answered AND elapsed <= target"
        // Without a grouping the key is one constant, and its one group is not reported.
        let sets = ["(key)", "()", "(heat_weekday, heat_hour)", "(bucket)"]
        builder.sql = """
            WITH f AS (
                SELECT c.first_inbound_at AS inbound,
                    c.first_response_at - c.first_inbound_at AS elapsed,
                    c.first_response_at IS NOT NULL AS answered,
                    c.resolved_at - c.first_inbound_at AS resolution,
                    c.resolved_at IS NOT NULL AS resolved,
                    (c.first_message_inbound AND c.no_reply_reason IS NULL AND c.first_inbound_at IS NOT NULL) AS needs,
                    \(target) AS target,
                    CASE WHEN c.customer_id IS NOT NULL THEN
                        EXISTS (SELECT 1 FROM conversation o
                            WHERE o.customer_id = c.customer_id AND o.channel = c.channel
                                AND (o.first_message_at < c.first_message_at
                                    OR (o.first_message_at = c.first_message_at AND o.id < c.id)))
                    END AS repeat_customer,
                    c.sentiment, c.channel, c.first_responder, a.handle AS account,
                    (TIMESTAMPTZ 'epoch' + c.first_message_at * INTERVAL '1 millisecond') AT TIME ZONE \(zone)
                        AS opened,
                    (TIMESTAMPTZ 'epoch' + c.first_inbound_at * INTERVAL '1 millisecond') AT TIME ZONE \(zone)
                        AS inbound_local
                FROM conversation c LEFT JOIN account a ON a.id = c.account_id
                WHERE c.first_message_at >= \(from) AND c.first_message_at < \(to)
            ), g AS (
                SELECT f.*, \(key ?? "''") AS key,
                    CASE WHEN f.needs THEN EXTRACT(ISODOW FROM f.inbound_local)::int - 1 END AS heat_weekday,
                    CASE WHEN f.needs THEN EXTRACT(HOUR FROM f.inbound_local)::int END AS heat_hour,
                    CASE WHEN f.needs AND NOT f.answered AND NOT f.resolved THEN CASE \(buckets.joined(separator: " ")) END
                    END AS bucket
                FROM f
            )
            SELECT
                CASE WHEN GROUPING(key) = 0 THEN 'group' WHEN GROUPING(heat_weekday) = 0 THEN 'heat'
                    WHEN GROUPING(bucket) = 0 THEN 'backlog' ELSE 'total' END,
                CASE WHEN GROUPING(key) = 0 THEN key END,
                CASE WHEN GROUPING(heat_weekday) = 0 THEN heat_weekday END,
                CASE WHEN GROUPING(heat_hour) = 0 THEN heat_hour END,
                CASE WHEN GROUPING(bucket) = 0 THEN bucket END,
                COUNT(*)::int8,
                COUNT(*) FILTER (WHERE needs)::int8,
                COUNT(*) FILTER (WHERE needs AND answered)::int8,
                COUNT(*) FILTER (WHERE \(answeredInTime))::int8,
                COUNT(*) FILTER (WHERE needs AND ((answered AND elapsed > target)
                    OR (NOT answered AND \(now) - inbound > target)))::int8,
                COUNT(*) FILTER (WHERE needs AND NOT answered AND \(now) - inbound <= target)::int8,
                percentile_disc(0.5) WITHIN GROUP (ORDER BY elapsed) FILTER (WHERE needs AND answered),
                percentile_disc(0.9) WITHIN GROUP (ORDER BY elapsed) FILTER (WHERE needs AND answered),
                SUM(elapsed) FILTER (WHERE needs AND answered)::int8,
                COUNT(*) FILTER (WHERE resolved AND inbound IS NOT NULL)::int8,
                percentile_disc(0.5) WITHIN GROUP (ORDER BY resolution) FILTER (WHERE resolved AND inbound IS NOT NULL),
                percentile_disc(0.9) WITHIN GROUP (ORDER BY resolution) FILTER (WHERE resolved AND inbound IS NOT NULL),
                SUM(resolution) FILTER (WHERE resolved AND inbound IS NOT NULL)::int8,
                COUNT(*) FILTER (WHERE repeat_customer)::int8,
                COUNT(*) FILTER (WHERE NOT repeat_customer)::int8,
                COUNT(*) FILTER (WHERE sentiment <= -0.3)::int8,
                COUNT(*) FILTER (WHERE sentiment > -0.3 AND sentiment < 0.3)::int8,
                COUNT(*) FILTER (WHERE sentiment >= 0.3)::int8,
                COUNT(*) FILTER (WHERE sentiment IS NULL)::int8,
                0::int8,
                COUNT(*) FILTER (WHERE needs AND NOT answered AND NOT resolved)::int8
            FROM g
            GROUP BY GROUPING SETS (\(sets.joined(separator: ", ")))
            """
        return builder.query
    }
}
