import Foundation
import Testing

@testable import ConversationStore

/// Erlang C against a computation apart from the product's: `Tests/Fixtures/erlang-c/grid.py` (exact factorials and
/// fractions, the textbook formula) wrote `grid.txt`, 90 cases of arrivals, handling times, SLA targets and target
/// shares; the product (the Erlang B recursion) must find the same number of agents and the same service level.
@Suite struct ErlangCTests {
    @Test func theGridAgreesWithAnIndependentComputation() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/erlang-c/grid.txt")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(lines.count == 90)
        for line in lines {
            let fields = line.split(separator: " ").compactMap { Double($0) }
            guard fields.count == 7 else {
                Issue.record("bad line \(line)")
                continue
            }
            let result = ErlangC.agentsNeeded(
                arrivalsPerHour: fields[0], handlingSeconds: fields[1], targetSeconds: fields[2],
                serviceLevel: fields[3])
            #expect(result?.agents == Int(fields[4]), "\(line)")
            #expect(abs((result?.serviceLevel ?? -1) - fields[5]) < 1e-5, "\(line): \(String(describing: result))")
            #expect(abs((result?.occupancy ?? -1) - fields[6]) < 1e-5, "\(line)")
        }
    }

    @Test func theIssuesExampleAndTheEdges() {
        let example = ErlangC.agentsNeeded(
            arrivalsPerHour: 120, handlingSeconds: 300, targetSeconds: 1800, serviceLevel: 0.8)
        #expect(example?.agents == 11 && abs((example?.occupancy ?? 0) - 10.0 / 11.0) < 1e-12)
        #expect(
            ErlangC.agentsNeeded(arrivalsPerHour: 0, handlingSeconds: 300, targetSeconds: 60, serviceLevel: 0.9)?
                .agents == 0)
        #expect(
            ErlangC.staffing(agents: 10, arrivalsPerHour: 120, handlingSeconds: 300, targetSeconds: 60) == nil,
            "ten agents cannot keep up with ten Erlangs")
        // Three conversations at once: a third of the agents (rounded up) as servers.
        let concurrent = ErlangC.agentsNeeded(
            arrivalsPerHour: 120, handlingSeconds: 300, targetSeconds: 1800, serviceLevel: 0.8, concurrency: 3)
        #expect(concurrent?.agents == 4)
        // A large centre stays finite (no factorial overflows).
        let large = ErlangC.agentsNeeded(
            arrivalsPerHour: 50_000, handlingSeconds: 600, targetSeconds: 20, serviceLevel: 0.95)
        #expect((large?.agents ?? 0) > 8_333 && (large?.serviceLevel ?? 0) >= 0.95)
    }
}
