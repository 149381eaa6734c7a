//
//  PersonalData.swift
//  TextAnalysis
//
//  A fast, local detector for personal data in informal Indonesian and English
//  customer-care text: phone numbers, NIK, e-mail addresses, payment cards, bank
//  account numbers, NPWP, OTP / PIN codes and street addresses.
//
//  Self-contained (Foundation only), no global mutable state, everything Sendable.
//  The scanner works on the UTF-8 bytes of the text by hand; it bails out at once
//  for texts that cannot hold a finding (no run of ≥4 digits — or of ≥6 digits
//  split by single separators —, no "@", and no "jl"/"jalan"/"rt" word together
//  with a digit).
//
//  What a finding covers:
//  - phone:        the number as written, including a leading "+" or "(area)".
//  - nik, card,
//    npwp:         the digits with their separators.
//  - email:        the address.
//  - bank_account,
//    otp:          just the number; the naming words ("no rek BCA", "kode OTP") stay
//                  outside the finding, so masking leaves them readable.
//  - address:      from "Jl."/"Jln"/"Jalan" through the house number and a directly
//                  following RT/RW, or an RT/RW pair on its own. A following
//                  kelurahan/kecamatan/city is not included.
//
//  Competing kinds: the nearest naming word within five words before the number
//  decides ("NIK"/"KTP", "kartu"/"card", "NPWP", "rek"/"a/n"/bank name, "OTP"/"PIN"/
//  "kode", "hp"/"wa"/"telp"); a decoy word ("resi", "pesanan", "order", "Rp",
//  "ID pelanggan", "IMEI", "promo", "VA"…) within three words vetoes. A named kind
//  that does not fit falls back to a phone check only (a NIK-named invalid number
//  is nothing). Without a naming word the structure decides: the old NPWP layout,
//  then a phone (a landline only with its area code written apart), then a valid
//  NIK (a Luhn-valid card number grouped 4-4-4-4 wins over a NIK), then a card.
//  OTPs and account numbers always need a naming word (before, or after:
//  "482913 adalah kode OTP Anda", "1234567890 a/n Budi").
//

import Foundation

// MARK: - Public API

/// The kinds of personal data `PersonalData` finds.
public enum PersonalDataKind: String, CaseIterable, Sendable, Hashable, Comparable, Codable {
    case phone, nik, email, card, bankAccount = "bank_account", npwp, otp, address

    private var order: Int {
        switch self {
        case .phone: 0
        case .nik: 1
        case .email: 2
        case .card: 3
        case .bankAccount: 4
        case .npwp: 5
        case .otp: 6
        case .address: 7
        }
    }

    /// Ordered by declaration order.
    public static func < (lhs: PersonalDataKind, rhs: PersonalDataKind) -> Bool {
        lhs.order < rhs.order
    }
}

/// One piece of personal data found in a text.
public struct PersonalDataFinding: Sendable, Hashable {
    public var kind: PersonalDataKind
    /// Exactly the substring of the input that was found.
    public var text: String
    /// Its place in the input.
    public var range: Range<String.Index>

    public init(kind: PersonalDataKind, text: String, range: Range<String.Index>) {
        self.kind = kind
        self.text = text
        self.range = range
    }
}

/// Finds and masks personal data in short customer-care messages.
public enum PersonalData {
    /// Mailboxes of a company's roles, never a person's.
    fileprivate static let roleMailboxes: Set<String> = [
        "admin", "billing", "care", "contact", "cs", "customer.care", "customercare", "customer.service",
        "customerservice", "halo", "hello", "help", "helpdesk", "humas", "info", "kontak", "layanan", "no-reply",
        "noreply", "pengaduan", "sales", "support", "webmaster",
    ]

    /// Findings in text order, never overlapping.
    public static func find(in text: String) -> [PersonalDataFinding] {
        let raws = rawFindings(in: text)
        if raws.isEmpty { return [] }
        var result: [PersonalDataFinding] = []
        result.reserveCapacity(raws.count)
        let utf8 = text.utf8
        var index = utf8.startIndex
        var offset = 0
        for raw in raws {
            let lower = utf8.index(index, offsetBy: raw.start - offset)
            let upper = utf8.index(lower, offsetBy: raw.end - raw.start)
            index = upper
            offset = raw.end
            let range = lower..<upper
            result.append(PersonalDataFinding(kind: raw.kind, text: String(text[range]), range: range))
        }
        return result
    }

    /// The kinds found (cheap wrapper).
    public static func kinds(in text: String) -> Set<PersonalDataKind> {
        var kinds = Set<PersonalDataKind>()
        for raw in rawFindings(in: text) { kinds.insert(raw.kind) }
        return kinds
    }

