import Crypto
import Foundation

/// One line of the journal: an agent action with who, where and when, chained to the line before by SHA-256.
///
/// A line is the entry as compact JSON with sorted keys, then `"hash"` appended last:
///
/// ```json
/// {"action":"claim","agent":"ani","conversation":"42","host":"ws-3","id":"…","journal":"…",
///  "payload":{"lease_seconds":600},"prev":"…","store":"…","time":"2026-11-22T10:00:00.250Z","hash":"…"}
/// ```
///
/// `hash` is the SHA-256 (lowercase hex) of the line's bytes up to the comma before `"hash"`, closed with `}`, so
/// the hash covers every other byte of the line exactly as written. `prev` is the previous line's hash (64 zeros on
/// the first line); `journal` is the id of the journal's first entry, which names the journal in the store's mirror.
/// `key` is the agent's public key (``AgentKey``), and `sig`, after the hash, its Ed25519 signature of the hash: the
/// chain proves the order, the signature who wrote the line. Lines from before entries were signed have neither.
public struct JournalEntry: Hashable, Sendable {
    public var id: String
    public var time: Date
    public var agent: String
    public var host: String
    /// The store the action was meant for.
    public var store: String
    /// The journal this entry belongs to (the id of its first entry).
    public var journal: String
    public var action: String
    public var conversation: ConversationID?
    public var payload: JSONValue
    public var previousHash: String
    public var hash: String
    /// The signing agent's public key (base64), when the entry is signed.
    public var key: String?
    /// The Ed25519 signature (base64) of `hash` by `key`.
    public var signature: String?

    /// Signed, and the signature is the key's of the hash.
    public var signatureVerifies: Bool {
        guard let key, let signature else { return false }
        return AgentKey.verifies(signature: signature, of: hash, by: key)
    }

    /// The hash before the first entry.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// The action, when this version knows it.
    public var journalAction: JournalAction? { JournalAction(name: action, payload: payload) }

    /// The conversation's revision the agent had read when acting (`"seen"` in the payload), when it was given:
    /// the store refuses a claim, reply or resolution another agent's answer overtook (see
    /// ``Store/perform(_:on:by:seen:)``), and recovery checks the same.
    public var seen: Int64? { payload["seen"]?.intValue }

    /// The fields that are hashed, as JSON.
    var body: JSONValue {
        .object(
            [
                "id": .string(id), "time": JSONValue(time), "agent": .string(agent), "host": .string(host),
                "store": .string(store), "journal": .string(journal), "action": .string(action),
                "conversation": conversation.map { .string($0.description) } ?? .null, "payload": payload,
                "prev": .string(previousHash),
            ].merging(key.map { ["key": .string($0)] } ?? [:]) { first, _ in first })
    }

    /// Makes an entry and its hash.
    public static func make(
        id: String = UUID().uuidString.lowercased(), time: Date, agent: String, host: String, store: String,
        journal: String?, action: JournalAction, conversation: ConversationID?, previousHash: String,
        seen: Int64? = nil, signer: AgentKey? = nil
    ) -> (entry: JournalEntry, line: String) {
        let time = Date(timeIntervalSince1970: (time.timeIntervalSince1970 * 1000).rounded() / 1000)
        var payload = action.payload
        if let seen, case .object(var members) = payload {
            members["seen"] = .int(seen)
            payload = .object(members)
        }
        var entry = JournalEntry(
            id: id, time: time, agent: agent, host: host, store: store, journal: journal ?? id, action: action.name,
            conversation: conversation, payload: payload, previousHash: previousHash, hash: "")
        entry.key = signer?.publicKey
        let body = entry.body.serialized()
        entry.hash = digest(body)
        var line = String(body.dropLast()) + ",\"hash\":\"\(entry.hash)\""
        if let signer {
            entry.signature = signer.sign(entry.hash)
            line += ",\"sig\":\"\(entry.signature ?? "")\""
        }
        return (entry, line + "}")
    }

    static func digest(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Why a line is not a sound entry.
    public enum LineProblem: Error, Hashable, Sendable {
        /// Not JSON, or a field missing: the line is cut short or was edited by hand.
        case malformed(String)
        /// The hash does not match the line's bytes: the line was altered.
        case hashMismatch
    }

    /// Reads one line, checking its own hash (not its place in the chain).
    public static func parse(line: some StringProtocol) -> Result<JournalEntry, LineProblem> {
        var text = String(line)
        // The signature, after the hash.
        var signature: String?
        if text.hasSuffix("\"}"), let range = text.range(of: ",\"sig\":\"", options: .backwards) {
            let value = String(text[range.upperBound..<text.index(text.endIndex, offsetBy: -2)])
            if !value.contains("\""), !value.contains(",") {
                signature = value
                text = String(text[..<range.lowerBound]) + "}"
            }
        }
        let marker = ",\"hash\":\""
        guard let range = text.range(of: marker, options: .backwards), text.hasSuffix("\"}") else {
            return .failure(.malformed("no hash at the end of the line"))
        }
        let hash = String(text[range.upperBound..<text.index(text.endIndex, offsetBy: -2)])
        guard hash.count == 64, hash.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
            return .failure(.malformed("the hash is not 64 hex digits"))
        }
        let body = String(text[..<range.lowerBound]) + "}"
        guard let fields = JSONValue.parse(body)?.objectValue else { return .failure(.malformed("not a JSON object")) }
        func string(_ key: String) -> String? { fields[key]?.stringValue }
        guard let id = string("id"), let time = string("time").flatMap(Timestamp.parseRFC3339),
            let agent = string("agent"), let host = string("host"), let store = string("store"),
            let journal = string("journal"), let action = string("action"), let previous = string("prev"),
            let payload = fields["payload"]
        else { return .failure(.malformed("a field is missing")) }
        var conversation: ConversationID?
        if let reference = fields["conversation"], reference != .null {
            guard let parsed = reference.stringValue.flatMap(ConversationID.init(parsing:)) else {
                return .failure(.malformed("the conversation is not an id"))
            }
            conversation = parsed
        }
        guard digest(body) == hash else { return .failure(.hashMismatch) }
        var entry = JournalEntry(
            id: id, time: time, agent: agent, host: host, store: store, journal: journal, action: action,
            conversation: conversation, payload: payload, previousHash: previous, hash: hash)
        entry.key = string("key")
        entry.signature = signature
        return .success(entry)
    }

    /// The entry as the documented JSON of `tanggap journal show --json` (the line's own fields).
    public var json: JSONValue {
        guard case .object(var members) = body else { return body }
        members["hash"] = .string(hash)
        if let signature { members["sig"] = .string(signature) }
        return .object(members)
    }

    package init(
        id: String, time: Date, agent: String, host: String, store: String, journal: String, action: String,
        conversation: ConversationID?, payload: JSONValue, previousHash: String, hash: String
    ) {
        self.id = id
        self.time = time
        self.agent = agent
        self.host = host
        self.store = store
        self.journal = journal
        self.action = action
        self.conversation = conversation
        self.payload = payload
        self.previousHash = previousHash
        self.hash = hash
    }
}
