import Foundation
import Testing

@testable import ConversationStore

/// The conversation rules, tested once and without a store: each store only writes what they decide.
@Suite struct ActionRulesTests {
    let open = ConversationRow(
        id: 7, channel: "twitter", status: .open, statusChangedAt: 1_000, visibility: .public, accountID: 3,
        accountHandle: "TokoSegarID", latestInboundExternalID: "t9")

    @Test func claimingANewConversationOpensItForTheLease() throws {
        var row = open
        row.status = .new
        let patch = try ActionRules.patch(for: .claim(leaseSeconds: 600), on: row, by: "ani", at: 5_000)
        #expect(patch.status == .open)
        #expect(patch.statusChangedAt == 5_000)
        #expect(patch.assignee == .set("ani"))
        #expect(patch.claimExpiresAt == .set(605_000))
    }

    @Test func anotherAgentsClaimRefusesWhatNeedsTheClaimAndNamesTheHolder() throws {
        var row = open
        row.assignee = "budi"
        for action in [AgentAction.claim(leaseSeconds: 60), .reply(text: "x", isPrivate: false), .setStatus(.resolved)]
        {
            #expect {
                try ActionRules.patch(for: action, on: row, by: "ani", at: 0)
            } throws: { error in
                (error as? StoreError)?.code == .claimHeld && (error as? StoreError)?.holder == "budi"
            }
        }
        // A note, a tag or a priority needs no claim.
        #expect(try ActionRules.patch(for: .tag(["VIP"]), on: row, by: "ani", at: 0).addedTags == ["vip"])
    }

    @Test func anAnswerAnotherAgentSentAfterTheReadRefusesClaimReplyAndResolveNamingWhoAndWhen() throws {
        var row = open
        row.revision = 9
        row.handledBy = "budi"
        row.handledAt = 1_700_000_000_000
        row.handledRevision = 8
        for action in [AgentAction.claim(leaseSeconds: 60), .reply(text: "x", isPrivate: false), .setStatus(.resolved)]
        {
            #expect {
                try ActionRules.patch(for: action, on: row, by: "ani", at: 0, seen: 7)
            } throws: { error in
                let error = error as? StoreError
                return error?.code == .changedSinceRead && error?.holder == "budi" && error?.revision == 9
                    && error?.changedAt == Date(timeIntervalSince1970: 1_700_000_000)
                    && error?.message.hasPrefix("budi answered conversation 7 at ") == true
            }
        }
        // Read after the answer, by the one who answered, without a revision, or a note: nothing is refused.
        #expect(
            try ActionRules.patch(for: .reply(text: "x", isPrivate: false), on: row, by: "ani", at: 0, seen: 8).message
                != nil)
        #expect(
            try ActionRules.patch(for: .reply(text: "x", isPrivate: false), on: row, by: "budi", at: 0, seen: 1).message
                != nil)
        #expect(
            try ActionRules.patch(for: .reply(text: "x", isPrivate: false), on: row, by: "ani", at: 0).message != nil)
        #expect(try ActionRules.patch(for: .note(text: "x"), on: row, by: "ani", at: 0, seen: 1).message != nil)
        // While the one who answered still holds the claim, that is what a reply is refused for: acting anyway on
        // the revision could not go through.
        var held = row
        held.assignee = "budi"
        #expect {
            try ActionRules.patch(for: .reply(text: "x", isPrivate: false), on: held, by: "ani", at: 0, seen: 7)
        } throws: { error in
            (error as? StoreError)?.code == .claimHeld
        }
        // A resolution says so.
        row.status = .resolved
        #expect {
            try ActionRules.patch(for: .claim(leaseSeconds: 60), on: row, by: "ani", at: 0, seen: 7)
        } throws: { error in
            (error as? StoreError)?.message.hasPrefix("budi resolved conversation 7") == true
        }
    }

    @Test func repliesResolutionsAndNoRepliesRecordWhoHandledItAtTheRevisionTheyMake() throws {
        var row = open
        row.revision = 4
        for action in [
            AgentAction.reply(text: "x", isPrivate: false), .setStatus(.resolved), .markNoReplyNeeded(reason: "spam"),
        ] {
            let patch = try ActionRules.patch(for: action, on: row, by: "ani", at: 5_000)
            #expect(patch.handledBy == "ani" && patch.handledAt == 5_000 && patch.handledRevision == 5)
        }
        for action in [AgentAction.claim(leaseSeconds: 60), .note(text: "x"), .tag(["a"]), .setStatus(.pending)] {
            #expect(try ActionRules.patch(for: action, on: row, by: "ani", at: 5_000).handledBy == nil)
        }
    }

    @Test func aReplyAnswersTheLatestCustomerMessageFromTheBrandAndNeverShortensTheClaim() throws {
        var row = open
        row.claimExpiresAt = 10_000_000
        let patch = try ActionRules.patch(
            for: .reply(text: "Halo", isPrivate: true), on: row, by: "ani", at: 5_000, newKey: "k1")
        let message = try #require(patch.message)
        #expect(message.externalID == "tanggap:k1")
        #expect(message.idempotencyKey == "k1")
        #expect(message.inReplyTo == "t9")
        #expect(message.authorID == "TokoSegarID")
        #expect(message.accountID == 3)
        #expect(message.visibility == .private)
        #expect(message.delivery == .queued)
        #expect(patch.visibility == .private)
        #expect(patch.assignee == .set("ani"))
        #expect(patch.claimExpiresAt == .set(10_000_000))
        let shortClaim = try ActionRules.patch(
            for: .reply(text: "Halo", isPrivate: false), on: open, by: "ani", at: 5_000)
        #expect(shortClaim.claimExpiresAt == .set(5_000 + Int64(AgentAction.defaultLeaseSeconds) * 1000))
        #expect(shortClaim.visibility == nil)
        #expect(shortClaim.message?.visibility == .public)
    }

    @Test func aNoteIsPrivateAndChangesNoColumn() throws {
        let patch = try ActionRules.patch(for: .note(text: "cek"), on: open, by: "ani", at: 9, newKey: "n")
        #expect(!patch.changesRow)
        #expect(patch.message?.direction == .note)
        #expect(patch.message?.externalID == "tanggap-note:n")
        #expect(patch.message?.visibility == .private)
        #expect(patch.message?.delivery == nil)
    }

    @Test func resolvingEndsSnoozeAndClaimAndOtherStatusesClearTheResolution() throws {
        let resolved = try ActionRules.patch(for: .setStatus(.resolved), on: open, by: "ani", at: 9)
        #expect(resolved.status == .resolved)
        #expect(resolved.resolvedAt == .set(9))
        #expect(resolved.resolvedBy == .set("ani"))
        #expect(resolved.assignee == .clear)
        #expect(resolved.snoozedUntil == .clear)
        let pending = try ActionRules.patch(for: .setStatus(.pending), on: open, by: "ani", at: 9)
        #expect(pending.status == .pending)
        #expect(pending.resolvedAt == .clear)
        #expect(pending.assignee == nil)
    }

    @Test func releasingSomebodyElsesClaimChangesNothing() throws {
        #expect(try ActionRules.patch(for: .release, on: open, by: "ani", at: 0).isEmpty)
        var mine = open
        mine.assignee = "ani"
        #expect(try ActionRules.patch(for: .release, on: mine, by: "ani", at: 0).assignee == .clear)
    }

    @Test func snoozingGivesTheClaimBackAndNoReplyKeepsATrimmedReason() throws {
        let snooze = try ActionRules.patch(
            for: .snooze(until: Date(milliseconds: 50_000)), on: open, by: "ani", at: 9)
        #expect(snooze.status == .snoozed)
        #expect(snooze.snoozedUntil == .set(50_000))
        #expect(snooze.assignee == .clear)
        let noReply = try ActionRules.patch(for: .markNoReplyNeeded(reason: " spam \n"), on: open, by: "ani", at: 9)
        #expect(noReply.noReplyReason == "spam")
        #expect(noReply.noReplyAt == 9)
    }
}

