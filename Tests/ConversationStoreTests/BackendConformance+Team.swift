import Foundation
import Testing

@testable import ConversationStore

extension BackendConformance {
    /// A customer's history lists their conversations (the most recently active first, this one among them), the
    /// notes agents left on them and their tags, and counts what they wrote; another customer's are not in it.
    func customerHistoryListsTheirConversationsNotesAndTags() async throws {
        let fresh = try await make(SLAPolicy())
        defer { fresh.close() }
        let store = Store(backend: fresh.backend, now: { Make.at(600) })
        _ = try await store.ingest([
            Make.inbound("h1", at: 0, from: "budi", text: "paket belum sampai"),
            Make.inbound("h2", at: 100, from: "budi", text: "refund kapan ya"),
            Make.inbound("h2b", replyTo: "h2", at: 101, from: "budi", text: "halo??"),
            Make.inbound("h3", at: 200, from: "budi", text: "makasih min"),
            Make.inbound("o1", at: 150, from: "sari", text: "promo apa"),
        ])
        let first = try #require(try await store.conversation(containing: "h1"))
        let second = try #require(try await store.conversation(containing: "h2"))
        let latest = try #require(try await store.conversation(containing: "h3"))
        _ = try await store.perform(.note(text: "pelanggan lama, sabar ya"), on: first, by: "ani")
        _ = try await store.perform(.tag(["refund"]), on: second, by: "ani")
        _ = try await store.perform(.tag(["refund", "vip"]), on: latest, by: "ani")
        let history = try #require(try await store.customerHistory(of: latest))
        #expect(history.customer.handle == "budi")
        #expect(history.conversations.map(\.id) == [latest, second, first])
        #expect(history.conversationTotal == 3 && history.messagesWritten == 4)
        #expect(history.standing == .returning)
        #expect(history.notes.map(\.text) == ["pelanggan lama, sabar ya"] && history.notes.first?.agent == "ani")
        #expect(history.notes.first?.conversation == first)
        #expect(history.tags.map(\.tag) == ["refund", "vip"] && history.tags.first?.count == 2)
        let limited = try #require(try await store.customerHistory(of: first, limit: 1))
        #expect(limited.conversations.map(\.id) == [latest] && limited.conversationTotal == 3)
        let other = try #require(try await store.conversation(containing: "o1"))
        #expect(try await store.customerHistory(of: other)?.conversations.map(\.id) == [other])
        #expect(try await store.customerHistory(of: other)?.standing == .firstTime)
        #expect(try await store.customerHistory(of: ConversationID(999_999)) == nil)
    }

