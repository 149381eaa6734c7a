/// A conversation's revision: its first write is revision 1 and every later write to its row bumps it by one, so an
/// agent's view of a conversation is older than the row exactly when something wrote the row since (see
/// ``ActionRules/checkSeen``).
///
/// The rule lives here; the stores only render it. A write that recomputes the derived columns (an agent's action,
/// a message threaded into a stored conversation) adds ``bump`` to its `UPDATE`: the increment happens in the
/// database, because PostgreSQL recomputes derived columns without holding the row's lock and a revision worked out
/// in memory could be lost to a concurrent write. A write of a rule's patch alone (the claim sweep) reads the row
/// under its lock first, so the patch carries the new revision (``after(_:)``).
package enum Revision {
    /// The revision of a conversation's first write.
    package static let first: Int64 = 1

    /// The assignment every store adds to an `UPDATE` of a conversation row that recomputes its derived columns.
    package static let bump = "revision = revision + 1"

    /// The revision a write makes of a row read at `revision`.
    package static func after(_ revision: Int64) -> Int64 { revision + 1 }
}
