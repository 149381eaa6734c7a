import ConversationStore
import Foundation

/// The import's stages, each alone on one core: reading (parsing the JSONL into messages) and analysing (each
/// customer text's sentiment and search terms). The import overlaps them with the store's writing, so its rate is
/// bounded by the slowest of the three; these two show how much of the budget the writer is left with.
enum IngestStages {
    struct Figures {
        var readRate: Double?
        var analyseRate: Double?
    }

    static func measure(file: String, batchSize: Int) throws -> Figures {
        let clock = ContinuousClock()
        var (source, _) = try Importer.source(for: file, format: .jsonl)
        var batch: [IncomingMessage] = []
        var count = 0
        var readTime = Duration.zero
        var analyseTime = Duration.zero
        var started = clock.now
        while let record = source.next() {
            guard case .message(let message, _) = record else { continue }
            batch.append(message)
            count += 1
            if batch.count == batchSize {
                readTime += clock.now - started
                // Analysed outside the reading clock.
                let analysing = clock.now
                _ = TextFacts(batch)
                analyseTime += clock.now - analysing
                batch.removeAll(keepingCapacity: true)
                started = clock.now
            }
        }
        readTime += clock.now - started
        if !batch.isEmpty {
            let analysing = clock.now
            _ = TextFacts(batch)
            analyseTime += clock.now - analysing
        }
        return Figures(
            readRate: Double(count) / readTime.seconds, analyseRate: Double(count) / analyseTime.seconds)
    }
}
