import Foundation
import Testing

/// What the customer wants, through the binary: the probably-no-reply view, `no-reply` confirming the estimate, and
/// the report's estimate beside the agents' marks and its grouping by intent.
@Suite struct IntentCommandTests {
    static let log =
        [
            #"{"channel":"twitter","id":"c1","direction":"inbound","author":{"id":"u1","handle":"budi"},"text":"@TokoKu paket saya belum sampai, tolong dicek","created_at":"2026-11-22T10:00:00Z","account":"TokoKu"}"#,
            #"{"channel":"twitter","id":"c2","direction":"inbound","author":{"id":"u2","handle":"sari"},"text":"@TokoKu ok makasih min","created_at":"2026-11-22T10:01:00Z","account":"TokoKu"}"#,
            #"{"channel":"twitter","id":"c3","direction":"inbound","author":{"id":"u3","handle":"rina"},"text":"@TokoKu mantap, pelayanannya cepat sekali","created_at":"2026-11-22T10:02:00Z","account":"TokoKu"}"#,
            #"{"channel":"twitter","id":"c4","direction":"inbound","author":{"id":"u4","handle":"joko"},"text":"@TokoKu jam buka toko kapan?","created_at":"2026-11-22T10:03:00Z","account":"TokoKu"}"#,
            #"{"channel":"twitter","id":"c5","in_reply_to":"c4","direction":"outbound","author":{"id":"TokoKu","handle":"TokoKu"},"text":"@joko Halo kak, kami buka jam 9 sampai 21 ya","created_at":"2026-11-22T10:10:00Z","account":"TokoKu"}"#,
        ].joined(separator: "\n") + "\n"

    func seeded() throws -> CLI { try CLI.seeded(with: Self.log) }

    func ids(_ cli: CLI, view: String) throws -> [String: Int] {
        let rows = json(try cli.run(["queue", "--view", view, "--json"]).stdout) as? [[String: Any]] ?? []
        return Dictionary(
            uniqueKeysWithValues: rows.compactMap { row in
                (row["external_id"] as? String).flatMap { key in (row["id"] as? Int).map { (key, $0) } }
            })
    }

    @Test func theThanksAndThePraiseAreApartAndConfirmingTakesOnlyThem() throws {
        let cli = try seeded()
        let all = try ids(cli, view: "all")
        // Both stay in needs-reply; the probably-no-reply view holds only them.
        #expect(Set(try ids(cli, view: "needs-reply").keys) == ["c1", "c2", "c3"])
        #expect(Set(try ids(cli, view: "probably-no-reply").keys) == ["c2", "c3"])
        let listed = try cli.run(["queue"]).stdout.split(separator: "\n")
        #expect(listed.first?.contains("INTENT") == true)
        #expect(listed.contains { $0.contains("thanks ○") && $0.contains("@sari") }, "\(listed)")
        #expect(
            listed.contains { $0.contains("complaint ") && !$0.contains("○") && $0.contains("@budi") }, "\(listed)")

        // The complaint is refused, named; the thanks is confirmed with the reason filled in.
        let complaint = try cli.run(["no-reply", "\(all["c1"] ?? 0)"])
        #expect(complaint.status != 0)
        #expect(complaint.stderr.contains("reads as a complaint"), "\(complaint.stderr)")
        let thanks = try cli.run(["no-reply", "\(all["c2"] ?? 0)"])
        #expect(thanks.status == 0, "\(thanks.stderr)")
        #expect(thanks.stdout == "\(all["c2"] ?? 0) needs no reply: a plain thanks or closing (estimate confirmed)\n")
        #expect(Set(try ids(cli, view: "needs-reply").keys) == ["c1", "c3"])
        #expect(Set(try ids(cli, view: "probably-no-reply").keys) == ["c3"])

