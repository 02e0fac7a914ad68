import GRDB

/// Who took part in which interaction, by person: the by-person lookup path (migration v6).
///
/// Each person's interaction ids are kept ascending in blocks of at most `maxBlock`, one row
/// of `participation_block` each, as a JSON array (`[3,17,240]`) that SQL reads through
/// `json_each`: the view `interaction_participant (person_id, interaction_id)` lists them as
/// rows. A bulk insert writes one block per person instead of a B-tree row per participant,
/// and interactions arrive with increasing ids, so a person's new ids are appended to their
/// last block.
///
/// The blocks are derived from the interactions' `participants` column: code that deletes
/// interactions or rewrites participants (merging or removing a person) rebuilds them with
/// the ledger (`Ledger.rebuild`). A block may then briefly name a deleted interaction;
/// readers join with `interaction`, which drops it.
enum Participations {
  /// A block grows to this many ids, then the next ids start a new block.
  static let maxBlock = 512

  /// Appends `interaction[k]` to the ids of `person[k]` for every k, the pairs sorted by
  /// (person, interaction) and distinct.
  static func append(person: [Int64], interaction: [Int64], _ db: Database) throws {
    let n = person.count
    guard n > 0 else { return }
    let lastBlock = try _RawStatement(
      db,
      "SELECT id, hi, n, ids FROM participation_block WHERE person_id = ? ORDER BY lo DESC LIMIT 1"
    )
    let update = try _RawStatement(
      db, "UPDATE participation_block SET hi = ?, n = ?, ids = ? WHERE id = ?")
    // New blocks, written at the end in (person, lo) order: their columns, and their texts
    // one after another in `text`.
    var rows = NewBlocks()
    var text: [UInt8] = []
    var stored: [Int64] = []
    var start = 0
    while start < n {
      let p = person[start]
      var end = start + 1
      while end < n && person[end] == p { end += 1 }
      let ids = interaction[start..<end]
      lastBlock.bind(1, p)
      var from = start
      if try lastBlock.step() {
        let id = lastBlock.int64(0)
        let hi = lastBlock.int64(1)
        let count = Int(lastBlock.int64(2))
        if ids[start] > hi {
          // Appended: the last block takes what fits, new blocks the rest.
          let take = min(maxBlock - count, end - start)
          if take > 0 {
            text.removeAll(keepingCapacity: true)
            let old = lastBlock.bytes(3)
            // Every block holds at least one id: its text ends with "]".
            text.append(contentsOf: old[..<(old.count - 1)])
            appendIDs(
              interaction[start..<(start + take)], to: &text, prefix: UInt8(ascii: ","),
              suffix: UInt8(ascii: "]"))
            lastBlock.reset()
            update.bind(1, interaction[start + take - 1])
            update.bind(2, Int64(count + take))
            try text.withUnsafeBytes { bytes in
              update.bind(3, staticText: bytes)
              update.bind(4, id)
              defer { update.reset() }
              _ = try update.step()
            }
            from = start + take
          } else {
            lastBlock.reset()
          }
        } else {
          // An id below the last stored one: the person's blocks are written again, merged.
          lastBlock.reset()
          stored.removeAll(keepingCapacity: true)
          try readIDs(of: p, into: &stored, db)
          try db.execute(
            sql: "DELETE FROM participation_block WHERE person_id = ?", arguments: [p])
          var merged = Array(Set(stored).union(ids))
          merged.sort()
          rows.add(person: p, ids: merged[...])
          start = end
          continue
        }
      } else {
        lastBlock.reset()
      }
      if from < end { rows.add(person: p, ids: interaction[from..<end]) }
      start = end
    }
    try rows.write(db)
  }

  /// Appends every id of person `p` to `out`, ascending.
  static func readIDs(of p: Int64, into out: inout [Int64], _ db: Database) throws {
    let read = try _RawStatement(
      db, "SELECT ids FROM participation_block WHERE person_id = ? ORDER BY lo")
    read.bind(1, p)
    var block: [Int64] = []
    while try read.step() {
      Ledger.parseParticipants(read.bytes(0), into: &block)
      out.append(contentsOf: block)
    }
    read.reset()
  }

  /// Appends `prefix`, then `ids` in decimal separated by commas, then `suffix`: a JSON array
  /// (`[3,17]`) with "[" and "]", or more of one (`,240]`) with "," and "]".
  ///
  /// The digits go to a buffer on the stack and reach `out` in one append: appending them
  /// byte by byte cost a capacity and uniqueness check per byte.
  static func appendIDs<C: Collection<Int64>>(
    _ ids: C, to out: inout [UInt8], prefix: UInt8, suffix: UInt8
  ) {
    // 20 digits and a sign at most per id, a separator each, the prefix and the suffix.
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: ids.count * 21 + 2) { buffer in
      var p = 0
      buffer[p] = prefix
      p += 1
      var first = true
      for id in ids {
        if !first {
          buffer[p] = UInt8(ascii: ",")
          p += 1
        }
        first = false
        if id < 0 {
          buffer[p] = UInt8(ascii: "-")
          p += 1
        }
        var v = id.magnitude
        var digits = 1
        var rest = v / 10
        while rest > 0 {
          digits += 1
          rest /= 10
        }
        var q = p + digits
        repeat {
          q -= 1
          buffer[q] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: v % 10)
          v /= 10
        } while v > 0
        p += digits
      }
      buffer[p] = suffix
      p += 1
      out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[0..<p]))
    }
  }

  /// Blocks to insert: person, first and last id, count, and where each text ends in `text`.
  private struct NewBlocks {
    var person: [Int64] = []
    var lo: [Int64] = []
    var hi: [Int64] = []
    var count: [Int64] = []
    var ends: [Int] = []
    var text: [UInt8] = []

    /// Adds the blocks of `ids` (ascending) for person `p`, `maxBlock` ids each at most.
    mutating func add(person p: Int64, ids: ArraySlice<Int64>) {
      var start = ids.startIndex
      while start < ids.endIndex {
        let end = min(start + Participations.maxBlock, ids.endIndex)
        person.append(p)
        lo.append(ids[start])
        hi.append(ids[end - 1])
        count.append(Int64(end - start))
        Participations.appendIDs(
          ids[start..<end], to: &text, prefix: UInt8(ascii: "["), suffix: UInt8(ascii: "]"))
        ends.append(text.count)
        start = end
      }
    }

    func write(_ db: Database) throws {
      try text.withUnsafeBytes { bytes in
        try Ledger.insertRows(
          db, "INSERT INTO participation_block (person_id, lo, hi, n, ids)", width: 5,
          count: person.count, perStatement: 256
        ) { statement, b, row in
          statement.bind(b + 1, person[row])
          statement.bind(b + 2, lo[row])
          statement.bind(b + 3, hi[row])
          statement.bind(b + 4, count[row])
          let from = row == 0 ? 0 : ends[row - 1]
          statement.bind(
            b + 5, staticText: UnsafeRawBufferPointer(rebasing: bytes[from..<ends[row]]))
        }
      }
    }
  }
}
