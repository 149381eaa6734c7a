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
    /// Ring the terminal's bell on an alert (`bell = true`; off by default).
    var bell = false
    /// What a rising term must reach for every agent to be told (`[alerts] spike_ratio`, `spike_conversations`).
    var spikeThreshold = RisingTerms.Threshold.spike
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
        var bell = false
        var spike = RisingTerms.Threshold.spike
        let configPath = configFolder + "/config.toml"
        if let text = try configText(at: configPath) {
            do {
                let table = try TOMLText.table(text)
                try refuseUnknown(table.keys, known: ["theme", "bell", "keys", "dashboard", "alerts"], in: nil)
                if let theme = table["theme"] {
                    guard let name = theme.string else {
                        throw ConfigError("theme must be a theme's name in quotes, like theme = \"light\"")
                    }
                    configuredTheme = name
                }
                if let value = table["bell"] {
                    guard let on = value.bool else {
                        throw ConfigError("bell must be true or false: bell = true rings the terminal's bell on alerts")
                    }
                    bell = on
                }
                if let keys = table["keys"] {
                    guard let keys = keys.table else { throw ConfigError("keys must be a table: [keys]") }
                    keymap = try keymap.overridden(by: keys)
                }
                if let dashboard = table["dashboard"], dashboard.table == nil {
                    throw ConfigError("dashboard must be a table: [dashboard]")
                }
                if let dashboard = table["dashboard"]?.table {
                    try refuseUnknown(dashboard.keys, known: ["response_rate_target"], in: "dashboard")
                }
                if let dashboard = table["dashboard"]?.table, let value = dashboard["response_rate_target"] {
                    guard let percent = value.double ?? value.int.map(Double.init), percent > 0, percent <= 100 else {
                        throw ConfigError("[dashboard] response_rate_target must be a percentage above 0, up to 100")
                    }
                    target = percent / 100
                }
                if let alerts = table["alerts"] {
                    guard let alerts = alerts.table else { throw ConfigError("alerts must be a table: [alerts]") }
                    try refuseUnknown(alerts.keys, known: ["spike_ratio", "spike_conversations"], in: "alerts")
                    if let value = alerts["spike_ratio"] {
                        guard let ratio = value.double ?? value.int.map(Double.init), ratio >= 1, ratio <= 1000 else {
                            throw ConfigError(
                                "[alerts] spike_ratio must be a number from 1 to 1000: how many times its usual share")
                        }
                        spike.ratio = ratio
                    }
                    if let value = alerts["spike_conversations"] {
                        guard let count = value.int, (1...100_000).contains(count) else {
                            throw ConfigError("[alerts] spike_conversations must be a whole number from 1 to 100000")
                        }
                        spike.conversations = count
                        spike.count = max(count, 1)
                    }
                }
            } catch let error as TOMLText.Problem {
                throw ConfigError("\(configPath): \(error.description)")
            } catch let error as ConfigError {
                throw ConfigError("\(configPath): \(error.message)")
            }
        }
        let theme = try ThemeCatalog.load(themeName ?? configuredTheme ?? "dark", configFolder: configFolder)
        let colour = !noColour && (environment["NO_COLOR"] ?? "").isEmpty
        return ConsoleSettings(
            agent: agent, theme: theme, colour: colour, keymap: keymap,
            drafts: DraftFile(path: ConfigPaths.stateFolder(environment) + "/drafts.json"), responseRateTarget: target,
            bell: bell, spikeThreshold: spike)
    }
}

extension ConsoleSettings {
    /// The config file's text; `nil` when there is none. A folder in its place, or a file that is not UTF-8 text, is
    /// an error: skipping it would leave the agent wondering why their settings do nothing.
    static func configText(at path: String) throws -> String? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return nil }
        guard !isFolder.boolValue else { throw ConfigError("\(path) is a folder, not a config file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError("\(path) cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError("\(path) is not UTF-8 text")
        }
        return text
    }

    /// A setting the console does not know is a mistake (`them = "light"`, `[dashbord]`): named, with the nearest
    /// known one.
    static func refuseUnknown(_ keys: [String], known: [String], in table: String?) throws {
        for key in keys.sorted() where !known.contains(key) {
            let place = table.map { "[\($0)]: " } ?? ""
            let hint = EditDistance.nearest(to: key, in: known, within: 2).map { " (did you mean '\($0)'?)" } ?? ""
            throw ConfigError(
                "\(place)unknown setting '\(TerminalText.singleLine(key))'\(hint); the settings are "
                    + known.joined(separator: ", "))
        }
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
