import Foundation
import Testing

@testable import ConversationStore

/// The batch planner threads a whole batch in memory, without a store: what it decides for messages that arrive
/// together is what a store decides placing them one at a time.
@Suite struct IngestPlanTests {
    typealias Key = IngestPlan.Key

    /// Plans `messages` against `lookup`, numbering new accounts, customers, conversations and messages from 100,
    /// 200, 300 and 400.
    static func plan(_ messages: [IncomingMessage], lookup: IngestPlan.Lookup = IngestPlan.Lookup()) -> IngestPlan {
        var plan = IngestPlan(messages, lookup: lookup)
        var accounts: [Key: Int64] = [:]
        for (offset, key) in plan.newAccounts.enumerated() {
            accounts[Key(key.channel, IngestPlan.Account.matchKey(key.id))] = 100 + Int64(offset)
        }
        var customers: [Key: Int64] = [:]
        for (key, row) in lookup.customers { customers[key] = row.id }
        for (offset, row) in plan.customerRows.filter({ $0.id == nil }).enumerated() {
            customers[Key(row.channel, row.externalID)] = 200 + Int64(offset)
        }
        plan.place(accounts: accounts, customers: customers)
        plan.renumber(
            conversations: plan.started.indices.map { 300 + Int64($0) },
            messages: plan.placed.indices.map { 400 + Int64($0) })
        return plan
    }

    /// The conversation each message ended in, by external id.
    static func homes(_ plan: IngestPlan) -> [String: Int64] {
        Dictionary(
            uniqueKeysWithValues: plan.placed.map {
                (plan.messages[$0.index].externalID, plan.home(of: $0.conversation))
            })
    }

    @Test func replyAfterItsParentInTheSameBatchJoinsItsConversation() {
        let plan = Self.plan([Make.inbound("1", at: 0), Make.outbound("2", replyTo: "1", at: 1)])
        #expect(Self.homes(plan) == ["1": 300, "2": 300])
        #expect(plan.started == [300])
        #expect(plan.merges.isEmpty)
    }

    @Test func replyBeforeItsParentInTheSameBatchMergesIntoTheOlderConversation() {
        let plan = Self.plan([Make.outbound("2", replyTo: "1", at: 1), Make.inbound("1", at: 0)])
        #expect(Self.homes(plan) == ["2": 300, "1": 300])
        #expect(plan.started == [300, 301])
        #expect(plan.merges.map(\.loser) == [301])
        #expect(plan.merges.map(\.survivor) == [300])
        let (outcomes, _) = plan.derive(stored: [:], policy: SLAPolicy(), facts: TextFacts(), accounts: [])
        #expect(outcomes.map(\.conversation.id) == [300])
        #expect(outcomes.first?.derived?.messageCount == 2)
        #expect(outcomes.first?.derived?.externalID == "1")
        #expect(outcomes.first?.derived?.firstResponseAt == Make.at(1).milliseconds)
    }

    @Test func aDuplicateWithinTheBatchIsStoredOnce() {
        let plan = Self.plan([Make.inbound("1", at: 0), Make.inbound("1", at: 0), Make.inbound("2", at: 1)])
        #expect(plan.isDuplicate == [false, true, false])
        #expect(plan.placed.map(\.index) == [0, 2])
        #expect(plan.placed.map(\.id) == [400, 401])
    }

    @Test func aMessageTheStoreHasIsADuplicate() {
        var lookup = IngestPlan.Lookup()
        lookup.stored = [Key("twitter", "1")]
        let plan = Self.plan([Make.inbound("1", at: 0)], lookup: lookup)
        #expect(plan.isDuplicate == [true])
        #expect(plan.placed.isEmpty && plan.started.isEmpty && plan.customerRows.isEmpty)
    }

    /// Handles that differ only in the case of ASCII letters name one account, on every backend.
    @Test(arguments: [
        ("brand", "BRAND", true), ("@BankMaju", "bankmaju", true), ("bank_maju", "bankmaju", false),
        ("Ärger", "ärger", false),
    ])
    func accountHandlesMatchWithoutRegardToASCIICase(_ first: String, _ second: String, _ same: Bool) {
        let plan = Self.plan([
            Make.outbound("1", at: 0, account: first), Make.outbound("2", at: 1, account: second),
        ])
        #expect(plan.newAccounts.count == (same ? 1 : 2))
        #expect((plan.placed[0].accountID == plan.placed[1].accountID) == same)
    }

    @Test func aStoredAccountIsNotAddedAgainAndAMentionFindsIt() {
        var lookup = IngestPlan.Lookup()
        lookup.accounts = [IngestPlan.Account(id: 7, channel: "twitter", handle: "BankMaju")]
        let plan = Self.plan(
            [
                Make.inbound("1", at: 0, text: "@bankmaju tolong", account: nil),
                Make.outbound("2", at: 1, account: "bankMAJU"),
            ],
            lookup: lookup)
        #expect(plan.newAccounts.isEmpty)
        #expect(plan.placed.map(\.accountID) == [7, 7])
    }

    /// A mention names only an account the store had before the message, not one a later message of the batch adds.
    @Test func aMentionDoesNotFindAnAccountALaterMessageAdds() {
        let plan = Self.plan([
            Make.inbound("1", at: 0, text: "@brand halo", account: nil), Make.outbound("2", at: 1, account: "brand"),
            Make.inbound("3", at: 2, from: "c2", text: "@brand lagi", account: nil),
        ])
        #expect(plan.placed.map(\.accountID) == [nil, 100, 100])
    }

