/// The file formats `tanggap import` reads.
public enum ImportFormat: String, Sendable, CaseIterable {
    /// One JSON message a line (the project's own format).
    case jsonl
    /// The public "Customer Support on Twitter" CSV.
    case twcs

    /// The format a file name implies: `.jsonl`/`.ndjson` → jsonl, `.csv` → twcs; `nil` otherwise.
    public init?(fileName: String) {
        let lowered = fileName.lowercased()
        if lowered.hasSuffix(".jsonl") || lowered.hasSuffix(".ndjson") {
            self = .jsonl
        } else if lowered.hasSuffix(".csv") {
            self = .twcs
        } else {
            return nil
        }
    }
}
