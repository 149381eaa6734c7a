import Foundation
import Testing
import TextAnalysis

@testable import ConversationStore

extension BackendConformance {
    /// A customer's phone number in a public message flags the conversation (the kinds in `personalData`), a direct
    /// message does not; a card number and a one-time code never reach the store; a public reply holding a phone
    /// number is refused with nothing stored, a private one moves the conversation private (which the report
    /// counts), and one the agent allowed is journaled as allowed.
    func personalDataIsFlaggedMaskedAndKeptOutOfPublicReplies() async throws {
        let fresh = try await make(SLAPolicy())
        defer { fresh.close() }
        let store = Store(backend: fresh.backend, now: { Make.at(30) })
        let messages = [
            Make.inbound("p1", at: 0, from: "budi", text: "sinyal lemot, tolong hubungi 0812-3456-7890 ya min"),
            Make.inbound(
                "p2", at: 1, from: "sari", text: "paket belum sampai, no hp 081298765432", visibility: .private),
            Make.inbound("p3", at: 2, from: "rina", text: "kartu 4111 1111 1111 1111 kepotong 2x, kode OTP 482913"),
            Make.inbound("p4", at: 3, from: "dodi", text: "ada promo apa minggu ini?"),
        ]
        _ = try await store.ingest(messages)
        func conversation(_ external: String) async throws -> Conversation {
            let id = try #require(try await store.conversation(containing: external))
            return try #require(try await store.thread(id)).conversation
        }
        let phone = try await conversation("p1")
        #expect(phone.personalData == [.phone])
        #expect(PersonalDataRules.needsMovingPrivate(phone))
        #expect(try await conversation("p2").personalData.isEmpty, "a direct message is not personal data in public")
        #expect(try await conversation("p4").personalData.isEmpty)
        let card = try #require(try await store.thread(try await conversation("p3").id))
        let stored = try #require(card.messages.first?.text)
        #expect(!stored.contains("4111 1111 1111 1111") && stored.contains("1111"), "\(stored)")
        #expect(!stored.contains("482913"), "\(stored)")
        #expect(
            card.conversation.personalData == [.card, .otp], "masked on arrival, but posted in public all the same")

        let refusal = await #expect(throws: StoreError.self) {
            try await store.perform(
                .reply(text: "baik kak, kami hubungi ke 0812-3456-7890 ya", isPrivate: false), on: phone.id,
                by: "ani")
        }
        #expect(refusal?.code == .personalData)
        #expect(refusal?.message.contains("(phone)") == true, "\(String(describing: refusal))")
        #expect(try #require(try await store.thread(phone.id)).messages.count == 1)
        #expect(try await store.events(conversation: phone.id).isEmpty, "refused before it is journaled")

        // Card numbers and one-time codes are masked in what an agent writes, too.
        let noted = try await store.perform(.note(text: "OTP nya 553201 katanya"), on: phone.id, by: "ani")
        #expect(noted.revision > phone.revision)
        #expect(try #require(try await store.thread(phone.id)).messages.last?.text.contains("553201") == false)

        let allowed = try await store.perform(
            .reply(text: "nomor 0812-3456-7890 sudah kami catat", isPrivate: false), on: phone.id, by: "ani",
            allowing: [.phone])
        #expect(allowed.visibility == .public)
        #expect(try await store.events(conversation: phone.id).map(\.entry.action).contains("personal-data-allowed"))

        let moved = try await store.perform(
            .reply(text: "kami hubungi 0812-3456-7890 via DM ya", isPrivate: true), on: phone.id, by: "ani")
        #expect(moved.visibility == .private)
        #expect(moved.personalData == [.phone], "the customer did post it in public")
        #expect(!PersonalDataRules.needsMovingPrivate(moved))
        // What the conversation teaches "replies that worked before" keeps the customer's number behind.
        let remembered = try await fresh.backend.similarAnswered(
            terms: KnowledgeText.queryTerms("sinyal lemot"), account: nil, excluding: nil, limit: 5)
        #expect(remembered.map(\.reply) == ["nomor ****-****-7890 sudah kami catat"])
        let report = try await store.report(ReportQuery())
        #expect(report.personalDataInPublic == 2 && report.personalDataMovedPrivate == 1)
    }

    /// Retention masks personal data in messages stored before the cutoff, and only there; the conversation is
    /// derived again (snippet, flag); a second run changes nothing; only a supervisor may run it, and it is journaled.
    func retentionMasksOldPersonalDataOnce() async throws {
        let fresh = try await make(SLAPolicy())
        defer { fresh.close() }
        let store = Store(backend: fresh.backend, now: { Make.at(60 * 24 * 100) })
        let messages = [
            Make.inbound(
                "o1", at: 0, from: "budi",
                text: "alamat aku Jl. Melati No. 12, hp 0812-3456-7890, kartu 4111 1111 1111 1111 kepotong"),
            Make.inbound("n1", at: 60 * 24 * 99, from: "sari", text: "email aku sari.dewi@gmail.com"),
        ]
        _ = try await store.ingest(messages)
        let old = try #require(try await store.conversation(containing: "o1"))
        let recent = try #require(try await store.conversation(containing: "n1"))
        let cutoff = Make.at(60 * 24 * 10)
        let counted = try await store.redact(olderThan: cutoff, dryRun: true, by: "ani")
        #expect(counted.messages == 1 && counted.kinds[.phone] == 1, "\(counted)")
        let refused = await #expect(throws: StoreError.self) {
            try await store.redact(olderThan: cutoff, by: "ani")
        }
        #expect(refused?.message.contains("only a supervisor") == true)

        try await store.record(.setRole(agent: "sup", role: .supervisor), on: nil, by: "sup")
        let done = try await store.redact(olderThan: cutoff, by: "sup")
        #expect(done == counted)
        let masked = try #require(try await store.thread(old))
        #expect(masked.messages.first?.text.contains("0812-3456-7890") == false)
        #expect(masked.messages.first?.text.contains("7890") == true)
        #expect(!masked.conversation.snippet.contains("0812-3456"))
        // What was masked as it arrived (the card) and what retention masked both still count.
        #expect(masked.conversation.personalData == [.phone, .card, .address], "what was posted still counts")
        #expect(try #require(try await store.thread(recent)).messages.first?.text == "email aku sari.dewi@gmail.com")
        let again = try await store.redact(olderThan: cutoff, by: "sup")
        #expect(again.messages == 0 && again.findings == 0)
        let journaled = try await store.events(agent: "sup").map(\.entry.action)
        #expect(journaled.filter { $0 == "redacted" }.count == 1)
    }
}
