import ArgumentParser
import ConversationStore
import Foundation
import Presentation

struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "The store's service policy: SLA targets (per priority and channel) and business hours.",
        discussion: """
            One policy per store, shared by every console, serve and report. A supervisor sets it from a TOML file; \
            the change is journaled. Without one, every conversation has 30 minutes and every hour counts.
            """,
        subcommands: [PolicyShowCommand.self, PolicyImportCommand.self], defaultSubcommand: PolicyShowCommand.self)
}

struct PolicyImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Set the store's policy from a TOML file (supervisors).")

    @Argument(help: "The policy file (sla, [sla_priority], [sla_channel], [hours]).")
    var file: String

    @OptionGroup var options: StoreOptions

    func run() async throws {
        try await runReportingErrors {
            let text = try PolicyFile.read(file)
            let policy: SLAPolicy
            do {
                policy = try SLAPolicy(toml: text)
            } catch let error as StoreError {
                throw StoreError(error.code, "\(file): \(error.message)")
            }
            let (store, agent) = try await options.open()
            _ = try await store.setPolicy(toml: policy.toml, by: agent)
            print("the store's policy is set: \(PolicyFile.summary(policy))")
        }
    }
}

struct PolicyShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print the policy the store works by, as its file reads.")

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var options: StoreOptions

    func run() async throws {
        try await runReportingErrors {
            let store = try await options.openStore()
            let policy = try await store.currentPolicy()
            guard json else {
                print(policy.toml, terminator: "")
                return
            }
            var hours: JSONValue = .null
            if let set = policy.hours {
                var week: [String: JSONValue] = [:]
                for (index, name) in BusinessHours.weekdayNames.enumerated() {
                    week[name] = .array(set.week[index].map { .string($0.description) })
                }
                hours = .object([
                    "timezone": .string(set.timeZone), "week": .object(week),
                    "holidays": .array(set.holidays.sorted().map(JSONValue.string)),
                ])
            }
            print(
                JSONValue.object([
                    "sla_seconds": JSONValue(policy.defaultTargetSeconds),
                    "sla_priority_seconds": .object(
                        Dictionary(
                            uniqueKeysWithValues: policy.priorityTargets.map { ($0.key.rawValue, JSONValue($0.value)) })
                    ),
                    "sla_channel_seconds": .object(
                        Dictionary(
                            uniqueKeysWithValues: policy.channelTargets.map { ($0.key.rawValue, JSONValue($0.value)) })),
                    "hours": hours,
                ]).serialized())
        }
    }
}

/// Reading a policy file: whole, UTF-8, of a sane size.
enum PolicyFile {
    static func read(_ path: String) throws -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw StoreError.invalid("\(path): no such file")
        }
        guard !isFolder.boolValue else { throw StoreError.invalid("\(path) is a folder, not a policy file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StoreError.invalid("\(path) cannot be read")
        }
        guard data.count <= 1_000_000 else { throw StoreError.invalid("\(path) is over 1 MB: not a policy file") }
        guard let text = String(data: data, encoding: .utf8) else {
            throw StoreError.invalid("\(path) is not UTF-8 text")
        }
        return text
    }

    /// `30m; urgent 15m; whatsapp 1h; Mon–Fri hours in Asia/Jakarta, 2 holidays`.
    static func summary(_ policy: SLAPolicy) -> String {
        var parts = ["sla " + DurationText.compact(Double(policy.defaultTargetSeconds))]
        for (priority, target) in policy.priorityTargets.sorted(by: { $0.key.rank > $1.key.rank }) {
            parts.append("\(priority.rawValue) " + DurationText.compact(Double(target)))
        }
        for (channel, target) in policy.channelTargets.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            parts.append("\(channel.rawValue) " + DurationText.compact(Double(target)))
        }
        if let hours = policy.hours {
            let open = BusinessHours.weekdayNames.enumerated().filter { !hours.week[$0.offset].isEmpty }.map(\.element)
            parts.append(
                "open \(open.joined(separator: " ")) in \(hours.timeZone), \(hours.holidays.count) holiday"
                    + (hours.holidays.count == 1 ? "" : "s"))
        } else {
            parts.append("every hour counts")
        }
        return parts.joined(separator: "; ")
    }
}
