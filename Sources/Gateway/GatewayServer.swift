import ConversationStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// `tanggap serve`: the HTTP service that takes messages in from the platforms' webhooks and, in the same process,
/// the dispatcher that delivers agents' replies.
///
/// | route | |
/// |---|---|
/// | `GET /healthz` | 200 when the store answers, 503 otherwise |
/// | `GET /metrics` | Prometheus text format |
/// | `POST /v1/messages` | messages in the JSONL schema, signed with the intake secret |
/// | `GET`/`POST /webhooks/meta` | Facebook, Instagram and WhatsApp: handshake and events |
/// | `GET`/`POST /webhooks/x` | X: CRC handshake and events |
///
/// Every refusal is a 4xx (or 503 when the part is not configured) with `{"error": {"code", "message"}}`, and
/// nothing of a refused request is stored: a request is checked whole before anything is written.
public struct GatewayServer: Sendable {
    let store: Store
    let configuration: GatewayConfiguration
    let metrics: GatewayMetrics
    let logger: Logger

    public init(
        store: Store, configuration: GatewayConfiguration, metrics: GatewayMetrics = GatewayMetrics(), logger: Logger
    ) {
        self.store = store
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
    }

    /// Serves until SIGINT or SIGTERM; `onListening` gets the bound port (useful with port 0).
    public func run(onListening: @escaping @Sendable (String, Int) -> Void = { _, _ in }) async throws {
        let (host, port) = try Self.address(configuration.listen)
        let dispatcher = Dispatcher(store: store, configuration: configuration, metrics: metrics, logger: logger)
        let application = Application(
            router: router(),
            server: .http1(configuration: .init(idleTimeout: .seconds(30))),
            configuration: ApplicationConfiguration(
                address: .hostname(host, port: port), serverName: "tanggap", reuseAddress: true),
            services: [DispatcherService(dispatcher: dispatcher)],
            onServerRunning: { channel in
                onListening(host, channel.localAddress?.port ?? port)
            },
            logger: logger)
        try await application.runService()
        await dispatcher.shutdown()
    }

