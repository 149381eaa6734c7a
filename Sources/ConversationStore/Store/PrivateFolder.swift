import Foundation

/// A folder private to the user (0700), made with its parents when it is missing: where the store, the journal and
/// the signing keys live.
package enum PrivateFolder {
    /// Makes `folder` unless it is there; `purpose` says what it is for in the error (`the journal`).
    package static func make(_ folder: String, for purpose: String) throws {
        guard !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) else { return }
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw StoreError(.storage, "cannot create folder \(folder) for \(purpose): \(error.localizedDescription)")
        }
    }

    /// Checks that a file or folder holding an agent's journal or keys is the user's alone: owned by the effective
    /// user, and writable by nobody else. A journal in a folder another user can write would apply, as this agent,
    /// lines that user wrote and signed with a key they left there.
    package static func checkOwned(_ path: String, for purpose: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        let hint = (info.st_mode & S_IFMT) == S_IFDIR ? "chmod 700" : "chmod 600"
        if info.st_uid != geteuid() {
            throw StoreError(
                .storage,
                "\(path) (\(purpose)) belongs to another user (uid \(info.st_uid)); it must be yours alone: set "
                    + "XDG_STATE_HOME to a folder of your own")
        }
        if info.st_mode & (S_IWGRP | S_IWOTH) != 0 {
            throw StoreError(
                .storage, "\(path) (\(purpose)) can be written by other users; it must be yours alone: \(hint) \(path)")
        }
    }
}
