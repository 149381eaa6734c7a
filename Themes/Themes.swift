import Foundation

/// The themes that ship with tanggap, as files in this module's resources.
public enum BundledThemes {
    /// The names of the bundled themes.
    public static let names = ["dark", "light", "high-contrast", "mono"]

    /// The text of a bundled theme, or `nil` when there is none by that name.
    public static func text(named name: String) -> String? {
        guard names.contains(name), let url = Bundle.module.url(forResource: name, withExtension: "toml") else {
            return nil
        }
        return try? String(contentsOf: url, encoding: .utf8)
    }
}