    /// Splits `HOST:PORT` (`[::1]:8080` for IPv6); a bare port listens on 127.0.0.1.
    public static func address(_ text: String) throws(GatewayConfigurationError) -> (String, Int) {
        var host = "127.0.0.1"
        var portText = Substring(text)
        if let colon = text.lastIndex(of: ":") {
            host = String(text[..<colon])
            portText = text[text.index(after: colon)...]
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        }
        guard !host.isEmpty, let port = Int(portText), (0...65_535).contains(port) else {
            throw GatewayConfigurationError("listen address '\(text)' must be HOST:PORT, like 127.0.0.1:8080")
        }
        return (host, port)
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/healthz") { _, _ -> Response in
            metrics.request("healthz")
            do {
                _ = try await store.conversationCount()
                return Self.json(.ok, ["status": "ok"])
            } catch {
                return Self.json(.serviceUnavailable, ["status": "unavailable", "error": "\(error)"])
            }
        }
        router.get("/metrics") { _, _ -> Response in
            metrics.request("metrics")
            if let depth = try? await store.outboxDepth() { metrics.outbox(depth: depth) }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: metrics.render())))
        }
        router.post("/v1/messages") { request, _ -> Response in
            await handle(request, endpoint: "messages") { body, headers throws(IntakeError) in
                try TanggapIntake.authenticate(
                    timestamp: Self.header(headers, "X-Tanggap-Timestamp"),
                    signature: Self.header(headers, "X-Tanggap-Signature"), body: body,
                    secret: configuration.intakeSecret, now: Date())
                return try TanggapIntake.parse(body, configuration: configuration)
            }
        }
        router.get("/webhooks/meta") { request, _ -> Response in
            metrics.request("meta_handshake")
            let query = request.uri.queryParameters
            do throws(IntakeError) {
                let challenge = try MetaWebhook.handshake(
                    mode: query["hub.mode"].map(String.init), token: query["hub.verify_token"].map(String.init),
                    challenge: query["hub.challenge"].map(String.init), configuration: configuration)
                return Response(
                    status: .ok, headers: [.contentType: "text/plain"],
                    body: .init(byteBuffer: ByteBuffer(string: challenge)))
            } catch {
                return refusal(error)
            }
        }
        router.post("/webhooks/meta") { request, _ -> Response in
            await handle(request, endpoint: "meta") { body, headers throws(IntakeError) in
                try MetaWebhook.authenticate(
                    signature: Self.header(headers, "X-Hub-Signature-256"), body: body,
                    configuration: configuration)
                return try MetaWebhook.parse(body, configuration: configuration)
            }
        }
        router.get("/webhooks/x") { request, _ -> Response in
            metrics.request("x_crc")
            do throws(IntakeError) {
                let token = try XWebhook.crc(
                    token: request.uri.queryParameters["crc_token"].map(String.init), configuration: configuration)
                return Self.json(.ok, ["response_token": token])
            } catch {
                return refusal(error)
            }
        }
        router.post("/webhooks/x") { request, _ -> Response in
            await handle(request, endpoint: "x") { body, headers throws(IntakeError) in
                try XWebhook.authenticate(
                    signature: Self.header(headers, "x-twitter-webhooks-signature"), body: body,
                    configuration: configuration)
                return try XWebhook.parse(body, configuration: configuration)
            }
        }
        return router
    }

    /// Reads the body within the limit, checks and maps it, then stores it all in one go.
    private func handle(
        _ request: Request, endpoint: String,
        _ map: @Sendable ([UInt8], HTTPFields) throws(IntakeError) -> WebhookBatch
    ) async -> Response {
        metrics.request(endpoint)
        let limit = configuration.maxBodyBytes
        let tooLarge = IntakeError(413, "too_large", "the body is larger than \(limit) bytes")
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            return refusal(tooLarge)
        }
        let body: [UInt8]
        do {
            var buffer = try await request.body.collect(upTo: limit)
            body = buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch {
            return refusal(tooLarge)
        }
        let batch: WebhookBatch
        do throws(IntakeError) {
            batch = try map(body, request.headers)
        } catch {
            return refusal(error)
        }
        do {
            let result = try await storeBatch(batch, endpoint: endpoint)
            metrics.accepted(endpoint, inserted: result.inserted, duplicates: result.duplicates)
            return Self.json(
                .accepted,
                [
                    "accepted": batch.messages.count, "stored": result.inserted, "duplicates": result.duplicates,
                    "reports": result.reportsMatched, "ignored": batch.ignored,
                ])
        } catch {
            logger.error("storing a \(endpoint) batch: \(error)")
            metrics.refused("store_unavailable")
            return Self.json(
                .serviceUnavailable,
                ["error": ["code": "store_unavailable", "message": "the store did not answer; retry"]])
        }
    }

    /// Stores a batch, its messages and reports in one transaction, so a failure stores none of it. When the store
    /// went away while committing, the outcome is found out by storing the batch again once the store answers:
    /// storing is idempotent on the messages' external ids, so a batch that was committed comes back as duplicates
    /// and is answered 202, and one that was not is stored now. Only while the store stays away is that unknown.
    private func storeBatch(_ batch: WebhookBatch, endpoint: String) async throws -> IngestResult {
        var inDoubt = false
        for attempt in 1... {
            do {
                return try await store.ingest(batch.messages, reports: batch.reports)
            } catch let error as StoreError
                where error.code == .outcomeUnknown || (inDoubt && error.code == .unavailable)
            {
                inDoubt = true
                guard attempt < 6 else {
                    logger.error(
                        "a \(endpoint) batch may have been stored: the store went away while committing it and has not answered since; the platform's retry is stored once"
                    )
                    throw error
                }
                logger.notice("storing a \(endpoint) batch: \(error.message); finding out by storing it again")
            }
            try await Task.sleep(for: .seconds(1))
        }
        throw StoreError(.unavailable, "the store did not answer")
    }

    /// A request header by name.
    public static func header(_ headers: HTTPFields, _ name: String) -> String? {
        HTTPField.Name(name).flatMap { headers[$0] }
    }

    private func refusal(_ error: IntakeError) -> Response {
        metrics.refused(error.code)
        logger.notice("refused: \(error)")
        return Self.json(
            HTTPResponse.Status(code: error.status), ["error": ["code": error.code, "message": error.message]])
    }

    static func json(_ status: HTTPResponse.Status, _ object: [String: Any]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Runs the dispatcher beside the HTTP server, stopping with it.
struct DispatcherService: Service {
    let dispatcher: Dispatcher

    func run() async throws {
        await withGracefulShutdownHandler {
            await dispatcher.run()
        } onGracefulShutdown: {
            dispatcher.stop()
        }
    }
}
