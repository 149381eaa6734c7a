import Testing

@testable import ConversationStore

/// Agent actions, journal mirroring, the outbox and reports under a policy's targets end on every backend as on
/// SQLite: each conformance check run on a SQLite store and on the other, what they saw compared whole.
@Suite(.serialized, .whenAnotherBackendIsTested)
struct DifferentialActionTests {
    @Test(arguments: Backend.comparedWithSQLite)
    func actionsEndAsOnSQLite(_ backend: Backend) async throws {
        let expected = try await BackendConformance(.sqlite).agentsWorkThreeConversations()
        let actual = try await BackendConformance(backend).agentsWorkThreeConversations()
        for (index, step) in BackendConformance.steps.enumerated() {
            #expect(
                actual.afterEachStep[index] == expected.afterEachStep[index],
                "\(step.action.name) on \(step.conversation)")
        }
        #expect(actual.threads == expected.threads)
        #expect(actual.counts == expected.counts)
        #expect(actual.queue == expected.queue)
    }

    @Test(arguments: Backend.comparedWithSQLite)
    func journalEntriesAreMirroredAsOnSQLite(_ backend: Backend) async throws {
        let entries = try BackendConformance.journalEntries()
        let expected = try await BackendConformance(.sqlite).journalEntriesAreMirroredOnce(
            claim: entries.claim, role: entries.role)
        let actual = try await BackendConformance(backend).journalEntriesAreMirroredOnce(
            claim: entries.claim, role: entries.role)
        #expect(actual.aboutTheConversation == expected.aboutTheConversation)
        #expect(actual.ofTheAgent == expected.ofTheAgent)
        #expect(actual.agents == expected.agents)
        #expect(actual.applied == expected.applied)
    }

    @Test(arguments: Backend.comparedWithSQLite)
    func deliveryGoesAsOnSQLite(_ backend: Backend) async throws {
        let expected = try await BackendConformance(.sqlite).repliesGoThroughTheOutbox()
        let actual = try await BackendConformance(backend).repliesGoThroughTheOutbox()
        #expect(actual == expected)
    }

    @Test(arguments: Backend.comparedWithSQLite)
    func reportsUnderThePolicysTargetsAreAsOnSQLite(_ backend: Backend) async throws {
        let expected = try await BackendConformance(.sqlite).reportsFollowThePolicysTargets()
        let actual = try await BackendConformance(backend).reportsFollowThePolicysTargets()
        #expect(actual == expected)
    }
}
