import Foundation
import KithGraph

extension GenericCSVReader {
  /// Reads the rows of an interactions file one by one, into a batch.
  ///
  /// Two paths give the same records and problems. The general one reads a `CSVRecord` of
  /// strings. The byte-level one reads the fields' bytes and makes strings only of what the
  /// batch keeps (the summary, the channel, the source id): a `with` or `by` text seen before
  /// is found by its bytes with its participants already resolved (`_ByteKeyedTable`), and a
  /// date in the form `KithTime` reads is parsed from its bytes. A row that the byte-level
  /// path would have to report (a bad date, kind or follow-up, nobody named) goes to the
  /// general path, which reports it in its own words; the byte-level path checks everything
  /// before it changes anything, so such a row leaves no trace of it.
  struct _InteractionRows {
    let table: _CSVTable
    let includeEgo: Bool
    /// How slashed dates are read (nil: only when the numbers show the order).
    let dateOrder: DateOrder?
    let date: Int?
    let with: Int?
    let kind: Int?
    let by: Int?
    let summary: Int?
    let channel: Int?
    let followUp: Int?
    let id: Int?
    var known = _References()
    /// Each `with` text seen (trimmed bytes): its participants, and for the digest the folded
    /// names, sorted, each after a `|`.
    var withs = _ByteKeyedTable<(participants: [PersonReference], folded: [UInt8])>()
    /// Each name seen in a `with` text (trimmed bytes): the person, and the folded name.
    var names = _ByteKeyedTable<(reference: PersonReference, folded: String)>()
    /// Each `by` text seen (trimmed bytes) and the person it names.
    var initiators = _ByteKeyedTable<PersonReference>()
    /// Scratch: where the names of a `with` text are.
    var nameRanges: [Range<Int>] = []
    /// The content-derived source ids given, in the order of the interactions: each row's
    /// digest and the interaction's index in the batch. Every such id is given as its digest's
    /// first occurrence (`|1`); `numberOccurrences(in:)` numbers identical rows once the
    /// reading is over, with one sort instead of a table of counts probed at every row.
    var contentDigests: [UInt64] = []
    var contentIndexes: [Int] = []

    static let kindExpected =
      "a kind (\(InteractionKind.allCases.map(\.rawValue).joined(separator: ", ")))"
    static let kindBytes: [[UInt8]] = InteractionKind.allCases.map { Array($0.rawValue.utf8) }

    /// - Parameters:
    ///   - rows: about how many rows will follow (room is reserved for them).
    init(_ table: _CSVTable, includeEgo: Bool, dateOrder: DateOrder? = nil, rows: Int = 0) {
      contentDigests.reserveCapacity(rows)
      contentIndexes.reserveCapacity(rows)
      self.table = table
      self.includeEgo = includeEgo
      self.dateOrder = dateOrder
      date = table.column(dateColumns)
      with = table.column(withColumns)
      kind = table.column(["kind", "type"])
      by = table.column(["by", "initiator", "initiated by"])
      summary = table.column(["summary", "subject", "description", "notes", "note"])
      channel = table.column(["channel"])
      followUp = table.column(["follow up", "followup"])
      id = table.column(["id", "uid", "key"])
    }

    /// Logs the content-derived source id of the interaction about to be added at `index`.
    @inline(__always)
    private mutating func logContentID(_ digest: UInt64, at index: Int) {
      contentDigests.append(digest)
      contentIndexes.append(index)
    }

    /// Numbers the occurrences of identical rows: of the interactions whose content-derived
    /// ids share a digest, the k-th in batch (file) order gets `|k`. Rows read in segments
    /// are numbered here, once their segments are joined, as if read in one go.
    /// - Complexity: O(n) for n content-derived ids (a radix sort of their digests), plus the
    ///   sort of each group of identical rows.
    func numberOccurrences(in batch: inout ImportBatch) {
      if contentDigests.count < 2 { return }
      let (order, digests) = RadixSort.sorted(contentDigests)
      var start = 0
      while start < digests.count {
        var end = start + 1
        while end < digests.count && digests[end] == digests[start] { end += 1 }
        if end - start > 1 {
          let indexes = (start..<end).map { contentIndexes[Int(order[$0])] }.sorted()
          for k in 1..<indexes.count {
            batch.interactions[indexes[k]].sourceID = _Digest.rowID(
              digest: digests[start], occurrence: k + 1)
          }
        }
        start = end
      }
    }

