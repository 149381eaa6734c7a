import Foundation
import Testing

@testable import ConversationStore
@testable import SQLiteStore

/// Knowledge-base matching measured on public data (test splits, reported once; nothing is tuned on them).
/// Each prints its figures; run `swift test --filter RetrievalEvaluationTests` to see them.
@Suite(.serialized) struct RetrievalEvaluationTests {
    static func csvRows(_ path: String) throws -> [[String]] {
        var reader = CSVRecordReader(try Data(contentsOf: URL(fileURLWithPath: path)))
        var rows: [[String]] = []
        while let record = reader.next() {
            if case .fields(let fields, _, _) = record { rows.append(fields) }
        }
        return Array(rows.dropFirst())
    }

    /// A store with one article per BANKING77 intent, its body the intent's questions.
    static func bankingStore(_ questions: [String: [String]]) async throws -> Store {
        let store = try TestStore().store
        try await store.saveArticles(
            // In intent order: ties go to the earlier article, so the figures are the same on every run.
            questions.sorted { $0.key < $1.key }.map { intent, texts in
                Article(
                    id: intent, title: intent.replacingOccurrences(of: "_", with: " "),
                    body: texts.joined(separator: "\n"), language: "en", updatedAt: Make.start)
            })
        return store
    }

    /// BANKING77: one article per intent built from the train questions; each test question should find its
    /// intent first. Plain BM25 gets 0.84.
    @Test(.enabled(if: SharedData.available, "../shared/data is absent; skipping BANKING77"))
    func banking77TopOne() async throws {
        let train = try Self.csvRows(SharedData.file("banking77/train.csv"))
        let test = try Self.csvRows(SharedData.file("banking77/test.csv"))
        var questions: [String: [String]] = [:]
        for row in train where row.count == 2 { questions[row[1], default: []].append(row[0]) }
        let store = try await Self.bankingStore(questions)
        var correct = 0
        for row in test where row.count == 2 {
            if try await store.searchArticles(row[0], limit: 1, passages: false).first?.article.id == row[1] {
                correct += 1
            }
        }
        let accuracy = Double(correct) / Double(test.count)
        print("BANKING77 test top-1: \(String(format: "%.4f", accuracy)) (\(correct) of \(test.count))")
        #expect(test.count == 3_080)
        // Measured 0.8724 (article BM25, the passages' vote and the adjacent-pair bonus); plain BM25 on raw words
        // gets 0.84. The goal is 0.87.
        #expect(accuracy >= 0.87)
    }

    /// BANKING77 development split (every fifth train question asks, the rest make the articles): what choices in
    /// the ranking and analysis are made on, never the test split.
    @Test(.enabled(if: SharedData.available, "../shared/data is absent; skipping BANKING77"))
    func banking77DevelopmentSplit() async throws {
        let rows = try Self.csvRows(SharedData.file("banking77/train.csv")).filter { $0.count == 2 }
        var questions: [String: [String]] = [:]
        var dev: [[String]] = []
        for (index, row) in rows.enumerated() {
            if index % 5 == 0 { dev.append(row) } else { questions[row[1], default: []].append(row[0]) }
        }
        let store = try await Self.bankingStore(questions)
        var correct = 0
        for row in dev {
            if try await store.searchArticles(row[0], limit: 1, passages: false).first?.article.id == row[1] {
                correct += 1
            }
        }
        let accuracy = Double(correct) / Double(dev.count)
        print("BANKING77 dev top-1: \(String(format: "%.4f", accuracy))")
        // Measured 0.8736 over the 2,001 questions.
        #expect(accuracy > 0.865)
    }

    /// FacQA: each test question should rank its own passage first among the test passages. Plain BM25: hit@1 0.727.
    @Test(.enabled(if: SharedData.available, "../shared/data is absent; skipping FacQA"))
    func facqaHitAtOne() async throws {
        func words(_ list: String) -> String {
            // Tokens are stored as a Python list literal: ['Siapakah', 'pelatih', …]
            var result: [String] = []
            var current = ""
            var quote: Character?
            for character in list {
                if let open = quote {
                    if character == open {
                        result.append(current)
                        current = ""
                        quote = nil
                    } else {
                        current.append(character)
                    }
                } else if character == "'" || character == "\"" {
                    quote = character
                }
            }
            return result.joined(separator: " ")
        }
        let rows = try Self.csvRows(SharedData.file("indonlu/facqa/test_preprocess.csv")).filter { $0.count >= 2 }
        var passageIDs: [String: String] = [:]
        for row in rows where passageIDs[row[1]] == nil { passageIDs[row[1]] = "p\(passageIDs.count)" }
        let store = try TestStore().store
        try await store.saveArticles(
            // In passage order: ties go to the earlier passage, so the figures are the same on every run.
            passageIDs.sorted { Int($0.value.dropFirst())! < Int($1.value.dropFirst())! }.map { passage, id in
                Article(id: id, title: "", body: words(passage), language: "id", updatedAt: Make.start)
            })
        var hitAt1 = 0
        var hitAt5 = 0
        var reciprocal = 0.0
        for row in rows {
            let hits = try await store.searchArticles(words(row[0]), limit: 10, passages: false)
            guard let rank = hits.firstIndex(where: { $0.article.id == passageIDs[row[1]] }) else { continue }
            if rank == 0 { hitAt1 += 1 }
            if rank < 5 { hitAt5 += 1 }
            reciprocal += 1 / Double(rank + 1)
        }
        let n = Double(rows.count)
        print(
            "FacQA test: hit@1 \(String(format: "%.4f", Double(hitAt1) / n)), hit@5 \(String(format: "%.4f", Double(hitAt5) / n)), "
                + "MRR@10 \(String(format: "%.4f", reciprocal / n)) over \(rows.count) questions")
        #expect(rows.count == 311)
        // Measured 0.849 when this test was written (plain BM25: 0.727).
        #expect(Double(hitAt1) / n > 0.80)
    }
}