    /// What one console says it has open is read by another connection (as a second process would): whether its
    /// agent is typing, never the reader's own session, and forgotten once it says nothing is open or goes silent.
    func presenceIsSeenByAnotherConnectionAndGoesStale() async throws {
        let fresh = try await make(SLAPolicy())
        defer { fresh.close() }
        let clock = TestClock(Make.at(10))
        let ani = Store(backend: fresh.backend, now: { clock.now })
        let budi = Store(backend: try await fresh.connect(), now: { clock.now })
        _ = try await ani.ingest([Make.inbound("p1", at: 0), Make.inbound("p2", at: 1, from: "c2")])
        let id = try #require(try await ani.conversation(containing: "p1"))
        let otherID = try #require(try await ani.conversation(containing: "p2"))
        try await ani.announce(session: "s-ani", agent: "ani", conversation: id, typing: false)
        try await budi.announce(session: "s-budi", agent: "budi", conversation: id, typing: true)
        let seenByBudi = try await budi.presence(in: id, excluding: "s-budi")
        #expect(seenByBudi.map(\.agent) == ["ani"] && seenByBudi.first?.typing == false)
        let seenByAni = try await ani.presence(in: id, excluding: "s-ani")
        #expect(seenByAni.map(\.agent) == ["budi"] && seenByAni.first?.typing == true)
        // Budi moves on: one row per session, now in the other conversation.
        try await budi.announce(session: "s-budi", agent: "budi", conversation: otherID, typing: false)
        #expect(try await ani.presence(in: id, excluding: "s-ani").isEmpty)
        #expect(try await ani.presence(in: otherID, excluding: "s-ani").map(\.agent) == ["budi"])
        // Typing not said again reads as reading; a console not heard from is gone.
        try await budi.announce(session: "s-budi", agent: "budi", conversation: otherID, typing: true)
        clock.advance(by: PresenceRules.typingFor + 1)
        #expect(try await ani.presence(in: otherID, excluding: "s-ani").first?.typing == false)
        clock.advance(by: PresenceRules.viewingFor - PresenceRules.typingFor)
        #expect(try await ani.presence(in: otherID, excluding: "s-ani").isEmpty)
        // Saying nothing is open removes the session at once.
        try await ani.announce(session: "s-ani", agent: "ani", conversation: id, typing: false)
        try await ani.announce(session: "s-ani", agent: "ani", conversation: nil, typing: false)
        #expect(try await budi.presence(in: id, excluding: "s-budi").isEmpty)
        await #expect(throws: StoreError.self) {
            try await ani.announce(session: "", agent: "ani", conversation: id, typing: false)
        }
    }

    /// A report by agent counts every response each agent sent: an agent who answered after the brand account's
    /// imported reply (the conversation's first responder) is seen, with how many replies in how many conversations.
    func aReportByAgentSeesAnAgentWhoAnsweredAfterABrandReply() async throws {
        let fresh = try await make(SLAPolicy())
        defer { fresh.close() }
        let store = Store(backend: fresh.backend, now: { Make.at(120) })
        _ = try await store.ingest([
            Make.inbound("a1", at: 0, from: "budi"),
            Make.outbound("a2", replyTo: "a1", at: 5, account: "BankNusaCare"),
            Make.inbound("a3", replyTo: "a2", at: 10, from: "budi", text: "masih belum bisa"),
            Make.inbound("b1", at: 20, from: "sari"),
        ])
        let imported = try #require(try await store.conversation(containing: "a1"))
        let fresher = try #require(try await store.conversation(containing: "b1"))
        _ = try await store.perform(.reply(text: "Kami cek ya kak", isPrivate: false), on: imported, by: "ani")
        _ = try await store.perform(.reply(text: "Halo kak", isPrivate: false), on: fresher, by: "ani")
        _ = try await store.perform(.release, on: imported, by: "ani")
        _ = try await store.perform(.reply(text: "Sudah kami proses", isPrivate: false), on: imported, by: "rina")
        let report = try await store.report(ReportQuery(grouping: .agent))
        let groups = Dictionary(uniqueKeysWithValues: report.groups.map { ($0.key, $0) })
        #expect(Set(groups.keys) == ["@BankNusaCare", "ani", "rina"])
        #expect(groups["@BankNusaCare"]?.figures.conversations == 1 && groups["@BankNusaCare"]?.replies == nil)
        #expect(groups["ani"]?.figures.conversations == 1)
        #expect(groups["ani"]?.replies == 2 && groups["ani"]?.repliedConversations == 2)
        #expect(groups["rina"]?.figures.conversations == 0)
        #expect(groups["rina"]?.replies == 1 && groups["rina"]?.repliedConversations == 1)
        #expect(report.totals.conversations == 2, "each conversation counts once")
        #expect(try await store.report(ReportQuery(grouping: .channel)).groups.allSatisfy { $0.replies == nil })
    }

    /// A no-reply mark taken back (`reply-needed`) puts the conversation back in the response rate's denominator
    /// and the queue.
    func aNoReplyMarkTakenBackCountsAgain() async throws {
        let fresh = try await make(SLAPolicy())
        defer { fresh.close() }
        let store = Store(backend: fresh.backend, now: { Make.at(10) })
        _ = try await store.ingest([Make.inbound("n1", at: 0, text: "ok makasih")])
        let id = try #require(try await store.conversation(containing: "n1"))
        let marked = try await store.perform(.markNoReplyNeeded(reason: "a plain thanks"), on: id, by: "ani")
        #expect(marked.noReplyReason == "a plain thanks" && !marked.needsResponse && !marked.needsReply)
        #expect(try await store.report(ReportQuery()).totals.needsResponse == 0)
        let back = try await store.perform(.clearNoReply, on: id, by: "ani")
        #expect(back.noReplyReason == nil && back.needsResponse && back.needsReply)
        #expect(try await store.report(ReportQuery()).totals.needsResponse == 1)
        #expect(try await store.page(.needsReply, agent: "ani").conversations.map(\.id) == [id])
    }

    /// The brand's own messages of the period: a reply answers a message, a broadcast answers nothing; the share of
    /// replies per account and in all, imported brand posts and agents' replies alike.
    func outboundMessagesAreRepliesOrBroadcastsPerAccount() async throws {
        let fresh = try await make(SLAPolicy())
        defer { fresh.close() }
        let store = Store(backend: fresh.backend, now: { Make.at(120) })
        _ = try await store.ingest([
            Make.outbound("promo1", at: 0, account: "TokoSegar", text: "Diskon 50% hari ini!"),
            Make.outbound("promo2", at: 1, account: "TokoSegar", text: "Flash sale jam 12"),
            Make.inbound("q1", replyTo: "promo1", at: 2, from: "budi", text: "kodenya apa min?", account: "TokoSegar"),
            Make.outbound("r1", replyTo: "q1", at: 3, account: "TokoSegar", text: "Kodenya SEGAR50 kak"),
            Make.inbound("q2", at: 4, from: "sari", text: "kartu saya terblokir", account: "BankNusa"),
            Make.outbound("r2", replyTo: "q2", at: 5, account: "BankNusa", text: "Kami bantu kak, DM ya"),
            Make.outbound("late", at: 500, account: "BankNusa", text: "Info libur"),
        ])
        let q2 = try #require(try await store.conversation(containing: "q2"))
        _ = try await store.perform(.reply(text: "Sudah kami buka blokirnya", isPrivate: false), on: q2, by: "ani")
        let report = try await store.report(ReportQuery(until: Make.at(100), grouping: .account))
        #expect(report.outbound == OutboundCount(account: nil, replies: 2, broadcasts: 2), "ani's reply is at 120")
        #expect(report.outbound.serviceShare == 0.5)
        let groups = Dictionary(uniqueKeysWithValues: report.groups.map { ($0.key, $0) })
        #expect(groups["TokoSegar"]?.outbound?.replies == 1 && groups["TokoSegar"]?.outbound?.broadcasts == 2)
        #expect(groups["BankNusa"]?.outbound?.replies == 1 && groups["BankNusa"]?.outbound?.broadcasts == 0)
        let all = try await store.report(ReportQuery())
        #expect(all.outbound.replies == 3 && all.outbound.broadcasts == 3)
        #expect(all.groups.isEmpty)
        let none = try await store.report(ReportQuery(until: Make.at(-10)))
        #expect(none.outbound.serviceShare == nil, "no outbound messages: no share")
    }

    /// A supervisor's policy is the store's: a second connection (another process) works by it from its next write
    /// and read, the due times of what waits are worked out again on the business clock, and an agent is refused.
    func aSupervisorsPolicyIsEveryProcesssAndAnAgentIsRefused() async throws {
        let fresh = try await make(SLAPolicy())
        defer { fresh.close() }
        // Make.start is 2027-01-15 08:00 UTC, a Friday: 15:00 in Jakarta.
        let ani = Store(backend: fresh.backend, now: { Make.at(0) })
        let other = Store(backend: try await fresh.connect(), now: { Make.at(0) })
        _ = try await ani.ingest([Make.inbound("w1", at: 0, text: "paket belum sampai")])
        let waiting = try #require(try await ani.conversation(containing: "w1"))
        #expect(try await ani.thread(waiting)?.conversation.slaDueAt == Make.at(30), "30 minutes, every hour counting")
        let toml = """
            sla = "90m"
            [hours]
            timezone = "Asia/Jakarta"
            mon = ["08:00-16:00"]
            tue = ["08:00-16:00"]
            wed = ["08:00-16:00"]
            thu = ["08:00-16:00"]
            fri = ["08:00-16:00"]
            holidays = ["2027-01-18"]
            """
        let refused = await #expect(throws: StoreError.self) { try await ani.setPolicy(toml: toml, by: "ani") }
        #expect(refused?.message == "only a supervisor can set the service policy, and ani is not one")
        try await ani.record(.setRole(agent: "sari", role: .supervisor), on: nil, by: "sari")
        _ = try await ani.setPolicy(toml: toml, by: "sari")
        // Friday 15:00 + 90 open minutes: one hour on Friday, then Monday is a holiday: Tuesday 08:30 Jakarta.
        let tuesday = Date(timeIntervalSince1970: 1_800_000_000 + 4 * 86_400 - 6.5 * 3600)  // 2027-01-19 01:30 UTC
        #expect(try await other.thread(waiting)?.conversation.slaDueAt == tuesday, "worked out again when set")
        #expect(try await other.currentPolicy().defaultTargetSeconds == 5400)
        #expect(try await other.currentPolicy().hours?.holidays == ["2027-01-18"])
        // The other process's next message is due by the same policy.
        _ = try await other.ingest([Make.inbound("w2", at: 10, from: "c2", text: "refund?")])
        let second = try #require(try await other.conversation(containing: "w2"))
        #expect(try await ani.thread(second)?.conversation.slaDueAt == tuesday.addingTimeInterval(600))
        let events = try await ani.events(since: nil, until: nil, agent: "sari", host: nil, limit: 10)
        #expect(events.contains { $0.entry.action == "policy" }, "journaled")
    }
}

