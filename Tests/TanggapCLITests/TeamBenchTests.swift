import Foundation
import Testing

/// `tanggap-bench --team` as the real binary: a small team with an intake stream and a console, on SQLite and on
/// PostgreSQL, loses and doubles nothing. Only the invariants are asserted, never speeds: a debug build on a busy
/// machine is slow, not wrong.
@Suite(.serialized)
struct TeamBenchTests {
    static var bench: String {
        URL(fileURLWithPath: CLI.binary).deletingLastPathComponent().appendingPathComponent("tanggap-bench").path
    }

    /// Runs a team of eight for 15 s with 20 messages a second on a store of `conversations`; its JSON report.
    func runTeam(store: String?, conversations: Int) async throws -> [String: Any] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tanggap-team-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var arguments = [
            "--team", "8", "--conversations", "\(conversations)", "--seconds", "15", "--intake", "20", "--think-ms",
            "100",
            "--dir", folder.path, "--json",
        ]
        if let store { arguments += ["--store", store] }
        let result = try #require(await CLI.executeAside(arguments, executable: Self.bench))
        #expect(result.status == 0, "tanggap-bench failed:\n\(result.stdout)\n\(result.stderr)")
        return try #require(json(result.stdout) as? [String: Any], "no JSON report:\n\(result.stderr)")
    }

    /// What a user checks in the report: work was done, and every write is in the store exactly once.
    func expectExactlyOnce(_ report: [String: Any]) {
        let checks = report["checks"] as? [String: Any] ?? [:]
        let intake = report["intake"] as? [String: Any] ?? [:]
        #expect(checks["exactly_once"] as? Bool == true, "\(checks)")
        #expect((checks["claim_violations"] as? [Any])?.isEmpty == true, "\(checks)")
        #expect((checks["replies_told_sent"] as? Int ?? 0) > 0, "the team sent no replies: \(report)")
        #expect(checks["replies_stored"] as? Int == checks["replies_told_sent"] as? Int)
        #expect(checks["replies_lost"] as? Int == 0)
        #expect(checks["replies_extra"] as? Int == 0)
        #expect((intake["accepted"] as? Int ?? 0) > 0, "serve accepted nothing: \(intake)")
        #expect(checks["messages_stored"] as? Int == intake["accepted"] as? Int)
        #expect(checks["messages_lost"] as? Int == 0)
        #expect(checks["messages_refused_but_stored"] as? Int == 0)
        #expect(checks["messages_doubled"] as? Int == 0)
        // Nothing an agent would see as an error, and the console watching the team saw its markers come and go.
        #expect((report["errors"] as? [String: Any])?.isEmpty == true, "\(report["errors"] ?? "")")
        #expect((report["live_errors"] as? [String: Any])?.isEmpty == true, "\(report["live_errors"] ?? "")")
        #expect(((report["live_appear_ms"] as? [String: Any])?["count"] as? Int ?? 0) > 0, "\(report)")
        #if os(Linux)
        // Where the processor time went: the machine was busy, and this process had a share of it.
        let cpu = report["cpu"] as? [String: Any] ?? [:]
        #expect((cpu["machine_busy_cores"] as? Double ?? 0) > 0, "\(cpu)")
        #expect((cpu["this_process_cores"] as? Double ?? 0) > 0, "\(cpu)")
        #expect((cpu["cpu_ms_per_action"] as? Double ?? 0) > 0, "\(cpu)")
        #endif
    }

    @Test func aSmallTeamOnSQLiteLosesAndDoublesNothing() async throws {
        expectExactlyOnce(try await runTeam(store: nil, conversations: 2_000))
    }

    @Test(
        .enabled(
            if: ProcessInfo.processInfo.environment["TANGGAP_TEST_POSTGRES"] != nil,
            "TANGGAP_TEST_POSTGRES is not set (.ci/with-postgres sets it)"))
    func aSmallTeamOnPostgreSQLLosesAndDoublesNothing() async throws {
        expectExactlyOnce(try await runTeam(store: try PostgresCommandTests.freshDatabase(), conversations: 2_000))
    }
}
