import Crypto
import Foundation
import TextAnalysis

/// Personal data taken out of what leaves the store: every text masked (``PersonalData``), and every customer's id,
/// handle and name replaced by a pseudonym that is the same wherever that customer appears in the store, so threads
/// and repeat customers still read as such. The pseudonyms are keyed by the store's own id: the same customer gets the
/// same one in every export of the store, and nobody without the store can tell who it stands for.
public struct Redaction: Sendable {
    /// The key's bytes (a `SymmetricKey` is made for each use: it is not `Sendable`).
    private let key: [UInt8]

    /// Pseudonyms keyed by the store with this id.
    public init(storeID: String) {
        key = Array(SHA256.hash(data: Data(("tanggap pseudonyms " + storeID).utf8)))
    }

    /// `c-` and ten letters and digits, the same for the same customer of a channel.
    public func pseudonym(channel: String, customer id: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(
            for: Data((channel + "\u{1F}" + id).utf8), using: SymmetricKey(data: key))
        let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")
        return "c-" + String(code.prefix(10).map { alphabet[Int($0) % alphabet.count] })
    }

    /// The text with personal data masked, the customers it mentions (`@budi`, looked up lowercased in `handles`)
    /// named by their pseudonyms, and the words of the conversation's customer's name (`Hi Rina`) replaced by theirs.
    public func text(
        _ text: String, handles: [String: String] = [:], name: (words: Set<String>, alias: String)? = nil
    )
        -> String
    {
        let renamed = Self.renaming(mentionsIn: PersonalData.mask(text)) { handles[$0.lowercased()] }
        guard let name, !name.words.isEmpty else { return renamed }
        return Self.renaming(words: name.words, in: renamed, to: name.alias)
    }

    /// The words of a customer's name worth replacing: three letters or more, honorifics left out.
    public static func nameWords(_ name: String?) -> Set<String> {
        guard let name else { return [] }
        let honorifics: Set<String> = ["kak", "kakak", "mas", "mbak", "mba", "bang", "pak", "bapak", "ibu", "min"]
        return Set(
            name.lowercased().split { !$0.isLetter }.map(String.init).filter {
                $0.count >= 3 && !honorifics.contains($0)
            })
    }

    /// `text` with each word in `words` (compared lowercased) replaced by `alias`.
    static func renaming(words: Set<String>, in text: String, to alias: String) -> String {
        var result = ""
        var word = ""
        func flush() {
            result += words.contains(word.lowercased()) ? alias : word
            word = ""
        }
        for character in text {
            if character.isLetter {
                word.append(character)
            } else {
                flush()
                result.append(character)
            }
        }
        flush()
        return result
    }

    /// `text` with each `@handle` that `alias` knows replaced by `@` and its alias.
    static func renaming(mentionsIn text: String, _ alias: (String) -> String?) -> String {
        guard text.utf8.contains(UInt8(ascii: "@")) else { return text }
        func isHandle(_ character: Character) -> Bool {
            character.isLetter || character.isNumber || character == "_" || character == "."
        }
        var result = ""
        var rest = Substring(text)
        while let at = rest.firstIndex(of: "@") {
            result += rest[..<at]
            let start = rest.index(after: at)
            var end = start
            while end < rest.endIndex, isHandle(rest[end]) { end = rest.index(after: end) }
            // A handle does not end with a dot ("@budi." ends a sentence).
            while end > start, rest[rest.index(before: end)] == "." { end = rest.index(before: end) }
            let handle = String(rest[start..<end])
            result += "@" + (handle.isEmpty ? "" : alias(handle) ?? handle)
            rest = rest[end...]
        }
        return result + rest
    }

    /// A conversation as `--redact` shows it: its customer named by pseudonym, its snippet masked.
    public func conversation(_ conversation: Conversation) -> Conversation {
        var redacted = conversation
        var handles: [String: String] = [:]
        var name: (words: Set<String>, alias: String)?
        if var customer = conversation.customer {
            let alias = pseudonym(channel: conversation.channel.rawValue, customer: customer.externalID)
            if let handle = customer.handle { handles[handle.lowercased()] = alias }
            name = (Self.nameWords(customer.name), alias)
            customer.externalID = alias
            customer.handle = customer.handle.map { _ in alias }
            customer.name = customer.name.map { _ in alias }
            redacted.customer = customer
        }
        redacted.snippet = text(conversation.snippet, handles: handles, name: name)
        return redacted
    }

