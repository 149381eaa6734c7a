import Foundation
import Testing

/// A reply template for refund questions, in the documented TOML form.
let refundTemplate = """
    [[template]]
    id = "refund"
    name = "Refund diproses"
    body = "Halo {{customer.name}}, refund diproses 3-5 hari kerja ya."
    tags = ["refund"]
    """

@Suite struct JournalCommandTests {
    func seeded() throws -> CLI {
        let cli = try CLI()
        let file = try cli.write("log.jsonl", sampleLog)
        try cli.run(["import", file])
        return cli
    }

    func journalLines(_ cli: CLI) throws -> [String] {
        try String(contentsOfFile: cli.journal, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    func notes(_ cli: CLI, conversation: String = "1") throws -> [String] {
        let shown = try cli.run(["show", conversation, "--json"])
        let object = try #require(json(shown.stdout) as? [String: Any])
        let messages = try #require(object["messages"] as? [[String: Any]])
        return messages.filter { $0["direction"] as? String == "note" }.compactMap { $0["text"] as? String }
    }

    @Test func actionsAreJournaledAndTheJournalReadsBack() throws {
        let cli = try seeded()
        #expect(try cli.run(["claim", "1"]).status == 0)
        #expect(try cli.run(["reply", "1", "--text", "Halo kak, kami cek ya", "--private"]).status == 0)
        #expect(try cli.run(["tag", "3", "refund"]).status == 0)
        try cli.run(["templates", "import", try cli.write("t.toml", refundTemplate)])
        let suggested = try cli.run(["suggest", "2", "--json"])
        #expect(suggested.stdout.contains("\"reference\":\"refund\""), "\(suggested.stdout)")
        let lines = try journalLines(cli)
        #expect(lines.count == 4)
        #expect(lines.last?.contains("\"action\":\"suggestions-shown\"") == true)
        #expect(lines.last?.contains("template:refund") == true)
        let verify = try cli.run(["journal", "verify"], agent: nil, useStore: false)
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("intact, 4 entries"))
        let shown = try cli.run(["journal", "show", "--json", "--conversation", "1"], agent: nil, useStore: false)
        let entries = shown.stdout.split(separator: "\n").compactMap { json(String($0)) as? [String: Any] }
        #expect(entries.map { $0["action"] as? String } == ["claim", "private-reply"])
        for key in ["id", "time", "agent", "host", "action", "conversation", "payload", "prev", "hash", "store"] {
            #expect(entries.first?.keys.contains(key) == true, "entry has no \(key)")
        }
        #expect(entries.first?["agent"] as? String == "ani")
        let table = try cli.run(["journal", "show"], agent: nil, useStore: false)
        #expect(table.stdout.contains("private-reply"))
        #expect(table.stdout.contains("tags=[\"refund\"]"))
        let mode = try FileManager.default.attributesOfItem(atPath: cli.journal)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    /// `--agent`, which every command takes, narrows `journal show` to that agent's entries and makes `verify` say
    /// how many are theirs (the whole chain is verified either way).
    @Test func journalCommandsTakeAnAgent() throws {
        let cli = try seeded()
        #expect(try cli.run(["claim", "1"], agent: "ani").status == 0)
        #expect(try cli.run(["note", "1", "--text", "cek resi"], agent: "budi").status == 0)
        #expect(try cli.run(["tag", "3", "refund"], agent: "ani").status == 0)
        let verify = try cli.run(["journal", "verify", "--agent", "ani"], agent: nil, useStore: false)
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.hasSuffix("intact, 3 entries (2 by ani)\n"), "\(verify.stdout)")
        let verifyJSON = try cli.run(["journal", "verify", "--agent", "budi", "--json"], agent: nil, useStore: false)
        #expect((json(verifyJSON.stdout) as? [String: Any])?["agent_entries"] as? Int == 1)
        let shown = try cli.run(["journal", "show", "--json", "--agent", "budi"], agent: nil, useStore: false)
        let entries = shown.stdout.split(separator: "\n").compactMap { json(String($0)) as? [String: Any] }
        #expect(entries.map { $0["action"] as? String } == ["note"])
        #expect(try cli.run(["journal", "show", "--agent", "no body"], agent: nil, useStore: false).status == 64)
    }

    @Test func verifyNamesTheFirstBadLine() throws {
        let cli = try seeded()
        for text in ["satu", "dua", "tiga", "empat"] { try cli.run(["note", "1", "--text", text]) }
        let original = try journalLines(cli)
        var edited = original
        edited[1] = edited[1].replacingOccurrences(of: "dua", with: "DUA")
        try (edited.joined(separator: "\n") + "\n").write(toFile: cli.journal, atomically: false, encoding: .utf8)
        let altered = try cli.run(["journal", "verify"], agent: nil, useStore: false)
        #expect(altered.status == 1)
        #expect(altered.stderr.contains("line 2: altered"), "\(altered.stderr)")

        try (original.prefix(2).joined(separator: "\n") + "\n").write(
            toFile: cli.journal, atomically: false, encoding: .utf8)
        #expect(try cli.run(["journal", "verify"], agent: nil, useStore: false).status == 0)
        let cut = try cli.run(["journal", "verify", "--store", cli.store], agent: nil, useStore: false)
        #expect(cut.status == 1)
        #expect(cut.stderr.contains("line 3: truncated: 2 entries the store applied are missing"), "\(cut.stderr)")
        let machine = try cli.run(["journal", "verify", "--store", cli.store, "--json"], agent: nil, useStore: false)
        let object = try #require(json(machine.stdout) as? [String: Any])
        #expect(object["intact"] as? Bool == false)
        #expect((object["problem"] as? [String: Any])?["kind"] as? String == "truncated")
    }

    @Test func killedBetweenJournalingAndApplyingIsAppliedOnceOnRestart() throws {
        let cli = try seeded()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = [
            "note", "1", "--text", "cek ulang sinyal", "--store", try cli.location(actingAs: "ani"), "--agent", "ani",
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_STATE_HOME"] = cli.stateFolder
        environment["TANGGAP_FAULT"] = "stall-after-journal"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try launching.withLock { try process.run() }
        // Wait for the entry to reach the journal, then kill the process before it applies it.
        let deadline = Date().addingTimeInterval(30)
        while (try? journalLines(cli).count) ?? 0 < 1, Date() < deadline { usleep(20_000) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(try journalLines(cli).count == 1)
        #expect(try sqlite(cli.store, "SELECT COUNT(*) FROM message WHERE direction = 'note'") == "0")

        // Meanwhile the login was mapped to budi alone: a run as budi leaves ani's entry waiting, and says so.
        _ = try sqlite(cli.store, "DELETE FROM login_agent WHERE agent = 'ani'")
        let other = try cli.run(["show", "1", "--json"], agent: "budi")
        #expect(other.status == 0)
        #expect(
            other.stderr.contains(
                "journal entries wait for agents you do not act as now (ani: 1); a run acting as each applies them"),
            "\(other.stderr)")
        #expect(try sqlite(cli.store, "SELECT COUNT(*) FROM message WHERE direction = 'note'") == "0")
        try cli.map(CLI.loginName(), to: ["ani"])

        // The next start applies it; the one after finds nothing left to do.
        let restart = try cli.run(["show", "1", "--json"])
        #expect(restart.stderr.contains("applied 1 journal entries"), "\(restart.stderr)")
        #expect(try notes(cli) == ["cek ulang sinyal"])
        let again = try cli.run(["show", "1", "--json"])
        #expect(!again.stderr.contains("applied"))
        #expect(try notes(cli) == ["cek ulang sinyal"])
        #expect(try sqlite(cli.store, "SELECT COUNT(*) FROM event") == "1")
    }

    @Test func rolesAreGivenBySupervisors() throws {
        let cli = try seeded()
        let early = try cli.run(["agents", "add", "budi"], agent: "sari")
        #expect(early.status == 1)
        #expect(early.stderr.contains("no supervisor yet"))
        // Nobody makes someone else the first supervisor (and through them, themselves anything).
        let other = try cli.run(["agents", "add", "root", "--role", "supervisor"], agent: "sari")
        #expect(other.status == 1 && other.stderr.contains("the first names themselves"), "\(other.stderr)")
        #expect(try cli.run(["agents", "add", "sari", "--role", "supervisor"], agent: "sari").status == 0)
        #expect(try cli.run(["agents", "add", "budi"], agent: "sari").status == 0)
        let refused = try cli.run(["agents", "add", "budi", "--role", "supervisor"], agent: "budi")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("only a supervisor can give roles"))
        let list = try cli.run(["agents", "list", "--json"])
        let rows = list.stdout.split(separator: "\n").compactMap { json(String($0)) as? [String: Any] }
        let given = rows.filter { $0["added_by"] is String }
        #expect(given.map { $0["name"] as? String } == ["budi", "sari"])
        #expect(given.map { $0["role"] as? String } == ["agent", "supervisor"])
        // An agent the login is mapped to is listed too, with no role given and the login it works from.
        let ani = rows.first { $0["name"] as? String == "ani" }
        #expect(ani?["role"] as? String == "agent" && ani?["added_by"] is NSNull, "\(rows)")
        #expect(ani?["logins"] as? [String] == [CLI.loginName()], "\(rows)")
    }
}

/// One value from the `sqlite3` command-line tool, bypassing tanggap (and its journal recovery).
func sqlite(_ path: String, _ query: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["sqlite3", path, query]
    let out = Pipe()
    process.standardOutput = out
    try launching.withLock { try process.run() }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}

/// The service policy through the real binary: a supervisor sets it, an agent cannot, every mistake in the file is
/// named with the file, and the report runs on its clock.
@Suite struct PolicyCommandTests {
    func seeded() throws -> CLI {
        let cli = try CLI()
        try cli.run(["import", try cli.write("log.jsonl", sampleLog)])
        return cli
    }

