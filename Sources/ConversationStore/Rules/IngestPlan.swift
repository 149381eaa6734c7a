/// A whole batch of arriving messages threaded in memory, by the rules of ``Threading``, ``Reopening`` and ``Merge``,
/// from what the store holds that the batch needs (a ``Lookup``, read in a few set-based queries): which messages
/// are duplicates, which brand accounts and customers they name, the conversation each joins or starts, the
/// conversations that reopen, and the merges when a parent arrives after its replies. A backend then writes the
/// outcome in a few batched statements; nothing here touches a store.
///
/// The decisions are the ones a store makes placing the messages one at a time, in batch order: the same messages
/// give the same conversations, ids and merges on every backend.
///
/// Three steps, because the ids of new accounts and customers come from the store:
/// 1. ``init(_:lookup:)`` finds the duplicates, the accounts the batch names that the store lacks
///    (``newAccounts``) and what each customer's row becomes (``customerRows``);
/// 2. the backend writes those accounts and customers and hands their ids to ``place(accounts:customers:)``, which
///    threads every message; new conversations get provisional ids above every stored one, in the order they start;
/// 3. the backend numbers the new conversations and messages (``renumber(conversations:messages:)``), reads the
///    stored messages of the stored conversations touched, and ``derive(stored:policy:facts:accounts:)`` works out
///    every touched conversation's columns.
package struct IngestPlan: Sendable {
    /// An id within its channel: a message's external id, a customer's, an account handle's ``Account/matchKey``.
    package struct Key: Hashable, Sendable {
        package var channel: String
        package var id: String
        package init(_ channel: String, _ id: String) { (self.channel, self.id) = (channel, id) }
    }

    /// A brand account as the store holds it.
    package struct Account: Sendable, Equatable {
        package var id: Int64
        package var channel: String
        package var handle: String
        package init(id: Int64, channel: String, handle: String) {
            (self.id, self.channel, self.handle) = (id, channel, handle)
        }

        /// What two handles on a channel must share to name the same account: the handle with ASCII letters in
        /// lower case (SQLite's `NOCASE`), so `@BankMaju` and `@bankmaju` are one account on every backend.
        package static func matchKey(_ handle: String) -> String {
            String(handle.map { $0.isASCII ? Character($0.lowercased()) : $0 })
        }
    }

    /// A customer row as the batch leaves it: the latest handle, name and follower count a message gave (a missing
    /// one keeps the row's), and the earliest time the customer was seen.
    package struct CustomerRow: Sendable, Equatable {
        /// The row's id; `nil` for a customer the store does not have yet.
        package var id: Int64?
        package var channel: String
        package var externalID: String
        package var handle: String?
        package var name: String?
        package var followers: Int64?
        package var firstSeenAt: Int64

        package init(
            id: Int64?, channel: String, externalID: String, handle: String?, name: String?, followers: Int64?,
            firstSeenAt: Int64
        ) {
            self.id = id
            self.channel = channel
            self.externalID = externalID
            self.handle = handle
            self.name = name
            self.followers = followers
            self.firstSeenAt = firstSeenAt
        }
    }

    /// A conversation as the rules see it while the batch is placed: a stored one as read, or one the batch started.
    package struct Conversation: Sendable, Equatable {
        package var id: Int64
        package var channel: String
        package var accountID: Int64?
        package var customerID: Int64?
        package var visibility: Visibility
        package var status: ConversationStatus
        package var statusChangedAt: Int64
        package var priority: Priority
        package var assignee: String?
        package var claimExpiresAt: Int64?
        package var snoozedUntil: Int64?
        package var resolvedAt: Int64?
        package var resolvedBy: String?
        package var noReplyReason: String?
        package var noReplyAt: Int64?
        /// As the row said when the batch began (the derived columns are worked out after the batch is placed);
        /// for a conversation the batch started, its first message's time.
        package var lastMessageAt: Int64
        /// For a conversation the batch started, its first message's external id.
        package var externalID: String

        package init(
            id: Int64, channel: String, accountID: Int64?, customerID: Int64?, visibility: Visibility,
            status: ConversationStatus, statusChangedAt: Int64, priority: Priority = .normal, assignee: String? = nil,
            claimExpiresAt: Int64? = nil, snoozedUntil: Int64? = nil, resolvedAt: Int64? = nil,
            resolvedBy: String? = nil, noReplyReason: String? = nil, noReplyAt: Int64? = nil, lastMessageAt: Int64,
            externalID: String = ""
        ) {
            self.id = id
            self.channel = channel
            self.accountID = accountID
            self.customerID = customerID
            self.visibility = visibility
            self.status = status
            self.statusChangedAt = statusChangedAt
            self.priority = priority
            self.assignee = assignee
            self.claimExpiresAt = claimExpiresAt
            self.snoozedUntil = snoozedUntil
            self.resolvedAt = resolvedAt
            self.resolvedBy = resolvedBy
            self.noReplyReason = noReplyReason
            self.noReplyAt = noReplyAt
            self.lastMessageAt = lastMessageAt
            self.externalID = externalID
        }

        /// The row the rules read.
        var row: ConversationRow {
            ConversationRow(
                id: id, channel: channel, status: status, statusChangedAt: statusChangedAt, priority: priority,
                visibility: visibility, assignee: assignee, claimExpiresAt: claimExpiresAt, snoozedUntil: snoozedUntil,
                accountID: accountID, customerID: customerID, noReplyReason: noReplyReason, noReplyAt: noReplyAt)
        }

        /// The conversation with `patch`'s columns set, as a store writes them (tags and messages are not its).
        mutating func apply(_ patch: ConversationPatch) {
            if let status = patch.status { self.status = status }
            if let changed = patch.statusChangedAt { statusChangedAt = changed }
            if let priority = patch.priority { self.priority = priority }
            if let visibility = patch.visibility { self.visibility = visibility }
            if let change = patch.assignee { assignee = change.value }
            if let change = patch.claimExpiresAt { claimExpiresAt = change.value }
            if let change = patch.snoozedUntil { snoozedUntil = change.value }
            if let change = patch.resolvedAt { resolvedAt = change.value }
            if let change = patch.resolvedBy { resolvedBy = change.value }
            if let account = patch.accountID { accountID = account }
            if let reason = patch.noReplyReason { noReplyReason = reason }
            if let at = patch.noReplyAt { noReplyAt = at }
            if patch.clearsNoReply { (noReplyReason, noReplyAt) = (nil, nil) }
        }

        var state: Derivation.State {
            Derivation.State(
                channel: channel, status: status, priority: priority, accountID: accountID, customerID: customerID,
                noReplyAt: noReplyAt)
        }
    }

    /// What the store holds that the batch needs, read before the batch is placed.
    package struct Lookup: Sendable {
        /// The batch's messages the store has already (by channel and external id).
        package var stored: Set<Key> = []
        /// The conversation of every stored message that a message of the batch answers.
        package var parents: [Key: Int64] = [:]
        /// For each message of the batch, the conversations of the stored messages that answer it.
        package var replies: [Key: [Int64]] = [:]
        /// Every brand account on the batch's channels.
        package var accounts: [Account] = []
        /// The stored rows of the customers who wrote the batch's messages, by channel and external id.
        package var customers: [Key: CustomerRow] = [:]
        /// The stored conversations the batch may touch: those of ``parents`` and ``replies``, and the private
        /// conversations of the customers in ``customers``.
        package var conversations: [Int64: Conversation] = [:]

        package init() {}
    }

    /// A message placed in its conversation.
    package struct Placed: Sendable {
        /// Where the message stands in the batch.
        package var index: Int
        /// Numbered in the order messages arrive; see ``renumber(conversations:messages:)``.
        package var id: Int64 = 0
        /// The conversation it was placed in; merges may move it on (see ``home(of:)``).
        package var conversation: Int64
        package var accountID: Int64?
        package var customerID: Int64?
        package var createdAt: Int64
    }

    /// The batch, in arrival order.
    package let messages: [IncomingMessage]
    private let lookup: Lookup
    /// For each message, whether it is already stored (or earlier in the batch).
    package private(set) var isDuplicate: [Bool]
    /// The accounts the batch names that the store lacks, in the order they are first named.
    package private(set) var newAccounts: [Key] = []
    /// The customer rows the batch writes: new ones (no id) in the order they first write, and changed stored ones.
    package private(set) var customerRows: [CustomerRow] = []

    /// Every message placed, in batch order.
    package private(set) var placed: [Placed] = []
    /// Every conversation the batch touched or started, as the batch leaves it (merged ones included).
    package private(set) var conversations: [Int64: Conversation] = [:]
    /// The conversations the batch started, in the order it started them (merged ones included).
    package private(set) var started: [Int64] = []
    /// Each conversation merged away, and the one it merged into, in the order they merged.
    package private(set) var merges: [(loser: Int64, survivor: Int64)] = []
    /// The conversations the messages went to and those merged away (merged ones resolve to their survivor).
    package private(set) var touched: Set<Int64> = []
    /// The customers whose count of conversations may have changed.
    package private(set) var customersToCount: Set<Int64> = []
    private var alias: [Int64: Int64] = [:]

    /// Where provisional ids of conversations the batch starts begin: above any id a store gives.
    package static let provisionalBase: Int64 = 1 << 62

    package init(_ messages: [IncomingMessage], lookup: Lookup) {
        self.messages = messages
        self.lookup = lookup
        isDuplicate = Array(repeating: false, count: messages.count)
        var seen = lookup.stored
        var accountKeys = Set(lookup.accounts.map { Key($0.channel, Account.matchKey($0.handle)) })
        var customerIndex: [Key: Int] = [:]
        for (index, message) in messages.enumerated() {
            let channel = message.channel.rawValue
            guard seen.insert(Key(channel, message.externalID)).inserted else {
                isDuplicate[index] = true
                continue
            }
            if let handle = Threading.accountHandle(of: message) {
                let key = Key(channel, Account.matchKey(handle))
                if accountKeys.insert(key).inserted { newAccounts.append(Key(channel, handle)) }
            }
            guard Threading.isFromCustomer(message) else { continue }
            let author = message.author
            let key = Key(channel, author.id)
            let createdAt = message.createdAt.milliseconds
            if let at = customerIndex[key] {
                var row = customerRows[at]
                row.handle = author.handle ?? row.handle
                row.name = author.name ?? row.name
                row.followers = author.followers.map(Int64.init) ?? row.followers
                row.firstSeenAt = min(row.firstSeenAt, createdAt)
                customerRows[at] = row
            } else {
                let stored = lookup.customers[key]
                customerIndex[key] = customerRows.count
                customerRows.append(
                    CustomerRow(
                        id: stored?.id, channel: channel, externalID: author.id,
                        handle: author.handle ?? stored?.handle, name: author.name ?? stored?.name,
                        followers: author.followers.map(Int64.init) ?? stored?.followers,
                        firstSeenAt: min(stored?.firstSeenAt ?? createdAt, createdAt)))
            }
        }
        // A stored customer whose row the batch leaves as it was is not written.
        customerRows.removeAll { row in row.id != nil && lookup.customers[Key(row.channel, row.externalID)] == row }
    }

    /// The conversation `id` ended in, following merges.
    package func home(of id: Int64) -> Int64 {
        var id = id
        while let next = alias[id] { id = next }
        return id
    }

    /// Whether `id` is a conversation this batch started (its id is still provisional).
    package static func isProvisional(_ id: Int64) -> Bool { id >= provisionalBase }

    /// Threads every message. `accounts` are the ids of ``newAccounts`` as written (by channel and match key);
    /// `customers` the ids of every customer the batch names (by channel and external id).
    package mutating func place(accounts created: [Key: Int64], customers: [Key: Int64]) {
        conversations = lookup.conversations
        var accounts: [Key: Int64] = [:]
        for account in lookup.accounts { accounts[Key(account.channel, Account.matchKey(account.handle))] = account.id }
        // Where each message is (by channel and external id), and the conversations holding replies to each.
        var location: [Key: Int64] = lookup.parents
        var replies: [Key: [Int64]] = lookup.replies
        var privates: [Key: [Int64]] = [:]
        for conversation in lookup.conversations.values.sorted(by: { $0.id < $1.id }) {
            guard let customer = conversation.customerID else { continue }
            privates[Key(conversation.channel, String(customer)), default: []].append(conversation.id)
        }
        for (index, message) in messages.enumerated() where !isDuplicate[index] {
            let channel = message.channel.rawValue
            let key = Key(channel, message.externalID)
            let createdAt = message.createdAt.milliseconds
            var accountID: Int64?
            if let handle = Threading.accountHandle(of: message) {
                let match = Key(channel, Account.matchKey(handle))
                if accounts[match] == nil { accounts[match] = created[match] }
                accountID = accounts[match]
            } else if Threading.looksForMentionedAccount(message) {
                accountID = Self.mentioned(in: message.text, channel: channel, accounts: accounts)
            }
            let customerID = Threading.isFromCustomer(message) ? customers[Key(channel, message.author.id)] : nil

            var target: Int64?
            switch Threading.home(of: message, customerKnown: customerID != nil) {
            case .parent(let parent):
                target = location[Key(channel, parent)].map(home(of:))
            case .openPrivate:
                guard let customerID else { break }
                let candidates = (privates[Key(channel, String(customerID))] ?? []).compactMap { id in
                    conversations[id].flatMap { conversation -> Threading.Candidate? in
                        guard home(of: id) == id else { return nil }
                        return Threading.Candidate(
                            id: id, lastMessageAt: conversation.lastMessageAt, status: conversation.status,
                            visibility: conversation.visibility, accountID: conversation.accountID)
                    }
                }
                target = Threading.openPrivate(among: candidates, accountID: accountID)
            case .new:
                break
            }
            if target == nil {
                let id = Self.provisionalBase + Int64(started.count)
                started.append(id)
                conversations[id] = Conversation(
                    id: id, channel: channel, accountID: accountID, customerID: customerID,
                    visibility: message.visibility, status: .new, statusChangedAt: createdAt,
                    lastMessageAt: createdAt, externalID: message.externalID)
                if let customerID { privates[Key(channel, String(customerID)), default: []].append(id) }
                target = id
            }
            guard var target else { continue }
            placed.append(
                Placed(
                    index: index, conversation: target, accountID: accountID, customerID: customerID,
                    createdAt: createdAt))
            location[key] = target
            if let parent = message.inReplyTo { replies[Key(channel, parent), default: []].append(target) }
            if Threading.mayReopen(message, joinedExisting: !Self.isProvisional(target)),
                let conversation = conversations[target],
                let patch = Reopening.patch(
                    status: conversation.status, statusChangedAt: conversation.statusChangedAt, inboundAt: createdAt)
            {
                conversations[target]?.apply(patch)
            }
            // Replies that arrived before this message now find their parent.
            var orphans = Set((replies[key] ?? []).map(home(of:)))
            orphans.remove(target)
            for orphan in orphans.sorted() {
                let (survivor, loser) = Merge.order(target, orphan)
                guard let kept = conversations[survivor], let gone = conversations[loser] else { continue }
                conversations[survivor]?.apply(Merge.patch(kept: kept.row, gone: gone.row))
                alias[loser] = survivor
                merges.append((loser, survivor))
                touched.insert(loser)
                if let customer = gone.customerID { customersToCount.insert(customer) }
                target = survivor
            }
            touched.insert(target)
            // A customer's count changes when a conversation is started for them or merged away; joining one leaves
            // it as it was (and the derivation reports a conversation changing customer).
            if Self.isProvisional(target), let customerID { customersToCount.insert(customerID) }
        }
    }

    /// The first `@handle` in `text` that names one of the brand's accounts on the channel (of the first five).
    static func mentioned(in text: String, channel: String, accounts: [Key: Int64]) -> Int64? {
        for handle in Mentions.handles(in: text).prefix(5) {
            if let id = accounts[Key(channel, Account.matchKey(handle))] { return id }
        }
        return nil
    }

    /// Gives the conversations the batch started their ids (`conversations`, one for each of ``started``, in
    /// order and above every stored id) and the placed messages theirs (`messages`, one each, in order).
    package mutating func renumber(conversations ids: [Int64], messages messageIDs: [Int64]) {
        precondition(ids.count == started.count && messageIDs.count == placed.count, "one id for each")
        var real: [Int64: Int64] = [:]
        for (provisional, id) in zip(started, ids) { real[provisional] = id }
        func map(_ id: Int64) -> Int64 { real[id] ?? id }
        for index in placed.indices {
            placed[index].conversation = map(placed[index].conversation)
            placed[index].id = messageIDs[index]
        }
        var renamed: [Int64: Conversation] = [:]
        for (id, var conversation) in conversations {
            conversation.id = map(id)
            renamed[conversation.id] = conversation
        }
        conversations = renamed
        alias = Dictionary(uniqueKeysWithValues: alias.map { (map($0.key), map($0.value)) })
        merges = merges.map { (map($0.loser), map($0.survivor)) }
        touched = Set(touched.map(map))
        started = ids
    }

    /// A conversation as the batch leaves it, its columns derived from its messages.
    package struct Outcome: Sendable {
        package var conversation: Conversation
        /// `nil` for a conversation of notes only, whose derived columns stay as a new row has them.
        package var derived: Derivation?
        /// Started by this batch: a new row.
        package var isNew: Bool
        /// What "replies that worked before" remembers of it, once answered.
        package var answer: (terms: String, reply: String)?
    }

    /// Works out every conversation the batch leaves touched (merged ones resolved to their survivor), in id order.
    /// `stored` are the stored messages of the stored conversations touched or merged, by the conversation holding
    /// them before the batch; `accounts` every brand account (for a conversation naming none, the first `@handle`
    /// its customer wrote that names one).
    package func derive(
        stored: [Int64: [DerivedMessage]], policy: SLAPolicy, facts: TextFacts, accounts: [Account]
    ) -> (outcomes: [Outcome], customers: Set<Int64>) {
        var byKey: [Key: Int64] = [:]
        for account in accounts { byKey[Key(account.channel, Account.matchKey(account.handle))] = account.id }
        var messagesOf: [Int64: [DerivedMessage]] = [:]
        for (conversation, messages) in stored { messagesOf[home(of: conversation), default: []] += messages }
        for placed in placed {
            let message = messages[placed.index]
            messagesOf[home(of: placed.conversation), default: []].append(
                DerivedMessage(
                    id: placed.id, externalID: message.externalID, direction: message.direction.rawValue,
                    createdAt: placed.createdAt, automatic: message.automatic, delivery: nil, agent: nil,
                    authorHandle: message.author.handle, authorID: message.author.id, text: message.text,
                    customerID: placed.customerID, accountID: placed.accountID,
                    visibility: message.visibility.rawValue, maskedPersonalData: message.maskedPersonalData ?? 0))
        }
        let isNew = Set(started)
        var customers = customersToCount
        var outcomes: [Outcome] = []
        for id in Set(touched.map(home(of:))).sorted() {
            guard let conversation = conversations[id] else { continue }
            let messages = messagesOf[id] ?? []
            var derived = Derivation(state: conversation.state, messages: messages, policy: policy, facts: facts)
            if derived?.accountID == nil, let text = derived?.earliestInboundText {
                derived?.accountID = Self.mentioned(in: text, channel: conversation.channel, accounts: byKey)
            }
            if let derived { customers.formUnion(derived.changedCustomers) }
            let answer = derived?.firstResponseAt == nil ? nil : Derivation.answer(of: messages, facts: facts)
            outcomes.append(
                Outcome(conversation: conversation, derived: derived, isNew: isNew.contains(id), answer: answer))
        }
        return (outcomes, customers)
    }

    /// The stored conversations the batch touched or merged away, whose stored messages ``derive`` needs.
    package var storedTouched: [Int64] {
        let started = Set(started)
        return Set(touched.flatMap { [$0, home(of: $0)] }).filter { !started.contains($0) }.sorted()
    }
}