    @Test func aCustomerRowTakesTheLatestNamesAndTheEarliestTime() {
        var lookup = IngestPlan.Lookup()
        lookup.customers[Key("twitter", "c1")] = IngestPlan.CustomerRow(
            id: 9, channel: "twitter", externalID: "c1", handle: "c1", name: "C1", followers: 5,
            firstSeenAt: Make.at(-10).milliseconds)
        lookup.customers[Key("twitter", "c2")] = IngestPlan.CustomerRow(
            id: 10, channel: "twitter", externalID: "c2", handle: "c2", name: "C2", followers: nil,
            firstSeenAt: Make.at(-10).milliseconds)
        let renamed = IncomingMessage(
            channel: .twitter, externalID: "2", inReplyTo: nil, direction: .inbound,
            author: .init(id: "c1", handle: nil, name: "Budi", followers: 12), text: "halo", createdAt: Make.at(1),
            visibility: .public, account: "brand")
        let plan = Self.plan(
            [
                Make.inbound("1", at: 0), renamed, Make.inbound("3", at: 2, from: "c2"),
                Make.inbound("4", at: -20, from: "c3"),
            ], lookup: lookup)
        // c2's row says what the message says: not written again.
        #expect(
            plan.customerRows == [
                IngestPlan.CustomerRow(
                    id: 9, channel: "twitter", externalID: "c1", handle: "c1", name: "Budi", followers: 12,
                    firstSeenAt: Make.at(-10).milliseconds),
                IngestPlan.CustomerRow(
                    id: nil, channel: "twitter", externalID: "c3", handle: "c3", name: "C3", followers: nil,
                    firstSeenAt: Make.at(-20).milliseconds),
            ])
    }

    /// A customer's reply to a conversation an agent resolved before it reopens it; a reply to one resolved after
    /// it (an import of old messages) leaves it resolved.
    @Test(arguments: [(-1.0, ConversationStatus.open), (30.0, .resolved)])
    func aReplyToAStoredResolvedConversationReopensItOnlyIfItCameAfter(
        _ resolvedAt: Double, _ expected: ConversationStatus
    ) {
        var lookup = IngestPlan.Lookup()
        lookup.parents[Key("twitter", "r0")] = 5
        lookup.customers[Key("twitter", "c1")] = IngestPlan.CustomerRow(
            id: 9, channel: "twitter", externalID: "c1", handle: "c1", name: "C1", followers: nil,
            firstSeenAt: Make.at(-10).milliseconds)
        lookup.conversations[5] = IngestPlan.Conversation(
            id: 5, channel: "twitter", accountID: 1, customerID: 9, visibility: .public, status: .resolved,
            statusChangedAt: Make.at(resolvedAt).milliseconds, resolvedAt: Make.at(resolvedAt).milliseconds,
            resolvedBy: "ani", lastMessageAt: Make.at(-5).milliseconds)
        let plan = Self.plan([Make.inbound("1", replyTo: "r0", at: 0)], lookup: lookup)
        #expect(Self.homes(plan) == ["1": 5])
        #expect(plan.started.isEmpty)
        #expect(plan.conversations[5]?.status == expected)
        #expect(plan.conversations[5]?.resolvedBy == (expected == .open ? nil : "ani"))
        #expect(plan.storedTouched == [5])
    }

    /// A parent arriving after replies the store holds in two conversations: all three become the oldest, which
    /// takes over the claim of the one merged into it.
    @Test func aParentArrivingAfterStoredRepliesMergesTheirConversations() {
        var lookup = IngestPlan.Lookup()
        lookup.replies[Key("twitter", "1")] = [8, 6]
        lookup.conversations[6] = IngestPlan.Conversation(
            id: 6, channel: "twitter", accountID: nil, customerID: nil, visibility: .public, status: .new,
            statusChangedAt: 0, lastMessageAt: 0)
        lookup.conversations[8] = IngestPlan.Conversation(
            id: 8, channel: "twitter", accountID: 1, customerID: nil, visibility: .private, status: .open,
            statusChangedAt: 0, assignee: "ani", claimExpiresAt: 99, lastMessageAt: 0)
        let plan = Self.plan([Make.inbound("1", at: 0, account: nil)], lookup: lookup)
        #expect(plan.merges.map(\.loser) == [300, 8])
        #expect(plan.merges.map(\.survivor) == [6, 6])
        #expect(Self.homes(plan) == ["1": 6])
        let survivor = plan.conversations[6]
        #expect(survivor?.status == .open && survivor?.visibility == .private && survivor?.assignee == "ani")
        #expect(survivor?.accountID == 1)
        #expect(plan.storedTouched == [6, 8])
    }

    /// A private message joins its customer's open private conversation with the same account, stored or started
    /// earlier in the batch.
    @Test func privateMessagesJoinTheCustomersOpenPrivateConversation() {
        var lookup = IngestPlan.Lookup()
        lookup.customers[Key("twitter", "c1")] = IngestPlan.CustomerRow(
            id: 9, channel: "twitter", externalID: "c1", handle: "c1", name: "C1", followers: nil,
            firstSeenAt: 0)
        lookup.accounts = [IngestPlan.Account(id: 1, channel: "twitter", handle: "brand")]
        lookup.conversations[4] = IngestPlan.Conversation(
            id: 4, channel: "twitter", accountID: 1, customerID: 9, visibility: .private, status: .resolved,
            statusChangedAt: 0, lastMessageAt: 10)
        let plan = Self.plan(
            [
                Make.inbound("1", at: 0, visibility: .private), Make.inbound("2", at: 1, visibility: .private),
                Make.inbound("3", at: 2, from: "c2", visibility: .private),
                Make.inbound("4", at: 3, from: "c2", visibility: .private),
            ], lookup: lookup)
        // The resolved one is not joined; c2, new to the store, has a conversation once the batch starts one.
        #expect(Self.homes(plan) == ["1": 300, "2": 300, "3": 301, "4": 301])
    }
}
