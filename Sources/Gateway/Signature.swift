import Crypto
import Foundation

/// HMAC-SHA256 signatures as the platforms send them: hex after `sha256=` (Meta, and this service's own intake) or
/// base64 after `sha256=` (X). Comparison is constant-time.
public enum Signature {
    /// The hex HMAC-SHA256 of `message` under `secret`.
    public static func hex(_ message: some DataProtocol, secret: [UInt8]) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: secret))
        return code.map { String(format: "%02x", $0) }.joined()
    }

    /// The base64 HMAC-SHA256 of `message` under `secret`.
    public static func base64(_ message: some DataProtocol, secret: [UInt8]) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: secret))
        return Data(code).base64EncodedString()
    }

    /// True when `header` is `sha256=<hex>` and the hex is the HMAC of `message`.
    public static func verifyHex(_ header: String?, message: some DataProtocol, secret: [UInt8]) -> Bool {
        guard let header, header.hasPrefix("sha256="), let code = hexBytes(header.dropFirst(7)), code.count == 32
        else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: message, using: SymmetricKey(data: secret))
    }

    /// True when `header` is `sha256=<base64>` and the base64 is the HMAC of `message`.
    public static func verifyBase64(_ header: String?, message: some DataProtocol, secret: [UInt8]) -> Bool {
        guard let header, header.hasPrefix("sha256="), let code = Data(base64Encoded: String(header.dropFirst(7))),
            code.count == 32
        else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: message, using: SymmetricKey(data: secret))
    }

    private static func hexBytes(_ text: Substring) -> [UInt8]? {
        guard text.utf8.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count / 2)
        var high: UInt8?
        for unit in text.utf8 {
            let value: UInt8
            switch unit {
            case 0x30...0x39: value = unit - 0x30
            case 0x61...0x66: value = unit - 0x61 + 10
            case 0x41...0x46: value = unit - 0x41 + 10
            default: return nil
            }
            if let first = high {
                bytes.append(first << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        return bytes
    }
}
