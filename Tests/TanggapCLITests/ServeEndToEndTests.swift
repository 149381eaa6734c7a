import ConversationStore
import Foundation
import Gateway
import GatewayTesting
import Testing

/// `tanggap serve` as the real binary: a message posted to it shows in a running console, a reply typed in the
/// console reaches the platform once, and a service killed mid-delivery never sends a reply twice.
@Suite(.serialized)
struct ServeEndToEndTests {
    /// The running `tanggap serve` process and the port it listens on.
    final class Service {
        let process = Process()
        let port: Int

        init(cli: CLI, config: String) throws {
            let log = cli.folder.appendingPathComponent("serve-\(UUID().uuidString).log")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            process.executableURL = URL(fileURLWithPath: CLI.binary)
            process.arguments = ["serve", "--config", config, "--store", cli.store, "--log-level", "warning"]
            process.standardOutput = try FileHandle(forWritingTo: log)
            process.standardError = FileHandle.nullDevice
            let process = process
            try launching.withLock { try process.run() }
            let deadline = Date().addingTimeInterval(20)
            var found: Int?
            while found == nil, Date() < deadline, process.isRunning {
                let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                if let range = text.range(of: "listening on http://127.0.0.1:") {
                    found = Int(text[range.upperBound...].prefix { $0.isNumber })
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
            guard let found else { throw CLIError("tanggap serve did not start") }
            port = found
        }

        var base: String { "http://127.0.0.1:\(port)" }

        func kill() {
            Foundation.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }

        func stop() {
            process.terminate()
            process.waitUntilExit()
        }
    }

    struct CLIError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// A config for the demo store's X account, sending to `platform`.
    func config(_ cli: CLI, platform: FakePlatform, idempotent: Bool = false, timeout: Int = 1) throws -> String {
        let secret = cli.folder.appendingPathComponent("intake.secret").path
        try "intake-secret-for-tests\n".write(toFile: secret, atomically: true, encoding: .utf8)
        chmod(secret, 0o600)
        let path = try cli.write(
            "serve.toml",
            """
            listen = "127.0.0.1:0"
            secret_file = "intake.secret"

            [delivery]
            x_base_url = "\(platform.base)/2"
            meta_base_url = "\(platform.base)"
            timeout_seconds = \(timeout)
            first_retry_seconds = 0.1
            poll_ms = 50
            idempotent = \(idempotent)

            [[account]]
            channel = "twitter"
            id = "1004"
            handle = "TelkomCare"
            token = "x-token"
            """)
        chmod(path, 0o600)  // it holds a token
        return path
    }

    @Test(.enabled(if: Tmux.available, "tmux is not installed; skipping the console run"))
    func aPostedMessageShowsLiveAndTheConsolesReplyReachesThePlatformOnce() async throws {
        let platform = try await FakePlatform()
        let consoles = ConsoleEndToEndTests()
        let cli = try consoles.demoStore()
        let config = try config(cli, platform: platform)
        let service = try Service(cli: cli, config: config)
        defer { service.stop() }
        let tmux = try consoles.console(cli, width: 120, height: 40)
        defer { tmux.kill() }

        let body = bytes([
            "channel": "twitter", "id": "live-serve-1", "direction": "inbound", "account": "TelkomCare",
            "author": ["id": "lv9", "handle": "webhook_wati"], "text": "@TelkomCare internet mati dari subuh",
            "created_at": Timestamp.format(Date().addingTimeInterval(-20 * 3600)),
        ])
        let posted = try await call(.POST, service.base + "/v1/messages", headers: intakeHeaders(body), body: body)
        #expect(posted.status == 202, "\(posted.body)")
        let postedAt = Date()
        var screen = try tmux.waitFor("@webhook_wati")
        #expect(screen.contains("@webhook_wati"), "\(screen)")
        // The console looks for others' writes four times a second; alone this shows in well under a second. The
        // bound leaves room for a suite that loads both cores while this test watches through tmux.
        let latency = Date().timeIntervalSince(postedAt)
        print(String(format: "a posted message showed in the console after %.2f s", latency))
        #expect(latency <= 3.0)

        // Open it, answer it, send.
        try tmux.keys("/")
        try tmux.type("webhook_wati")
        try tmux.keys("Enter")
        try tmux.waitUntil { $0.contains("/webhook_wati") && $0.contains("@webhook_wati") }
        try tmux.keys("Enter")
        try tmux.waitUntil { $0.range(of: #"Conversation #\d+ @webhook_wati"#, options: .regularExpression) != nil }
        try tmux.keys("c")
        try tmux.waitFor("claimed by you")
        try tmux.keys("r")
        try tmux.waitFor("┌─ Reply ")
        try tmux.type("Halo kak, mohon maaf. Kami cek jaringannya sekarang ya")
        try tmux.keys("Enter")
        screen = try tmux.waitUntil { $0.contains("· queued") || $0.contains("· sent") }
        let reached = try await eventually {
            platform.calls.contains { ($0.body["text"] as? String)?.contains("Kami cek jaringannya") == true }
        }
        #expect(reached, "the platform never got the reply")
        try await Task.sleep(for: .seconds(1))
        let ours = platform.calls.filter { ($0.body["text"] as? String)?.contains("Kami cek jaringannya") == true }
        #expect(ours.count == 1)
        #expect(ours.first?.path == "/2/tweets")
        #expect((ours.first?.body["reply"] as? [String: Any])?["in_reply_to_tweet_id"] as? String == "live-serve-1")
        // The whole suite shares two cores: the console may take a while to redraw.
        screen = try tmux.waitFor("· sent", seconds: 30)
        #expect(screen.contains("· sent"), "\(screen)")
        try tmux.keys("q")
        await platform.stop()
    }

    /// Killed while the platform holds the call: on restart the reply is not sent blindly again.
    @Test(arguments: [false, true])
    func aServiceKilledMidDeliveryNeverSendsTwice(idempotent: Bool) async throws {
        let platform = try await FakePlatform()
        // The platform holds the call well past the moment of the kill, and the service would wait 5 s for it: a
        // test slowed down by the rest of the suite still kills it mid-call.
        platform.script(.slow(.seconds(8), ["data": ["id": "1996000000000000001"]]))
        let cli = try CLI()
        let message =
            #"{"channel":"twitter","id":"k-1","direction":"inbound","account":"TelkomCare","author":{"id":"u1","handle":"budi"},"text":"@TelkomCare tolong","created_at":"\#(Timestamp.format(Date().addingTimeInterval(-60)))"}"#
        #expect(try cli.run(["import", try cli.write("in.jsonl", message + "\n")]).status == 0)
        #expect(try cli.run(["reply", "1", "--text", "Halo kak, kami bantu"]).status == 0)
        let config = try config(cli, platform: platform, idempotent: idempotent, timeout: 5)

        let first = try Service(cli: cli, config: config)
        let called = try await eventually { !platform.calls.isEmpty }
        #expect(called)
        first.kill()

        let second = try Service(cli: cli, config: config)
        defer { second.stop() }
        // The restarted service takes the interrupted attempt once its lease (2 × 5 s + 1 s) has run out.
        let settled = try await eventually(within: 60) {
            let shown = json(try cli.run(["show", "1", "--json"]).stdout) as? [String: Any]
            let messages = shown?["messages"] as? [[String: Any]] ?? []
            return messages.last?["delivery"] as? String != "queued"
        }
        #expect(settled)
        let shown = json(try cli.run(["show", "1", "--json"]).stdout) as? [String: Any]
        let reply = try #require((shown?["messages"] as? [[String: Any]])?.last)
        #expect(platform.deliveries == 1)
        if idempotent {
            // The same key again: the platform answers with what it did the first time.
            #expect(reply["delivery"] as? String == "sent")
            #expect(reply["external_id"] as? String == "1996000000000000001")
        } else {
            #expect(platform.calls.count == 1)
            #expect(reply["delivery"] as? String == "failed")
            #expect((reply["delivery_error"] as? String)?.hasPrefix("in doubt") == true)
        }
        await platform.stop()
    }

    @Test func aSecretFileOthersCanReadIsRefusedAtStart() throws {
        let cli = try CLI()
        let secret = try cli.write("open.secret", "s3cret\n")
        chmod(secret, 0o644)
        let result = try cli.run(["serve", "--secret-file", secret, "--listen", "127.0.0.1:0"], agent: nil)
        #expect(result.status == 1)
        #expect(result.stderr.contains("others can read it"), "\(result.stderr)")
        #expect(result.stderr.contains("chmod 600"), "\(result.stderr)")
    }

    @Test func aBadConfigIsOneClearLine() throws {
        let cli = try CLI()
        let config = try cli.write(
            "bad.toml", "listen = \"127.0.0.1:0\"\n[[account]]\nchannel = \"myspace\"\nid = \"1\"\nhandle = \"x\"\n")
        let result = try cli.run(["serve", "--config", config], agent: nil)
        #expect(result.status == 1)
        #expect(
            result.stderr.contains("'channel' must be facebook, instagram, whatsapp or twitter"), "\(result.stderr)")
        let typo = try cli.write("typo.toml", "lisen = \"127.0.0.1:0\"\n")
        #expect(try cli.run(["serve", "--config", typo], agent: nil).stderr.contains("unknown key 'lisen'"))
    }
}