    /// A thread as `--redact` shows it: the customer's messages carry the pseudonym, every text is masked.
    public func thread(_ thread: ConversationThread) -> ConversationThread {
        let conversation = self.conversation(thread.conversation)
        var handles: [String: String] = [:]
        if let original = thread.conversation.customer?.handle, let alias = conversation.customer?.handle {
            handles[original.lowercased()] = alias
        }
        let customerID = thread.conversation.customer?.externalID
        let messages = thread.messages.map { message in
            var redacted = message
            if message.direction == .inbound {
                let alias = pseudonym(channel: message.channel.rawValue, customer: message.authorID)
                if message.authorID == customerID || customerID == nil {
                    redacted.authorID = alias
                    redacted.authorHandle = message.authorHandle.map { _ in alias }
                    redacted.authorName = message.authorName.map { _ in alias }
                    if let handle = message.authorHandle { handles[handle.lowercased()] = alias }
                }
            }
            return redacted
        }
        let name = conversation.customer.map { (Self.nameWords(thread.conversation.customer?.name), $0.externalID) }
        return ConversationThread(
            conversation: conversation,
            messages: messages.map { message in
                var redacted = message
                redacted.text = text(message.text, handles: handles, name: name)
                return redacted
            })
    }
}

/// Writes a store's messages in the JSONL import format (see <doc:ImportFormats>), so that importing the file into a
/// new store gives the same threads and the same report. Notes stay behind (they are the team's, not the
/// conversation's), and so do replies the platform finally refused (they never reached the customer). Read from one
/// consistent snapshot.
public enum StoreExport {
    /// What an export wrote.
    public struct Summary: Sendable, Equatable {
        public var messages = 0
        public var redactedFindings = 0
    }

