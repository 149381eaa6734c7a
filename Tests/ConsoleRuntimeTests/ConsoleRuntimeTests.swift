import AgentConsole
import ConsoleRuntime
import ConversationStore
import Foundation
import Testing

/// Effects run against a real SQLite store, and the actions they come back as.
@Suite struct ConsoleRuntimeTests {
    @Test func loadingTheQueueListsWhatNeedsAReply() async throws {
        let fixture = try await RuntimeFixture()
        let actions = await fixture.runtime().run(.loadQueue(.needsReply, QueueFilter(), limit: 200))
        guard case .queueLoaded(let page, let counts, let appended)? = actions.first, actions.count == 2,
            case .policyLoaded(let policy) = actions[1]
        else {
            Issue.record("expected one page and the policy, got \(actions)")
            return
        }
        #expect(policy == SLAPolicy(), "none set: the one the store was opened with")
        #expect(page.conversations.compactMap { $0.customer?.handle } == ["budi_s", "rina"])
        #expect(counts.needsReply == 2)
        #expect(!appended)
    }

    @Test func aClaimHeldByAnotherAgentComesBackAsAHeldClaimNamingTheHolder() async throws {
        let fixture = try await RuntimeFixture()
        let id = try await fixture.conversation("m1")
        let won = await fixture.runtime(as: "budi").run(.perform(.claim(leaseSeconds: 600), id))
        guard case .actionSucceeded(_, let conversation)? = won.first else {
            Issue.record("budi's claim should succeed, got \(won)")
            return
        }
        #expect(conversation.assignee == "budi")
        let lost = await fixture.runtime(as: "ani").run(.perform(.claim(leaseSeconds: 600), id))
        guard case .actionFailed(_, let error)? = lost.first else {
            Issue.record("ani's claim should fail, got \(lost)")
            return
        }
        #expect(error.code == .claimHeld)
        #expect(error.holder == "budi")
    }

    @Test func openingAConversationClaimsItAndShowsItsThread() async throws {
        let fixture = try await RuntimeFixture()
        let runtime = fixture.runtime()
        var state = await RuntimeFixture.started(runtime)
        #expect(state.rows.count == 2)
        await RuntimeFixture.settle(.keyPressed(.enter), &state, runtime)
        #expect(state.thread?.conversation.assignee == "ani")
        #expect(state.thread?.messages.map(\.text) == ["@TelkomCare sinyal lemot bgt dr pagi"])
        #expect(ConsoleRenderer().render(state).text.contains("claimed by you"))
        let stored = try await fixture.store.thread(try await fixture.conversation("m1"))
        #expect(stored?.conversation.assignee == "ani")
    }

    @Test func aClaimLostToAColleagueOpensTheThreadReadOnly() async throws {
        let fixture = try await RuntimeFixture()
        let runtime = fixture.runtime()
        var state = await RuntimeFixture.started(runtime)
        // Citra claims it after ani's list was loaded, so ani's console still thinks it is free.
        let id = try await fixture.conversation("m1")
        _ = await fixture.runtime(as: "citra").run(.perform(.claim(leaseSeconds: 600), id))
        await RuntimeFixture.settle(.keyPressed(.enter), &state, runtime)
        #expect(state.flash?.text == "conversation \(id) is claimed by citra (read only)")
        #expect(state.thread?.conversation.assignee == "citra")
        #expect(state.storeError == nil)
    }

    /// `n` after a colleague took the first conversation (ani's list still shows it free): ani is given the other
    /// one, not a refusal; with nothing left free it says so.
    @Test func nextPassesOverAConversationAColleagueJustTook() async throws {
        let fixture = try await RuntimeFixture()
        let runtime = fixture.runtime()
        var state = await RuntimeFixture.started(runtime)
        let first = try #require(state.rows.first?.id)
        _ = await fixture.runtime(as: "citra").run(.perform(.claim(leaseSeconds: 600), first))
        await RuntimeFixture.settle(.keyPressed(.character("n")), &state, runtime)
        let opened = try #require(state.thread?.conversation)
        #expect(opened.id != first && opened.assignee == "ani")
        #expect(state.flash?.isError != true)
        await RuntimeFixture.settle(.keyPressed(.character("n")), &state, runtime)
        #expect(state.flash?.text == "nothing else needs a reply here")
        #expect(state.thread?.conversation.id == opened.id)
    }