    // MARK: The general path

    /// Adds the interaction of `row`, or the problem with it, to `batch`; a row of fewer
    /// fields than the header is counted (`ImportBatch.countShortRow(at:)`).
    mutating func add(_ row: CSVRecord, to batch: inout ImportBatch) {
      if row.fields.count < table.header.fields.count {
        batch.countShortRow(at: table.location(row), columns: table.header.fields.count)
      }
      read(row, to: &batch)
    }

    /// Adds the interaction of `row`, or the problem with it, to `batch`.
    private mutating func read(_ row: CSVRecord, to batch: inout ImportBatch) {
      if let problem = table.extraFields(row) {
        batch.problems.append(problem)
        return
      }
      let location = table.location(row)
      guard let dateText = table.field(row, date),
        let time = ImportDates.parse(dateText, slashed: dateOrder)
      else {
        let text = table.field(row, date) ?? ""
        batch.problems.append(
          .record(
            at: table.location(row, date), field: table.name(date ?? 0),
            ImportDates.ambiguity(text)
              ?? "'\(text)' is not a date (\(ImportDates.expected(slashed: dateOrder)))"))
        return
      }
      let names = list(table.field(row, with))
      if names.isEmpty {
        batch.problems.append(
          .record(
            at: table.location(row, with), field: table.name(with ?? 0), "no participant named"))
        return
      }
      guard
        case .value(let givenKind) = table.parse(
          row, kind, into: &batch, expected: Self.kindExpected,
          { InteractionKind(rawValue: $0.lowercased()) }),
        case .value(let follow) = table.parse(
          row, followUp, into: &batch,
          expected: "a date (\(ImportDates.expected(slashed: dateOrder)))",
          { [dateOrder] in ImportDates.parse($0, slashed: dateOrder) })
      else { return }
      let interactionKind = givenKind ?? .other
      var participants: [PersonReference] = includeEgo ? [.me] : []
      for name in names {
        let r = reference(name, &batch, &known, location: table.location(row, with))
        if !participants.contains(r) { participants.append(r) }
      }
      let initiator = table.field(row, by).map {
        reference($0, &batch, &known, location: table.location(row, by))
      }
      let sourceID: String
      if let explicit = table.field(row, id) {
        sourceID = "id:\(explicit)"
      } else {
        // The digest of date|kind|folded names, sorted|summary, without building that text.
        var digest = _Digest()
        digest.add(dateText)
        digest.add("|")
        digest.add(interactionKind.rawValue)
        let foldedNames =
          names.count == 1 ? [known.fold(names[0])] : names.map { known.fold($0) }.sorted()
        for name in foldedNames {
          digest.add("|")
          digest.add(name)
        }
        digest.add("|")
        digest.add(table.field(row, summary) ?? "")
        logContentID(digest.value, at: batch.interactions.count)
        sourceID = digest.rowID(occurrence: 1)
      }
      batch.interactions.append(
        ImportedInteraction(
          sourceID: sourceID, time: time, kind: interactionKind, participants: participants,
          initiator: initiator, channel: table.field(row, channel),
          summary: table.field(row, summary), followUp: follow,
          day: ImportDates.day(of: time, text: dateText), location: location))
    }

    // MARK: The byte-level path

