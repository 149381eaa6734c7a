import ConversationStore
import Foundation
import GRDB

/// The store's mirror of the agents' journals (`event`), the agents and their roles, and the store's own id.
extension SQLiteBackend {
    public func storeID() async throws -> String { identity }

    /// Whether the entry is already mirrored; throws its refusal again when the store turned it down.
    static func alreadyApplied(_ entry: JournalEntry, db: Database) throws -> Bool {
        guard
            let row = try Row.fetchOne(
                db, cached: "SELECT outcome, error, error_code, error_holder FROM event WHERE id = ?",
                arguments: [entry.id])
        else { return false }
        if row["outcome"] == StoreEvent.Outcome.refused.rawValue {
            throw StoreEvent.refusal(message: row["error"], code: row["error_code"], holder: row["error_holder"])
        }
        return true
    }

    static func insertEvent(
        _ entry: JournalEntry, conversation: Int64?, outcome: StoreEvent.Outcome, error: StoreError?, db: Database
    ) throws {
        try db.execute(
            cached: """
                INSERT OR IGNORE INTO event (id, journal, prev_hash, hash, at, agent, host, action, conversation_id,
                    conversation_ref, payload, outcome, error, error_code, error_holder)
                VALUES (:id, :journal, :prev, :hash, :at, :agent, :host, :action, :conversation, :ref, :payload,
                    :outcome, :error, :code, :holder)
                """,
            arguments: [
                "id": entry.id, "journal": entry.journal, "prev": entry.previousHash, "hash": entry.hash,
                "at": entry.time.milliseconds, "agent": entry.agent, "host": entry.host, "action": entry.action,
                "conversation": conversation, "ref": entry.conversation?.description,
                "payload": entry.payload.serialized(), "outcome": outcome.rawValue, "error": error?.message,
                "code": error?.code.description, "holder": error?.holder,
            ])
    }

    /// Mirrors an entry the store refused, so recovery does not try it again.
    public func recordRefusal(_ entry: JournalEntry, error: StoreError) async throws {
        try await write { db in
            let conversation = try entry.conversation.flatMap { try Self.resolve($0.rawValue, db: db) }
            try Self.insertEvent(entry, conversation: conversation, outcome: .refused, error: error, db: db)
        }
    }

    public func record(_ entry: JournalEntry) async throws {
        let stored = storedPolicy
        do {
            try await write { db in
                if try Self.alreadyApplied(entry, db: db) { return }
                let conversation = try entry.conversation.flatMap { try Self.resolve($0.rawValue, db: db) }
                if let reference = entry.conversation, conversation == nil {
                    throw StoreError.noConversation(reference)
                }
                if let action = entry.journalAction, action.needsSupervisor {
                    try ActionRules.checkSupervision(
                        of: action, by: entry.agent, actorRole: try Self.role(of: entry.agent, db: db))
                }
                if case .setRole(let agent, let role) = entry.journalAction {
                    try Self.setRole(agent, role: role, by: entry.agent, at: entry.time.milliseconds, db: db)
                }
                if case .setPolicy(let toml) = entry.journalAction {
                    try Self.setPolicy(toml, db: db, stored)
                }
                if case .mapLogin(let login, let agents) = entry.journalAction {
                    try Self.mapLogin(login, to: agents, by: entry.agent, at: entry.time.milliseconds, db: db)
                }
                try Self.insertEvent(entry, conversation: conversation, outcome: .applied, error: nil, db: db)
            }
        } catch let error as StoreError where error.isRefusal {
            try await recordRefusal(entry, error: error)
            throw error
        }
    }

    private static func setRole(_ agent: String, role: AgentRole, by actor: String, at: Int64, db: Database) throws {
        let supervisors = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM agent WHERE role = 'supervisor'") ?? 0
        try ActionRules.checkRoleGiving(
            role, to: agent, by: actor, actorRole: try Self.role(of: actor, db: db), supervisors: Int(supervisors),
            agentRole: try Self.role(of: agent, db: db))
        try db.execute(
            sql: """
                INSERT INTO agent (name, role, added_by, added_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET role = excluded.role
                """, arguments: [agent, role.rawValue, actor, at])
    }

    private static func role(of agent: String, db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT role FROM agent WHERE name = ?", arguments: [agent])
    }

    private static func mapLogin(
        _ login: String, to agents: [String], by actor: String, at: Int64, db: Database
    )
        throws
    {
        try db.execute(sql: "DELETE FROM login_agent WHERE login = ?", arguments: [login])
        for (position, agent) in agents.enumerated() {
            try db.execute(
                sql: "INSERT INTO login_agent (login, agent, position, mapped_by, mapped_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [login, agent, position, actor, at])
        }
    }

    public func identitySource(login: String) async throws -> AgentIdentity.Source {
        try await read { db in
            // A read-only store from before mappings has no table for them: nobody is mapped.
            guard try db.tableExists("login_agent") else { return .login(mapped: []) }
            return .login(
                mapped: try String.fetchAll(
                    db, sql: "SELECT agent FROM login_agent WHERE login = ? ORDER BY position", arguments: [login]))
        }
    }

    public func loginMappings() async throws -> [LoginMapping] {
        try await read { db in
            guard try db.tableExists("login_agent") else { return [] }
            return LoginMapping.grouped(
                try Row.fetchAll(db, sql: "SELECT * FROM login_agent ORDER BY login, position").map {
                    (login: $0["login"], agent: $0["agent"], mappedBy: $0["mapped_by"], mappedAt: $0["mapped_at"])
                })
        }
    }

    public func agentKeys() async throws -> [String: Set<String>] {
        try await read { db in
            var keys: [String: Set<String>] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT agent, key FROM agent_key") {
                keys[row[0], default: []].insert(row[1])
            }
            return keys
        }
    }