    /// Writes each message created in `since ..< until` as one line through `write`, in the order the store received
    /// them; with `redaction`, texts are masked and customers named by pseudonym.
    package static func export(
        from source: any CopySource, since: Date?, until: Date?, redacting: Bool,
        write: @Sendable (String) throws -> Void
    ) async throws -> Summary {
        try await source.withSnapshot { reader in
            let table = { (name: String) -> StoreCopy.Table in
                guard let table = StoreCopy.tables.first(where: { $0.name == name }) else {
                    preconditionFailure("no table \(name)")
                }
                return table
            }
            let infoTable = table("store_info")
            var storeID = ""
            for row in try await reader.rows(of: infoTable, keys: nil) where row.first == .text("id") {
                if case .text(let id) = row[1] { storeID = id }
            }
            let redaction = redacting ? Redaction(storeID: storeID) : nil
            var accounts: [Int64: String] = [:]
            let accountTable = table("account")
            for row in try await reader.rows(of: accountTable, keys: nil) {
                let fields = Fields(row, accountTable)
                if let id = fields.integer("id"), let handle = fields.text("handle") { accounts[id] = handle }
            }
            var followers: [Int64: Int64] = [:]
            // Each customer's name words and pseudonym, and each conversation's customer, for names in any text.
            var names: [Int64: (words: Set<String>, alias: String)] = [:]
            var customerOf: [Int64: Int64] = [:]
            // Each channel's customers by lowercased handle, for the mentions of them in any text.
            var aliases: [String: [String: String]] = [:]
            let customerTable = table("customer")
            try await forEachRow(of: customerTable, in: reader) { fields in
                if let id = fields.integer("id"), let count = fields.integer("followers") { followers[id] = count }
                if let redaction, let channel = fields.text("channel"), let external = fields.text("external_id"),
                    let handle = fields.text("handle")
                {
                    aliases[channel, default: [:]][handle.lowercased()] = redaction.pseudonym(
                        channel: channel, customer: external)
                }
                if let redaction, let id = fields.integer("id"), let channel = fields.text("channel"),
                    let external = fields.text("external_id")
                {
                    let words = Redaction.nameWords(fields.text("name"))
                    if !words.isEmpty {
                        names[id] = (words, redaction.pseudonym(channel: channel, customer: external))
                    }
                }
            }
            if redacting {
                try await forEachRow(of: table("conversation"), in: reader) { fields in
                    if let id = fields.integer("id"), let customer = fields.integer("customer_id") {
                        customerOf[id] = customer
                    }
                }
            }
            var summary = Summary()
            let from = since?.milliseconds ?? Int64.min
            let to = until?.milliseconds ?? Int64.max
            let messageTable = table("message")
            try await forEachRow(of: messageTable, in: reader) { fields in
                guard let direction = fields.text("direction"), direction != MessageDirection.note.rawValue,
                    fields.text("delivery") != DeliveryState.failed.rawValue,
                    let createdAt = fields.integer("created_at"), createdAt >= from, createdAt < to,
                    let channel = fields.text("channel"), let externalID = fields.text("external_id"),
                    let authorID = fields.text("author_id"), let text = fields.text("text")
                else { return }
                var author: [String: JSONValue] = ["id": .string(authorID)]
                var handle = fields.text("author_handle")
                var name = fields.text("author_name")
                var body = text
                var masked = Int(fields.integer("masked_personal_data") ?? 0)
                let isCustomer = direction == MessageDirection.inbound.rawValue
                if let redaction {
                    if isCustomer {
                        let alias = redaction.pseudonym(channel: channel, customer: authorID)
                        author["id"] = .string(alias)
                        handle = handle.map { _ in alias }
                        name = name.map { _ in alias }
                    }
                    let found = PersonalData.find(in: text)
                    summary.redactedFindings += found.count
                    masked = PersonalDataRules.masking(found.map(\.kind), into: masked)
                    let name = fields.integer("conversation_id").flatMap { customerOf[$0] }.flatMap { names[$0] }
                    body = redaction.text(text, handles: aliases[channel] ?? [:], name: name)
                }
                if let handle { author["handle"] = .string(handle) }
                if let name { author["name"] = .string(name) }
                if isCustomer, let customer = fields.integer("customer_id"), let count = followers[customer] {
                    author["followers"] = .int(count)
                }
                var record: [String: JSONValue] = [
                    "channel": .string(channel), "id": .string(externalID), "direction": .string(direction),
                    "author": .object(author), "text": .string(body),
                    "created_at": .string(Timestamp.format(Date(milliseconds: createdAt))),
                    "visibility": .string(fields.text("visibility") ?? Visibility.public.rawValue),
                    "automatic": .bool(fields.integer("automatic") == 1),
                ]
                if let parent = fields.text("in_reply_to") { record["in_reply_to"] = .string(parent) }
                if masked != 0 {
                    let kinds = PersonalDataRules.kinds(bits: masked).map(\.rawValue)
                    record["masked_personal_data"] = .string(kinds.joined(separator: ","))
                }
                if let account = fields.integer("account_id").flatMap({ accounts[$0] }) {
                    record["account"] = .string(account)
                }
                try write(JSONValue.object(record).serialized())
                summary.messages += 1
            }
            return summary
        }
    }

    /// Every row of a keyed table, in key order, a range at a time.
    private static func forEachRow(
        of table: StoreCopy.Table, in reader: any CopyReader, _ body: (Fields) throws -> Void
    ) async throws {
        guard let key = table.key, let bounds = try await reader.keyBounds(of: table, key: key) else { return }
        var start = bounds.lowerBound
        while start <= bounds.upperBound {
            let end = start + StoreCopy.keySpan - 1
            let rows = try await reader.rows(of: table, keys: start...min(end, bounds.upperBound))
            for row in rows { try body(Fields(row, table)) }
            guard end < bounds.upperBound else { break }
            start = end + 1
        }
    }

    /// One row's values by column name.
    private struct Fields {
        let row: [StoreCopy.Value]
        let table: StoreCopy.Table

        init(_ row: [StoreCopy.Value], _ table: StoreCopy.Table) {
            self.row = row
            self.table = table
        }

        private func value(_ name: String) -> StoreCopy.Value? {
            table.columns.firstIndex { $0.name == name }.map { row[$0] }
        }

        func text(_ name: String) -> String? {
            if case .text(let text)? = value(name) { return text }
            return nil
        }

        func integer(_ name: String) -> Int64? {
            if case .integer(let number)? = value(name) { return number }
            return nil
        }
    }
}
