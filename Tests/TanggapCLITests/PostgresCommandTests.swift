import Foundation
import Testing

/// The real binary on a PostgreSQL store (`TANGGAP_TEST_POSTGRES`, see `.ci/with-postgres`).
@Suite(
    .serialized,
    .enabled(
        if: ProcessInfo.processInfo.environment["TANGGAP_SKIP_POSTGRES"] != "1",
        "TANGGAP_SKIP_POSTGRES=1: PostgreSQL tests skipped"))
struct PostgresCommandTests {
    /// A new database on the test server, by `psql`; its URL.
    static func freshDatabase() throws -> String {
        guard let server = ProcessInfo.processInfo.environment["TANGGAP_TEST_POSTGRES"] else {
            Issue.record(
                "no PostgreSQL server for the tests: run them through .ci/with-postgres, or skip them with TANGGAP_SKIP_POSTGRES=1"
            )
            throw CocoaError(.featureUnsupported)
        }
        let name = "tanggap_cli_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let created = try CLI.execute(
            ["psql", "-qc", "CREATE DATABASE \(name)", server], executable: "/usr/bin/env")
        #expect(created.status == 0, "\(created.stderr)")
        var components = try #require(URLComponents(string: server))
        components.path = "/" + name
        return try #require(components.string)
    }

    /// Eight processes claim the same forty conversations at once: each conversation is won exactly once, and the
    /// other seven are told who holds it.
    @Test func eightProcessesRacingForFortyConversationsWinEachOnce() async throws {
        let cli = try CLI(store: try Self.freshDatabase())
        let lines = (1...40).map { n in
            """
            {"channel":"twitter","id":"race-\(n)","direction":"inbound","author":{"id":"c\(n)","handle":"cust\(n)"},\
            "text":"@brand halo min, sinyal hilang","created_at":"2026-11-20T08:\(String(format: "%02d", n)):00Z",\
            "visibility":"public","account":"brand"}
            """
        }
        let file = try cli.write("race.jsonl", lines.joined(separator: "\n") + "\n")
        let imported = try cli.run(["import", file])
        #expect(imported.status == 0, "\(imported.stderr)")
        var wins: [String: Int] = [:]
        for id in 1...40 {
            let outcomes = await withTaskGroup(of: (String, CLI.Result?).self) { group in
                for agent in 0..<8 {
                    // Each agent on a machine of their own: their own journal.
                    let state = cli.folder.appendingPathComponent("agent\(agent)").path
                    group.addTask {
                        (
                            "agent\(agent)",
                            await CLI.executeAside(
                                ["claim", "\(id)", "--store", cli.store, "--agent", "agent\(agent)"],
                                environment: ["XDG_STATE_HOME": state])
                        )
                    }
                }
                return await group.reduce(into: [(String, CLI.Result?)]()) { $0.append($1) }
            }
            let winners = outcomes.filter { $0.1?.status == 0 }.map(\.0)
            #expect(winners.count == 1, "conversation \(id): \(outcomes.map { ($0.0, $0.1?.status, $0.1?.stderr) })")
            if let winner = winners.first {
                wins[winner, default: 0] += 1
                for (_, result) in outcomes where result?.status != 0 {
                    #expect(result?.status == 3)
                    #expect(result?.stderr == "tanggap: conversation \(id) is claimed by \(winner)\n")
                }
            }
        }
        #expect(wins.values.reduce(0, +) == 40)
        let report = try cli.run(["report"])
        #expect(report.stdout.contains("conversations        40"))
    }
}