@Suite struct ConversationRulesTests {
    @Test(arguments: [
        (ConversationStatus.resolved, Int64(100), Int64(200), true),
        (.pending, 100, 200, true),
        (.snoozed, 100, 200, true),
        (.resolved, 300, 200, false),  // closed after the message was written: an import of old messages
        (.open, 100, 200, false),
        (.new, 100, 200, false),
    ])
    func aCustomerWritingAgainReopens(
        _ status: ConversationStatus, _ changedAt: Int64, _ messageAt: Int64, _ reopens: Bool
    ) {
        let patch = Reopening.patch(status: status, statusChangedAt: changedAt, inboundAt: messageAt)
        #expect((patch != nil) == reopens)
        if let patch {
            #expect(patch.status == .open)
            #expect(patch.statusChangedAt == messageAt)
            #expect(patch.resolvedAt == .clear)
            #expect(patch.snoozedUntil == .clear)
        }
    }

    @Test func theOlderConversationSurvivesAMergeAndTakesWhatOnlyTheOtherHad() {
        #expect(Merge.order(9, 4) == (survivor: 4, loser: 9))
        let kept = ConversationRow(id: 4, channel: "twitter", status: .new, statusChangedAt: 0, priority: .low)
        let gone = ConversationRow(
            id: 9, channel: "twitter", status: .pending, statusChangedAt: 0, priority: .high, visibility: .private,
            assignee: "budi", claimExpiresAt: 500, accountID: 2, noReplyReason: "spam", noReplyAt: 7)
        let patch = Merge.patch(kept: kept, gone: gone)
        #expect(patch.status == .pending)
        #expect(patch.priority == .high)
        #expect(patch.visibility == .private)
        #expect(patch.assignee == .set("budi"))
        #expect(patch.claimExpiresAt == .set(500))
        #expect(patch.accountID == 2)
        #expect(patch.noReplyReason == "spam")
        var claimed = kept
        claimed.status = .open
        claimed.assignee = "ani"
        claimed.accountID = 1
        let keeps = Merge.patch(kept: claimed, gone: gone)
        #expect(keeps.status == .open)
        #expect(keeps.assignee == nil)
        #expect(keeps.accountID == nil)
    }

