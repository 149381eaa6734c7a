import ConversationStore
import Foundation

/// Meta's webhooks, one endpoint for the three products of one app:
///
/// - `object: "page"`: Messenger messages (`entry[].messaging[]`, `is_echo` for the page's own sends) and Page
///   comments (`entry[].changes[]` with `field: "feed"`, `item: "comment"`);
/// - `object: "instagram"`: Instagram messages (`entry[].messaging[]`) and comments (`field: "comments"`);
/// - `object: "whatsapp_business_account"`: WhatsApp Cloud API `value.messages[]` (with `contacts[].profile.name`)
///   and `value.statuses[]`, the delivery reports of our own replies.
///
/// Requests carry `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body under the app secret>`. Meta retries
/// a delivery it thinks failed, so the same message id may come again; the store keeps it once.
enum MetaWebhook {
    /// The text the store keeps for a message without text (a sticker, a photo without caption).
    static func placeholder(for kind: String) -> String { "[\(kind)]" }

    /// Answers the subscription handshake: `hub.mode=subscribe`, the verify token, and the challenge to echo.
    static func handshake(
        mode: String?, token: String?, challenge: String?, configuration: GatewayConfiguration
    ) throws(IntakeError) -> String {
        guard let expected = configuration.metaVerifyToken else {
            throw IntakeError(503, "meta_disabled", "no [meta] verify_token is configured")
        }
        guard mode == "subscribe" else { throw IntakeError(400, "bad_handshake", "hub.mode must be subscribe") }
        guard let token, Array(token.utf8).constantTimeEquals(Array(expected.utf8)) else {
            throw IntakeError(403, "bad_verify_token", "hub.verify_token does not match the configured verify_token")
        }
        guard let challenge, !challenge.isEmpty, challenge.utf8.count <= 256 else {
            throw IntakeError(400, "bad_handshake", "hub.challenge is missing")
        }
        return challenge
    }

    static func authenticate(signature: String?, body: [UInt8], configuration: GatewayConfiguration) throws(IntakeError)
    {
        try IntakeError.requireSignature(
            signature, header: "X-Hub-Signature-256", secret: configuration.metaAppSecret,
            unconfigured: IntakeError(503, "meta_disabled", "no [meta] app secret is configured"),
            verify: { Signature.verifyHex($0, message: body, secret: $1) })
    }

    static func parse(_ body: [UInt8], configuration: GatewayConfiguration) throws(IntakeError) -> WebhookBatch {
        let root = try JSONFields(try JSONFields.decode(body), path: "body")
        let object = try root.required("object")
        guard ["page", "instagram", "whatsapp_business_account"].contains(object) else {
            throw IntakeError(
                422, "unknown_channel",
                "object '\(object.prefix(40))' is not page, instagram or whatsapp_business_account")
        }
        var batch = WebhookBatch()
        for entry in try root.list("entry") {
            switch object {
            case "page":
                let account = try account(.facebook, try entry.requiredIdentifier("id"), configuration)
                try messaging(entry, channel: .facebook, account: account, into: &batch)
                for change in try entry.list("changes") {
                    guard try change.string("field") == "feed", let value = try change.fields("value") else {
                        batch.ignored += 1
                        continue
                    }
                    try pageComment(value, account: account, into: &batch)
                }
            case "instagram":
                let account = try account(.instagram, try entry.requiredIdentifier("id"), configuration)
                try messaging(entry, channel: .instagram, account: account, into: &batch)
                let time = try entry.integer("time")
                for change in try entry.list("changes") {
                    guard try change.string("field") == "comments", let value = try change.fields("value") else {
                        batch.ignored += 1
                        continue
                    }
                    try instagramComment(
                        value, time: time, timePath: "\(entry.path).time", account: account, into: &batch)
                }
            case "whatsapp_business_account":
                for change in try entry.list("changes") {
                    guard try change.string("field") == "messages", let value = try change.fields("value") else {
                        batch.ignored += 1
                        continue
                    }
                    try whatsApp(value, configuration: configuration, into: &batch)
                }
            default:
                break
            }
        }
        return batch
    }

    private static func account(
        _ channel: Channel, _ id: String, _ configuration: GatewayConfiguration
    ) throws(IntakeError) -> GatewayConfiguration.Account {
        guard let account = configuration.account(channel: channel, platformID: id) else {
            throw .unknownAccount(channel, id)
        }
        return account
    }

