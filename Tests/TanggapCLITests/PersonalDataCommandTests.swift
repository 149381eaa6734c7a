import Foundation
import Testing

/// Personal data through the binary: found and masked by `analyze`, flagged in `queue --json`, refused in a public
/// `reply`, masked by `--redact` and `export --redact`, and masked in old messages by `redact`.
@Suite struct PersonalDataCommandTests {
    static let log =
        [
            #"{"channel":"twitter","id":"a1","direction":"inbound","author":{"id":"u1","handle":"budi_s","name":"Budi S"},"text":"@TelkomCare sinyal lemot, hubungi aku di 0812-3456-7890 ya","created_at":"2026-11-22T10:00:00Z","account":"TelkomCare"}"#,
            #"{"channel":"twitter","id":"a2","direction":"inbound","author":{"id":"u2","handle":"sari"},"text":"@TelkomCare paket ga masuk dari pagi","created_at":"2026-11-22T10:05:00Z","account":"TelkomCare"}"#,
            #"{"channel":"twitter","id":"a3","in_reply_to":"a1","direction":"outbound","author":{"id":"TelkomCare","handle":"TelkomCare"},"text":"@budi_s Halo kak Budi, kami cek ya","created_at":"2026-11-22T10:20:00Z","account":"TelkomCare"}"#,
        ].joined(separator: "\n") + "\n"

    func seeded() throws -> CLI { try CLI.seeded(with: Self.log) }

    func conversation(_ cli: CLI, _ external: String) throws -> [String: Any] {
        let rows = json(try cli.run(["queue", "--view", "all", "--json"]).stdout) as? [[String: Any]] ?? []
        return try #require(rows.first { $0["external_id"] as? String == external })
    }

