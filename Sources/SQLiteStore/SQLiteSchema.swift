import ConversationStore
import GRDB
import TextAnalysis

/// The SQLite schema, as versioned migrations. A migration that has shipped is never edited: changes come as new
/// migrations appended at the end.
///
/// Times are stored as integer milliseconds since 1970 (UTC): exact, compact, and cheap to index and compare.
enum SQLiteSchema {
    /// `due_at` for conversations that are not waiting on an agent, so that due-time indexes need no NULL handling.
    static let notDue = Derivation.notDue

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: conversations") { db in
            try db.execute(
                sql: """
                    CREATE TABLE account (
                        id INTEGER PRIMARY KEY,
                        channel TEXT NOT NULL,
                        handle TEXT NOT NULL COLLATE NOCASE,
                        name TEXT,
                        UNIQUE (channel, handle)
                    );
                    CREATE TABLE customer (
                        id INTEGER PRIMARY KEY,
                        channel TEXT NOT NULL,
                        external_id TEXT NOT NULL,
                        handle TEXT,
                        name TEXT,
                        first_seen_at INTEGER NOT NULL,
                        conversation_count INTEGER NOT NULL DEFAULT 0,
                        followers INTEGER,
                        UNIQUE (channel, external_id)
                    );
                    CREATE TABLE conversation (
                        id INTEGER PRIMARY KEY,
                        channel TEXT NOT NULL,
                        account_id INTEGER REFERENCES account (id),
                        customer_id INTEGER REFERENCES customer (id),
                        status TEXT NOT NULL DEFAULT 'new',
                        status_changed_at INTEGER NOT NULL,
                        priority INTEGER NOT NULL DEFAULT 1,
                        urgency INTEGER NOT NULL DEFAULT 2,
                        assignee TEXT,
                        claim_expires_at INTEGER,
                        visibility TEXT NOT NULL DEFAULT 'public',
                        external_id TEXT NOT NULL,
                        snippet TEXT NOT NULL DEFAULT '',
                        message_count INTEGER NOT NULL DEFAULT 0,
                        first_message_at INTEGER NOT NULL,
                        first_message_inbound INTEGER NOT NULL DEFAULT 0,
                        first_inbound_at INTEGER,
                        first_response_at INTEGER,
                        first_responder TEXT,
                        last_inbound_at INTEGER,
                        last_outbound_at INTEGER,
                        last_message_at INTEGER NOT NULL,
                        awaiting_since INTEGER,
                        needs_reply INTEGER NOT NULL DEFAULT 0,
                        due_at INTEGER NOT NULL DEFAULT 9223372036854775807,
                        snoozed_until INTEGER,
                        resolved_at INTEGER,
                        resolved_by TEXT,
                        no_reply_reason TEXT,
                        no_reply_at INTEGER
                    );
                    CREATE INDEX conversation_needs_reply ON conversation (due_at, urgency, id) WHERE needs_reply = 1;
                    CREATE INDEX conversation_assigned ON conversation (assignee, due_at, urgency, id)
                        WHERE assignee IS NOT NULL;
                    CREATE INDEX conversation_unassigned ON conversation (due_at, urgency, id)
                        WHERE assignee IS NULL AND status IN ('new', 'open');
                    CREATE INDEX conversation_status_activity ON conversation (status, last_message_at, id);
                    CREATE INDEX conversation_snoozed ON conversation (snoozed_until, id) WHERE status = 'snoozed';
                    CREATE INDEX conversation_resolved ON conversation (resolved_at, id) WHERE status = 'resolved';
                    CREATE INDEX conversation_activity ON conversation (last_message_at, id);
                    CREATE INDEX conversation_claim_expiry ON conversation (claim_expires_at)
                        WHERE claim_expires_at IS NOT NULL;
                    CREATE INDEX conversation_first_message ON conversation (first_message_at);
                    CREATE INDEX conversation_customer ON conversation (customer_id, channel);

                    CREATE TABLE message (
                        id INTEGER PRIMARY KEY,
                        conversation_id INTEGER NOT NULL REFERENCES conversation (id),
                        channel TEXT NOT NULL,
                        external_id TEXT NOT NULL,
                        in_reply_to TEXT,
                        direction TEXT NOT NULL,
                        customer_id INTEGER REFERENCES customer (id),
                        account_id INTEGER REFERENCES account (id),
                        author_id TEXT NOT NULL,
                        author_handle TEXT,
                        author_name TEXT,
                        agent TEXT,
                        text TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        visibility TEXT NOT NULL,
                        delivery TEXT,
                        delivery_error TEXT,
                        idempotency_key TEXT UNIQUE,
                        automatic INTEGER NOT NULL DEFAULT 0,
                        UNIQUE (channel, external_id)
                    );
                    CREATE INDEX message_conversation ON message (conversation_id, created_at);
                    CREATE INDEX message_parent ON message (channel, in_reply_to) WHERE in_reply_to IS NOT NULL;
                    CREATE INDEX message_outbox ON message (id) WHERE delivery = 'queued';

                    CREATE TABLE conversation_tag (
                        conversation_id INTEGER NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
                        tag TEXT NOT NULL,
                        PRIMARY KEY (conversation_id, tag)
                    ) WITHOUT ROWID;
                    CREATE INDEX conversation_tag_by_tag ON conversation_tag (tag, conversation_id);

                    -- A conversation merged into another (a reply that arrived before its parent) keeps answering
                    -- to its old id.
                    CREATE TABLE conversation_alias (
                        merged_id INTEGER PRIMARY KEY,
                        conversation_id INTEGER NOT NULL REFERENCES conversation (id)
                    );
                    """)
        }
        migrator.registerMigration("v2: knowledge base and templates") { db in
            try db.execute(
                sql: """
                    CREATE TABLE article (
                        id TEXT PRIMARY KEY,
                        title TEXT NOT NULL,
                        body TEXT NOT NULL,
                        tags TEXT NOT NULL DEFAULT '',
                        language TEXT,
                        updated_at INTEGER NOT NULL
                    );
                    -- Kept in step by the code that writes articles, in the same transaction, never by a trigger:
                    -- imports rebuild the index once per batch.
                    CREATE VIRTUAL TABLE article_search USING fts5 (
                        title, body, tags, content = 'article', content_rowid = 'rowid',
                        tokenize = 'unicode61 remove_diacritics 2'
                    );
                    CREATE TABLE reply_template (
                        id TEXT PRIMARY KEY,
                        name TEXT NOT NULL,
                        body TEXT NOT NULL,
                        language TEXT,
                        tags TEXT NOT NULL DEFAULT '',
                        sets_status TEXT,
                        adds_tags TEXT NOT NULL DEFAULT ''
                    );
                    """)
        }
        migrator.registerMigration("v3: analysed knowledge-base search") { db in
            // The index now holds analysed terms (slang normalised, stemmed) kept beside each article.
            try db.execute(
                sql: """
                    DROP TABLE article_search;
                    ALTER TABLE article ADD COLUMN terms_title TEXT NOT NULL DEFAULT '';
                    ALTER TABLE article ADD COLUMN terms_tags TEXT NOT NULL DEFAULT '';
                    ALTER TABLE article ADD COLUMN terms_body TEXT NOT NULL DEFAULT '';
                    ALTER TABLE article ADD COLUMN terms_length INTEGER NOT NULL DEFAULT 0;
                    CREATE VIRTUAL TABLE article_search USING fts5 (
                        terms_title, terms_tags, terms_body, content = 'article', content_rowid = 'rowid',
                        tokenize = 'unicode61 remove_diacritics 2'
                    );
                    CREATE VIRTUAL TABLE article_vocabulary USING fts5vocab (article_search, 'row');
                    CREATE VIRTUAL TABLE article_occurrence USING fts5vocab (article_search, 'instance');
                    """)
            for row in try Row.fetchAll(db, sql: "SELECT * FROM article") {
                let terms = KnowledgeText.indexed(SQLiteBackend.article(from: row))
                try db.execute(
                    sql: """
                        UPDATE article SET terms_title = ?, terms_tags = ?, terms_body = ?, terms_length = ? WHERE id = ?
                        """,
                    arguments: [terms.title, terms.tags, terms.body, ArticleRanking.weightedLength(terms), row["id"]])
            }
            try db.execute(sql: "INSERT INTO article_search (article_search) VALUES ('rebuild')")
        }
        migrator.registerMigration("v4: sentiment") { db in
            try db.execute(
                sql: """
                    ALTER TABLE conversation ADD COLUMN sentiment REAL;
                    CREATE INDEX conversation_unhappy ON conversation (due_at, urgency, id)
                        WHERE needs_reply = 1 AND sentiment <= -0.3;
                    """)
            let ids = try Int64.fetchAll(db, sql: "SELECT id FROM conversation WHERE first_inbound_at IS NOT NULL")
            for id in ids { try SQLiteBackend.refreshSentiment(id, db: db) }
        }
        migrator.registerMigration("v5: answered conversations") { db in
            // What customers asked and how the brand first answered: the source of "replies that worked before".
            try db.execute(
                sql: """
                    CREATE TABLE answered (
                        conversation_id INTEGER PRIMARY KEY REFERENCES conversation (id) ON DELETE CASCADE,
                        terms TEXT NOT NULL,
                        reply TEXT NOT NULL,
                        customer_name TEXT,
                        customer_handle TEXT
                    );
                    CREATE VIRTUAL TABLE answered_search USING fts5 (
                        terms, content = 'answered', content_rowid = 'conversation_id',
                        tokenize = 'unicode61 remove_diacritics 2'
                    );
                    """)
            for id in try Int64.fetchAll(db, sql: "SELECT id FROM conversation WHERE first_response_at IS NOT NULL") {
                try SQLiteBackend.recordAnswer(id, db: db)
            }
        }
        migrator.registerMigration("v6: knowledge-base passages") { db in
            // Each line of an article (and its title) is also searched on its own: an article that answers the
            // question in one line should not lose to one that mentions the words everywhere.
            try db.execute(
                sql: """
                    CREATE TABLE article_passage (
                        id INTEGER PRIMARY KEY,
                        article_rowid INTEGER NOT NULL,
                        terms TEXT NOT NULL,
                        terms_length INTEGER NOT NULL
                    );
                    CREATE INDEX article_passage_by_article ON article_passage (article_rowid);
                    CREATE VIRTUAL TABLE passage_search USING fts5 (
                        terms, content = 'article_passage', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
                    );
                    CREATE VIRTUAL TABLE passage_vocabulary USING fts5vocab (passage_search, 'row');
                    CREATE VIRTUAL TABLE passage_occurrence USING fts5vocab (passage_search, 'instance');
                    """)
            for row in try Row.fetchAll(db, sql: "SELECT rowid AS article_rowid, * FROM article") {
                try SQLiteBackend.insertPassages(
                    of: SQLiteBackend.article(from: row), rowid: row["article_rowid"], db: db)
            }
        }
        migrator.registerMigration("v7: events, agents and the store's id") { db in
            // The store mirrors every applied journal entry (`event`), so a supervisor sees all agents; `outcome` is
            // `refused` (with the reason) for an entry the store turned down, so it is not retried on every start.
            try db.execute(
                sql: """
                    CREATE TABLE store_info (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
                    INSERT INTO store_info (key, value) VALUES ('id', lower(hex(randomblob(16))));
                    CREATE TABLE event (
                        seq INTEGER PRIMARY KEY,
                        id TEXT NOT NULL UNIQUE,
                        journal TEXT NOT NULL,
                        prev_hash TEXT NOT NULL,
                        hash TEXT NOT NULL,
                        at INTEGER NOT NULL,
                        agent TEXT NOT NULL,
                        host TEXT NOT NULL,
                        action TEXT NOT NULL,
                        conversation_id INTEGER,
                        conversation_ref TEXT,
                        payload TEXT NOT NULL,
                        outcome TEXT NOT NULL DEFAULT 'applied',
                        error TEXT
                    );
                    CREATE INDEX event_by_conversation ON event (conversation_id, at);
                    CREATE INDEX event_by_time ON event (at);
                    CREATE INDEX event_by_host ON event (host, agent);
                    CREATE TABLE agent (
                        name TEXT PRIMARY KEY,
                        role TEXT NOT NULL CHECK (role IN ('agent', 'supervisor')),
                        added_by TEXT NOT NULL,
                        added_at INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v8: knowledge-base search statistics") { db in
            // Documents and total length per index, kept when articles change, so a search need not scan the
            // knowledge base for BM25's average length; and how many answered conversations hold each term, so
            // finding similar ones can start from the rarer words.
            try db.execute(
                sql: """
                    CREATE TABLE search_stats (
                        name TEXT PRIMARY KEY, documents INTEGER NOT NULL, total_length INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    CREATE VIRTUAL TABLE answered_vocabulary USING fts5vocab (answered_search, 'row');
                    """)
            try SQLiteBackend.refreshSearchStats(db: db)
        }
        migrator.registerMigration("v9: events by agent") { db in
            // The review's agent filter starts from what the agent did, not from every conversation.
            try db.execute(sql: "CREATE INDEX event_by_agent ON event (agent, conversation_id)")
        }
        migrator.registerMigration("v10: delivery attempts") { db in
            // The dispatcher marks a reply as on its way before it calls the platform, so a reply whose sender died
            // mid-call is known to be in doubt and is never sent blindly a second time.
            try db.execute(
                sql: """
                    ALTER TABLE message ADD COLUMN delivery_attempts INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE message ADD COLUMN delivery_started_at INTEGER;
                    ALTER TABLE message ADD COLUMN delivery_retry_at INTEGER;
                    """)
        }
        migrator.registerMigration("v11: answered-conversation word counts") { db in
            // How many answered conversations hold each word, counted once after an import rather than walking a
            // common word's whole posting list on a process's first suggestion.
            try db.execute(
                sql: """
                    CREATE TABLE answered_term (term TEXT PRIMARY KEY, documents INTEGER NOT NULL) WITHOUT ROWID;
                    INSERT INTO answered_term (term, documents) SELECT term, doc FROM answered_vocabulary;
                    """)
        }
        migrator.registerMigration("v12: refusal codes") { db in
            // A refused entry keeps its refusal's code and the claim's holder, so a process that finds the entry
            // already refused reports it as it was first reported ("claimed by ani", exit 3).
            try db.execute(
                sql: """
                    ALTER TABLE event ADD COLUMN error_code TEXT;
                    ALTER TABLE event ADD COLUMN error_holder TEXT;
                    """)
        }
        migrator.registerMigration("v13: aliases by survivor") { db in
            // A merge re-points the aliases of the conversation merged away, and deleting it checks that no alias
            // still names it: without this index both read every alias, and a file whose replies come before their
            // parents (an export newest first) merged ever more slowly.
            try db.execute(sql: "CREATE INDEX conversation_alias_survivor ON conversation_alias (conversation_id)")
        }
        migrator.registerMigration("v14: conversation revisions and who handled it") { db in
            // Every write to a conversation bumps its revision; who answered or closed it last, when and at which
            // revision lets a claim, reply or resolution be refused when another agent's answer overtook what the
            // agent read (`ActionRules.checkSeen`).
            try db.execute(
                sql: """
                    ALTER TABLE conversation ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE conversation ADD COLUMN handled_by TEXT;
                    ALTER TABLE conversation ADD COLUMN handled_at INTEGER;
                    ALTER TABLE conversation ADD COLUMN handled_revision INTEGER;
                    """)
        }
        migrator.registerMigration("v15: personal data in public") { db in
            // The kinds of personal data each conversation's customer posted in public (`PersonalDataRules`), worked
            // out here for the conversations the store already holds.
            try db.execute(sql: "ALTER TABLE conversation ADD COLUMN personal_data INTEGER NOT NULL DEFAULT 0")
            // What was masked out of a text (a card number, a one-time code) still counts as posted.
            try db.execute(
                sql: "ALTER TABLE message ADD COLUMN masked_personal_data INTEGER NOT NULL DEFAULT 0")
            var bits: [Int64: Int] = [:]
            let rows = try Row.fetchCursor(
                db,
                sql: "SELECT conversation_id, text FROM message WHERE direction = 'inbound' AND visibility = 'public'")
            while let row = try rows.next() {
                let found = PersonalDataRules.bits(PersonalData.kinds(in: row["text"]))
                if found != 0 { bits[row["conversation_id"], default: 0] |= found }
            }
            for (id, found) in bits {
                try db.execute(
                    sql: "UPDATE conversation SET personal_data = ? WHERE id = ?", arguments: [found, id])
            }
        }
        migrator.registerMigration("v16: brand replies told from agents") { db in
            // A first response from outside the console is the brand account's, written `@handle`, so a report by
            // agent never counts an account as an agent; what the stored responders become is `Derivation`'s.
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT c.id, c.first_responder, EXISTS (
                        SELECT 1 FROM message m WHERE m.conversation_id = c.id AND m.agent = c.first_responder
                    ) AS by_agent
                    FROM conversation c WHERE c.first_responder IS NOT NULL
                    """)
            for row in rows {
                guard
                    let upgraded = Derivation.upgradedResponder(
                        row["first_responder"], sentByAnAgentOfThatName: row["by_agent"])
                else { continue }
                try db.execute(
                    sql: "UPDATE conversation SET first_responder = ? WHERE id = ?", arguments: [upgraded, row["id"]])
            }
        }
        migrator.registerMigration("v17: presence") { db in
            // Which conversation each console session has open, and whether its agent is typing there.
            try db.execute(
                sql: """
                    CREATE TABLE presence (
                        session TEXT PRIMARY KEY,
                        agent TEXT NOT NULL,
                        conversation_id INTEGER NOT NULL,
                        typing INTEGER NOT NULL,
                        at INTEGER NOT NULL
                    );
                    CREATE INDEX presence_conversation ON presence (conversation_id);
                    """)
        }
        migrator.registerMigration("v18: terms by the hour") { db in
            // Rising topics: how many customer messages of each hour had each term (TermHours), and the customer
            // messages of a window found by their time. A store without messages has complete counts from the start;
            // one with messages is counted once, by the first `tanggap trends`.
            try db.execute(
                sql: """
                    CREATE TABLE term_hour (
                        term TEXT NOT NULL,
                        hour INTEGER NOT NULL,
                        count INTEGER NOT NULL,
                        PRIMARY KEY (term, hour)
                    ) WITHOUT ROWID;
                    CREATE INDEX message_inbound_time ON message (created_at) WHERE direction = 'inbound';
                    """)
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM message WHERE direction = 'inbound')") != true {
                try db.execute(
                    sql: "INSERT INTO store_info (key, value) VALUES (?, ?)",
                    arguments: [TrendTerms.infoKey, TrendTerms.version])
            }
        }
        migrator.registerMigration("v19: intent") { db in
            // What each conversation's latest customer message wants and whether it asks for a reply, and what the
            // first wanted: worked out for the conversations there are by the core's classifier.
            try db.execute(
                sql: """
                    ALTER TABLE conversation ADD COLUMN intent TEXT;
                    ALTER TABLE conversation ADD COLUMN reply_expected INTEGER NOT NULL DEFAULT 1;
                    ALTER TABLE conversation ADD COLUMN first_intent TEXT;
                    """)
            // The rows are read, the core decides (IntentColumns), the rows are written.
            var backfill = IntentColumns.Backfill()
            let rows = try Row.fetchCursor(
                db,
                sql: "SELECT conversation_id, created_at, external_id, text FROM message WHERE direction = 'inbound'")
            while let row = try rows.next() {
                backfill.add(
                    conversation: row[0], createdAt: row[1], externalID: row[2], text: row[3])
            }
            let update = try db.makeStatement(
                sql: "UPDATE conversation SET intent = ?, reply_expected = ?, first_intent = ? WHERE id = ?")
            for (id, columns) in backfill.columns {
                try update.execute(arguments: [
                    columns.intent?.rawValue, columns.replyExpected, columns.firstIntent?.rawValue, id,
                ])
            }
        }
        migrator.registerMigration("v20: a reply is expected while any waiting message asks for one") { db in
            // Every customer message awaiting an answer counts now, not only the latest: worked out again by the core
            // for the conversations that expected none (only they can change).
            var messages: [Int64: [DerivedMessage]] = [:]
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT \(DerivedMessage.columns) FROM message
                    WHERE conversation_id IN (SELECT id FROM conversation WHERE reply_expected = 0)
                    """)
            while let row = try rows.next() {
                messages[row["conversation_id"], default: []].append(DerivedMessage(row))
            }
            let update = try db.makeStatement(sql: "UPDATE conversation SET reply_expected = 1 WHERE id = ?")
            for (id, list) in messages.sorted(by: { $0.key < $1.key }) where IntentColumns(messages: list).replyExpected
            {
                try update.execute(arguments: [id])
            }
        }
        migrator.registerMigration("v21: agent keys") { db in
            // The public keys each agent acts with, registered as they act (JournalTrust).
            try db.execute(
                sql: """
                    CREATE TABLE agent_key (
                        agent TEXT NOT NULL, key TEXT NOT NULL, since INTEGER NOT NULL, PRIMARY KEY (agent, key)
                    ) WITHOUT ROWID;
                    CREATE INDEX event_by_journal ON event (journal, at);
                    """)
        }
        migrator.registerMigration("v22: logins mapped to agents") { db in
            // The agents a supervisor let each operating-system login act as (AgentIdentity), in the order given.
            try db.execute(
                sql: """
                    CREATE TABLE login_agent (
                        login TEXT NOT NULL, agent TEXT NOT NULL, position INTEGER NOT NULL, mapped_by TEXT NOT NULL,
                        mapped_at INTEGER NOT NULL, PRIMARY KEY (login, agent)
                    ) WITHOUT ROWID;
                    """)
        }
        return migrator
    }
}
