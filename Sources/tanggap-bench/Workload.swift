import ConversationStore
import Foundation

/// A deterministic pseudo-random source (SplitMix64): the same seed gives the same workload on every machine.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(1, bound))) }

    mutating func chance(_ probability: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < probability }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// The benchmark's workload: conversations of about five messages in informal Indonesian and English across four
/// channels and twenty brand accounts, ten threads of 200 messages, a knowledge base, and agents.
struct Workload {
    let conversations: Int
    /// 20,000 at the 1m scale, proportionally fewer below (at least 200), unless set.
    var articles: Int

    init(conversations: Int, articles: Int? = nil) {
        self.conversations = conversations
        self.articles = articles ?? min(20_000, max(200, conversations / 50))
    }
    static let agents = (1...200).map { String(format: "agent%03d", $0) }
    /// Conversations 1…10 (in file order) are long threads.
    static let longThreads = 10
    static let longThreadLength = 200
    static let start = Date(timeIntervalSince1970: 1_790_812_800)  // 2026-10-01 00:00 UTC

    static let brands: [(twitter: String, whatsapp: String, name: String)] = (1...20).map {
        (twitter: "Brand\($0)Care", whatsapp: "62800\(1000 + $0)", name: "Brand \($0)")
    }

    // Phrases the generator combines; chosen to look like the traffic the product answers.
    static let greetingsID = ["min", "kak", "halo min", "mimin", "permisi kak", "tolong min", "halo", "gan"]
    static let problemsID = [
        "sinyal lemot bgt", "kuota gw kepotong padahal gak dipake", "paket blm sampe2", "refund kapan ya",
        "otp gak masuk2", "aplikasi force close terus", "saldo kepotong tapi transaksi gagal", "internet mati total",
        "barangnya rusak pas sampe", "voucher gratis ongkir gak bisa dipake", "kartu atm ketelen mesin",
        "tagihan kok naik", "pulsa ilang sendiri", "wifi indihome putus2", "kode promo gak valid",
        "pesanan dibatalin sepihak", "kartu kredit diblokir", "transfer blm masuk rekening",
    ]
    static let timesID = ["dr pagi", "udah 2 hari", "sejak kemarin", "dari semalem", "udah seminggu", "barusan", ""]
    static let pleasID = ["tolong dibantu", "gimana nih", "parah bgt", "mohon solusinya", "buruan ya", "makasih", ""]
    static let problemsEN = [
        "my order hasn't arrived", "the app keeps crashing", "no signal since this morning", "I want a refund",
        "I was charged twice", "can't log in to my account", "my package is damaged", "the promo code doesn't work",
        "lost my debit card", "internet is very slow", "my transfer is stuck",
    ]
    static let pleasEN = ["please help", "any update?", "this is ridiculous", "thanks", "asap please", ""]
    static let followUps = [
        "udah aku DM ya", "masih sama kak", "ok ditunggu", "udah dicoba tetep gak bisa", "makasih min",
        "still not working", "ok thanks", "done, sent you a DM", "kapan beresnya?", "sudah normal, makasih",
    ]
    static let replies = [
        "Halo Kak, mohon maaf atas kendalanya. Boleh DM nomor pesanan dan detailnya ya, kami bantu cek.",
        "Hai Kak, coba restart perangkat dan aktifkan mode pesawat 10 detik ya. Jika masih, kabari kami.",
        "Halo, refund diproses 3-5 hari kerja setelah kami terima konfirmasi. Mohon ditunggu ya Kak.",
        "Hi, sorry for the trouble. Please DM us your order number and we'll look into it right away.",
        "Halo Kak, kode OTP bisa terlambat saat jaringan padat. Coba kirim ulang setelah 2 menit ya.",
        "Terima kasih sudah menunggu, kendala sudah kami teruskan ke tim teknis. Kami kabari secepatnya.",
    ]
    static let topics = [
        ("Sinyal lemot", "sinyal jaringan lemot internet bts"), ("Kuota terpotong", "kuota paket data terpotong"),
        ("Paket belum sampai", "pesanan paket kurir resi terlambat"), ("Refund", "refund dana pengembalian transfer"),
        ("OTP tidak masuk", "otp sms kode verifikasi"), ("Aplikasi crash", "aplikasi crash force close update"),
        ("Kartu diblokir", "kartu atm kredit blokir"), ("Promo dan voucher", "promo voucher kode diskon ongkir"),
        ("Tagihan", "tagihan bill naik biaya"), ("Barang rusak", "barang rusak retur garansi"),
        ("Login gagal", "login akun password lupa"), ("Transfer gagal", "transfer rekening saldo gagal"),
    ]

    /// The spike: an outage that starts conversations about one thing ("gangguan") within one hour, 50 days and 10
    /// hours into the workload (17:00 in Jakarta), on top of the hour's usual traffic; rising topics must find it.
    static let spikeHour = start.addingTimeInterval(50 * 86_400 + 10 * 3600)
    static let spikeConversations = 60
    static let spikeTexts = [
        "min ada gangguan jaringan ya?", "gangguan lagi kak, internet mati", "lagi gangguan ya? dr tadi gak bisa",
        "halo, ada gangguan di daerah saya", "kak ini gangguan massal? sinyal ilang",
    ]

