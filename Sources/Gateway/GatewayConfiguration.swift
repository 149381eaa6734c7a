import ConversationStore
import Foundation
import TOMLKit

/// What `tanggap serve` reads from its config file (TOML):
///
/// ```toml
/// listen = "127.0.0.1:8080"
/// secret_file = "/etc/tanggap/intake.secret"     # HMAC secret of POST /v1/messages
/// max_body_bytes = 1048576
///
/// [meta]                                         # Facebook, Instagram and WhatsApp webhooks
/// app_secret_file = "/etc/tanggap/meta-app.secret"
/// verify_token = "a long random string"
///
/// [x]
/// consumer_secret_file = "/etc/tanggap/x-consumer.secret"
///
/// [delivery]
/// meta_base_url = "https://graph.facebook.com/v21.0"
/// x_base_url = "https://api.x.com/2"
/// timeout_seconds = 10
/// max_attempts = 8
/// first_retry_seconds = 2
/// idempotent = false
///
/// [[account]]
/// channel = "facebook"                           # facebook, instagram, whatsapp or twitter
/// id = "104598273645"                            # page id, Instagram account id, phone number id, X user id
/// handle = "TelkomCare"
/// name = "Telkom Care"
/// token_file = "/etc/tanggap/facebook.token"     # the access token replies are sent with
/// ```
///
/// Every secret may be given inline (`app_secret`, `consumer_secret`, `token`) instead of as a file; then the config
/// file itself must be private to its owner. Secret files must be private too: the service refuses to start otherwise.
public struct GatewayConfiguration: Sendable {
    /// One brand account the service speaks for: where its messages arrive and what it sends replies with.
    public struct Account: Hashable, Sendable {
        public var channel: Channel
        /// The platform's id of the account (page, Instagram account, WhatsApp phone number id, X user).
        public var platformID: String
        /// The handle the store files its conversations under (the inbox).
        public var handle: String
        public var name: String?
        /// The access token replies are sent with; `nil` for an account that only receives.
        public var token: String?

        public init(channel: Channel, platformID: String, handle: String, name: String? = nil, token: String? = nil) {
            self.channel = channel
            self.platformID = platformID
            self.handle = handle
            self.name = name
            self.token = token
        }
    }

    /// How the dispatcher delivers replies.
    public struct Delivery: Hashable, Sendable {
        /// The Graph API root for Facebook, Instagram and WhatsApp sends.
        public var metaBaseURL: String = "https://graph.facebook.com/v21.0"
        /// The X API v2 root.
        public var xBaseURL: String = "https://api.x.com/2"
        /// How long one call to a platform may take.
        public var timeout: Duration = .seconds(10)
        /// Attempts before a reply the platform keeps failing is given up as failed.
        public var maxAttempts: Int = 8
        /// The wait after the first passing failure; it doubles with every attempt, up to ten minutes.
        public var firstRetry: Duration = .seconds(2)
        /// How often the outbox is looked at when it was empty.
        public var pollInterval: Duration = .milliseconds(250)
        /// True when the platform (or a gateway in front of it) honours `Idempotency-Key`: a reply whose attempt
        /// ended in doubt (timed out, or the service died mid-call) is then sent again with the same key. Otherwise
        /// such a reply is marked failed for an agent to check, never sent a second time.
        public var idempotent: Bool = false

        public init() {}

        /// How long an attempt may stay unfinished before another sender takes it as interrupted.
        public var lease: Duration { timeout * 2 + .seconds(1) }
    }

    public var listen: String = "127.0.0.1:8080"
    /// The HMAC secret of `POST /v1/messages`; without one that endpoint refuses every request.
    public var intakeSecret: [UInt8]?
    public var maxBodyBytes: Int = 1 << 20
    public var metaAppSecret: [UInt8]?
    public var metaVerifyToken: String?
    public var xConsumerSecret: [UInt8]?
    public var delivery = Delivery()
    public var accounts: [Account] = []

    public init() {}

    /// The account with this platform id on a channel.
    public func account(channel: Channel, platformID: String) -> Account? {
        accounts.first { $0.channel == channel && $0.platformID == platformID }
    }

    /// The account the store files under this handle on a channel.
    public func account(channel: Channel, handle: String) -> Account? {
        accounts.first { $0.channel == channel && $0.handle.caseInsensitiveCompare(handle) == .orderedSame }
    }