    @Test func aSupervisorSetsThePolicyAndTheReportRunsOnItsClock() throws {
        let cli = try seeded()
        let file = try cli.write(
            "policy.toml",
            """
            sla = "45m"
            [hours]
            timezone = "Asia/Jakarta"
            mon = ["08:00-17:00"]
            holidays = ["2026-12-25"]
            """)
        let refused = try cli.run(["policy", "import", file], agent: "budi")
        #expect(refused.status == 1 && refused.stderr.contains("only a supervisor can set the service policy"))
        #expect(try cli.run(["agents", "add", "sari", "--role", "supervisor"], agent: "sari").status == 0)
        let set = try cli.run(["policy", "import", file], agent: "sari")
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout.contains("sla 45m00s; open mon in Asia/Jakarta, 1 holiday"), "\(set.stdout)")
        let shown = try cli.run(["policy", "show"])
        #expect(shown.stdout.contains("sla = \"45m\"") && shown.stdout.contains("mon = [\"08:00-17:00\"]"))
        let json = try cli.run(["policy", "show", "--json"]).stdout
        #expect(json.contains("\"sla_seconds\":2700") && json.contains("\"timezone\":\"Asia/Jakarta\""), "\(json)")
        let report = try cli.run(["report", "--format", "json"]).stdout
        #expect(report.contains("\"clock\":\"business\""), "\(report)")
        #expect(
            try cli.run(["report", "--format", "json", "--clock", "calendar"]).stdout.contains(
                "\"clock\":\"calendar\""))
        #expect(
            try cli.run(["journal", "show", "--json"], agent: nil, useStore: false).stdout.contains(
                "\"action\":\"policy\""))
    }

    @Test func aReportComparedWithThePeriodBefore() throws {
        let cli = try seeded()
        let json = try cli.run([
            "report", "--since", "2026-11-22", "--until", "2026-11-22", "--compare", "--format", "json",
        ])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(json.stdout.contains("\"previous\":{") && json.stdout.contains("\"changes\":{"), "\(json.stdout)")
        #expect(json.stdout.contains("\"response_rate\":{\"before\""), "\(json.stdout)")
        let table = try cli.run(["report", "--since", "2026-11-22", "--until", "2026-11-22", "--compare"])
        #expect(table.stdout.contains("compared with 2026-11-21") && table.stdout.contains("FIGURE"), "\(table.stdout)")
        let missing = try cli.run(["report", "--compare"])
        #expect(missing.status == 64 && missing.stderr.contains("--compare needs --since"), "\(missing.stderr)")
    }

    @Test func brokenPolicyFilesAreNamedAndChangeNothing() throws {
        let cli = try seeded()
        #expect(try cli.run(["agents", "add", "sari", "--role", "supervisor"], agent: "sari").status == 0)
        let cases: [(String, String)] = [
            ("sla = \"30 minutes\"", "sla must be a time in quotes"),
            ("[hours]\ntimezone = \"Asia/Jakarta\"\nmon = [\"17:00-08:00\"]", "is not a range like"),
            (
                "[hours]\ntimezone = \"Asia/Jakarta\"\nmon = [\"08:00-17:00\"]\nholidays = [\"2027-02-29\"]",
                "not a date"
            ),
            ("slq = \"30m\"", "did you mean 'sla'?"),
            ("sla = \"30m\"\nsla = \"40m\"", "line 2"),
        ]
        for (text, says) in cases {
            let file = try cli.write("bad.toml", text)
            let result = try cli.run(["policy", "import", file], agent: "sari")
            #expect(result.status != 0 && result.stderr.contains(says), "\(says): \(result.stderr)")
            #expect(result.stderr.contains("bad.toml"), "the file is named: \(result.stderr)")
        }
        let binary = cli.folder.appendingPathComponent("binary.toml")
        try Data([0x73, 0x6C, 0x61, 0x20, 0x3D, 0x20, 0x22, 0xFF, 0x22]).write(to: binary)
        #expect(try cli.run(["policy", "import", binary.path], agent: "sari").stderr.contains("is not UTF-8 text"))
        #expect(try cli.run(["policy", "import", cli.folder.path], agent: "sari").stderr.contains("is a folder"))
        #expect(try cli.run(["policy", "show"]).stdout == "sla = \"30m\"\n", "nothing was set")
    }
}