extension BackendConformance {
    /// Rising topics from the store's hourly counts: a burst of "gangguan" rises first, "lemot", "lemottt" and
    /// "lambat" rise together, steady talk does not; counting the store again gives the same, and a rebuild left
    /// unfinished is done again by the next call.
    func risingTermsComeFromTheHourlyCounts() async throws {
        let fresh = try await make(SLAPolicy())
        defer { fresh.close() }
        let week = 7.0 * 24 * 60
        let store = Store(backend: fresh.backend, now: { Make.at(week + 60) })
        #expect(try await store.trendsIndexed(), "a new store's counts are complete")
        var messages: [IncomingMessage] = []
        for hour in 0..<168 {
            let minute = Double(hour) * 60
            messages.append(Make.inbound("p\(hour)", at: minute + 5, from: "p\(hour)", text: "paket belum sampai"))
            messages.append(Make.inbound("r\(hour)", at: minute + 9, from: "r\(hour)", text: "refund kapan ya"))
            if hour % 12 == 0 {
                messages.append(Make.inbound("s\(hour)", at: minute + 20, from: "s\(hour)", text: "sinyal lemot"))
            }
        }
        for n in 0..<12 {
            messages.append(
                Make.inbound("g\(n)", at: week + Double(n) * 4, from: "g\(n)", text: "min ada gangguan jaringan ya?"))
        }
        for (n, text) in [
            "sinyal lemottt", "internet lambat bgt", "lemot parah", "lemot", "LEMOT", "lambat", "lemot bgt",
            "lemottt", "kok lambat", "lemot lagi",
        ].enumerated() {
            messages.append(Make.inbound("l\(n)", at: week + 30 + Double(n), from: "l\(n)", text: text))
        }
        messages.append(Make.inbound("pw", at: week + 40, from: "pw", text: "paket belum sampai"))
        // Imported in two batches, the window's last: the counts add up across ingests.
        _ = try await store.ingest(Array(messages.prefix(200)))
        _ = try await store.ingest(Array(messages.dropFirst(200)))

        let trends = try await store.trends()
        #expect(trends.windowMessages == 23)
        #expect(trends.baselineMessages == 336 + 14)
        #expect(trends.window.start == Make.at(week) && trends.baseline.end == Make.at(week))
        let first = try #require(trends.rises.first)
        #expect(first.written == "gangguan" && first.count == 12 && first.conversations.count == 12)
        // The queue lists a rising term's conversations (the console's R), on every store.
        let listed = try await store.page(.all, filter: QueueFilter(ids: first.conversations), agent: "ani", limit: 100)
        #expect(Set(listed.conversations.map(\.id)) == Set(first.conversations))
        #expect(try await store.risingNow()?.rises.first?.written == "gangguan")
        let slow = try #require(trends.rises.first { $0.term == "lambat" }, "\(trends.rises.map(\.term))")
        #expect(slow.count == 10 && slow.conversations.count == 10)
        #expect(!trends.rises.contains { $0.term == "paket" || $0.term == "refund" })
        let spikes = try await store.trends(threshold: .spike)
        #expect(spikes.rises.map(\.written).contains("gangguan") && spikes.rises.contains { $0.term == "lambat" })
        #expect(spikes.rises.allSatisfy { $0.conversations.count >= 10 }, "an alert needs ten conversations")

        #expect(try await store.indexTrends() == messages.count)
        #expect(try await store.trends() == trends, "counted again, the same")
        // A rebuild that stopped part-way leaves the counts marked incomplete; the next call counts them again.
        _ = try await fresh.backend.beginTermIndexRebuild(token: "stopped")
        #expect(try await !store.trendsIndexed())
        #expect(try await store.trends() == trends)
        #expect(try await store.trendsIndexed())
        #expect(
            try await !fresh.backend.addTermCounts([TermHours.Row(term: "x", hour: 1, count: 1)], token: "stopped"),
            "a rebuild another began after is refused")
        await #expect(throws: StoreError.self) { try await store.trends(windowSeconds: 30) }
    }
}

