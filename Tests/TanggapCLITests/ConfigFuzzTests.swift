import Foundation
import FuzzTesting
import Testing

/// The console's config.toml under mutation, read by the real binary: every file is refused naming the file, or
/// taken (the console then says it needs a terminal); the process never traps.
@Suite struct ConfigFuzzTests {
    static let valid = """
        theme = "light"
        bell = true
        [keys]
        down = ["j", "ctrl-n"]
        next = "N"
        [dashboard]
        response_rate_target = 90
        [alerts]
        spike_ratio = 5
        spike_conversations = 10
        """

    @Test func mutatedConfigsAreRefusedNamedOrTaken() throws {
        let cli = try CLI()
        let (home, config) = try cli.consoleConfig()
        var mutator = Mutator(seed: 31)
        for round in 0..<40 {
            let bytes = round == 0 ? Array(Self.valid.utf8) : mutator.mutate(Array(Self.valid.utf8))
            try Data(bytes).write(to: config)
            let result = try CLI.execute(
                ["--store", try cli.location(actingAs: "ani"), "--agent", "ani"],
                environment: ["XDG_CONFIG_HOME": home.path])
            let said = result.stderr
            #expect(result.status == 1, "round \(round): \(result.status) \(said)")
            #expect(
                said.contains(config.path) || said.contains("the console needs a terminal"),
                "round \(round): \(said.prefix(300))")
            if round == 0 { #expect(said.contains("the console needs a terminal"), "the valid file is taken: \(said)") }
        }
    }
}