    /// The customer's first message of conversation `index`.
    static func customerText(_ random: inout SeededRandom) -> String {
        if random.chance(0.7) {
            let parts = [random.pick(greetingsID), random.pick(problemsID), random.pick(timesID), random.pick(pleasID)]
            return parts.filter { !$0.isEmpty }.joined(separator: " ")
        }
        return [random.pick(["hi", "hello", "hey"]), random.pick(problemsEN), random.pick(pleasEN)]
            .filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// Who conversation `index` is between: its channel, the brand account and the customer's number, drawn first
    /// from the conversation's own seed (so a follow-up can be written to it without the file).
    static func opening(
        _ index: Int, customers: Int, random: inout SeededRandom
    ) -> (channel: String, account: String, customer: Int) {
        let channel =
            index < longThreads
            ? "twitter" : random.pick(["twitter", "twitter", "instagram", "facebook", "whatsapp", "whatsapp"])
        let brand = brands[random.below(brands.count)]
        let account = channel == "whatsapp" ? brand.whatsapp : brand.twitter
        return (channel, account, random.below(customers))
    }

    /// How many customers a workload of `conversations` has.
    static func customers(conversations: Int) -> Int { max(1, conversations * 7 / 10) }

    /// Writes every message as JSONL, conversation by conversation; returns how many lines.
    func writeMessages(to path: String) throws -> Int {
        FileManager.default.createFile(atPath: path, contents: nil)
        guard let file = FileHandle(forWritingAtPath: path) else {
            throw BenchError("cannot write \(path)")
        }
        defer { try? file.close() }
        var buffer = ""
        buffer.reserveCapacity(1 << 21)
        var lines = 0
        let span = 60.0 * 86_400
        let customers = Self.customers(conversations: conversations)
        for index in 0..<conversations {
            var random = SeededRandom(seed: UInt64(index))
            let (channel, account, customer) = Self.opening(index, customers: customers, random: &random)
            let handle = "user\(customer)"
            let visibility = channel == "whatsapp" ? "private" : "public"
            var time =
                Self.start.timeIntervalSince1970 + span * Double(index) / Double(conversations)
                + Double(random.below(600))
            let count = index < Self.longThreads ? Self.longThreadLength : 1 + random.below(9)
            var parent: String?
            for position in 0..<count {
                let inbound = position % 2 == 0
                let id = "b\(index)-\(position)"
                let text: String
                if position == 0 {
                    text = (channel == "twitter" ? "@\(account) " : "") + Self.customerText(&random)
                } else if inbound {
                    text = random.pick(Self.followUps)
                } else {
                    text = random.pick(Self.replies)
                }
                let author =
                    inbound
                    ? #"{"id":"c\#(customer)","handle":"\#(handle)","name":"Pelanggan \#(customer)"}"#
                    : #"{"id":"\#(account)","handle":"\#(account)"}"#
                let reply = parent.map { #","in_reply_to":"\#($0)""# } ?? ""
                buffer +=
                    #"{"channel":"\#(channel)","id":"\#(id)"\#(reply),"direction":"\#(inbound ? "inbound" : "outbound")","author":\#(author),"text":"\#(text)","created_at":"\#(Timestamp.format(Date(timeIntervalSince1970: time)))","visibility":"\#(visibility)","account":"\#(account)"}"#
                buffer += "\n"
                lines += 1
                parent = id
                time += inbound ? Double(60 + random.below(5400)) : Double(30 + random.below(3600))
            }
            if buffer.utf8.count > 1 << 20 {
                file.write(Data(buffer.utf8))
                buffer.removeAll(keepingCapacity: true)
            }
        }
        for line in spikeLines() {
            buffer += line + "\n"
            lines += 1
        }
        file.write(Data(buffer.utf8))
        return lines
    }

    /// The spike's conversations, one customer message each, as JSONL lines.
    func spikeLines() -> [String] {
        let customers = Self.customers(conversations: conversations)
        return (0..<Self.spikeConversations).map { index in
            var random = SeededRandom(seed: UInt64(conversations + index))
            let brand = Self.brands[random.below(Self.brands.count)]
            let customer = random.below(customers)
            let time = Self.spikeHour.timeIntervalSince1970 + Double(index) * 55 + Double(random.below(50))
            let text = "@\(brand.twitter) " + random.pick(Self.spikeTexts)
            return
                #"{"channel":"twitter","id":"spike-\#(index)","direction":"inbound","author":{"id":"c\#(customer)","handle":"user\#(customer)","name":"Pelanggan \#(customer)"},"text":"\#(text)","created_at":"\#(Timestamp.format(Date(timeIntervalSince1970: time)))","visibility":"public","account":"\#(brand.twitter)"}"#
        }
    }

    /// The knowledge base: `articles` articles over the topics, each with its own wording.
    func knowledgeBase() -> [Article] {
        var random = SeededRandom(seed: 0xA57)
        return (0..<articles).map { index in
            let topic = Self.topics[index % Self.topics.count]
            let words = topic.1.split(separator: " ").map(String.init)
            let extra = (0..<6).map { _ in random.pick(words) }.joined(separator: " ")
            let body = """
                # \(topic.0) \(index)

                Jika pelanggan mengeluh \(topic.0.lowercased()), cek dulu \(extra). \(random.pick(Self.replies))

                Langkah: \(random.pick(Self.replies)) \(random.pick(Self.replies))
                """
            return Article(
                id: "kb-\(index)", title: "\(topic.0) \(index)", body: body, tags: Array(words.prefix(2)),
                language: "id", updatedAt: Self.start)
        }
    }

    /// Queries the benchmark searches the knowledge base with: what customers write.
    func queries(_ count: Int) -> [String] {
        var random = SeededRandom(seed: 0x51)
        return (0..<count).map { _ in Self.customerText(&random) }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
