import Foundation

/// Where a run's processor time went: how busy the machine's cores were, and how much of it this process (the agents
/// and, for SQLite, the store itself) used, the rest going to other processes (the PostgreSQL server, `tanggap serve`,
/// the watching console). Read from `/proc/stat` and `getrusage`; `nil` where `/proc/stat` cannot be read.
struct CPUUse {
    /// Cores the machine has.
    var cores: Int
    /// Seconds of processor time the whole machine spent busy, and this process.
    var machine: Double
    var process: Double
    var elapsed: Double

    /// A reading to take before the run and hand to ``since(_:elapsed:)`` after it.
    struct Mark {
        var busy: Double
        var total: Double
        var process: Double
    }

    static func mark() -> Mark? {
        #if os(Linux)
        return linuxMark()
        #else
        return nil
        #endif
    }

    #if os(Linux)
    private static func linuxMark() -> Mark? {
        guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
            let line = stat.split(separator: "\n").first, line.hasPrefix("cpu ")
        else { return nil }
        // user nice system idle iowait irq softirq steal (guest time is already in user).
        let fields = line.split(separator: " ").dropFirst().prefix(8).compactMap { Double($0) }
        guard fields.count == 8 else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let idle = fields[3] + fields[4]
        let total = fields.reduce(0, +)
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
        return Mark(
            busy: (total - idle) / ticks, total: total / ticks,
            process: seconds(usage.ru_utime) + seconds(usage.ru_stime))
    }
    #endif

    static func since(_ start: Mark?, elapsed: Double) -> CPUUse? {
        guard let start, let end = mark(), end.total > start.total else { return nil }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        // The machine's seconds are summed over its cores.
        let wall = (end.total - start.total) / Double(cores)
        let busy = (end.busy - start.busy) / wall * elapsed
        return CPUUse(cores: cores, machine: busy, process: end.process - start.process, elapsed: elapsed)
    }

    var machineCores: Double { machine / elapsed }
    var processCores: Double { process / elapsed }
    var otherCores: Double { max(0, machine - process) / elapsed }
}
