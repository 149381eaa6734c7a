import Foundation
import Testing

@testable import TextAnalysis

/// Personal-data detection measured on a held-out set (`Tests/Fixtures/personal-data/heldout.jsonl`: 426 invented
/// messages to Indonesian brands, written from the kinds' definitions by someone who never saw the detector, and never
/// used to tune it; its README says how it was built). Prints precision and recall per kind; run
/// `swift test --filter PersonalDataEvaluationTests` to see them. A finding counts when its kind is right and it
/// overlaps the labelled text; "exact" says how many of those have the labelled text to the character.
@Suite struct PersonalDataEvaluationTests {
    struct Labelled: Decodable {
        struct Finding: Decodable {
            var kind: String
            var text: String
        }
        var text: String
        var found: [Finding]
    }

    struct Tally {
        var truePositives = 0
        var exact = 0
        var falsePositives = 0
        var falseNegatives = 0
        var precision: Double { Double(truePositives) / Double(max(1, truePositives + falsePositives)) }
        var recall: Double { Double(truePositives) / Double(max(1, truePositives + falseNegatives)) }
    }

    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/personal-data/heldout.jsonl")

    static func evaluate() throws -> (tallies: [PersonalDataKind: Tally], misses: [String]) {
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
        var tallies: [PersonalDataKind: Tally] = [:]
        var misses: [String] = []
        for line in lines {
            let labelled = try JSONDecoder().decode(Labelled.self, from: Data(line.utf8))
            let text = labelled.text
            // The labelled spans, found in order.
            var gold: [(kind: String, range: Range<String.Index>, text: String)] = []
            var from = text.startIndex
            for finding in labelled.found {
                guard
                    let range = text.range(of: finding.text, range: from..<text.endIndex)
                        ?? text.range(of: finding.text)
                else { continue }
                gold.append((finding.kind, range, finding.text))
                from = range.upperBound
            }
            var matched = Set<Int>()
            for finding in PersonalData.find(in: text) {
                let index = gold.indices.first { index in
                    !matched.contains(index) && gold[index].kind == finding.kind.rawValue
                        && gold[index].range.overlaps(finding.range)
                }
                if let index {
                    matched.insert(index)
                    tallies[finding.kind, default: Tally()].truePositives += 1
                    if gold[index].text == finding.text { tallies[finding.kind, default: Tally()].exact += 1 }
                } else {
                    tallies[finding.kind, default: Tally()].falsePositives += 1
                    misses.append("extra \(finding.kind.rawValue) '\(finding.text)' in: \(text)")
                }
            }
            for (index, labelled) in gold.enumerated() where !matched.contains(index) {
                guard let kind = PersonalDataKind(rawValue: labelled.kind) else { continue }
                tallies[kind, default: Tally()].falseNegatives += 1
                misses.append("missed \(labelled.kind) '\(labelled.text)' in: \(text)")
            }
        }
        return (tallies, misses)
    }

    @Test func precisionAndRecallPerKindOnTheHeldOutSet() throws {
        let (tallies, misses) = try Self.evaluate()
        var all = Tally()
        print("kind          precision  recall  found  exact  extra  missed")
        for kind in PersonalDataKind.allCases {
            let tally = tallies[kind] ?? Tally()
            all.truePositives += tally.truePositives
            all.exact += tally.exact
            all.falsePositives += tally.falsePositives
            all.falseNegatives += tally.falseNegatives
            print(
                kind.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0)
                    + String(
                        format: "%9.3f %7.3f %6d %6d %6d %7d", tally.precision, tally.recall, tally.truePositives,
                        tally.exact, tally.falsePositives, tally.falseNegatives))
            // Floors a little under what the detector measures, so a change that loses ground fails here.
            #expect(tally.precision >= 0.9, "\(kind.rawValue) precision \(tally.precision)")
            #expect(tally.recall >= 0.85, "\(kind.rawValue) recall \(tally.recall)")
        }
        print(String(format: "all           %9.3f %7.3f", all.precision, all.recall))
        for miss in misses { print("  " + miss) }
    }
}
