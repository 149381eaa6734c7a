import ConversationStore
import Foundation

@testable import AgentConsole

extension ConsoleState {
    /// The agent console's own state, empty in the review.
    var desk: AgentDesk { agentDesk ?? AgentDesk() }
}

/// A console state with hostile and wide text in it, at a fixed time in UTC.
enum Fixture {
    /// The effects that read or change conversations: without presence (said and read every few seconds) and the
    /// bell.
    static func storeWork(_ effects: [ConsoleEffect]) -> [ConsoleEffect] {
        effects.filter { effect in
            switch effect {
            case .announce, .loadPresence, .bell: false
            default: true
            }
        }
    }

    static let now = Date(timeIntervalSince1970: 1_795_341_600)  // 2026-11-22 10:00 UTC

    static func customer(
        _ handle: String?, name: String, followers: Int? = nil, channel: Channel = .twitter
    ) -> Customer {
        Customer(
            channel: channel, externalID: "u-\(name)", handle: handle, name: name, firstSeenAt: now,
            conversationCount: 1,
            followers: followers)
    }

    static func conversation(
        _ id: Int64, handle: String?, name: String, snippet: String, dueInMinutes: Double?,
        priority: Priority = .normal,
        assignee: String? = nil, channel: Channel = .twitter, followers: Int? = nil, status: ConversationStatus = .new,
        sentiment: Double? = nil
    ) -> Conversation {
        let first = now.addingTimeInterval(-3600)
        return Conversation(
            id: ConversationID(id), channel: channel, account: "TelkomCare",
            customer: customer(handle, name: name, followers: followers, channel: channel), status: status,
            priority: priority, assignee: assignee, claimExpiresAt: assignee == nil ? nil : now.addingTimeInterval(600),
            visibility: channel == .whatsapp ? .private : .public, tags: [], externalID: "x\(id)", snippet: snippet,
            messageCount: 1, firstMessageAt: first, firstInboundAt: first, firstResponseAt: nil, firstResponder: nil,
            lastInboundAt: first, lastOutboundAt: nil, lastMessageAt: first,
            awaitingReplySince: dueInMinutes == nil ? nil : first, needsReply: dueInMinutes != nil,
            slaDueAt: dueInMinutes.map { now.addingTimeInterval($0 * 60) }, snoozedUntil: nil, resolvedAt: nil,
            noReplyReason: nil, needsResponse: true, sentiment: sentiment)
    }

    static let rows: [Conversation] = [
        conversation(
            1, handle: "budi_s", name: "Budi", snippet: "@TelkomCare sinyal lemot bgt dr pagi", dueInMinutes: -18,
            priority: .urgent, sentiment: -0.6),
        conversation(
            2, handle: "rina", name: "Rina", snippet: "kuota kepotong \u{1B}[31mMERAH\u{1B}[0m ??", dueInMinutes: 6,
            sentiment: -0.5),
        conversation(
            3, handle: nil, name: "Eko", snippet: "ペイ払いできない 😡👍🏽 tolong", dueInMinutes: 24, assignee: "budi",
            channel: .whatsapp),
        conversation(
            4, handle: "johnny_k", name: "Johnny", snippet: "roaming not working\u{202E}gnp.exe", dueInMinutes: 40,
            followers: 15_400),
        conversation(5, handle: "sari", name: "Sari", snippet: "makasih!", dueInMinutes: nil, status: .pending),
    ]

    static func message(
        _ id: Int64, _ direction: MessageDirection, _ text: String, minutesAgo: Double, agent: String? = nil
    )
        -> Message
    {
        Message(
            id: id, conversation: ConversationID(1), channel: .twitter, externalID: "m\(id)", inReplyTo: nil,
            direction: direction, authorID: direction == .inbound ? "u-Budi" : "TelkomCare",
            authorHandle: direction == .inbound ? "budi_s" : "TelkomCare", authorName: nil, agent: agent, text: text,
            createdAt: now.addingTimeInterval(-minutesAgo * 60), visibility: .public,
            delivery: direction == .outbound ? .queued : nil, deliveryError: nil, automatic: false)
    }

    static let thread = ConversationThread(
        conversation: rows[0],
        messages: [
            message(
                10, .inbound, "@TelkomCare sinyal lemot bgt dr pagi, udah restart hp tetep gak bisa", minutesAgo: 60),
            message(11, .note, "cek BTS Depok dulu", minutesAgo: 50, agent: "ani"),
            message(12, .inbound, "halo?? \u{1B}]0;pwned\u{07} masih nunggu nih 日本語", minutesAgo: 20),
        ])

    static let suggestions = [
        Suggestion(
            text: "Halo Budi, boleh DM nomor HP {{?ask:Nomor HP}} dan lokasi Kakak ya. ^ani", source: .template,
            why: "template “Minta DM”: sinyal", reference: "minta-dm", setsStatus: .pending, addsTags: ["sinyal"]),
        Suggestion(
            text: "Matikan mode pesawat 10 detik lalu nyalakan lagi.", source: .kb,
            why: "article “Sinyal lemot”: sinyal, lemot",
            reference: "sinyal-lemot"),
    ]

    static let articles = [
        ArticleHit(
            article: Article(
                id: "sinyal-lemot", title: "Sinyal lemot atau hilang", body: "# Sinyal\n\nMatikan mode pesawat.",
                tags: ["sinyal"], updatedAt: now),
            score: 3.2, snippet: "Matikan mode pesawat 10 detik", matched: ["sinyal", "lemot"])
    ]

    /// The queue loaded, nothing open.
    static func state(width: Int, height: Int, rows: [Conversation] = rows) -> ConsoleState {
        var state = ConsoleState(
            agent: "ani", width: width, height: height, now: now, timeZone: TimeZone(identifier: "UTC") ?? .gmt)
        _ = ConsoleUpdate.update(
            &state,
            .queueLoaded(
                QueuePage(conversations: rows, next: nil),
                QueueCounts(needsReply: rows.filter(\.needsReply).count, breaching: 1, mine: 0), appended: false))
        return state
    }

    /// Conversation 1 opened and claimed, with suggestions and articles.
    static func openState(width: Int, height: Int) -> ConsoleState {
        var state = state(width: width, height: height)
        _ = ConsoleUpdate.update(&state, .keyPressed(.enter))
        var claimed = thread.conversation
        claimed.assignee = "ani"
        claimed.status = .open
        _ = ConsoleUpdate.update(&state, .actionSucceeded(.claim(leaseSeconds: 600), claimed))
        var opened = thread
        opened.conversation = claimed
        _ = ConsoleUpdate.update(&state, .threadLoaded(opened, suggestions, articles))
        return state
    }
}