    @Test func theSweepGivesExpiredClaimsBackAndWakesFinishedSnoozes() {
        let claimed = ConversationRow(
            id: 1, channel: "web", status: .open, statusChangedAt: 0, assignee: "ani", claimExpiresAt: 100)
        #expect(ClaimSweep.patch(for: claimed, now: 99) == nil)
        #expect(ClaimSweep.patch(for: claimed, now: 100)?.assignee == .clear)
        let snoozed = ConversationRow(id: 2, channel: "web", status: .snoozed, statusChangedAt: 0, snoozedUntil: 50)
        #expect(!ClaimSweep.wakes(snoozed, now: 49))
        let woken = ClaimSweep.patch(for: snoozed, now: 60)
        #expect(woken?.status == .open)
        #expect(woken?.statusChangedAt == 60)
        #expect(woken?.snoozedUntil == .clear)
    }

    @Test(arguments: [
        (DeliveryState.sent, DeliveryState?.some(.queued), true),
        (.failed, .sent, true),
        (.sent, .failed, false),  // a failure is final
        (.sent, .sent, false),
        (.queued, nil, true),
    ])
    func deliveryReportsNeverUndoAFailure(_ reported: DeliveryState, _ current: DeliveryState?, _ accepted: Bool) {
        #expect(DeliveryRules.accepts(reported, current: current) == accepted)
    }

    @Test func aReplyIsDueUnlessAnAttemptIsUnderWayOrItWaitsOutARetry() {
        let lease = Duration.seconds(60)
        #expect(DeliveryRules.isDue(startedAt: nil, retryAt: nil, now: 100_000, lease: lease))
        #expect(!DeliveryRules.isDue(startedAt: 50_000, retryAt: nil, now: 100_000, lease: lease))
        #expect(DeliveryRules.isDue(startedAt: 40_000, retryAt: nil, now: 100_000, lease: lease))  // interrupted
        #expect(!DeliveryRules.isDue(startedAt: nil, retryAt: 100_001, now: 100_000, lease: lease))
        #expect(DeliveryRules.isDue(startedAt: nil, retryAt: 100_000, now: 100_000, lease: lease))
    }

