import Foundation
import Testing

@testable import ConversationStore

/// A store holding two brands' answers: each brand's customers are offered their own brand's templates and
/// articles, in their own language, and never another brand's.
@Suite struct KnowledgeScopeTests {
    func twoBrands() async throws -> Store {
        let store = try TestStore().store
        try await store.saveTemplates([
            ReplyTemplate(
                id: "blokir-kartu", name: "Blokir kartu segera",
                body: "Halo {{customer.name}}, segera blokir kartu ya.",
                language: "id", tags: ["kartu", "blokir", "account:banknusacare"]),
            ReplyTemplate(
                id: "block-card", name: "Block the card", body: "Hi {{customer.name}}, please block the card now.",
                language: "en", tags: ["card", "block", "lost", "account:banknusacare"]),
            ReplyTemplate(
                id: "kartu-sim", name: "Kartu SIM hilang",
                body: "Halo {{customer.name}}, kartu SIM bisa diganti di gerai.",
                language: "id", tags: ["kartu", "sim", "hilang", "account:telkomcare"]),
            ReplyTemplate(
                id: "terima-kasih", name: "Terima kasih", body: "Sama-sama {{customer.name}}!", language: "id",
                tags: ["makasih", "thanks"]),
        ])
        try await store.saveArticles([
            Article(
                id: "bank-kartu", title: "Kartu ATM hilang", body: "Blokir kartu ATM hilang lewat aplikasi.",
                tags: ["kartu", "account:banknusacare"], language: "id", updatedAt: Make.start),
            Article(
                id: "telko-kartu", title: "Kartu SIM hilang", body: "Kartu SIM hilang diganti di gerai dengan KTP.",
                tags: ["kartu", "account:telkomcare"], language: "id", updatedAt: Make.start),
        ])
        try await store.ingest([
            Make.inbound("b1", at: 0, from: "budi", text: "kartu saya hilang min, tolong", account: "BankNusaCare"),
            Make.inbound("t1", at: 1, from: "sari", text: "kartu saya hilang min, tolong", account: "TelkomCare"),
            Make.inbound("e1", at: 2, from: "john", text: "I lost my card, please help", account: "BankNusaCare"),
        ])
        return store
    }

    func offered(_ store: Store, _ external: String) async throws -> [String] {
        let id = try #require(try await store.conversation(containing: external))
        let thread = try #require(try await store.thread(id))
        return try await store.suggestions(for: thread, agent: "ani").map { "\($0.source.rawValue):\($0.reference)" }
    }

    @Test func eachBrandsCustomerIsOfferedOnlyThatBrandsTemplatesAndArticles() async throws {
        let store = try await twoBrands()
        let bank = try await offered(store, "b1")
        #expect(bank.contains("template:blokir-kartu") && bank.contains("kb:bank-kartu"), "\(bank)")
        #expect(!bank.contains("template:kartu-sim") && !bank.contains("kb:telko-kartu"), "\(bank)")
        let telco = try await offered(store, "t1")
        #expect(telco.contains("template:kartu-sim") && telco.contains("kb:telko-kartu"), "\(telco)")
        #expect(!telco.contains("template:blokir-kartu") && !telco.contains("kb:bank-kartu"), "\(telco)")
    }

    @Test func aCustomerWhoThanksGetsAClosingNeverATroubleshootingAnswer() async throws {
        let store = try await twoBrands()
        _ = try await store.ingest([
            Make.inbound("b2", replyTo: "b1", at: 5, from: "budi", text: "ok makasih min", account: "BankNusaCare")
        ])
        let thanked = try await offered(store, "b2")
        #expect(thanked == ["template:terima-kasih"], "\(thanked)")
        let id = try #require(try await store.conversation(containing: "b2"))
        let thread = try #require(try await store.thread(id))
        let why = try await store.suggestions(for: thread, agent: "ani").first?.why ?? ""
        #expect(why.contains("thanks or closes") && why.contains("terima kasih"), "\(why)")
        // A customer with a problem is never offered the closing.
        let problem = try await offered(store, "t1")
        #expect(!problem.contains("template:terima-kasih"), "\(problem)")
        // Thanks that ask again are a question: troubleshooting comes back.
        _ = try await store.ingest([
            Make.inbound(
                "b3", replyTo: "b2", at: 6, from: "budi", text: "makasih, tapi kartunya masih hilang, gimana?",
                account: "BankNusaCare")
        ])
        let again = try await offered(store, "b3")
        #expect(again.contains("template:blokir-kartu") && !again.contains("template:terima-kasih"), "\(again)")
    }

    @Test func aCustomerWritingEnglishIsNotOfferedAnIndonesianTemplate() async throws {
        let english = try await offered(try await twoBrands(), "e1")
        #expect(english.first == "template:block-card", "\(english)")
        #expect(!english.contains("template:blokir-kartu"), "\(english)")
    }

    @Test func theScopeRule() {
        #expect(KnowledgeScope.fits(tags: ["kartu"], account: nil))
        #expect(KnowledgeScope.fits(tags: ["account:TelkomCare"], account: "telkomcare"))
        #expect(!KnowledgeScope.fits(tags: ["account:telkomcare"], account: "BankNusaCare"))
        #expect(!KnowledgeScope.fits(tags: ["account:telkomcare"], account: nil))
        #expect(KnowledgeScope.fits(templateLanguage: nil, customer: "en"))
        #expect(!KnowledgeScope.fits(templateLanguage: "id", customer: "en"))
    }
}

/// A report by agent counts agents: a first response from outside the console (imported history) is the brand
/// account's, written `@handle`, never taken for an agent of that name.
@Suite struct ResponderTests {
    @Test func aReportByAgentTellsAgentsFromBrandAccounts() async throws {
        let store = try TestStore(clock: TestClock(Make.at(30))).store
        try await store.ingest([
            Make.inbound("i1", at: 0, from: "budi", account: "TelkomCare"),
            Make.outbound("o1", replyTo: "i1", at: 5, account: "TelkomCare"),
            Make.inbound("i2", at: 10, from: "sari", account: "TelkomCare"),
        ])
        let imported = try #require(try await store.conversation(containing: "i1"))
        #expect(try await store.thread(imported)?.conversation.firstResponder == "@TelkomCare")
        let answered = try #require(try await store.conversation(containing: "i2"))
        _ = try await store.perform(.reply(text: "Halo kak", isPrivate: false), on: answered, by: "ani")
        #expect(try await store.thread(answered)?.conversation.firstResponder == "ani")
        let report = try await store.report(ReportQuery(grouping: .agent))
        #expect(report.groups.map(\.key).sorted() == ["@TelkomCare", "ani"])
    }
}

/// The two decisions the stores' rewrites take from the core, tested once.
@Suite struct StoredValueRulesTests {
    @Test func aStoredResponderNoAgentSentUnderIsTheBrandAccounts() {
        #expect(Derivation.upgradedResponder("TelkomCare", sentByAnAgentOfThatName: false) == "@TelkomCare")
        #expect(Derivation.upgradedResponder("ani", sentByAnAgentOfThatName: true) == nil)
        #expect(Derivation.upgradedResponder("@TelkomCare", sentByAnAgentOfThatName: false) == nil)
    }

    @Test func whatWasMaskedBeforeStillCounts() {
        let card = PersonalDataRules.bits([.card])
        #expect(PersonalDataRules.kinds(bits: PersonalDataRules.masking([.phone], into: card)) == [.phone, .card])
        #expect(PersonalDataRules.masking([], into: card) == card)
    }
}
