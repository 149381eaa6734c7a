import Foundation

/// A small deterministic generator (SplitMix64), so shuffled and fuzzed tests repeat.
public struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    public init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    public mutating func next() -> UInt64 {
        state = state &+ 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Mutations of valid records, seeded so a failure repeats: bytes flipped, hostile pieces put in (quotes, braces, a
/// NUL, bytes that are not UTF-8, escape sequences, a key given twice, numbers no type holds, impossible times, deep
/// nesting), spans cut out or doubled.
public struct Mutator {
    public var random: SeededGenerator

    public init(seed: UInt64) { random = SeededGenerator(seed: seed) }

    public static let pieces: [[UInt8]] =
        [
            "\"", "\\", "{", "}", "[", "]", ",", ":", "\\u0000", "\\uD800", "\u{1B}]52;c;aGk=\u{7}", "\u{202E}",
            "\u{200D}", "🇮🇩", "\"id\":\"dup\",", "\"channel\":\"facebook\",", "99999999999999999999999", "-9e18",
            "1e400", "null", "true", "\"2026-11-22T-1:00:00Z\"", "\"9999-12-31T23:59:59Z\"", "\"1970-01-01T00:00:00Z\"",
            "Tue Oct 31 -1:10:47 +0000 2017", "Sun Feb 30 25:61:61 +0000 2017", String(repeating: "[", count: 200),
            String(repeating: "a", count: 70_000), "\r", "\t", "💩", "\u{FEFF}",
        ].map { Array($0.utf8) } + [[0x00], [0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80]]

    public mutating func int(_ range: Range<Int>) -> Int { Int.random(in: range, using: &random) }

    /// One to three mutations of `bytes`, none putting in a line break (a record stays one line).
    public mutating func mutate(_ original: [UInt8]) -> [UInt8] {
        var bytes = original
        for _ in 0..<int(1..<4) {
            let at = bytes.isEmpty ? 0 : int(0..<bytes.count)
            switch int(0..<5) {
            case 0 where !bytes.isEmpty:
                var byte = UInt8(int(0..<256))
                if byte == 0x0A { byte = 0x0B }
                bytes[at] = byte
            case 1:
                bytes.insert(contentsOf: Self.pieces[int(0..<Self.pieces.count)], at: at)
            case 2 where bytes.count > 2:
                bytes.removeSubrange(at..<min(bytes.count, at + int(1..<20)))
            case 3 where !bytes.isEmpty:
                let span = Array(bytes[at..<min(bytes.count, at + int(1..<40))])
                bytes.insert(contentsOf: span, at: int(0..<bytes.count))
            default:
                bytes = Array(bytes.prefix(at))
            }
        }
        return bytes
    }
}
