import Foundation

/// How many agents a stream of conversations needs, by Erlang C: conversations arrive at random (Poisson) at a
/// steady rate, each takes an agent a handling time on average (exponential), and a conversation that finds every
/// agent busy waits its turn. An agent who works `concurrency` conversations at once counts as that many servers.
///
/// - traffic A = arrivals per second × handling time (Erlangs);
/// - Erlang B by the recursion B(0) = 1, B(k) = A·B(k−1) / (k + A·B(k−1)), which never overflows;
/// - the chance of waiting, C(N, A) = N·B(N) / (N − A·(1 − B(N))), for N servers above A;
/// - service level = 1 − C(N, A) · e^(−(N − A) · target / handling time): the share answered within the target;
/// - occupancy = A / N.
public enum ErlangC {
    /// What `agents` agents achieve.
    public struct Staffing: Hashable, Sendable {
        public var agents: Int
        /// The share of conversations answered within the target, 0…1.
        public var serviceLevel: Double
        /// The share of the agents' time spent handling, 0…1.
        public var occupancy: Double
        /// The chance a conversation waits at all.
        public var waitProbability: Double
    }

    /// The most agents a calculation considers.
    public static let maximumAgents = 100_000

    /// What `agents` agents (each working `concurrency` conversations at once) achieve for `arrivalsPerHour`
    /// conversations of `handlingSeconds` each, answered within `targetSeconds`; `nil` when they cannot keep up
    /// (the traffic reaches their capacity, so the queue grows without end).
    public static func staffing(
        agents: Int, arrivalsPerHour: Double, handlingSeconds: Double, targetSeconds: Double, concurrency: Int = 1
    ) -> Staffing? {
        let servers = Double(agents * max(1, concurrency))
        let traffic = arrivalsPerHour / 3600 * handlingSeconds
        guard agents > 0, servers > traffic else { return nil }
        var blocking = 1.0
        for server in 1...Int(servers) { blocking = traffic * blocking / (Double(server) + traffic * blocking) }
        let waiting = servers * blocking / (servers - traffic * (1 - blocking))
        let level = 1 - waiting * exp(-(servers - traffic) * targetSeconds / handlingSeconds)
        return Staffing(
            agents: agents, serviceLevel: min(1, max(0, level)), occupancy: traffic / servers,
            waitProbability: waiting)
    }

    /// The fewest agents whose service level reaches `target` (0…1); no arrivals need no agents.
    public static func agentsNeeded(
        arrivalsPerHour: Double, handlingSeconds: Double, targetSeconds: Double, serviceLevel target: Double,
        concurrency: Int = 1
    ) -> Staffing? {
        guard arrivalsPerHour > 0 else {
            return Staffing(agents: 0, serviceLevel: 1, occupancy: 0, waitProbability: 0)
        }
        let traffic = arrivalsPerHour / 3600 * handlingSeconds
        var agents = max(1, Int((traffic / Double(max(1, concurrency))).rounded(.down)))
        while agents <= maximumAgents {
            if let staffing = staffing(
                agents: agents, arrivalsPerHour: arrivalsPerHour, handlingSeconds: handlingSeconds,
                targetSeconds: targetSeconds, concurrency: concurrency), staffing.serviceLevel >= target
            {
                return staffing
            }
            agents += 1
        }
        return nil
    }
}
