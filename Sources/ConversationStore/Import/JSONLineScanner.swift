/// One pass over a JSONL line in the shape an import expects: a flat object of strings, `null`, `true`/`false` and
/// whole numbers, with one nested object (the author).
///
/// Reading a line through `JSONSerialization` and then casting each value out of `[String: Any]` took three
/// quarters of the import's reading core (11.6 µs a message); this reads the same lines in a fraction of it. It is
/// deliberately narrow: a line it is not sure of (arrays, nested objects elsewhere, fractions or exponents, a key
/// given twice, anything malformed) gives `nil`, and the general parser reads the line instead and says what is
/// wrong with it. So the scanner decides nothing on its own: every message it reads, the general path would have read
/// the same.
struct JSONLineScanner {
    enum Value {
        case null
        case string(String)
        case bool(Bool)
        case number(Int)
        case object(ScannedFields)
    }

    private let bytes: UnsafeRawBufferPointer
    private var index = 0

    /// The object on the line, or `nil` when the general parser should read it. `bytes` must be valid UTF-8.
    static func fields(_ bytes: UnsafeRawBufferPointer) -> ScannedFields? {
        var scanner = JSONLineScanner(bytes: bytes)
        scanner.skipSpace()
        guard let fields = scanner.object(nested: false) else { return nil }
        scanner.skipSpace()
        return scanner.index == bytes.count ? fields : nil
    }

    private init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipSpace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard current == byte else { return false }
        index += 1
        return true
    }

    private mutating func object(nested: Bool) -> ScannedFields? {
        guard take(UInt8(ascii: "{")) else { return nil }
        var fields = ScannedFields()
        skipSpace()
        if take(UInt8(ascii: "}")) { return fields }
        while true {
            skipSpace()
            guard let key = string() else { return nil }
            skipSpace()
            guard take(UInt8(ascii: ":")) else { return nil }
            skipSpace()
            guard let value = value(nested: nested), !fields.has(key) else { return nil }
            fields.entries.append((key, value))
            skipSpace()
            if take(UInt8(ascii: ",")) { continue }
            return take(UInt8(ascii: "}")) ? fields : nil
        }
    }

    private mutating func value(nested: Bool) -> Value? {
        switch current {
        case UInt8(ascii: "\""): return string().map { .string($0) }
        case UInt8(ascii: "{"):
            // One level only: the author inside the message.
            guard !nested else { return nil }
            return object(nested: true).map { .object($0) }
        case UInt8(ascii: "n"): return literal("null") ? .null : nil
        case UInt8(ascii: "t"): return literal("true") ? .bool(true) : nil
        case UInt8(ascii: "f"): return literal("false") ? .bool(false) : nil
        case let byte? where byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"): return wholeNumber()
        default: return nil
        }
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return false }
        index += count
        return true
    }

    /// Digits without a leading zero, a sign, a fraction or an exponent, and short enough not to overflow.
    private mutating func wholeNumber() -> Value? {
        let start = index
        var value = 0
        while let byte = current, byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
            guard index - start < 18 else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            index += 1
        }
        guard index - start == 1 || bytes[start] != UInt8(ascii: "0") else { return nil }
        if let byte = current, byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            return nil
        }
        return .number(value)
    }

    private mutating func string() -> String? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = index
        // The common case: no escapes, so the string is the bytes as they stand.
        while let byte = current, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") {
            guard byte >= 0x20 else { return nil }
            index += 1
        }
        guard let stop = current else { return nil }
        if stop == UInt8(ascii: "\"") {
            index += 1
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<(index - 1)]), as: UTF8.self)
        }
        var decoded = Array(bytes[start..<index])
        while let byte = current {
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: decoded, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let escaped = current else { return nil }
                index += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escaped)
                case UInt8(ascii: "b"): decoded.append(0x08)
                case UInt8(ascii: "f"): decoded.append(0x0C)
                case UInt8(ascii: "n"): decoded.append(0x0A)
                case UInt8(ascii: "r"): decoded.append(0x0D)
                case UInt8(ascii: "t"): decoded.append(0x09)
                case UInt8(ascii: "u"):
                    guard let scalar = unicodeEscape() else { return nil }
                    decoded.append(contentsOf: String(Character(scalar)).utf8)
                default: return nil
                }
            case let byte where byte < 0x20:
                return nil
            default:
                decoded.append(byte)
            }
        }
        return nil
    }

    /// `\uXXXX` after the `u`, joining a surrogate pair; a lone surrogate goes to the general parser.
    private mutating func unicodeEscape() -> Unicode.Scalar? {
        guard let high = hexQuad() else { return nil }
        if (0xD800..<0xDC00).contains(high) {
            guard take(UInt8(ascii: "\\")), take(UInt8(ascii: "u")), let low = hexQuad(),
                (0xDC00..<0xE000).contains(low)
            else { return nil }
            return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
        }
        return Unicode.Scalar(high)
    }

    private mutating func hexQuad() -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }
}

/// The fields the scanner read, in the order they came (a handful, so a list beats a hash table).
struct ScannedFields {
    var entries: [(key: String, value: JSONLineScanner.Value)] = []

    func has(_ key: String) -> Bool { entries.contains { $0.key == key } }

    subscript(key: String) -> JSONLineScanner.Value? { entries.first { $0.key == key }?.value }
}
