import ConversationStore
import Foundation
import GatewayTesting
import Testing

@testable import Gateway

/// The dispatcher against a fake platform on loopback: success, passing failures, refusals, timeouts, and the
/// platforms' rules.
@Suite struct DispatcherTests {
    /// A running service whose dispatcher sends to `platform`.
    func gateway(
        _ platform: FakePlatform, idempotent: Bool = false, maxAttempts: Int = 8, timeout: Duration = .seconds(2)
    ) async throws -> RunningGateway {
        var configuration = RunningGateway.configuration(platform: platform.base, idempotent: idempotent)
        configuration.delivery.maxAttempts = maxAttempts
        configuration.delivery.timeout = timeout
        return try await RunningGateway(configuration)
    }

    /// A customer message `minutesAgo`, and an agent's reply to it, queued.
    func reply(
        in gateway: RunningGateway, channel: Channel, account: String, customer: String = "6281234567890",
        minutesAgo: Double = 5, visibility: Visibility = .private, isPrivate: Bool = true, id: String = "in-1"
    ) async throws -> Message {
        try await gateway.store.ingest([
            IncomingMessage(
                channel: channel, externalID: id, direction: .inbound,
                author: .init(id: customer, handle: "budi", name: "Budi"), text: "halo min, tolong dicek",
                createdAt: Date().addingTimeInterval(-minutesAgo * 60), visibility: visibility, account: account)
        ])
        let conversation = try #require(try await gateway.store.conversation(containing: id))
        try await gateway.store.perform(
            .reply(text: "Halo kak Budi, kami cek ya", isPrivate: isPrivate), on: conversation, by: "ani")
        let messages = try #require(try await gateway.store.thread(conversation)?.messages)
        return try #require(messages.last)
    }

    func delivered(_ gateway: RunningGateway, _ reply: Message) async throws -> Message {
        let settled = try await eventually {
            try await gateway.store.thread(reply.conversation)?.messages.first { $0.id == reply.id }?.delivery
                != .queued
        }
        #expect(settled, "the reply is still queued")
        return try #require(try await gateway.store.thread(reply.conversation)?.messages.first { $0.id == reply.id })
    }

    @Test func aWhatsAppReplyIsSentOnceWithThePlatformsID() async throws {
        let platform = try await FakePlatform()
        platform.script(.ok(["messaging_product": "whatsapp", "messages": [["id": "wamid.OUT1"]]]))
        let gateway = try await gateway(platform)
        defer {
            Task {
                await gateway.stop(); await platform.stop()
            }
        }
        let reply = try await reply(in: gateway, channel: .whatsapp, account: "6281100001111")
        let sent = try await delivered(gateway, reply)
        #expect(sent.delivery == .sent, "\(sent.deliveryError ?? "")")
        #expect(sent.externalID == "wamid.OUT1")
        try await Task.sleep(for: .milliseconds(200))
        let calls = platform.calls
        #expect(calls.count == 1)
        let sentCall = try #require(calls.first)
        #expect(sentCall.path == "/1003/messages")
        #expect(sentCall.authorization == "Bearer wa-token")
        // The key is the reply's own (its local id), so a repeated call is recognisably the same reply.
        #expect(sentCall.key.flatMap(UUID.init(uuidString:)) != nil)
        #expect(sentCall.body["to"] as? String == "6281234567890")
        #expect(sentCall.body["messaging_product"] as? String == "whatsapp")
        #expect((sentCall.body["text"] as? [String: Any])?["body"] as? String == "Halo kak Budi, kami cek ya")
        #expect((sentCall.body["context"] as? [String: Any])?["message_id"] as? String == "in-1")
        let metrics = try await call(.GET, gateway.base + "/metrics")
        #expect(metrics.body.contains(#"tanggap_deliveries_total{channel="whatsapp",outcome="sent"} 1"#))
    }

