import AgentConsole
import ConversationStore
import Foundation

/// Runs the console's effects against the store and answers with the actions they come to, for the update.
///
/// Everything it needs comes in as values: the store (which carries the agent's journal and the clock), the agent,
/// the drafts file and the dashboard's target. No terminal is involved, so a test runs effects against a real store
/// in a temporary folder and reads the actions back.
///
/// ```swift
/// let runtime = ConsoleRuntime(store: store, agent: "ani", drafts: DraftFile(path: folder + "/drafts.json"))
/// let actions = await runtime.run(.perform(.claim(leaseSeconds: 600), id))
/// ```
public struct ConsoleRuntime: Sendable {
    /// The store effects read and write; journaled when the agent's actions are.
    public let store: Store
    /// Who acts.
    public let agent: String
    /// Where unsent drafts are kept between sessions.
    public let drafts: DraftFile
    /// The response rate the dashboard measures today against.
    public let responseRateTarget: Double
    /// This console's session, as other consoles see it in ``Presence``.
    public let session = UUID().uuidString.lowercased()

    /// A runtime for `agent` on `store`.
    public init(
        store: Store, agent: String, drafts: DraftFile,
        responseRateTarget: Double = Dashboard.defaultResponseRateTarget
    ) {
        self.store = store
        self.agent = agent
        self.drafts = drafts
        self.responseRateTarget = responseRateTarget
    }

    /// Runs one effect and returns what came of it, in order. The terminal's own effects (`openEditor`, `quit`) are
    /// not run here and come to nothing.
    public func run(_ effect: ConsoleEffect) async -> [ConsoleAction] {
        switch effect {
        case .loadQueue(let view, let filter, let limit):
            return await reading {
                let page = try await store.page(view, filter: filter, agent: agent, limit: limit)
                // The policy with each fresh page: a supervisor's change reaches every console within one.
                return [
                    .queueLoaded(page, try await store.counts(agent: agent), appended: false),
                    .policyLoaded(try await store.currentPolicy()),
                ]
            }
        case .loadMore(let view, let filter, let cursor, let limit):
            return await reading {
                let page = try await store.page(view, filter: filter, agent: agent, after: cursor, limit: limit)
                return [.queueLoaded(page, try await store.counts(agent: agent), appended: true)]
            }
        case .loadHandled(let filter, let limit):
            return await reading {
                let handled = try await store.handled(filter, limit: limit)
                let page = QueuePage(conversations: handled, next: nil)
                return [
                    .queueLoaded(page, try await store.counts(agent: agent), appended: false),
                    .policyLoaded(try await store.currentPolicy()),
                ]
            }
        case .loadThread(let id):
            return await reading {
                let thread = try await existingThread(id)
                let articles = try await store.articles(for: thread, limit: 5)
                let suggestions = try await store.suggestions(for: thread, agent: agent, articles: articles)
                return [.threadLoaded(thread, suggestions, articles)]
            }
        case .announce(let id, let typing):
            // Presence is a courtesy to others: a store that cannot take it now is said by the next read.
            try? await store.announce(session: session, agent: agent, conversation: id, typing: typing)
            return []
        case .loadPresence(let id):
            guard let presence = try? await store.presence(in: id, excluding: session) else { return [] }
            return [.presenceLoaded(id, presence)]
        case .bell:
            return []
        case .loadTemplates(let id):
            return await reading {
                let thread = try await existingThread(id)
                return [.templatesLoaded(id, try await store.templateChoices(for: thread, agent: agent))]
            }
        case .loadHistory(let id):
            return await reading { [.historyLoaded(id, try await store.customerHistory(of: id))] }
        case .loadTimeline(let id):
            return await reading {
                let thread = try await existingThread(id)
                let events = try await store.events(conversation: id)
                return [.eventsLoaded(id, events), .threadLoaded(thread, [], [])]
            }
        case .perform(let action, let id, let seen, let allowed):
            do {
                return [
                    .actionSucceeded(
                        action, try await store.perform(action, on: id, by: agent, seen: seen, allowing: allowed))
                ]
            } catch let error as StoreError where error.code == .personalData {
                return [.personalDataRefused(action, id, error)]
            } catch let error as StoreError where error.code == .keptForLater {
                return [.actionKept(action, id, error)]
            } catch let error as StoreError where error.code == .changedSinceRead {
                return [.actionOvertaken(action, id, error)]
            } catch {
                return [.actionFailed(action, Self.storeError(error))]
            }
        case .claimNext(let view, let filter, let lease, let open):
            do {
                let excluding = open.map { Set([$0]) } ?? []
                return [
                    .nextClaimed(
                        try await store.claimNext(
                            view, filter: filter, by: agent, leaseSeconds: lease, excluding: excluding))
                ]
            } catch let error as StoreError where error.code == .keptForLater {
                return [.actionFailed(.claim(leaseSeconds: lease), error)]
            } catch {
                return [.actionFailed(.claim(leaseSeconds: lease), Self.storeError(error))]
            }
        case .record(let action, let id):
            do {
                try await store.record(action, on: id, by: agent)
                return [.recorded(action, id)]
            } catch {
                return [.recordFailed(action, Self.storeError(error))]
            }
        case .saveDrafts:
            return runAtOnce(effect) ?? []
        case .loadDashboard:
            return await reading {
                [.dashboardLoaded(try await store.dashboard(responseRateTarget: responseRateTarget))]
            }
        case .loadRising(let threshold):
            // An alert is a courtesy: a store that cannot answer now is said by the next read.
            guard let trends = try? await store.risingNow(threshold: threshold) else { return [] }
            return [.risingLoaded(trends.rises)]
        case .reconnect:
            return await reading {
                let recovered = try await store.recoverJournal(actingAs: agent, permitted: [agent])
                _ = try await store.counts(agent: agent)
                return [.reconnected(applied: recovered.applied)]
            }
        case .openEditor, .quit:
            return []
        }
    }

    /// Runs, on the calling thread, an effect that must not wait behind store work: keeping the drafts, which happens
    /// as the console quits or the terminal goes away. Nil for every other effect, which goes through `run`.
    /// Says this console has nothing open any more, as it closes (others would otherwise see it for a minute).
    public func leave() async {
        try? await store.announce(session: session, agent: agent, conversation: nil, typing: false)
    }

    public func runAtOnce(_ effect: ConsoleEffect) -> [ConsoleAction]? {
        guard case .saveDrafts(let kept) = effect else { return nil }
        drafts.save(kept)
        return []
    }

    /// A read whose failure comes back as `storeFailed`.
    private func reading(_ read: () async throws -> [ConsoleAction]) async -> [ConsoleAction] {
        do {
            return try await read()
        } catch {
            return [.storeFailed(Self.storeError(error))]
        }
    }

    private func existingThread(_ id: ConversationID) async throws -> ConversationThread {
        guard let thread = try await store.thread(id) else {
            throw StoreError(.notFound, "no conversation with id \(id)")
        }
        return thread
    }

    /// Any failure as the store's error: its own errors as they are, anything else as a storage failure.
    static func storeError(_ error: any Error) -> StoreError {
        error as? StoreError ?? StoreError(.storage, "\(error)")
    }
}
