/// The prefix disambiguation rules, in the order they are tried. Each group is tried candidate by candidate; see
/// `StemmingContext.removeOnePrefix`. Rule numbers follow the literature (Nazief and Adriani; Asian's CS; ECS;
/// Sastrawi's own 41 and 42); rules 22 and 33 do not exist.
enum PrefixRules {
    typealias Rule = @Sendable (String) -> String?

    static let vowels: Set<Character> = ["a", "i", "u", "e", "o"]
    static let consonants: Set<Character> = Set("bcdfghjklmnpqrstvwxyz")
    static let letters: Set<Character> = Set("abcdefghijklmnopqrstuvwxyz")

    /// Splits `word` after `prefix` into its characters, or `nil` when it does not start with it.
    static func rest(_ word: String, after prefix: String) -> [Character]? {
        guard word.hasPrefix(prefix) else { return nil }
        return Array(word.dropFirst(prefix.count))
    }

    static func text(_ characters: ArraySlice<Character>) -> String { String(characters) }

    /// `prefix` + one character of `first` + anything: the character and the rest, or `nil`.
    static func one(_ word: String, _ prefix: String, _ first: Set<Character>) -> (Character, String)? {
        guard let rest = rest(word, after: prefix), let c = rest.first, first.contains(c) else { return nil }
        return (c, text(rest.dropFirst()))
    }

    /// prefix C A P, where P does not start with "er": C + A + P.
    static func cap(_ prefix: String) -> Rule {
        { word in
            guard let rest = rest(word, after: prefix), rest.count >= 2, consonants.contains(rest[0]),
                letters.contains(rest[1])
            else { return nil }
            let tail = text(rest.dropFirst(2))
            return tail.hasPrefix("er") ? nil : String(rest[0]) + String(rest[1]) + tail
        }
    }

    /// prefix C A er V P, C not r: C + A + er + V + P.
    static func caerv(_ prefix: String) -> Rule {
        { word in
            guard let rest = rest(word, after: prefix), rest.count >= 5, consonants.contains(rest[0]),
                letters.contains(rest[1]), rest[2] == "e", rest[3] == "r", vowels.contains(rest[4]), rest[0] != "r"
            else { return nil }
            return text(rest[...])
        }
    }

    /// prefix C1 er C2 P with C1 from `first`: C1 + er + C2 + P.
    static func cerc(_ prefix: String, first: Set<Character>) -> Rule {
        { word in
            guard let rest = rest(word, after: prefix), rest.count >= 4, first.contains(rest[0]), rest[1] == "e",
                rest[2] == "r", consonants.contains(rest[3])
            else { return nil }
            return text(rest[...])
        }
    }

    /// prefix V P: `insert` + V + P.
    static func vowel(_ prefix: String, insert: String = "") -> Rule {
        { word in one(word, prefix, vowels).map { insert + String($0.0) + $0.1 } }
    }

    /// prefix X P with X from `set`: X + P.
    static func keep(_ prefix: String, _ set: Set<Character>) -> Rule {
        { word in one(word, prefix, set).map { String($0.0) + $0.1 } }
    }

    /// C infix V P (an infix -er-, -el-, -em-, -in-): keep it (`keepInfix`) or drop it.
    static func infix(_ infix: String, keepInfix: Bool) -> Rule {
        { word in
            let characters = Array(word)
            let infixCharacters = Array(infix)
            guard characters.count >= 4, consonants.contains(characters[0]), characters[1] == infixCharacters[0],
                characters[2] == infixCharacters[1], vowels.contains(characters[3])
            else { return nil }
            return keepInfix ? word : String(characters[0]) + text(characters[3...])
        }
    }

    static let withoutR: Set<Character> = Set("bcdfghjklmnpqstvwxyz")
    static let plosives: Set<Character> = Set("bcdfghjkpqstvxz")

