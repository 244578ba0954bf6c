/// The names closest to a mistyped one, for "did you mean" messages (chapters, commands).
enum NearestNames {
    /// Up to `limit` of `candidates` nearest to `name` by edit distance, nearest first; only
    /// those within a third of the longer name's length (plus one), so that a wild guess
    /// suggests nothing rather than something unrelated. A candidate that contains `name`
    /// (or is contained in it) counts as near: `two` finds `two-3x3`.
    static func nearest(to name: String, in candidates: [String], limit: Int = 3) -> [String] {
        let typed = name.lowercased()
        let scored = candidates.map { candidate -> (String, Int) in
            let lower = candidate.lowercased()
            let contains = !typed.isEmpty && (lower.contains(typed) || typed.contains(lower))
            return (candidate, contains ? 0 : distance(typed, lower))
        }
        return scored
            .filter { $0.1 <= max($0.0.count, name.count) / 3 + 1 }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
            .prefix(limit).map(\.0)
    }

    /// Levenshtein distance over characters, counting a swap of two neighbours as one edit
    /// (`stpe` is one slip from `step`, not two).
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
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
}
