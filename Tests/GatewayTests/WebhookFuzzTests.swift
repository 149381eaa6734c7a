import ConversationStore
import Foundation
import FuzzTesting
import GatewayTesting
import Testing

@testable import Gateway

/// Signed deliveries of every format (Meta's page, Instagram and WhatsApp objects, X's events, and tanggap's own
/// `/v1/messages`) with any timestamp, text or nesting: each gets an answer that is not a server error, the service
/// stays up, and nothing it stored breaks the rules a message is let in by. Seeded, so a failure repeats.
@Suite struct WebhookFuzzTests {
    /// The formats, each a valid delivery, where it goes and how it is signed.
    static let formats: [(name: String, path: String, body: String, sign: @Sendable ([UInt8]) -> [(String, String)])] =
        [
            ("page", "/webhooks/meta", PlatformWebhookTests.pageBatch, metaHeaders),
            (
                "instagram", "/webhooks/meta",
                """
                {"object":"instagram","entry":[{"id":"1002","time":1763805600,
                  "messaging":[{"sender":{"id":"ig-u1"},"recipient":{"id":"1002"},"timestamp":1763805600000,
                    "message":{"mid":"ig_m1","text":"min, promo masih ada?"}}],
                  "changes":[{"field":"comments","value":{"from":{"id":"ig-u2","username":"dewi.s"},
                    "media":{"id":"media1","media_product_type":"FEED"},"id":"ig_c1","text":"kok mahal bgt"}}]}]}
                """, metaHeaders
            ),
            (
                "whatsapp", "/webhooks/meta",
                String(
                    decoding: PlatformWebhookTests.whatsApp(
                        """
                        "contacts":[{"profile":{"name":"Budi Santoso"},"wa_id":"6281234567890"}],
                        "messages":[{"from":"6281234567890","id":"wamid.F1","timestamp":"1763805600","type":"text",
                          "text":{"body":"udah restart hp tetep gak bisa"}}]
                        """), as: UTF8.self), metaHeaders
            ),
            (
                "x", "/webhooks/x",
                """
                {"data":[{"event_uuid":"1","filter":{"user_id":"1004"},"event_type":"post.create",
                  "payload":{"id":"1995432100123456789","text":"@TelkomCare sinyal ilang lagi","author_id":"2244994945",
                    "created_at":"2026-11-22T10:00:00.000Z","conversation_id":"1995432100123456789"},
                  "includes":{"users":[{"id":"2244994945","username":"budi_s","name":"Budi",
                    "public_metrics":{"followers_count":12000}}]}}]}
                """, xHeaders
            ),
            (
                "intake", "/v1/messages",
                #"[{"channel":"twitter","id":"v1","direction":"inbound","author":{"id":"u1","handle":"budi","followers":3},"text":"sinyal lemot","created_at":"2026-11-22T10:00:00Z"}]"#,
                { intakeHeaders($0) }
            ),
        ]

    /// Hostile values for a JSON leaf: times no clock holds, numbers no type holds, texts with a NUL or an escape
    /// sequence, a megabyte, deep nesting.
    static func hostileValue(_ mutator: inout Mutator) -> Any {
        let values: [Any] = [
            1e16, -9e18, 0, 9_223_372_036_854_775_807, 1.5, -1, "10000000000000000", "-9000000000000000000", "",
            "\u{0}", "a\u{0}b", "\u{1B}]52;c;aGk=\u{7}", String(repeating: "x", count: 200_000), "9999-12-31T23:59:59Z",
            "2026-11-22T-1:00:00Z", NSNull(), true, [Any](), [String: Any](), "🇮🇩\u{200D}", "\u{202E}exe",
        ]
        if mutator.int(0..<12) == 0 {
            var nested: Any = "deep"
            for _ in 0..<mutator.int(1..<200) { nested = [nested] }
            return nested
        }
        return values[mutator.int(0..<values.count)]
    }

    /// The value with one leaf (or a key's value) replaced, removed, or given a hostile neighbour.
    static func mutated(_ value: Any, _ mutator: inout Mutator) -> Any {
        if var object = value as? [String: Any], !object.isEmpty {
            let keys = object.keys.sorted()
            let key = keys[mutator.int(0..<keys.count)]
            switch mutator.int(0..<4) {
            case 0: object[key] = hostileValue(&mutator)
            case 1: object.removeValue(forKey: key)
            default: object[key] = mutated(object[key] as Any, &mutator)
            }
            return object
        }
        if var list = value as? [Any], !list.isEmpty {
            let index = mutator.int(0..<list.count)
            switch mutator.int(0..<4) {
            case 0: list[index] = hostileValue(&mutator)
            case 1: list.append(list[index])
            default: list[index] = mutated(list[index], &mutator)
            }
            return list
        }
        return hostileValue(&mutator)
    }

    @Test(arguments: [UInt64(11), 12])
    func signedDeliveriesOfAnyShapeNeverStopTheService(_ seed: UInt64) async throws {
        let gateway = try await RunningGateway()
        defer { Task { await gateway.stop() } }
        var mutator = Mutator(seed: seed)
        var answered: [Int: Int] = [:]
        for format in Self.formats {
            let valid = try JSONSerialization.jsonObject(with: Data(format.body.utf8))
            for round in 0..<40 {
                var body: [UInt8]
                if round % 3 == 2 {
                    body = mutator.mutate(Array(format.body.utf8))
                } else {
                    var value = valid
                    for _ in 0..<mutator.int(1..<4) { value = Self.mutated(value, &mutator) }
                    body =
                        (try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed])).map(
                            Array.init)
                        ?? Array(format.body.utf8)
                }
                let answer = try await call(.POST, gateway.base + format.path, headers: format.sign(body), body: body)
                answered[answer.status, default: 0] += 1
                #expect(
                    answer.status < 500, "\(format.name) round \(round): \(answer.status) \(answer.body.prefix(300))")
                if answer.status >= 400 {
                    #expect(answer.errorCode != nil, "\(format.name) round \(round): \(answer.body.prefix(300))")
                }
            }
        }
        #expect((answered[202] ?? 0) + (answered[200] ?? 0) > 0, "some deliveries were taken: \(answered)")
        #expect((try await call(.GET, gateway.base + "/healthz")).status == 200)
        // Whatever went in keeps to the rules a message is let in by.
        let page = try await gateway.store.page(.all, agent: "fuzz", limit: 1_000)
        for conversation in page.conversations {
            let thread = try #require(try await gateway.store.thread(conversation.id))
            for message in thread.messages {
                #expect(IncomingMessageRules.textProblem(message.text) == nil, "\(message.externalID)")
                #expect(IncomingMessageRules.isPlausible(message.createdAt), "\(message.externalID)")
            }
        }
    }
}
