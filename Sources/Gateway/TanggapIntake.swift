import ConversationStore
import Foundation

/// `POST /v1/messages`: messages already in the JSONL import schema, one object or an array, signed with the
/// intake secret.
enum TanggapIntake {
    /// The most messages one request may carry.
    static let maximumBatch = 1_000

    /// Refuses a request whose timestamp is more than this far from the service's clock.
    static let allowedSkew: TimeInterval = 300

    /// Checks `X-Tanggap-Timestamp` and `X-Tanggap-Signature` (hex HMAC-SHA256 of `timestamp + "." + body`).
    static func authenticate(
        timestamp: String?, signature: String?, body: [UInt8], secret: [UInt8]?, now: Date
    ) throws(IntakeError) {
        let unconfigured = IntakeError(
            503, "intake_disabled", "no intake secret is configured; start the service with --secret-file")
        guard secret != nil else { throw unconfigured }
        guard let timestamp, !timestamp.isEmpty else {
            throw IntakeError(401, "missing_timestamp", "the X-Tanggap-Timestamp header is missing")
        }
        guard let seconds = Int64(timestamp), timestamp.utf8.count <= 12 else {
            throw IntakeError(401, "bad_timestamp", "X-Tanggap-Timestamp must be Unix seconds")
        }
        guard abs(now.timeIntervalSince1970 - Double(seconds)) <= allowedSkew else {
            throw IntakeError(
                401, "stale_timestamp", "X-Tanggap-Timestamp is more than 5 minutes from the server's clock")
        }
        let signed = Array(timestamp.utf8) + [0x2E] + body
        try IntakeError.requireSignature(
            signature, header: "X-Tanggap-Signature", secret: secret, unconfigured: unconfigured,
            verify: { Signature.verifyHex($0, message: signed, secret: $1) })
    }

    /// The messages of a body, each filed under a configured account of its channel.
    static func parse(_ body: [UInt8], configuration: GatewayConfiguration) throws(IntakeError) -> WebhookBatch {
        let decoded = try JSONFields.decode(body)
        let items: [Any]
        if let list = decoded as? [Any] {
            items = list
        } else if decoded is [String: Any] {
            items = [decoded]
        } else {
            throw .malformed("the body must be a message object or an array of them")
        }
        guard !items.isEmpty else { throw .invalid("the array holds no messages") }
        guard items.count <= maximumBatch else { throw .invalid("at most \(maximumBatch) messages a request") }
        var batch = WebhookBatch()
        for (index, item) in items.enumerated() {
            let place = items.count == 1 && !(decoded is [Any]) ? "the message" : "message \(index)"
            var message: IncomingMessage
            do {
                message = try JSONLReader.message(from: item)
            } catch {
                throw .invalid("\(place): \(error.reason)")
            }
            message.account = try account(for: message, configuration: configuration, place: place).handle
            batch.messages.append(message)
        }
        return batch
    }

    /// The configured account a message belongs to: the one it names, or the channel's only account.
    private static func account(
        for message: IncomingMessage, configuration: GatewayConfiguration, place: String
    ) throws(IntakeError) -> GatewayConfiguration.Account {
        let candidates = configuration.accounts.filter { $0.channel == message.channel }
        guard !candidates.isEmpty else {
            throw IntakeError(
                422, "unknown_channel", "\(place): no account is configured for channel '\(message.channel)'")
        }
        if let handle = message.account {
            let name = handle.hasPrefix("@") ? String(handle.dropFirst()) : handle
            guard let account = configuration.account(channel: message.channel, handle: name) else {
                throw IntakeError(
                    422, "unknown_account", "\(place): no \(message.channel) account '\(name)' in the config")
            }
            return account
        }
        guard candidates.count == 1 else {
            throw IntakeError(
                422, "unknown_account",
                "\(place): \(message.channel) has \(candidates.count) accounts; say which in 'account'")
        }
        return candidates[0]
    }
}