    @Test func aMissingConversationIsSaidNotTakenForAnOutage() async throws {
        let fixture = try await RuntimeFixture()
        let actions = await fixture.runtime().run(.loadThread(ConversationID(999)))
        guard case .storeFailed(let error)? = actions.first else {
            Issue.record("expected a failure, got \(actions)")
            return
        }
        #expect(error.code == .notFound)
        var state = ConsoleState(agent: "ani", width: 120, height: 40, now: RuntimeFixture.now)
        _ = ConsoleUpdate.update(&state, .storeFailed(error))
        #expect(state.storeError == nil)
        #expect(state.flash?.text == "no conversation with id 999")
    }

    @Test func theReviewTimelineBringsWhatTheJournalRecorded() async throws {
        let fixture = try await RuntimeFixture()
        let id = try await fixture.conversation("m2")
        let runtime = fixture.runtime()
        #expect(await runtime.run(.record(.suggestionsShown(["kb:kuota"]), id)).count == 1)
        let actions = await runtime.run(.loadTimeline(id))
        #expect(actions.count == 2)
        guard case .eventsLoaded(let eventsID, let events)? = actions.first,
            case .threadLoaded(let thread, let suggestions, _)? = actions.last
        else {
            Issue.record("expected the events then the thread, got \(actions)")
            return
        }
        #expect(eventsID == id && thread.conversation.id == id)
        #expect(events.map(\.entry.action) == ["suggestions-shown"])
        #expect(suggestions.isEmpty)
    }