/// Staffing through the real binary: the one-case calculator, and the plan from the store's own last weeks.
@Suite struct StaffingCommandTests {
    @Test func theCalculatorAnswersOneCaseAndRefusesNonsense() throws {
        let cli = try CLI()
        let result = try cli.run(
            ["staffing", "--arrivals-per-hour", "120", "--aht", "5m", "--sla", "30m", "--target", "0.8", "--json"],
            agent: nil, useStore: false)
        #expect(result.status == 0, "\(result.stderr)")
        let fields = json(result.stdout) as? [String: Any]
        #expect(fields?["agents"] as? Int == 11, "\(result.stdout)")
        #expect((fields?["occupancy"] as? Double).map { abs($0 - 10.0 / 11.0) < 1e-9 } == true)
        for bad in [
            ["--arrivals-per-hour", "120", "--aht", "5m", "--sla", "30m", "--target", "1.5"],
            ["--arrivals-per-hour", "120", "--aht", "five", "--sla", "30m"],
            ["--arrivals-per-hour", "-3", "--aht", "5m", "--sla", "30m"],
            ["--arrivals-per-hour", "120", "--sla", "30m"],
            ["--concurrency", "0"],
        ] {
            #expect(try cli.run(["staffing"] + bad, agent: nil, useStore: false).status == 64, "\(bad)")
        }
    }