    @Test func aPublicReplyWithAPhoneNumberExitsFiveAndStoresNothingAndAPrivateOneIsStored() throws {
        let cli = try seeded()
        let row = try conversation(cli, "a1")
        let id = try #require(row["id"] as? Int)
        #expect(row["personal_data"] as? [String] == ["phone"])
        #expect(try conversation(cli, "a2")["personal_data"] as? [String] == [])
        let refused = try cli.run(["reply", "\(id)", "--text", "Baik kak, kami telepon ke 0812-3456-7890"])
        #expect(refused.status == 5, "\(refused.stderr)")
        #expect(refused.stderr.contains("personal data (phone)"), "\(refused.stderr)")
        let shown = try cli.run(["show", "\(id)", "--json"])
        #expect(shown.stdout.contains("kami telepon") == false)
        let moved = try cli.run(["reply", "\(id)", "--text", "Baik kak, kami telepon ke 0812-3456-7890", "--private"])
        #expect(moved.status == 0, "\(moved.stderr)")
        #expect(try conversation(cli, "a1")["visibility"] as? String == "private")
        let report = json(try cli.run(["report", "--format", "json"]).stdout) as? [String: Any]
        let counted = report?["personal_data"] as? [String: Any]
        #expect(
            counted?["in_public"] as? Int == 1 && counted?["moved_private"] as? Int == 1,
            "\(String(describing: counted))")
    }

    @Test func aPublicReplyTheAgentAllowsIsSentAndJournaledAsAllowed() throws {
        let cli = try seeded()
        let id = try #require(try conversation(cli, "a1")["id"] as? Int)
        let sent = try cli.run([
            "reply", "\(id)", "--text", "Nomor 0812-3456-7890 sudah kami catat", "--allow-personal-data",
        ])
        #expect(sent.status == 0, "\(sent.stderr)")
        let journal = try String(contentsOfFile: cli.journal, encoding: .utf8)
        #expect(journal.contains("\"personal-data-allowed\""))
        #expect(journal.contains("\"phone\""))
    }

    @Test func analyzeReadsTheIntentOfEachText() throws {
        let cli = try CLI()
        let one = try cli.run(
            ["analyze", "--intent", "paket", "blm", "sampe", "kapan", "dikirim?"], agent: nil, useStore: false)
        #expect(one.status == 0, "\(one.stderr)")
        let object = json(one.stdout) as? [String: Any]
        #expect(object?["intent"] as? String == "complaint")
        #expect(object?["intents"] as? [String] == ["complaint", "question"])
        #expect(object?["needs_reply"] as? Bool == true)
        #expect((object?["why"] as? String)?.contains("belum sampai") == true, "\(one.stdout)")
        let input = try cli.write("texts.txt", "ok thanks\nmakasih min\nrefund kapan ya\n")
        let lines = try CLI.execute(
            ["-c", "\"$0\" analyze --intent < \"$1\"", CLI.binary, input], executable: "/bin/sh")
        let objects = lines.stdout.split(separator: "\n").map { json(String($0)) as? [String: Any] }
        #expect(objects.map { $0?["needs_reply"] as? Bool } == [false, false, true], "\(lines.stdout)")
        let both = try cli.run(["analyze", "--intent", "--personal-data", "halo"], agent: nil, useStore: false)
        #expect(both.status == 64 && both.stderr.contains("choose one of"))
    }

    @Test func analyzeFindsAndMasksEachTextInOrder() throws {
        let cli = try CLI()
        let one = try cli.run(
            ["analyze", "--personal-data", "--json", "hp aku 0812-3456-7890 ya"], agent: nil, useStore: false)
        #expect(one.status == 0, "\(one.stderr)")
        let object = json(one.stdout) as? [String: Any]
        let found = object?["found"] as? [[String: Any]]
        #expect(found?.first?["kind"] as? String == "phone")
        #expect(found?.first?["text"] as? String == "0812-3456-7890")
        #expect(object?["masked"] as? String == "hp aku ****-****-7890 ya")
        let input = try cli.write("texts.txt", "tidak ada apa-apa\nemail aku budi.santoso@gmail.com\n")
        let lines = try CLI.execute(
            ["-c", "\"$0\" analyze --personal-data --json < \"$1\"", CLI.binary, input], executable: "/bin/sh")
        #expect(lines.status == 0, "\(lines.stderr)")
        let objects = lines.stdout.split(separator: "\n").map { json(String($0)) as? [String: Any] }
        #expect(objects.count == 2)
        #expect((objects.first??["found"] as? [Any])?.isEmpty == true)
        #expect(((objects.last??["found"] as? [[String: Any]])?.first?["kind"]) as? String == "email")
        let wrong = try cli.run(["analyze", "--json", "halo"], agent: nil, useStore: false)
        #expect(wrong.status != 0 && wrong.stderr.contains("--json goes with --personal-data or --intent"))
    }

    @Test func redactedViewsAndExportsShowNoPersonalDataAndNoCustomerHandle() throws {
        let cli = try seeded()
        let id = try #require(try conversation(cli, "a1")["id"] as? Int)
        let shown = try cli.run(["show", "\(id)", "--json", "--redact"])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(!shown.stdout.contains("0812-3456-7890") && shown.stdout.contains("7890"))
        #expect(!shown.stdout.contains("budi_s") && !shown.stdout.contains("Budi S"), "\(shown.stdout)")
        let listed = try cli.run(["queue", "--view", "all", "--json", "--redact"])
        #expect(!listed.stdout.contains("0812-3456-7890") && !listed.stdout.contains("budi_s"))
        let exported = try cli.run(["export", "-", "--redact"])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.stdout.split(separator: "\n").count == 3)
        #expect(!exported.stdout.contains("0812-3456-7890") && !exported.stdout.contains("budi_s"))
        #expect(!exported.stdout.contains("Budi"), "the customer's name in the brand's reply: \(exported.stdout)")
        #expect(exported.stderr.contains("exported 3 messages, 1 piece of personal data masked"), "\(exported.stderr)")
        // The same customer has the same pseudonym in the view and the export.
        let thread = json(shown.stdout) as? [String: Any]
        let alias = try #require(
            ((thread?["conversation"] as? [String: Any])?["customer"] as? [String: Any])?["handle"] as? String)
        #expect(exported.stdout.contains("\"handle\":\"\(alias)\""))
        #expect(exported.stdout.contains("@\(alias) Halo kak"), "the brand's reply names the pseudonym too")
    }

    @Test func anExportToAFileIsWholeOrAbsentAndRefusesAFolder() throws {
        let cli = try seeded()
        let file = cli.folder.appendingPathComponent("out.jsonl").path
        let written = try cli.run(["export", file])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").count == 3)
        let folder = try cli.run(["export", cli.folder.path])
        #expect(folder.status == 1 && folder.stderr.contains("is a folder"), "\(folder.stderr)")
        let since = try cli.run(["export", "-", "--since", "2026-11-22 10:04"])
        #expect(since.stdout.split(separator: "\n").count == 2)
        let missing = try cli.run(["export", "-", "--store", cli.folder.appendingPathComponent("none.sqlite").path])
        #expect(missing.status == 4 && missing.stderr.contains("there is no store at"), "\(missing.stderr)")
        let nowhere = try cli.run(["export", "/nonexistent-folder/out.jsonl"])
        #expect(nowhere.status == 1 && nowhere.stderr.contains("cannot write /nonexistent-folder/out.jsonl"))
        let broken = try cli.run(["export", "-", "--since", "yesterday-ish"])
        #expect(broken.status != 0 && broken.stderr.contains("is not a time"))
    }

    @Test func retentionIsForSupervisorsCountsFirstAndMasksOnce() throws {
        let cli = try seeded()
        let counted = try cli.run(["redact", "--older-than", "1d", "--dry-run", "--json"])
        #expect(counted.status == 0, "\(counted.stderr)")
        let summary = json(counted.stdout) as? [String: Any]
        #expect(
            summary?["messages"] as? Int == 1 && summary?["findings"] as? Int == 1
                && summary?["dry_run"] as? Bool == true)
        let refused = try cli.run(["redact", "--older-than", "1d"])
        #expect(refused.status == 1 && refused.stderr.contains("only a supervisor"), "\(refused.stderr)")
        #expect(try cli.run(["agents", "add", "ani", "--role", "supervisor"]).status == 0)
        let done = try cli.run(["redact", "--older-than", "1d"])
        #expect(done.status == 0, "\(done.stderr)")
        #expect(done.stdout.hasPrefix("masked 1 piece of personal data in 1 message stored before "), "\(done.stdout)")
        #expect(try cli.run(["show", "1", "--json"]).stdout.contains("0812-3456-7890") == false)
        #expect(try cli.run(["redact", "--older-than", "1d"]).stdout.hasPrefix("masked 0 pieces"))
        let future = try cli.run(["redact", "--older-than", "2999-01-01"])
        #expect(future.status != 0 && future.stderr.contains("is in the future"))
    }

    /// The issue's done-means: the Twitter support sample exported and imported into a new store gives the same
    /// report byte for byte; exported with --redact, it holds none of the personal data the detector finds in it.
    @Test(.enabled(if: SharedData.available, "../shared/data is absent; skipping the TWCS export"))
    func theTwitterSampleExportedAndImportedGivesTheSameReport() throws {
        let cli = try CLI()
        let imported = try cli.run(["import", SharedData.file("twcs/twcs_head5000.csv"), "--format", "twcs"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let file = cli.folder.appendingPathComponent("export.jsonl").path
        let exported = try cli.run(["export", file])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.stderr.contains("exported 5000 messages"), "\(exported.stderr)")
        let copy = cli.folder.appendingPathComponent("copy.sqlite").path
        let again = try cli.run(["import", file, "--store", copy], agent: nil)
        #expect(again.status == 0, "\(again.stderr)")
        let reports = try [cli.store, copy].map { try cli.run(["report", "--format", "json", "--store", $0]).stdout }
        #expect(reports[0].contains("\"conversations\":1312"))
        #expect(reports[1] == reports[0])

        let texts = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").compactMap {
            (json(String($0)) as? [String: Any])?["text"] as? String
        }
        let input = try cli.write(
            "texts.txt", texts.map { $0.replacingOccurrences(of: "\n", with: " ") }.joined(separator: "\n") + "\n")
        let analysed = try CLI.execute(
            ["-c", "\"$0\" analyze --personal-data --json < \"$1\"", CLI.binary, input], executable: "/bin/sh")
        let found = analysed.stdout.split(separator: "\n").flatMap { line in
            ((json(String(line)) as? [String: Any])?["found"] as? [[String: Any]] ?? []).compactMap {
                $0["text"] as? String
            }
        }
        let redacted = try cli.run(["export", "-", "--redact"])
        #expect(redacted.status == 0, "\(redacted.stderr)")
        let leaked = found.filter { redacted.stdout.contains($0) }
        #expect(leaked.isEmpty, "\(leaked.prefix(5)) of \(found.count)")
    }
}
