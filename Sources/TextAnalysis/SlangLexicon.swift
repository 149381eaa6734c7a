/// Informal Indonesian written the way people type it on social media, mapped to the standard word, so that
/// "sinyal lemot bgt dr pagi" and "sinyal lambat sekali dari pagi" analyse alike. Written for this project from
/// common usage (chat abbreviations, dropped vowels, Jakarta colloquial forms).
public enum SlangLexicon {
    public static func standard(_ word: String) -> String? { entries[word] }

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
    ]
}