extension BackendConformance {
    /// Staffing reads each store's arrivals: conversations needing a response, by their first customer message; one
    /// marked as needing no reply and one the brand started are not work.
    func staffingCountsTheArrivalsNeedingAResponse() async throws {
        let fresh = try await make(SLAPolicy())
        defer { fresh.close() }
        let store = Store(backend: fresh.backend, now: { Make.at(600) })
        _ = try await store.ingest([
            Make.inbound("a1", at: 0, from: "budi", text: "paket belum sampai"),
            Make.inbound("a2", at: 5, from: "sari", text: "refund kapan"),
            Make.inbound("a3", at: 65, from: "eko", text: "makasih min"),
            Make.outbound("b1", at: 70, account: "brand", text: "Promo hari ini"),
        ])
        let thanks = try #require(try await store.conversation(containing: "a3"))
        _ = try await store.perform(.markNoReplyNeeded(reason: "thanks only"), on: thanks, by: "ani")
        let utc = try #require(TimeZone(identifier: "UTC"))
        let plan = try await store.staffingPlan(weeks: 1, serviceLevel: 0.8, concurrency: 1, timeZone: utc)
        #expect(plan.cells.map(\.forecast).reduce(0, +) == 2, "\(plan.cells.filter { $0.forecast > 0 })")
        #expect(plan.weeksMeasured == 1)
        let busy = plan.cells.filter { $0.forecast > 0 }
        #expect(busy.count == 1 && busy[0].hour == 8, "Make.start is 08:00 UTC")
    }
}

