import Dispatch
import Foundation

extension GenericCSVReader {
  /// Where the rows of an interactions file are split among threads.
  enum _Split: Sendable {
    /// One thread reads every row.
    case serial
    /// About this many segments of equal length (one thread each); fewer when the rows are
    /// fewer, and one (serial) below 2.
    case segments(Int)
    /// A segment starts after the first line end at or after each of these offsets in the
    /// text's UTF-8 bytes (for tests, which move the split points around).
    case near([Int])
  }

  /// Interactions files of at least this many bytes (about 20k rows) are read in segments, one
  /// thread each, when more than one core is active. Below, the saving is a few milliseconds
  /// at most: each segment resolves again the names it shares with the others (thousands in
  /// a file of 20k rows), and joining moves every interaction once. On 2 shared cores, two
  /// threads read 20k rows among 5,000 people (1 MB) anywhere from 20% slower to 30% faster
  /// than one, and 200k rows (10 MB) 1.15–1.5× as fast; two serial parses running at once
  /// slowed each other by a quarter to a half there. At 1 MB the split costs nothing on
  /// average and gains from there up.
  static let parallelMinimumBytes = 1 << 20

  /// At most this many segments, whatever the number of cores: each segment re-resolves the
  /// names it sees, and counts the lines before it.
  static let maximumSegments = 8

  /// The split `parse` uses for `text`: one segment per active core (at most
  /// `maximumSegments`) from `parallelMinimumBytes` up, else serial.
  static func split(for text: String) -> _Split {
    let cores = ProcessInfo.processInfo.activeProcessorCount
    guard cores > 1, text.utf8.count >= parallelMinimumBytes else { return .serial }
    return .segments(min(cores, maximumSegments))
  }

  /// What a segmented parse did at its split points (for tests).
  struct _SplitOutcome: Hashable {
    /// Segments whose speculative reading was joined to the rows before them.
    var joined = 0
    /// Split points where the rows before did not end (a quoted field held the line end, or a
    /// lone carriage return in a quoted field put the lines off by one), so that the reading
    /// before went on serially past them.
    var readOn = 0
  }

  /// The reading of an interactions file from its header on: the serial reading, up to where
  /// it stopped, with the segments after it joined.
  struct _Reading {
    var rows: _InteractionRows
    var batch: ImportBatch
    /// Where the next record starts; nil when the reading reached the end of the text.
    var stop: _CSVRow.Position?
    /// The malformed CSV that ended the reading.
    var error: ImportError?

    /// Reads on serially from `stop` (not nil) up to the first record starting at or after
    /// `end`.
    /// - Throws: the malformed CSV found.
    mutating func readOn(
      _ bytes: UnsafeBufferPointer<UInt8>, path: String, upTo end: Int, byteRows: Bool
    ) throws(ImportError) {
      guard let start = stop else { return }
      stop = try readRows(
        bytes, path: path, from: start, upTo: end, byteRows: byteRows, &rows, &batch)
    }
  }

  /// A segment after the first, read on its own from a split point, with the state its rows
  /// need to be joined to the reading before them.
  struct _Segment {
    /// Where the segment's first record starts.
    var start: _CSVRow.Position
    var batch: ImportBatch
    /// Where the record after the segment starts; nil when the segment reached the end of the
    /// text.
    var stop: _CSVRow.Position?
    /// The malformed CSV that ended the segment.
    var error: ImportError?
    /// The digests of the content-derived source ids the segment gave, and the indexes of
    /// their interactions in `batch`, for their occurrences to be numbered with the rows
    /// before it.
    var contentDigests: [UInt64]
    var contentIndexes: [Int]
  }