    public func registerKey(_ key: String, of agent: String, at time: Date) async throws {
        try await write(notifying: false) { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO agent_key (agent, key, since) VALUES (?, ?, ?)",
                arguments: [agent, key, time.milliseconds])
        }
    }

    public func lastAppliedTimes(journals: [String]) async throws -> [String: Date] {
        guard !journals.isEmpty else { return [:] }
        return try await read { db in
            var times: [String: Date] = [:]
            for journal in Set(journals) {
                if let at = try Int64.fetchOne(
                    db, sql: "SELECT MAX(at) FROM event WHERE journal = ? AND outcome = 'applied'",
                    arguments: [journal])
                {
                    times[journal] = Date(milliseconds: at)
                }
            }
            return times
        }
    }

    public func appliedEntryIDs(_ ids: [String]) async throws -> Set<String> {
        guard !ids.isEmpty else { return [] }
        return try await read { db in
            var found: Set<String> = []
            for chunk in stride(from: 0, to: ids.count, by: 500) {
                let slice = Array(ids[chunk..<min(ids.count, chunk + 500)])
                let marks = Array(repeating: "?", count: slice.count).joined(separator: ",")
                found.formUnion(
                    try String.fetchAll(
                        db, sql: "SELECT id FROM event WHERE id IN (\(marks))", arguments: StatementArguments(slice)))
            }
            return found
        }
    }

    public func events(conversation: ConversationID) async throws -> [StoreEvent] {
        try await read { db in
            guard let id = try Self.resolve(conversation.rawValue, db: db) else { return [] }
            return try Row.fetchAll(
                db, cached: "SELECT * FROM event WHERE conversation_id = ? ORDER BY at, seq", arguments: [id]
            ).compactMap(Self.event(from:))
        }
    }

    public func events(
        since: Date?, until: Date?, agent: String?, host: String?, limit: Int
    ) async throws
        -> [StoreEvent]
    {
        try await read { db in
            var conditions = ["at >= :since", "at < :until"]
            if agent != nil { conditions.append("agent = :agent") }
            if host != nil { conditions.append("host = :host") }
            return try Row.fetchAll(
                db,
                sql: "SELECT * FROM event WHERE \(conditions.joined(separator: " AND ")) ORDER BY at, seq LIMIT :limit",
                arguments: [
                    "since": since?.milliseconds ?? Int64.min, "until": until?.milliseconds ?? Int64.max,
                    "agent": agent, "host": host, "limit": limit,
                ]
            ).compactMap(Self.event(from:))
        }
    }

    static func event(from row: Row) -> StoreEvent? {
        guard let payload = JSONValue.parse(row["payload"] as String) else { return nil }
        let reference: String? = row["conversation_ref"]
        let entry = JournalEntry(
            id: row["id"], time: Date(milliseconds: row["at"]), agent: row["agent"], host: row["host"], store: "",
            journal: row["journal"], action: row["action"],
            conversation: reference.flatMap(ConversationID.init(parsing:)),
            payload: payload, previousHash: row["prev_hash"], hash: row["hash"])
        return StoreEvent(
            entry: entry, outcome: StoreEvent.Outcome(rawValue: row["outcome"]) ?? .applied, error: row["error"])
    }

    public func agents() async throws -> [AgentRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM agent ORDER BY name").map { row in
                AgentRecord(
                    name: row["name"], role: AgentRole(rawValue: row["role"]) ?? .agent, addedBy: row["added_by"],
                    addedAt: Date(milliseconds: row["added_at"]))
            }
        }
    }
}

extension SQLiteBackend {
    /// Adds agents to those a login acts as, as rows only, without a supervisor's action or a journal entry: for
    /// tests that run the real program as several agents from one login. The program never calls it.
    package func addLoginAgentsForTesting(_ login: String, _ agents: [String]) throws {
        try pool.write { db in
            let start = try Int.fetchOne(
                db, sql: "SELECT COALESCE(MAX(position) + 1, 0) FROM login_agent WHERE login = ?", arguments: [login])
            for (offset, agent) in agents.enumerated() {
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO login_agent (login, agent, position, mapped_by, mapped_at)
                        VALUES (?, ?, ?, 'test', 0)
                        """, arguments: [login, agent, (start ?? 0) + offset])
            }
        }
    }
}