extension BackendConformance {
    /// Each conversation keeps what its customer's latest message wants and whether it asks for a reply (an
    /// estimate beside needs-reply, which only an agent ends), and what the first wanted; the same on every store.
    func eachConversationKeepsItsIntent() async throws {
        let fresh = try await make(SLAPolicy())
        defer { fresh.close() }
        let store = Store(backend: fresh.backend, now: { Make.at(60) })
        _ = try await store.ingest([
            Make.inbound("i1", at: 0, from: "budi", text: "paket blm sampe2 udah 2 hari"),
            Make.outbound("i2", replyTo: "i1", at: 5, text: "Mohon maaf kak, kami cek ya"),
        ])
        let id = try #require(try await store.conversation(containing: "i1"))
        var conversation = try #require(try await store.thread(id)).conversation
        #expect(conversation.intent == .complaint && conversation.replyExpected)
        _ = try await store.ingest([Make.inbound("i3", replyTo: "i2", at: 9, from: "budi", text: "ok makasih min")])
        conversation = try #require(try await store.thread(id)).conversation
        #expect(conversation.intent == .thanks && !conversation.replyExpected)
        #expect(conversation.needsReply, "the estimate takes nothing out of the queue: an agent does")
        // An agent's action derives the row again and keeps it.
        _ = try await store.perform(.tag(["ack"]), on: id, by: "ani")
        conversation = try #require(try await store.thread(id)).conversation
        #expect(conversation.intent == .thanks && !conversation.replyExpected)
        _ = try await store.ingest([Make.inbound("i4", at: 20, from: "sari", text: "kartu kredit saya diblokir")])
        let thanks = try await store.page(.all, filter: QueueFilter(parsing: "intent:thanks"), agent: "ani")
        #expect(thanks.conversations.map(\.id) == [id])
        let complaints = try await store.page(.all, filter: QueueFilter(parsing: "intent:complaint"), agent: "ani")
        #expect(complaints.conversations.count == 1 && complaints.conversations.first?.id != id)
        #expect(throws: StoreError.self) { try QueueFilter(parsing: "intent:angry") }

        // The thanks needs a reply still, and is the probably-no-reply view's; the complaint is not.
        let complaint = try #require(complaints.conversations.first?.id)
        #expect(
            try await store.page(.needsReply, agent: "ani").conversations.map(\.id).sorted()
                == [id, complaint].sorted())
        let apart = try await store.page(.probablyNoReply, agent: "ani").conversations
        #expect(apart.map(\.id) == [id])
        // The view holds exactly the conversations the core says probably need no reply.
        let waiting = try await store.page(.needsReply, agent: "ani").conversations
        #expect(Set(waiting.filter(\.probablyNeedsNoReply).map(\.id)) == Set(apart.map(\.id)))
        // The report reads each conversation's first intent and estimate, and an agent's mark beside them.
        var facts = try await fresh.backend.reportFacts(since: nil, until: nil).sorted { $0.id < $1.id }
        #expect(facts.map(\.firstIntent) == [.complaint, .complaint])
        #expect(facts.map(\.replyExpected) == [false, true])
        #expect(facts.map(\.markedNoReply) == [false, false])
        _ = try await store.perform(.markNoReplyNeeded(reason: "a plain thanks"), on: id, by: "ani")
        #expect(try await store.page(.probablyNoReply, agent: "ani").conversations.isEmpty)
        facts = try await fresh.backend.reportFacts(since: nil, until: nil).sorted { $0.id < $1.id }
        // It was answered: the mark on the closing thanks ends its wait, and it still counts as answered.
        #expect(facts.map(\.markedNoReply) == [false, false])
        #expect(facts.map(\.needsResponse) == [true, true])
        #expect(try #require(try await store.thread(id)).conversation.needsResponse)
        // The unanswered one marked leaves the denominator.
        _ = try await store.perform(.markNoReplyNeeded(reason: "spam"), on: complaint, by: "ani")
        facts = try await fresh.backend.reportFacts(since: nil, until: nil).sorted { $0.id < $1.id }
        #expect(facts.map(\.markedNoReply) == [false, true])
        #expect(facts.map(\.needsResponse) == [true, false])
        #expect(try #require(try await store.thread(complaint)).conversation.needsResponse == false)
        let arrivals = try await fresh.backend.arrivalTimes(since: Make.at(-60), until: Make.at(120))
        #expect(arrivals.count == 1, "the answered one arrived needing a response; the marked spam did not")
    }
}