  /// Reads an interactions file in segments on several threads, giving exactly the serial
  /// reading's batch or error; nil, having read nothing but the header, when `split` is
  /// serial, the file is not an interactions file, its header has a problem or the rows leave
  /// nowhere to split (`parse` then reads it serially).
  ///
  /// The first segment is read from the header on; each other from a split point just after a
  /// line end, speculatively, with its own state, and from the line that point would be on.
  /// Where the reading before a segment stops exactly at the segment's start and line (the
  /// usual case: no quoted field holds that line end), the segment's reading is what the
  /// serial reading would go on with, except for what depends on the rows before: a person
  /// already added is not added again (the first sighting keeps the name and location);
  /// identical rows are numbered once the segments are joined. Elsewhere the
  /// reading before goes on serially, and the segment's reading is dropped. The first
  /// malformed CSV in file order is thrown, as the serial reading throws it.
  /// - Complexity: O(length of `text`) on each of the T threads: each reads about 1/T of the
  ///   rows (more where a split point falls in a quoted field) and counts the line ends before
  ///   its segment (a `memchr` scan).
  static func parseInSegments(
    _ text: String, path: String, kind requested: Kind?, includeEgo: Bool,
    dateOrder: DateOrder? = nil, byteRows: Bool, split: _Split, outcome: inout _SplitOutcome
  ) throws(ImportError) -> ImportBatch? {
    if case .serial = split { return nil }
    return try _CSVRow.withUTF8(text) { bytes throws(ImportError) -> ImportBatch? in
      var header: CSVRecord? = nil
      let rowsStart: _CSVRow.Position?
      do {
        rowsStart = try _CSVRow.scan(bytes, path: path) { row in
          header = row.record
          return false
        }
      } catch {
        return nil
      }
      guard let header, let rowsStart,
        let (kind, table) = try? Self.table(header, path: path, kind: requested),
        kind == .interactions
      else { return nil }
      let points = splitPoints(bytes, after: rowsStart.offset, split)
      if points.isEmpty { return nil }
      let source = sourcePrefix + (path as NSString).lastPathComponent

      func readFirst() -> _Reading {
        let end = points[0]
        let rows = _CSVRow.occurrences(of: 0x0A, in: bytes, rowsStart.offset..<end)
        var reading = _Reading(
          rows: _InteractionRows(table, includeEgo: includeEgo, dateOrder: dateOrder, rows: rows),
          batch: ImportBatch(source: source, path: path))
        // Room for the rows of every segment, which are appended to these.
        let share = Double(end - rowsStart.offset) / Double(bytes.count - rowsStart.offset)
        reading.batch.interactions.reserveCapacity(Int(Double(rows) / share * 1.125) + 16)
        do {
          reading.stop = try readRows(
            bytes, path: path, from: rowsStart, upTo: end, byteRows: byteRows, &reading.rows,
            &reading.batch)
        } catch {
          reading.error = error
        }
        return reading
      }

      func readSegment(_ k: Int) -> _Segment {
        let offset = points[k]
        let end = k + 1 < points.count ? points[k + 1] : Int.max
        let start = _CSVRow.Position(offset: offset, line: _CSVRow.line(at: offset, in: bytes))
        // As many rows per byte as before the segment.
        let length = Double(min(end, bytes.count) - offset)
        let expected = Int(length * Double(start.line) / Double(offset)) + 16
        var rows = _InteractionRows(
          table, includeEgo: includeEgo, dateOrder: dateOrder, rows: expected)
        var batch = ImportBatch(source: source, path: path)
        batch.interactions.reserveCapacity(expected)
        var stop: _CSVRow.Position? = nil
        var error: ImportError? = nil
        do {
          stop = try readRows(
            bytes, path: path, from: start, upTo: end, byteRows: byteRows, &rows, &batch)
        } catch let e {
          error = e
        }
        // The rest of `rows` (the texts seen and what they resolve to) is freed here, by the
        // thread that made it.
        return _Segment(
          start: start, batch: batch, stop: stop, error: error,
          contentDigests: rows.contentDigests, contentIndexes: rows.contentIndexes)
      }

      var first: _Reading? = nil
      var segments = [_Segment?](repeating: nil, count: points.count)
      segments.withUnsafeMutableBufferPointer { out in
        // Each thread writes only its own result (`first`, or one element of `out`); the
        // text is only read.
        _concurrently(points.count + 1) { k in
          if k == 0 { first = readFirst() } else { out[k - 1] = readSegment(k - 1) }
        }
      }
      guard var reading = first.take() else { preconditionFailure("the first rows were not read") }
      for k in segments.indices {
        if let error = reading.error { throw error }
        // A quoted field ran to the end of the text.
        guard let stop = reading.stop else { break }
        // Taken out, so that moving its interactions does not copy them.
        guard var next = segments[k].take() else { preconditionFailure("a segment was not read") }
        if stop == next.start {
          outcome.joined += 1
          if let error = next.error { throw error }
          join(&next, to: &reading)
        } else {
          // The rows before end elsewhere: read on serially, up to the next split point.
          outcome.readOn += 1
          try reading.readOn(
            bytes, path: path, upTo: k + 1 < points.count ? points[k + 1] : .max,
            byteRows: byteRows)
        }
      }
      if let error = reading.error { throw error }
      reading.rows.numberOccurrences(in: &reading.batch)
      return reading.batch
    }
  }