    static let groups: [[Rule]] = [
        // 1: berV → ber-V | be-rV
        [vowel("ber"), vowel("ber", insert: "r")],
        // 2: berCAP → ber-CAP, P ≠ er
        [cap("ber")],
        // 3: berCAerV → ber-CAerV, C ≠ r
        [caerv("ber")],
        // 4: belajar → ajar
        [{ $0 == "belajar" ? "ajar" : nil }],
        // 5: beC1erC2 → be-C1erC2, C1 ≠ r
        [cerc("be", first: withoutR)],
        // 6: terV → ter-V | te-rV
        [vowel("ter"), vowel("ter", insert: "r")],
        // 7: terCerV → ter-CerV, C ≠ r
        [
            { word in
                guard let rest = rest(word, after: "ter"), rest.count >= 4, consonants.contains(rest[0]),
                    rest[0] != "r",
                    rest[1] == "e", rest[2] == "r", vowels.contains(rest[3])
                else { return nil }
                return text(rest[...])
            }
        ],
        // 8: terCP → ter-CP, C ≠ r, P ≠ er
        [
            { word in
                guard let (c, tail) = one(word, "ter", consonants), c != "r", !tail.hasPrefix("er") else { return nil }
                return String(c) + tail
            }
        ],
        // 9: teC1erC2 → te-C1erC2, C1 ≠ r
        [
            { word in
                guard let rest = rest(word, after: "te"), rest.count >= 4, consonants.contains(rest[0]), rest[0] != "r",
                    rest[1] == "e", rest[2] == "r", consonants.contains(rest[3])
                else { return nil }
                return text(rest[...])
            }
        ],
        // 10: me{l,r,w,y}V → me-{l,r,w,y}V
        [
            { word in
                guard let rest = rest(word, after: "me"), rest.count >= 2, "lrwy".contains(rest[0]),
                    vowels.contains(rest[1])
                else { return nil }
                return text(rest[...])
            }
        ],
        // 11: mem{b,f,v} → mem-{b,f,v}
        [keep("mem", ["b", "f", "v"])],
        // 12: mempe → mem-pe
        [{ word in rest(word, after: "mempe").map { "pe" + String($0) } }],
        // 13: memV → me-mV | me-pV
        [vowel("mem", insert: "m"), vowel("mem", insert: "p")],
        // 14: men{c,d,j,s,t,z} → men-{c,d,j,s,t,z}
        [keep("men", ["c", "d", "j", "s", "t", "z"])],
        // 15: menV → me-nV | me-tV
        [vowel("men", insert: "n"), vowel("men", insert: "t")],
        // 16: meng{g,h,q,k} → meng-{g,h,q,k}
        [keep("meng", ["g", "h", "q", "k", "|"])],
        // 17: mengV → meng-V | meng-kV | menge- (monosyllables) | me-ngV
        [
            vowel("meng"), vowel("meng", insert: "k"), { word in rest(word, after: "menge").map { String($0) } },
            vowel("meng", insert: "ng"),
        ],
        // 18: menyV → me-nyV | meny-sV
        [vowel("meny", insert: "ny"), vowel("meny", insert: "s")],
        // 19: mempA → mem-pA, A ≠ e (and ≠ n)
        [
            { word in
                one(word, "memp", Set("abcdfghijklmopqrstuvwxyz")).map { "p" + String($0.0) + $0.1 }
            }
        ],
        // 20: pe{w,y}V → pe-{w,y}V
        [
            { word in
                guard let rest = rest(word, after: "pe"), rest.count >= 2, "wy".contains(rest[0]),
                    vowels.contains(rest[1])
                else { return nil }
                return text(rest[...])
            }
        ],
        // 21: perV → per-V | pe-rV
        [
            vowel("per"),
            { word in
                guard let rest = rest(word, after: "pe"), rest.count >= 2, rest[0] == "r", vowels.contains(rest[1])
                else {
                    return nil
                }
                return text(rest[...])
            },
        ],
        // 23: perCAP → per-CAP, P ≠ er
        [cap("per")],
        // 24: perCAerV → per-CAerV, C ≠ r
        [caerv("per")],
        // 25: pem{b,f,v} → pem-{b,f,v}
        [keep("pem", ["b", "f", "v"])],
        // 26: pemV → pe-mV | pe-pV
        [vowel("pem", insert: "m"), vowel("pem", insert: "p")],
        // 27: pen{c,d,j,s,t,z} → pen-{c,d,j,s,t,z}
        [keep("pen", ["c", "d", "j", "s", "t", "z"])],
        // 28: penV → pe-nV | pe-tV
        [vowel("pen", insert: "n"), vowel("pen", insert: "t")],
        // 29: pengC → peng-C
        [keep("peng", consonants)],
        // 30: pengV → peng-V | peng-kV | penge- (monosyllables)
        [vowel("peng"), vowel("peng", insert: "k"), { word in rest(word, after: "penge").map { String($0) } }],
        // 31: penyV → pe-nyV | peny-sV
        [vowel("peny", insert: "ny"), vowel("peny", insert: "s")],
        // 32: pelV → pe-lV, pelajar → ajar
        [
            { word in
                if word == "pelajar" { return "ajar" }
                guard let rest = rest(word, after: "pe"), rest.count >= 2, rest[0] == "l", vowels.contains(rest[1])
                else {
                    return nil
                }
                return text(rest[...])
            }
        ],
        // 34: peCP → pe-CP, P ≠ er
        [
            { word in
                guard let (c, tail) = one(word, "pe", consonants), !tail.hasPrefix("er") else { return nil }
                return String(c) + tail
            }
        ],
        // 35: terC1erC2 → ter-C1erC2, C1 a plosive
        [cerc("ter", first: plosives)],
        // 36: peC1erC2 → pe-C1erC2, C1 a plosive
        [cerc("pe", first: plosives)],
        // 37–40: the infixes -er-, -el-, -em-, -in-
        [infix("er", keepInfix: true), infix("er", keepInfix: false)],
        [infix("el", keepInfix: true), infix("el", keepInfix: false)],
        [infix("em", keepInfix: true), infix("em", keepInfix: false)],
        [infix("in", keepInfix: true), infix("in", keepInfix: false)],
        // 41, 42: ku-A, kau-A
        [{ word in rest(word, after: "ku").map { String($0) } }],
        [{ word in rest(word, after: "kau").map { String($0) } }],
    ]
}
