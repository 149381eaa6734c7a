import ConversationStore
import Foundation

extension Report.Figures {
    /// The documented JSON fields of one set of figures. Durations are seconds. `no_reply`: conversations an agent
    /// marked as needing no reply (`marked`), the unanswered ones still counted that probably need none
    /// (`estimated`), and the response rate were those confirmed.
    public var json: [String: JSONValue] {
        [
            "conversations": JSONValue(conversations),
            "needs_response": JSONValue(needsResponse),
            "responded": JSONValue(responded),
            "response_rate": JSONValue(responseRate),
            "first_response_seconds": firstResponse.json,
            "resolution_seconds": resolution.json,
            "no_reply": .object([
                "marked": JSONValue(noReplyMarked), "estimated": JSONValue(noReplyEstimated),
                "response_rate_if_confirmed": JSONValue(responseRateIfConfirmed),
            ]),
        ]
    }
}

extension DurationSummary {
    public var json: JSONValue {
        .object(["count": JSONValue(count), "p50": JSONValue(p50), "p90": JSONValue(p90), "mean": JSONValue(mean)])
    }
}

extension Report {
    /// The documented JSON shape of `tanggap report --format json`: the totals' fields at the top level, and
    /// `outbound` (`replies`, `broadcasts`, `service_share`); `groups` (each with `key` and the same fields) when the
    /// report is grouped; by agent, an agent's group also has `replies` and `replied_conversations`; by account, each
    /// account's `outbound`.
    public var json: JSONValue {
        func figures(_ figures: Figures) -> [String: JSONValue] {
            var fields = figures.json
            fields["sla"] = .object([
                "target_seconds": JSONValue(slaTargetSeconds),
                "met": JSONValue(figures.slaMet),
                "breached": JSONValue(figures.slaBreached),
                "pending": JSONValue(figures.slaPending),
                "attainment": JSONValue(figures.slaAttainment),
            ])
            return fields
        }
        var top = figures(totals)
        top["since"] = JSONValue(query.since)
        top["until"] = JSONValue(query.until)
        top["by"] = JSONValue(query.grouping?.rawValue)
        top["clock"] = .string(clock.rawValue)
        top["heatmap"] = .object([
            "weekdays": .array(Self.weekdayNames.map(JSONValue.string)),
            "needs_response": .array(heatmap.map { .array($0.map { JSONValue($0) }) }),
            "sla_met": .array(heatmapMet.map { .array($0.map { JSONValue($0) }) }),
        ])
        top["backlog"] = .array(
            backlog.map { bucket in
                .object([
                    "age": .string(bucket.label), "below_seconds": JSONValue(bucket.below),
                    "count": JSONValue(bucket.count),
                ])
            })
        top["customers"] = .object(["new": JSONValue(newCustomers), "repeat": JSONValue(repeatCustomers)])
        top["sentiment"] = .object(sentiment.mapValues { JSONValue($0) })
        top["intents"] = .object(intents.mapValues { JSONValue($0) })
        top["personal_data"] = .object([
            "in_public": JSONValue(personalDataInPublic), "moved_private": JSONValue(personalDataMovedPrivate),
        ])
        func outboundJSON(_ count: OutboundCount) -> JSONValue {
            .object([
                "replies": JSONValue(count.replies), "broadcasts": JSONValue(count.broadcasts),
                "service_share": JSONValue(count.serviceShare),
            ])
        }
        top["outbound"] = outboundJSON(outbound)
        top["groups"] =
            query.grouping == nil
            ? .null
            : .array(
                groups.map { group in
                    var fields = figures(group.figures)
                    fields["key"] = .string(group.key)
                    if let replies = group.replies { fields["replies"] = JSONValue(replies) }
                    if let replied = group.repliedConversations { fields["replied_conversations"] = JSONValue(replied) }
                    if let count = group.outbound { fields["outbound"] = outboundJSON(count) }
                    return .object(fields)
                })
        return .object(top)
    }
}
