import Foundation
import PostgresNIO
import Testing

@testable import ConversationStore
@testable import PostgresStore

/// On PostgreSQL each agent connects as a role of their own, the store takes the agent from the connection, and the
/// server itself refuses what the role may not do, whatever a modified client sends.
@Suite(.serialized, .enabled(if: !PostgresServer.skipped, "TANGGAP_SKIP_POSTGRES=1: PostgreSQL tests skipped"))
struct PostgresIdentityTests {
    /// A store made by its owner (the test server's superuser), with roles for `agents`; the owner's connection and
    /// the URL as each agent.
    static func store(agents: [String]) async throws -> (owner: PostgresBackend, url: (String) throws -> String) {
        let url = try await PostgresServer.freshDatabase()
        let owner = try await PostgresServer.open(url)
        for agent in agents {
            try await owner.client.query(
                PostgresQuery(
                    unsafeSQL: """
                        DO $$ BEGIN CREATE ROLE "\(agent)" LOGIN; EXCEPTION WHEN duplicate_object OR unique_violation
                        THEN NULL; END $$
                        """), logger: PostgresServer.logger)
        }
        return (
            owner,
            { agent in
                var components = try #require(URLComponents(string: url))
                components.user = agent
                return try #require(components.string)
            }
        )
    }

    /// Takes the store back to how it was at version 14, before agents were their roles.
    static func asAtVersion14(_ backend: PostgresBackend) async throws {
        for statement in [
            "DROP TABLE login_agent",
            """
            DROP FUNCTION tanggap_check_event, tanggap_check_own_row, tanggap_check_claim, tanggap_check_reply,
                tanggap_check_agent_row, tanggap_check_login_row, tanggap_check_policy_row, tanggap_check_redaction
                CASCADE
            """,
            "DROP FUNCTION tanggap_supervises, tanggap_administers",
            "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC",
            "REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC",
            "DELETE FROM schema_migration WHERE version = 15",
        ] {
            try await raw(statement, on: backend)
        }
    }

    /// The raw statement as `backend`'s role, outside the store's code: what a modified client could send.
    static func raw(_ sql: String, on backend: PostgresBackend) async throws {
        try await backend.client.query(PostgresQuery(unsafeSQL: sql), logger: PostgresServer.logger)
    }

