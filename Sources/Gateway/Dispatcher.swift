import AsyncHTTPClient
import ConversationStore
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// Drains the outbox: every queued reply goes to its platform's send API once.
///
/// Before each call the reply is marked as on its way in the store (`beginDelivery`), so a second dispatcher does
/// not take it and a dispatcher that dies mid-call leaves it marked. Outcomes:
/// - the platform accepts it → `sent`, with the platform's id;
/// - 4xx → `failed` with the platform's reason, never retried (429, the rate limit, waits and retries);
/// - 5xx, 429, or no connection → retried after a wait that doubles from `first_retry_seconds`, up to
///   `max_attempts`, then `failed`;
/// - no answer in time, or found interrupted after a crash: the platform may have it. With `idempotent = true` the
///   call is repeated with the same `Idempotency-Key`; otherwise the reply is marked `failed` as in doubt, for an
///   agent to check, and never sent a second time.
/// Platform rules (WhatsApp's 24-hour window, one private reply per comment within 7 days) are checked before the
/// call; a reply that breaks one is `failed` without a call.
public final class Dispatcher: Sendable {
    let store: Store
    let configuration: GatewayConfiguration
    let metrics: GatewayMetrics
    let logger: Logger
    let client: HTTPClient
    private let stopping = Atomic<Bool>(false)

