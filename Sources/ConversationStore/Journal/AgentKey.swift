import Crypto
import Foundation

/// An agent's signing key: Ed25519, made on the agent's first action in a state folder and kept there (mode 0600,
/// `keys/NAME.key` beside the journal). Every journal entry is signed with it, so an entry written by anyone
/// else — a line appended to the journal with its hash worked out again, another agent's name, a backdated time —
/// does not verify against the key the store knows for that agent.
///
/// What it does not protect against: someone who can read the agent's key file can sign as the agent; the key is
/// only as private as the agent's account on the machine.
public struct AgentKey: Sendable {
    public let agent: String
    /// The private key's 32 bytes.
    let secret: Data
    /// The public key, base64, as entries carry it and the store keeps it.
    public let publicKey: String

    init(agent: String, privateKey: Curve25519.Signing.PrivateKey) {
        self.agent = agent
        secret = privateKey.rawRepresentation
        publicKey = privateKey.publicKey.rawRepresentation.base64EncodedString()
    }

    /// The agent's key in `folder`, made (mode 0600, the folder 0700) when there is none.
    public static func loadOrCreate(agent: String, folder: String) throws -> AgentKey {
        let path = folder + "/" + fileName(agent)
        let files = FileManager.default
        try PrivateFolder.checkOwned(folder, for: "the signing keys' folder")
        try PrivateFolder.checkOwned(path, for: "a signing key")
        if let data = files.contents(atPath: path) {
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let raw = Data(base64Encoded: text),
                let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
            else {
                throw StoreError(.storage, "the signing key at \(path) is damaged; move it away to make a new one")
            }
            return AgentKey(agent: agent, privateKey: key)
        }
        try PrivateFolder.make(folder, for: "signing keys")
        // Written whole to a file of its own, then linked in place: the key appears complete or not at all, and of
        // two processes making one at once, the second takes the first's.
        let key = Curve25519.Signing.PrivateKey()
        let temporary = path + ".\(getpid()).\(UInt32.random(in: 0...UInt32.max)).new"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StoreError(.storage, "cannot create the signing key at \(path): \(String(cString: strerror(errno)))")
        }
        defer { unlink(temporary) }
        let bytes = Array((key.rawRepresentation.base64EncodedString() + "\n").utf8)
        let written = Foundation.write(descriptor, bytes, bytes.count) == bytes.count && fsync(descriptor) == 0
        close(descriptor)
        guard written else { throw StoreError(.storage, "cannot write the signing key at \(path)") }
        guard link(temporary, path) == 0 else {
            if errno == EEXIST { return try loadOrCreate(agent: agent, folder: folder) }
            throw StoreError(.storage, "cannot create the signing key at \(path): \(String(cString: strerror(errno)))")
        }
        return AgentKey(agent: agent, privateKey: key)
    }

    /// A file name for any agent name: letters, digits, `.`, `_` and `-` as they are, every other byte as `%XX`.
    static func fileName(_ agent: String) -> String {
        var name = ""
        for byte in agent.utf8 {
            let scalar = Unicode.Scalar(byte)
            if byte < 0x80,
                scalar.properties.isAlphabetic || ("0"..."9").contains(Character(scalar))
                    || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
                    || (byte == UInt8(ascii: ".") && !name.isEmpty)
            {
                name.append(Character(scalar))
            } else {
                name += String(format: "%%%02X", byte)
            }
        }
        return name + ".key"
    }

    /// The signature (base64) of an entry's hash.
    func sign(_ hash: String) -> String {
        let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: secret)
        return ((try? key?.signature(for: Data(hash.utf8))) ?? Data()).base64EncodedString()
    }

    /// Whether `signature` is `publicKey`'s of `hash`.
    static func verifies(signature: String, of hash: String, by publicKey: String) -> Bool {
        guard let raw = Data(base64Encoded: publicKey),
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw),
            let signature = Data(base64Encoded: signature)
        else { return false }
        return key.isValidSignature(signature, for: Data(hash.utf8))
    }
}
