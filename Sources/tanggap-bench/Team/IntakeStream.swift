import AsyncHTTPClient
import ConversationStore
import Crypto
import Foundation
import NIOCore
import Synchronization

/// The real `tanggap serve` on a free port against the team's store, and a stream of signed `POST /v1/messages`
/// batches into it: new customers and follow-ups to the workload's conversations, each message with an id of its
/// own, so that what serve accepted can be looked for in the store afterwards.
final class IntakeStream: Sendable {
    /// What serve answered, gathered over the run.
    struct Tally: Sendable {
        var requests = 0
        var latencies: [Double] = []
        var statuses: [Int: Int] = [:]
        /// Messages in requests answered 202, in requests answered anything else, and in requests that got no answer
        /// (serve may or may not have stored them).
        var accepted: [String] = []
        var refused: [String] = []
        var unanswered: [String] = []
        /// What the 202 answers counted as stored and as duplicates.
        var stored = 0
        var duplicates = 0
        var failures: [String: Int] = [:]
    }

    let port: Int
    private let process: Process
    private let secret: [UInt8]
    private let client: HTTPClient
    private let tally = Mutex(Tally())
    /// Marks this run's messages apart from earlier runs' on a reused store.
    let runToken: String

    /// Starts `tanggap serve` with a config that has an account for every brand of the workload and an intake secret.
    init(binary: String, store: StoreLocation, folder: String) throws {
        let secretPath = folder + "/intake.secret"
        let secret = (0..<32).map { _ in UInt8.random(in: 0...255) }
        FileManager.default.createFile(
            atPath: secretPath, contents: Data(Data(secret).base64EncodedString().utf8),
            attributes: [.posixPermissions: 0o600])
        self.secret = Array(Data(secret).base64EncodedString().utf8)
        var config = "listen = \"127.0.0.1:0\"\nsecret_file = \"intake.secret\"\n"
        for (number, brand) in Workload.brands.enumerated() {
            for channel in ["twitter", "instagram", "facebook"] {
                config += "\n[[account]]\nchannel = \"\(channel)\"\nid = \"\(channel)-\(number)\"\n"
                config += "handle = \"\(brand.twitter)\"\nname = \"\(brand.name)\"\n"
            }
            config +=
                "\n[[account]]\nchannel = \"whatsapp\"\nid = \"\(brand.whatsapp)\"\nhandle = \"\(brand.whatsapp)\"\n"
        }
        let configPath = folder + "/serve.toml"
        FileManager.default.createFile(
            atPath: configPath, contents: Data(config.utf8), attributes: [.posixPermissions: 0o600])
        let logPath = folder + "/serve.log"
        FileManager.default.createFile(atPath: logPath, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [
            "serve", "--config", configPath, "--store", "\(Self.argument(store))", "--log-level", "error",
        ]
        process.environment = TerminalRun.environment(folder: folder)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardError = process.standardOutput
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        var found: Int?
        while found == nil, Date() < deadline, process.isRunning {
            let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            if let range = text.range(of: "listening on http://127.0.0.1:") {
                found = Int(text[range.upperBound...].prefix { $0.isNumber })
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        guard let found else {
            process.terminate()
            let said = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            throw BenchError("tanggap serve did not start: \(said.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        port = found
        var configuration = HTTPClient.Configuration()
        // As many connections as requests in flight: a request waits for serve, not for a connection.
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        runToken = String(UInt64(Date().timeIntervalSince1970 * 1000) % 1_000_000_000, radix: 36)
    }

    /// What `--store` is given for a location.
    static func argument(_ location: StoreLocation) -> String {
        switch location {
        case .sqlite(let path): path
        case .postgres(let url): url
        }
    }

    /// Posts `rate` messages a second in ten batches a second until `deadline`, without waiting for one answer
    /// before the next batch (at most 64 requests in flight); returns when every request is answered.
    func stream(rate: Double, workloadConversations: Int, seed: UInt64, until deadline: ContinuousClock.Instant) async {
        guard rate > 0 else { return }
        var random = SeededRandom(seed: seed)
        let customers = Workload.customers(conversations: workloadConversations)
        let tick = Duration.milliseconds(100)
        var owed = 0.0
        var number = 0
        var next = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            var inFlight = 0
            while ContinuousClock.now < deadline {
                owed += rate / 10
                let count = Int(owed)
                owed -= Double(count)
                if count > 0 {
                    var batch: [(id: String, json: String)] = []
                    for _ in 0..<count {
                        number += 1
                        batch.append(
                            message(number, random: &random, conversations: workloadConversations, customers: customers)
                        )
                    }
                    if inFlight >= 64 {
                        await group.next()
                        inFlight -= 1
                    }
                    inFlight += 1
                    group.addTask { _ = await self.post(batch) }
                }
                next += tick
                try? await Task.sleep(until: next)
            }
        }
    }

    /// Message `number` of the stream: seven in ten from a new customer, the rest a follow-up to a conversation of
    /// the workload.
    private func message(
        _ number: Int, random: inout SeededRandom, conversations: Int, customers: Int
    ) -> (id: String, json: String) {
        let id = "t\(runToken)-\(number)"
        let time = Timestamp.format(Date())
        if random.chance(0.7) || conversations == 0 {
            let channel = random.pick(["twitter", "twitter", "instagram", "facebook", "whatsapp", "whatsapp"])
            let brand = random.pick(Workload.brands)
            let account = channel == "whatsapp" ? brand.whatsapp : brand.twitter
            var text = Workload.customerText(&random)
            if channel == "twitter" { text = "@\(account) " + text }
            let author = #"{"id":"n\#(runToken)-\#(number)","handle":"new\#(runToken)_\#(number)"}"#
            return (
                id,
                #"{"channel":"\#(channel)","id":"\#(id)","direction":"inbound","author":\#(author),"text":"\#(text)","created_at":"\#(time)","account":"\#(account)"}"#
            )
        }
        let index = random.below(conversations)
        var opening = SeededRandom(seed: UInt64(index))
        let (channel, account, customer) = Workload.opening(index, customers: customers, random: &opening)
        let author = #"{"id":"c\#(customer)","handle":"user\#(customer)"}"#
        let text = random.pick(Workload.followUps)
        return (
            id,
            #"{"channel":"\#(channel)","id":"\#(id)","in_reply_to":"b\#(index)-0","direction":"inbound","author":\#(author),"text":"\#(text)","created_at":"\#(time)","account":"\#(account)"}"#
        )
    }

    /// Posts messages as one signed request; true when serve accepted them.
    @discardableResult
    func post(_ messages: [(id: String, json: String)]) async -> Bool {
        let body = Array(("[" + messages.map(\.json).joined(separator: ",") + "]").utf8)
        let timestamp = String(Int(Date().timeIntervalSince1970))
        let signature = HMAC<SHA256>.authenticationCode(
            for: Array(timestamp.utf8) + [0x2E] + body, using: SymmetricKey(data: secret)
        ).map { String(format: "%02x", $0) }.joined()
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/messages")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "X-Tanggap-Timestamp", value: timestamp)
        request.headers.add(name: "X-Tanggap-Signature", value: "sha256=" + signature)
        request.body = .bytes(ByteBuffer(bytes: body))
        let started = ContinuousClock.now
        var status = 0
        var answer: [String: Any] = [:]
        var failure: String?
        do {
            let response = try await client.execute(request, timeout: .seconds(30))
            let bytes = try await response.body.collect(upTo: 1 << 20)
            status = Int(response.status.code)
            answer = (try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView))) as? [String: Any] ?? [:]
            if status != 202 {
                failure = (answer["error"] as? [String: Any])?["code"] as? String ?? "status \(status)"
            }
        } catch {
            failure = "no answer: \(error)"
        }
        let elapsed = (ContinuousClock.now - started).milliseconds
        tally.withLock { tally in
            tally.requests += 1
            tally.latencies.append(elapsed)
            tally.statuses[status, default: 0] += 1
            if status == 202 {
                tally.accepted += messages.map(\.id)
                tally.stored += answer["stored"] as? Int ?? 0
                tally.duplicates += answer["duplicates"] as? Int ?? 0
            } else if status == 0 {
                tally.unanswered += messages.map(\.id)
            } else {
                tally.refused += messages.map(\.id)
            }
            if let failure { tally.failures[failure, default: 0] += 1 }
        }
        return status == 202
    }

    var figures: Tally { tally.withLock { $0 } }

    func stop() async {
        try? await client.shutdown()
        process.terminate()
        process.waitUntilExit()
    }
}
