import ConversationStore
import Foundation
import GRDB

/// Threading on SQLite, by the decisions of ``Threading``: a batch's look-ups are asked once, and conversations the
/// batch starts are written once, derived, with their messages after them.
extension SQLiteBackend {
    public func ingest(
        _ messages: [IncomingMessage], facts: TextFacts, reports: [DeliveryReport]
    ) async throws -> IngestResult {
        guard !messages.isEmpty || !reports.isEmpty else { return IngestResult() }
        if messages.count >= Self.importBatch { try await readByMapForImport() }
        let stored = storedPolicy
        return try await write { (db: Database) throws -> IngestResult in
            let policy = try Self.policy(in: db, stored)
            var result = IngestResult()
            var touched = Set<Int64>()
            var customers = Set<Int64>()
            let known = try IngestCache(batch: messages, db: db)
            var termHours = TermHours()
            for message in messages {
                guard let placed = try Self.insert(message, known: known, db: db) else {
                    result.duplicates += 1
                    continue
                }
                result.inserted += 1
                if message.direction == .inbound {
                    termHours.add(facts.trendTerms(of: message.text), atMilliseconds: message.createdAt.milliseconds)
                }
                touched.insert(placed.conversation)
                touched.formUnion(placed.merged)
                customers.formUnion(placed.customers)
            }
            let survivors = try Self.refreshDerived(
                Array(touched), db: db, policy: policy, facts: facts, unwritten: known)
            customers.formUnion(survivors.customers)
            try Self.refreshCustomerCounts(customers, db: db)
            try Self.addTermCounts(termHours.rows, db: db)
            result.conversations = Set(survivors.conversations.map { ConversationID($0) })
            for report in reports {
                if try Self.applyReport(report, db: db, policy: policy) { result.reportsMatched += 1 }
            }
            return result
        }
    }

    /// A batch this large comes from an import (webhook deliveries come a few at a time).
    static let importBatch = 1_000

