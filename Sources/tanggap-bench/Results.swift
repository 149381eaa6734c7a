import ConversationStore
import Foundation

/// Every figure of a run, as a table for people and one JSON line for scripts.
struct Results {
    var scale: String
    var conversations = 0
    var messages = 0
    var articles = 0
    var ingestSeconds: Double?
    var ingestRate: Double?
    var stages = IngestStages.Figures()
    var kbIndexSeconds: Double?
    var firstFrame = Percentiles([])
    var queueStep = Percentiles([])
    var openThread = Percentiles([])
    var kbSearch = Percentiles([])
    var suggest = Percentiles([])
    var maxRSS = Double.nan
    var bytesPerMove = Percentiles([])
    var floors = Floor.Figures()
    var analytics = Analytics.Figures()

    /// The most two cores could import if reading, analysing and writing (at the floor's rate) shared them with
    /// nothing lost: each message costs the three stages' times added up, and two cores halve that. No import of
    /// this design can pass it; how close the real one comes says what is left to gain by overlapping the stages.
    var ingestBound: Double? {
        guard let read = stages.readRate, let analyse = stages.analyseRate, let write = floors.ingestRate,
            read > 0, analyse > 0, write > 0
        else { return nil }
        return 2 / (1 / read + 1 / analyse + 1 / write)
    }

    static let goals: [String: Double] = [
        "ingest_messages_per_second": 100_000, "first_frame_ms": 150, "queue_step_ms_p99": 2, "open_thread_ms_p99": 10,
        "kb_search_ms_p99": 5, "suggest_ms_p99": 25, "max_rss_mb": 80, "bytes_per_keystroke": 150,
        "trends_ms_p99": 1000, "staffing_ms_p99": 2000, "intent_10k_ms_p99": 1000,
    ]

    var json: JSONValue {
        func number(_ value: Double?) -> JSONValue {
            guard let value, value.isFinite else { return .null }
            return .double((value * 1000).rounded() / 1000)
        }
        return .object([
            "scale": .string(scale), "conversations": JSONValue(conversations), "messages": JSONValue(messages),
            "articles": JSONValue(articles),
            "ingest_seconds": number(ingestSeconds), "ingest_messages_per_second": number(ingestRate),
            "ingest_read_messages_per_second": number(stages.readRate),
            "ingest_analyse_messages_per_second": number(stages.analyseRate),
            "ingest_bound_messages_per_second": number(ingestBound),
            "kb_index_seconds": number(kbIndexSeconds),
            "first_frame_ms": number(firstFrame.p50), "first_frame_ms_p99": number(firstFrame.p99),
            "queue_step_ms_p50": number(queueStep.p50), "queue_step_ms_p99": number(queueStep.p99),
            "open_thread_ms_p50": number(openThread.p50), "open_thread_ms_p99": number(openThread.p99),
            "kb_search_ms_p50": number(kbSearch.p50), "kb_search_ms_p99": number(kbSearch.p99),
            "suggest_ms_p50": number(suggest.p50), "suggest_ms_p99": number(suggest.p99),
            "max_rss_mb": number(maxRSS),
            "bytes_per_keystroke": number(bytesPerMove.p50), "bytes_per_keystroke_p99": number(bytesPerMove.p99),
            "floor_ingest_messages_per_second": number(floors.ingestRate),
            "floor_queue_page_ms": number(floors.queuePage), "floor_thread_ms": number(floors.thread),
            "floor_kb_search_ms": number(floors.kbSearch),
            "trends_index_seconds": number(analytics.indexSeconds),
            "trends_ms_p50": number(analytics.trends.p50), "trends_ms_p99": number(analytics.trends.p99),
            "trends_spike_first": analytics.spikeFirst.map { .string($0) } ?? .null,
            "trends_spike_conversations": JSONValue(analytics.spikeConversations),
            "trends_quiet_windows": JSONValue(analytics.quietWindows),
            "trends_quiet_rises": JSONValue(analytics.quietRises),
            "trends_quiet_spike_alerts": JSONValue(analytics.quietSpikes),
            "staffing_ms_p50": number(analytics.staffing.p50), "staffing_ms_p99": number(analytics.staffing.p99),
            "staffing_short_hours": JSONValue(analytics.staffingShortfallHours),
            "intent_10k_ms_p50": number(analytics.intent.p50), "intent_10k_ms_p99": number(analytics.intent.p99),
        ])
    }

