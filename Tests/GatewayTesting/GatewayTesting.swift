import AsyncHTTPClient
import ConversationStore
import Foundation
import Gateway
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import Stores
import Synchronization

// Helpers shared by the service's tests and the end-to-end runs: the service on a free loopback port, a real
// HTTP client, signing, and a fake platform API.

/// A thread of its own for a server under test. The test process runs heavy synchronous tests beside these ones,
/// which can hold every thread of the shared pool for minutes; a service (or fake platform) whose tasks prefer
/// this executor keeps answering meanwhile, as a real one in its own process would.
public final class DedicatedExecutor: TaskExecutor, @unchecked Sendable {
    private let queue: DispatchQueue

    public init(_ label: String) { queue = DispatchQueue(label: label) }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

/// A store in a temporary folder and the service over it, listening on a free loopback port.
public final class RunningGateway: Sendable {
    public let store: Store
    public let folder: URL
    public let port: Int
    public let configuration: GatewayConfiguration
    private let task: Task<Void, any Error>

    public static let intakeSecret = Array("intake-secret-for-tests".utf8)
    public static let appSecret = Array("meta-app-secret".utf8)
    public static let consumerSecret = Array("x-consumer-secret".utf8)

    /// The accounts every test config names.
    public static func configuration(platform: String? = nil, idempotent: Bool = false) -> GatewayConfiguration {
        var configuration = GatewayConfiguration()
        configuration.listen = "127.0.0.1:0"
        configuration.intakeSecret = intakeSecret
        configuration.metaAppSecret = appSecret
        configuration.metaVerifyToken = "verify-me"
        configuration.xConsumerSecret = consumerSecret
        // Without a platform to send to, the accounts have no tokens: the dispatcher sends for nobody and replies
        // stay queued for the test to handle.
        let sending = platform != nil
        configuration.accounts = [
            .init(channel: .facebook, platformID: "1001", handle: "TelkomCare", token: sending ? "fb-token" : nil),
            .init(channel: .instagram, platformID: "1002", handle: "telkomcare.ig", token: sending ? "ig-token" : nil),
            .init(channel: .whatsapp, platformID: "1003", handle: "6281100001111", token: sending ? "wa-token" : nil),
            .init(channel: .twitter, platformID: "1004", handle: "TelkomCare", token: sending ? "x-token" : nil),
        ]
        if let platform {
            configuration.delivery.metaBaseURL = platform
            configuration.delivery.xBaseURL = platform + "/2"
        }
        configuration.delivery.timeout = .seconds(2)
        configuration.delivery.firstRetry = .milliseconds(50)
        configuration.delivery.pollInterval = .milliseconds(20)
        configuration.delivery.idempotent = idempotent
        return configuration
    }

    public init(_ configuration: GatewayConfiguration = RunningGateway.configuration()) async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("tanggap-gateway-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try await Store.open(.sqlite(path: folder.appendingPathComponent("store.sqlite").path))
        self.configuration = configuration
        var logger = Logger(label: "test.gateway")
        logger.logLevel = .critical
        let server = GatewayServer(store: store, configuration: configuration, logger: logger)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        task = Task(executorPreference: DedicatedExecutor("gateway")) {
            try await server.run { _, port in continuation.yield(port) }
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw GatewayConfigurationError("the service did not start") }
        self.port = port
    }

    public func stop() async {
        task.cancel()
        _ = try? await task.value
    }

    public var base: String { "http://127.0.0.1:\(port)" }

    /// Every message in the store, by external id.
    public func messageIDs() async throws -> [String] {
        var ids: [String] = []
        let page = try await store.page(.all, agent: "tester", limit: 10_000)
        for conversation in page.conversations {
            ids += try await store.thread(conversation.id)?.messages.map(\.externalID) ?? []
        }
        return ids.sorted()
    }
}

/// An HTTP answer as a test reads it.
public struct Answer {
    public var status: Int
    public var body: String
    public var headers: [(String, String)]

    public var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
    }
    public var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
}

/// The tests' HTTP client. It lets idle connections go after 5 s, well before the service closes them (30 s), so a
/// test held up by the rest of the suite never sends on a connection the service has just closed.
let testClient: HTTPClient = {
    var configuration = HTTPClient.Configuration()
    configuration.connectionPool = .init(idleTimeout: .seconds(5))
    return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
}()

/// One HTTP call on loopback.
public func call(
    _ method: HTTPMethod, _ url: String, headers: [(String, String)] = [], body: [UInt8]? = nil
) async throws -> Answer {
    var request = HTTPClientRequest(url: url)
    request.method = method
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
    let response = try await testClient.execute(request, timeout: .seconds(120))
    let bytes = try await response.body.collect(upTo: 4 << 20)
    return Answer(
        status: Int(response.status.code), body: String(buffer: bytes),
        headers: response.headers.map { ($0.name, $0.value) })
}

