import Foundation

/// Imports message files into a store: reads records, sends them to the store in batches, and accounts for every
/// record (imported, duplicate or rejected).
///
/// A bad record never stops an import; it is handed to `rejected` with its line and reason and the rest goes in.
/// Importing the same file again changes nothing, and the same records in another order give the same
/// conversations.
public struct Importer: Sendable {
    public let store: Store
    /// Messages per store transaction: large enough to amortise the commit, small enough to show progress.
    public var batchSize: Int

    public init(store: Store, batchSize: Int = 2_000) {
        self.store = store
        self.batchSize = batchSize
    }

    /// Reads the file's bytes (memory-mapped) and opens the format's reader.
    public static func source(for path: String, format: ImportFormat) throws -> (any ImportRecordSource, size: Int) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw ImportError.unreadable(path, "no such file")
        }
        guard !isFolder.boolValue else { throw ImportError.unreadable(path, "is a folder, not a file") }
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw ImportError.unreadable(path, "cannot be read (\((error as NSError).localizedDescription))")
        }
        switch format {
        case .jsonl: return (JSONLReader(bytes, file: path), bytes.count)
        case .twcs: return (try TWCSReader(bytes, file: path), bytes.count)
        }
    }

    /// Imports one file. `progress` is called after each batch with the bytes read and the file's size;
    /// `rejected` once for every refused record, in file order.
    public func importFile(
        _ path: String, format: ImportFormat, progress: (Int, Int) -> Void = { _, _ in },
        rejected: (Rejection) -> Void
    ) async throws -> ImportSummary {
        var (source, size) = try Self.source(for: path, format: format)
        var summary = ImportSummary()
        var batch: [IncomingMessage] = []
        batch.reserveCapacity(batchSize)
        // The next batch is read while the store writes the previous one: parsing and writing take a core each.
        var writing: Task<IngestResult, any Error>?
        var writtenUpTo = 0
        func finishWriting() async throws {
            guard let current = writing else { return }
            writing = nil
            let result = try await current.value
            summary.imported += result.inserted
            summary.duplicates += result.duplicates
            progress(writtenUpTo, size)
        }
        let store = store
        while let record = source.next() {
            summary.read += 1
            switch record {
            case .message(let message, _):
                batch.append(message)
            case .rejected(let rejection):
                summary.rejected += 1
                rejected(rejection)
            }
            if batch.count >= batchSize {
                let messages = batch
                writtenUpTo = source.offset
                // Analysed here, on the reading side, while the store writes the batch before.
                let facts = TextFacts(messages)
                try await finishWriting()
                writing = Task { try await store.ingest(messages, facts: facts) }
                batch.removeAll(keepingCapacity: true)
            }
        }
        try await finishWriting()
        if !batch.isEmpty {
            let result = try await store.ingest(batch)
            summary.imported += result.inserted
            summary.duplicates += result.duplicates
        }
        if summary.imported > 0 { try await store.refreshStatistics() }
        progress(size, size)
        return summary
    }
}