  /// Reads the rows from `start` up to the first record starting at or after `end` into
  /// `batch`; returns where that record starts, nil at the end of the text.
  static func readRows(
    _ bytes: UnsafeBufferPointer<UInt8>, path: String, from start: _CSVRow.Position,
    upTo end: Int, byteRows: Bool, _ rows: inout _InteractionRows, _ batch: inout ImportBatch
  ) throws(ImportError) -> _CSVRow.Position? {
    try _CSVRow.scan(bytes, path: path, from: start, stoppingAt: end) { row in
      if byteRows {
        rows.add(row, to: &batch)
      } else {
        rows.add(row.record, to: &batch)
      }
      return true
    }
  }

  /// The offsets where segments after the first start, ascending, each just after a line end
  /// and short of the end of the text; `rows` is where the first record after the header
  /// starts.
  static func splitPoints(_ bytes: UnsafeBufferPointer<UInt8>, after rows: Int, _ split: _Split)
    -> [Int]
  {
    let candidates: [Int]
    switch split {
    case .serial: return []
    case .segments(let n):
      guard n > 1 else { return [] }
      candidates = (1..<n).map { rows + (bytes.count - rows) / n * $0 }
    case .near(let offsets): candidates = offsets.sorted()
    }
    var points: [Int] = []
    for candidate in candidates {
      let point = _CSVRow.lineStart(after: max(candidate, rows, points.last ?? 0), in: bytes)
      if point > (points.last ?? rows) && point < bytes.count { points.append(point) }
    }
    return points
  }

  /// An interaction holding no object (its strings are short, its array empty): what a joined
  /// segment's interactions are left as once moved.
  static let placeholder = ImportedInteraction(
    sourceID: "", time: Date(timeIntervalSince1970: 0), kind: .other, participants: [],
    location: SourceLocation(path: "", line: 0, column: 0))

  /// Appends a segment's rows to the reading of the rows before it, which stopped where the
  /// segment starts: the reading becomes the serial reading up to the segment's end. The
  /// segment's interactions are moved out.
  /// - Complexity: O(records of `next`), expected.
  static func join(_ next: inout _Segment, to reading: inout _Reading) {
    // Identical rows are numbered at the end, these with the rows before.
    let base = reading.batch.interactions.count
    reading.rows.contentDigests += next.contentDigests
    reading.rows.contentIndexes += next.contentIndexes.map { base + $0 }
    // A person is added at first sight in the file: the rows before may have added them.
    for person in next.batch.people where reading.rows.known.added.insert(person.key).inserted {
      reading.batch.people.append(person)
    }
    // Moved rather than copied: a copy retains the strings and arrays of every interaction,
    // objects another thread made (a cache miss each), and freeing the segment's copies costs
    // as much again. A swap moves the values as they are.
    let moved = next.batch.interactions.count
    reading.batch.interactions.append(contentsOf: repeatElement(placeholder, count: moved))
    reading.batch.interactions.withUnsafeMutableBufferPointer { to in
      next.batch.interactions.withUnsafeMutableBufferPointer { from in
        for k in 0..<moved { swap(&to[base + k], &from[k]) }
      }
    }
    reading.batch.problems += next.batch.problems
    reading.batch.shortRows += next.batch.shortRows
    reading.batch.headerColumns = max(reading.batch.headerColumns, next.batch.headerColumns)
    if let first = next.batch.firstShortRow, reading.batch.firstShortRow == nil {
      reading.batch.firstShortRow = first
    }
    assert(
      next.batch.organisations.isEmpty && next.batch.affiliations.isEmpty
        && next.batch.notes.isEmpty && next.batch.exchanges.isEmpty && next.batch.ties.isEmpty,
      "interaction rows add interactions, people and problems only")
    // The texts seen (`known`, `withs`, `names`, `initiators` of `rows`) map to what they
    // resolve to, which the rows around them do not change: those of the rows before serve
    // the rows after the segment too.
    reading.stop = next.stop
    reading.error = next.error
  }
}

/// Runs `body(k)` for every `k` in `0..<count`, concurrently.
///
/// `body` is not `@Sendable`: the caller hands each `k` its own part of the output and lets
/// none read what another writes. That discipline, not the compiler, keeps this free of data
/// races.
private func _concurrently(_ count: Int, _ body: (Int) -> Void) {
  withoutActuallyEscaping(body) { escapable in
    let box = _UncheckedSendable(value: escapable)
    DispatchQueue.concurrentPerform(iterations: count) { box.value($0) }
  }
}

/// A value handed to the threads of `_concurrently`.
private struct _UncheckedSendable<Value>: @unchecked Sendable {
  let value: Value
}