        // The rate counts the agent's mark only; the praise is the estimate beside it.
        let report = try #require(json(try cli.run(["report", "--format", "json"]).stdout) as? [String: Any])
        #expect(report["needs_response"] as? Int == 3)
        #expect(report["responded"] as? Int == 1)
        let noReply = try #require(report["no_reply"] as? [String: Any])
        #expect(noReply["marked"] as? Int == 1)
        #expect(noReply["estimated"] as? Int == 1)
        #expect(noReply["response_rate_if_confirmed"] as? Double == 0.5)
        #expect(report["intents"] as? [String: Int] == ["complaint": 1, "thanks": 1, "praise": 1, "question": 1])
        let table = try cli.run(["report"]).stdout
        #expect(table.contains("no reply needed      1 marked by agents  1 more probably"), "\(table)")
        #expect(table.contains("complaint 1 (25%)  question 1 (25%)  praise 1 (25%)  thanks 1 (25%)"), "\(table)")
    }

    @Test func aReportByIntentGroupsByTheFirstMessage() throws {
        let cli = try seeded()
        let report = try #require(
            json(try cli.run(["report", "--by", "intent", "--format", "json"]).stdout) as? [String: Any])
        let groups = try #require(report["groups"] as? [[String: Any]])
        #expect(groups.compactMap { $0["key"] as? String } == ["complaint", "praise", "question", "thanks"])
        let question = try #require(groups.first { $0["key"] as? String == "question" })
        #expect(question["responded"] as? Int == 1)
        let praise = try #require(groups.first { $0["key"] as? String == "praise" })
        #expect((praise["no_reply"] as? [String: Any])?["estimated"] as? Int == 1)
        let table = try cli.run(["report", "--by", "intent"]).stdout
        #expect(table.contains("SHARE") && table.contains("PROBABLY NONE"), "\(table)")
        #expect(try cli.run(["report", "--by", "intnet"]).status == 64)
    }

    /// The demo's customers who only acknowledge (the follow-ups the demo writes as acknowledgements: thanks, "ok
    /// deh", "ditunggu", "udah DM"), with or without the brand's handle before them.
    static let acknowledgements: Set<String> = [
        "ok thanks", "ok deh", "ok ditunggu", "works now, thanks!", "udah sampe, makasih!", "ditunggu refundnya",
        "fotonya udah aku kirim via DM", "ref transaksinya TRX88213, udah DM", "nomornya 0812xxxx, udah aku DM",
        "lokasi di Jl. Margonda, udah aku DM",
    ]

    static func withoutHandle(_ text: String) -> String {
        guard text.hasPrefix("@"), let space = text.firstIndex(of: " ") else { return text }
        return String(text[text.index(after: space)...])
    }

    /// The demo's conversations apart are those whose customer's messages still awaiting an answer (after the last
    /// response by a person) all acknowledge; an unanswered complaint followed by "ok deh" still waits.
    @Test func onTheDemoStoreTheAcknowledgementsAreApartAndNoComplaintIs() throws {
        let cli = try CLI()
        let built = try CLI.execute(["demo", "--dir", cli.folder.path, "--no-console", "--agent", "ani"])
        #expect(built.status == 0, "\(built.stderr)")
        func rows(_ view: String) throws -> [[String: Any]] {
            json(try cli.run(["queue", "--view", view, "--json", "--limit", "1000"]).stdout) as? [[String: Any]] ?? []
        }
        let waiting = try rows("needs-reply")
        let apartIDs = Set(try rows("probably-no-reply").compactMap { $0["id"] as? Int })
        var acknowledging = 0
        var complaintsAcknowledged = 0
        for row in waiting {
            let id = row["id"] as? Int ?? 0
            let shown = json(try cli.run(["show", "\(id)", "--json"]).stdout) as? [String: Any]
            let messages = (shown?["messages"] as? [[String: Any]] ?? []).sorted {
                ($0["created_at"] as? String ?? "") < ($1["created_at"] as? String ?? "")
            }
            let answered = messages.lastIndex {
                $0["direction"] as? String == "outbound" && $0["automatic"] as? Bool == false
                    && $0["delivery"] as? String != "failed"
            }
            let awaiting = messages.suffix(from: answered.map { $0 + 1 } ?? 0)
                .filter { $0["direction"] as? String == "inbound" }
                .map { Self.withoutHandle($0["text"] as? String ?? "") }
            let acknowledges = !awaiting.isEmpty && awaiting.allSatisfy(Self.acknowledgements.contains)
            if acknowledges { acknowledging += 1 }
            if answered == nil, awaiting.count > 1, Self.acknowledgements.contains(awaiting.last ?? "") {
                complaintsAcknowledged += 1
            }
            #expect(apartIDs.contains(id) == acknowledges, "\(id): \(awaiting) (\(row["intent"] ?? "no intent"))")
        }
        #expect(acknowledging >= 10, "the demo has acknowledgements waiting")
        #expect(complaintsAcknowledged > 0, "and unanswered complaints a customer acknowledged, which still wait")
    }
}
