import AgentConsole
import ConsoleRuntime
import ConversationStore
import Foundation
import Stores

/// A real SQLite store in a temporary folder, opened the way the tool opens one, with a fixed clock and a few
/// customers waiting for a reply.
struct RuntimeFixture {
    static let now = Date(timeIntervalSince1970: 1_795_341_600)  // 2026-11-22 10:00 UTC

    let folder: URL
    let store: Store

    init() async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("tanggap-runtime-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try await Store.open(.sqlite(path: folder.appendingPathComponent("store.sqlite").path)) { Self.now }
        try await store.ingest([
            Self.inbound("m1", from: "budi_s", text: "@TelkomCare sinyal lemot bgt dr pagi", minutesAgo: 40),
            Self.inbound("m2", from: "rina", text: "@TelkomCare kuota kepotong terus", minutesAgo: 20),
        ])
    }

    /// A runtime acting as `agent`, its drafts kept in the fixture's folder.
    /// Ani's console at 120×40 once it has started on `runtime`: the queue loaded.
    static func started(_ runtime: ConsoleRuntime) async -> ConsoleState {
        var state = ConsoleState(
            agent: "ani", width: 120, height: 40, now: now, timeZone: TimeZone(identifier: "UTC") ?? .gmt)
        for effect in ConsoleUpdate.start(state) {
            for action in await runtime.run(effect) { await settle(action, &state, runtime) }
        }
        return state
    }

    func runtime(as agent: String = "ani") -> ConsoleRuntime {
        ConsoleRuntime(store: store, agent: agent, drafts: drafts)
    }

    var drafts: DraftFile { DraftFile(path: folder.appendingPathComponent("state/drafts.json").path) }

    /// The conversation a customer's message started.
    func conversation(_ externalID: String) async throws -> ConversationID {
        guard let id = try await store.conversation(containing: externalID) else {
            throw StoreError(.notFound, "no conversation holds message \(externalID)")
        }
        return id
    }

    static func inbound(_ id: String, from handle: String, text: String, minutesAgo: Double) -> IncomingMessage {
        IncomingMessage(
            channel: .twitter, externalID: id, direction: .inbound, author: .init(id: "u-\(handle)", handle: handle),
            text: text, createdAt: now.addingTimeInterval(-minutesAgo * 60), account: "TelkomCare")
    }

    /// Runs an action through the update and every effect it asks for through the runtime, and the actions those
    /// come to, until nothing is left to do; as the terminal loop does, without a terminal.
    static func settle(_ action: ConsoleAction, _ state: inout ConsoleState, _ runtime: ConsoleRuntime) async {
        var pending = [action]
        while !pending.isEmpty {
            let next = pending.removeFirst()
            for effect in ConsoleUpdate.update(&state, next) { pending += await runtime.run(effect) }
        }
    }
}
