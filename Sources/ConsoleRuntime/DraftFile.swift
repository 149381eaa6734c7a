import AgentConsole
import ConversationStore
import Foundation

/// Unsent drafts, kept in one private file so a hang-up or a quit loses nothing.
public struct DraftFile: Sendable {
    /// The file's path.
    public let path: String

    /// The drafts file at `path`; it need not exist yet.
    public init(path: String) { self.path = path }

    /// The drafts kept; none when the file is missing or unreadable.
    public func load() -> [ConversationID: Draft] {
        guard let data = FileManager.default.contents(atPath: path),
            let decoded = try? JSONDecoder().decode([String: Draft].self, from: data)
        else { return [:] }
        var drafts: [ConversationID: Draft] = [:]
        for (key, draft) in decoded {
            if let id = ConversationID(parsing: key) { drafts[id] = draft }
        }
        return drafts
    }

    /// Replaces the kept drafts, through a private temporary file renamed into place.
    public func save(_ drafts: [ConversationID: Draft]) {
        let folder = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var encoded: [String: Draft] = [:]
        for (id, draft) in drafts { encoded[id.description] = draft }
        guard let data = try? JSONEncoder().encode(encoded) else { return }
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600])
        else { return }
        let handle = FileHandle(forWritingAtPath: temporary)
        try? handle?.synchronize()
        try? handle?.close()
        _ = rename(temporary, path)
    }
}