    /// Reads and checks a config file; secrets named by `*_file` keys are read relative to the file's folder.
    public static func load(path: String) throws(GatewayConfigurationError) -> GatewayConfiguration {
        let url = URL(fileURLWithPath: path)
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw GatewayConfigurationError("cannot read the config file \(path): \(error.localizedDescription)")
        }
        let inlineSecrets = ["app_secret", "consumer_secret", "token", "secret"]
        var configuration = try parse(text, folder: url.deletingLastPathComponent(), name: path)
        if inlineSecrets.contains(where: { text.range(of: "\n\($0) =") != nil || text.range(of: "\n\($0)=") != nil }) {
            try SecretFile.checkPrivate(path)
        }
        configuration.normalise()
        return configuration
    }

    /// Parses config text (for `load` and tests); `folder` anchors relative secret-file paths.
    public static func parse(
        _ text: String, folder: URL, name: String = "the config file"
    ) throws(GatewayConfigurationError) -> GatewayConfiguration {
        let table: TOMLTable
        do {
            table = try TOMLText.table(text)
        } catch {
            throw GatewayConfigurationError("\(name), \(error.description)")
        }
        var configuration = GatewayConfiguration()
        let root = Section(table: table, name: name, folder: folder)
        try root.allow(["listen", "secret_file", "secret", "max_body_bytes", "meta", "x", "delivery", "account"])
        if let listen = try root.string("listen") { configuration.listen = listen }
        configuration.intakeSecret = try root.secret("secret")
        if let limit = try root.integer("max_body_bytes", in: 1_024...(16 << 20)) { configuration.maxBodyBytes = limit }

        if let meta = try root.section("meta") {
            try meta.allow(["app_secret", "app_secret_file", "verify_token"])
            configuration.metaAppSecret = try meta.secret("app_secret")
            configuration.metaVerifyToken = try meta.string("verify_token")
        }
        if let x = try root.section("x") {
            try x.allow(["consumer_secret", "consumer_secret_file"])
            configuration.xConsumerSecret = try x.secret("consumer_secret")
        }
        if let delivery = try root.section("delivery") {
            try delivery.allow([
                "meta_base_url", "x_base_url", "timeout_seconds", "max_attempts", "first_retry_seconds", "poll_ms",
                "idempotent",
            ])
            if let url = try delivery.url("meta_base_url") { configuration.delivery.metaBaseURL = url }
            if let url = try delivery.url("x_base_url") { configuration.delivery.xBaseURL = url }
            if let seconds = try delivery.number("timeout_seconds", in: 0.05...300) {
                configuration.delivery.timeout = .milliseconds(Int64(seconds * 1000))
            }
            if let attempts = try delivery.integer("max_attempts", in: 1...100) {
                configuration.delivery.maxAttempts = attempts
            }
            if let seconds = try delivery.number("first_retry_seconds", in: 0...3600) {
                configuration.delivery.firstRetry = .milliseconds(Int64(seconds * 1000))
            }
            if let poll = try delivery.integer("poll_ms", in: 10...60_000) {
                configuration.delivery.pollInterval = .milliseconds(poll)
            }
            if let idempotent = try delivery.bool("idempotent") { configuration.delivery.idempotent = idempotent }
        }
        if let entries = table["account"] {
            guard let list = entries.array else {
                throw GatewayConfigurationError("\(name): 'account' must be a list of [[account]] tables")
            }
            for (index, entry) in list.enumerated() {
                guard let fields = entry.table else {
                    throw GatewayConfigurationError("\(name): account \(index + 1) is not a table")
                }
                let section = Section(table: fields, name: "\(name): account \(index + 1)", folder: folder)
                try section.allow(["channel", "id", "handle", "name", "token", "token_file"])
                guard let channelName = try section.string("channel"),
                    let channel = Channel(rawValue: channelName),
                    Platform(channel: channel) != nil
                else {
                    throw GatewayConfigurationError(
                        "\(section.name): 'channel' must be facebook, instagram, whatsapp or twitter")
                }
                guard let id = try section.string("id"), !id.isEmpty,
                    !id.contains(where: { $0.isWhitespace })
                else { throw GatewayConfigurationError("\(section.name): 'id' (the platform's account id) is missing") }
                guard let handle = try section.string("handle"), !handle.isEmpty else {
                    throw GatewayConfigurationError("\(section.name): 'handle' is missing")
                }
                let account = Account(
                    channel: channel, platformID: id,
                    handle: handle.hasPrefix("@") ? String(handle.dropFirst()) : handle,
                    name: try section.string("name"),
                    token: try section.secret("token").map { String(decoding: $0, as: UTF8.self) })
                if configuration.account(channel: channel, platformID: id) != nil {
                    throw GatewayConfigurationError("\(section.name): \(channel) account \(id) is listed twice")
                }
                configuration.accounts.append(account)
            }
        }
        configuration.normalise()
        return configuration
    }

    private mutating func normalise() {
        delivery.metaBaseURL = String(delivery.metaBaseURL.trimmingSuffix("/"))
        delivery.xBaseURL = String(delivery.xBaseURL.trimmingSuffix("/"))
    }
}

