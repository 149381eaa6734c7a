import Foundation
import Logging
import Synchronization

@testable import ConversationStore

/// A clock a test moves by hand.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = Mutex(start) }

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// A fresh store in its own temporary folder.
struct TestStore {
    let store: Store
    let backend: SQLiteBackend
    let clock: TestClock
    let folder: URL
    var path: String { folder.appendingPathComponent("store.sqlite").path }

    init(policy: SLAPolicy = SLAPolicy(), clock: TestClock = TestClock()) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("tanggap-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        backend = try SQLiteBackend(
            path: folder.appendingPathComponent("store.sqlite").path, policy: policy, logger: Logger(label: "test"))
        self.clock = clock
        store = Store(backend: backend, now: { clock.now })
    }

    /// Another connection to the same file, as a second process would open it.
    func reopen() throws -> Store {
        let other = try SQLiteBackend(path: path, policy: backend.policy, logger: Logger(label: "test"))
        let clock = clock
        return Store(backend: other, now: { clock.now })
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
