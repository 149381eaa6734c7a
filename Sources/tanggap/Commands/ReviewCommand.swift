import ArgumentParser
import ConversationStore
import Foundation

struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "The supervisor's console over handled conversations: replay, review notes, scores, dashboard.",
        discussion: """
            Lists conversations that were answered, resolved or marked as needing no reply, newest activity first. \
            Enter replays one: its messages with the agents' journaled actions between them, and the time to \
            claim, to first reply and the handle time. a adds a review note, 1–5 scores it, D opens the dashboard, \
            / filters (agent: channel: tag: since: until: sentiment: breached). Nothing customer-facing can be done \
            from here. Only supervisors may review (tanggap agents add NAME --role supervisor); you review as your \
            login, as a supervisor mapped it (tanggap agents map), or on PostgreSQL as the role you connect as.
            """)

    @Option(help: "Only conversations this agent handled.")
    var agent: String?

    @Option(help: "Conversations that started from this time: 2026-11-01, 2026-11-01T08:00, or 7d (seven days ago).")
    var since: String?

    @Option(help: "Conversations that started before this time (a day counts whole).")
    var until: String?

    @Option(help: "Only this channel.")
    var channel: String?

    @Option(help: "Only conversations with this tag.")
    var tag: String?

    @Option(help: "Only negative, neutral, positive or unknown customer sentiment.")
    var sentiment: String?

    @Flag(help: "Only conversations whose first response missed the SLA target.")
    var breached = false

    @Option(help: ArgumentHelp("The store: a path, sqlite:PATH or postgres://…", valueName: "url"))
    var store: String?

    @Option(
        name: .customLong("as"),
        help: ArgumentHelp(
            "Review as this agent, when your login is mapped to several (default: the one you act as).",
            valueName: "name"))
    var actingAs: String?

    @OptionGroup var console: ConsoleOptions

    /// The filter as a review filter line, so the console shows it back as typed.
    var filterText: String {
        var parts: [String] = []
        if let agent { parts.append("agent:\(agent)") }
        if let since { parts.append("since:\(since.replacingOccurrences(of: " ", with: "T"))") }
        if let until { parts.append("until:\(until.replacingOccurrences(of: " ", with: "T"))") }
        if let channel { parts.append("channel:\(channel)") }
        if let tag { parts.append("tag:\(tag)") }
        if let sentiment { parts.append("sentiment:\(sentiment)") }
        if breached { parts.append("breached") }
        return parts.joined(separator: " ")
    }

    func run() async throws {
        try await runReportingErrors {
            // Every option set: an option of a value made here rather than parsed must not be read unset.
            var options = StoreOptions()
            options.store = store
            options.agent = actingAs
            if let actingAs { _ = try StoreOptions.validAgentName(actingAs, option: "--as") }
            let opened: Store
            let login: String
            do {
                (opened, login) = try await options.open()
            } catch let error as StoreError where error.code == .notPermitted && actingAs == nil {
                // In review --agent filters; who reviews is --as.
                throw StoreError(error.code, error.message.replacingOccurrences(of: "with --agent", with: "with --as"))
            }
            let filter: ReviewFilter
            do {
                filter = try ReviewFilter(parsing: filterText, now: opened.now(), timeZone: .current)
            } catch let error as StoreError {
                throw ValidationError(error.message)
            }
            guard try await opened.role(of: login) == .supervisor else {
                FileHandle.standardError.write(
                    Data(
                        ("tanggap: review is for supervisors, and \(login) is not one; a supervisor can run "
                            + "`tanggap agents add \(login) --role supervisor`\n").utf8))
                throw ExitCode(77)
            }
            try await ConsoleLauncher.run(store: opened, agent: login, console: console, review: filter)
        }
    }
}
