import Foundation
import Testing

/// A conversation log written for these tests: two threads and a direct message.
let sampleLog =
    [
        #"{"channel":"twitter","id":"t1","direction":"inbound","author":{"id":"u1","handle":"budi","name":"Budi"},"text":"@TelkomCare sinyal lemot bgt dr pagi","created_at":"2026-11-22T10:00:00Z"}"#,
        #"{"channel":"twitter","id":"t2","in_reply_to":"t1","direction":"outbound","author":{"id":"TelkomCare","handle":"TelkomCare"},"text":"Halo kak Budi, boleh DM nomornya?","created_at":"2026-11-22T10:12:00Z","account":"TelkomCare"}"#,
        #"{"channel":"twitter","id":"t3","direction":"inbound","author":{"id":"u2","handle":"sari"},"text":"@TelkomCare refund kapan ya?","created_at":"2026-11-22T10:20:00Z","account":"TelkomCare"}"#,
        #"{"channel":"whatsapp","id":"w1","direction":"inbound","author":{"id":"6281","name":"Eko"},"text":"paket belum sampai \u001b[31m","created_at":"2026-11-22T10:30:00Z","visibility":"private","account":"6280"}"#,
    ].joined(separator: "\n") + "\n"

@Suite struct ImportCommandTests {
    @Test func importPrintsTheDocumentedCountsAndIsIdempotent() throws {
        let cli = try CLI()
        let file = try cli.write("log.jsonl", sampleLog)
        let first = try cli.run(["import", file, "--json"])
        #expect(first.status == 0, "\(first.stderr)")
        let counts = try #require(json(first.stdout) as? [String: Int])
        #expect(counts == ["read": 4, "imported": 4, "duplicates": 0, "rejected": 0, "conversations": 3])

        let second = try cli.run(["import", file, "--json"])
        #expect(second.status == 0)
        #expect(
            json(second.stdout) as? [String: Int] == [
                "read": 4, "imported": 0, "duplicates": 4, "rejected": 0, "conversations": 3,
            ])
    }

    @Test func theSummaryReadsAsASentence() throws {
        let cli = try CLI()
        let one = try cli.write("one.jsonl", String(sampleLog.split(separator: "\n")[0]) + "\n")
        let first = try cli.run(["import", one])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("read 1 record: 1 imported, 0 duplicates, 0 rejected ("), "\(first.stdout)")
        #expect(first.stdout.contains("; the store has 1 conversation\n"), "\(first.stdout)")
        let again = try cli.run(["import", one])
        #expect(again.stdout.hasPrefix("read 1 record: 0 imported, 1 duplicate, 0 rejected ("), "\(again.stdout)")
    }

    @Test func rejectedRecordsAreReportedKeptAndCounted() throws {
        let cli = try CLI()
        let file = try cli.write("bad.jsonl", sampleLog + "{\"channel\":\"twitter\"}\nnot json at all\n")
        let result = try cli.run(["import", file, "--json"])
        #expect(result.status == 2)
        #expect(
            json(result.stdout) as? [String: Int] == [
                "read": 6, "imported": 4, "duplicates": 0, "rejected": 2, "conversations": 3,
            ])
        #expect(result.stderr.contains("\(file):5: 'id' is missing"))
        #expect(result.stderr.contains("\(file):6: the line is not valid JSON"))
        let kept = try String(contentsOfFile: file + ".rejected", encoding: .utf8).split(separator: "\n")
        #expect(kept.count == 2)
        let entry = try #require(json(String(kept[1])) as? [String: Any])
        #expect(entry["line"] as? Int == 6)
        #expect(entry["record"] as? String == "not json at all")
        #expect(entry["reason"] as? String == "the line is not valid JSON: not a JSON value at column 1")
    }

    @Test func unreadableInputExitsOne() throws {
        let cli = try CLI()
        let result = try cli.run(["import", cli.folder.appendingPathComponent("missing.jsonl").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("missing.jsonl: no such file"))
    }

    /// A crafted TWCS file's fields quoted in rejection reasons reach the terminal neutralised: no escape sequence
    /// (a window title, the clipboard through OSC 52) gets through stderr; the `.rejected` file keeps the record whole,
    /// as JSON.
    @Test func rejectionReasonsCarryNoEscapeSequences() throws {
        let cli = try CLI()
        let header = "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"
        let rows = [
            "1\u{1B}]52;c;aGk=\u{7},a,True,Tue Oct 31 22:10:47 +0000 2017,t,,",
            "2,a,\u{1B}]0;pwned\u{7},Tue Oct 31 22:10:47 +0000 2017,t,,",
            "3,a,True,Tue Oct 31 22:10:47 +0000 2017\u{1B}[2J,t,,",
            "4,a,True,Tue Oct 31 22:10:47 +0000 2017,t,,9\u{1B}[31m",
            "5,b\u{1B}[1m,True,Tue Oct 31 22:10:47 +0000 2017,t,,",
        ]
        let file = try cli.write("crafted.csv", header + rows.joined(separator: "\n") + "\n")
        let result = try cli.run(["import", file, "--format", "twcs"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(
            !result.stderr.contains("\u{1B}") && !result.stderr.contains("\u{7}"), "\(result.stderr.debugDescription)")
        #expect(result.stderr.contains("crafted.csv:2: tweet_id '1^[]52;c;aGk=^G' is not a tweet id"))
        let rejected = try String(contentsOfFile: file + ".rejected", encoding: .utf8)
        #expect(rejected.contains(#""record":"1\u001b]52;c;aGk=\u0007,a,True"#), "\(rejected)")
    }

    /// A record whose bytes are not UTF-8 is kept as it stood: its bytes beside the readable text, in JSONL and in
    /// TWCS alike.
    @Test func aRecordThatIsNotUTF8IsKeptByteForByte() throws {
        let cli = try CLI()
        let broken: [UInt8] =
            Array(#"{"channel":"twitter","id":"x1","direction":"inbound","author":{"id":"u"},"text":"caf"#.utf8)
            + [0xE9, 0xFF] + Array(#"","created_at":"2026-11-22T10:00:00Z"}"#.utf8)
        let jsonl = cli.folder.appendingPathComponent("latin1.jsonl").path
        try Data(broken + [0x0A]).write(to: URL(fileURLWithPath: jsonl))
        let header = Array(
            "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n".utf8)
        let row = Array("7,a,True,Tue Oct 31 22:10:47 +0000 2017,caf".utf8) + [0xE9] + Array(",,".utf8)
        let csv = cli.folder.appendingPathComponent("latin1.csv").path
        try Data(header + row + [0x0A]).write(to: URL(fileURLWithPath: csv))
        for (file, format, bytes) in [(jsonl, "jsonl", broken), (csv, "twcs", row)] {
            #expect(try cli.run(["import", file, "--format", format]).status == 2)
            let kept = try String(contentsOfFile: file + ".rejected", encoding: .utf8)
            let entry = try #require(json(kept.split(separator: "\n").last.map(String.init) ?? "") as? [String: Any])
            #expect((entry["reason"] as? String)?.contains("not valid UTF-8") == true, "\(entry)")
            let stored = (entry["record_base64"] as? String).flatMap { Data(base64Encoded: $0) }
            #expect(stored == Data(bytes), "\(format): \(entry)")
        }
    }

    /// A misspelt command is named as one, with the nearest command; a word near none is pointed to the list.
    @Test func aMisspeltCommandGetsTheNearestOne() throws {
        let cli = try CLI()
        for (word, says) in [
            ("reprot", "unknown command 'reprot'; did you mean 'report'?"),
            ("qeue", "unknown command 'qeue'; did you mean 'queue'?"),
            ("Reply", "unknown command 'Reply'; did you mean 'reply'?"),
            ("frobnicate", "unknown command 'frobnicate'; 'tanggap --help' lists the commands"),
        ] {
            let result = try cli.run([word])
            #expect(result.status == 64, "\(word)")
            #expect(result.stderr.contains(says), "\(word): \(result.stderr)")
        }
        #expect(try cli.run(["report"]).status == 0)
    }

    /// A mistake in the console's config file stops the console with the file and the mistake named, before it
    /// takes the terminal; nothing is skipped without a word.
    @Test func configMistakesAreNamed() throws {
        let cli = try CLI()
        let (home, config) = try cli.consoleConfig()
        let cases: [(Data, String)] = [
            (Data("them = \"light\"\n".utf8), "unknown setting 'them' (did you mean 'theme'?)"),
            (
                Data("[dashbord]\nresponse_rate_target = 80\n".utf8),
                "unknown setting 'dashbord' (did you mean 'dashboard'?)"
            ),
            (Data("[dashboard]\ntarget = 80\n".utf8), "[dashboard]: unknown setting 'target'"),
            (Data("theme = 5\n".utf8), "theme must be a theme's name in quotes"),
            (Data([0x74, 0x68, 0x65, 0x6D, 0x65, 0x20, 0x3D, 0x20, 0x22, 0xFF, 0x22, 0x0A]), "is not UTF-8 text"),
            (Data("[keys]\ndown = \"k\"\n".utf8), "'k' is up's key"),
            (Data("bell = \"yes\"\n".utf8), "bell must be true or false"),
            (Data("[alerts]\nspike_ratio = 0.5\n".utf8), "spike_ratio must be a number from 1 to 1000"),
            (Data("[alerts]\nspike_conversations = 2.5\n".utf8), "spike_conversations must be a whole number"),
            (Data("[alerts]\nspike = 3\n".utf8), "[alerts]: unknown setting 'spike'"),
            (Data("alerts = 5\n".utf8), "alerts must be a table"),
        ]
        for (content, says) in cases {
            try content.write(to: config)
            let result = try CLI.execute(
                ["--store", try cli.location(actingAs: "ani"), "--agent", "ani"],
                environment: ["XDG_CONFIG_HOME": home.path])
            #expect(result.status == 1, "\(says)")
            #expect(result.stderr.contains(says), "\(says): \(result.stderr)")
            #expect(result.stderr.contains(config.path), "\(says): \(result.stderr)")
        }
        try FileManager.default.removeItem(at: config)
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        let folder = try CLI.execute(
            ["--store", try cli.location(actingAs: "ani"), "--agent", "ani"],
            environment: ["XDG_CONFIG_HOME": home.path])
        #expect(folder.status == 1)
        #expect(folder.stderr.contains("is a folder, not a config file"), "\(folder.stderr)")
    }

    @Test func unknownFormatAsksForOne() throws {
        let cli = try CLI()
        let file = try cli.write("log.txt", sampleLog)
        let result = try cli.run(["import", file])
        #expect(result.status == 64)
        #expect(result.stderr.contains("pass --format jsonl or --format twcs"))
        #expect(try cli.run(["import", file, "--format", "jsonl"]).status == 0)
    }

    @Test(.enabled(if: SharedData.available, "../shared/data is absent; skipping the TWCS corpus report"))
    func twitterCorpusReportMatchesTheFormulas() throws {
        let cli = try CLI()
        let imported = try cli.run(["import", SharedData.file("twcs/twcs_head5000.csv"), "--json"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(
            json(imported.stdout) as? [String: Int] == [
                "read": 5000, "imported": 5000, "duplicates": 0, "rejected": 0, "conversations": 1312,
            ])
        let report = try cli.run(["report", "--format", "json"])
        let object = try #require(json(report.stdout) as? [String: Any])
        // Computed independently from the CSV: threads are the records joined by reply links in the file; a thread
        // needs a response when its earliest tweet is inbound; FRT = earliest brand tweet − earliest tweet.
        #expect(object["conversations"] as? Int == 1312)
        #expect(object["needs_response"] as? Int == 1288)
        #expect(object["responded"] as? Int == 1288)
        #expect(object["response_rate"] as? Double == 1)
        let frt = try #require(object["first_response_seconds"] as? [String: Any])
        #expect(frt["p50"] as? Int == 813)
        #expect(frt["p90"] as? Int == 32906)
        #expect(abs((frt["mean"] as? Double ?? 0) - 180943.27096273293) < 1e-6)
        let sla = try #require(object["sla"] as? [String: Any])
        #expect(sla["met"] as? Int == 791)
        #expect(sla["breached"] as? Int == 497)
        #expect(sla["target_seconds"] as? Int == 1800)
    }
}

@Suite struct AgentCommandTests {
    func seeded() throws -> CLI {
        let cli = try CLI()
        let file = try cli.write("log.jsonl", sampleLog)
        try cli.run(["import", file])
        return cli
    }

    func queue(_ cli: CLI, _ view: String = "needs-reply", agent: String = "ani") throws -> [[String: Any]] {
        let result = try cli.run(["queue", "--view", view, "--json"], agent: agent)
        #expect(result.status == 0, "\(result.stderr)")
        return json(result.stdout) as? [[String: Any]] ?? []
    }

    @Test func queueJSONHasTheDocumentedFields() throws {
        let cli = try seeded()
        let rows = try queue(cli)
        #expect(rows.map { $0["external_id"] as? String } == ["t3", "w1"])
        let first = try #require(rows.first)
        for key in [
            "id", "status", "channel", "account", "customer", "assignee", "first_inbound_at", "sla_due_at", "snippet",
            "external_id",
        ] {
            #expect(first.keys.contains(key), "queue row has no \(key)")
        }
        #expect(first["sla_due_at"] as? String == "2026-11-22T10:50:00Z")
        #expect(first["account"] as? String == "TelkomCare")
        #expect((first["customer"] as? [String: Any])?["handle"] as? String == "sari")
        #expect(first["assignee"] is NSNull)
        let all = try queue(cli, "all")
        #expect(all.count == 3)
    }

    @Test func queuePagesWithCursors() throws {
        let cli = try seeded()
        let first = try #require(
            json(try cli.run(["queue", "--view", "all", "--limit", "2", "--json"]).stdout) as? [[String: Any]])
        #expect(first.count == 2)
        let cursor = try #require(first.last?["cursor"] as? String)
        let second = try #require(
            json(try cli.run(["queue", "--view", "all", "--limit", "2", "--after", cursor, "--json"]).stdout)
                as? [[String: Any]])
        #expect(second.count == 1)
        #expect(second.last?["cursor"] is NSNull)
        let ids = (first + second).compactMap { $0["id"] as? Int }
        #expect(Set(ids).count == 3)
    }

    /// The table's "more:" line is the same command from the next page, with the store and filter it was given, so
    /// copying it shows the next page of the same store; `--filter` narrows as `/` does in the console.
    @Test func theNextPageHintRepeatsTheStoreAndFilter() throws {
        let cli = try seeded()
        let first = try cli.run(["queue", "--view", "all", "--limit", "1", "--filter", "is:unclaimed"])
        #expect(first.status == 0, "\(first.stderr)")
        let hint = try #require(first.stdout.split(separator: "\n").last.map(String.init))
        #expect(
            hint.hasPrefix("more: tanggap queue --view all --store \(cli.store) --filter is:unclaimed --after "),
            "\(hint)")
        let after = try #require(hint.split(separator: " ").last.map(String.init))
        let second = try cli.run([
            "queue", "--view", "all", "--limit", "1", "--filter", "is:unclaimed", "--after", after,
        ])
        #expect(second.status == 0 && !second.stdout.contains(first.stdout.split(separator: "\n")[1]))
        let none = try cli.run(["queue", "--filter", "channel:email"])
        #expect(none.stdout == "no conversations in needs-reply matching 'channel:email'\n")
    }

    @Test func agentWorkflowFromClaimToResolve() throws {
        let cli = try seeded()
        let id = try #require(try queue(cli).first?["id"] as? Int)
        let claim = try cli.run(["claim", "\(id)"])
        #expect(claim.status == 0)
        #expect(claim.stdout.hasPrefix("claimed \(id) until "))
        #expect(try queue(cli, "mine").map { $0["id"] as? Int } == [id])

        let reply = try cli.run(["reply", "\(id)", "--text", "Refund 3-5 hari kerja ya kak", "--json"])
        #expect(reply.status == 0, "\(reply.stderr)")
        let replied = try #require(json(reply.stdout) as? [String: Any])
        #expect(replied["needs_reply"] as? Bool == false)
        #expect(replied["first_responder"] as? String == "ani")

        #expect(try cli.run(["note", "\(id)", "--text", "cek ke tim billing"]).status == 0)
        let tag = try cli.run(["tag", "\(id)", "refund", "Billing"])
        #expect(tag.stdout == "\(id) tags: billing, refund\n")
        #expect(try cli.run(["priority", "\(id)", "high"]).stdout == "\(id) priority high\n")
        #expect(try cli.run(["priority", "\(id)", "U"]).stdout == "\(id) priority urgent\n")
        #expect(try cli.run(["priority", "\(id)", "h"]).stdout == "\(id) priority high\n")
        #expect(try cli.run(["status", "\(id)", "pending"]).stdout == "\(id) is pending\n")
        #expect(try queue(cli, "pending").map { $0["id"] as? Int } == [id])
        #expect(try cli.run(["status", "\(id)", "resolved"]).stdout == "\(id) is resolved\n")

        let shown = try #require(json(try cli.run(["show", "\(id)", "--json"]).stdout) as? [String: Any])
        let messages = try #require(shown["messages"] as? [[String: Any]])
        #expect(messages.map { $0["direction"] as? String } == ["inbound", "outbound", "note"])
        #expect(messages[1]["delivery"] as? String == "queued")
        #expect((shown["conversation"] as? [String: Any])?["status"] as? String == "resolved")
    }

    @Test func snoozeAndNoReply() throws {
        let cli = try seeded()
        let ids = try queue(cli).compactMap { $0["id"] as? Int }
        let snooze = try cli.run(["snooze", "\(ids[0])", "--until", "2h"])
        #expect(snooze.status == 0)
        #expect(snooze.stdout.contains("snoozed until"))
        #expect(try cli.run(["snooze", "\(ids[0])", "--until", "whenever"]).status == 64)
        #expect(
            try cli.run(["no-reply", "\(ids[1])", "--reason", "spam"]).stdout == "\(ids[1]) needs no reply: spam\n")
        #expect(try queue(cli).isEmpty)
        #expect(try queue(cli, "snoozed").count == 1)
        // Taken back: it needs a reply again, and its journal says so.
        #expect(try cli.run(["reply-needed", "\(ids[1])"]).stdout == "\(ids[1]) needs a reply\n")
        #expect(try queue(cli).compactMap { $0["id"] as? Int } == [ids[1]])
        #expect(
            try cli.run(["journal", "show", "--json"], agent: nil, useStore: false).stdout.contains("\"reply-needed\""))
    }

    @Test func showPrintsTheThreadSafely() throws {
        let cli = try seeded()
        let dm = try #require(try queue(cli).first { $0["channel"] as? String == "whatsapp" }?["id"] as? Int)
        let shown = try cli.run(["show", "\(dm)"])
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("paket belum sampai ^[[31m"))
        #expect(!shown.stdout.contains("\u{1B}"))
    }

    @Test func missingConversationExitsFour() throws {
        let cli = try seeded()
        let result = try cli.run(["show", "999"])
        #expect(result.status == 4)
        #expect(result.stderr == "tanggap: no conversation with id 999\n")
        #expect(try cli.run(["claim", "abc"]).status == 64)
    }

    @Test func claimThatLosesNamesTheHolder() throws {
        let cli = try seeded()
        let id = try #require(try queue(cli).first?["id"] as? Int)
        #expect(try cli.run(["claim", "\(id)"], agent: "ani").status == 0)
        let lost = try cli.run(["claim", "\(id)"], agent: "budi")
        #expect(lost.status == 3)
        #expect(lost.stderr == "tanggap: conversation \(id) is claimed by ani\n")
        let reply = try cli.run(["reply", "\(id)", "--text", "halo"], agent: "budi")
        #expect(reply.status == 3)
    }

    /// `next` claims the first free conversation of the queue: ani holds the first, so budi gets the second; a filter
    /// that matches nothing free exits 4 saying so, and a bad filter is refused before anything is done.
    @Test func nextClaimsTheFirstConversationNobodyHolds() throws {
        let cli = try seeded()
        let ids = try queue(cli).compactMap { $0["id"] as? Int }
        #expect(ids.count >= 2)
        #expect(try cli.run(["claim", "\(ids[0])"], agent: "ani").status == 0)
        let next = try cli.run(["next", "--json"], agent: "budi")
        #expect(next.status == 0, "\(next.stderr)")
        let claimed = try #require(json(next.stdout) as? [String: Any])
        #expect(claimed["id"] as? Int == ids[1] && claimed["assignee"] as? String == "budi")
        let none = try cli.run(["next"], agent: "rudi")
        #expect(none.status == 4)
        #expect(none.stderr.hasPrefix("tanggap: nothing to claim in needs-reply: every conversation there is claimed"))
        #expect(try cli.run(["release", "\(ids[0])"], agent: "ani").status == 0)
        let narrowed = try cli.run(["next", "--filter", "channel:whatsapp"], agent: "rudi")
        #expect(narrowed.status == 4 && narrowed.stderr.contains("matching 'channel:whatsapp'"), "\(narrowed.stderr)")
        let plain = try cli.run(["next"], agent: "rudi")
        #expect(plain.status == 0 && plain.stdout.hasPrefix("claimed \(ids[0]) until "), "\(plain.stdout)")
        let bad = try cli.run(["next", "--filter", "status:later"], agent: "rudi")
        #expect(bad.status == 1 && bad.stderr.contains("status: takes"))
    }

    /// Agent budi read a conversation, then ani answered it: budi's reply with the revision it read is refused
    /// (exit 5, naming ani), nothing is queued twice, and passing the revision the refusal names sends it anyway.
    @Test func aReplyOvertakenSinceTheRevisionReadExitsFiveAndSeenAnywaySendsIt() throws {
        let cli = try seeded()
        let row = try #require(try queue(cli).first)
        let id = try #require(row["id"] as? Int)
        let read = try #require(row["revision"] as? Int)
        #expect(try cli.run(["reply", "\(id)", "--text", "Halo kak", "--seen", "\(read)"], agent: "ani").status == 0)
        #expect(try cli.run(["release", "\(id)"], agent: "ani").status == 0)
        let refused = try cli.run(["reply", "\(id)", "--text", "Halo juga", "--seen", "\(read)"], agent: "budi")
        #expect(refused.status == 5, "\(refused.stderr)")
        #expect(refused.stderr.hasPrefix("tanggap: ani answered conversation \(id) at "))
        let shown = try cli.run(["show", "\(id)", "--json"], agent: "budi")
        let now = try #require(
            (json(shown.stdout) as? [String: Any]).flatMap { $0["conversation"] as? [String: Any] }?["revision"] as? Int
        )
        #expect(refused.stderr.contains("--seen \(now)"))
        #expect(try cli.run(["reply", "\(id)", "--text", "Halo juga", "--seen", "\(now)"], agent: "budi").status == 0)
    }

    /// A read-only command goes on when journal entries an earlier run left cannot be applied: it warns.
    @Test func aReadOnlyCommandWorksWhenTheJournalCannotBeRecovered() throws {
        let cli = try seeded()
        let id = try #require(try queue(cli).first?["id"] as? Int)
        #expect(try cli.run(["note", "\(id)", "--text", "cek"]).status == 0)
        // Recovery cannot finish: where it remembers what it applied is not a file it can replace.
        let applied = cli.stateFolder + "/tanggap/journal.jsonl.applied"
        try? FileManager.default.removeItem(atPath: applied)
        try FileManager.default.createDirectory(atPath: applied + "/blocked", withIntermediateDirectories: true)
        let listed = try cli.run(["queue", "--json"])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stderr.contains("warning: journal entries an earlier run left unapplied are not applied yet"))
        #expect(try cli.run(["show", "\(id)"]).status == 0)
    }

    /// A journal that cannot be opened lets reading commands go on, but stops an action: every action is journaled
    /// before it is stored.
    @Test func anActionIsRefusedWhenItsJournalCannotBeOpened() throws {
        let cli = try seeded()
        let id = try #require(try queue(cli).first?["id"] as? Int)
        let folder = cli.stateFolder + "/tanggap"
        try? FileManager.default.removeItem(atPath: folder)
        // The journal's folder is a file: nothing can be written there.
        #expect(FileManager.default.createFile(atPath: folder, contents: Data("x".utf8)))
        let noted = try cli.run(["note", "\(id)", "--text", "cek"])
        #expect(noted.status == 1, "\(noted.stderr)")
        #expect(noted.stderr.contains("every action is journaled before it is stored"))
        let listed = try cli.run(["queue", "--json"])
        #expect(listed.status == 0, "\(listed.stderr)")
        try FileManager.default.removeItem(atPath: folder)
        #expect(try cli.run(["show", "\(id)", "--json"]).stdout.contains("cek") == false)
    }

    /// Eight processes claim the same conversations at once: each conversation is won exactly once.
    @Test func claimsRacingFromManyProcessesHaveOneWinnerEach() async throws {
        let cli = try seeded()
        let ids = try queue(cli, "all").compactMap { $0["id"] as? Int }
        for id in ids {
            let results = await withTaskGroup(of: CLI.Result?.self) { group in
                for agent in 0..<8 {
                    group.addTask { try? cli.run(["claim", "\(id)"], agent: "agent\(agent)") }
                }
                return await group.reduce(into: [CLI.Result?]()) { $0.append($1) }
            }
            let winners = results.map { $0?.status ?? -1 }
            // What a process that neither won nor was refused said, to tell why.
            let said = results.compactMap { $0 }.filter { $0.status != 0 && $0.status != 3 }.map(\.stderr)
            #expect(winners.filter { $0 == 0 }.count == 1, "conversation \(id): \(winners) \(said)")
            #expect(winners.filter { $0 == 3 }.count == 7, "conversation \(id): \(winners) \(said)")
        }
    }

    @Test func reportFormats() throws {
        let cli = try seeded()
        let table = try cli.run(["report"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("needing a response   3"))
        let csv = try cli.run(["report", "--format", "csv", "--by", "channel"])
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("group,conversations,needs_response,responded,response_rate"))
        #expect(lines[1].hasPrefix("(all),3,3,1,0.3333333333333333,720,720,720,1800,1,"))
        #expect(lines[2].hasPrefix("twitter,2,2,1,0.5,720,"))
        let grouped = try #require(
            json(try cli.run(["report", "--format", "json", "--by", "day"]).stdout) as? [String: Any])
        #expect((grouped["groups"] as? [[String: Any]])?.first?["key"] as? String == "2026-11-22")
        let none = try #require(
            json(try cli.run(["report", "--format", "json", "--since", "2026-11-23"]).stdout) as? [String: Any])
        #expect(none["conversations"] as? Int == 0)
        #expect(none["response_rate"] is NSNull)
        #expect(try cli.run(["report", "--since", "tomorrow-ish"]).status == 64)
    }

    @Test func badStoreLocationsAreClearErrors() throws {
        let result = try CLI.execute(["queue", "--store", "mysql://host/db"])
        #expect(result.status == 1)
        #expect(result.stderr == "tanggap: unknown store url scheme 'mysql'; use a path, sqlite:PATH or postgres://…\n")
        let folder = try CLI().folder.path
        let isFolder = try CLI.execute(["queue", "--store", folder])
        #expect(isFolder.stderr == "tanggap: store path \(folder) is a folder; name a file\n")
    }

    @Test func storeComesFromTheEnvironment() throws {
        let cli = try seeded()
        let result = try CLI.execute(["queue", "--json", "--view", "all"], environment: ["TANGGAP_STORE": cli.store])
        #expect((json(result.stdout) as? [Any])?.count == 3)
    }
}

