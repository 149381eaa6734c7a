import AsyncHTTPClient
import ConversationStore
import Foundation
import GatewayTesting
import NIOCore
import NIOPosix
import Testing

@testable import Gateway

/// `POST /v1/messages` against the running service on loopback, with a real HTTP client.
@Suite struct IntakeTests {
    @Test func aSignedMessageIsStoredOnceAndADuplicateIsAcceptedAgain() async throws {
        let gateway = try await RunningGateway()
        defer { Task { await gateway.stop() } }
        let body = bytes(jsonlMessage("9001"))
        let first = try await call(.POST, gateway.base + "/v1/messages", headers: intakeHeaders(body), body: body)
        #expect(first.status == 202)
        #expect(first.json["accepted"] as? Int == 1)
        #expect(first.json["stored"] as? Int == 1)
        let again = try await call(.POST, gateway.base + "/v1/messages", headers: intakeHeaders(body), body: body)
        #expect(again.status == 202)
        #expect(again.json["duplicates"] as? Int == 1)
        #expect(try await gateway.messageIDs() == ["9001"])
        let conversation = try #require(try await gateway.store.page(.all, agent: "t", limit: 10).conversations.first)
        #expect(conversation.account == "TelkomCare")
        #expect(conversation.needsReply)
    }

    @Test func anArrayIsOneRequest() async throws {
        let gateway = try await RunningGateway()
        defer { Task { await gateway.stop() } }
        let body = bytes([jsonlMessage("1"), jsonlMessage("2", channel: "whatsapp"), jsonlMessage("3")])
        let answer = try await call(.POST, gateway.base + "/v1/messages", headers: intakeHeaders(body), body: body)
        #expect(answer.status == 202)
        #expect(answer.json["stored"] as? Int == 3)
        #expect(try await gateway.messageIDs() == ["1", "2", "3"])
    }

    /// Every refused case: the right status, a JSON error naming the problem, and nothing stored.
    @Test func refusedRequestsStoreNothing() async throws {
        let gateway = try await RunningGateway()
        defer { Task { await gateway.stop() } }
        let url = gateway.base + "/v1/messages"
        let good = bytes(jsonlMessage("1"))
        let now = Int(Date().timeIntervalSince1970)
        var wrongSignature = intakeHeaders(good)
        wrongSignature[1].1 = "sha256=" + String(repeating: "0", count: 64)
        let otherBody = bytes(jsonlMessage("2"))
        let big = bytes(jsonlMessage("big", text: String(repeating: "a", count: 1 << 20)))
        let noChannel = bytes(jsonlMessage("4", channel: "email"))
        let noAccount = bytes(jsonlMessage("5", account: "SomeoneElse"))
        let badMessage = bytes(["channel": "twitter", "id": "6"])
        let numericID: [UInt8] = Array(
            #"{"channel":"twitter","id":1234567890123456789,"direction":"inbound","author":{"id":"u"},"text":"x","created_at":"2026-11-22T10:00:00Z"}"#
                .utf8)
        let partlyBad = bytes([jsonlMessage("7"), ["channel": "twitter"]])
        let withNUL = bytes(jsonlMessage("8", text: "kartu saya\u{0} hilang"))
        let idTwice: [UInt8] = Array(
            #"{"channel":"twitter","id":"10","id":"11","direction":"inbound","author":{"id":"u"},"text":"x","created_at":"2026-11-22T10:00:00Z"}"#
                .utf8)
        let nameWithNUL: [UInt8] = Array(
            #"{"channel":"twitter","id":"9","direction":"inbound","author":{"id":"u","name":"Na\u0000dia"},"text":"x","created_at":"2026-11-22T10:00:00Z"}"#
                .utf8)
        let cases: [(String, [(String, String)], [UInt8], Int, String)] = [
            ("malformed JSON", intakeHeaders(Array("{nope".utf8)), Array("{nope".utf8), 400, "malformed"),
            ("wrong signature", wrongSignature, good, 401, "bad_signature"),
            ("signature of another body", intakeHeaders(otherBody), good, 401, "bad_signature"),
            ("no signature", [("X-Tanggap-Timestamp", "\(now)")], good, 401, "missing_signature"),
            ("no timestamp", Array(intakeHeaders(good).dropFirst()), good, 401, "missing_timestamp"),
            ("stale timestamp", intakeHeaders(good, timestamp: now - 301), good, 401, "stale_timestamp"),
            ("future timestamp", intakeHeaders(good, timestamp: now + 600), good, 401, "stale_timestamp"),
            ("body over 1 MiB", intakeHeaders(big), big, 413, "too_large"),
            ("unknown channel", intakeHeaders(noChannel), noChannel, 422, "unknown_channel"),
            ("unknown account", intakeHeaders(noAccount), noAccount, 422, "unknown_account"),
            ("missing fields", intakeHeaders(badMessage), badMessage, 422, "invalid_message"),
            ("numeric id", intakeHeaders(numericID), numericID, 422, "invalid_message"),
            ("one bad message in a batch", intakeHeaders(partlyBad), partlyBad, 422, "invalid_message"),
            ("a NUL in the text", intakeHeaders(withNUL), withNUL, 422, "invalid_message"),
            ("a NUL in the author's name", intakeHeaders(nameWithNUL), nameWithNUL, 422, "invalid_message"),
            ("a key given twice", intakeHeaders(idTwice), idTwice, 400, "malformed"),
        ]
        for (name, headers, body, status, code) in cases {
            let answer = try await call(.POST, url, headers: headers, body: body)
            #expect(answer.status == status, "\(name): \(answer.body)")
            #expect(answer.errorCode == code, "\(name): \(answer.body)")
            #expect(((answer.json["error"] as? [String: Any])?["message"] as? String)?.isEmpty == false, "\(name)")
        }
        #expect(try await gateway.messageIDs().isEmpty)
        let metrics = try await call(.GET, gateway.base + "/metrics")
        #expect(metrics.body.contains(#"tanggap_requests_refused_total{reason="bad_signature"} 2"#))
        #expect(metrics.body.contains(#"tanggap_requests_refused_total{reason="too_large"} 1"#))
    }