    /// The server's refusal of a raw statement (after `before`, on the same connection): its SQLSTATE and message.
    static func refusal(
        _ sql: String, on backend: PostgresBackend, after before: [String] = []
    ) async -> (state: String?, message: String) {
        do {
            try await backend.client.withConnection { connection in
                for statement in before + [sql] {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: PostgresServer.logger)
                }
            }
            return (nil, "")
        } catch {
            return (PostgresBackend.sqlState(of: error), PostgresBackend.describe(error))
        }
    }

    @Test func anAgentActsOnlyAsTheirOwnRoleAndTheServerHoldsAModifiedClient() async throws {
        let (owner, url) = try await Self.store(agents: ["ani", "budi"])
        defer { owner.close() }
        let messages = [Make.inbound("p1", at: 0, text: "paket belum sampai")]
        _ = try await owner.ingest(messages, facts: TextFacts(messages))
        let supervisor = Store(backend: owner)
        try await supervisor.record(.setRole(agent: "sari", role: .supervisor), on: nil, by: "sari")
        let id = try #require(try await owner.conversation(containing: "p1"))

        let ani = try await PostgresServer.open(try url("ani"))
        defer { ani.close() }
        let store = Store(backend: ani)
        // The store takes the agent from the connection; --agent may name only that role.
        #expect(try await store.actingAgent(login: "root", requested: nil) == "ani")
        #expect(try await store.actingAgent(login: "root", requested: "ani") == "ani")
        let posing = await #expect(throws: StoreError.self) {
            _ = try await store.actingAgent(login: "root", requested: "budi")
        }
        #expect(posing?.code == .notPermitted)
        #expect(posing?.message.contains("connected to the store as ani") == true, "\(posing?.message ?? "")")

        // A client that skips the store's own checks and claims in budi's name: the server refuses it.
        let claimed = await #expect(throws: StoreError.self) {
            _ = try await store.perform(.claim(leaseSeconds: 600), on: id, by: "budi")
        }
        #expect(claimed?.code == .notPermitted, "\(String(describing: claimed))")
        #expect(
            claimed?.message.contains("connected as ani, you cannot claim for budi") == true,
            "\(claimed?.message ?? "")")
        // As herself, she works the queue.
        _ = try await store.perform(.claim(leaseSeconds: 600), on: id, by: "ani")
        #expect(try await store.thread(id)?.conversation.assignee == "ani")

        // Rows a modified client writes directly.
        let conversation = id.rawValue
        let statements: [(String, String)] = [
            ("UPDATE conversation SET assignee = 'budi' WHERE id = \(conversation)", "cannot claim for budi"),
            (
                "INSERT INTO agent (name, role, added_by, added_at) VALUES ('ani', 'supervisor', 'ani', 0)",
                "only a supervisor can give roles"
            ),
            ("UPDATE agent SET role = 'agent' WHERE name = 'sari'", "only a supervisor can give roles"),
            (
                "INSERT INTO store_info (key, value) VALUES ('policy', 'sla = \"1m\"')",
                "only a supervisor can set the service policy"
            ),
            ("UPDATE store_info SET value = 'x' WHERE key = 'id'", "only a supervisor can set the service policy"),
            (
                "INSERT INTO login_agent (login, agent, position, mapped_by, mapped_at) VALUES ('x', 'ani', 0, 'ani', 0)",
                "only a supervisor can map logins"
            ),
            (
                "UPDATE message SET text = 'diubah' WHERE conversation_id = \(conversation)",
                "changing a message's text is a supervisor's"
            ),
            (
                """
                INSERT INTO event (id, journal, prev_hash, hash, at, agent, host, action, payload, outcome)
                VALUES ('e1', NULL, '', '', 0, 'budi', 'h', 'note', '{}', 'applied')
                """, "connected as ani, you cannot act as budi"
            ),
            (
                """
                INSERT INTO event (id, journal, prev_hash, hash, at, agent, host, action, payload, outcome)
                VALUES ('e2', NULL, '', '', 0, 'ani', 'h', 'review-score', '{"score":5}', 'applied')
                """, "review-score is a supervisor's action, and ani is not a supervisor"
            ),
            (
                "INSERT INTO agent_key (agent, key, since) VALUES ('budi', 'k', 0)",
                "connected as ani, you cannot act as budi"
            ),
            (
                """
                INSERT INTO message (conversation_id, external_id, direction, agent, text, created_at)
                VALUES (\(conversation), 'forged', 'outbound', 'budi', 'halo', 0)
                """, "cannot reply as budi"
            ),
            (
                "UPDATE message SET agent = 'budi', direction = 'outbound' WHERE conversation_id = \(conversation)",
                "cannot change who wrote a message"
            ),
            (
                """
                INSERT INTO conversation (channel, status_changed_at, external_id, assignee, claim_expires_at)
                VALUES ('twitter', 0, 'forged-claim', 'budi', 9999999999999)
                """, "cannot claim for budi"
            ),
            ("DELETE FROM message", "permission denied"),
            ("DELETE FROM event", "permission denied"),
            ("UPDATE event SET agent = 'budi'", "permission denied"),
            ("DELETE FROM agent_key", "permission denied"),
            ("DELETE FROM schema_migration", "permission denied"),
            ("DROP TABLE message", "must be owner"),
        ]
        for (sql, said) in statements {
            let refused = await Self.refusal(sql, on: ani)
            #expect(refused.state == "42501", "\(sql): \(refused)")
            #expect(refused.message.contains(said), "\(sql): \(refused.message)")
        }
        // The server refuses exactly the core's supervisor actions from an agent's role, and takes the others.
        for (index, name) in (JournalAction.supervisorActionNames + ["note", "claim"]).enumerated() {
            let refused = await Self.refusal(
                """
                INSERT INTO event (id, journal, prev_hash, hash, at, agent, host, action, payload, outcome)
                VALUES ('by-name-\(index)', 'j', '', '', 0, 'ani', 'h', '\(name)', '{}', 'applied')
                """, on: ani)
            let supervisors = JournalAction.supervisorActionNames.contains(name)
            #expect(refused.state == (supervisors ? "42501" : nil), "\(name): \(refused)")
        }

        // A temporary table of the same name does not make the role the store's owner or a supervisor: the
        // checks read the store's own tables.
        let shadows = [
            "CREATE TEMP TABLE IF NOT EXISTS store_info (key TEXT, value TEXT)",
            "CREATE TEMP TABLE IF NOT EXISTS agent (name TEXT, role TEXT, added_by TEXT, added_at BIGINT)",
            "INSERT INTO pg_temp.agent VALUES ('ani', 'supervisor', 'ani', 0)",
        ]
        for (sql, said) in [
            (
                "INSERT INTO public.agent (name, role, added_by, added_at) VALUES ('ani', 'supervisor', 'ani', 0)",
                "only a supervisor can give roles"
            ),
            ("UPDATE public.conversation SET assignee = 'budi' WHERE id = \(conversation)", "cannot claim for budi"),
        ] {
            let refused = await Self.refusal(sql, on: ani, after: shadows)
            #expect(refused.state == "42501" && refused.message.contains(said), "\(sql): \(refused)")
        }
        // Nothing of it was stored.
        #expect(try await owner.thread(id)?.conversation.assignee == "ani")
        #expect(try await supervisor.role(of: "sari") == .supervisor)
        #expect(try await supervisor.role(of: "ani") == .agent)

        // A supervisor's role does what a supervisor may: roles are given through the server's checks too.
        try await supervisor.record(.setRole(agent: "budi", role: .supervisor), on: nil, by: "sari")
        let budi = try await PostgresServer.open(try url("budi"))
        defer { budi.close() }
        try await Self.raw(
            "INSERT INTO agent (name, role, added_by, added_at) VALUES ('ani', 'supervisor', 'budi', 0)", on: budi)
        #expect(try await supervisor.role(of: "ani") == .supervisor)
        // The last supervisor stays one on the server too (ActionRules.checkRoleGiving).
        try await Self.raw("UPDATE agent SET role = 'agent' WHERE name IN ('sari', 'ani')", on: budi)
        let last = await Self.refusal("UPDATE agent SET role = 'agent' WHERE name = 'budi'", on: budi)
        #expect(last.state == "42501" && last.message.contains("budi is the store's last supervisor"), "\(last)")
        let removed = await Self.refusal("DELETE FROM agent WHERE name = 'budi'", on: budi)
        #expect(removed.state == "42501" && removed.message.contains("last supervisor"), "\(removed)")
        #expect(try await supervisor.role(of: "budi") == .supervisor)
        // Mapping logins is SQLite's: on PostgreSQL a role is who connects.
        let mapping = await #expect(throws: StoreError.self) {
            try await Store(backend: budi).record(.mapLogin(login: "ws1", agents: ["ani"]), on: nil, by: "budi")
        }
        #expect(mapping?.message.contains("logins are not mapped") == true)
    }

    /// A store from before agents were their roles (version 14) is upgraded by its owner, who is told so when an
    /// agent's role opens it first; after the upgrade the agent's role works it.
    @Test func theOwnerUpgradesTheStoreAndThenAgentsWorkIt() async throws {
        let (owner, url) = try await Self.store(agents: ["citra"])
        let messages = [Make.inbound("q1", at: 0, text: "sinyal hilang dari pagi")]
        _ = try await owner.ingest(messages, facts: TextFacts(messages))
        try await Self.asAtVersion14(owner)
        owner.close()
        let refused = await #expect(throws: StoreError.self) { _ = try await PostgresServer.open(try url("citra")) }
        #expect(refused?.code == .notPermitted)
        #expect(
            refused?.message.contains("upgraded (to version 15) by a role that owns them") == true,
            "\(refused?.message ?? "")")
        let ownerName = PostgresServer.url.flatMap { URLComponents(string: $0)?.user } ?? "tanggap"
        let upgraded = try await PostgresServer.open(try url(ownerName))
        upgraded.close()
        let citra = try await PostgresServer.open(try url("citra"))
        defer { citra.close() }
        let store = Store(backend: citra)
        let id = try #require(try await store.conversation(containing: "q1"))
        _ = try await store.perform(.reply(text: "Halo kak, kami cek ya", isPrivate: false), on: id, by: "citra")
        let replies = try await store.thread(id)?.messages.filter { $0.direction == .outbound } ?? []
        #expect(replies.map(\.agent) == ["citra"])
        #expect(try await store.actingAgent(login: "root", requested: nil) == "citra")
    }
}