    /// An import's batches touch index pages all over the store, and each page SQLite's small cache lacks is a
    /// `pread` copy; mapped, it is a memory read. Measured on the 100k workload, the import took 14.1–14.9 s mapped
    /// against 15.6–15.8 s read. Only the importing writer maps the file: the resident size of a console, which
    /// counts the mapped pages it touches, stays as it was.
    ///
    /// The importing writer also lets the write-ahead log grow to 32 MB (8,192 pages) before it copies it into the
    /// file, rather than SQLite's 4 MB: a batch rewrites the same index pages as the batch before, and each
    /// checkpoint copied them again. The log is still copied and removed when the import's connection closes.
    func readByMapForImport() async throws {
        let first = mappedForImport.withLock { mapped in
            defer { mapped = true }
            return !mapped
        }
        guard first else { return }
        do {
            try await pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA mmap_size = 1073741824; PRAGMA wal_autocheckpoint = 8192")
            }
        } catch {
            throw StoreError(.storage, "store write failed: \(Self.describe(error))")
        }
    }

    /// What a batch needs to know about the store and about itself, asked once rather than per message: accounts
    /// and customers already written (a brand's hundredth message does not look its account up again), which of the
    /// batch's ids the store already has, which have replies waiting for them, and the conversations the batch
    /// started.
    final class IngestCache {
        var accounts: [Key: Int64] = [:]
        var customers: [Key: (id: Int64, firstSeen: Int64, author: IncomingMessage.Author)] = [:]
        /// The name and handle of each customer row this batch has read or written, as the row now holds them.
        var customerNames: [Int64: CustomerNames] = [:]
        /// Every message stored, before or earlier in this batch.
        var stored: Set<Key> = []
        /// Messages that some stored message answers.
        var answered: Set<Key> = []
        /// Conversations started by this batch: still `new`, so a customer writing again reopens nothing.
        var started: Set<Int64> = []
        /// Conversations started by this batch and not yet written, with their messages: each is written once, with
        /// its derived columns, when the batch is derived (rather than inserted here and updated there through its
        /// eleven indexes), and its messages after it, so nothing is read back to derive it. Anything that has to
        /// see one in the tables (a merge) writes it first.
        var unwritten: [Int64: NewConversation] = [:]
        /// Each message held with an unwritten conversation: that conversation.
        var held: [Key: Int64] = [:]
        /// A parent: the unwritten conversations holding replies to it.
        var heldReplies: [Key: [Int64]] = [:]
        private var nextMessageID: Int64?

        /// An id within its channel (a message's, an account's handle, a customer's): hashed as it stands rather
        /// than joined into a new string for every look-up.
        struct Key: Hashable {
            var channel: String
            var id: String
            init(_ channel: String, _ id: String) { (self.channel, self.id) = (channel, id) }
        }

        /// The id for a new message, so that a held message has it before it is written (messages are numbered in
        /// the order they arrive, written now or later).
        func newMessageID(db: Database) throws -> Int64 {
            let id = try nextMessageID ?? (Int64.fetchOne(db, sql: "SELECT MAX(id) FROM message") ?? 0) + 1
            nextMessageID = id + 1
            return id
        }
        /// The private conversations this batch started, by customer, channel and account.
        var privateStarts: [PrivateKey: [Int64]] = [:]

        struct PrivateKey: Hashable {
            var customer: Int64
            var channel: String
            var account: Int64?
            init(_ customer: Int64, _ channel: String, _ account: Int64?) {
                (self.customer, self.channel, self.account) = (customer, channel, account)
            }
        }

        /// A conversation as its first message starts it.
        struct NewConversation {
            var channel: String
            var accountID: Int64?
            var customerID: Int64?
            var visibility: String
            var externalID: String
            var createdAt: Int64
            var messages: [PlacedMessage] = []

            /// What the derivation reads of a conversation row, as this one's would read.
            var state: Derivation.State {
                Derivation.State(
                    channel: channel, status: .new, priority: .normal, accountID: accountID, customerID: customerID,
                    noReplyAt: nil)
            }
        }

        /// Writes a conversation of this batch with the columns its first message gave it, then its messages; does
        /// nothing for one already written.
        func write(_ id: Int64, db: Database) throws {
            guard let new = unwritten.removeValue(forKey: id) else { return }
            try SQLiteBackend.insert(id, new, derived: nil, db: db)
        }
        private var nextConversationID: Int64?

        /// The id for a new conversation: above every id ever given, including those merged away. SQLite would
        /// hand out the id of a conversation just merged away again (the largest rowid, deleted), and the alias
        /// that sends that id to the survivor would then lose to the newcomer.
        func newConversationID(db: Database) throws -> Int64 {
            let id =
                try nextConversationID
                ?? (Int64.fetchOne(
                    db,
                    sql: """
                        SELECT MAX(v) FROM (SELECT MAX(id) AS v FROM conversation
                            UNION ALL SELECT MAX(merged_id) FROM conversation_alias)
                        """) ?? 0) + 1
            nextConversationID = id + 1
            return id
        }

        init() {}

        /// Looks the batch's ids up in the store in a few statements.
        init(batch: [IncomingMessage], db: Database) throws {
            var byChannel: [String: [String]] = [:]
            for message in batch { byChannel[message.channel.rawValue, default: []].append(message.externalID) }
            for (channel, ids) in byChannel {
                for start in stride(from: 0, to: ids.count, by: 500) {
                    let chunk = Array(ids[start..<min(ids.count, start + 500)])
                    let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
                    let arguments = StatementArguments([channel] + chunk)
                    // Cached: every full chunk has the same statement, and preparing one of 500 arguments costs
                    // more than running it.
                    for id in try String.fetchAll(
                        db,
                        cached: "SELECT external_id FROM message WHERE channel = ? AND external_id IN (\(marks))",
                        arguments: arguments)
                    {
                        stored.insert(Key(channel, id))
                    }
                    for id in try String.fetchAll(
                        db,
                        cached:
                            "SELECT DISTINCT in_reply_to FROM message WHERE channel = ? AND in_reply_to IN (\(marks))",
                        arguments: arguments)
                    {
                        answered.insert(Key(channel, id))
                    }
                }
            }
        }
    }

    /// A message placed in its conversation, with its id: written at once, or held with a conversation the batch
    /// has yet to write.
    struct PlacedMessage {
        var id: Int64
        var message: IncomingMessage
        var accountID: Int64?
        var customerID: Int64?
        var createdAt: Int64

        /// The message as the derivation reads it, as it will read from its row.
        var derived: DerivedMessage {
            DerivedMessage(
                id: id, externalID: message.externalID, direction: message.direction.rawValue, createdAt: createdAt,
                automatic: message.automatic, delivery: nil, agent: nil, authorHandle: message.author.handle,
                authorID: message.author.id, text: message.text, customerID: customerID, accountID: accountID,
                visibility: message.visibility.rawValue, maskedPersonalData: message.maskedPersonalData ?? 0)
        }

        func write(into conversation: Int64, db: Database) throws {
            try RowStatement(db, Self.insertSQL).run(
                .integer(id), .integer(conversation), .text(message.channel.rawValue), .text(message.externalID),
                .text(message.inReplyTo), .text(message.direction.rawValue), .integer(customerID),
                .integer(accountID), .text(message.author.id), .text(message.author.handle),
                .text(message.author.name), .text(message.text), .integer(createdAt),
                .text(message.visibility.rawValue), .integer(message.automatic),
                .integer(message.maskedPersonalData ?? 0))
        }

        static let insertSQL = """
            INSERT INTO message (id, conversation_id, channel, external_id, in_reply_to, direction, customer_id,
                account_id, author_id, author_handle, author_name, text, created_at, visibility, automatic,
                masked_personal_data)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
    }

    /// Stores one message and threads it; `nil` for a duplicate.
    static func insert(
        _ message: IncomingMessage, known: IngestCache, db: Database
    ) throws -> Placement? {
        let channel = message.channel.rawValue
        let key = IngestCache.Key(channel, message.externalID)
        if known.stored.contains(key) { return nil }

        let createdAt = message.createdAt.milliseconds
        var accountID: Int64?
        if let handle = Threading.accountHandle(of: message) {
            let key = IngestCache.Key(channel, handle)
            if let cached = known.accounts[key] {
                accountID = cached
            } else {
                accountID = try upsertAccount(channel: channel, handle: handle, db: db)
                known.accounts[key] = accountID
            }
        } else if Threading.looksForMentionedAccount(message) {
            accountID = try mentionedAccount(in: message.text, channel: channel, db: db)
        }
        var customerID: Int64?
        if Threading.isFromCustomer(message) {
            let key = IngestCache.Key(channel, message.author.id)
            if let cached = known.customers[key], cached.author == message.author, cached.firstSeen <= createdAt {
                customerID = cached.id
            } else {
                let (id, names) = try upsertCustomer(message.author, channel: channel, seenAt: createdAt, db: db)
                known.customerNames[id] = names
                let firstSeen = min(known.customers[key]?.firstSeen ?? createdAt, createdAt)
                known.customers[key] = (id, firstSeen, message.author)
                customerID = id
            }
        }

        var conversationID: Int64?
        switch Threading.home(of: message, customerKnown: customerID != nil) {
        case .parent(let parent):
            if let holder = known.held[IngestCache.Key(channel, parent)], known.unwritten[holder] != nil {
                conversationID = holder
            } else {
                conversationID = try Int64.fetchOne(
                    db, cached: "SELECT conversation_id FROM message WHERE channel = ? AND external_id = ?",
                    arguments: [channel, parent])
            }
        case .openPrivate:
            // The customer's conversations, in the table and among those this batch has yet to write (whose last
            // message is still their first, as their row would say).
            guard let customerID else { break }
            let stored = try Row.fetchAll(
                db,
                cached: """
                    SELECT id, last_message_at, status, visibility, account_id FROM conversation
                    WHERE customer_id = ? AND channel = ? AND visibility = 'private'
                    """, arguments: [customerID, channel]
            ).map { row in
                Threading.Candidate(
                    id: row["id"], lastMessageAt: row["last_message_at"],
                    status: ConversationStatus(rawValue: row["status"]) ?? .open, visibility: .private,
                    accountID: row["account_id"])
            }
            let pending = (known.privateStarts[IngestCache.PrivateKey(customerID, channel, accountID)] ?? [])
                .compactMap { id in
                    known.unwritten[id].map {
                        Threading.Candidate(
                            id: id, lastMessageAt: $0.createdAt, status: .new, visibility: .private,
                            accountID: $0.accountID)
                    }
                }
            conversationID = Threading.openPrivate(among: stored + pending, accountID: accountID)
        case .new:
            break
        }
        if conversationID == nil {
            let id = try known.newConversationID(db: db)
            known.unwritten[id] = IngestCache.NewConversation(
                channel: channel, accountID: accountID, customerID: customerID,
                visibility: message.visibility.rawValue, externalID: message.externalID, createdAt: createdAt)
            if message.visibility == .private, let customerID {
                known.privateStarts[IngestCache.PrivateKey(customerID, channel, accountID), default: []].append(id)
            }
            conversationID = id
            known.started.insert(id)
        }
        guard var target = conversationID else { return nil }

        let placed = PlacedMessage(
            id: try known.newMessageID(db: db), message: message, accountID: accountID, customerID: customerID,
            createdAt: createdAt)
        if known.unwritten[target] != nil {
            known.unwritten[target]?.messages.append(placed)
            known.held[key] = target
            if let parent = message.inReplyTo {
                known.heldReplies[IngestCache.Key(channel, parent), default: []].append(target)
            }
        } else {
            try placed.write(into: target, db: db)
        }
        known.stored.insert(key)
        if let parent = message.inReplyTo { known.answered.insert(IngestCache.Key(channel, parent)) }
        if Threading.mayReopen(message, joinedExisting: !known.started.contains(target)) {
            try reopenIfWaiting(target, at: createdAt, db: db)
        }

        // Replies that arrived before this message now find their parent.
        var merged: [Int64] = []
        var mergedCustomers: [Int64] = []
        var orphans: [Int64] = []
        if known.answered.contains(key) {
            // Replies held with conversations not yet written go to the table first, where the merge finds them.
            for holder in known.heldReplies[key] ?? [] where holder != target { try known.write(holder, db: db) }
            orphans = try Int64.fetchAll(
                db,
                cached: """
                    SELECT DISTINCT conversation_id FROM message
                    WHERE channel = ? AND in_reply_to = ? AND conversation_id != ?
                    """, arguments: [channel, message.externalID, target])
        }
        for orphan in orphans {
            let (survivor, loser) = Merge.order(target, orphan)
            try known.write(survivor, db: db)
            try known.write(loser, db: db)
            if let customer = try merge(loser, into: survivor, db: db) { mergedCustomers.append(customer) }
            merged.append(loser)
            target = survivor
        }
        // A customer's count of conversations changes when one is started for them or merged away; a message joining
        // a conversation leaves it as it was (and the derivation reports a conversation changing customer).
        let counted = known.started.contains(target) ? [customerID].compactMap { $0 } : []
        return Placement(conversation: target, customers: counted + mergedCustomers, merged: merged)
    }

    /// A customer writing again may bring the conversation back to the queue (see ``Reopening``).
    static func reopenIfWaiting(_ conversation: Int64, at createdAt: Int64, db: Database) throws {
        guard
            let row = try Row.fetchOne(
                db, cached: "SELECT status, status_changed_at FROM conversation WHERE id = ?", arguments: [conversation]
            ),
            let status = ConversationStatus(rawValue: row["status"]),
            let patch = Reopening.patch(status: status, statusChangedAt: row["status_changed_at"], inboundAt: createdAt)
        else { return }
        try write(patch, to: conversation, db: db)
    }

    /// Moves everything of `loser` into `survivor` and leaves an alias behind; returns the loser's customer.
    @discardableResult
    static func merge(_ loser: Int64, into survivor: Int64, db: Database) throws -> Int64? {
        guard let kept = try row(survivor, db: db), let gone = try row(loser, db: db) else { return nil }
        try db.execute(
            cached: "UPDATE message SET conversation_id = ? WHERE conversation_id = ?", arguments: [survivor, loser])
        try db.execute(
            cached: """
                INSERT OR IGNORE INTO conversation_tag (conversation_id, tag)
                SELECT ?, tag FROM conversation_tag WHERE conversation_id = ?
                """, arguments: [survivor, loser])
        try db.execute(cached: "DELETE FROM conversation_tag WHERE conversation_id = ?", arguments: [loser])

        try write(Merge.patch(kept: kept, gone: gone), to: survivor, db: db)
        try db.execute(
            cached: "UPDATE conversation_alias SET conversation_id = ? WHERE conversation_id = ?",
            arguments: [survivor, loser])
        try db.execute(
            cached: "INSERT OR REPLACE INTO conversation_alias (merged_id, conversation_id) VALUES (?, ?)",
            arguments: [loser, survivor])
        try db.execute(cached: "DELETE FROM conversation WHERE id = ?", arguments: [loser])
        return gone.customerID
    }

    static func upsertAccount(channel: String, handle: String, db: Database) throws -> Int64? {
        if let id = try Int64.fetchOne(
            db, cached: "SELECT id FROM account WHERE channel = ? AND handle = ?", arguments: [channel, handle])
        {
            return id
        }
        try db.execute(cached: "INSERT INTO account (channel, handle) VALUES (?, ?)", arguments: [channel, handle])
        return db.lastInsertedRowID
    }

    /// The first `@handle` in the text that names one of the brand's accounts on this channel.
    static func mentionedAccount(in text: String, channel: String, db: Database) throws -> Int64? {
        for handle in Mentions.handles(in: text).prefix(5) {
            if let id = try Int64.fetchOne(
                db, cached: "SELECT id FROM account WHERE channel = ? AND handle = ?", arguments: [channel, handle])
            {
                return id
            }
        }
        return nil
    }

    /// The customer's row, written or brought up to date; with the name and handle it now holds.
    static func upsertCustomer(
        _ author: IncomingMessage.Author, channel: String, seenAt: Int64, db: Database
    ) throws -> (id: Int64, names: CustomerNames) {
        if let row = try Row.fetchOne(
            db,
            cached: """
                SELECT id, first_seen_at, handle, name, followers FROM customer WHERE channel = ? AND external_id = ?
                """,
            arguments: [channel, author.id])
        {
            let id: Int64 = row["id"]
            let firstSeen: Int64 = row["first_seen_at"]
            let names = CustomerNames(name: author.name ?? row["name"], handle: author.handle ?? row["handle"])
            // Most messages repeat what the row says; only a change is written.
            let unchanged =
                firstSeen <= seenAt && (author.handle == nil || author.handle == row["handle"])
                && (author.name == nil || author.name == row["name"])
                && (author.followers == nil || author.followers == row["followers"])
            if unchanged { return (id, names) }
            try db.execute(
                cached: """
                    UPDATE customer SET
                        handle = COALESCE(?, handle), name = COALESCE(?, name), followers = COALESCE(?, followers),
                        first_seen_at = MIN(first_seen_at, ?)
                    WHERE id = ?
                    """, arguments: [author.handle, author.name, author.followers, min(firstSeen, seenAt), id])
            return (id, names)
        }
        try db.execute(
            cached: """
                INSERT INTO customer (channel, external_id, handle, name, first_seen_at, followers)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [channel, author.id, author.handle, author.name, seenAt, author.followers])
        return (db.lastInsertedRowID, CustomerNames(name: author.name, handle: author.handle))
    }

    static func refreshCustomerCounts(_ customers: Set<Int64>, db: Database) throws {
        for customer in customers {
            try db.execute(
                cached: """
                    UPDATE customer SET conversation_count = (SELECT COUNT(*) FROM conversation WHERE customer_id = ?)
                    WHERE id = ?
                    """, arguments: [customer, customer])
        }
    }
}
