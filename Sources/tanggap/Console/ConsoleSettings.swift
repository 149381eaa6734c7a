import AgentConsole
import ConsoleConfig
import ConsoleRuntime
import ConversationStore
import Foundation
import Presentation
import TOMLKit
import TanggapThemes

/// What the console is started with: the agent, the theme, the keys, where drafts are kept.
struct ConsoleSettings: Sendable {
    var agent: String
    var theme: Theme
    var colour: Bool
    var keymap: Keymap
    var drafts: DraftFile
    /// The response rate the dashboard measures today against (`[dashboard] response_rate_target`, a percentage).
    var responseRateTarget = Dashboard.defaultResponseRateTarget
    /// Set for the supervisor's review: which handled conversations to list.
    var review: ReviewFilter? = nil

    /// Reads `$XDG_CONFIG_HOME/tanggap/config.toml` (theme, `[keys]`, `[dashboard]`) and the theme, honouring `NO_COLOR` and
    /// `--no-color`. A broken config is an error that names the file and the problem.
    static func load(agent: String, themeName: String?, noColour: Bool) throws -> ConsoleSettings {
        let environment = ProcessInfo.processInfo.environment
        let configFolder = ConfigPaths.configFolder(environment)
        var keymap = Keymap.standard
        var configuredTheme: String?
        var target = Dashboard.defaultResponseRateTarget
        let configPath = configFolder + "/config.toml"
        if let text = try? String(contentsOfFile: configPath, encoding: .utf8) {
            do {
                let table = try TOMLTable(string: text)
                configuredTheme = table["theme"]?.string
                if let keys = table["keys"]?.table { keymap = try keymap.overridden(by: keys) }
                if let dashboard = table["dashboard"]?.table, let value = dashboard["response_rate_target"] {
                    guard let percent = value.double ?? value.int.map(Double.init), percent > 0, percent <= 100 else {
                        throw ConfigError("[dashboard] response_rate_target must be a percentage above 0, up to 100")
                    }
                    target = percent / 100
                }
            } catch let error as TOMLParseError {
                throw ConfigError("\(configPath): line \(error.source.begin.line): \(error.description)")
            } catch let error as ConfigError {
                throw ConfigError("\(configPath): \(error.message)")
            }
        }
        let theme = try ThemeCatalog.load(themeName ?? configuredTheme ?? "dark", configFolder: configFolder)
        let colour = !noColour && (environment["NO_COLOR"] ?? "").isEmpty
        return ConsoleSettings(
            agent: agent, theme: theme, colour: colour, keymap: keymap,
            drafts: DraftFile(path: ConfigPaths.stateFolder(environment) + "/drafts.json"), responseRateTarget: target)
    }
}

/// Where tanggap keeps its files, by the XDG rules.
enum ConfigPaths {
    static func configFolder(_ environment: [String: String]) -> String {
        (environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? (NSHomeDirectory() + "/.config"))
            + "/tanggap"
    }

    static func stateFolder(_ environment: [String: String]) -> String {
        (environment["XDG_STATE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? (NSHomeDirectory() + "/.local/state"))
            + "/tanggap"
    }
}

/// The bundled themes and the user's own (`$XDG_CONFIG_HOME/tanggap/themes/NAME.toml`, which win).
enum ThemeCatalog {
    static func names(configFolder: String) -> [String] {
        let own = (try? FileManager.default.contentsOfDirectory(atPath: configFolder + "/themes")) ?? []
        let user = own.filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }
        return Array(Set(BundledThemes.names + user)).sorted()
    }

    static func load(_ name: String, configFolder: String) throws -> Theme {
        guard !name.contains("/"), !name.isEmpty else { throw ConfigError("theme name '\(name)' must be a plain name") }
        let userPath = configFolder + "/themes/\(name).toml"
        if let text = try? String(contentsOfFile: userPath, encoding: .utf8) {
            do {
                return try Theme(toml: text, name: name)
            } catch let error as ConfigError {
                throw ConfigError("\(userPath): \(error.message)")
            }
        }
        guard let text = BundledThemes.text(named: name) else {
            throw ConfigError(
                "no theme named '\(name)'; themes are \(names(configFolder: configFolder).joined(separator: ", "))")
        }
        return try Theme(toml: text, name: name)
    }
}
