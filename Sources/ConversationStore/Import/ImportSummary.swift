/// What an import did: `read = imported + duplicates + rejected`, always.
public struct ImportSummary: Hashable, Codable, Sendable {
    /// Records read from the files.
    public var read = 0
    /// Records stored for the first time.
    public var imported = 0
    /// Records the store already had.
    public var duplicates = 0
    /// Records refused, each reported with its file, line and reason.
    public var rejected = 0

    public init() {}

    public static func + (lhs: ImportSummary, rhs: ImportSummary) -> ImportSummary {
        var sum = ImportSummary()
        sum.read = lhs.read + rhs.read
        sum.imported = lhs.imported + rhs.imported
        sum.duplicates = lhs.duplicates + rhs.duplicates
        sum.rejected = lhs.rejected + rhs.rejected
        return sum
    }
}