    public init(store: Store, configuration: GatewayConfiguration, metrics: GatewayMetrics, logger: Logger) {
        self.store = store
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
        var settings = HTTPClient.Configuration()
        settings.timeout = .init(
            connect: .milliseconds(configuration.delivery.timeout.milliseconds),
            read: .milliseconds(configuration.delivery.timeout.milliseconds))
        settings.redirectConfiguration = .disallow
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: settings)
    }

    /// The brand accounts this dispatcher sends for: those configured with a token. Replies of other accounts stay
    /// queued for the service that sends for them.
    var accounts: [Account] {
        configuration.accounts.filter { $0.token != nil }.map { Account(channel: $0.channel, handle: $0.handle) }
    }

    /// Runs until ``stop()`` (or the task is cancelled). Stopping lets the call under way finish: cut off, its
    /// outcome would be in doubt.
    public func run() async {
        let poll = configuration.delivery.pollInterval
        while !Task.isCancelled && !stopping.load(ordering: .relaxed) {
            var worked = false
            do {
                let due = try await store.dueDeliveries(accounts: accounts, lease: configuration.delivery.lease)
                for item in due where !stopping.load(ordering: .relaxed) {
                    await deliver(item)
                    worked = true
                }
                metrics.outbox(depth: try await store.outboxDepth())
            } catch {
                logger.error("outbox: \(error)")
            }
            if !worked { try? await Task.sleep(for: poll) }
        }
    }

    /// Asks the loop to stop after the delivery under way.
    public func stop() {
        stopping.store(true, ordering: .relaxed)
    }

    public func shutdown() async {
        try? await client.shutdown()
    }

    /// One attempt at one reply.
    func deliver(_ item: OutboxItem) async {
        let reply = item.message
        let channel = reply.channel.rawValue
        do {
            guard try await store.beginDelivery(of: reply.id, lease: configuration.delivery.lease) else { return }
            if item.interrupted && !configuration.delivery.idempotent {
                try await fail(
                    reply,
                    "in doubt: an earlier attempt was cut off before the platform answered; "
                        + "check whether the customer has it before sending it again", outcome: "in_doubt")
                return
            }
            guard let thread = try await store.thread(reply.conversation) else { return }
            let request: OutboundRequest
            do {
                request = try OutboundRequest.make(
                    reply: reply, thread: thread, configuration: configuration, now: store.now())
            } catch {
                try await fail(reply, error.description, outcome: "failed")
                return
            }
            switch await send(request, key: reply.deliveryKey) {
            case .accepted(let id):
                try await store.recordDelivery(of: reply.id, state: .sent, externalID: id)
                metrics.delivery(channel, outcome: "sent")
                logger.info("delivered reply \(reply.id) on \(channel) as \(id ?? "?")")
            case .refused(let reason):
                try await fail(reply, reason, outcome: "failed")
            case .unavailable(let reason):
                try await retry(item, reason)
            case .inDoubt(let reason):
                if configuration.delivery.idempotent {
                    try await retry(item, reason)
                } else {
                    try await fail(
                        reply,
                        "in doubt: \(reason) after the request was sent; check whether the customer has it "
                            + "before sending it again", outcome: "in_doubt")
                }
            }
        } catch {
            logger.error("delivering reply \(reply.id): \(error)")
        }
    }

    private func fail(_ reply: Message, _ reason: String, outcome: String) async throws {
        try await store.recordDelivery(of: reply.id, state: .failed, error: reason)
        metrics.delivery(reply.channel.rawValue, outcome: outcome)
        logger.warning("reply \(reply.id) on \(reply.channel) failed: \(reason)")
    }

    private func retry(_ item: OutboxItem, _ reason: String) async throws {
        let attempts = item.attempts + 1
        guard attempts < configuration.delivery.maxAttempts else {
            try await fail(item.message, "gave up after \(attempts) attempts: \(reason)", outcome: "failed")
            return
        }
        let wait = min(configuration.delivery.firstRetry * (1 << min(attempts - 1, 20)), .seconds(600))
        let due = store.now().addingTimeInterval(Double(wait.milliseconds) / 1000)
        try await store.deferDelivery(of: item.message.id, until: due, error: "attempt \(attempts): \(reason)")
        metrics.delivery(item.message.channel.rawValue, outcome: "retried")
        logger.notice("reply \(item.message.id): \(reason); retrying in \(wait)")
    }

    enum Outcome {
        case accepted(String?)
        case refused(String)
        case unavailable(String)
        case inDoubt(String)
    }

    /// One HTTP call, sorted into what the dispatcher does next.
    func send(_ request: OutboundRequest, key: String) async -> Outcome {
        var call = HTTPClientRequest(url: request.url)
        call.method = .POST
        call.headers.add(name: "Content-Type", value: "application/json")
        call.headers.add(name: "Authorization", value: "Bearer \(request.token)")
        call.headers.add(name: "Idempotency-Key", value: key)
        guard let body = try? JSONSerialization.data(withJSONObject: request.body, options: [.sortedKeys]) else {
            return .refused("the reply could not be encoded")
        }
        call.body = .bytes(ByteBuffer(bytes: body))
        let timeout = TimeAmount.milliseconds(configuration.delivery.timeout.milliseconds)
        do {
            let response = try await client.execute(call, timeout: timeout)
            let bytes = try await response.body.collect(upTo: 1 << 20)
            let answer = try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView), options: [])
            let status = response.status.code
            switch status {
            case 200..<300:
                return .accepted(answer.flatMap(request.messageID(in:)))
            case 429:
                return .unavailable("rate limited (HTTP 429)")
            case 400..<500:
                return .refused("the platform refused it (HTTP \(status)): \(Self.reason(in: answer))")
            default:
                return .unavailable("the platform failed (HTTP \(status)): \(Self.reason(in: answer))")
            }
        } catch let error as HTTPClientError where error == .connectTimeout {
            return .unavailable("no connection to the platform (timed out connecting)")
        } catch is NIOConnectionError {
            return .unavailable("no connection to the platform")
        } catch let error as IOError {
            return .unavailable("no connection to the platform (\(error.description))")
        } catch let error as ChannelError where error == .connectTimeout(timeout) {
            return .unavailable("no connection to the platform (timed out connecting)")
        } catch let error as HTTPClientError
            where error == .deadlineExceeded || error == .readTimeout || error == .remoteConnectionClosed
        {
            return .inDoubt("no answer within \(configuration.delivery.timeout)")
        } catch {
            return .inDoubt("the call broke off (\(error))")
        }
    }

    /// The platform's own words for an error: Meta's `error.message`, X's `detail` or `title`.
    static func reason(in answer: Any?) -> String {
        guard let object = answer as? [String: Any] else { return "no reason given" }
        if let error = object["error"] as? [String: Any], let message = error["message"] as? String { return message }
        if let detail = object["detail"] as? String { return detail }
        if let errors = object["errors"] as? [[String: Any]], let first = errors.first {
            return (first["message"] as? String) ?? (first["detail"] as? String) ?? (first["title"] as? String)
                ?? "no reason given"
        }
        if let title = object["title"] as? String { return title }
        return "no reason given"
    }
}