    /// Adds the interaction of `row`, or the problem with it, to `batch`, as `add(_:to:)` does
    /// with `row.record`.
    /// - Returns: whether the byte-level path read the row (it leaves rows with a problem to
    ///   the general path).
    @discardableResult
    mutating func add(_ row: _CSVRow, to batch: inout ImportBatch) -> Bool {
      if row.count < table.header.fields.count {
        batch.countShortRow(
          at: SourceLocation(path: table.path, line: row.line, column: 1),
          columns: table.header.fields.count)
      }
      let added = row.withBytes { bytes in add(bytes, line: row.line, row, to: &batch) }
      if !added { read(row.record, to: &batch) }
      return added
    }

    /// The trimmed bytes of column `index`, nil when absent or blank (as `_CSVTable.field`).
    @inline(__always)
    private func field(_ bytes: _CSVRow.Bytes, _ index: Int?) -> UnsafeBufferPointer<UInt8>? {
      guard let index, index < bytes.count else { return nil }
      let value = _Text.trimmed(bytes[index])
      return value.isEmpty ? nil : value
    }

    private static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
      String(decoding: bytes, as: UTF8.self)
    }

    /// A date as `ImportDates.parse` reads it.
    private func readDate(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
      if let seconds = KithTime.parseSeconds(utf8: bytes) {
        return Date(timeIntervalSince1970: TimeInterval(seconds))
      }
      return ImportDates.parse(Self.string(bytes), slashed: dateOrder)
    }

    /// A kind as `InteractionKind(rawValue: text.lowercased())` reads it.
    private static func kind(_ bytes: UnsafeBufferPointer<UInt8>) -> InteractionKind? {
      guard bytes.allSatisfy({ $0 < 0x80 }) else {
        return InteractionKind(rawValue: string(bytes).lowercased())
      }
      for (k, raw) in kindBytes.enumerated() where raw.count == bytes.count {
        var equal = true
        for i in 0..<raw.count {
          let c = bytes[i]
          if (c >= 0x41 && c <= 0x5A ? c | 0x20 : c) != raw[i] {
            equal = false
            break
          }
        }
        if equal { return InteractionKind.allCases[k] }
      }
      return nil
    }

    /// Where the names of a `with` text are, as `list(_:)` splits it: between `;`, trimmed,
    /// blank ones left out. False when a `;` touches a non-ASCII byte: a grapheme cluster
    /// (`;` and a combining mark after it, or a prepended mark before it) may then hold the
    /// `;`, and `list`, which splits characters, does not split there.
    static func nameRanges(_ bytes: UnsafeBufferPointer<UInt8>, into ranges: inout [Range<Int>])
      -> Bool
    {
      ranges.removeAll(keepingCapacity: true)
      let semicolon = UInt8(ascii: ";")
      var start = 0
      for i in 0...bytes.count where i == bytes.count || bytes[i] == semicolon {
        if i < bytes.count {
          if i > 0 && bytes[i - 1] >= 0x80 { return false }
          if i + 1 < bytes.count && bytes[i + 1] >= 0x80 { return false }
        }
        let piece = _Text.trimmed(UnsafeBufferPointer(rebasing: bytes[start..<i]))
        if !piece.isEmpty, let base = bytes.baseAddress, let pieceBase = piece.baseAddress {
          let lower = pieceBase - base
          ranges.append(lower..<(lower + piece.count))
        }
        start = i + 1
      }
      return true
    }