/// A config problem, as one line for the person starting the service.
public struct GatewayConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Reading secret files, which must be private to their owner.
public enum SecretFile {
    /// Refuses a file that its group or others can read.
    public static func checkPrivate(_ path: String) throws(GatewayConfigurationError) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw GatewayConfigurationError("cannot read \(path): \(String(cString: strerror(errno)))")
        }
        if info.st_mode & 0o077 != 0 {
            throw GatewayConfigurationError(
                "\(path) holds a secret but others can read it (mode \(String(info.st_mode & 0o777, radix: 8))); "
                    + "run: chmod 600 \(path)")
        }
    }

    /// The secret in a private file, without a trailing newline; an empty file is refused.
    public static func read(_ path: String) throws(GatewayConfigurationError) -> [UInt8] {
        try checkPrivate(path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw GatewayConfigurationError("cannot read \(path)")
        }
        var bytes = [UInt8](data)
        while let last = bytes.last, last == 0x0A || last == 0x0D || last == 0x20 { bytes.removeLast() }
        guard !bytes.isEmpty else { throw GatewayConfigurationError("\(path) is empty") }
        return bytes
    }
}

/// One table of the config, with checked accessors that name the key in their errors.
private struct Section {
    let table: TOMLTable
    let name: String
    let folder: URL

    func allow(_ keys: Set<String>) throws(GatewayConfigurationError) {
        for key in table.keys where !keys.contains(key) {
            throw GatewayConfigurationError("\(name): unknown key '\(key)'")
        }
    }

    func section(_ key: String) throws(GatewayConfigurationError) -> Section? {
        guard let value = table[key] else { return nil }
        guard let inner = value.table else { throw GatewayConfigurationError("\(name): [\(key)] must be a table") }
        return Section(table: inner, name: "\(name) [\(key)]", folder: folder)
    }

    func string(_ key: String) throws(GatewayConfigurationError) -> String? {
        guard let value = table[key] else { return nil }
        guard let text = value.string else { throw GatewayConfigurationError("\(name): '\(key)' must be a string") }
        return text
    }

    func bool(_ key: String) throws(GatewayConfigurationError) -> Bool? {
        guard let value = table[key] else { return nil }
        guard let flag = value.bool else { throw GatewayConfigurationError("\(name): '\(key)' must be true or false") }
        return flag
    }

    func integer(_ key: String, in range: ClosedRange<Int>) throws(GatewayConfigurationError) -> Int? {
        guard let value = table[key] else { return nil }
        guard let number = value.int, range.contains(number) else {
            throw GatewayConfigurationError(
                "\(name): '\(key)' must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    func number(_ key: String, in range: ClosedRange<Double>) throws(GatewayConfigurationError) -> Double? {
        guard let value = table[key] else { return nil }
        guard let number = value.double ?? value.int.map(Double.init), range.contains(number) else {
            throw GatewayConfigurationError(
                "\(name): '\(key)' must be a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    func url(_ key: String) throws(GatewayConfigurationError) -> String? {
        guard let text = try string(key) else { return nil }
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
            throw GatewayConfigurationError("\(name): '\(key)' must be an http or https URL")
        }
        return text
    }

    /// A secret given inline as `key` or in a private file as `key_file`.
    func secret(_ key: String) throws(GatewayConfigurationError) -> [UInt8]? {
        if let inline = try string(key) {
            guard !inline.isEmpty else { throw GatewayConfigurationError("\(name): '\(key)' is empty") }
            return Array(inline.utf8)
        }
        guard let path = try string(key + "_file") else { return nil }
        let resolved = path.hasPrefix("/") ? path : folder.appendingPathComponent(path).path
        return try SecretFile.read(resolved)
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> Substring {
        var text = Substring(self)
        while text.hasSuffix(suffix) { text = text.dropLast(suffix.count) }
        return text
    }
}
