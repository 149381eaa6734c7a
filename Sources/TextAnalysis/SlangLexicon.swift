/// Informal Indonesian written the way people type it on social media, mapped to the standard word, so that
/// "sinyal lemot bgt dr pagi" and "sinyal lambat sekali dari pagi" analyse alike. Written for this project from
/// common usage (chat abbreviations, dropped vowels, Jakarta colloquial forms).
public enum SlangLexicon {
    /// The standard form of an informal word: the lexicon's entry, else what the spelling rules make of it (see
    /// `spelled(_:)`); `nil` when the word is standard already or unknown.
    public static func standard(_ word: String) -> String? { entries[word] ?? spelled(word) }

    /// Regular informal spellings, checked against the root dictionary so that a standard word is never changed:
    /// reduplication written with a 2 (`apa2` → `apa-apa`, `bener2` → `benar-benar`), a doubled last letter
    /// (`aduhh` → `aduh`), and the Jakarta *e* for *a* in the last syllable (`bener` → `benar`, `dapet` → `dapat`).
    /// Designed on the even lines of the agreed gold pairs; guessing vowels into abbreviations (`bgs` → `bagus`)
    /// was tried and left out: it turned acronyms into words (`dpr` → `dapur`, `kpu` → `kerapu`).
    static func spelled(_ word: String, roots: StemDictionary = .standard) -> String? {
        // Only lowercase ASCII letters and "2" qualify, so the word is worked on as bytes: this runs for nearly
        // every word a customer writes, and going through `Character`s was a third of analysing a text.
        let bytes = Array(word.utf8)
        guard bytes.count >= 3, bytes.allSatisfy({ (ascii.a...ascii.z).contains($0) || $0 == ascii.two }),
            !roots.contains(word)
        else { return nil }
        if bytes[bytes.count - 1] == ascii.two {
            let base = bytes.dropLast()
            guard base.count >= 2, !base.contains(ascii.two) else { return nil }
            let baseWord = String(decoding: base, as: UTF8.self)
            guard
                let standard = roots.contains(baseWord)
                    ? baseWord : (entries[baseWord] ?? spelled(baseWord, roots: roots)),
                !standard.contains(" "), !standard.contains("-")
            else { return nil }
            return standard + "-" + standard
        }
        guard !bytes.contains(ascii.two) else { return nil }
        if bytes[bytes.count - 1] == bytes[bytes.count - 2] {
            let shorter = String(decoding: bytes.dropLast(), as: UTF8.self)
            if roots.contains(shorter) { return shorter }
            if let known = entries[shorter] { return known }
        }
        // The last syllable's vowel, in a word of two syllables: an e before the closing consonants read as a. (Longer
        // words are loanwords more often than not: `internet` is not `internat`.)
        let vowels = "aeiou".utf8
        if bytes.filter({ vowels.contains($0) }).count == 2,
            let last = bytes.lastIndex(where: { vowels.contains($0) }), bytes[last] == ascii.e, last > 0,
            last < bytes.count - 1
        {
            var changed = bytes
            changed[last] = ascii.a
            let candidate = String(decoding: changed, as: UTF8.self)
            if roots.contains(candidate) { return candidate }
        }
        return nil
    }

    private static let ascii = (
        a: UInt8(ascii: "a"), e: UInt8(ascii: "e"), z: UInt8(ascii: "z"), two: UInt8(ascii: "2")
    )

    public static var count: Int { entries.count }