    private static func brand(_ account: GatewayConfiguration.Account) -> IncomingMessage.Author {
        IncomingMessage.Author(id: account.platformID, handle: account.handle, name: account.name)
    }

    /// Messenger and Instagram direct messages.
    private static func messaging(
        _ entry: JSONFields, channel: Channel, account: GatewayConfiguration.Account, into batch: inout WebhookBatch
    ) throws(IntakeError) {
        for event in try entry.list("messaging") {
            guard let message = try event.fields("message") else {
                batch.ignored += 1  // deliveries, reads, reactions, postbacks
                continue
            }
            if try message.bool("is_deleted") {
                batch.ignored += 1
                continue
            }
            let echo = try message.bool("is_echo")
            if echo, (try message.string("metadata"))?.hasPrefix(Message.localIDPrefix) == true {
                batch.ignored += 1  // our own reply; the dispatcher records it under the id the platform gave
                continue
            }
            let parent = try message.fields("reply_to").flatMap { reply throws(IntakeError) in
                try reply.identifier("mid")
            }
            if echo && parent == nil {
                // The page wrote from elsewhere (Meta's inbox) without quoting the customer: the echo names the
                // customer only as a recipient, which threads nothing here, so it is let go.
                batch.ignored += 1
                continue
            }
            let sender = try JSONFields(event.object["sender"], path: "\(event.path).sender")
            let milliseconds = try event.integer("timestamp") ?? 0
            let author = echo ? brand(account) : IncomingMessage.Author(id: try sender.requiredIdentifier("id"))
            batch.messages.append(
                try .checked(
                    IncomingMessage(
                        channel: channel, externalID: try message.requiredIdentifier("mid"), inReplyTo: parent,
                        direction: echo ? .outbound : .inbound, author: author, text: try text(of: message),
                        createdAt: Date(timeIntervalSince1970: Double(milliseconds) / 1000), visibility: .private,
                        account: account.handle),
                    path: message.path, time: "\(event.path).timestamp"))
        }
    }

    private static func text(of message: JSONFields) throws(IntakeError) -> String {
        if let text = try message.string("text"), !text.isEmpty { return text }
        let attachments = try message.list("attachments")
        if let kind = try attachments.first?.string("type") { return placeholder(for: kind) }
        return placeholder(for: "empty message")
    }

    /// A comment on one of the page's posts, or a reply to a comment.
    private static func pageComment(
        _ value: JSONFields, account: GatewayConfiguration.Account, into batch: inout WebhookBatch
    ) throws(IntakeError) {
        guard try value.string("item") == "comment", try value.string("verb") == "add" else {
            batch.ignored += 1  // reactions, likes, posts, edits and removals
            return
        }
        let from = try JSONFields(value.object["from"], path: "\(value.path).from")
        let authorID = try from.requiredIdentifier("id")
        let post = try value.identifier("post_id")
        let parent = try value.identifier("parent_id")
        let ownPost = authorID == account.platformID
        if ownPost && (parent == nil || parent == post) {
            batch.ignored += 1  // the page commenting on its own post, not an answer to anyone
            return
        }
        let seconds = try value.integer("created_time") ?? 0
        batch.messages.append(
            try .checked(
                IncomingMessage(
                    channel: .facebook, externalID: try value.requiredIdentifier("comment_id"),
                    // A comment straight on the post starts a conversation of its own: customers commenting on
                    // one post are separate conversations.
                    inReplyTo: parent == post ? nil : parent, direction: ownPost ? .outbound : .inbound,
                    author: ownPost
                        ? brand(account) : IncomingMessage.Author(id: authorID, name: try from.string("name")),
                    text: try value.string("message") ?? placeholder(for: "photo"),
                    createdAt: Date(timeIntervalSince1970: Double(seconds)), visibility: .public,
                    account: account.handle),
                path: value.path, time: "\(value.path).created_time"))
    }

