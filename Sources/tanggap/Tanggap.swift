import ArgumentParser
import ConversationStore
import Foundation

@main
struct Tanggap: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tanggap",
        abstract: "Answer customers on social media from the terminal.",
        discussion: """
            The store is --store URL, else $TANGGAP_STORE, else $XDG_DATA_HOME/tanggap/store.sqlite.
            Exit codes: 0 done; 1 error (nothing of the action is stored, now or later); 2 some import records were
            rejected; 3 another agent holds the claim; 4 no such conversation (for next: none is free); 5 another agent answered or resolved it
            since --seen; 64 bad command line; 75 the store could not be reached: the action is kept in your journal
            and stored by the next command that reaches the store.
            """,
        version: "0.1.0",
        subcommands: [
            OpenConsoleCommand.self, DemoCommand.self, ThemesCommand.self, ImportCommand.self, QueueCommand.self,
            ShowCommand.self, ClaimCommand.self, NextCommand.self, ReleaseCommand.self,
            ReplyCommand.self, NoteCommand.self, TagCommand.self, StatusCommand.self, ResolveCommand.self,
            PriorityCommand.self,
            SnoozeCommand.self, NoReplyCommand.self, ReplyNeededCommand.self, ReportCommand.self, PolicyCommand.self,
            StaffingCommand.self, TrendsCommand.self,
            KnowledgeCommand.self,
            TemplatesCommand.self,
            SuggestCommand.self, AnalyzeCommand.self, JournalCommand.self, AgentsCommand.self, ReviewCommand.self,
            ServeCommand.self, MigrateCommand.self, ExportCommand.self, RedactCommand.self,
        ],
        defaultSubcommand: OpenConsoleCommand.self
    )

    /// A first word that names no command is said to be one, with the nearest command, rather than read as the
    /// console's arguments.
    static func main() async {
        let commands = configuration.subcommands.map { $0._commandName } + ["help"]
        if let problem = CommandSuggestion.problem(with: CommandLine.arguments.dropFirst().first, commands: commands) {
            FileHandle.standardError.write(Data("tanggap: \(problem)\n".utf8))
            Foundation.exit(64)
        }
        await main(nil)
    }
}