    @Test func aServerErrorIsRetriedUntilThePlatformTakesIt() async throws {
        let platform = try await FakePlatform()
        platform.script(
            .status(503, ["title": "Service Unavailable"]), .status(500, [:]),
            .ok(["data": ["id": "1995000000000000001"]]))
        let gateway = try await gateway(platform)
        defer {
            Task {
                await gateway.stop(); await platform.stop()
            }
        }
        let reply = try await reply(
            in: gateway, channel: .twitter, account: "TelkomCare", customer: "2244994945", visibility: .public,
            isPrivate: false, id: "1995000000000000000")
        let sent = try await delivered(gateway, reply)
        #expect(sent.delivery == .sent, "\(sent.deliveryError ?? "")")
        #expect(sent.externalID == "1995000000000000001")
        let calls = platform.calls
        #expect(calls.count == 3)
        #expect(Set(calls.map(\.key)).count == 1)
        #expect(calls.allSatisfy { $0.path == "/2/tweets" })
        #expect(
            (calls[0].body["reply"] as? [String: Any])?["in_reply_to_tweet_id"] as? String == "1995000000000000000")
    }

    @Test func aClientErrorFailsAtOnceWithThePlatformsReason() async throws {
        let platform = try await FakePlatform()
        platform.script(
            .status(
                400,
                [
                    "error": ["message": "(#100) The parameter recipient is invalid", "code": 100]
                        as [String: any Sendable]
                ]))
        let gateway = try await gateway(platform)
        defer {
            Task {
                await gateway.stop(); await platform.stop()
            }
        }
        let reply = try await reply(in: gateway, channel: .facebook, account: "TelkomCare", customer: "6001")
        let failed = try await delivered(gateway, reply)
        #expect(failed.delivery == .failed)
        #expect(failed.deliveryError?.contains("HTTP 400") == true)
        #expect(failed.deliveryError?.contains("recipient is invalid") == true)
        try await Task.sleep(for: .milliseconds(300))
        #expect(platform.calls.count == 1)
        // A failed reply is not a response: the conversation waits for an answer again.
        #expect(try await gateway.store.thread(reply.conversation)?.conversation.needsReply == true)
    }

    @Test func aPlatformThatKeepsFailingIsGivenUpAfterTheLastAttempt() async throws {
        let platform = try await FakePlatform()
        platform.script(.status(502, [:]), .status(502, [:]), .status(502, [:]), .status(502, [:]))
        let gateway = try await gateway(platform, maxAttempts: 3)
        defer {
            Task {
                await gateway.stop(); await platform.stop()
            }
        }
        let reply = try await reply(in: gateway, channel: .whatsapp, account: "6281100001111")
        let failed = try await delivered(gateway, reply)
        #expect(failed.delivery == .failed)
        #expect(failed.deliveryError?.hasPrefix("gave up after 3 attempts") == true, "\(failed.deliveryError ?? "")")
        #expect(platform.calls.count == 3)
    }

    @Test func aTimeoutIsInDoubtAndNotSentAgainWhenThePlatformIgnoresKeys() async throws {
        let platform = try await FakePlatform()
        platform.script(.slow(.seconds(2), ["messages": [["id": "wamid.LATE"]]]))
        let gateway = try await gateway(platform, timeout: .milliseconds(500))
        defer {
            Task {
                await gateway.stop(); await platform.stop()
            }
        }
        let reply = try await reply(in: gateway, channel: .whatsapp, account: "6281100001111")
        let failed = try await delivered(gateway, reply)
        #expect(failed.delivery == .failed)
        #expect(failed.deliveryError?.hasPrefix("in doubt") == true)
        try await Task.sleep(for: .seconds(2))
        #expect(platform.calls.count == 1)
    }

    @Test func aTimeoutIsRetriedWithTheSameKeyWhenThePlatformHonoursKeys() async throws {
        let platform = try await FakePlatform()
        platform.script(.slow(.seconds(1), ["messages": [["id": "wamid.ONCE"]]]))
        let gateway = try await gateway(platform, idempotent: true, timeout: .milliseconds(500))
        defer {
            Task {
                await gateway.stop(); await platform.stop()
            }
        }
        let reply = try await reply(in: gateway, channel: .whatsapp, account: "6281100001111")
        let sent = try await delivered(gateway, reply)
        #expect(sent.delivery == .sent, "\(sent.deliveryError ?? "")")
        #expect(platform.calls.count >= 2)
        #expect(platform.deliveries == 1)
    }

    @Test func whatsAppsTwentyFourHourWindowIsEnforcedBeforeSending() async throws {
        let platform = try await FakePlatform()
        let gateway = try await gateway(platform)
        defer {
            Task {
                await gateway.stop(); await platform.stop()
            }
        }
        let reply = try await reply(in: gateway, channel: .whatsapp, account: "6281100001111", minutesAgo: 25 * 60)
        let failed = try await delivered(gateway, reply)
        #expect(failed.delivery == .failed)
        #expect(failed.deliveryError?.contains("24-hour customer-service window") == true)
        #expect(platform.calls.isEmpty)
    }

    @Test func aCommentGetsOnePrivateReplyWithinSevenDays() async throws {
        let platform = try await FakePlatform()
        platform.script(.ok(["recipient_id": "7001", "message_id": "m_PRIV1"]))
        let gateway = try await gateway(platform)
        defer {
            Task {
                await gateway.stop(); await platform.stop()
            }
        }
        let first = try await reply(
            in: gateway, channel: .facebook, account: "TelkomCare", customer: "7001", visibility: .public,
            isPrivate: true, id: "post1_c1")
        let sent = try await delivered(gateway, first)
        #expect(sent.delivery == .sent, "\(sent.deliveryError ?? "")")
        let call = try #require(platform.calls.first)
        #expect(call.path == "/1001/messages")
        #expect((call.body["recipient"] as? [String: Any])?["comment_id"] as? String == "post1_c1")

        try await gateway.store.perform(
            .reply(text: "Sudah kami DM ya kak", isPrivate: true), on: first.conversation, by: "ani")
        let second = try #require(try await gateway.store.thread(first.conversation)?.messages.last)
        #expect(second.inReplyTo == "post1_c1")
        let refused = try await delivered(gateway, second)
        #expect(refused.delivery == .failed)
        #expect(refused.deliveryError?.contains("one private reply") == true)
        #expect(platform.calls.count == 1)
    }

    @Test func aPublicCommentReplyAndAMessengerReplyAfterADay() async throws {
        let platform = try await FakePlatform()
        platform.script(.ok(["id": "post1_c9"]), .ok(["recipient_id": "6001", "message_id": "m_LATE"]))
        let gateway = try await gateway(platform)
        defer {
            Task {
                await gateway.stop(); await platform.stop()
            }
        }
        let comment = try await reply(
            in: gateway, channel: .facebook, account: "TelkomCare", customer: "7001", visibility: .public,
            isPrivate: false, id: "post1_c1")
        #expect(try await delivered(gateway, comment).externalID == "post1_c9")
        #expect(platform.calls.first?.path == "/post1_c1/comments")
        let late = try await reply(
            in: gateway, channel: .facebook, account: "TelkomCare", customer: "6001", minutesAgo: 30 * 60, id: "m_OLD")
        #expect(try await delivered(gateway, late).delivery == .sent)
        let call = try #require(platform.calls.last)
        #expect(call.body["messaging_type"] as? String == "MESSAGE_TAG")
        #expect(call.body["tag"] as? String == "HUMAN_AGENT")
        #expect((call.body["recipient"] as? [String: Any])?["id"] as? String == "6001")
    }

    @Test func aReplyOfAnAccountThisServiceDoesNotSendForStaysQueued() async throws {
        let platform = try await FakePlatform()
        let gateway = try await gateway(platform)
        defer {
            Task {
                await gateway.stop(); await platform.stop()
            }
        }
        let other = try await reply(in: gateway, channel: .twitter, account: "BankNusaCare", customer: "u9", id: "t-9")
        let ours = try await reply(
            in: gateway, channel: .twitter, account: "TelkomCare", customer: "u8", visibility: .public,
            isPrivate: false, id: "t-8")
        #expect(try await delivered(gateway, ours).delivery == .sent)
        try await Task.sleep(for: .milliseconds(300))
        let waiting = try await gateway.store.thread(other.conversation)?.messages.last
        #expect(waiting?.delivery == .queued)
        #expect(waiting?.deliveryError == nil)
        #expect(platform.calls.count == 1)
    }

    @Test func anXDirectMessageGoesToTheCustomersConversation() async throws {
        let platform = try await FakePlatform()
        platform.script(.ok(["data": ["dm_conversation_id": "1004-2244994945", "dm_event_id": "1996111111111111111"]]))
        let gateway = try await gateway(platform)
        defer {
            Task {
                await gateway.stop(); await platform.stop()
            }
        }
        let reply = try await reply(
            in: gateway, channel: .twitter, account: "TelkomCare", customer: "2244994945", visibility: .public,
            isPrivate: true, id: "1995000000000000009")
        let sent = try await delivered(gateway, reply)
        #expect(sent.delivery == .sent)
        #expect(sent.externalID == "1996111111111111111")
        let call = try #require(platform.calls.first)
        #expect(call.path == "/2/dm_conversations/with/2244994945/messages")
        #expect(call.body["text"] as? String == "Halo kak Budi, kami cek ya")
        #expect(call.authorization == "Bearer x-token")
    }
}