    private static func instagramComment(
        _ value: JSONFields, time: Int64?, timePath: String, account: GatewayConfiguration.Account,
        into batch: inout WebhookBatch
    ) throws(IntakeError) {
        let from = try JSONFields(value.object["from"], path: "\(value.path).from")
        let authorID = try from.requiredIdentifier("id")
        let own = authorID == account.platformID
        batch.messages.append(
            try .checked(
                IncomingMessage(
                    channel: .instagram, externalID: try value.requiredIdentifier("id"),
                    inReplyTo: try value.identifier("parent_id"), direction: own ? .outbound : .inbound,
                    author: own
                        ? brand(account)
                        : IncomingMessage.Author(id: authorID, handle: try from.string("username")),
                    text: try value.string("text") ?? placeholder(for: "media"),
                    createdAt: Date(timeIntervalSince1970: Double(time ?? 0)), visibility: .public,
                    account: account.handle),
                path: value.path, time: timePath))
    }

    /// WhatsApp Cloud API: customer messages and the delivery reports of ours.
    private static func whatsApp(
        _ value: JSONFields, configuration: GatewayConfiguration, into batch: inout WebhookBatch
    ) throws(IntakeError) {
        guard let metadata = try value.fields("metadata") else { throw .invalid("\(value.path).metadata is missing") }
        let account = try account(.whatsapp, try metadata.requiredIdentifier("phone_number_id"), configuration)
        var names: [String: String] = [:]
        for contact in try value.list("contacts") {
            let name = try contact.fields("profile")?.string("name")
            for key in ["wa_id", "user_id"] {
                if let id = try contact.identifier(key), let name { names[id] = name }
            }
        }
        for message in try value.list("messages") {
            // Users with a WhatsApp username may come with only a business-scoped user id and no phone number.
            let phone = try message.identifier("from")
            let scoped = try message.identifier("from_user_id")
            guard let from = phone ?? scoped else {
                throw .invalid("\(message.path) has neither 'from' nor 'from_user_id'")
            }
            let kind = try message.string("type") ?? "text"
            if kind == "reaction" || kind == "unsupported" || kind == "system" {
                batch.ignored += 1
                continue
            }
            let seconds = try message.integer("timestamp") ?? 0
            batch.messages.append(
                try .checked(
                    IncomingMessage(
                        channel: .whatsapp, externalID: try message.requiredIdentifier("id"),
                        inReplyTo: try message.fields("context")?.identifier("id"), direction: .inbound,
                        author: IncomingMessage.Author(id: from, name: names[from]),
                        text: try whatsAppText(message, kind: kind),
                        createdAt: Date(timeIntervalSince1970: Double(seconds)), visibility: .private,
                        account: account.handle),
                    path: message.path, time: "\(message.path).timestamp"))
        }
        for status in try value.list("statuses") {
            let id = try status.requiredIdentifier("id")
            let state: DeliveryState
            switch try status.required("status") {
            case "sent", "delivered", "read": state = .sent
            case "failed": state = .failed
            default:
                batch.ignored += 1
                continue
            }
            var reason: String?
            if let error = try status.list("errors").first {
                let code = try error.integer("code").map { "\($0) " } ?? ""
                let title = try error.string("title")
                let detail = try error.string("message")
                let summary = title ?? detail ?? "failed"
                let details = try error.fields("error_data")?.string("details").map { ": \($0)" } ?? ""
                reason = code + summary + details
            }
            batch.reports.append(DeliveryReport(channel: .whatsapp, externalID: id, state: state, error: reason))
        }
    }

    private static func whatsAppText(_ message: JSONFields, kind: String) throws(IntakeError) -> String {
        switch kind {
        case "text":
            return try message.fields("text")?.string("body") ?? placeholder(for: "empty message")
        case "interactive":
            let interactive = try message.fields("interactive")
            let button = try interactive?.fields("button_reply")
            let listed = try interactive?.fields("list_reply")
            return try (button ?? listed)?.string("title") ?? placeholder(for: "interactive")
        case "button":
            return try message.fields("button")?.string("text") ?? placeholder(for: "button")
        default:
            let caption = try message.fields(kind)?.string("caption")
            return caption.map { "[\(kind)] \($0)" } ?? placeholder(for: kind)
        }
    }
}

extension Array where Element == UInt8 {
    /// Equality that takes as long whatever the contents, for secrets.
    func constantTimeEquals(_ other: [UInt8]) -> Bool {
        guard count == other.count else { return false }
        var difference: UInt8 = 0
        for index in indices { difference |= self[index] ^ other[index] }
        return difference == 0
    }
}