    @Test(arguments: [
        (Double?.some(-0.31), Mood.negative), (-0.3, .negative), (-0.29, .neutral), (0.3, .positive), (nil, .unknown),
    ])
    func moodsHaveOneThreshold(_ score: Double?, _ mood: Mood) {
        #expect(Mood(score) == mood)
    }

    @Test func slaStateIsMetBreachedOrPending() {
        #expect(SLAState(firstInbound: 0, firstResponse: 1_800_000, target: 1_800_000, now: 9) == .met)
        #expect(SLAState(firstInbound: 0, firstResponse: 1_800_001, target: 1_800_000, now: 9) == .breached)
        #expect(SLAState(firstInbound: 0, firstResponse: nil, target: 1_800_000, now: 1_800_000) == .pending)
        #expect(SLAState(firstInbound: 0, firstResponse: nil, target: 1_800_000, now: 1_800_001) == .breached)
    }
}

@Suite struct ThreadingRulesTests {
    @Test func aReplyLooksForItsParentAndAPrivateMessageForTheOpenPrivateConversation() {
        #expect(Threading.home(of: Make.inbound("2", replyTo: "1", at: 0), customerKnown: true) == .parent("1"))
        let dm = Make.inbound("3", at: 0, visibility: .private)
        #expect(Threading.home(of: dm, customerKnown: true) == .openPrivate)
        #expect(Threading.home(of: dm, customerKnown: false) == .new)
        #expect(Threading.home(of: Make.inbound("4", at: 0), customerKnown: true) == .new)
    }

    @Test func aPrivateMessageJoinsTheLatestOpenPrivateConversationWithItsAccount() {
        let candidates = [
            Threading.Candidate(id: 1, lastMessageAt: 50, status: .open, visibility: .private, accountID: 7),
            Threading.Candidate(id: 2, lastMessageAt: 90, status: .resolved, visibility: .private, accountID: 7),
            Threading.Candidate(id: 3, lastMessageAt: 80, status: .pending, visibility: .private, accountID: 7),
            Threading.Candidate(id: 4, lastMessageAt: 99, status: .open, visibility: .private, accountID: 8),
            Threading.Candidate(id: 5, lastMessageAt: 99, status: .open, visibility: .public, accountID: 7),
        ]
        #expect(Threading.openPrivate(among: candidates, accountID: 7) == 3)
        #expect(Threading.openPrivate(among: candidates, accountID: nil) == nil)
    }

    @Test func theAccountIsNamedByTheMessageOrItsOutboundAuthorOrMentionedByTheCustomer() {
        #expect(Threading.accountHandle(of: Make.inbound("1", at: 0, account: "@TelkomCare")) == "TelkomCare")
        #expect(Threading.accountHandle(of: Make.outbound("2", at: 0, account: "BankNusaCare")) == "BankNusaCare")
        let unnamed = Make.inbound("3", at: 0, text: "@TelkomCare sinyal hilang", account: nil)
        #expect(Threading.accountHandle(of: unnamed) == nil)
        #expect(Threading.looksForMentionedAccount(unnamed))
        #expect(Threading.accountHandle(of: Make.inbound("4", at: 0, account: "@")) == nil)
        #expect(!Threading.looksForMentionedAccount(Make.inbound("4", at: 0, account: "@")))
    }

    @Test func onlyACustomerMessageJoiningAnEarlierConversationMayReopenIt() {
        #expect(Threading.mayReopen(Make.inbound("1", at: 0), joinedExisting: true))
        #expect(!Threading.mayReopen(Make.inbound("1", at: 0), joinedExisting: false))
        #expect(!Threading.mayReopen(Make.outbound("2", at: 0), joinedExisting: true))
    }
}

