import ConversationStore
import Foundation

/// A realistic, deterministic demo: three brands (a mobile operator, a bank, an online shop) on Twitter/X, Facebook,
/// Instagram and WhatsApp, customers writing informal Indonesian and English, agents who answered some threads, a
/// knowledge base and reply templates. Everything here is written for the demo; no real person is quoted.
public struct DemoData: Sendable {
    /// A brand and the handles it answers on.
    struct Brand {
        var name: String
        var accounts: [Channel: String]
        var topics: [Topic]
        var signature: [String]
    }

    /// A kind of problem: what customers write about it and what agents answer.
    struct Topic {
        var key: String
        var questions: [String]
        var followUps: [String]
        var answers: [String]
    }

    public private(set) var messages: [IncomingMessage] = []
    public private(set) var articles: [Article] = []
    public private(set) var templates: [ReplyTemplate] = []
    /// Conversations (by their first message id) that the demo's agents resolved or set pending.
    public private(set) var resolved: [String] = []
    public private(set) var pending: [String] = []
    public let agents = ["ani", "budi", "citra", "dewi"]

    private var random: DemoRandom
    private let now: Date

    /// Builds `conversations` threads ending around `now`.
    public init(conversations: Int = 320, now: Date, seed: UInt64 = 2026) {
        random = DemoRandom(seed: seed)
        self.now = now
        articles = Self.knowledgeBase(now: now)
        templates = Self.scopedReplyTemplates
        for index in 0..<conversations { makeConversation(index) }
    }

    static let firstNames = [
        "Budi", "Sari", "Eko", "Dewi", "Rina", "Agus", "Putri", "Johnny", "Maya", "Fajar", "Lestari", "Andi", "Yuni",
        "Rizky", "Nadia", "Tommy", "Intan", "Hendra", "Wulan", "Kevin", "Siti", "Bayu", "Citra", "Dimas", "Ayu",
        "Michael", "Sarah", "Reza", "Nurul", "Gilang",
    ]

