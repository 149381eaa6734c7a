/// Where an outbound reply stands in the outbox.
public enum DeliveryState: String, Codable, Sendable, CaseIterable {
    /// Written by the agent and waiting for the dispatcher. Already counts as a response.
    case queued
    /// Accepted by the platform.
    case sent
    /// Finally refused by the platform; no longer counts as a response.
    case failed
}
