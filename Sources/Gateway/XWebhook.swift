import ConversationStore
import Foundation

/// X's webhooks in the X Activity API's event format: an envelope `{"data": {"event_uuid", "filter": {"user_id"},
/// "event_type", "payload", "includes"}}` (or a list of them), where `filter.user_id` is the brand account the
/// subscription is for.
///
/// - `post.create`: a post (v2 post object: `id`, `text`, `author_id`, `created_at`, `referenced_tweets`); a
///   customer's mention or reply, or the brand's own post (outbound);
/// - `dm.received` / `dm.sent`: a direct message (v2 DM event: `id`, `text`, `sender_id`, `created_at`).
///
/// Ids are strings (`id_str` style) and never pass through floating point. The CRC handshake answers
/// `sha256=` + base64 HMAC-SHA256 of `crc_token` under the consumer secret; requests are signed the same way in
/// `x-twitter-webhooks-signature`, over the raw body.
enum XWebhook {
    static func crc(token: String?, configuration: GatewayConfiguration) throws(IntakeError) -> String {
        guard let secret = configuration.xConsumerSecret else {
            throw IntakeError(503, "x_disabled", "no [x] consumer secret is configured")
        }
        guard let token, !token.isEmpty, token.utf8.count <= 512 else {
            throw IntakeError(400, "bad_handshake", "crc_token is missing")
        }
        return "sha256=" + Signature.base64(Array(token.utf8), secret: secret)
    }

    static func authenticate(signature: String?, body: [UInt8], configuration: GatewayConfiguration) throws(IntakeError)
    {
        try IntakeError.requireSignature(
            signature, header: "x-twitter-webhooks-signature", secret: configuration.xConsumerSecret,
            unconfigured: IntakeError(503, "x_disabled", "no [x] consumer secret is configured"),
            verify: { Signature.verifyBase64($0, message: body, secret: $1) })
    }

    static func parse(_ body: [UInt8], configuration: GatewayConfiguration) throws(IntakeError) -> WebhookBatch {
        let decoded = try JSONFields.decode(body)
        guard let root = decoded as? [String: Any] else { throw .malformed("the body must be a JSON object") }
        let events: [JSONFields]
        if let list = root["data"] as? [Any] {
            var collected: [JSONFields] = []
            for (index, item) in list.enumerated() { collected.append(try JSONFields(item, path: "data[\(index)]")) }
            events = collected
        } else {
            events = [try JSONFields(root["data"], path: "data")]
        }
        var batch = WebhookBatch()
        for event in events {
            let type = try event.required("event_type")
            guard ["post.create", "dm.received", "dm.sent"].contains(type) else {
                batch.ignored += 1
                continue
            }
            guard let userID = try event.fields("filter")?.identifier("user_id") else {
                throw .invalid("\(event.path).filter.user_id is missing: which account is this for?")
            }
            guard let account = configuration.account(channel: .twitter, platformID: userID) else {
                throw .unknownAccount(.twitter, userID)
            }
            guard let payload = try event.fields("payload") else { throw .invalid("\(event.path).payload is missing") }
            let users = try users(in: event)
            let brand = IncomingMessage.Author(id: account.platformID, handle: account.handle, name: account.name)
            if type == "post.create" {
                let author = try payload.requiredIdentifier("author_id")
                var parent: String?
                for reference in try payload.list("referenced_tweets")
                where try reference.string("type") == "replied_to" {
                    parent = try reference.identifier("id")
                }
                if author == account.platformID && parent == nil {
                    batch.ignored += 1  // the brand's own post, not an answer to anyone
                    continue
                }
                batch.messages.append(
                    try .checked(
                        IncomingMessage(
                            channel: .twitter, externalID: try payload.requiredIdentifier("id"), inReplyTo: parent,
                            direction: author == account.platformID ? .outbound : .inbound,
                            author: author == account.platformID
                                ? brand : users[author] ?? IncomingMessage.Author(id: author),
                            text: try payload.required("text"), createdAt: try time(payload),
                            visibility: .public, account: account.handle),
                        path: payload.path, time: "\(payload.path).created_at"))
            } else {
                let sender = try payload.requiredIdentifier("sender_id")
                if let kind = try payload.string("event_type"), kind != "MessageCreate" {
                    batch.ignored += 1  // participants joining or leaving
                    continue
                }
                if sender == account.platformID {
                    // The brand's own DM: ours are recorded by the dispatcher; others name the customer only as
                    // a participant, which threads nothing here.
                    batch.ignored += 1
                    continue
                }
                batch.messages.append(
                    try .checked(
                        IncomingMessage(
                            channel: .twitter, externalID: try payload.requiredIdentifier("id"), inReplyTo: nil,
                            direction: .inbound, author: users[sender] ?? IncomingMessage.Author(id: sender),
                            text: try payload.string("text") ?? MetaWebhook.placeholder(for: "attachment"),
                            createdAt: try time(payload), visibility: .private, account: account.handle),
                        path: payload.path, time: "\(payload.path).created_at"))
            }
        }
        return batch
    }

    private static func time(_ payload: JSONFields) throws(IntakeError) -> Date {
        guard let text = try payload.string("created_at") else {
            throw .invalid("\(payload.path).created_at is missing")
        }
        guard let date = Timestamp.parseRFC3339(text) else {
            throw .invalid("\(payload.path).created_at must be an RFC 3339 time")
        }
        return date
    }

    /// The users the event expands, by id: handle, name and followers.
    private static func users(in event: JSONFields) throws(IntakeError) -> [String: IncomingMessage.Author] {
        var users: [String: IncomingMessage.Author] = [:]
        for user in try event.fields("includes")?.list("users") ?? [] {
            guard let id = try user.identifier("id") else { continue }
            let followers = try user.fields("public_metrics")?.integer("followers_count").map { Int($0) }
            users[id] = IncomingMessage.Author(
                id: id, handle: try user.string("username"), name: try user.string("name"), followers: followers)
        }
        return users
    }
}