/// Signs a body for `POST /v1/messages`.
public func intakeHeaders(_ body: [UInt8], timestamp: Int = Int(Date().timeIntervalSince1970)) -> [(String, String)] {
    let signed = Array("\(timestamp).".utf8) + body
    return [
        ("X-Tanggap-Timestamp", "\(timestamp)"),
        ("X-Tanggap-Signature", "sha256=" + Signature.hex(signed, secret: RunningGateway.intakeSecret)),
        ("Content-Type", "application/json"),
    ]
}

public func metaHeaders(_ body: [UInt8]) -> [(String, String)] {
    [("X-Hub-Signature-256", "sha256=" + Signature.hex(body, secret: RunningGateway.appSecret))]
}

public func xHeaders(_ body: [UInt8]) -> [(String, String)] {
    [("x-twitter-webhooks-signature", "sha256=" + Signature.base64(body, secret: RunningGateway.consumerSecret))]
}

/// A message in the JSONL schema.
public func jsonlMessage(
    _ id: String, channel: String = "twitter", text: String = "sinyal lemot bgt dr pagi", account: String? = nil,
    createdAt: String = "2026-11-22T10:00:00Z"
) -> [String: Any] {
    var message: [String: Any] = [
        "channel": channel, "id": id, "direction": "inbound",
        "author": ["id": "u-\(id)", "handle": "budi"], "text": text, "created_at": createdAt,
    ]
    if let account { message["account"] = account }
    return message
}

/// A JSON value as request bytes; a value JSON cannot hold gives an empty body, which the service refuses.
public func bytes(_ object: Any) -> [UInt8] {
    guard JSONSerialization.isValidJSONObject(object),
        let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    else { return [] }
    return Array(data)
}

/// A stand-in for the platforms' send APIs on loopback: records every call, answers as the test says, and
/// honours `Idempotency-Key` (a repeated key gets the first answer, and counts once).
public final class FakePlatform: Sendable {
    public struct Call: Sendable {
        public var path: String
        public var key: String?
        public var authorization: String?
        public var data: Data
        public var body: [String: Any] { (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:] }
    }

    public enum Reply: Sendable {
        case ok([String: any Sendable])
        case status(Int, [String: any Sendable])
        /// Hold the answer this long (longer than the dispatcher's timeout to make it time out).
        case slow(Duration, [String: any Sendable])
    }

    public let port: Int
    private let task: Task<Void, any Error>
    private let recorder: Recorder
    final class Recorder: Sendable {
        let state = Mutex<(calls: [Call], script: [Reply], answered: [String: [String: any Sendable]])>(([], [], [:]))
    }

    public init() async throws {
        let recorder = Recorder()
        self.recorder = recorder
        let router = Router()
        router.post("**") { request, _ -> Response in
            var buffer = try await request.body.collect(upTo: 1 << 20)
            let data = buffer.readData(length: buffer.readableBytes) ?? Data()
            let key = GatewayServer.header(request.headers, "Idempotency-Key")
            let next: Reply = recorder.state.withLock { state in
                state.calls.append(
                    Call(
                        path: request.uri.path, key: key,
                        authorization: request.headers[.authorization], data: data))
                if let key, let earlier = state.answered[key] { return .ok(earlier) }
                return state.script.isEmpty ? .ok(["id": "default"]) : state.script.removeFirst()
            }
            switch next {
            case .ok(let answer):
                if let key { recorder.state.withLock { $0.answered[key] = answer } }
                return Self.json(200, answer)
            case .status(let code, let answer):
                return Self.json(code, answer)
            case .slow(let wait, let answer):
                // The platform did the work on receipt; only its answer is late. A repeat with the same key gets it.
                if let key { recorder.state.withLock { $0.answered[key] = answer } }
                try await Task.sleep(for: wait)
                return Self.json(200, answer)
            }
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let application = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) },
            logger: {
                var logger = Logger(label: "fake"); logger.logLevel = .critical; return logger
            }())
        task = Task(executorPreference: DedicatedExecutor("fake-platform")) {
            try await application.runService(gracefulShutdownSignals: [])
        }
        var iterator = ports.makeAsyncIterator()
        port = await iterator.next() ?? 0
    }

    /// Answers for the next calls, in order; after them, 200 with `{"id":"default"}`.
    public func script(_ replies: Reply...) { recorder.state.withLock { $0.script += replies } }

    public var calls: [Call] { recorder.state.withLock { $0.calls } }

    /// Distinct deliveries: calls with different idempotency keys.
    public var deliveries: Int { Set(calls.map { $0.key ?? UUID().uuidString }).count }

    public var base: String { "http://127.0.0.1:\(port)" }

    public func stop() async {
        task.cancel()
        _ = try? await task.value
    }

    public static func json(_ status: Int, _ object: [String: any Sendable]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data("{}".utf8)
        return Response(
            status: .init(code: status), headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Waits until `condition` holds, up to `seconds`.
public func eventually(
    within seconds: Double = 60, _ condition: @Sendable () async throws -> Bool
) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}
