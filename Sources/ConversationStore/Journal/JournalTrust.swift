import Foundation

/// Which journal entries the store takes when it applies them afterwards (recovery on start) and `journal verify`
/// accepts: signed, the signature the key's own, the key one its agent acts with, and not dated more than
/// ``replayTolerance`` before the last entry the store applied from the same journal. An agent's key is registered when the agent acts through a process that
/// holds it (``Store``), never from a journal line, so a line appended to a journal by anyone else — its hash worked
/// out again, another agent's name, a backdated time, an old line replayed — is refused.
///
/// What it does not protect against: someone who can read an agent's key file, or who acts as that agent through
/// the command line (`--agent`), signs as the agent.
public enum JournalTrust {
    /// Why the store must not take `entry`, or nil. `keys` are the keys each agent acts with; `lastApplied` the time
    /// of the latest entry the store applied from the entry's journal.
    public static func problem(_ entry: JournalEntry, keys: [String: Set<String>], lastApplied: Date?) -> String? {
        guard let key = entry.key, entry.signature != nil else { return "it is not signed" }
        guard entry.signatureVerifies else { return "its signature does not verify: the line was altered or forged" }
        guard keys[entry.agent]?.contains(key) == true else {
            return "it is signed with a key \(entry.agent) has not acted with"
        }
        if let lastApplied, entry.time < lastApplied.addingTimeInterval(-replayTolerance) {
            return "it is dated before the last entry the store applied from its journal"
        }
        return nil
    }

    /// How much earlier than the last entry applied from its journal an entry may be dated: the actions of a bulk
    /// run or of two processes of one agent are journaled in a different order than they are applied, a second or
    /// so apart; a line backdated to flatter a response time, or an old line replayed, is earlier by far more.
    public static let replayTolerance: TimeInterval = 300
}
