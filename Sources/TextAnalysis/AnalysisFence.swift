import Foundation
import Synchronization

/// Where text analysis must not run: inside a store's write transaction, which holds the one write lock every agent,
/// the console and `serve` wait on. A store marks its write transactions with ``inside(_:)`` (the closure SQLite runs
/// on its writer's thread) or ``insideTask(isolation:_:)`` (an `async` transaction); the analysis marks what it does
/// with ``noteLoad(_:)`` (loading a dictionary or lexicon) and ``noteAnalysis()`` (analysing one text). What is done
/// inside is counted, never refused (a customer's message is stored whatever the count): by the process
/// (``loadsInside``, ``analysesInside``) and by the ``AnalysisProbe`` a caller watches its own work with.
public enum AnalysisFence {
    private static let loads = Atomic<Int>(0)
    private static let analyses = Atomic<Int>(0)

    /// The probe that counts what this task's writes analyse.
    @TaskLocal public static var probe: AnalysisProbe?

    /// What marks a write transaction: the probe of the task that began it, if any.
    private final class Mark: Sendable {
        let probe: AnalysisProbe?
        init(_ probe: AnalysisProbe?) { self.probe = probe }
    }
    @TaskLocal private static var taskMark: Mark?
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Runs `body` (synchronous, on this thread) as inside a write transaction begun by a task watched by `probe`
    /// (read ``probe`` in the task, before handing the work to the writer's thread).
    public static func inside<T>(watchedBy probe: AnalysisProbe?, _ body: () throws -> T) rethrows -> T {
        let mark = Unmanaged.passRetained(Mark(probe))
        let outer = pthread_getspecific(key)
        pthread_setspecific(key, mark.toOpaque())
        defer {
            pthread_setspecific(key, outer)
            mark.release()
        }
        return try body()
    }

    /// Runs `body` (asynchronous, in this task) as inside a write transaction.
    public static func insideTask<T>(
        isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> T
    ) async rethrows -> T {
        try await $taskMark.withValue(Mark(probe), operation: body)
    }

    private static var mark: Mark? {
        if let pointer = pthread_getspecific(key) {
            return Unmanaged<Mark>.fromOpaque(pointer).takeUnretainedValue()
        }
        return taskMark
    }

    /// Whether the caller runs inside a write transaction.
    public static var isInside: Bool { mark != nil }

    /// Notes that a dictionary or lexicon is loaded (once per process).
    public static func noteLoad(_ what: String) {
        guard let mark else { return }
        loads.add(1, ordering: .relaxed)
        mark.probe?.noteLoad(what)
    }

    /// Notes that a text is analysed.
    public static func noteAnalysis() {
        guard let mark else { return }
        analyses.add(1, ordering: .relaxed)
        mark.probe?.noteAnalysis()
    }

    /// How many loads happened inside write transactions since the process started.
    public static var loadsInside: Int { loads.load(ordering: .relaxed) }
    /// How many texts were analysed inside write transactions since the process started.
    public static var analysesInside: Int { analyses.load(ordering: .relaxed) }

    /// Loads every dictionary and lexicon the analysis uses, so that a caller about to take the write lock does it
    /// first. Cheap after the first call.
    public static func prepare() {
        _ = prepared
    }

    private static let prepared: Bool = {
        _ = StemDictionary.standard.count
        _ = SentimentScorer().score("siap")
        return true
    }()
}

/// Counts what one caller's write transactions analysed (see ``AnalysisFence``): set it as ``AnalysisFence/probe``
/// around the work to watch.
public final class AnalysisProbe: Sendable {
    private let counts = Mutex<(loads: [String], analyses: Int)>(([], 0))

    public init() {}

    func noteLoad(_ what: String) { counts.withLock { $0.loads.append(what) } }
    func noteAnalysis() { counts.withLock { $0.analyses += 1 } }

    /// What was loaded inside a write transaction, in order.
    public var loads: [String] { counts.withLock { $0.loads } }
    /// How many texts were analysed inside a write transaction.
    public var analyses: Int { counts.withLock { $0.analyses } }
}