    static let brands: [Brand] = [
        Brand(
            name: "TelkomCare",
            accounts: [
                .twitter: "TelkomCare", .facebook: "TelkomCare", .whatsapp: "628001234", .instagram: "telkomcare",
            ],
            topics: [
                Topic(
                    key: "sinyal",
                    questions: [
                        "sinyal lemot bgt dr pagi, udah restart hp tetep gak bisa internetan",
                        "min sinyal ilang total di daerah Depok, kenapa ya??",
                        "internet lemot banget padahal kuota masih banyak 😤",
                        "signal keeps dropping in Bandung since yesterday, can you check?",
                        "4G gak muncul2, cuma H+ doang. ada gangguan?",
                    ],
                    followUps: [
                        "udah DM ya min", "masih sama aja nih", "lokasi di Jl. Margonda, udah aku DM",
                        "still no signal here",
                    ],
                    answers: [
                        "Halo Kak {name}, mohon maaf atas kendalanya. Boleh DM nomor HP dan lokasi Kakak ya, kami cek jaringannya.",
                        "Hi {name}, sorry about that. Please DM us your number and location so we can check the network.",
                    ]),
                Topic(
                    key: "kuota",
                    questions: [
                        "kuota gw kepotong 10GB padahal gak dipake?? gimana nih",
                        "paket internet udah dibeli tapi kuotanya gak masuk",
                        "kok pulsa kesedot terus ya, gak ada langganan apa2",
                        "I bought a 30GB package but it's not showing in the app",
                    ],
                    followUps: ["nomornya 0812xxxx, udah aku DM", "ditunggu ya min", "udah 2 jam belum masuk juga"],
                    answers: [
                        "Halo Kak {name}, kami bantu cek pemakaian kuota Kakak ya. Mohon DM nomor HP Kakak.",
                        "Hi {name}, packages can take up to 1 hour to activate. Please DM your number if it's still missing.",
                    ]),
                Topic(
                    key: "roaming",
                    questions: [
                        "my roaming package isn't working in Singapore, no data at all",
                        "roaming di Jepang gak bisa internet padahal udah aktifin paket",
                    ],
                    followUps: ["works now, thanks!", "masih belum bisa"],
                    answers: [
                        "Hi {name}, please switch your network selection to manual, pick a partner network, then restart your phone."
                    ]),
            ],
            signature: ["^RA", "^DW", "^AN"]),
        Brand(
            name: "BankNusa",
            accounts: [.twitter: "BankNusaCare", .instagram: "banknusa", .whatsapp: "628111500"],
            topics: [
                Topic(
                    key: "transfer",
                    questions: [
                        "transfer ke rekening lain gagal tp saldo kepotong, tolong dicek!!",
                        "udah transfer dari pagi belum masuk ke penerima, gimana ini",
                        "my transfer failed but the money left my account",
                    ],
                    followUps: ["ref transaksinya TRX88213, udah DM", "sampe kapan nunggu?", "ok ditunggu"],
                    answers: [
                        "Halo Kak {name}, dana transfer yang gagal akan kembali otomatis maksimal 1x24 jam. Mohon DM nomor referensi transaksinya ya."
                    ]),
                Topic(
                    key: "kartu",
                    questions: [
                        "kartu debit ketelen di ATM, harus gimana?",
                        "kartu kredit saya diblokir tiba2 pas belanja",
                        "lost my debit card, how do I block it?",
                    ],
                    followUps: ["udah telpon tapi gak diangkat2", "ok thanks"],
                    answers: [
                        "Halo Kak {name}, demi keamanan segera blokir kartu lewat aplikasi (menu Kartu > Blokir) atau call center 1500-800."
                    ]),
                Topic(
                    key: "aplikasi",
                    questions: [
                        "aplikasi mobile banking error terus, gak bisa login",
                        "OTP gak masuk2 udah 5x coba",
                        "the app keeps crashing after the update",
                    ],
                    followUps: ["udah update tetep error", "pake android 13", "masih gak bisa"],
                    answers: [
                        "Halo Kak {name}, coba hapus cache aplikasi lalu login ulang ya. Jika masih gagal, DM kami tipe HP dan versi aplikasinya."
                    ]),
            ],
            signature: ["^MT", "^SR"]),
        Brand(
            name: "TokoSegar",
            accounts: [
                .instagram: "tokosegar.id", .facebook: "TokoSegar", .twitter: "TokoSegarID", .whatsapp: "628557788",
            ],
            topics: [
                Topic(
                    key: "pengiriman",
                    questions: [
                        "pesanan saya belum dikirim padahal status sudah dibayar 3 hari",
                        "paket blm sampe2, resi gak bisa dilacak",
                        "my order hasn't shipped yet, it's been 4 days",
                    ],
                    followUps: ["order INV/2026/11/0042", "kapan dikirimnya kak?", "udah sampe, makasih!"],
                    answers: [
                        "Halo Kak {name}, mohon maaf menunggu. Pesanan Kakak sudah kami eskalasi ke gudang, resi dikirim hari ini ya."
                    ]),
                Topic(
                    key: "refund",
                    questions: [
                        "barangnya rusak pas sampe 😭 bisa retur gak?",
                        "refund kapan ya? udah seminggu",
                        "I want a refund, the item is not as described",
                    ],
                    followUps: ["fotonya udah aku kirim via DM", "ditunggu refundnya", "masih belum masuk"],
                    answers: [
                        "Halo Kak {name}, refund diproses 3-5 hari kerja setelah retur kami terima. Mohon kirim foto barang via DM ya."
                    ]),
                Topic(
                    key: "promo",
                    questions: [
                        "kode promo SEGAR50 gak bisa dipake, katanya expired?",
                        "voucher gratis ongkir gak muncul di checkout",
                    ],
                    followUps: ["padahal masih tanggal berlaku", "ok deh"],
                    answers: [
                        "Halo Kak {name}, kode SEGAR50 berlaku untuk minimal belanja Rp100.000. Coba cek lagi keranjangnya ya."
                    ]),
            ],
            signature: ["^TS"]),
    ]