    static let entries: [String: String] = [
        // negation and aspect
        "gak": "tidak", "ga": "tidak", "gk": "tidak", "g": "tidak", "nggak": "tidak", "ngga": "tidak",
        "enggak": "tidak",
        "engga": "tidak", "tdk": "tidak", "tak": "tidak", "kagak": "tidak", "ndak": "tidak", "gaada": "tidak ada",
        "gada": "tidak ada", "blm": "belum", "blom": "belum", "belom": "belum", "udah": "sudah", "udh": "sudah",
        "sdh": "sudah", "dah": "sudah", "uda": "sudah", "lg": "lagi", "lgi": "lagi", "msh": "masih", "masi": "masih",
        "bkn": "bukan", "bukn": "bukan", "jgn": "jangan", "jngn": "jangan", "jangn": "jangan", "sdg": "sedang",
        "lagi2": "lagi", "tlh": "telah", "pernh": "pernah", "prnh": "pernah",
        // pronouns and address
        "gw": "saya", "gue": "saya", "gua": "saya", "aku": "saya", "ak": "saya", "sy": "saya", "sya": "saya",
        "lo": "kamu", "lu": "kamu", "loe": "kamu", "elu": "kamu", "km": "kamu", "kmu": "kamu", "u": "kamu",
        "kalian": "kalian", "kk": "kakak", "kak": "kakak", "ka": "kakak", "min": "admin", "mimin": "admin",
        "sis": "kakak", "gan": "juragan", "bro": "saudara", "bang": "abang", "bpk": "bapak", "pak": "bapak",
        "ibu": "ibu", "bu": "ibu", "dy": "dia", "doi": "dia", "mrk": "mereka", "kt": "kita", "qt": "kita",
        "kami": "kami", "org": "orang", "orng": "orang", "nyokap": "ibu", "bokap": "ayah",
        // question words
        "gmn": "bagaimana", "gimana": "bagaimana", "gmna": "bagaimana", "bgmn": "bagaimana", "knp": "kenapa",
        "kenapa": "mengapa", "napa": "mengapa", "ngapain": "mengapa", "kpn": "kapan", "kapn": "kapan", "dmn": "di mana",
        "dmana": "di mana", "mana": "mana", "brp": "berapa", "berapaan": "berapa", "ap": "apa", "apaan": "apa",
        "sapa": "siapa", "spa": "siapa", "siapa": "siapa",
        // conjunctions and function words
        "yg": "yang", "yang": "yang", "dg": "dengan", "dgn": "dengan", "dng": "dengan", "ama": "sama", "sm": "sama",
        "dr": "dari", "dri": "dari", "drpd": "daripada", "utk": "untuk", "untk": "untuk", "tuk": "untuk",
        "buat": "untuk",
        "krn": "karena", "karna": "karena", "krna": "karena", "soalnya": "karena", "tp": "tapi", "tpi": "tapi",
        "tapi": "tetapi", "klo": "kalau", "kalo": "kalau", "klu": "kalau", "kl": "kalau", "jd": "jadi", "jdi": "jadi",
        "trs": "terus", "trus": "terus", "ato": "atau", "atw": "atau", "atau": "atau", "aja": "saja", "aj": "saja",
        "ajah": "saja", "doang": "saja", "doank": "saja", "jg": "juga", "jga": "juga", "tlg": "tolong",
        "tolong": "tolong",
        "pd": "pada", "pdhl": "padahal", "pdahal": "padahal", "smpe": "sampai", "sampe": "sampai", "smp": "sampai",
        "ampe": "sampai", "bgt": "sekali", "banget": "sekali", "bngt": "sekali", "bener": "benar", "bnr": "benar",
        "emg": "memang", "emang": "memang", "mmg": "memang", "kyk": "seperti", "kayak": "seperti", "kaya": "seperti",
        "kek": "seperti", "sprt": "seperti", "spt": "seperti", "gitu": "begitu", "gt": "begitu", "gtu": "begitu",
        "gini": "begini", "gn": "begini", "sih": "", "dong": "", "deh": "", "kok": "", "nih": "ini", "tuh": "itu",
        "tu": "itu", "ni": "ini", "td": "tadi", "tdi": "tadi", "skrg": "sekarang", "skrng": "sekarang",
        "sekarng": "sekarang", "bsk": "besok", "besok": "besok", "kmrn": "kemarin", "kemaren": "kemarin",
        "kmarin": "kemarin", "ntar": "nanti", "nti": "nanti", "nnti": "nanti", "entar": "nanti", "bntr": "sebentar",
        "bentar": "sebentar", "sbntr": "sebentar", "sebntar": "sebentar", "lbh": "lebih", "lbih": "lebih",
        "kurg": "kurang", "krg": "kurang", "sm2": "sama-sama", "makasih": "terima kasih", "mksh": "terima kasih",
        "makasi": "terima kasih", "thx": "terima kasih", "tq": "terima kasih", "trims": "terima kasih",
        "trimakasih": "terima kasih", "maaf": "maaf", "mf": "maaf", "maap": "maaf", "sori": "maaf", "sorry": "maaf",
        "ok": "oke", "okay": "oke", "oke": "oke", "okey": "oke", "sip": "oke", "siap": "siap", "iya": "ya", "iy": "ya",
        "y": "ya", "yaa": "ya", "yup": "ya", "yoi": "ya", "hrs": "harus", "hrus": "harus", "msti": "mesti",
        "mesti": "harus", "bs": "bisa", "bsa": "bisa", "bisa": "bisa", "mo": "mau", "mw": "mau", "pengen": "ingin",
        "pgn": "ingin", "pingin": "ingin", "pengin": "ingin", "tau": "tahu", "tw": "tahu", "taw": "tahu",
        "ngerti": "mengerti", "paham": "paham", "liat": "lihat", "lht": "lihat", "denger": "dengar", "dgr": "dengar",
        "ngomong": "bicara", "ngmg": "bicara", "blg": "bilang", "bilang": "bilang", "ksh": "kasih", "kasi": "kasih",
        "ngasih": "memberi", "dikasih": "diberi", "dapet": "dapat", "dpt": "dapat", "dpet": "dapat",
        "nunggu": "menunggu", "nungguin": "menunggu", "tungguin": "tunggu", "nyampe": "sampai", "nyampai": "sampai",
        "dateng": "datang", "dtg": "datang", "pake": "pakai", "pk": "pakai", "make": "memakai", "beliin": "belikan",
        "bayarin": "bayarkan", "cek": "periksa", "ngecek": "memeriksa", "dicek": "diperiksa", "cekin": "periksa",
        "benerin": "perbaiki", "dibenerin": "diperbaiki", "ganti": "ganti", "balikin": "kembalikan",
        "dibalikin": "dikembalikan", "ilang": "hilang", "ilangin": "hilangkan", "nyala": "menyala", "mati": "mati",
        "nelpon": "menelepon", "telpon": "telepon", "tlp": "telepon", "telp": "telepon", "sms": "sms", "hp": "ponsel",
        "henpon": "ponsel",
        // adjectives and complaints
        "lemot": "lambat", "lelet": "lambat", "lmbt": "lambat", "cepet": "cepat", "cpt": "cepat", "cpet": "cepat",
        "gede": "besar", "gde": "besar", "kecil": "kecil", "mahal": "mahal", "murah": "murah", "jelek": "buruk",
        "jlk": "buruk", "parah": "parah", "kecewa": "kecewa", "kesel": "kesal", "kzl": "kesal", "sebel": "sebal",
        "bete": "kesal", "capek": "lelah", "cape": "lelah", "capai": "lelah", "ribet": "rumit", "susah": "sulit",
        "gampang": "mudah", "gmpg": "mudah", "mantap": "bagus", "mantul": "bagus", "mantep": "bagus", "keren": "bagus",
        "oks": "oke", "rusak": "rusak", "error": "galat", "eror": "galat", "erorr": "galat", "lag": "lambat",
        "ngelag": "lambat", "ngadat": "macet", "mampet": "macet", "bego": "bodoh", "goblok": "bodoh",
        "anjir": "astaga", "anjay": "astaga", "wkwk": "", "wkwkwk": "", "haha": "", "hehe": "", "hihi": "",
        // money and service words
        "duit": "uang", "doku": "uang", "byr": "bayar", "bayar": "bayar", "tf": "transfer", "trf": "transfer",
        "transfer": "transfer", "rek": "rekening", "norek": "nomor rekening", "saldo": "saldo",
        "refund": "pengembalian dana",
        "ongkir": "ongkos kirim", "brg": "barang", "brng": "barang", "pesenan": "pesanan", "psnan": "pesanan",
        "pesen": "pesan", "psn": "pesan", "nmr": "nomor", "no": "nomor", "pls": "tolong", "plis": "tolong",
        "please": "tolong", "info": "informasi", "inpo": "informasi", "infoin": "informasikan", "akun": "akun",
        "pw": "kata sandi", "pass": "kata sandi", "sandi": "kata sandi", "apk": "aplikasi", "app": "aplikasi",
        "aplikasi": "aplikasi", "inet": "internet", "internetan": "berinternet", "kuota": "kuota", "paket": "paket",
        "sinyal": "sinyal", "signal": "sinyal", "jaringan": "jaringan", "jrngn": "jaringan", "wifi": "wifi",
        "cs": "layanan pelanggan", "admin": "admin",
        // time and quantity
        "jam": "jam", "mnt": "menit", "dtk": "detik", "hr": "hari", "bln": "bulan", "thn": "tahun", "sejam": "satu jam",
        "seminggu": "satu minggu", "sebulan": "satu bulan", "smua": "semua", "smw": "semua", "semua": "semua",
        "bnyk": "banyak", "byk": "banyak", "sdikit": "sedikit", "dikit": "sedikit", "sktr": "sekitar", "tetep": "tetap",
        "ttp": "tetap",
        // more chat spellings
        "aq": "saya", "akoh": "saya", "w": "saya", "ane": "saya", "ente": "kamu", "kamu": "kamu", "kau": "kamu",
        "lw": "kamu", "elo": "kamu", "situ": "kamu", "mereka": "mereka", "dia": "dia", "beliau": "beliau",
        "kpd": "kepada", "sbg": "sebagai", "sbgai": "sebagai", "spy": "supaya", "biar": "supaya", "coz": "karena",
        "gara2": "gara-gara", "kyknya": "sepertinya", "kayaknya": "sepertinya", "kyny": "sepertinya",
        "kynya": "sepertinya", "sptnya": "sepertinya", "smoga": "semoga", "moga": "semoga",
        "mudah2an": "mudah-mudahan", "mdh2an": "mudah-mudahan", "bgs": "bagus", "bgus": "bagus", "jlek": "jelek",
        "gmpang": "gampang", "sush": "susah", "ssh": "susah", "mhl": "mahal", "mrh": "murah", "skli": "sekali",
        "bnget": "sekali", "bngat": "sekali", "sngat": "sangat", "sgt": "sangat", "trlalu": "terlalu",
        "trllu": "terlalu", "plg": "paling", "plng": "paling", "blum": "belum", "sdah": "sudah", "sudh": "sudah",
        "dh": "sudah", "lgsg": "langsung", "lgsung": "langsung", "langsng": "langsung", "lngsg": "langsung",
        "bnyak": "banyak", "sdkt": "sedikit", "ckp": "cukup", "cukup": "cukup", "msk": "masuk", "msuk": "masuk",
        "kluar": "keluar", "klr": "keluar", "naek": "naik", "turun": "turun", "abis": "habis", "abs": "habis",
        "hbs": "habis", "gratis": "gratis", "grts": "gratis", "bkin": "bikin", "bikin": "membuat", "bner": "benar",
        "bnr2": "benar-benar", "bener2": "benar-benar", "sering2": "sering", "srg": "sering", "jrg": "jarang",
        "jrang": "jarang", "kadang2": "kadang-kadang", "kdg": "kadang", "tiap": "setiap", "stiap": "setiap",
        "k": "ke", "ke": "ke", "d": "di", "dlm": "dalam", "dalem": "dalam", "luar": "luar", "atas": "atas",
        "bwh": "bawah", "dpn": "depan", "blkg": "belakang", "smuanya": "semuanya", "sgala": "segala",
        "org2": "orang-orang", "anak2": "anak-anak", "hri": "hari", "mlm": "malam", "pgi": "pagi", "sore": "sore",
        "siang": "siang", "tgl": "tanggal", "tggl": "tanggal", "jm": "jam", "mnggu": "minggu", "mgg": "minggu",
        "thun": "tahun", "skrang": "sekarang", "ntr": "nanti", "nnt": "nanti", "bsok": "besok", "kmren": "kemarin",
        "brusan": "barusan", "barusan": "barusan", "bru": "baru", "br": "baru", "lama": "lama", "lma": "lama",
        "cepet2": "cepat-cepat", "gpp": "tidak apa-apa", "gapapa": "tidak apa-apa", "ngapa": "mengapa",
        "knapa": "kenapa", "mgkn": "mungkin", "mngkn": "mungkin", "kali": "mungkin", "sbnrnya": "sebenarnya",
        "sbnrny": "sebenarnya", "sebenernya": "sebenarnya", "nda": "tidak", "kaga": "tidak", "kgk": "tidak",
        "gbs": "tidak bisa", "gabisa": "tidak bisa", "gakbisa": "tidak bisa", "mau": "mau", "maw": "mau",
        "pngen": "ingin", "butuh": "butuh", "btuh": "butuh", "prlu": "perlu", "perlu": "perlu", "wajib": "wajib",
        "blh": "boleh", "boleh": "boleh", "bole": "boleh", "tlong": "tolong", "mhn": "mohon", "mohon": "mohon",
        "trmksh": "terima kasih", "tks": "terima kasih", "mksih": "terima kasih", "makasii": "terima kasih",
        "thanks": "terima kasih", "tengkyu": "terima kasih", "ty": "terima kasih", "knl": "kenal", "kenal": "kenal",
        "tmn": "teman", "temen": "teman", "sodara": "saudara", "sdr": "saudara", "cwo": "cowok", "cwe": "cewek",
        "cowo": "cowok", "cewe": "cewek", "ortu": "orang tua", "bapak": "bapak", "sekolah": "sekolah",
        "skul": "sekolah", "kampus": "kampus", "kntr": "kantor", "kantor": "kantor", "rmh": "rumah",
        "rumah": "rumah", "jln": "jalan", "jalan": "jalan", "jkt": "jakarta", "bdg": "bandung", "sby": "surabaya",
    ]
}
