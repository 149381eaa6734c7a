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
}
