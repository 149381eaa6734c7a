import ConversationStore
import Foundation

extension Conversation {
    /// The documented JSON shape of a conversation (`tanggap queue --json`, `tanggap show --json`).
    public var json: JSONValue {
        .object([
            "id": .int(id.rawValue),
            "status": .string(status.rawValue),
            "channel": .string(channel.rawValue),
            "account": JSONValue(account),
            "customer": customer.map { customer in
                .object([
                    "id": .string(customer.externalID),
                    "handle": JSONValue(customer.handle),
                    "name": JSONValue(customer.name),
                    "conversations": JSONValue(customer.conversationCount),
                    "followers": JSONValue(customer.followers),
                ])
            } ?? .object(["id": nil, "handle": nil, "name": nil, "conversations": nil, "followers": nil]),
            "assignee": JSONValue(assignee),
            "claim_expires_at": JSONValue(claimExpiresAt),
            "priority": .string(priority.rawValue),
            "visibility": .string(visibility.rawValue),
            "tags": .array(tags.map(JSONValue.string)),
            "external_id": .string(externalID),
            "snippet": .string(snippet),
            "message_count": JSONValue(messageCount),
            "first_message_at": JSONValue(firstMessageAt),
            "first_inbound_at": JSONValue(firstInboundAt),
            "first_response_at": JSONValue(firstResponseAt),
            "first_responder": JSONValue(firstResponder),
            "last_inbound_at": JSONValue(lastInboundAt),
            "last_outbound_at": JSONValue(lastOutboundAt),
            "last_message_at": JSONValue(lastMessageAt),
            "awaiting_reply_since": JSONValue(awaitingReplySince),
            "needs_reply": .bool(needsReply),
            "needs_response": .bool(needsResponse),
            "sla_due_at": JSONValue(slaDueAt),
            "snoozed_until": JSONValue(snoozedUntil),
            "resolved_at": JSONValue(resolvedAt),
            "no_reply_reason": JSONValue(noReplyReason),
            "sentiment": JSONValue(sentiment),
            "intent": intent.map { .string($0.rawValue) } ?? .null, "reply_expected": .bool(replyExpected),
            "revision": .int(revision),
            "personal_data": .array(personalData.map { .string($0.rawValue) }),
        ])
    }
}

extension Message {
    /// The documented JSON shape of a message (`tanggap show --json`).
    public var json: JSONValue {
        .object([
            "id": .int(id),
            "external_id": .string(externalID),
            "in_reply_to": JSONValue(inReplyTo),
            "direction": .string(direction.rawValue),
            "author": .object([
                "id": .string(authorID), "handle": JSONValue(authorHandle), "name": JSONValue(authorName),
            ]),
            "agent": JSONValue(agent),
            "text": .string(text),
            "created_at": JSONValue(createdAt),
            "visibility": .string(visibility.rawValue),
            "delivery": JSONValue(delivery?.rawValue),
            "delivery_error": JSONValue(deliveryError),
            "automatic": .bool(automatic),
        ])
    }
}

extension ConversationThread {
    /// `{"conversation": {…}, "messages": [{…}, …]}`, messages oldest first.
    public var json: JSONValue {
        .object(["conversation": conversation.json, "messages": .array(messages.map(\.json))])
    }
}
