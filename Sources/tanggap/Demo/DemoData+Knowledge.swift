import ConversationStore
import Foundation

extension DemoData {
    /// Thirty-six articles: twelve per brand, in Indonesian and English.
    static func knowledgeBase(now: Date) -> [Article] {
        let entries: [(String, String, String, [String], String)] = [
            (
                "sinyal-lemot", "Sinyal lemot atau hilang",
                "Matikan mode pesawat 10 detik lalu nyalakan lagi, dan pastikan mode jaringan 4G/LTE aktif. Jika sinyal masih lemot, kirim lokasi lengkap Kakak via DM agar tim jaringan memeriksa BTS terdekat.",
                ["sinyal", "jaringan", "internet", "lemot"], "id"
            ),
            (
                "gangguan-jaringan", "Gangguan jaringan di area tertentu",
                "Bila ada gangguan di area Kakak, tim teknis sedang memperbaikinya; estimasi pulih kami kabarkan lewat DM. Kompensasi kuota diberikan otomatis untuk gangguan lebih dari 6 jam.",
                ["gangguan", "jaringan", "sinyal"], "id"
            ),
            (
                "kuota-tidak-masuk", "Paket kuota belum masuk",
                "Aktivasi paket bisa memerlukan waktu hingga 60 menit. Cek di aplikasi menu Paket Saya; jika setelah 60 menit belum muncul, kirim nomor HP dan waktu pembelian via DM.",
                ["kuota", "paket", "internet"], "id"
            ),
            (
                "kuota-berkurang", "Kuota berkurang tanpa dipakai",
                "Aplikasi yang berjalan di latar belakang (update otomatis, backup foto) tetap memakai kuota. Matikan update otomatis lewat data seluler dan cek rincian pemakaian di aplikasi.",
                ["kuota", "pemakaian", "tagihan"], "id"
            ),
            (
                "pulsa-tersedot", "Pulsa tersedot layanan konten",
                "Ketik UNREG ALL ke 9898 untuk berhenti dari semua layanan konten. Pulsa yang terpotong dalam 30 hari terakhir bisa diajukan pengembaliannya via DM.",
                ["pulsa", "langganan", "refund"], "id"
            ),
            (
                "roaming-setup", "Roaming data not working abroad",
                "Turn on data roaming, set network selection to manual and choose a partner network, then restart your phone. Roaming packages activate only after you connect to a partner network.",
                ["roaming", "abroad", "data"], "en"
            ),
            (
                "roaming-paket", "Paket roaming luar negeri",
                "Aktifkan paket roaming sebelum berangkat melalui aplikasi. Di negara tujuan, pilih jaringan mitra secara manual dan nyalakan data roaming.",
                ["roaming", "paket", "luar negeri"], "id"
            ),
            (
                "ganti-kartu", "Ganti kartu SIM rusak atau hilang",
                "Kunjungi gerai terdekat dengan KTP untuk mengganti kartu SIM; nomor dan sisa pulsa tetap sama. Blokir nomor hilang lewat call center 188.",
                ["sim", "kartu", "hilang"], "id"
            ),
            (
                "esim", "Moving to eSIM",
                "You can switch to eSIM in the app under Account > eSIM. Keep your phone on Wi-Fi during the switch; your number stays the same.",
                ["esim", "sim"], "en"
            ),
            (
                "tagihan-pascabayar", "Tagihan pascabayar lebih besar",
                "Rincian tagihan ada di aplikasi menu Tagihan. Biaya di luar paket (roaming, panggilan internasional) ditagihkan terpisah. Ajukan keberatan dalam 30 hari via DM.",
                ["tagihan", "pascabayar"], "id"
            ),
            (
                "4g-tidak-muncul", "4G tidak muncul",
                "Pastikan HP mendukung 4G di frekuensi operator dan kartu SIM sudah 4G. Atur mode jaringan ke 4G/LTE di pengaturan seluler.",
                ["4g", "sinyal", "jaringan"], "id"
            ),
            (
                "wifi-calling", "Wi-Fi calling",
                "Wi-Fi calling works on supported phones when enabled under Settings > Mobile > Wi-Fi Calling. Calls are charged as normal calls.",
                ["wifi", "calling"], "en"
            ),
            (
                "transfer-gagal", "Transfer gagal tapi saldo terpotong",
                "Dana transfer yang gagal kembali otomatis ke rekening maksimal 1x24 jam hari kerja. Simpan nomor referensi transaksi; jika lewat 24 jam dana belum kembali, kirim nomor referensi via DM.",
                ["transfer", "saldo", "gagal"], "id"
            ),
            (
                "transfer-belum-masuk", "Transfer belum diterima",
                "Transfer antarbank lewat BI-FAST masuk dalam hitungan detik; lewat SKN bisa sampai hari kerja berikutnya. Cek status di riwayat transaksi aplikasi.",
                ["transfer", "antarbank"], "id"
            ),
            (
                "transfer-failed", "Failed transfer, money deducted",
                "A failed transfer is reversed automatically within 24 working hours. Keep the transaction reference; if the money is not back after 24 hours, send it to us by DM.",
                ["transfer", "refund", "failed"], "en"
            ),
            (
                "kartu-tertelan", "Kartu debit tertelan di ATM",
                "Segera blokir kartu lewat aplikasi atau call center 1500-800, lalu ajukan kartu baru di kantor cabang dengan KTP dan buku tabungan.",
                ["kartu", "atm", "blokir"], "id"
            ),
            (
                "blokir-kartu", "Blocking a lost card",
                "Block a lost card at once in the app (Cards > Block) or by calling 1500-800, available 24 hours. A replacement card can be requested in the app.",
                ["card", "block", "lost"], "en"
            ),
            (
                "kartu-kredit-diblokir", "Kartu kredit terblokir",
                "Kartu kredit bisa terblokir otomatis bila ada transaksi mencurigakan. Verifikasi transaksi lewat call center untuk membuka blokir.",
                ["kartu", "kredit", "blokir"], "id"
            ),
            (
                "login-gagal", "Tidak bisa login mobile banking",
                "Pastikan aplikasi versi terbaru, hapus cache aplikasi, lalu login ulang. Setelah 3 kali salah PIN akun terkunci 24 jam demi keamanan.",
                ["aplikasi", "login", "error"], "id"
            ),
            (
                "otp-tidak-masuk", "OTP tidak masuk",
                "Pastikan nomor HP terdaftar aktif dan sinyal stabil. OTP berlaku 5 menit; tunggu 2 menit sebelum meminta ulang. Jangan bagikan OTP kepada siapa pun, termasuk petugas bank.",
                ["otp", "sms", "aplikasi"], "id"
            ),
            (
                "app-crash", "The app crashes after an update",
                "Update to the latest version from the store, clear the app cache and restart your phone. If it still crashes, DM us your phone model and OS version.",
                ["app", "crash", "update"], "en"
            ),
            (
                "limit-transaksi", "Limit transaksi harian",
                "Limit transfer harian dapat diubah di aplikasi menu Pengaturan > Limit, maksimal sesuai jenis kartu.",
                ["limit", "transfer"], "id"
            ),
            (
                "penipuan", "Waspada penipuan mengatasnamakan bank",
                "Bank tidak pernah meminta PIN, OTP atau password. Laporkan akun palsu ke kami via DM dan jangan klik tautan yang tidak dikenal.",
                ["penipuan", "keamanan", "otp"], "id"
            ),
            (
                "buka-rekening", "Buka rekening online",
                "Rekening bisa dibuka dari aplikasi dengan KTP dan swafoto, tanpa ke cabang. Prosesnya sekitar 10 menit.",
                ["rekening", "buka"], "id"
            ),
            (
                "pesanan-belum-dikirim", "Pesanan belum dikirim",
                "Pesanan dikirim paling lambat 2 hari kerja setelah pembayaran terverifikasi. Jika lewat dari itu, kirim nomor pesanan (INV/…) via DM agar kami eskalasi ke gudang.",
                ["pengiriman", "pesanan", "resi"], "id"
            ),
            (
                "lacak-resi", "Resi tidak bisa dilacak",
                "Resi aktif di sistem kurir 1x24 jam setelah paket diserahkan. Jika setelah itu belum bisa dilacak, kirim nomor pesanan via DM.",
                ["resi", "pengiriman", "kurir"], "id"
            ),
            (
                "order-not-shipped", "Order not shipped yet",
                "Orders ship within 2 working days of payment. If yours is late, send us the order number (INV/…) by DM and we will chase the warehouse.",
                ["shipping", "order"], "en"
            ),
            (
                "retur-barang-rusak", "Retur barang rusak",
                "Barang rusak bisa diretur dalam 7 hari sejak diterima. Kirim foto barang dan kemasan via DM; kurir akan menjemput barang tanpa biaya.",
                ["retur", "rusak", "refund"], "id"
            ),
            (
                "refund-timeline", "Kapan refund masuk",
                "Refund diproses 3-5 hari kerja setelah retur kami terima, ke metode pembayaran semula. Refund ke e-wallet biasanya lebih cepat.",
                ["refund", "retur", "pengembalian"], "id"
            ),
            (
                "refund-policy", "Refund policy",
                "Refunds are processed 3-5 working days after we receive the return, to the original payment method.",
                ["refund", "return"], "en"
            ),
            (
                "kode-promo", "Kode promo tidak bisa dipakai",
                "Cek syarat promo: minimal belanja, kategori produk dan masa berlaku. Satu pesanan hanya bisa memakai satu kode promo.",
                ["promo", "voucher", "kode"], "id"
            ),
            (
                "gratis-ongkir", "Voucher gratis ongkir tidak muncul",
                "Voucher gratis ongkir muncul di checkout bila alamat dan kurir memenuhi syarat. Perbarui aplikasi dan coba pilih kurir lain.",
                ["ongkir", "voucher", "promo"], "id"
            ),
            (
                "ganti-alamat", "Ganti alamat pengiriman",
                "Alamat bisa diubah selama pesanan belum dikirim, di menu Pesanan > Ubah Alamat. Setelah dikirim, hubungi kurir dengan nomor resi.",
                ["alamat", "pengiriman"], "id"
            ),
            (
                "batal-pesanan", "Membatalkan pesanan",
                "Pesanan yang belum diproses gudang bisa dibatalkan di menu Pesanan; dana kembali otomatis dalam 1x24 jam.",
                ["batal", "pesanan", "refund"], "id"
            ),
            (
                "barang-kurang", "Barang yang diterima kurang",
                "Jika isi paket kurang, kirim video unboxing dan nomor pesanan via DM dalam 2x24 jam; kami kirim kekurangannya.",
                ["pesanan", "kurang", "komplain"], "id"
            ),
            (
                "cod", "Bayar di tempat (COD)",
                "COD tersedia untuk pesanan sampai Rp2.000.000 di kota yang dilayani kurir. Siapkan uang pas saat kurir datang.",
                ["cod", "pembayaran"], "id"
            ),
        ]
        // Twelve a brand, in the order of `brands`: each is offered in its own brand's conversations only.
        return entries.enumerated().map { index, entry in
            let (id, title, answer, tags, language) = entry
            return Article(
                id: id, title: title,
                body:
                    "# \(title)\n\n\(answer)\n\n> Untuk agen: pastikan data pelanggan diminta lewat DM, bukan di kolom publik.",
                tags: tags + accountTags(of: brands[min(index / 12, brands.count - 1)]), language: language,
                updatedAt: now.addingTimeInterval(-86_400 * 7))
        }
    }