    @Test func healthAndMetricsAnswer() async throws {
        let gateway = try await RunningGateway()
        defer { Task { await gateway.stop() } }
        let health = try await call(.GET, gateway.base + "/healthz")
        #expect(health.status == 200)
        #expect(health.json["status"] as? String == "ok")
        let body = bytes(jsonlMessage("1"))
        _ = try await call(.POST, gateway.base + "/v1/messages", headers: intakeHeaders(body), body: body)
        let metrics = try await call(.GET, gateway.base + "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.body.contains("# TYPE tanggap_http_requests_total counter"))
        #expect(metrics.body.contains(#"tanggap_messages_accepted_total{endpoint="messages"} 1"#))
        #expect(metrics.body.contains("tanggap_outbox_queued 0"))
    }

    /// A burst of signed requests from many connections at once: every accepted message is stored, and a slow
    /// client trickling its body meanwhile blocks nobody.
    @Test func aBurstLosesNothingAndASlowClientBlocksNobody() async throws {
        let gateway = try await RunningGateway()
        defer { Task { await gateway.stop() } }
        // A client that sends half a request and then waits.
        let slow = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: gateway.port).get()
        let half = "POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"channel\":"
        try await slow.writeAndFlush(ByteBuffer(string: half)).get()

        let accepted = try await withThrowingTaskGroup(of: Int.self) { group in
            var running = 0
            var total = 0
            for index in 0..<200 {
                if running == 16 {
                    total += try await group.next() ?? 0
                    running -= 1
                }
                group.addTask {
                    let body = bytes(jsonlMessage("burst-\(index)", text: "pesan nomor \(index)"))
                    let answer = try await call(
                        .POST, gateway.base + "/v1/messages", headers: intakeHeaders(body), body: body)
                    return answer.status == 202 ? (answer.json["stored"] as? Int ?? 0) : 0
                }
                running += 1
            }
            for try await stored in group { total += stored }
            return total
        }
        let health = try await call(.GET, gateway.base + "/healthz")
        #expect(health.status == 200)
        #expect(accepted == 200)
        #expect(try await gateway.messageIDs().count == 200)
        #expect(try await gateway.store.conversationCount() == 200)
        try? await slow.close()  // the server may have closed it already: it is idle past the timeout
    }
}
