/// How far apart two words are, for "did you mean": the edits (insert, delete, replace, or swap two neighbours) that
/// turn one into the other.
public enum EditDistance {
    public static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }

    /// The one of `candidates` nearest to `word`, when it is at most `within` edits away.
    public static func nearest(to word: String, in candidates: [String], within: Int) -> String? {
        candidates.map { (name: $0, distance: between(word, $0)) }.filter { $0.distance <= within }
            .min { $0.distance < $1.distance }?.name
    }
}
