/// What a batch of incoming messages did to the store.
public struct IngestResult: Hashable, Sendable {
    /// Messages stored for the first time.
    public var inserted: Int
    /// Messages the store already had (same channel and external id), left as they were.
    public var duplicates: Int
    /// The conversations that gained messages, after threading and merging.
    public var conversations: Set<ConversationID>
    /// Delivery reports that named a reply the store holds (see ``StoreBackend/ingest(_:facts:reports:)``).
    public var reportsMatched = 0

    public init(inserted: Int = 0, duplicates: Int = 0, conversations: Set<ConversationID> = []) {
        self.inserted = inserted
        self.duplicates = duplicates
        self.conversations = conversations
    }
}
