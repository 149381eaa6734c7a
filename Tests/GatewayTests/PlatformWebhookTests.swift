import ConversationStore
import Foundation
import GatewayTesting
import Testing

@testable import Gateway

/// The platforms' own webhooks, with payloads shaped as their public documentation shows them.
@Suite struct PlatformWebhookTests {
    // MARK: Meta

    static let pageBatch = """
        {"object":"page","entry":[
          {"id":"1001","time":1763805600000,"messaging":[
            {"sender":{"id":"6001"},"recipient":{"id":"1001"},"timestamp":1763805600000,
             "message":{"mid":"m_AAA","text":"kak paket saya belum sampai"}},
            {"sender":{"id":"6001"},"recipient":{"id":"1001"},"timestamp":1763805660000,
             "message":{"mid":"m_AAB","attachments":[{"type":"image","payload":{"url":"https://example.com/x.jpg"}}]}},
            {"sender":{"id":"1001"},"recipient":{"id":"6001"},"timestamp":1763805700000,
             "message":{"mid":"m_OURS","is_echo":true,"app_id":42,"metadata":"tanggap:abc","text":"Halo kak"}},
            {"sender":{"id":"6001"},"recipient":{"id":"1001"},"timestamp":1763805710000,
             "read":{"watermark":1763805700000}}
          ]},
          {"id":"1001","time":1763805800000,"changes":[
            {"field":"feed","value":{"item":"comment","verb":"add","comment_id":"post1_c1","post_id":"post1",
             "parent_id":"post1","from":{"id":"7001","name":"Sari"},"message":"tagihan saya dobel!!",
             "created_time":1763805800}},
            {"field":"feed","value":{"item":"comment","verb":"add","comment_id":"post1_c2","post_id":"post1",
             "parent_id":"post1_c1","from":{"id":"7002","name":"Rudi"},"message":"sama, saya juga",
             "created_time":1763805860}},
            {"field":"feed","value":{"item":"reaction","verb":"add","post_id":"post1","reaction_type":"like",
             "from":{"id":"7003"},"created_time":1763805870}},
            {"field":"feed","value":{"item":"comment","verb":"add","comment_id":"post1_p1","post_id":"post1",
             "parent_id":"post1","from":{"id":"1001","name":"Telkom Care"},"message":"Info gangguan: cek di sini",
             "created_time":1763805880}},
            {"field":"feed","value":{"item":"comment","verb":"add","comment_id":"post1_c3","post_id":"post1",
             "parent_id":"post1_c1","from":{"id":"1001","name":"Telkom Care"},"message":"Halo kak Sari, kami DM ya",
             "created_time":1763805890}}
          ]}
        ]}
        """

    @Test func metaHandshakeEchoesTheChallengeOnlyForTheVerifyToken() async throws {
        let gateway = try await RunningGateway()
        defer { Task { await gateway.stop() } }
        let ok = try await call(
            .GET, gateway.base + "/webhooks/meta?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444"
        )
        #expect(ok.status == 200)
        #expect(ok.body == "1158201444")
        let wrong = try await call(
            .GET, gateway.base + "/webhooks/meta?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444")
        #expect(wrong.status == 403)
        #expect(wrong.errorCode == "bad_verify_token")
    }