    @Test func thePlanCountsTheStoresArrivalsHandlingAndWorkers() throws {
        let cli = try CLI()
        let now = Date()
        let lines = (0..<3).map { index in
            let at = ISO8601DateFormatter().string(from: now.addingTimeInterval(-Double(index + 1) * 600))
            return
                #"{"channel":"twitter","id":"s\#(index)","direction":"inbound","author":{"id":"c\#(index)","handle":"c\#(index)"},"text":"paket belum sampai","created_at":"\#(at)","account":"TokoSegar"}"#
        }
        #expect(try cli.run(["import", try cli.write("s.jsonl", lines.joined(separator: "\n") + "\n")]).status == 0)
        let ids = (json(try cli.run(["queue", "--json"]).stdout) as? [[String: Any]] ?? []).compactMap {
            $0["id"] as? Int
        }
        #expect(ids.count == 3)
        for id in ids.prefix(2) {
            #expect(try cli.run(["claim", "\(id)"]).status == 0)
            #expect(try cli.run(["reply", "\(id)", "--text", "Kami cek ya kak"]).status == 0)
        }
        let result = try cli.run(["staffing", "--weeks", "1", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let plan = json(result.stdout) as? [String: Any]
        let cells = plan?["cells"] as? [[String: Any]] ?? []
        #expect(cells.count == 168)
        let forecast = cells.compactMap { $0["forecast"] as? Double }.reduce(0, +)
        #expect(forecast == 3, "three conversations needing a reply in the week")
        #expect(plan?["handling_samples"] as? Int == 2, "\(result.stdout)")
        #expect(cells.compactMap { $0["worked"] as? Double }.reduce(0, +) >= 1)
        #expect(cells.contains { ($0["needed"] as? Int ?? 0) >= 1 })
        let table = try cli.run(["staffing", "--weeks", "1"])
        #expect(table.stdout.contains("2 replies") && table.stdout.contains("FORECAST"), "\(table.stdout)")
    }
}

/// Rising topics through the real binary: a burst of one word in the last hour is listed first, with its
/// conversations; broken options are refused.
@Suite struct TrendsCommandTests {
    @Test func aBurstIsListedWithItsConversations() throws {
        let cli = try CLI()
        let now = Date()
        func line(_ id: String, minutesAgo: Double, text: String) -> String {
            let at = ISO8601DateFormatter().string(from: now.addingTimeInterval(-minutesAgo * 60))
            return
                #"{"channel":"twitter","id":"\#(id)","direction":"inbound","author":{"id":"\#(id)","handle":"\#(id)"},"text":"\#(text)","created_at":"\#(at)","account":"TokoSegar"}"#
        }
        var lines: [String] = []
        for hour in 2..<48 {
            lines.append(line("p\(hour)", minutesAgo: Double(hour) * 60, text: "paket belum sampai"))
            lines.append(line("r\(hour)", minutesAgo: Double(hour) * 60 + 7, text: "refund kapan ya"))
        }
        for n in 0..<8 { lines.append(line("g\(n)", minutesAgo: Double(n * 5 + 1), text: "gangguan lagi ya min?")) }
        lines.append(line("pw", minutesAgo: 3, text: "paket belum sampai"))
        #expect(try cli.run(["import", try cli.write("t.jsonl", lines.joined(separator: "\n") + "\n")]).status == 0)
        let result = try cli.run(["trends", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let rises = json(result.stdout) as? [[String: Any]] ?? []
        let first = try #require(rises.first, "\(result.stdout)")
        #expect(first["written"] as? String == "gangguan" && first["count"] as? Int == 8, "\(first)")
        #expect((first["conversations"] as? [Int])?.count == 8)
        for key in ["term", "expected", "ratio", "score"] { #expect(first[key] != nil, "\(key)") }
        #expect(!rises.contains { $0["term"] as? String == "paket" })
        let table = try cli.run(["trends"])
        #expect(table.stdout.contains("gangguan (ganggu)") && table.stdout.contains("8: #"), "\(table.stdout)")
        let quiet = try cli.run(["trends", "--until", "3h"])
        #expect(quiet.status == 0 && quiet.stdout.contains("nothing rising"), "\(quiet.stdout)")
        for bad in [["--window", "0m"], ["--baseline", "1y"], ["--limit", "0"], ["--until", "someday"]] {
            #expect(try cli.run(["trends"] + bad).status == 64, "\(bad)")
        }
    }
}
