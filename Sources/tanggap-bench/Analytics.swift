import ConversationStore
import Foundation
import Logging
import Stores
import TextAnalysis

/// Rising topics and staffing on the workload: how long `trends` and `staffing` take, whether `trends` finds the
/// workload's spike first, and whether it lists anything in the week of ordinary traffic before it.
struct Analytics {
    struct Figures {
        /// Counting an older store's terms once (nil when the store kept its counts as it was imported).
        var indexSeconds: Double?
        /// `trends` over the spike's hour and each hour of the week before it.
        var trends = Percentiles([])
        /// What `trends` lists first in the spike's hour.
        var spikeFirst: String?
        var spikeConversations = 0
        /// Terms listed, at the default threshold, over the 168 hourly windows of the week before the spike.
        var quietRises = 0
        var quietSpikes = 0
        var quietWindows = 0
        /// `staffing --weeks 4` as of the workload's end.
        var staffing = Percentiles([])
        var staffingShortfallHours = 0
        /// Reading the intent of 10,000 customer texts (`analyze --intent`), five times.
        var intent = Percentiles([])
        var intentTexts = 0
    }

    /// The intent of 10,000 of the workload's customer texts, first messages and follow-ups, read five times.
    static func measureIntent() -> (Percentiles, Int) {
        var needing = 0
        var random = SeededRandom(seed: 42)
        let texts = (0..<10_000).map { index in
            index % 3 == 0 ? random.pick(Workload.followUps) : Workload.customerText(&random)
        }
        let classifier = IntentClassifier()
        _ = classifier.read("siap kak")
        let clock = ContinuousClock()
        var times: [Double] = []
        for _ in 0..<5 {
            let started = clock.now
            for text in texts where classifier.read(text).needsReply { needing += 1 }
            times.append((clock.now - started).seconds * 1000)
        }
        // What the reading found is kept, so no optimiser drops the work.
        return (Percentiles(times), needing > 0 ? texts.count : 0)
    }

    static func measure(
        store: Store, location: StoreLocation, workload: Workload, folder: String
    ) async throws -> Figures {
        var figures = Figures()
        (figures.intent, figures.intentTexts) = measureIntent()
        if try await store.conversation(containing: "spike-0") == nil {
            // A store an earlier version built: the spike is added to it.
            let path = folder + "/spike.jsonl"
            try Data((workload.spikeLines().joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
            _ = try await Importer(store: store, batchSize: 5_000).importFile(path, format: .jsonl) { _ in }
        }
        let clock = ContinuousClock()
        if try await !store.trendsIndexed() {
            let started = clock.now
            try await store.indexTrends()
            figures.indexSeconds = (clock.now - started).seconds
        }
        var times: [Double] = []
        let spikeEnd = Workload.spikeHour.addingTimeInterval(3600)
        for _ in 0..<5 {
            let started = clock.now
            let trends = try await store.trends(until: spikeEnd)
            times.append((clock.now - started).seconds * 1000)
            figures.spikeFirst = trends.rises.first?.written
            figures.spikeConversations = trends.rises.first?.conversations.count ?? 0
        }
        for hour in 1...168 {
            let end = Workload.spikeHour.addingTimeInterval(-Double(hour - 1) * 3600)
            let started = clock.now
            let quiet = try await store.trends(until: end)
            times.append((clock.now - started).seconds * 1000)
            figures.quietRises += quiet.rises.count
            figures.quietSpikes += try await store.trends(until: end, threshold: .spike).rises.count
            figures.quietWindows += 1
        }
        figures.trends = Percentiles(times)
        // Staffing as of the workload's last day: a store whose clock stands there.
        let end = Workload.start.addingTimeInterval(60 * 86_400)
        let then = try await Store.open(location, now: { end }, logger: Logger(label: "bench"))
        var staffing: [Double] = []
        for _ in 0..<3 {
            let started = clock.now
            let plan = try await then.staffingPlan(weeks: 4, serviceLevel: 0.8, concurrency: 1)
            staffing.append((clock.now - started).seconds * 1000)
            figures.staffingShortfallHours = plan.cells.filter { $0.shortfall > 0 }.count
        }
        figures.staffing = Percentiles(staffing)
        return figures
    }
}
