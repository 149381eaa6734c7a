import Foundation

/// Fault injection for the crash tests: with `TANGGAP_FAULT=stall-after-journal` in the environment, a process
/// stops for a minute after an entry is flushed to the journal and before it is applied, so a test can kill it
/// exactly there. Without the variable this does nothing.
enum JournalFault {
    static let stallsAfterJournaling = ProcessInfo.processInfo.environment["TANGGAP_FAULT"] == "stall-after-journal"

    static func afterJournaling() throws {
        guard stallsAfterJournaling else { return }
        FileHandle.standardError.write(Data("tanggap: journaled; stalling before applying\n".utf8))
        sleep(60)
    }
}
