import Foundation
import GRDB
import Testing

@testable import ConversationStore
@testable import SQLiteStore

/// Replies that worked before, measured on the public Twitter support sample: learn from four threads in five (by
/// the earliest tweet id), and for the fifth ask how often the brand's real first reply, generalised, is among the
/// top three history suggestions — "is" meaning at least half of their words shared, since brand replies are
/// personalised and never repeat to the letter. A plain BM25 nearest-neighbour over raw words (any brand) is the
/// baseline.
@Suite struct SuggestionEvaluationTests {
    /// Word overlap (Jaccard) of two replies, ignoring variables and handles: 1 for the same words.
    static func similarity(_ a: String, _ b: String) -> Double {
        func words(_ text: String) -> Set<String> {
            Set(
                text.lowercased().replacingOccurrences(of: "{{customer.handle}}", with: " ")
                    .replacingOccurrences(of: "{{customer.name}}", with: " ").replacingOccurrences(
                        of: "{{agent.name}}", with: " "
                    )
                    .split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init))
        }
        let (x, y) = (words(a), words(b))
        guard !x.isEmpty || !y.isEmpty else { return 0 }
        return Double(x.intersection(y).count) / Double(x.union(y).count)
    }

    /// A suggestion "is" the real reply when at least half of their words are shared.
    static func matches(_ a: String, _ b: String) -> Bool { similarity(a, b) >= 0.5 }

    @Test(.enabled(if: SharedData.available, "../shared/data is absent; skipping the suggestion measurement"))
    func historyFindsTheRealReply() async throws {
        let test = try TestStore()
        _ = try await Importer(store: test.store).importFile(SharedData.file("twcs/twcs_head5000.csv"), format: .twcs) {
            _ in
        }
        let examples = try await test.backend.read { db in
            try Row.fetchAll(
                db, sql: "SELECT a.*, c.external_id FROM answered a JOIN conversation c ON c.id = a.conversation_id"
            )
            .map { row in
                (
                    id: row["conversation_id"] as Int64, external: row["external_id"] as String,
                    example: AnsweredExample(
                        conversation: ConversationID(row["conversation_id"]), terms: row["terms"], reply: row["reply"],
                        customerName: row["customer_name"], customerHandle: row["customer_handle"], score: 0)
                )
            }
        }
        var train: [Int64: (terms: String, reply: String, raw: [String])] = [:]
        var tests: [(id: Int64, terms: [String], raw: [String], reply: String)] = []
        var rawTexts: [Int64: [String]] = [:]
        let asked = try await test.backend.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT conversation_id, group_concat(text, ' ') AS asked FROM message m
                    WHERE direction = 'inbound'
                      AND created_at <= (SELECT first_response_at FROM conversation WHERE id = m.conversation_id)
                    GROUP BY conversation_id
                    """
            ).map { (id: $0["conversation_id"] as Int64, text: $0["asked"] as String) }
        }
        for (id, text) in asked {
            rawTexts[id] = text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        }
        for (id, external, example) in examples {
            let raw = rawTexts[id] ?? []
            if (Int64(external) ?? 0) % 5 == 0 {
                tests.append((id, example.terms.split(separator: " ").map(String.init), raw, example.generalisedReply))
            } else {
                train[id] = (example.terms, example.generalisedReply, raw)
            }
        }
        // History suggestions, restricted to the training threads.
        var historyHits = 0
        for item in tests {
            let account = try await test.store.thread(ConversationID(item.id))?.conversation.account
            let found = try await test.backend.similarAnswered(
                terms: item.terms, account: account, excluding: ConversationID(item.id), limit: 60)
            let top = found.filter { train[$0.conversation.rawValue] != nil }.prefix(3)
            if top.contains(where: { Self.matches($0.generalisedReply, item.reply) }) { historyHits += 1 }
        }
        // Baseline: plain BM25 (k1 1.5, b 0.75) over raw lowercase words, nearest three training threads.
        let ids = Array(train.keys)
        let documents = ids.map { train[$0]?.raw ?? [] }
        let average = Double(documents.map(\.count).reduce(0, +)) / Double(max(documents.count, 1))
        var frequency: [String: Int] = [:]
        for document in documents { for word in Set(document) { frequency[word, default: 0] += 1 } }
        let n = Double(documents.count)
        var baselineHits = 0
        for item in tests {
            var scores: [(Int, Double)] = []
            for (index, document) in documents.enumerated() {
                var counts: [String: Int] = [:]
                for word in document { counts[word, default: 0] += 1 }
                var score = 0.0
                for word in item.raw {
                    guard let tf = counts[word], let df = frequency[word] else { continue }
                    let idf = max(log((n - Double(df) + 0.5) / (Double(df) + 0.5)), 0.01)
                    score +=
                        idf * Double(tf) * 2.5 / (Double(tf) + 1.5 * (0.25 + 0.75 * Double(document.count) / average))
                }
                if score > 0 { scores.append((index, score)) }
            }
            let top = scores.sorted { $0.1 > $1.1 }.prefix(3).map { train[ids[$0.0]]?.reply ?? "" }
            if top.contains(where: { Self.matches($0, item.reply) }) { baselineHits += 1 }
        }
        let total = Double(max(tests.count, 1))
        print(
            "suggestions on twcs_head5000: real first reply in the top 3 for \(historyHits) of \(tests.count) "
                + "(\(String(format: "%.3f", Double(historyHits) / total))); plain BM25 nearest neighbour \(baselineHits) "
                + "(\(String(format: "%.3f", Double(baselineHits) / total)))")
        #expect(tests.count > 100)
        #expect(historyHits >= baselineHits)
    }
}