    /// The participants of a `with` text not seen before (trimmed, not blank), resolving the
    /// people it names as the general path does (new ones are added to the batch in the same
    /// order); nil, having changed nothing, when it names nobody.
    private mutating func participants(
      _ withBytes: UnsafeBufferPointer<UInt8>, _ row: _CSVRow, _ batch: inout ImportBatch
    ) -> (participants: [PersonReference], folded: [UInt8])? {
      let table = self.table
      let column = with
      var record: CSVRecord? = nil
      func location() -> SourceLocation {
        let r = record ?? row.record
        record = r
        return table.location(r, column)
      }
      var participants: [PersonReference] = []
      var foldedNames: [String] = []
      if Self.nameRanges(withBytes, into: &nameRanges) {
        if nameRanges.isEmpty { return nil }
        participants.reserveCapacity(nameRanges.count + 1)
        if includeEgo { participants.append(.me) }
        foldedNames.reserveCapacity(nameRanges.count)
        for range in nameRanges {
          let bytes = UnsafeBufferPointer(rebasing: withBytes[range])
          let r: PersonReference
          let folded: String
          if let seen = names.index(of: bytes) {
            (r, folded) = names.values[seen]
          } else {
            let name = Self.string(bytes)
            r = reference(name, &batch, &known, location: location())
            folded = known.fold(name)
            names.insert(bytes, (r, folded))
          }
          if !participants.contains(r) { participants.append(r) }
          foldedNames.append(folded)
        }
      } else {
        let names = list(Self.string(withBytes))
        if names.isEmpty { return nil }
        if includeEgo { participants.append(.me) }
        for name in names {
          let r = reference(name, &batch, &known, location: location())
          if !participants.contains(r) { participants.append(r) }
          foldedNames.append(known.fold(name))
        }
      }
      if foldedNames.count > 1 { foldedNames.sort() }
      var folded: [UInt8] = []
      folded.reserveCapacity(foldedNames.reduce(0) { $0 + 1 + $1.utf8.count })
      for var name in foldedNames {
        folded.append(UInt8(ascii: "|"))
        name.withUTF8 { folded.append(contentsOf: $0) }
      }
      return (participants, folded)
    }

    /// Adds the row's interaction; returns false, having changed nothing, when the row has a
    /// problem to report.
    private mutating func add(
      _ bytes: _CSVRow.Bytes, line: Int, _ row: _CSVRow, to batch: inout ImportBatch
    ) -> Bool {
      // Everything that can be wrong, checked first.
      if bytes.count > table.header.fields.count
        && (table.header.fields.count..<bytes.count).contains(where: {
          !_Text.trimmed(bytes[$0]).isEmpty
        })
      {
        return false
      }
      guard let dateBytes = field(bytes, date), let time = readDate(dateBytes) else {
        return false
      }
      var interactionKind = InteractionKind.other
      if let kindBytes = field(bytes, kind) {
        guard let given = Self.kind(kindBytes) else { return false }
        interactionKind = given
      }
      var follow: Date? = nil
      if let followBytes = field(bytes, followUp) {
        guard let given = readDate(followBytes) else { return false }
        follow = given
      }
      guard let withBytes = field(bytes, with) else { return false }
      let people: (participants: [PersonReference], folded: [UInt8])
      if let known = withs.index(of: withBytes) {
        people = withs.values[known]
      } else if let found = participants(withBytes, row, &batch) {
        people = found
        withs.insert(withBytes, people)
      } else {
        return false
      }
      var initiator: PersonReference? = nil
      if let byBytes = field(bytes, by) {
        if let known = initiators.index(of: byBytes) {
          initiator = initiators.values[known]
        } else {
          let r = reference(
            Self.string(byBytes), &batch, &self.known,
            location: table.location(row.record, by))
          initiators.insert(byBytes, r)
          initiator = r
        }
      }
      let summaryBytes = field(bytes, summary)
      let sourceID: String
      if let explicit = field(bytes, id) {
        sourceID = "id:" + Self.string(explicit)
      } else {
        var digest = _Digest()
        digest.add(bytes: dateBytes)
        digest.add("|")
        digest.add(interactionKind.rawValue)
        people.folded.withUnsafeBufferPointer { digest.add(bytes: $0) }
        digest.add("|")
        if let summaryBytes { digest.add(bytes: summaryBytes) }
        logContentID(digest.value, at: batch.interactions.count)
        sourceID = digest.rowID(occurrence: 1)
      }
      batch.interactions.append(
        ImportedInteraction(
          sourceID: sourceID, time: time, kind: interactionKind,
          participants: people.participants, initiator: initiator,
          channel: field(bytes, channel).map(Self.string), summary: summaryBytes.map(Self.string),
          followUp: follow, day: ImportDates.day(of: time, bytes: dateBytes),
          location: SourceLocation(path: table.path, line: line, column: 1)))
      return true
    }
  }
}