@Suite struct KnowledgeCommandTests {
    @Test func importSearchAndSuggest() throws {
        let cli = try CLI()
        let folder = cli.folder.appendingPathComponent("kb")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "---\ntitle: Kapan refund masuk\ntags: [refund]\n---\nRefund diproses 3-5 hari kerja.\n"
            .write(to: folder.appendingPathComponent("refund.md"), atomically: true, encoding: .utf8)
        try "no title at all".write(to: folder.appendingPathComponent("broken.md"), atomically: true, encoding: .utf8)
        let imported = try cli.run(["kb", "import", folder.path])
        #expect(imported.status == 2)
        #expect(imported.stdout == "imported 1 articles; 1 refused\n")
        #expect(imported.stderr.contains("broken.md: the article has no title"))

        let search = try cli.run(["kb", "search", "refund", "kapan", "--json"])
        let object = try #require(json(search.stdout) as? [String: Any])
        #expect(object["query"] as? String == "refund kapan")
        #expect((object["hits"] as? [[String: Any]])?.first?["id"] as? String == "refund")

        let queries = try cli.write("queries.txt", "refund\nsinyal\n")
        let lines = try cli.run(["kb", "search", "--queries", queries, "--json"]).stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect((json(String(lines[1])) as? [String: Any])?["hits"] as? [Any] != nil)

        let templates = try cli.write(
            "t.toml",
            "[[template]]\nid = \"refund\"\nname = \"Refund diproses\"\nbody = \"Halo {{customer.name}}, refund diproses.\"\ntags = [\"refund\"]\n"
        )
        #expect(try cli.run(["templates", "import", templates]).stdout == "imported 1 templates\n")

        let log = try cli.write("log.jsonl", sampleLog)
        #expect(try cli.run(["import", log]).status == 0)
        let rows = json(try cli.run(["queue", "--json"]).stdout) as? [[String: Any]] ?? []
        let refundConversation = try #require(
            rows.first { ($0["snippet"] as? String)?.contains("refund") == true }?["id"] as? Int)
        let suggestions =
            json(try cli.run(["suggest", "\(refundConversation)", "--json"]).stdout) as? [[String: Any]] ?? []
        #expect(suggestions.map { $0["source"] as? String } == ["template", "kb"])
        #expect(suggestions.first?["text"] as? String == "Halo @sari, refund diproses.")
    }
}

