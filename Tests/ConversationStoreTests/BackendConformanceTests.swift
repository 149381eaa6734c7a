import Testing

@testable import ConversationStore

/// Every backend under test passes the same behavioural checks, written once against `StoreBackend`
/// (`BackendConformance`). A new backend joins by adding a case to `Backend` with its maker.
@Suite(.serialized)
struct BackendConformanceTests {
    @Test(arguments: Backend.tested)
    func agentActionsLeaveConversationsAsAskedAndAHeldClaimRefusesOthers(_ backend: Backend) async throws {
        _ = try await BackendConformance(backend).agentsWorkThreeConversations()
    }

    /// Nothing slow runs while the write lock is held: no agent action analyses a text (or loads a dictionary) inside
    /// its transaction, nor does a batch of new customers; follow-ups load nothing there either.
    @Test(arguments: Backend.tested)
    func noAnalysisOrDictionaryLoadRunsInsideAWriteTransaction(_ backend: Backend) async throws {
        let inside = try await BackendConformance(backend).nothingIsAnalysedInsideAWriteTransaction()
        #expect(inside.actions == 0)
        #expect(inside.freshBatch == 0)
        #expect(inside.loads.isEmpty)
    }

    @Test(arguments: Backend.tested)
    func aSecondAgentsReplyClaimOrResolveIsRefusedAfterAnotherAnsweredSinceItsRead(_ backend: Backend) async throws {
        try await BackendConformance(backend).answersOvertakenSinceTheReadAreRefused()
    }

    @Test(arguments: Backend.tested)
    func personalDataIsFlaggedMaskedAndKeptOutOfPublicReplies(_ backend: Backend) async throws {
        try await BackendConformance(backend).personalDataIsFlaggedMaskedAndKeptOutOfPublicReplies()
    }

    @Test(arguments: Backend.tested)
    func retentionMasksOldPersonalDataOnceAndOnlyForASupervisor(_ backend: Backend) async throws {
        try await BackendConformance(backend).retentionMasksOldPersonalDataOnce()
    }

    @Test(arguments: Backend.tested)
    func customerHistoryListsTheirConversationsNotesAndTags(_ backend: Backend) async throws {
        try await BackendConformance(backend).customerHistoryListsTheirConversationsNotesAndTags()
    }

    @Test(arguments: Backend.tested)
    func presenceIsSeenByAnotherConnectionAndGoesStale(_ backend: Backend) async throws {
        try await BackendConformance(backend).presenceIsSeenByAnotherConnectionAndGoesStale()
    }

    @Test(arguments: Backend.tested)
    func aReportByAgentSeesAnAgentWhoAnsweredAfterABrandReply(_ backend: Backend) async throws {
        try await BackendConformance(backend).aReportByAgentSeesAnAgentWhoAnsweredAfterABrandReply()
    }

    @Test(arguments: Backend.tested)
    func outboundMessagesAreRepliesOrBroadcastsPerAccount(_ backend: Backend) async throws {
        try await BackendConformance(backend).outboundMessagesAreRepliesOrBroadcastsPerAccount()
    }

    @Test(arguments: Backend.tested)
    func eachConversationKeepsItsIntent(_ backend: Backend) async throws {
        try await BackendConformance(backend).eachConversationKeepsItsIntent()
    }

    @Test(arguments: Backend.tested)
    func staffingCountsTheArrivalsNeedingAResponse(_ backend: Backend) async throws {
        try await BackendConformance(backend).staffingCountsTheArrivalsNeedingAResponse()
    }

    @Test(arguments: Backend.tested)
    func risingTermsComeFromTheHourlyCounts(_ backend: Backend) async throws {
        try await BackendConformance(backend).risingTermsComeFromTheHourlyCounts()
    }

    @Test(arguments: Backend.tested)
    func aSupervisorsPolicyIsEveryProcesssAndAnAgentIsRefused(_ backend: Backend) async throws {
        try await BackendConformance(backend).aSupervisorsPolicyIsEveryProcesssAndAnAgentIsRefused()
    }

    @Test(arguments: Backend.tested)
    func whoActsIsTheLoginAsMappedOrTheConnectionsRole(_ backend: Backend) async throws {
        try await BackendConformance(backend).whoActsIsTheLoginAsMappedOrTheConnectionsRole()
    }

    @Test(arguments: Backend.tested)
    func aNoReplyMarkTakenBackCountsAgain(_ backend: Backend) async throws {
        try await BackendConformance(backend).aNoReplyMarkTakenBackCountsAgain()
    }

    @Test(arguments: Backend.tested)
    func everyWriteToAConversationBumpsItsRevisionByOne(_ backend: Backend) async throws {
        let wrong = try await BackendConformance(backend).everyWriteBumpsTheRevisionByOne()
        #expect(wrong.isEmpty, "\(wrong)")
    }

    @Test(arguments: Backend.tested)
    func racingClaimsFromEightConnectionsHaveOneWinnerEach(_ backend: Backend) async throws {
        try await BackendConformance(backend).racingClaimsHaveOneWinnerEach()
    }

    @Test(arguments: Backend.tested)
    func racingIngestsFromTwoConnectionsStoreEachMessageOnce(_ backend: Backend) async throws {
        try await BackendConformance(backend).racingIngestsStoreEachMessageOnce()
    }

    @Test(arguments: Backend.tested)
    func anotherConnectionsClaimReachesTheChangeStreamWithinASecond(_ backend: Backend) async throws {
        try await BackendConformance(backend).anotherConnectionsClaimArrivesWithinASecond()
    }

    @Test(arguments: Backend.tested)
    func aBurstOfChangesReachesTheChangeStreamGathered(_ backend: Backend) async throws {
        try await BackendConformance(backend).aBurstOfChangesArrivesGathered()
    }

    @Test(arguments: Backend.tested)
    func journalEntriesMirroredTwiceAreStoredOnce(_ backend: Backend) async throws {
        let entries = try BackendConformance.journalEntries()
        _ = try await BackendConformance(backend).journalEntriesAreMirroredOnce(
            claim: entries.claim, role: entries.role)
    }

    @Test(arguments: Backend.tested)
    func repliesAreTakenOnceDeferredRetriedAndReportedThroughTheOutbox(_ backend: Backend) async throws {
        _ = try await BackendConformance(backend).repliesGoThroughTheOutbox()
    }

    @Test(arguments: Backend.tested)
    func reportsCountTargetsMetAndMissedUnderThePolicysTargets(_ backend: Backend) async throws {
        _ = try await BackendConformance(backend).reportsFollowThePolicysTargets()
    }

    @Test(arguments: Backend.tested)
    func articlesAndTemplatesComeBackAsSaved(_ backend: Backend) async throws {
        _ = try await BackendConformance(backend).articlesAndTemplatesComeBackAsSaved()
    }

    @Test(arguments: Backend.tested)
    func aKnowledgeBaseKeptInMemoryRanksAsTheStoreDoes(_ backend: Backend) async throws {
        try await BackendConformance(backend).aKnowledgeBaseKeptInMemoryRanksAsTheStoreDoes()
    }
}
