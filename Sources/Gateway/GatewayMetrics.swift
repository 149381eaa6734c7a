import Prometheus

/// The service's counters, exposed at `GET /metrics` in Prometheus text format.
public struct GatewayMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()

    public init() {}

    /// Every request, by endpoint.
    func request(_ endpoint: String) {
        registry.makeCounter(
            name: "tanggap_http_requests_total", labels: [("endpoint", endpoint)], help: "HTTP requests by endpoint"
        ).increment()
    }

    /// Messages stored (new) and duplicates let go, by endpoint.
    func accepted(_ endpoint: String, inserted: Int, duplicates: Int) {
        registry.makeCounter(
            name: "tanggap_messages_accepted_total", labels: [("endpoint", endpoint)],
            help: "Messages taken in and stored for the first time"
        ).increment(by: Int64(inserted))
        registry.makeCounter(
            name: "tanggap_messages_duplicate_total", labels: [("endpoint", endpoint)],
            help: "Messages taken in that the store already had"
        ).increment(by: Int64(duplicates))
    }

    /// A refused request, by the reason's code.
    func refused(_ code: String) {
        registry.makeCounter(
            name: "tanggap_requests_refused_total", labels: [("reason", code)], help: "Requests refused, by reason"
        ).increment()
    }

    /// A delivery attempt's outcome: sent, failed, retried or in_doubt.
    func delivery(_ channel: String, outcome: String) {
        registry.makeCounter(
            name: "tanggap_deliveries_total", labels: [("channel", channel), ("outcome", outcome)],
            help: "Delivery attempts by outcome"
        ).increment()
        if outcome == "failed" {
            registry.makeCounter(
                name: "tanggap_delivery_failures_total", labels: [("channel", channel)],
                help: "Replies finally failed"
            ).increment()
        }
    }

    /// Replies waiting in the outbox.
    func outbox(depth: Int) {
        registry.makeGauge(name: "tanggap_outbox_queued", help: "Replies waiting for delivery").set(Double(depth))
    }

    /// The text format.
    public func render() -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