    /// The text with the given findings (default: all found) masked; with `only`, just those kinds.
    public static func mask(_ text: String, only kinds: Set<PersonalDataKind>? = nil) -> String {
        let findings = find(in: text)
        if findings.isEmpty { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var current = text.startIndex
        var changed = false
        for finding in findings {
            if let kinds, !kinds.contains(finding.kind) { continue }
            out.append(contentsOf: text[current..<finding.range.lowerBound])
            out.append(masked(finding))
            current = finding.range.upperBound
            changed = true
        }
        if !changed { return text }
        out.append(contentsOf: text[current...])
        return out
    }

    /// One finding's masked form (as `mask` writes it).
    ///
    /// Digits become `*` except at most the last four (phone, nik, card, bank account,
    /// npwp); every digit for otp and address; an e-mail keeps the first character of
    /// the local part and the whole domain. Separators and letters are kept.
    public static func masked(_ finding: PersonalDataFinding) -> String {
        switch finding.kind {
        case .email:
            let scalars = finding.text.unicodeScalars
            guard let at = scalars.firstIndex(of: "@") else { return maskDigits(finding.text, keep: 0) }
            var out = String.UnicodeScalarView()
            var first = true
            for scalar in scalars[..<at] {
                out.append(first ? scalar : "*")
                first = false
            }
            out.append(contentsOf: scalars[at...])
            return String(out)
        case .otp, .address:
            return maskDigits(finding.text, keep: 0)
        case .phone, .nik, .card, .bankAccount, .npwp:
            return maskDigits(finding.text, keep: 4)
        }
    }

    private static func maskDigits(_ text: String, keep: Int) -> String {
        var bytes = Array(text.utf8)
        var total = 0
        for byte in bytes where byte &- 48 < 10 { total += 1 }
        let hide = total - keep
        var seen = 0
        for i in bytes.indices where bytes[i] &- 48 < 10 {
            if seen < hide { bytes[i] = UInt8(ascii: "*") }
            seen += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    fileprivate static func rawFindings(in text: String) -> [Raw] {
        var copy = text
        return copy.withUTF8 { buffer -> [Raw] in
            if buffer.isEmpty { return [] }
            var scanner = Scanner(buffer)
            return scanner.run()
        }
    }
}

// MARK: - Implementation

extension PersonalData {

    /// One digit group of a number span and the separator written before it.
    fileprivate struct Group {
        var start: Int
        var end: Int
        var sep: UInt8
    }

    /// Groups `first...last` of a span, joined by non-space separators.
    fileprivate struct Unit {
        var first: Int
        var last: Int
        var digits: Int
    }

    /// A finding as byte offsets into the UTF-8 text.
    fileprivate struct Raw {
        var kind: PersonalDataKind
        var start: Int
        var end: Int
    }

    /// What a word near a number says about it.
    fileprivate enum Cue: Sendable, Equatable {
        case phone, nik, card, npwp, otp
        /// "kode"/"code": an OTP unless the next word back is a decoy word ("kode promo").
        case code
        /// "rek", "rekening", "account", "a/n"…
        case bank
        /// "BCA", "Mandiri"…: vetoed by any decoy word nearby ("VA BCA", "resi … BCA").
        case bankName
        /// Order, tracking, amount, date, customer-id… words: never flag.
        case negative
    }

    /// Up to 16 lower-cased ASCII bytes packed into two words.
    fileprivate struct WordKey: Hashable, Sendable {
        var lo: UInt64 = 0
        var hi: UInt64 = 0

        init() {}

        init?(_ word: String) {
            var k = 0
            for byte in word.utf8 {
                guard k < 16 else { return nil }
                let value = UInt64(byte)
                if k < 8 { lo |= value << UInt64(8 * k) } else { hi |= value << UInt64(8 * (k - 8)) }
                k += 1
            }
        }
    }

    /// A small open-addressing hash table from packed words to values.
    fileprivate struct WordTable<Value: Sendable>: Sendable {
        private var keys: [WordKey]
        private var values: [Value?]
        private let mask: Int

        init(_ entries: [(String, Value)]) {
            var size = 64
            while size < entries.count * 4 { size *= 2 }
            keys = Array(repeating: WordKey(), count: size)
            values = Array(repeating: nil, count: size)
            mask = size - 1
            for (word, value) in entries {
                guard let key = WordKey(word) else { continue }
                var i = Self.slot(key) & mask
                while values[i] != nil && keys[i] != key { i = (i + 1) & mask }
                keys[i] = key
                values[i] = value
            }
        }

        @inline(__always) static func slot(_ key: WordKey) -> Int {
            Int(truncatingIfNeeded: ((key.lo &* 0x9E37_79B9_7F4A_7C15) ^ (key.hi &* 0xC2B2_AE3D_27D4_EB4F)) >> 40)
        }

        func value(_ key: WordKey) -> Value? {
            var i = Self.slot(key) & mask
            while let value = values[i] {
                if keys[i] == key { return value }
                i = (i + 1) & mask
            }
            return nil
        }

        func contains(_ key: WordKey) -> Bool { value(key) != nil }
    }

    fileprivate static let cueTable: WordTable<Cue> = {
        var entries: [(String, Cue)] = []
        let groups: [(Cue, [String])] = [
            (
                .phone,
                [
                    "hp", "hape", "handphone", "henpon", "nohp", "hpnya", "hpku", "telp", "tlp", "telpon",
                    "telepon", "telfon", "tel", "notelp", "notlp", "phone", "telephone", "cellphone", "cell",
                    "mobile", "ponsel", "wa", "wanya", "nowa", "whatsapp", "wasap", "watsap", "call",
                    "hubungi", "dihubungi", "kontak", "contact", "sms", "whatsappnya",
                ]
            ),
            (.nik, ["nik", "niknya", "ktp", "ktpnya", "ektp", "kependudukan"]),
            (
                .card,
                [
                    "card", "kartu", "kartunya", "cc", "visa", "mastercard", "master", "amex", "jcb", "kredit",
                    "credit", "debit", "debet", "cardnya",
                ]
            ),
            (.npwp, ["npwp", "npwpnya"]),
            (.otp, ["otp", "otpnya", "verifikasi", "verification", "verif", "pin", "pinnya", "tac", "passcode"]),
            (.code, ["kode", "kodenya", "code", "codenya"]),
            (
                .bank,
                [
                    "rek", "reknya", "rekening", "rekeningnya", "norek", "norekening", "account", "acc", "acct",
                    "bank", "a/n",
                ]
            ),
            (
                .bankName,
                [
                    "bca", "bri", "bni", "mandiri", "bsi", "cimb", "niaga", "permata", "danamon", "btn",
                    "jago", "seabank", "ocbc", "maybank", "panin", "bjb", "jenius", "blu", "btpn",
                    "muamalat",
                ]
            ),
            (
                .negative,
                [
                    "resi", "awb", "tracking", "track", "order", "orders", "orderan", "pesanan", "invoice",
                    "inv", "faktur", "nota", "struk", "receipt", "tiket", "ticket", "booking", "reservasi",
                    "pnr", "imei", "pelanggan", "idpel", "customer", "meter", "transaksi", "transaction",
                    "trx", "txn", "ref", "reff", "referensi", "reference", "referral", "voucher", "promo",
                    "kupon", "coupon", "diskon", "discount", "cashback", "serial", "sn", "pos", "postal",
                    "zip", "unik", "uid", "userid", "rp", "idr", "usd", "sgd", "harga", "total",
                    "saldo", "nominal", "biaya", "tagihan", "ongkir", "jne", "jnt", "sicepat", "anteraja",
                    "spx", "ninja", "tiki", "wahana", "kurir", "paket", "token", "listrik", "pln", "pdam",
                    "bpjs", "nim", "nip", "nisn", "va", "virtual", "versi", "version", "ver", "ios",
                    "android", "tahun", "thn", "year", "tgl", "tanggal", "date", "jam", "pukul", "qty",
                    "pcs", "status", "tweet", "pembayaran", "bayar", "payment", "error", "err", "produk",
                    "product", "barang", "item", "sku", "toko", "store", "cabang", "branch", "model", "tipe",
                    "seri",
                ]
            ),
        ]
        for (cue, words) in groups {
            for word in words { entries.append((word, cue)) }
        }
        return WordTable(entries)
    }()

    /// Words that, right after a lower-case "jalan", mean "to go/run", not a street.
    fileprivate static let jalanStopWords: WordTable<Bool> = {
        let words = [
            "lagi", "lg", "ke", "kaki", "terus", "trs", "dengan", "dgn", "normal", "tol", "juga", "jg",
            "lancar", "sudah", "udah", "udh", "sdh", "belum", "blm", "tidak", "tdk", "gak", "ga", "nggak",
            "ngga", "enggak", "dong", "kok", "sih", "yg", "yang", "di", "dan", "sama", "bareng", "bersama",
            "pulang", "pergi", "aja", "saja", "sebentar", "bentar", "santai", "cepat", "lambat", "pelan",
            "dulu", "nya", "kan", "lho", "loh", "deh", "ya", "ini", "itu", "hari", "jam", "menit",
        ]
        return WordTable(words.map { ($0, true) })
    }()

    /// Words after a number that make it a quantity ("Jl. Sudirman 5 menit lagi").
    fileprivate static let quantityUnits: WordTable<Bool> = {
        let words = [
            "menit", "mnt", "jam", "detik", "hari", "minggu", "bulan", "tahun", "thn", "km", "m", "meter",
            "kali", "x", "orang", "org", "pcs", "ribu", "rb", "jt", "juta", "persen", "min", "mins",
            "minutes", "hours", "days", "times",
        ]
        return WordTable(words.map { ($0, true) })
    }()

    /// What the words before a number say about it.
    fileprivate struct Context {
        var cue: Cue? = nil
        /// Index (0 = adjacent) of the nearest naming word.
        var distance = 0
        /// A card word ("kartu", "debit"…) is among the words.
        var cardWord = false
    }

    // MARK: Scanner

    fileprivate struct Scanner {
        let b: UnsafeBufferPointer<UInt8>
        let n: Int
        var out: [Raw] = []

        // The current number span: digit groups, the separator before each group,
        // and units (groups joined by space).
        var groups: [Group] = []
        var units: [Unit] = []
        var spanStart = 0
        var hasPlus = false
        var paren = false

        // The current candidate's digits (values 0...9).
        var digits: [UInt8] = []

        // Context cache for one candidate start.
        var contextStart = -1
        var context = Context()

        init(_ buffer: UnsafeBufferPointer<UInt8>) {
            b = buffer
            n = buffer.count
        }

        // MARK: Bytes

        @inline(__always) func at(_ i: Int) -> UInt8 { i >= 0 && i < n ? b[i] : 0 }
        @inline(__always) func at(_ i: Int, _ limit: Int) -> UInt8 { i >= 0 && i < limit ? b[i] : 0 }
        @inline(__always) func isDigit(_ c: UInt8) -> Bool { c &- 48 < 10 }
        @inline(__always) func isAlpha(_ c: UInt8) -> Bool { (c | 0x20) &- 97 < 26 }
        @inline(__always) func isUpper(_ c: UInt8) -> Bool { c &- 65 < 26 }
        @inline(__always) func isAlnum(_ c: UInt8) -> Bool { c &- 48 < 10 || (c | 0x20) &- 97 < 26 }
        @inline(__always) func lower(_ c: UInt8) -> UInt8 { (c | 0x20) &- 97 < 26 ? c | 0x20 : c }
        @inline(__always) func isSpaceLike(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 }
        /// Characters of a context word: letters, digits and "/" (for "a/n").
        @inline(__always) func isContextWord(_ c: UInt8) -> Bool { isAlnum(c) || c == 47 }
        /// Characters that end a clause for the context words.
        @inline(__always) func isClauseBreak(_ c: UInt8) -> Bool {
            c == 10 || c == 13 || c == 59 || c == 33 || c == 63  // \n \r ; ! ?
        }
        /// The separator code stored for " - ".
        static let spacedDash: UInt8 = 1

        /// Whether a separator splits units (candidates may start or end there).
        @inline(__always) func splitsUnits(_ sep: UInt8) -> Bool { sep == 32 || sep == Self.spacedDash }

        /// Separators between the digit groups of one number.
        @inline(__always) func isGroupSeparator(_ c: UInt8) -> Bool { c == 32 || c == 45 || c == 46 }

        /// Case-insensitive match of a lower-case ASCII literal at `p`, within `limit`.
        func matches(_ p: Int, _ limit: Int, _ literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard p >= 0, p + count <= limit else { return false }
            let s = literal.utf8Start
            var k = 0
            while k < count {
                if lower(b[p + k]) != s[k] { return false }
                k += 1
            }
            return true
        }

        func word(_ start: Int, _ end: Int, is literal: StaticString) -> Bool {
            end - start == literal.utf8CodeUnitCount && matches(start, end, literal)
        }

        func key(_ start: Int, _ end: Int) -> WordKey? {
            let count = end - start
            guard count > 0, count <= 16 else { return nil }
            var key = WordKey()
            var k = 0
            while k < count {
                let value = UInt64(lower(b[start + k]))
                if k < 8 { key.lo |= value << UInt64(8 * k) } else { key.hi |= value << UInt64(8 * (k - 8)) }
                k += 1
            }
            return key
        }

        func cue(_ start: Int, _ end: Int) -> Cue? {
            guard let key = key(start, end) else { return nil }
            return PersonalData.cueTable.value(key)
        }

        // MARK: Driver

        /// Cheap pre-check: a run of ≥4 digits (or ≥6 digits with single separators),
        /// an "@", or a "jl"/"jalan"/"rt"/"rw" word plus any digit.
        func worthScanning() -> Bool {
            // 1. Find the first digit or "@", eight bytes at a time: a word is looked
            //    at byte by byte only when one of its bytes lies in 0x30...0x40.
            guard let base = b.baseAddress else { return false }
            let raw = UnsafeRawPointer(base)
            let ones: UInt64 = 0x0101_0101_0101_0101
            let low7 = ones &* 127
            let high = ones &* 128
            let below = ones &* (127 + 0x41)  // bytes < 0x41
            let above = ones &* (127 - 0x2F)  // bytes > 0x2F
            var firstDigit = -1
            var i = 0
            search: while i + 8 <= n {
                let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let inRange = (below &- (x & low7)) & ~x & ((x & low7) &+ above) & high
                if inRange != 0 {
                    for k in i..<(i + 8) {
                        let c = b[k]
                        if c == 64 { return true }
                        if c &- 48 < 10 {
                            firstDigit = k
                            break search
                        }
                    }
                }
                i += 8
            }
            if firstDigit < 0 {
                while i < n {
                    let c = b[i]
                    if c == 64 { return true }
                    if c &- 48 < 10 {
                        firstDigit = i
                        break
                    }
                    i += 1
                }
                if firstDigit < 0 { return false }
            }
            // 2. A long enough digit run, or an "@", from the first digit on.
            var run = 0
            var separatedRun = 0
            var previousDigit = false
            i = firstDigit
            while i < n {
                let c = b[i]
                if c &- 48 < 10 {
                    run += 1
                    separatedRun += 1
                    if run >= 4 || separatedRun >= 6 { return true }
                    previousDigit = true
                } else {
                    if c == 64 { return true }
                    run = 0
                    if !(previousDigit && (c == 32 || c == 45 || c == 46)) { separatedRun = 0 }
                    previousDigit = false
                }
                i += 1
            }
            // 3. Short digits only: an address keyword at a word start.
            var previousWord = false
            i = 0
            while i < n {
                let c = b[i]
                let l = c | 0x20
                let word = l &- 97 < 26 || c &- 48 < 10
                if word && !previousWord {
                    if l == 106 {  // j
                        let l1 = at(i + 1) | 0x20
                        if l1 == 108 || (l1 == 97 && matches(i, n, "jalan")) { return true }
                    } else if l == 114 {  // r
                        let l1 = at(i + 1) | 0x20
                        if l1 == 116 || l1 == 119 { return true }
                    }
                }
                previousWord = word
                i += 1
            }
            return false
        }

        mutating func run() -> [Raw] {
            guard worthScanning() else { return [] }
            let emails = findEmails()
            var e = 0
            var i = 0
            while i < n {
                while e < emails.count && emails[e].start < i { e += 1 }
                let limit = e < emails.count ? emails[e].start : n
                if i == limit && e < emails.count {
                    out.append(emails[e])
                    i = emails[e].end
                    e += 1
                    continue
                }
                let c = b[i]
                if isDigit(c) {
                    i = scanNumber(i, limit)
                    continue
                }
                if c == 43 || c == 40 {  // + (
                    let next = at(i + 1, limit)
                    if isDigit(next) || (c == 40 && next == 43 && isDigit(at(i + 2, limit))) {
                        i = scanNumber(i, limit)
                        continue
                    }
                    i += 1
                    continue
                }
                if isAlpha(c) {
                    if !isAlnum(at(i - 1)) {
                        if let end = urlEnd(i) {
                            i = end
                            continue
                        }
                        let l = c | 0x20
                        if l == 106 || l == 114, let end = parseAddress(i, limit) {
                            out.append(Raw(kind: .address, start: i, end: end))
                            i = end
                            continue
                        }
                    }
                    // Skip the rest of the word, digits glued to letters included
                    // ("JP1234567890", "HEMAT50", "SPXID0123…").
                    var j = i + 1
                    while j < limit && isAlnum(b[j]) { j += 1 }
                    i = j
                    continue
                }
                i += 1
            }
            return out
        }

        /// The end of a URL starting at `i` ("http://", "https://", "www."), if any.
        func urlEnd(_ i: Int) -> Int? {
            let l = b[i] | 0x20
            guard l == 104 || l == 119 else { return nil }
            guard matches(i, n, "https://") || matches(i, n, "http://") || matches(i, n, "www.") else { return nil }
            var j = i
            while j < n && !isSpaceLike(b[j]) { j += 1 }
            return j
        }

        // MARK: E-mail

        @inline(__always) func isLocalPart(_ c: UInt8) -> Bool {
            isAlnum(c) || c == 46 || c == 95 || c == 37 || c == 43 || c == 45  // . _ % + -
        }

        /// Whether the local part `start..<at` names a role rather than a person.
        func isRoleMailbox(_ start: Int, _ at: Int) -> Bool {
            let local = String(decoding: b[start..<at], as: UTF8.self).lowercased()
            return PersonalData.roleMailboxes.contains(local)
        }

        func findEmails() -> [Raw] {
            var found: [Raw] = []
            var floor = 0
            var i = 0
            while i < n {
                if b[i] != 64 {
                    i += 1
                    continue
                }
                var start = i
                while start > floor && isLocalPart(b[start - 1]) { start -= 1 }
                while start < i && (b[start] == 46 || b[start] == 45 || b[start] == 43) { start += 1 }
                var end = -1
                if start < i && b[i - 1] != 46 {
                    // Domain: labels of letters, digits and inner hyphens joined by dots;
                    // the last label is letters only, at least two.
                    var p = i + 1
                    var labels = 0
                    var lastAlpha = false
                    var lastLength = 0
                    while p < n && isAlnum(b[p]) {
                        let labelStart = p
                        while p < n && (isAlnum(b[p]) || b[p] == 45) { p += 1 }
                        var labelEnd = p
                        while labelEnd > labelStart && b[labelEnd - 1] == 45 { labelEnd -= 1 }
                        labels += 1
                        lastAlpha = true
                        for q in labelStart..<labelEnd where !isAlpha(b[q]) { lastAlpha = false }
                        lastLength = labelEnd - labelStart
                        end = labelEnd
                        if labelEnd != p { break }
                        if p + 1 < n && b[p] == 46 && isAlnum(b[p + 1]) {
                            p += 1
                            continue
                        }
                        break
                    }
                    if labels < 2 || !lastAlpha || lastLength < 2 { end = -1 }
                }
                if end > i, isRoleMailbox(start, i) {
                    // A company's own mailbox (cs@, support@, info@…) is nobody's personal data.
                    floor = end
                    i = end
                } else if end > i {
                    found.append(Raw(kind: .email, start: start, end: end))
                    floor = end
                    i = end
                } else {
                    floor = i + 1
                    i += 1
                }
            }
            return found
        }

        // MARK: Numbers

        /// Whether the character before a number glues it to something else
        /// ("INV/2026", "#48213", "Rp150.000", "PROMO12.12", "SPX-1234").
        func leftGlued(_ s: Int) -> Bool {
            guard s > 0 else { return false }
            let c = b[s - 1]
            if isAlnum(c) { return true }
            switch c {
            case 47:  // "/": glued, except between two long numbers ("0812…/0813…")
                return digitsBefore(s - 1) < 8
            case 92, 35, 95, 61, 36, 37, 38, 64, 42, 94, 126, 124, 96:  // \ # _ = $ % & @ * ^ ~ | `
                return true
            case 46, 44, 58:  // . , :
                return isDigit(at(s - 2))
            case 45:  // -
                return isAlnum(at(s - 2))
            default:
                return false
            }
        }

        /// Digits of the number (single "-", ".", " " allowed inside) ending right before `p`.
        func digitsBefore(_ p: Int) -> Int {
            var q = p - 1
            var count = 0
            while q >= 0 && count < 20 {
                if isDigit(b[q]) {
                    count += 1
                } else if !(isGroupSeparator(b[q]) && isDigit(at(q - 1)) && isDigit(at(q + 1))) {
                    break
                }
                q -= 1
            }
            return count
        }

        /// Digits of the number (single "-", ".", " " allowed inside) starting at `p`.
        func digitsAfter(_ p: Int) -> Int {
            var q = p
            var count = 0
            while q < n && count < 20 {
                if isDigit(b[q]) {
                    count += 1
                } else if !(isGroupSeparator(b[q]) && isDigit(at(q - 1)) && isDigit(at(q + 1))) {
                    break
                }
                q += 1
            }
            return count
        }

        /// Whether the character after a number glues it to something else
        /// ("150rb", "11NOV", "12/11", "250,000", "10:30").
        func rightGlued(_ e: Int) -> Bool {
            guard e < n else { return false }
            let c = b[e]
            if isAlnum(c) { return true }
            switch c {
            case 47:  // "/": glued, except between two long numbers
                return digitsAfter(e + 1) < 8
            case 92, 35, 95, 61, 36, 37, 38, 64, 42, 94, 126, 124, 96:
                return true
            case 46, 44, 58, 45:
                return isDigit(at(e + 1))
            default:
                return false
            }
        }

        /// Reads the number span at `s`, classifies its candidates, returns its end.
        mutating func scanNumber(_ s: Int, _ limit: Int) -> Int {
            groups.removeAll(keepingCapacity: true)
            hasPlus = false
            paren = false
            spanStart = s
            var p = s
            var separator: UInt8 = 0
            if b[p] == 43 {
                hasPlus = true
                p += 1
            } else if b[p] == 40 {
                // "(021) 555 1234", "(0274) 512345", "(+62) 812…"
                var q = p + 1
                var plus = false
                if at(q, limit) == 43 {
                    plus = true
                    q += 1
                }
                let digitsStart = q
                while q < limit && isDigit(b[q]) && q - digitsStart < 6 { q += 1 }
                let count = q - digitsStart
                if count >= 2 && count <= 5 && at(q, limit) == 41 {
                    var r = q + 1
                    if at(r, limit) == 32 || at(r, limit) == 45 { r += 1 }
                    if isDigit(at(r, limit)) {
                        paren = true
                        hasPlus = plus
                        groups.append(Group(start: digitsStart, end: q, sep: 0))
                        separator = 41
                        p = r
                    }
                }
                if !paren { return s + 1 }
            }
            while true {
                let groupStart = p
                while p < limit && isDigit(b[p]) { p += 1 }
                groups.append(Group(start: groupStart, end: p, sep: separator))
                if p + 1 < limit && isGroupSeparator(b[p]) && isDigit(b[p + 1]) {
                    separator = b[p]
                    p += 1
                    continue
                }
                // "0812 - 3456 - 7890": a spaced dash splits units like a space.
                if p + 3 < limit && b[p] == 32 && b[p + 1] == 45 && b[p + 2] == 32 && isDigit(b[p + 3]) {
                    separator = Self.spacedDash
                    p += 3
                    continue
                }
                break
            }
            let end = p
            if leftGlued(s) { return end }
            classifySpan(rightGlued: rightGlued(end))
            return max(end, s + 1)
        }

        /// Splits the span into space-separated units and finds the longest
        /// classifiable run of units from each unit on.
        mutating func classifySpan(rightGlued: Bool) {
            units.removeAll(keepingCapacity: true)
            let groupCount = groups.count
            var first = 0
            var count = 0
            for g in 0..<groupCount {
                if g > 0 && splitsUnits(groups[g].sep) {
                    units.append(Unit(first: first, last: g - 1, digits: count))
                    first = g
                    count = 0
                }
                count += groups[g].end - groups[g].start
            }
            units.append(Unit(first: first, last: groupCount - 1, digits: count))

            let unitCount = units.count
            var ua = 0
            var matchedUpTo = 0
            while ua < unitCount {
                // A candidate may start inside the span only after a finding, a tiny
                // unit ("2 0812…") or a separate long number; never in the middle of
                // one number ("KTP 3171 0412 8812 0003" holds no phone "0412 8812 0003").
                if ua > matchedUpTo {
                    let previous = units[ua - 1].digits
                    if previous > 2 && previous < 10 {
                        ua += 1
                        continue
                    }
                }
                var total = 0
                var maxUb = -1
                var ub = ua
                while ub < unitCount {
                    let d = units[ub].digits
                    if d < 2 || total + d > 19 { break }
                    if ub == unitCount - 1 && rightGlued { break }
                    total += d
                    maxUb = ub
                    ub += 1
                }
                var matched = false
                if maxUb >= ua && total >= 4 {
                    var k = maxUb
                    while k >= ua {
                        if let kind = classify(ua, k) {
                            let start = ua == 0 ? spanStart : groups[units[ua].first].start
                            out.append(Raw(kind: kind, start: start, end: groups[units[k].last].end))
                            matched = true
                            ua = k + 1
                            matchedUpTo = ua
                            break
                        }
                        k -= 1
                    }
                }
                if !matched { ua += 1 }
            }
        }

        @inline(__always) func length(_ g: Int) -> Int { groups[g].end - groups[g].start }

        /// Decides what the units `ua...ub` of the current span are, if anything.
        mutating func classify(_ ua: Int, _ ub: Int) -> PersonalDataKind? {
            let g0 = units[ua].first
            let g1 = units[ub].last
            digits.removeAll(keepingCapacity: true)
            for g in g0...g1 {
                var p = groups[g].start
                while p < groups[g].end {
                    digits.append(b[p] &- 48)
                    p += 1
                }
            }
            let count = digits.count
            if count < 4 { return nil }
            let plus = ua == 0 && hasPlus
            let par = ua == 0 && paren
            let plain = !plus && !par
            let start = ua == 0 ? spanStart : groups[g0].start
            let c = contextBefore(start)
            if c.cue == .negative { return nil }
            if plain && isOldNPWP(g0, g1) { return .npwp }

            switch c.cue {
            case .phone?:
                if isPhone(g0, g1, plus: plus, paren: par, named: true) { return .phone }
                return structural(g0, g1, plus: plus, paren: par)
            case .nik?:
                if plain && count == 16 && isNIK() { return .nik }
                return isPhone(g0, g1, plus: plus, paren: par, named: false) ? .phone : nil
            case .card?:
                if plain && isCard(g0, g1, named: true) { return .card }
                return isPhone(g0, g1, plus: plus, paren: par, named: false) ? .phone : nil
            case .npwp?:
                if plain && (count == 15 || count == 16) { return .npwp }
                return isPhone(g0, g1, plus: plus, paren: par, named: false) ? .phone : nil
            case .otp?, .code?:
                if plain && isOTP(g0, g1) { return .otp }
                return structural(g0, g1, plus: plus, paren: par)
            case .bank?, .bankName?:
                if c.cardWord && plain && isCard(g0, g1, named: true) { return .card }
                if c.distance > 1 && isPhone(g0, g1, plus: plus, paren: par, named: false) { return .phone }
                if plain && isBank(g0, g1) { return .bankAccount }
                return structural(g0, g1, plus: plus, paren: par)
            case .negative?:
                return nil
            case nil:
                let otpShape = plain && isOTP(g0, g1)
                let bankShape = plain && isBank(g0, g1)
                if otpShape || bankShape {
                    let after = contextAfter(groups[g1].end)
                    if after.otp && otpShape { return .otp }
                    if after.holder && bankShape { return .bankAccount }
                }
                return structural(g0, g1, plus: plus, paren: par)
            }
        }

        /// Without a naming word: phone, then NIK (or a 4-4-4-4 card), then card.
        func structural(_ g0: Int, _ g1: Int, plus: Bool, paren: Bool) -> PersonalDataKind? {
            if isPhone(g0, g1, plus: plus, paren: paren, named: false) { return .phone }
            if plus || paren { return nil }
            if digits.count == 16 && isNIK() && spacedPartsAreLong(g0, g1) {
                if isCard(g0, g1, named: false) && g1 - g0 == 3 && (g0...g1).allSatisfy({ length($0) == 4 }) {
                    return .card
                }
                return .nik
            }
            if isCard(g0, g1, named: false) { return .card }
            return nil
        }

        // MARK: Context

        mutating func contextBefore(_ start: Int) -> Context {
            if start == contextStart { return context }
            contextStart = start
            context = computeContextBefore(start)
            return context
        }

        /// Reads up to five words (80 bytes) before `start`, stopping at a clause
        /// break or another number of four or more digits.
        func computeContextBefore(_ start: Int) -> Context {
            let floor = max(0, start - 80)
            var p = start - 1
            var index = 0
            var nearest: Cue? = nil
            var nearestIndex = -1
            var afterNearest: Cue? = nil
            var anyNegative = false
            var anyCard = false
            scan: while index < 5 {
                while p >= floor {
                    let c = b[p]
                    if isContextWord(c) { break }
                    if isClauseBreak(c) { break scan }
                    p -= 1
                }
                if p < floor { break }
                let wordEnd = p + 1
                var allDigits = true
                while p >= floor && isContextWord(b[p]) {
                    if !isDigit(b[p]) { allDigits = false }
                    p -= 1
                }
                let wordStart = p + 1
                if wordStart == floor && floor > 0 && isContextWord(b[floor - 1]) { break }
                if allDigits && wordEnd - wordStart >= 4 { break }
                var found = cue(wordStart, wordEnd)
                if found == .negative && index > 2 {
                    // A decoy word further away ("pesanan atas nama Budi 0812…") does not veto.
                    anyNegative = true
                    found = nil
                }
                if nearest != nil && index == nearestIndex + 1 { afterNearest = found }
                if let found {
                    if nearest == nil {
                        nearest = found
                        nearestIndex = index
                    }
                    if found == .negative { anyNegative = true }
                    if found == .card { anyCard = true }
                }
                index += 1
            }
            var result = Context()
            result.distance = nearestIndex
            result.cardWord = anyCard
            guard let nearest else { return result }
            switch nearest {
            case .code:
                result.cue = afterNearest == .negative ? .negative : .otp
            case .bank:
                result.cue = afterNearest == .negative ? .negative : .bank
            case .bankName:
                result.cue = anyNegative ? .negative : .bank
            case .phone:
                // "kode WA 123-456", "kode whatsapp kamu 123456"
                result.cue = afterNearest == .code || afterNearest == .otp ? .otp : .phone
            default:
                result.cue = nearest
            }
            return result
        }

        /// Reads up to four words after a number: "482913 adalah kode OTP Anda",
        /// "1234567890 a/n Budi".
        func contextAfter(_ end: Int) -> (otp: Bool, holder: Bool) {
            let ceiling = min(n, end + 60)
            var p = end
            var index = 0
            var pendingCode = false
            var pendingAtas = false
            while index < 4 {
                while p < ceiling {
                    let c = b[p]
                    if isContextWord(c) { break }
                    if isClauseBreak(c) { return (pendingCode, false) }
                    if c == 46 && (p + 1 >= n || isSpaceLike(b[p + 1])) { return (pendingCode, false) }
                    p += 1
                }
                if p >= ceiling { break }
                let wordStart = p
                var allDigits = true
                while p < ceiling && isContextWord(b[p]) {
                    if !isDigit(b[p]) { allDigits = false }
                    p += 1
                }
                let wordEnd = p
                if wordEnd == ceiling && ceiling < n && isContextWord(b[ceiling]) { break }
                if allDigits && wordEnd - wordStart >= 4 { break }
                if index == 0 && (word(wordStart, wordEnd, is: "a/n") || word(wordStart, wordEnd, is: "an")) {
                    return (false, true)
                }
                if index == 0 && (word(wordStart, wordEnd, is: "atas") || word(wordStart, wordEnd, is: "a")) {
                    pendingAtas = true  // "atas nama", "a.n."
                    index += 1
                    continue
                }
                if pendingAtas {
                    return (false, word(wordStart, wordEnd, is: "nama") || word(wordStart, wordEnd, is: "n"))
                }
                let found = cue(wordStart, wordEnd)
                if pendingCode { return (found != .negative, false) }
                switch found {
                case .otp?: return (true, false)
                case .negative?: return (false, false)
                case .code?: pendingCode = true
                default: break
                }
                index += 1
            }
            return (pendingCode, false)
        }

        // MARK: Validators (on `digits` and the groups g0...g1)

        /// Indonesian mobile (08xx, +62 8xx, 628xx) or landline (area code + 5–8 digits).
        func isPhone(_ g0: Int, _ g1: Int, plus: Bool, paren: Bool, named: Bool) -> Bool {
            let count = digits.count
            let groupCount = g1 - g0 + 1
            guard count >= 8, groupCount <= 5 else { return false }
            if groupCount > 1 {
                for g in (g0 + 1)...g1 where length(g) < 2 { return false }
                if length(g1) < 3 { return false }
            }
            // National number with the trunk "0": nat(k), natCount.
            let offset: Int  // digits before the national number
            let implicitTrunk: Bool
            if plus {
                guard digits[0] == 6, digits[1] == 2 else { return false }
                offset = 2
                implicitTrunk = digits[2] != 0
            } else if digits[0] == 6 && digits[1] == 2 && digits[2] == 8 {
                offset = 2
                implicitTrunk = true
            } else if digits[0] == 0 {
                offset = 0
                implicitTrunk = false
            } else {
                return false
            }
            let natCount = implicitTrunk ? count - offset + 1 : count - offset
            @inline(__always) func nat(_ k: Int) -> UInt8 {
                implicitTrunk ? (k == 0 ? 0 : digits[offset + k - 1]) : digits[offset + k]
            }
            guard natCount >= 8 else { return false }

            // Mobile: 08 + [1-9] + …, 10–13 digits.
            if nat(1) == 8 {
                return natCount >= 10 && natCount <= 13 && nat(2) != 0
            }
            // "62…" without a plus is only taken for mobile numbers.
            if !plus && offset > 0 { return false }

            // Landline: 0 + area code (21 22 24 31 61, or three digits 2–7/9 xx) + 5–8 digits.
            let a = nat(1)
            guard a >= 2 && a != 8 else { return false }
            let two = Int(a) * 10 + Int(nat(2))
            let areaLength: Int
            if two == 21 || two == 22 || two == 24 || two == 31 || two == 61 {
                areaLength = 3
            } else {
                areaLength = 4
            }
            let subscriber = natCount - areaLength
            guard subscriber >= 5 && subscriber <= 8, nat(areaLength) != 0 else { return false }
            if named { return true }
            // Unnamed: the area code must be written apart ("021-5551234", "(0274) 512345").
            let boundary = offset + areaLength - (implicitTrunk ? 1 : 0)
            return isGroupBoundary(boundary, g0, g1)
        }

        /// Whether a group of g0...g1 ends after exactly `k` digits.
        func isGroupBoundary(_ k: Int, _ g0: Int, _ g1: Int) -> Bool {
            var sum = 0
            for g in g0..<g1 {
                sum += length(g)
                if sum == k { return true }
                if sum > k { return false }
            }
            return false
        }

        /// 16 digits: province, regency, district, birth date (DD or DD+40, MM), serial ≠ 0000.
        func isNIK() -> Bool {
            let d = digits
            guard d.count == 16 else { return false }
            @inline(__always) func pair(_ i: Int) -> Int { Int(d[i]) * 10 + Int(d[i + 1]) }
            switch pair(0) {
            case 11...19, 21, 31...36, 51...53, 61...65, 71...76, 81...82, 91...96: break
            default: return false
            }
            guard pair(2) >= 1, pair(4) >= 1 else { return false }
            let day = pair(6)
            guard (1...31).contains(day) || (41...71).contains(day) else { return false }
            guard (1...12).contains(pair(8)) else { return false }
            return pair(12) != 0 || pair(14) != 0
        }

        /// Space-separated parts have four digits or more ("3201 2345 0890 0001", not "32 01 23 …").
        func spacedPartsAreLong(_ g0: Int, _ g1: Int) -> Bool {
            guard g1 > g0 else { return true }
            for g in (g0 + 1)...g1 where splitsUnits(groups[g].sep) && (length(g) < 4 || length(g - 1) < 4) {
                return false
            }
            return true
        }

        /// The old NPWP layout XX.XXX.XXX.X-XXX.XXX.
        func isOldNPWP(_ g0: Int, _ g1: Int) -> Bool {
            guard g1 - g0 == 5 else { return false }
            let lengths = [2, 3, 3, 1, 3, 3]
            for k in 0..<6 where length(g0 + k) != lengths[k] { return false }
            return groups[g0 + 1].sep == 46 && groups[g0 + 2].sep == 46 && groups[g0 + 3].sep == 46
                && (groups[g0 + 4].sep == 45 || groups[g0 + 4].sep == 46) && groups[g0 + 5].sep == 46
        }

        /// 13–19 digits, real card prefix and length, Luhn; groups split by single
        /// spaces or dashes (card-like groups when not named).
        func isCard(_ g0: Int, _ g1: Int, named: Bool) -> Bool {
            let count = digits.count
            guard count >= 13 && count <= 19 else { return false }
            if g1 > g0 {
                for g in (g0 + 1)...g1
                where groups[g].sep != 32 && groups[g].sep != 45 && groups[g].sep != Self.spacedDash {
                    return false
                }
                if named {
                    for g in g0...g1 where length(g) < 2 { return false }
                } else {
                    guard length(g0) == 4 else { return false }
                    for g in g0...g1 where length(g) < 3 || length(g) > 6 { return false }
                }
            }
            let d = digits
            let p2 = Int(d[0]) * 10 + Int(d[1])
            let p4 = p2 * 100 + Int(d[2]) * 10 + Int(d[3])
            let prefixOK: Bool
            switch d[0] {
            case 4: prefixOK = count == 13 || count == 16 || count == 19
            case 5: prefixOK = (51...55).contains(p2) && count == 16
            case 2: prefixOK = (2221...2720).contains(p4) && count == 16
            case 3:
                if p2 == 34 || p2 == 37 {
                    prefixOK = count == 15
                } else {
                    prefixOK = (3528...3589).contains(p4) && count >= 16
                }
            case 6: prefixOK = count >= 16
            default: prefixOK = false
            }
            guard prefixOK else { return false }
            var sum = 0
            var double = false
            var i = count - 1
            while i >= 0 {
                var v = Int(d[i])
                if double {
                    v *= 2
                    if v > 9 { v -= 9 }
                }
                sum += v
                double.toggle()
                i -= 1
            }
            return sum % 10 == 0
        }

        /// 4–8 digits, one group or two groups of at least three ("482 913").
        func isOTP(_ g0: Int, _ g1: Int) -> Bool {
            let count = digits.count
            guard count >= 4 && count <= 8 else { return false }
            if g0 == g1 { return true }
            guard g1 == g0 + 1 else { return false }
            let s = groups[g1].sep
            return (s == 32 || s == 45 || s == Self.spacedDash) && length(g0) >= 3 && length(g1) >= 3
        }

        /// 8–16 digits that are not an amount ("1.500.000") or a date ("2026-11-22").
        func isBank(_ g0: Int, _ g1: Int) -> Bool {
            let count = digits.count
            guard count >= 8 && count <= 16 else { return false }
            let groupCount = g1 - g0 + 1
            guard groupCount <= 6 else { return false }
            if groupCount > 1 {
                // Space-separated parts of an account number have three digits or more.
                for g in (g0 + 1)...g1 where splitsUnits(groups[g].sep) && (length(g) < 3 || length(g - 1) < 3) {
                    return false
                }
                var amount = length(g0) <= 3
                for g in (g0 + 1)...g1 where groups[g].sep != 46 || length(g) != 3 { amount = false }
                if amount { return false }
                if groupCount == 3 && !splitsUnits(groups[g0 + 1].sep) {
                    let l0 = length(g0), l1 = length(g0 + 1), l2 = length(g1)
                    if (l0 == 4 && l1 == 2 && l2 == 2) || (l0 == 2 && l1 == 2 && l2 == 4) { return false }
                }
            }
            return true
        }

        // MARK: Address

        /// A street address at a word starting with "j", or an RT/RW pair at "r".
        func parseAddress(_ s: Int, _ limit: Int) -> Int? {
            if lower(b[s]) == 114 { return parseRTRW(s, limit) }
            var p = s
            var jalan = false
            if matches(p, limit, "jalan") && !isAlpha(at(p + 5, limit)) {
                p += 5
                jalan = true
            } else if matches(p, limit, "jln") && !isAlpha(at(p + 3, limit)) {
                p += 3
            } else if matches(p, limit, "jl") && !isAlpha(at(p + 2, limit)) {
                p += 2
            } else {
                return nil
            }
            var dot = false
            if at(p, limit) == 46 {
                p += 1
                dot = true
            }
            var spaces = 0
            while at(p, limit) == 32 && spaces < 3 {
                p += 1
                spaces += 1
            }
            if spaces == 0 && !dot { return nil }
            let capitalKeyword = isUpper(b[s])
            var nameWords = 0
            var capitalName = false
            var end = -1
            var rtDone = false
            while nameWords <= 6 {
                let c = at(p, limit)
                if isAlpha(c) {
                    let wordStart = p
                    var q = p
                    while q < limit && isAlpha(b[q]) { q += 1 }
                    // House-number marker: "No. 12", "no 12A", "No.12", "nomor 12", "Kav. 5".
                    if isHouseMarker(wordStart, q) && !isAlpha(at(q, limit)) {
                        var r = q
                        if at(r, limit) == 46 { r += 1 }
                        var k = 0
                        while at(r, limit) == 32 && k < 2 {
                            r += 1
                            k += 1
                        }
                        if isDigit(at(r, limit)) {
                            guard nameWords >= 1, let houseEnd = houseNumber(r, limit, maxDigits: 5) else {
                                return nil
                            }
                            end = houseEnd
                            break
                        }
                    }
                    // "RT 03/RW 05" right after the street name.
                    if q - wordStart == 2 && lower(c) == 114, let rtEnd = parseRTRW(wordStart, limit) {
                        guard nameWords >= 1 else { return nil }
                        end = rtEnd
                        rtDone = true
                        break
                    }
                    while q < limit && (isAlnum(b[q]) || b[q] == 39 || (b[q] == 45 && isAlpha(at(q + 1, limit)))) {
                        q += 1
                    }
                    if nameWords == 0 {
                        if jalan, let key = key(wordStart, q), PersonalData.jalanStopWords.contains(key) {
                            return nil
                        }
                        capitalName = isUpper(c)
                    }
                    nameWords += 1
                    p = q
                    if at(p, limit) == 46 { p += 1 }
                    var k = 0
                    while at(p, limit) == 32 && k < 3 {
                        p += 1
                        k += 1
                    }
                    if at(p, limit) == 44 {
                        // After a comma only a house number marker or RT/RW may follow.
                        var r = p + 1
                        k = 0
                        while at(r, limit) == 32 && k < 3 {
                            r += 1
                            k += 1
                        }
                        var q2 = r
                        while q2 < limit && isAlpha(b[q2]) { q2 += 1 }
                        if isHouseMarker(r, q2) || (q2 - r == 2 && lower(at(r, limit)) == 114) {
                            p = r
                            continue
                        }
                        break
                    }
                    continue
                } else if isDigit(c) {
                    // A bare house number: "Jl. Melati 12", "Jalan Diponegoro 45".
                    guard nameWords >= 1 else { return nil }
                    if jalan && !capitalKeyword && !capitalName { return nil }
                    if let houseEnd = houseNumber(p, limit, maxDigits: 4), !isFollowedByUnit(houseEnd, limit) {
                        end = houseEnd
                        // "Jl. Raya Bogor KM 25 No. 10"
                        var r = houseEnd
                        var k = 0
                        while k < 2 && (at(r, limit) == 32 || at(r, limit) == 44) {
                            r += 1
                            k += 1
                        }
                        var q = r
                        while q < limit && isAlpha(b[q]) { q += 1 }
                        if isHouseMarker(r, q) {
                            if at(q, limit) == 46 { q += 1 }
                            if at(q, limit) == 32 { q += 1 }
                            if let markedEnd = houseNumber(q, limit, maxDigits: 5) { end = markedEnd }
                        }
                    }
                    break
                } else {
                    break
                }
            }
            guard end > s else { return nil }
            if !rtDone {
                var q = end
                var k = 0
                while k < 3 && (at(q, limit) == 32 || at(q, limit) == 44) {
                    q += 1
                    k += 1
                }
                if lower(at(q, limit)) == 114, let rtEnd = parseRTRW(q, limit) { end = rtEnd }
            }
            return end
        }

        /// "5 menit", "2 km", "3 kali": a quantity, not a house number.
        func isFollowedByUnit(_ p: Int, _ limit: Int) -> Bool {
            var q = p
            var k = 0
            while at(q, limit) == 32 && k < 2 {
                q += 1
                k += 1
            }
            let wordStart = q
            while q < limit && isAlpha(b[q]) { q += 1 }
            guard q > wordStart, let key = key(wordStart, q) else { return false }
            return PersonalData.quantityUnits.contains(key)
        }

        func isHouseMarker(_ start: Int, _ end: Int) -> Bool {
            word(start, end, is: "no") || word(start, end, is: "nomor") || word(start, end, is: "nomer")
                || word(start, end, is: "nmr") || word(start, end, is: "kav")
        }

        /// "12", "12A", "12-14", "5/3": 1…maxDigits digits, then a word boundary.
        func houseNumber(_ p: Int, _ limit: Int, maxDigits: Int) -> Int? {
            var q = p
            while q < limit && isDigit(b[q]) { q += 1 }
            let count = q - p
            guard count >= 1 && count <= maxDigits else { return nil }
            if isAlpha(at(q, limit)) && !isAlnum(at(q + 1, limit)) { q += 1 }
            let c = at(q, limit)
            if (c == 45 || c == 47) && isDigit(at(q + 1, limit)) {
                var r = q + 1
                while r < limit && isDigit(b[r]) { r += 1 }
                if r - q - 1 <= 4 && !isAlnum(at(r, limit)) && at(r, limit) != 47 { q = r }
            }
            guard !isAlnum(at(q, limit)) else { return nil }
            return q
        }

        /// 1–3 digits at `p` not followed by another digit.
        func smallNumber(_ p: Int, _ limit: Int) -> Int? {
            var q = p
            while q < limit && isDigit(b[q]) && q - p < 4 { q += 1 }
            let count = q - p
            return count >= 1 && count <= 3 ? q : nil
        }

        /// "RT 03/RW 05", "RT.003 RW.005", "Rt 3 Rw 5", "RT/RW 03/05", "RT 03/05", "RW 05 RT 03".
        func parseRTRW(_ s: Int, _ limit: Int) -> Int? {
            guard lower(at(s, limit)) == 114 else { return nil }
            let second = lower(at(s + 1, limit))
            guard second == 116 || second == 119, !isAlpha(at(s + 2, limit)) else { return nil }
            let other: UInt8 = second == 116 ? 119 : 116
            var p = s + 2
            @inline(__always) func skipPunctuation(_ from: Int) -> Int {
                var q = from
                var k = 0
                while k < 3 {
                    let c = at(q, limit)
                    guard c == 46 || c == 58 || c == 32 else { break }
                    q += 1
                    k += 1
                }
                return q
            }
            // "RT/RW 003/005"
            if at(p, limit) == 47 && lower(at(p + 1, limit)) == 114 && lower(at(p + 2, limit)) == other
                && !isAlpha(at(p + 3, limit))
            {
                p = skipPunctuation(p + 3)
                guard let first = smallNumber(p, limit) else { return nil }
                let c = at(first, limit)
                guard c == 47 || c == 45, let secondEnd = smallNumber(first + 1, limit),
                    !isAlnum(at(secondEnd, limit))
                else { return nil }
                return secondEnd
            }
            p = skipPunctuation(p)
            guard let first = smallNumber(p, limit), !isAlpha(at(first, limit)) else { return nil }
            var q = first
            var k = 0
            while k < 3 {
                let c = at(q, limit)
                guard c == 32 || c == 47 || c == 44 || c == 46 || c == 45 else { break }
                q += 1
                k += 1
            }
            if lower(at(q, limit)) == 114 && lower(at(q + 1, limit)) == other && !isAlpha(at(q + 2, limit)) {
                let r = skipPunctuation(q + 2)
                guard let secondEnd = smallNumber(r, limit), !isAlnum(at(secondEnd, limit)) else { return nil }
                return secondEnd
            }
            // "RT 03/05" (but not a date "RT 12/11/2026")
            if at(first, limit) == 47, let secondEnd = smallNumber(first + 1, limit),
                !isAlnum(at(secondEnd, limit)), at(secondEnd, limit) != 47
            {
                return secondEnd
            }
            return nil
        }
    }
}
