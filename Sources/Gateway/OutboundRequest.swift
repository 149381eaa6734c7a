import ConversationStore
import Foundation

/// One call to a platform's send API for one queued reply, with the platform's rules checked first.
struct OutboundRequest: Sendable {
    var url: String
    var body: [String: any Sendable]
    var token: String
    /// Where the platform's id of the new message is in its answer.
    var idPath: [String]

    /// Why a reply cannot be sent at all: a platform rule, or nothing to send it with. Final, never retried.
    struct Refusal: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// How long a customer's last message keeps the customer-service window open (WhatsApp, Messenger, Instagram).
    static let serviceWindow: TimeInterval = 24 * 3600
    /// Messenger and Instagram let a person answer up to 7 days later with the `HUMAN_AGENT` tag, and a comment may
    /// get its one private reply for 7 days.
    static let humanAgentWindow: TimeInterval = 7 * 24 * 3600

    /// The call that delivers `reply` of `thread`, or the rule it breaks at `now`.
    static func make(
        reply: Message, thread: ConversationThread, configuration: GatewayConfiguration, now: Date
    ) throws(Refusal) -> OutboundRequest {
        guard let platform = Platform(channel: reply.channel) else {
            throw Refusal("tanggap serve does not deliver on \(reply.channel)")
        }
        let conversation = thread.conversation
        guard let handle = conversation.account,
            let account = configuration.account(channel: reply.channel, handle: handle)
        else {
            throw Refusal(
                "no [[account]] in the config sends for \(reply.channel) account \(conversation.account ?? "(none)")")
        }
        guard let token = account.token else {
            throw Refusal("the \(reply.channel) account \(account.handle) has no token to send with")
        }
        let inbound = thread.messages.filter { $0.direction == .inbound }
        guard let customer = conversation.customer?.externalID ?? inbound.last?.authorID else {
            throw Refusal("the conversation has no customer to answer")
        }
        let parent = reply.inReplyTo.flatMap { id in thread.messages.first { $0.externalID == id } }
        let tag = Message.localIDPrefix + reply.deliveryKey
        let meta = configuration.delivery.metaBaseURL
        let lastCustomerMessage = inbound.last?.createdAt

        switch platform {
        case .whatsapp:
            guard let last = lastCustomerMessage, now.timeIntervalSince(last) <= serviceWindow else {
                throw Refusal(
                    "outside WhatsApp's 24-hour customer-service window (the customer last wrote "
                        + "\(lastCustomerMessage.map { Timestamp.format($0) } ?? "never")); send an approved template")
            }
            var body: [String: any Sendable] = [
                "messaging_product": "whatsapp", "recipient_type": "individual", "type": "text",
                "text": ["body": reply.text, "preview_url": false] as [String: any Sendable],
                "biz_opaque_callback_data": tag,
            ]
            // A customer known only by a business-scoped user id (a WhatsApp username) is addressed by it.
            if customer.contains(".") { body["recipient"] = customer } else { body["to"] = customer }
            if let parent = reply.inReplyTo { body["context"] = ["message_id": parent] }
            return OutboundRequest(
                url: "\(meta)/\(account.platformID)/messages", body: body, token: token,
                idPath: ["messages", "0", "id"])

        case .facebook, .instagram:
            let messages = "\(meta)/\(account.platformID)/messages"
            if reply.visibility == .public {
                guard let target = reply.inReplyTo else { throw Refusal("a public reply needs a comment to answer") }
                let url = platform == .facebook ? "\(meta)/\(target)/comments" : "\(meta)/\(target)/replies"
                return OutboundRequest(url: url, body: ["message": reply.text], token: token, idPath: ["id"])
            }
            if let parent, parent.visibility == .public {
                // A private reply to a comment: one per comment, within 7 days of it.
                guard now.timeIntervalSince(parent.createdAt) <= humanAgentWindow else {
                    throw Refusal("the comment is more than 7 days old; it can no longer get a private reply")
                }
                let earlier = thread.messages.contains {
                    $0.id != reply.id && $0.direction == .outbound && $0.visibility == .private
                        && $0.inReplyTo == parent.externalID && $0.delivery != .failed && $0.id < reply.id
                }
                guard !earlier else {
                    throw Refusal("this comment already has its one private reply; answer in the private conversation")
                }
                return OutboundRequest(
                    url: messages,
                    body: [
                        "recipient": ["comment_id": parent.externalID],
                        "message": ["text": reply.text, "metadata": tag] as [String: any Sendable],
                    ], token: token, idPath: ["message_id"])
            }
            guard let last = lastCustomerMessage, now.timeIntervalSince(last) <= humanAgentWindow else {
                throw Refusal("the customer last wrote more than 7 days ago; Meta no longer allows a reply")
            }
            var body: [String: any Sendable] = [
                "recipient": ["id": customer],
                "message": ["text": reply.text, "metadata": tag] as [String: any Sendable],
            ]
            if now.timeIntervalSince(last) <= serviceWindow {
                body["messaging_type"] = "RESPONSE"
            } else {
                body["messaging_type"] = "MESSAGE_TAG"
                body["tag"] = "HUMAN_AGENT"
            }
            return OutboundRequest(url: messages, body: body, token: token, idPath: ["message_id"])

        case .x:
            let x = configuration.delivery.xBaseURL
            if reply.visibility == .private {
                return OutboundRequest(
                    url: "\(x)/dm_conversations/with/\(customer)/messages", body: ["text": reply.text], token: token,
                    idPath: ["data", "dm_event_id"])
            }
            var body: [String: any Sendable] = ["text": reply.text]
            if let target = reply.inReplyTo { body["reply"] = ["in_reply_to_tweet_id": target] }
            return OutboundRequest(url: "\(x)/tweets", body: body, token: token, idPath: ["data", "id"])
        }
    }

    /// The platform's id of the sent message in its JSON answer.
    func messageID(in answer: Any) -> String? {
        var current: Any? = answer
        for step in idPath {
            if let index = Int(step), let list = current as? [Any] {
                current = index < list.count ? list[index] : nil
            } else {
                current = (current as? [String: Any])?[step]
            }
        }
        if let text = current as? String, !text.isEmpty { return text }
        return nil
    }
}