    var table: String {
        func format(_ value: Double?, _ unit: String) -> String {
            guard let value, value.isFinite else { return "-" }
            if value >= 1000 { return String(format: "%.0f %@", value, unit) }
            if value >= 10 { return String(format: "%.1f %@", value, unit) }
            return String(format: "%.2f %@", value, unit)
        }
        func verdict(_ key: String, _ value: Double?, higherIsBetter: Bool = false) -> String {
            guard let goal = Self.goals[key], let value, value.isFinite else { return "" }
            let met = higherIsBetter ? value >= goal : value <= goal
            return met ? "met" : "MISSED"
        }
        var rows: [(String, String, String, String, String)] = []
        rows.append(
            (
                "ingest (messages/s)", format(ingestRate, ""), "", "≥ 100000",
                verdict("ingest_messages_per_second", ingestRate, higherIsBetter: true)
            ))
        rows.append(("  floor: sqlite3 (same rows)", format(floors.ingestRate, ""), "", "", ""))
        rows.append(("  reading alone, one core", format(stages.readRate, ""), "", "", ""))
        rows.append(("  analysing alone, one core", format(stages.analyseRate, ""), "", "", ""))
        rows.append(("  bound: the three, two cores", format(ingestBound, ""), "", "", ""))
        rows.append(
            (
                "first frame", format(firstFrame.p50, "ms"), format(firstFrame.p99, "ms"), "≤ 150 ms",
                verdict("first_frame_ms", firstFrame.p50)
            ))
        rows.append(
            (
                "queue step", format(queueStep.p50, "ms"), format(queueStep.p99, "ms"), "p99 ≤ 2 ms",
                verdict("queue_step_ms_p99", queueStep.p99)
            ))
        rows.append(("  floor: sqlite3 (mean)", format(floors.queuePage, "ms"), "", "", ""))
        rows.append(
            (
                "open 200-message thread", format(openThread.p50, "ms"), format(openThread.p99, "ms"), "p99 ≤ 10 ms",
                verdict("open_thread_ms_p99", openThread.p99)
            ))
        rows.append(("  floor: sqlite3 (mean)", format(floors.thread, "ms"), "", "", ""))
        rows.append(
            (
                "knowledge-base search", format(kbSearch.p50, "ms"), format(kbSearch.p99, "ms"), "p99 ≤ 5 ms",
                verdict("kb_search_ms_p99", kbSearch.p99)
            ))
        rows.append(("  floor: sqlite3 FTS5 (mean)", format(floors.kbSearch, "ms"), "", "", ""))
        rows.append(
            (
                "suggestions", format(suggest.p50, "ms"), format(suggest.p99, "ms"), "p99 ≤ 25 ms",
                verdict("suggest_ms_p99", suggest.p99)
            ))
        rows.append(("console max RSS", format(maxRSS, "MB"), "", "≤ 80 MB", verdict("max_rss_mb", maxRSS)))
        rows.append(
            (
                "bytes per selection move", format(bytesPerMove.p50, "B"), format(bytesPerMove.p99, "B"), "≤ 150 B",
                verdict("bytes_per_keystroke", bytesPerMove.p50)
            ))
        rows.append(
            (
                "trends (169 windows)", format(analytics.trends.p50, "ms"), format(analytics.trends.p99, "ms"),
                "p99 ≤ 1 s", verdict("trends_ms_p99", analytics.trends.p99)
            ))
        rows.append(
            (
                "  spike hour: first", analytics.spikeFirst ?? "none", "\(analytics.spikeConversations) conv.",
                "gangguan", analytics.spikeFirst == "gangguan" ? "met" : "MISSED"
            ))
        rows.append(
            (
                "  week before: listed", "\(analytics.quietRises) in \(analytics.quietWindows)",
                "alerts \(analytics.quietSpikes)", "0", analytics.quietRises == 0 ? "met" : "MISSED"
            ))
        if let index = analytics.indexSeconds {
            rows.append(("  counting an older store", format(index, "s"), "", "", ""))
        }
        rows.append(
            (
                "staffing --weeks 4", format(analytics.staffing.p50, "ms"), format(analytics.staffing.p99, "ms"),
                "p99 ≤ 2 s", verdict("staffing_ms_p99", analytics.staffing.p99)
            ))
        rows.append(
            (
                "intent of 10,000 texts", format(analytics.intent.p50, "ms"), format(analytics.intent.p99, "ms"),
                "p99 ≤ 1 s", verdict("intent_10k_ms_p99", analytics.intent.p99)
            ))
        var lines = [
            "tanggap-bench --scale \(scale): \(conversations) conversations, \(messages) messages, \(articles) articles"
                + (ingestSeconds.map {
                    String(format: " (ingest %.1f s", $0)
                        + (kbIndexSeconds.map { String(format: ", knowledge base %.1f s)", $0) } ?? ")")
                } ?? "")
        ]
        let header = ("figure", "p50", "p99", "goal", "")
        for row in [header] + rows {
            lines.append(
                row.0.padding(toLength: 30, withPad: " ", startingAt: 0)
                    + row.1.padding(toLength: 12, withPad: " ", startingAt: 0)
                    + row.2.padding(toLength: 12, withPad: " ", startingAt: 0)
                    + row.3.padding(toLength: 14, withPad: " ", startingAt: 0)
                    + row.4)
        }
        return lines.joined(separator: "\n")
    }
}