    mutating func makeConversation(_ index: Int) {
        let brand = random.pick(Self.brands)
        let channel = random.pick(Array(brand.accounts.keys).sorted())
        guard let account = brand.accounts[channel] else { return }
        let topic = random.pick(brand.topics)
        let name = random.pick(Self.firstNames)
        let customerID =
            channel == .whatsapp
            ? "62812\(String(format: "%07d", random.next(upTo: 9_999_999)))" : "u\(10_000 + random.next(upTo: 80_000))"
        let handle =
            channel == .whatsapp ? nil : name.lowercased() + (random.chance(0.5) ? "_\(random.next(upTo: 99))" : "")
        let followers =
            channel == .whatsapp
            ? nil : (random.chance(0.08) ? 10_000 + random.next(upTo: 90_000) : random.next(upTo: 2_000))
        let visibility: Visibility = channel == .whatsapp ? .private : .public
        let author = IncomingMessage.Author(id: customerID, handle: handle, name: name, followers: followers)
        // Spread over the last two days, with the most recent hour dense so SLA clocks show every state.
        let recent = random.chance(0.2)
        let ageMinutes = recent ? Double(random.next(upTo: 50)) : Double(60 + random.next(upTo: 2_800))
        var time = now.addingTimeInterval(-ageMinutes * 60)
        let prefix = channel == .twitter ? "@\(account) " : ""
        let rootID = "demo-\(channel.rawValue)-\(index)-0"
        var parent = rootID
        messages.append(
            IncomingMessage(
                channel: channel, externalID: rootID, direction: .inbound, author: author,
                text: prefix + random.pick(topic.questions), createdAt: time, visibility: visibility, account: account))
        if channel == .whatsapp {
            messages.append(
                IncomingMessage(
                    channel: channel, externalID: "demo-\(channel.rawValue)-\(index)-ack", inReplyTo: rootID,
                    direction: .outbound, author: .init(id: account, handle: account),
                    text: "Terima kasih telah menghubungi \(brand.name). Agen kami akan segera membalas.",
                    createdAt: time.addingTimeInterval(2), visibility: .private, account: account, automatic: true))
        }
        let answered = recent ? random.chance(0.15) : random.chance(0.92)
        guard answered else {
            if random.chance(0.3) {
                time = time.addingTimeInterval(Double(2 + random.next(upTo: 10)) * 60)
                guard time < now else { return }
                messages.append(
                    IncomingMessage(
                        channel: channel, externalID: "demo-\(channel.rawValue)-\(index)-1", inReplyTo: parent,
                        direction: .inbound, author: author, text: prefix + random.pick(topic.followUps),
                        createdAt: time,
                        visibility: visibility, account: account))
            }
            return
        }
        time = time.addingTimeInterval(Double(3 + random.next(upTo: 55)) * 60)
        guard time < now else { return }
        let answer =
            random.pick(topic.answers).replacingOccurrences(of: "{name}", with: name) + " "
            + random.pick(brand.signature)
        let answerID = "demo-\(channel.rawValue)-\(index)-2"
        messages.append(
            IncomingMessage(
                channel: channel, externalID: answerID, inReplyTo: parent, direction: .outbound,
                author: .init(id: account, handle: account), text: (handle.map { "@\($0) " } ?? "") + answer,
                createdAt: time, visibility: visibility, account: account))
        parent = answerID
        if random.chance(0.15) {
            time = time.addingTimeInterval(Double(1 + random.next(upTo: 30)) * 60)
            guard time < now else { return }
            messages.append(
                IncomingMessage(
                    channel: channel, externalID: "demo-\(channel.rawValue)-\(index)-3", inReplyTo: parent,
                    direction: .inbound, author: author, text: prefix + random.pick(topic.followUps), createdAt: time,
                    visibility: visibility, account: account))
            if random.chance(0.4) { pending.append(rootID) }
        } else if random.chance(0.6) {
            resolved.append(rootID)
        } else {
            pending.append(rootID)
        }
    }

    /// One new customer message for the live stream: a new thread, or a follow-up to one of `recent`.
    public mutating func liveMessage(at time: Date, serial: Int) -> IncomingMessage {
        let brand = random.pick(Self.brands)
        let channel = random.pick(Array(brand.accounts.keys).sorted())
        let account = brand.accounts[channel] ?? brand.name
        let topic = random.pick(brand.topics)
        let name = random.pick(Self.firstNames)
        let prefix = channel == .twitter ? "@\(account) " : ""
        let handle = channel == .whatsapp ? nil : name.lowercased() + "_\(random.next(upTo: 999))"
        return IncomingMessage(
            channel: channel, externalID: "live-\(Int(time.timeIntervalSince1970))-\(serial)", direction: .inbound,
            author: .init(
                id: "live\(serial)-\(random.next(upTo: 1_000_000))", handle: handle, name: name,
                followers: channel == .whatsapp ? nil : random.next(upTo: 30_000)),
            text: prefix + random.pick(topic.questions), createdAt: time,
            visibility: channel == .whatsapp ? .private : .public, account: account)
    }
}

/// SplitMix64: the demo is the same every time.
struct DemoRandom: Sendable {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func nextValue() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(upTo bound: Int) -> Int {
        Int(nextValue() % UInt64(max(1, bound)))
    }

    mutating func chance(_ probability: Double) -> Bool {
        Double(nextValue() % 10_000) / 10_000 < probability
    }

    mutating func pick<T>(_ items: [T]) -> T {
        items[next(upTo: items.count)]
    }
}
