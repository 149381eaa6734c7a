import Synchronization

/// The policy a store works by, from the policy file a supervisor stored in it (``JournalAction/setPolicy(toml:)``),
/// read again in each transaction that derives or measures by it, so every process works by the same policy from its
/// next write: parsed once per text.
package final class StoredPolicy: Sendable {
    /// The policy of a store in which none was set: the one it was opened with.
    package let fallback: SLAPolicy
    private let parsed = Mutex<(text: String, policy: SLAPolicy)?>(nil)

    package init(fallback: SLAPolicy) { self.fallback = fallback }

    /// The policy for the stored text (`nil`: none stored). A text that no longer reads (written by a later version)
    /// is the fallback.
    package func policy(stored text: String?) -> SLAPolicy {
        guard let text else { return fallback }
        if let hit = parsed.withLock({ $0 }), hit.text == text { return hit.policy }
        let policy = (try? SLAPolicy(toml: text)) ?? fallback
        parsed.withLock { $0 = (text, policy) }
        return policy
    }

    /// The key of the stored policy in `store_info`.
    package static let key = "policy"
}
