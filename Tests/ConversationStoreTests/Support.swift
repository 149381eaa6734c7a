import Foundation
import Logging
import Synchronization
import Testing

@testable import ConversationStore
@testable import PostgresStore
@testable import SQLiteStore

/// A clock a test moves by hand.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = Mutex(start) }

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// The store backends the behavioural tests run against: SQLite always, PostgreSQL unless told to skip it
/// (`TANGGAP_SKIP_POSTGRES=1`).
enum Backend: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case sqlite, postgres

    static var tested: [Backend] { PostgresServer.skipped ? [.sqlite] : [.sqlite, .postgres] }

    var testDescription: String { rawValue }
}

/// A fresh store: a SQLite file in its own temporary folder, or a new database on the test server.
struct TestStore {
    let store: Store
    /// The SQLite backend, for tests that read SQLite itself; nil for a PostgreSQL store.
    let sqlite: SQLiteBackend?
    let postgres: PostgresBackend?
    let clock: TestClock
    let folder: URL
    var path: String { folder.appendingPathComponent("store.sqlite").path }
    var location: StoreLocation

    init(policy: SLAPolicy = SLAPolicy(), clock: TestClock = TestClock()) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("tanggap-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("store.sqlite").path
        let backend = try SQLiteBackend(path: path, policy: policy, logger: Logger(label: "test"))
        sqlite = backend
        postgres = nil
        location = .sqlite(path: path)
        self.clock = clock
        store = Store(backend: backend, now: { clock.now })
    }

    private init(postgres: PostgresBackend, url: String, clock: TestClock, folder: URL) {
        self.postgres = postgres
        sqlite = nil
        location = .postgres(url: url)
        self.clock = clock
        self.folder = folder
        store = Store(backend: postgres, now: { clock.now })
    }

    /// The SQLite backend of a store made by `init` (SQLite only).
    var backend: SQLiteBackend {
        guard let sqlite else { preconditionFailure("a PostgreSQL test store has no SQLite backend") }
        return sqlite
    }

    /// A fresh store on `kind`.
    static func make(
        _ kind: Backend, policy: SLAPolicy = SLAPolicy(), clock: TestClock = TestClock()
    ) async throws -> TestStore {
        switch kind {
        case .sqlite:
            return try TestStore(policy: policy, clock: clock)
        case .postgres:
            let url = try await PostgresServer.freshDatabase()
            let backend = try await PostgresServer.open(url, policy: policy)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "tanggap-test-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return TestStore(postgres: backend, url: url, clock: clock, folder: folder)
        }
    }

    /// Another connection to the same store, as a second process would open it.
    func reopen() async throws -> Store {
        let clock = clock
        switch location {
        case .sqlite(let path):
            let other = try SQLiteBackend(path: path, policy: store.policy, logger: Logger(label: "test"))
            return Store(backend: other, now: { clock.now })
        case .postgres(let url):
            let other = try await PostgresServer.open(url, policy: store.policy)
            return Store(backend: other, now: { clock.now })
        }
    }
}

/// Builds incoming messages with little noise: times are minutes after a fixed start.
enum Make {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func at(_ minutes: Double) -> Date { start.addingTimeInterval(minutes * 60) }

    static func inbound(
        _ id: String, replyTo parent: String? = nil, at minutes: Double, from customer: String = "c1",
        text: String = "halo, sinyal lemot", channel: Channel = .twitter, visibility: Visibility = .public,
        account: String? = "brand"
    ) -> IncomingMessage {
        IncomingMessage(
            channel: channel, externalID: id, inReplyTo: parent, direction: .inbound,
            author: .init(id: customer, handle: customer, name: customer.uppercased()), text: text,
            createdAt: at(minutes), visibility: visibility, account: account)
    }

    /// `count` conversations answered a minute after the customer wrote: customer `c<i>` writes `q<i>` at minute
    /// `i`, and the brand answers with `r<i>`.
    static func answered(_ count: Int, text: (Int) -> String, reply: (Int) -> String) -> [IncomingMessage] {
        (0..<count).flatMap { index in
            [
                inbound("q\(index)", at: Double(index), from: "c\(index)", text: text(index)),
                outbound("r\(index)", replyTo: "q\(index)", at: Double(index) + 1, text: reply(index)),
            ]
        }
    }

    static func outbound(
        _ id: String, replyTo parent: String? = nil, at minutes: Double, account: String = "brand",
        text: String = "Halo kak, kami bantu ya", channel: Channel = .twitter, automatic: Bool = false,
        visibility: Visibility = .public
    ) -> IncomingMessage {
        IncomingMessage(
            channel: channel, externalID: id, inReplyTo: parent, direction: .outbound,
            author: .init(id: account, handle: account), text: text, createdAt: at(minutes), visibility: visibility,
            account: account, automatic: automatic)
    }
}

extension Store {
    /// Every conversation, as sets of message external ids: the shape threading produces, independent of ids.
    func threadShapes() async throws -> Set<Set<String>> {
        var shapes = Set<Set<String>>()
        var cursor: QueueCursor?
        repeat {
            let page = try await page(.all, agent: "tester", after: cursor, limit: 500)
            for conversation in page.conversations {
                let thread = try await thread(conversation.id)
                shapes.insert(Set(thread?.messages.map(\.externalID) ?? []))
            }
            cursor = page.next
        } while cursor != nil
        return shapes
    }

    /// The conversation that holds a message.
    func conversation(holding externalID: String) async throws -> Conversation? {
        var cursor: QueueCursor?
        repeat {
            let page = try await page(.all, agent: "tester", after: cursor, limit: 500)
            for conversation in page.conversations {
                if let thread = try await thread(conversation.id),
                    thread.messages.contains(where: { $0.externalID == externalID })
                {
                    return thread.conversation
                }
            }
            cursor = page.next
        } while cursor != nil
        return nil
    }
}

/// The shared public data sets, when the checkout has them beside it.
enum SharedData {
    static let folder: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.deletingLastPathComponent().appendingPathComponent("shared/data")
    }()

    static func file(_ relative: String) -> String { folder.appendingPathComponent(relative).path }

    static var available: Bool { FileManager.default.fileExists(atPath: file("twcs/twcs_head5000.csv")) }
}
