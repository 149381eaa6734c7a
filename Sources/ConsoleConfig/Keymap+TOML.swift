import AgentConsole
import TOMLKit

extension Keymap {
    /// Applies a `[keys]` table from the config file: `command = "key"` or `command = ["key", "key"]`. The keys named
    /// replace the command's standard keys.
    public func overridden(by table: TOMLTable) throws -> Keymap {
        var names: [String: [String]] = [:]
        for name in table.keys {
            if let single = table[name]?.string {
                names[name] = [single]
            } else if let list = table[name]?.array {
                names[name] = list.compactMap { $0.string }
            } else {
                throw ConfigError("[keys]: \(name) must be a key name or a list of key names")
            }
        }
        return try overridden(by: names)
    }
}
