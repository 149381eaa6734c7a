/// A position in a queue view: the sort key of the last conversation seen.
///
/// Paging continues from the key rather than skipping rows, so a page costs the same at the millionth row as at
/// the first, and rows that move while an agent pages are neither skipped nor repeated twice in one direction.
/// The text form is opaque and stable (`v1.<view>.<key>.<key>.<id>`), so scripts can pass it back.
public struct QueueCursor: Hashable, Sendable, CustomStringConvertible {
    public var view: QueueView
    /// The sort key values of the last row, in the view's order; integers only.
    public var keys: [Int64]

    public init(view: QueueView, keys: [Int64]) {
        self.view = view
        self.keys = keys
    }

    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[0] == "v1", let view = QueueView(rawValue: String(parts[1])) else {
            return nil
        }
        var keys: [Int64] = []
        for part in parts.dropFirst(2) {
            guard let value = Int64(part) else { return nil }
            keys.append(value)
        }
        self.view = view
        self.keys = keys
    }

    public var description: String {
        (["v1", view.rawValue] + keys.map(String.init)).joined(separator: ".")
    }
}
