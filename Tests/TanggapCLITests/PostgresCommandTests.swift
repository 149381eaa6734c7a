import Foundation
import OutageTesting
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
                    // Each agent on a machine of their own: their own journal, and their own role.
                    let state = cli.folder.appendingPathComponent("agent\(agent)").path
                    let store = (try? cli.location(actingAs: "agent\(agent)")) ?? cli.store
                    group.addTask {
                        (
                            "agent\(agent)",
                            await CLI.executeAside(
                                ["claim", "\(id)", "--store", store, "--agent", "agent\(agent)"],
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

    /// Eight agents, each a process with a journal of its own, reply at once to forty conversations (five each):
    /// every reply is stored exactly once, none lost.
    @Test func eightAgentsReplyingAtOnceLoseNothing() async throws {
        let cli = try CLI(store: try Self.freshDatabase())
        let lines = (1...40).map { n in
            """
            {"channel":"twitter","id":"ask-\(n)","direction":"inbound","author":{"id":"c\(n)","handle":"cust\(n)"},\
            "text":"@brand paket \(n) belum sampai","created_at":"2026-11-20T09:\(String(format: "%02d", n)):00Z",\
            "visibility":"public","account":"brand"}
            """
        }
        let file = try cli.write("asks.jsonl", lines.joined(separator: "\n") + "\n")
        #expect(try cli.run(["import", file]).status == 0)
        let outcomes = await withTaskGroup(of: (Int, CLI.Result?).self) { group in
            for id in 1...40 {
                let agent = "agent\((id - 1) / 5)"
                let state = cli.folder.appendingPathComponent(agent).path
                let store = (try? cli.location(actingAs: agent)) ?? cli.store
                group.addTask {
                    (
                        id,
                        await CLI.executeAside(
                            [
                                "reply", "\(id)", "--text", "Halo cust\(id), paket \(id) kami cek ya",
                                "--store", store, "--agent", agent,
                            ], environment: ["XDG_STATE_HOME": state])
                    )
                }
            }
            return await group.reduce(into: [(Int, CLI.Result?)]()) { $0.append($1) }
        }
        for (id, result) in outcomes {
            #expect(result?.status == 0, "reply to \(id): \(String(describing: result?.stderr))")
        }
        for id in 1...40 {
            let shown = try cli.run(["show", "\(id)", "--json"])
            let thread = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any]
            let outbound = (thread?["messages"] as? [[String: Any]] ?? []).filter {
                $0["direction"] as? String == "outbound"
            }
            #expect(outbound.map { $0["text"] as? String } == ["Halo cust\(id), paket \(id) kami cek ya"], "\(id)")
        }
    }

    /// The issue's done-means, through the binary: the Twitter support sample imported into SQLite, moved to
    /// PostgreSQL and back, gives the same report byte for byte in all three stores, and each move prints its
    /// counts and checksums.
    @Test(.enabled(if: SharedData.available, "../shared/data is absent; skipping the TWCS migration"))
    func theTwitterSampleMovesToPostgreSQLAndBackWithTheSameReport() throws {
        let cli = try CLI()
        let imported = try cli.run(["import", SharedData.file("twcs/twcs_head5000.csv"), "--format", "twcs"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let claimed = try cli.run(["claim", "1"])
        #expect(claimed.status == 0, "\(claimed.stderr)")
        let server = try Self.freshDatabase()
        let there = try cli.run(["migrate", "--from", cli.store, "--to", server], agent: nil, useStore: false)
        #expect(there.status == 0, "\(there.stderr)")
        #expect(there.stdout.contains("copied 1312 conversations and 5000 messages"))
        #expect(there.stdout.contains("every table's rows and checksum match"))
        #expect(there.stdout.contains("message             5000         5000"), "\(there.stdout)")
        let back = cli.folder.appendingPathComponent("back.sqlite").path
        let home = try cli.run(["migrate", "--from", server, "--to", back, "--json"], agent: nil, useStore: false)
        #expect(home.status == 0, "\(home.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(home.stdout.utf8)) as? [String: Any]
        #expect(summary?["same"] as? Bool == true)
        let tables = summary?["tables"] as? [[String: Any]] ?? []
        #expect(tables.count == 15)
        // The keys agents act with go with the store, so their journals' lines are taken after the move.
        #expect(tables.contains { $0["table"] as? String == "agent_key" }, "\(tables)")
        // The hourly term counts go with the store, so rising topics need no counting again.
        let terms = tables.first { $0["table"] as? String == "term_hour" }
        #expect((terms?["source_rows"] as? Int ?? 0) > 0, "\(tables)")
        #expect(tables.allSatisfy { $0["source_checksum"] as? String == $0["copied_checksum"] as? String })
        let reports = try [cli.store, server, back].map { store in
            try cli.run(["report", "--format", "json", "--store", store]).stdout
        }
        #expect(reports[0].contains("\"conversations\":1312"))
        #expect(reports[1] == reports[0])
        #expect(reports[2] == reports[0])
        // The claim came along: the same agent still holds it in the copy.
        let shown = try cli.run(["show", "1", "--store", back])
        #expect(shown.stdout.contains("claimed by ani"))
        // A second copy onto the same server is refused, and says why.
        let again = try cli.run(["migrate", "--from", cli.store, "--to", server], agent: nil, useStore: false)
        #expect(again.status == 1)
        #expect(again.stderr.contains("already holds data"))
    }

    /// The network to the server breaks while an agent sends a reply: the console says the store cannot be reached
    /// and keeps trying, the reply is kept in the agent's journal, and when the network comes back the console says
    /// so by itself and the reply is stored once.
    @Test(.enabled(if: Tmux.available, "tmux is not installed; skipping the console run"))
    func theConsoleRidesOutALostConnection() throws {
        let server = try Self.freshDatabase()
        let cli = try CLI(store: server)
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/care-sample.jsonl").path
        #expect(try cli.run(["import", fixture]).status == 0)
        let proxy = try OutageProxy(to: server)
        defer { proxy.stop() }
        let tmux = try ConsoleEndToEndTests().console(cli, width: 120, height: 40, store: proxy.url)
        defer { tmux.kill() }
        try tmux.waitFor("store ok")
        try tmux.keys("n")
        try tmux.waitFor("claimed by you")
        try tmux.keys("r")
        try tmux.waitFor("┌─ Reply ")
        try tmux.type("Halo kak, kami cek dulu ya")
        proxy.cut()
        try tmux.keys("Enter")
        // The reply waits for a connection (at most 5 s), then is kept in the journal: the draft is done with.
        var screen = try tmux.waitUntil(seconds: 20) {
            $0.contains("store unreachable · retrying") && !$0.contains("Halo kak, kami cek dulu ya")
        }
        #expect(screen.contains("store unreachable · retrying"), "\(screen)")
        #expect(!screen.contains("Halo kak, kami cek dulu ya"), "\(screen)")
        proxy.restore()
        screen = try tmux.waitFor("store ok", seconds: 20)
        #expect(screen.contains("store ok"), "\(screen)")
        #expect(!screen.contains("answers again"), "nothing but the console draws on the terminal")
        let shown = try cli.run(["show", "1", "--json"])
        let thread = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any]
        let messages = thread?["messages"] as? [[String: Any]] ?? []
        let replies = messages.filter { $0["text"] as? String == "Halo kak, kami cek dulu ya" }
        #expect(replies.count == 1, "\(shown.stdout)")
        try tmux.keys("q")
        #expect(try tmux.waitFor("EXIT:").contains("EXIT:0"))
    }
}