    @Test func draftsKeptAtQuitAreThereNextTime() async throws {
        let fixture = try await RuntimeFixture()
        let id = try await fixture.conversation("m1")
        let kept = [id: Draft(text: "sebentar ya kak", isNote: false, isPrivate: true)]
        #expect(fixture.runtime().runAtOnce(.saveDrafts(kept))?.isEmpty == true)
        #expect(fixture.drafts.load()[id]?.text == "sebentar ya kak")
        #expect(fixture.drafts.load()[id]?.isPrivate == true)
        let attributes = try FileManager.default.attributesOfItem(atPath: fixture.drafts.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(fixture.runtime().runAtOnce(.loadDashboard) == nil)
    }

    /// Two agents' consoles on one store: each sees the other in the conversation, reading then typing.
    @Test func twoConsolesSeeEachOtherInAConversation() async throws {
        let fixture = try await RuntimeFixture()
        let ani = fixture.runtime()
        let budi = fixture.runtime(as: "budi")
        let id = try await fixture.conversation("m1")
        _ = await ani.run(.announce(id, typing: false))
        _ = await budi.run(.announce(id, typing: true))
        var state = await RuntimeFixture.started(ani)
        await RuntimeFixture.settle(.keyPressed(.enter), &state, ani)
        for action in await ani.run(.loadPresence(id)) { await RuntimeFixture.settle(action, &state, ani) }
        #expect(state.agentDesk?.presence.map(\.agent) == ["budi"])
        #expect(ConsoleRenderer().render(state).text.contains("budi is typing…"))
        guard case .presenceLoaded(_, let seen)? = await budi.run(.loadPresence(id)).first else {
            Issue.record("budi should read the presence")
            return
        }
        #expect(seen.map(\.agent) == ["ani"] && seen.first?.typing == false, "never their own session")
        await ani.leave()
        guard case .presenceLoaded(_, let after)? = await budi.run(.loadPresence(id)).first else { return }
        #expect(after.isEmpty, "a console that closed is gone at once")
    }

    /// The template browser lists the store's templates that fit the conversation, filled in; the history lists the
    /// customer's conversations.
    @Test func theTemplatesAndTheHistoryComeFromTheStore() async throws {
        let fixture = try await RuntimeFixture()
        try await fixture.store.saveTemplates([
            ReplyTemplate(id: "sapa", name: "Sapaan", body: "Halo {{customer.handle}}, ada yang bisa dibantu?"),
            ReplyTemplate(
                id: "bank", name: "Blokir kartu", body: "Segera blokir kartu", tags: ["account:BankNusaCare"]),
        ])
        let id = try await fixture.conversation("m1")
        guard case .templatesLoaded(_, let choices)? = await fixture.runtime().run(.loadTemplates(id)).first else {
            Issue.record("expected the templates")
            return
        }
        #expect(choices.map(\.template.id) == ["sapa"], "another brand's template is not offered")
        #expect(choices.first?.text == "Halo @budi_s, ada yang bisa dibantu?")
        guard case .historyLoaded(_, let history)? = await fixture.runtime().run(.loadHistory(id)).first else {
            Issue.record("expected the history")
            return
        }
        #expect(history?.conversations.map(\.id) == [id] && history?.standing == .firstTime)
    }

    /// With business hours set, the queue's clock and the thread count open time only, and say when a closed team's
    /// clock starts again.
    @Test func theSLAClockStopsWhileTheTeamIsClosed() async throws {
        let fixture = try await RuntimeFixture()
        try await fixture.store.record(.setRole(agent: "sari", role: .supervisor), on: nil, by: "sari")
        // 2026-11-22 10:00 UTC is a Sunday; the customers wrote 40 and 20 minutes before.
        _ = try await fixture.store.setPolicy(
            toml: """
                sla = "30m"
                [hours]
                timezone = "Asia/Jakarta"
                mon = ["08:00-17:00"]
                """, by: "sari")
        let runtime = fixture.runtime()
        var state = await RuntimeFixture.started(runtime)
        #expect(state.policy.hours?.timeZone == "Asia/Jakarta")
        let screen = ConsoleRenderer().render(state).text
        // The console shows times in its own zone (UTC here): Jakarta's 08:00 is 01:00.
        #expect(
            screen.contains("SLA paused until Mon 01:00") && screen.contains("CUSTOMER              paused"),
            "\(screen)")
        #expect(ConsoleRenderer.dueText(state.rows[0], now: state.now, policy: state.policy).0 == "30m")
        await RuntimeFixture.settle(.keyPressed(.enter), &state, runtime)
        let thread = ConsoleRenderer().render(state).text
        #expect(thread.contains("reply due in 30m00s of") && thread.contains("(paused until Mon 01:00)"), "\(thread)")
        // The dashboard says which clock the figures run on and that it stands still now.
        guard case .dashboardLoaded(let dashboard)? = await runtime.run(.loadDashboard).first else {
            Issue.record("expected the dashboard")
            return
        }
        #expect(dashboard.hours?.timeZone == "Asia/Jakarta" && dashboard.hours?.open == false)
        #expect(dashboard.hours?.opens == Date(timeIntervalSince1970: 1_795_395_600), "Monday 08:00 in Jakarta")
        #expect(dashboard.week.clock == .business)
    }

    /// A burst of one word in the last hour reaches the console as a rising term, and the dashboard lists it beside
    /// the week's staffing.
    @Test func aBurstInTheLastHourReachesTheConsoleAndTheDashboard() async throws {
        let fixture = try await RuntimeFixture()
        var messages: [IncomingMessage] = []
        for hour in 2..<100 {
            messages.append(
                RuntimeFixture.inbound(
                    "p\(hour)", from: "p\(hour)", text: "@TelkomCare paket belum sampai", minutesAgo: Double(hour) * 60)
            )
        }
        for n in 0..<12 {
            messages.append(
                RuntimeFixture.inbound(
                    "g\(n)", from: "g\(n)", text: "@TelkomCare ada gangguan ya?", minutesAgo: Double(n * 4 + 1)))
        }
        try await fixture.store.ingest(messages)
        let runtime = fixture.runtime()
        let actions = await runtime.run(.loadRising(.spike))
        guard case .risingLoaded(let rises)? = actions.first else {
            Issue.record("\(actions)")
            return
        }
        #expect(rises.first?.written == "gangguan" && rises.first?.conversations.count == 12)
        guard case .dashboardLoaded(let dashboard)? = await runtime.run(.loadDashboard).first else {
            Issue.record("no dashboard")
            return
        }
        #expect(dashboard.rising?.rises.first?.written == "gangguan")
        #expect(dashboard.staffing?.cells.count == 168)
    }
}