extension BackendConformance {
    /// Who acts: on SQLite a supervisor maps a login to agents (only a supervisor), the login then acts as those and
    /// nobody else, and the mapping is listed and undone; on PostgreSQL the agent is the connection's role and logins
    /// are not mapped. On both, only a supervisor notes and scores how a conversation was handled.
    func whoActsIsTheLoginAsMappedOrTheConnectionsRole() async throws {
        let fresh = try await make(SLAPolicy())
        defer { fresh.close() }
        let store = Store(backend: fresh.backend, now: { Make.at(60) })
        _ = try await store.ingest([Make.inbound("i1", at: 0, text: "paket belum sampai")])
        let id = try #require(try await store.conversation(containing: "i1"))
        switch try await fresh.backend.identitySource(login: "ws-07") {
        case .login(let mapped):
            #expect(mapped.isEmpty, "nobody is mapped in a new store")
            #expect(try await store.actingAgent(login: "ws-07", requested: nil) == "ws-07")
            let early = await #expect(throws: StoreError.self) {
                try await store.record(.mapLogin(login: "ws-07", agents: ["ani"]), on: nil, by: "ani")
            }
            #expect(early?.message == "only a supervisor can map logins to agents, and ani is not one")
            try await store.record(.setRole(agent: "sari", role: .supervisor), on: nil, by: "sari")
            try await store.record(.mapLogin(login: "ws-07", agents: ["ani", "budi"]), on: nil, by: "sari")
            #expect(try await fresh.backend.identitySource(login: "ws-07") == .login(mapped: ["ani", "budi"]))
            #expect(try await store.actingAgent(login: "ws-07", requested: "budi") == "budi")
            #expect(try await store.permittedAgents(login: "ws-07") == ["ani", "budi"])
            let posing = await #expect(throws: StoreError.self) {
                _ = try await store.actingAgent(login: "ws-07", requested: "sari")
            }
            #expect(posing?.code == .notPermitted)
            // Another connection (another process) sees the mapping.
            let other = Store(backend: try await fresh.connect())
            #expect(try await other.actingAgent(login: "ws-07", requested: "ani") == "ani")
            let listed = try await store.loginMappings()
            #expect(listed.map(\.login) == ["ws-07"] && listed.first?.agents == ["ani", "budi"])
            #expect(listed.first?.mappedBy == "sari" && listed.first?.mappedAt == Make.at(60))
            try await store.record(.mapLogin(login: "ws-07", agents: []), on: nil, by: "sari")
            #expect(try await store.actingAgent(login: "ws-07", requested: nil) == "ws-07")
            #expect(try await store.loginMappings().isEmpty)
        case .connection(let role):
            #expect(!role.isEmpty)
            #expect(try await store.actingAgent(login: "ws-07", requested: nil) == role)
            await #expect(throws: StoreError.self) { _ = try await store.actingAgent(login: role, requested: "budi") }
            let mapping = await #expect(throws: StoreError.self) {
                try await store.record(.mapLogin(login: "ws-07", agents: ["ani"]), on: nil, by: role)
            }
            #expect(mapping?.message.contains("logins are not mapped") == true)
            try await store.record(.setRole(agent: "sari", role: .supervisor), on: nil, by: "sari")
        }
        let review = await #expect(throws: StoreError.self) {
            try await store.record(.reviewScore(5), on: id, by: "ani")
        }
        #expect(review?.message == "only a supervisor can review, and ani is not one")
        try await store.record(.reviewScore(4), on: id, by: "sari")
        let events = try await store.events(conversation: id)
        #expect(events.map(\.outcome) == [.refused, .applied], "the refusal is mirrored, the supervisor's applied")
        // The last supervisor stays one: a store without one would be the next comer's.
        let last = await #expect(throws: StoreError.self) {
            try await store.record(.setRole(agent: "sari", role: .agent), on: nil, by: "sari")
        }
        #expect(last?.message == "sari is the store's last supervisor: make another supervisor first")
        try await store.record(.setRole(agent: "budi", role: .supervisor), on: nil, by: "sari")
        try await store.record(.setRole(agent: "sari", role: .agent), on: nil, by: "budi")
        #expect(try await store.role(of: "sari") == .agent)
    }
}