    @Test func aPageBatchBringsMessagesAndCommentsAndARetryIsStoredOnce() async throws {
        let gateway = try await RunningGateway()
        defer { Task { await gateway.stop() } }
        let body = Array(Self.pageBatch.utf8)
        let answer = try await call(.POST, gateway.base + "/webhooks/meta", headers: metaHeaders(body), body: body)
        #expect(answer.status == 202, "\(answer.body)")
        #expect(answer.json["stored"] as? Int == 5)
        // Our echo, the read, the reaction, and the page's own comment on its post.
        #expect(answer.json["ignored"] as? Int == 4)
        let retry = try await call(.POST, gateway.base + "/webhooks/meta", headers: metaHeaders(body), body: body)
        #expect(retry.json["duplicates"] as? Int == 5)
        #expect(try await gateway.messageIDs() == ["m_AAA", "m_AAB", "post1_c1", "post1_c2", "post1_c3"])
        // The page's answer in the comment thread, written on Facebook itself, is a response.
        let comments = try #require(try await gateway.store.conversation(containing: "post1_c1"))
        let answered = try #require(try await gateway.store.thread(comments))
        #expect(answered.messages.last?.externalID == "post1_c3")
        #expect(answered.messages.last?.direction == .outbound)
        #expect(answered.conversation.firstResponseAt != nil)

        let dm = try #require(try await gateway.store.conversation(containing: "m_AAA"))
        let thread = try #require(try await gateway.store.thread(dm))
        #expect(thread.messages.map(\.externalID) == ["m_AAA", "m_AAB"])  // one private conversation
        #expect(thread.conversation.visibility == .private)
        #expect(thread.conversation.account == "TelkomCare")
        #expect(thread.messages[1].text == "[image]")
        // The reply to a comment joins the comment's conversation; a comment on the post starts its own.
        #expect(
            try await gateway.store.conversation(containing: "post1_c1")
                == gateway.store.conversation(containing: "post1_c2"))
        #expect(try await gateway.store.conversation(containing: "post1_c1") != dm)
    }

    @Test func metaSignatureIsChecked() async throws {
        let gateway = try await RunningGateway()
        defer { Task { await gateway.stop() } }
        let body = Array(Self.pageBatch.utf8)
        let forged = try await call(
            .POST, gateway.base + "/webhooks/meta", headers: metaHeaders(Array("other".utf8)), body: body)
        #expect(forged.status == 401)
        let missing = try await call(.POST, gateway.base + "/webhooks/meta", body: body)
        #expect(missing.status == 401)
        #expect(missing.errorCode == "missing_signature")
        #expect(try await gateway.messageIDs().isEmpty)
    }

    @Test func anUnknownPageIsRefusedNotGuessed() async throws {
        let gateway = try await RunningGateway()
        defer { Task { await gateway.stop() } }
        let body = Array(
            Self.pageBatch.replacingOccurrences(
                of: #""id":"1001","time":1763805800000"#, with: #""id":"999","time":1763805800000"#
            ).utf8)
        let answer = try await call(.POST, gateway.base + "/webhooks/meta", headers: metaHeaders(body), body: body)
        #expect(answer.status == 422)
        #expect(answer.errorCode == "unknown_account")
        #expect(answer.body.contains("999"))
        #expect(try await gateway.messageIDs().isEmpty)  // the known entry before it is not stored either
    }

    @Test func instagramMessagesAndComments() async throws {
        let gateway = try await RunningGateway()
        defer { Task { await gateway.stop() } }
        let body = Array(
            """
            {"object":"instagram","entry":[{"id":"1002","time":1763805600,
              "messaging":[{"sender":{"id":"ig-u1"},"recipient":{"id":"1002"},"timestamp":1763805600000,
                "message":{"mid":"ig_m1","text":"min, promo masih ada?"}}],
              "changes":[{"field":"comments","value":{"from":{"id":"ig-u2","username":"dewi.s"},
                "media":{"id":"media1","media_product_type":"FEED"},"id":"ig_c1","text":"kok mahal bgt"}}]}]}
            """.utf8)
        let answer = try await call(.POST, gateway.base + "/webhooks/meta", headers: metaHeaders(body), body: body)
        #expect(answer.status == 202, "\(answer.body)")
        #expect(try await gateway.messageIDs() == ["ig_c1", "ig_m1"])
        let comment = try #require(try await gateway.store.conversation(containing: "ig_c1"))
        let thread = try #require(try await gateway.store.thread(comment))
        #expect(thread.conversation.channel == .instagram)
        #expect(thread.conversation.visibility == .public)
        #expect(thread.conversation.customer?.handle == "dewi.s")
    }

    // MARK: WhatsApp

    static func whatsApp(_ value: String) -> [UInt8] {
        Array(
            """
            {"object":"whatsapp_business_account","entry":[{"id":"WABA1","changes":[{"field":"messages","value":
            {"messaging_product":"whatsapp","metadata":{"display_phone_number":"6281100001111","phone_number_id":"1003"},
            \(value)}}]}]}
            """.utf8)
    }

    @Test func whatsAppMessagesWithContactNamesAndBusinessScopedIDs() async throws {
        let gateway = try await RunningGateway()
        defer { Task { await gateway.stop() } }
        let body = Self.whatsApp(
            """
            "contacts":[{"profile":{"name":"Budi Santoso"},"wa_id":"6281234567890"},
                        {"profile":{"name":"Ayu"},"user_id":"ID.1349120865530274"}],
            "messages":[
              {"from":"6281234567890","id":"wamid.HBgA1","timestamp":"1763805600","type":"text",
               "text":{"body":"udah restart hp tetep gak bisa"}},
              {"from_user_id":"ID.1349120865530274","id":"wamid.HBgB1","timestamp":"1763805660","type":"image",
               "image":{"caption":"ini errornya","mime_type":"image/jpeg","id":"media-1"}}]
            """)
        let answer = try await call(.POST, gateway.base + "/webhooks/meta", headers: metaHeaders(body), body: body)
        #expect(answer.status == 202, "\(answer.body)")
        let budi = try #require(try await gateway.store.conversation(containing: "wamid.HBgA1"))
        let thread = try #require(try await gateway.store.thread(budi))
        #expect(thread.conversation.customer?.name == "Budi Santoso")
        #expect(thread.conversation.customer?.externalID == "6281234567890")
        #expect(thread.conversation.account == "6281100001111")
        let ayuID = try #require(try await gateway.store.conversation(containing: "wamid.HBgB1"))
        let ayu = try #require(try await gateway.store.thread(ayuID))
        #expect(ayu.conversation.customer?.externalID == "ID.1349120865530274")
        #expect(ayu.conversation.customer?.name == "Ayu")
        #expect(ayu.messages.first?.text == "[image] ini errornya")
    }

    /// A signed delivery with an impossible or missing time is refused with 422, stores nothing, and leaves the
    /// service answering (a time of 1e16 seconds once overflowed and stopped it).
    @Test(arguments: ["\"10000000000000000\"", "\"-9000000000000000000\"", "\"0\"", nil])
    func impossibleTimesAreRefusedAndTheServiceStaysUp(_ timestamp: String?) async throws {
        let gateway = try await RunningGateway()
        defer { Task { await gateway.stop() } }
        let time = timestamp.map { "\"timestamp\":\($0)," } ?? ""
        let body = Self.whatsApp(
            """
            "messages":[{"from":"6281234567890","id":"wamid.T1",\(time)"type":"text","text":{"body":"halo"}}]
            """)
        let answer = try await call(.POST, gateway.base + "/webhooks/meta", headers: metaHeaders(body), body: body)
        #expect(answer.status == 422, "\(answer.body)")
        #expect(answer.body.contains("not from 2000 to 2099"), "\(answer.body)")
        #expect(answer.body.contains("messages[0].timestamp"), "the field is named: \(answer.body)")
        #expect(try await gateway.store.conversation(containing: "wamid.T1") == nil)
        let health = try await call(.GET, gateway.base + "/healthz")
        #expect(health.status == 200)
    }

    /// An Instagram comment's time is its entry's: an impossible one is refused naming that field.
    @Test func anInstagramCommentsImpossibleTimeNamesTheEntrysTime() async throws {
        let gateway = try await RunningGateway()
        defer { Task { await gateway.stop() } }
        let body = Array(
            """
            {"object":"instagram","entry":[{"id":"1002","time":99999999999999999,
              "changes":[{"field":"comments","value":{"from":{"id":"ig-u2","username":"dewi.s"},
                "media":{"id":"media1"},"id":"ig_c9","text":"kok mahal bgt"}}]}]}
            """.utf8)
        let answer = try await call(.POST, gateway.base + "/webhooks/meta", headers: metaHeaders(body), body: body)
        #expect(answer.status == 422, "\(answer.body)")
        #expect(answer.body.contains("entry[0].time"), "\(answer.body)")
    }

    @Test func whatsAppStatusesUpdateTheDeliveryOfOurReplies() async throws {
        let gateway = try await RunningGateway()
        defer { Task { await gateway.stop() } }
        let inbound = Self.whatsApp(
            """
            "contacts":[{"profile":{"name":"Budi"},"wa_id":"6281234567890"}],
            "messages":[{"from":"6281234567890","id":"wamid.IN1","timestamp":"\(Int(Date().timeIntervalSince1970))",
              "type":"text","text":{"body":"halo"}}]
            """)
        _ = try await call(.POST, gateway.base + "/webhooks/meta", headers: metaHeaders(inbound), body: inbound)
        let id = try #require(try await gateway.store.conversation(containing: "wamid.IN1"))
        try await gateway.store.perform(.reply(text: "Halo kak Budi", isPrivate: true), on: id, by: "ani")
        let reply = try #require(try await gateway.store.queuedReplies().first)
        try await gateway.store.recordDelivery(of: reply.id, state: .sent, externalID: "wamid.OUT1")
        let statuses = Self.whatsApp(
            """
            "statuses":[
              {"id":"wamid.OUT1","status":"delivered","timestamp":"1763805700","recipient_id":"6281234567890"},
              {"id":"wamid.OUT1","status":"failed","timestamp":"1763805701","recipient_id":"6281234567890",
               "errors":[{"code":131047,"title":"Re-engagement message","message":"Re-engagement message",
                 "error_data":{"details":"Message failed to send because more than 24 hours have passed"}}]},
              {"id":"wamid.UNKNOWN","status":"read","timestamp":"1763805702","recipient_id":"6281234567890"}]
            """)
        let answer = try await call(
            .POST, gateway.base + "/webhooks/meta", headers: metaHeaders(statuses), body: statuses)
        #expect(answer.status == 202, "\(answer.body)")
        #expect(answer.json["reports"] as? Int == 2)
        let message = try #require(try await gateway.store.thread(id)?.messages.last)
        #expect(message.delivery == .failed)
        #expect(message.deliveryError?.contains("131047 Re-engagement message") == true)
        #expect(try await gateway.store.thread(id)?.conversation.needsReply == true)
    }

    // MARK: X

    @Test func xCRCAnswersWithTheBase64HMACOfTheToken() async throws {
        let gateway = try await RunningGateway()
        defer { Task { await gateway.stop() } }
        let answer = try await call(.GET, gateway.base + "/webhooks/x?crc_token=challenge-123")
        #expect(answer.status == 200)
        // openssl: printf challenge-123 | openssl dgst -sha256 -hmac x-consumer-secret -binary | base64
        #expect(answer.json["response_token"] as? String == "sha256=" + Self.crcExpected)
    }

    static let crcExpected = "JbJuL9DIlk0ARJdkXKdEToVqhGznLrTYZ8CWwBceQhI="

    @Test func xMentionsAndDirectMessagesKeepTheirIDsExactly() async throws {
        let gateway = try await RunningGateway()
        defer { Task { await gateway.stop() } }
        let body = Array(
            """
            {"data":[
              {"event_uuid":"2080761390344937796","filter":{"user_id":"1004"},"event_type":"post.create",
               "payload":{"id":"1995432100123456789","text":"@TelkomCare sinyal ilang lagi","author_id":"2244994945",
                 "created_at":"2026-11-22T10:00:00.000Z","conversation_id":"1995432100123456789"},
               "includes":{"users":[{"id":"2244994945","username":"budi_s","name":"Budi",
                 "public_metrics":{"followers_count":12000}}]}},
              {"event_uuid":"2080761390344937797","filter":{"user_id":"1004"},"event_type":"post.create",
               "payload":{"id":"1995432100123456790","text":"masih belum bisa","author_id":"2244994945",
                 "created_at":"2026-11-22T10:05:00.000Z",
                 "referenced_tweets":[{"type":"replied_to","id":"1995432100123456789"}]}},
              {"event_uuid":"2080761390344937798","filter":{"user_id":"1004"},"event_type":"dm.received",
               "payload":{"id":"1995432100999999999","event_type":"MessageCreate","text":"ini nomor saya",
                 "sender_id":"2244994945","dm_conversation_id":"1004-2244994945",
                 "created_at":"2026-11-22T10:06:00.000Z"}},
              {"event_uuid":"2080761390344937799","filter":{"user_id":"1004"},"event_type":"profile.update.bio",
               "payload":{}},
              {"event_uuid":"2080761390344937800","filter":{"user_id":"1004"},"event_type":"post.create",
               "payload":{"id":"1995432100555555555","text":"Promo kuota akhir pekan!","author_id":"1004",
                 "created_at":"2026-11-22T10:07:00.000Z"}},
              {"event_uuid":"2080761390344937801","filter":{"user_id":"1004"},"event_type":"post.create",
               "payload":{"id":"1995432100555555556","text":"@budi_s halo kak, kami cek ya","author_id":"1004",
                 "created_at":"2026-11-22T10:08:00.000Z",
                 "referenced_tweets":[{"type":"replied_to","id":"1995432100123456790"}]}}
            ]}
            """.utf8)
        let answer = try await call(.POST, gateway.base + "/webhooks/x", headers: xHeaders(body), body: body)
        #expect(answer.status == 202, "\(answer.body)")
        // The profile update and the brand's own promotion are let go; its answer joins the thread.
        #expect(answer.json["ignored"] as? Int == 2)
        #expect(
            try await gateway.messageIDs() == [
                "1995432100123456789", "1995432100123456790", "1995432100555555556", "1995432100999999999",
            ])
        let mention = try #require(try await gateway.store.conversation(containing: "1995432100123456789"))
        let thread = try #require(try await gateway.store.thread(mention))
        #expect(thread.messages.count == 3)
        #expect(thread.messages.last?.direction == .outbound)
        #expect(thread.conversation.firstResponseAt != nil)
        #expect(thread.conversation.customer?.followers == 12000)
        #expect(thread.conversation.customer?.handle == "budi_s")
        let forged = try await call(.POST, gateway.base + "/webhooks/x", headers: xHeaders(Array("x".utf8)), body: body)
        #expect(forged.status == 401)
    }

    @Test func anUnknownMetaObjectIsAnUnknownChannel() async throws {
        let gateway = try await RunningGateway()
        defer { Task { await gateway.stop() } }
        let body = Array(#"{"object":"permissions","entry":[]}"#.utf8)
        let answer = try await call(.POST, gateway.base + "/webhooks/meta", headers: metaHeaders(body), body: body)
        #expect(answer.status == 422)
        #expect(answer.errorCode == "unknown_channel")
    }
}