@Suite struct AnalyzeCommandTests {
    @Test func showsTokensWithStopwordsMarked() throws {
        let result = try CLI.execute(["analyze", "sinyal lemot bgt dr pagi @TelkomCare"])
        #expect(result.status == 0)
        #expect(result.stdout == "language: id\nsinyal\nlambat\n[sekali]\n[dari]\npagi\nhandle:telkomcare\n")
    }

    @Test func stemsWordsFromStandardInput() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = ["analyze", "--stem", "--lang", "id"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try launching.withLock { try process.run() }
        input.fileHandleForWriting.write(Data("membangun\npengiriman\nberbalas-balasan\n".utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(String(decoding: data, as: UTF8.self) == "bangun\nkirim\nbalas\n")
        #expect(try CLI.execute(["analyze", "--stem"]).status == 64)
    }
}

/// The benchmark harness builds and explains itself; its measurements run with `tanggap-bench --scale …`, not in
/// the test suite (timed unit tests on a shared machine would only measure the machine).
@Suite struct BenchHarnessTests {
    @Test func theHarnessDescribesItsScalesAndFigures() throws {
        let harness = URL(fileURLWithPath: CLI.binary).deletingLastPathComponent().appendingPathComponent(
            "tanggap-bench")
        let process = Process()
        process.executableURL = harness
        process.arguments = ["--help"]
        let out = Pipe()
        process.standardOutput = out
        try launching.withLock { try process.run() }
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(text.contains("10k, 100k or 1m"))
        #expect(text.contains("--json"))
        let bad = Process()
        bad.executableURL = harness
        bad.arguments = ["--scale", "2m"]
        bad.standardError = FileHandle.nullDevice
        try launching.withLock { try bad.run() }
        bad.waitUntilExit()
        #expect(bad.terminationStatus == 64)
    }
}
