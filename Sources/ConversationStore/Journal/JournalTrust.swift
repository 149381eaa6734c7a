import Foundation

/// Which journal entries the store takes when it applies them afterwards (recovery on start) and `journal verify`
/// accepts: signed, the signature the key's own, the key one its agent acts with, and not older than the last entry
/// the store applied from the same journal. An agent's key is registered when the agent acts through a process that
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
        if let lastApplied, entry.time < lastApplied {
            return "it is older than the last entry the store applied from its journal"
        }
        return nil
    }
}
