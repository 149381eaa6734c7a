import Foundation

/// Strict JSON (RFC 8259) checked byte by byte, to say where a broken line breaks: the platform's parser accepts
/// some of what JSON does not (a trailing comma in an object) and says nothing of where the rest goes wrong.
public enum JSONSyntax {
    /// What is wrong and at which column (1 for the first byte); `nil` for well-formed JSON.
    public struct Problem: Equatable, Sendable, CustomStringConvertible {
        public var column: Int
        public var what: String
        public var description: String { "\(what) at column \(column)" }
    }

    /// The first problem in `bytes`, or `nil` when they hold exactly one JSON value (and whitespace).
    public static func problem<Bytes: Collection<UInt8>>(in bytes: Bytes) -> Problem? {
        var checker = Checker(bytes: Array(bytes))
        return checker.document()
    }

    private struct Checker {
        let bytes: [UInt8]
        var index = 0
        var depth = 0

        var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        func fail(_ what: String) -> Problem { Problem(column: index + 1, what: what) }

        mutating func skipSpace() {
            while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
        }

        mutating func document() -> Problem? {
            skipSpace()
            if let problem = value() { return problem }
            skipSpace()
            return current == nil ? nil : fail("unexpected text after the JSON value")
        }

        mutating func value() -> Problem? {
            guard let byte = current else { return fail("a value is missing") }
            switch byte {
            case UInt8(ascii: "{"): return container(close: UInt8(ascii: "}"), keyed: true)
            case UInt8(ascii: "["): return container(close: UInt8(ascii: "]"), keyed: false)
            case UInt8(ascii: "\""): return string()
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return number()
            case UInt8(ascii: "}"), UInt8(ascii: "]"): return fail("a value is missing (a trailing comma?)")
            case 0xEF where bytes[index...].starts(with: [0xEF, 0xBB, 0xBF]):
                return fail("a byte order mark (U+FEFF) where a value should start")
            default: return fail("'\(characterHere)' cannot start a value")
            }
        }

        mutating func container(close: UInt8, keyed: Bool) -> Problem? {
            depth += 1
            defer { depth -= 1 }
            guard depth <= 64 else { return fail("nested more than 64 deep") }
            index += 1
            skipSpace()
            if current == close {
                index += 1
                return nil
            }
            // The keys seen in this object: a key given twice would leave which value counts to the parser (the
            // last, silently), so it is refused.
            var keys = Set<String>()
            while true {
                skipSpace()
                if keyed {
                    guard current == UInt8(ascii: "\"") else {
                        return current == close
                            ? fail("a trailing comma before '}'") : fail("a key (a string in quotes) is expected")
                    }
                    let keyStart = index
                    if let problem = string() { return problem }
                    let key = Self.decoded(bytes[keyStart..<index])
                    guard keys.insert(key).inserted else {
                        index = keyStart
                        return fail("the key '\(key)' is given twice in one object")
                    }
                    skipSpace()
                    guard current == UInt8(ascii: ":") else { return fail("':' is expected after the key") }
                    index += 1
                    skipSpace()
                } else if current == close {
                    return fail("a trailing comma before ']'")
                }
                if let problem = value() { return problem }
                skipSpace()
                if current == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                guard current == close else {
                    return fail(
                        current == nil
                            ? "the line ends inside \(keyed ? "an object" : "an array")"
                            : "',' or '\(Character(Unicode.Scalar(close)))' is expected")
                }
                index += 1
                return nil
            }
        }

        mutating func string() -> Problem? {
            index += 1
            while let byte = current {
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    return nil
                case UInt8(ascii: "\\"):
                    index += 1
                    guard let escaped = current else { return fail("the line ends inside a string") }
                    switch escaped {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                        UInt8(ascii: "f"),
                        UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        index += 1
                    case UInt8(ascii: "u"):
                        index += 1
                        for _ in 0..<4 {
                            guard let digit = current, isHex(digit) else { return fail("\\u needs four hex digits") }
                            index += 1
                        }
                    default: return fail("'\\\(Character(Unicode.Scalar(escaped)))' is not an escape")
                    }
                case 0..<0x20: return fail("a control character inside a string (write it as \\u00XX)")
                default: index += 1
                }
            }
            return fail("the line ends inside a string")
        }

        /// The character at `index` as it reads (a UTF-8 sequence whole, not its first byte).
        var characterHere: String {
            guard let byte = current else { return "" }
            guard byte >= 0x80 else { return String(Character(Unicode.Scalar(byte))) }
            let sequence = bytes[index..<min(bytes.count, index + 4)]
            for length in (2...4).reversed() where sequence.count >= length {
                if let text = String(validating: sequence.prefix(length), as: UTF8.self), text.count == 1 {
                    return text
                }
            }
            return String(format: "\\x%02X", byte)
        }

        /// A string as it reads, from its bytes in quotes (escapes decoded).
        static func decoded(_ quoted: ArraySlice<UInt8>) -> String {
            guard quoted.contains(UInt8(ascii: "\\")) else {
                return String(decoding: quoted.dropFirst().dropLast(), as: UTF8.self)
            }
            return (try? JSONSerialization.jsonObject(with: Data(quoted), options: [.fragmentsAllowed])) as? String
                ?? String(decoding: quoted.dropFirst().dropLast(), as: UTF8.self)
        }

        func isHex(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
        }

        mutating func literal(_ word: String) -> Problem? {
            let start = index
            for expected in word.utf8 {
                guard current == expected else {
                    // One letter in common is a word that is not JSON; more, a misspelt literal.
                    guard index - start > 1 else { return Problem(column: start + 1, what: "not a JSON value") }
                    return fail("'\(word)' is misspelt")
                }
                index += 1
            }
            return nil
        }

        mutating func number() -> Problem? {
            func digits() -> Int {
                var count = 0
                while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                    index += 1
                    count += 1
                }
                return count
            }
            if current == UInt8(ascii: "-") { index += 1 }
            if current == UInt8(ascii: "0") {
                index += 1
                if let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                    return fail("a number does not start with 0")
                }
            } else if digits() == 0 {
                return fail("a digit is expected")
            }
            if current == UInt8(ascii: ".") {
                index += 1
                guard digits() > 0 else { return fail("a digit is expected after '.'") }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                index += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
                guard digits() > 0 else { return fail("a digit is expected in the exponent") }
            }
            return nil
        }
    }
}