    /// The tags that keep an answer to one brand's conversations (`KnowledgeScope`).
    static func accountTags(of brand: Brand) -> [String] {
        Set(brand.accounts.values.map { KnowledgeScope.accountTagPrefix + $0.lowercased() }).sorted()
    }

    /// The brand a template is for, by name; templates not named are for every brand.
    static let templateBrands: [String: String] = [
        "minta-dm": "TelkomCare", "kuota-cek": "TelkomCare", "roaming-manual": "TelkomCare", "transfer-ref": "BankNusa",
        "transfer-refund": "BankNusa", "blokir-kartu": "BankNusa", "pesanan-eskalasi": "TokoSegar",
        "refund-proses": "TokoSegar", "order-chase": "TokoSegar", "promo-syarat": "TokoSegar",
    ]

    /// The templates, each of a brand's tagged with its accounts.
    static var scopedReplyTemplates: [ReplyTemplate] {
        replyTemplates.map { template in
            guard let name = templateBrands[template.id], let brand = brands.first(where: { $0.name == name }) else {
                return template
            }
            var scoped = template
            scoped.tags += accountTags(of: brand)
            return scoped
        }
    }

    /// Canned replies with variables and fields the agent must fill.
    static let replyTemplates: [ReplyTemplate] = [
        ReplyTemplate(
            id: "minta-dm", name: "Minta DM data pelanggan",
            body:
                "Halo {{customer.name}}, mohon maaf atas kendalanya. Boleh DM nomor HP dan lokasi Kakak ya, kami bantu cek. ^{{agent.name}}",
            language: "id", tags: ["sinyal", "jaringan", "kuota", "dm"]),
        ReplyTemplate(
            id: "pindah-dm", name: "Pindahkan ke DM",
            body:
                "Halo {{customer.name}}, agar data Kakak aman, kita lanjut lewat DM ya. Kami sudah kirim pesan ke Kakak. ^{{agent.name}}",
            language: "id", tags: ["dm", "private", "marah", "komplain"]),
        ReplyTemplate(
            id: "kuota-cek", name: "Kuota dicek",
            body:
                "Halo {{customer.name}}, kuota untuk nomor {{?ask:Nomor HP}} sudah kami cek dan akan kami kembalikan dalam 1x24 jam. ^{{agent.name}}",
            language: "id", tags: ["kuota", "paket", "pulsa"], setsStatus: .pending, addsTags: ["kuota"]),
        ReplyTemplate(
            id: "transfer-ref", name: "Transfer gagal: minta referensi",
            body:
                "Halo {{customer.name}}, dana transfer yang gagal kembali otomatis maks. 1x24 jam. Boleh DM nomor referensi transaksinya? ^{{agent.name}}",
            language: "id", tags: ["transfer", "saldo", "gagal"]),
        ReplyTemplate(
            id: "transfer-refund", name: "Transfer reversed",
            body:
                "Hi {{customer.name}}, the failed transfer {{?ask:Reference}} has been reversed; it will show in your balance within 24 hours. ^{{agent.name}}",
            language: "en", tags: ["transfer", "failed", "refund"], setsStatus: .resolved),
        ReplyTemplate(
            id: "blokir-kartu", name: "Blokir kartu segera",
            body:
                "Halo {{customer.name}}, segera blokir kartu lewat aplikasi (Kartu > Blokir) atau call center 1500-800 ya. ^{{agent.name}}",
            language: "id", tags: ["kartu", "atm", "blokir", "card"]),
        ReplyTemplate(
            id: "pesanan-eskalasi", name: "Pesanan dieskalasi",
            body:
                "Halo {{customer.name}}, pesanan {{?ask:Nomor pesanan}} sudah kami eskalasi ke gudang, resi dikirim hari ini. Mohon maaf menunggu. ^{{agent.name}}",
            language: "id", tags: ["pesanan", "pengiriman", "resi", "dikirim"], setsStatus: .pending,
            addsTags: ["pengiriman"]),
        ReplyTemplate(
            id: "refund-proses", name: "Refund diproses",
            body:
                "Halo {{customer.name}}, refund untuk pesanan {{?ask:Nomor pesanan}} sedang diproses, masuk dalam 3-5 hari kerja. ^{{agent.name}}",
            language: "id", tags: ["refund", "retur", "rusak"], setsStatus: .pending, addsTags: ["refund"]),
        ReplyTemplate(
            id: "order-chase", name: "Order chased",
            body:
                "Hi {{customer.name}}, we have chased order {{?ask:Order number}} with the warehouse; you will get the tracking number today. ^{{agent.name}}",
            language: "en", tags: ["order", "shipping", "shipped"]),
        ReplyTemplate(
            id: "roaming-manual", name: "Roaming: manual network",
            body:
                "Hi {{customer.name}}, please set network selection to manual, pick a partner network and restart your phone. ^{{agent.name}}",
            language: "en", tags: ["roaming", "abroad", "data"]),
        ReplyTemplate(
            id: "terima-kasih", name: "Terima kasih, selesai",
            body:
                "Sama-sama {{customer.name}}! Senang bisa membantu. Kabari kami kalau ada kendala lagi ya. ^{{agent.name}}",
            language: "id", tags: ["makasih", "thanks", "selesai"], setsStatus: .resolved),
        ReplyTemplate(
            id: "promo-syarat", name: "Syarat kode promo",
            body:
                "Halo {{customer.name}}, kode promo berlaku untuk minimal belanja tertentu dan satu kode per pesanan. Coba cek lagi keranjangnya ya. ^{{agent.name}}",
            language: "id", tags: ["promo", "voucher", "kode", "expired"]),
    ]
}