@Suite struct RowPatchTests {
    @Test func aPatchNamesTheColumnsItSetsAndClearsAndNothingElse() throws {
        var patch = ConversationPatch()
        #expect(patch.assignments.isEmpty)
        patch.priority = .urgent
        patch.assignee = .clear
        patch.claimExpiresAt = .set(9)
        let columns = patch.assignments.map(\.column)
        #expect(columns == ["priority", "urgency", "assignee", "claim_expires_at"])
        #expect(patch.assignments.map(\.value) == [.integer(3), .integer(0), .null, .integer(9)])
        let known = Set(try #require(StoreCopy.tables.first { $0.name == "conversation" }).columnNames)
        #expect(Set(columns).isSubset(of: known))
    }
}

/// What a conversation keeps of its customer's intent, decided once for the derivation and for older stores.
@Suite struct IntentColumnsTests {
    @Test func theLatestMessageDecidesTheFirstIsKeptAndNoMessageExpectsAReply() {
        let columns = IntentColumns(latest: "ok makasih min", earliest: "paket blm sampe2 udah 2 hari")
        #expect(columns.intent == .thanks && !columns.replyExpected && columns.firstIntent == .complaint)
        let none = IntentColumns(latest: nil, earliest: nil)
        #expect(none.intent == nil && none.replyExpected && none.firstIntent == nil)
    }

    @Test func aBackfillOrdersMessagesAsTheDerivationDoesWhateverOrderTheyComeIn() {
        var backfill = IntentColumns.Backfill()
        // Two at the same time: the external id decides, as DerivedMessage.earlier does.
        backfill.add(conversation: 7, createdAt: 50, externalID: "b", text: "ok makasih min")
        backfill.add(conversation: 7, createdAt: 10, externalID: "z", text: "paket blm sampe2 udah 2 hari")
        backfill.add(conversation: 7, createdAt: 50, externalID: "a", text: "refund kapan ya?")
        backfill.add(conversation: 3, createdAt: 5, externalID: "x", text: "halo")
        let columns = backfill.columns
        #expect(columns.map(\.conversation) == [3, 7])
        #expect(columns[1].columns == IntentColumns(latest: "ok makasih min", earliest: "paket blm sampe2 udah 2 hari"))
        #expect(columns[0].columns.intent == nil && columns[0].columns.replyExpected)
    }

    /// A reply is expected while any customer message awaiting one asks for it: "ok deh" after an unanswered
    /// complaint (or one only an automatic message met) leaves the complaint waiting; after an answer it closes.
    @Test func everyMessageAwaitingAnAnswerCountsNotOnlyTheLatest() {
        func message(
            _ id: Int64, _ direction: MessageDirection, _ text: String, automatic: Bool = false
        )
            -> DerivedMessage
        {
            DerivedMessage(
                id: id, externalID: "m\(id)", direction: direction.rawValue, createdAt: id * 60_000,
                automatic: automatic, delivery: nil, agent: direction == .outbound && !automatic ? "ani" : nil,
                authorHandle: nil, authorID: "a", text: text, customerID: nil, accountID: nil, visibility: "public")
        }
        let unanswered = [message(1, .inbound, "kode promo gak bisa dipake"), message(2, .inbound, "ok deh")]
        let waiting = IntentColumns(messages: unanswered)
        #expect(waiting.intent == .thanks && waiting.replyExpected && waiting.firstIntent == .complaint)
        let onlyAutomatic = [
            message(1, .inbound, "transfer gagal tapi saldo kepotong"),
            message(2, .outbound, "Terima kasih, pesan Anda kami terima", automatic: true),
            message(3, .inbound, "ok ditunggu"),
        ]
        #expect(IntentColumns(messages: onlyAutomatic).replyExpected, "an automatic message answers nothing")
        let answered = [
            message(1, .inbound, "kode promo gak bisa dipake"), message(2, .outbound, "Maaf kak, sudah kami perbaiki"),
            message(3, .inbound, "ok makasih min"), message(4, .note, "promo fixed"),
        ]
        #expect(!IntentColumns(messages: answered).replyExpected)
        #expect(Derivation.awaiting(answered).map(\.id) == [3])
        #expect(IntentColumns(messages: []).replyExpected, "no customer message: a reply is expected")
    }
}
