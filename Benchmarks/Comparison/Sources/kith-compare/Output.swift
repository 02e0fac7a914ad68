#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Dispatch
import KithAnalytics
import KithGraph

/// A CSV file assembled in memory and written at once, a field at a time (no string per field
/// for integers, none per row).
struct CSVOut {
  var bytes: [UInt8] = []
  /// No field written yet on the current row.
  private var rowStart = true
  /// Rows ended, the header not counted.
  private(set) var rows = 0

  init(header: String) {
    bytes.reserveCapacity(1 << 20)
    bytes.append(contentsOf: header.utf8)
    bytes.append(UInt8(ascii: "\n"))
  }

  private mutating func separate() {
    if !rowStart { bytes.append(UInt8(ascii: ",")) }
    rowStart = false
  }

  /// A text field; one holding a comma, quote or newline is quoted.
  mutating func text(_ f: String) {
    separate()
    var f = f
    f.withUTF8 { f in
      if f.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") }) {
        bytes.append(UInt8(ascii: "\""))
        for c in f {
          if c == UInt8(ascii: "\"") { bytes.append(c) }
          bytes.append(c)
        }
        bytes.append(UInt8(ascii: "\""))
      } else {
        bytes.append(contentsOf: f)
      }
    }
  }

  /// An integer field, in decimal.
  mutating func int<T: BinaryInteger>(_ value: T) {
    separate()
    let signed = Int64(value)
    if signed < 0 { bytes.append(UInt8(ascii: "-")) }
    var v = signed.magnitude
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes of room, right to left
    withUnsafeMutableBytes(of: &digits) { room in
      var k = room.count
      repeat {
        k -= 1
        room[k] = UInt8(ascii: "0") + UInt8(v % 10)
        v /= 10
      } while v > 0
      bytes.append(contentsOf: room[k...])
    }
  }

  /// A number in the shortest form that reads back as the same double (Python's float() reads
  /// it exactly); empty for NaN.
  mutating func double(_ x: Double) {
    separate()
    if !x.isNaN { bytes.append(contentsOf: x.description.utf8) }
  }

  /// An empty field.
  mutating func empty() { separate() }

  /// Ends the row.
  mutating func end() {
    bytes.append(UInt8(ascii: "\n"))
    rowStart = true
    rows += 1
  }

  func write(to path: String) throws {
    guard let f = fopen(path, "wb") else { throw InputError(description: "cannot write \(path)") }
    defer { fclose(f) }
    let n = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, f) }
    guard n == bytes.count else { throw InputError(description: "cannot write \(path)") }
  }
}

/// A result file, assembled in memory, to be written as `name`.
struct ResultFile {
  var name: String
  var csv: CSVOut
}

/// Runs `jobs` concurrently (one per core at a time), each computing its results and
/// assembling their files, then writes every file to `folder`; returns each file's rows by name.
@discardableResult
func writeConcurrently(_ jobs: [() -> [ResultFile]], to folder: String) throws -> [String: Int] {
  let made = UnsafeMutableBufferPointer<[ResultFile]>.allocate(capacity: jobs.count)
  defer { made.deallocate() }
  let box = UncheckedSendable((jobs, made))
  DispatchQueue.concurrentPerform(iterations: jobs.count) { k in
    let (jobs, made) = box.value
    (made.baseAddress! + k).initialize(to: jobs[k]())
  }
  defer { _ = made.deinitialize() }
  var rows: [String: Int] = [:]
  for file in made.joined() {
    try file.csv.write(to: folder + "/" + file.name)
    rows[file.name] = file.csv.rows
  }
  return rows
}

/// The result files: the same CSV files `pandas_neglect.py` writes (neglected, reciprocity,
/// the network's reciprocity, the ego's ties), and dormant and follow-ups, which only Kith
/// computes here.
enum ResultFiles {
  static func neglected(_ list: [NeglectedContact], _ s: NetworkSnapshot) -> ResultFile {
    let ids = s.people.ids
    let handles = s.people.handles
    var n = CSVOut(
      header:
        "rank,id,handle,last_contact,days_since,cadence_days,cadence_source,overdue_ratio,strength,peak,value_at_risk,status"
    )
    for (k, c) in list.enumerated() {
      let p = Int(c.person)
      n.int(k + 1)
      n.int(ids[p])
      n.text(handles[p])
      n.int(c.lastContact)
      n.double(c.daysSince)
      n.double(c.cadence.days)
      n.text(c.cadence.source.rawValue)
      n.double(c.overdueRatio)
      n.double(c.strength)
      n.double(c.peak)
      n.double(c.valueAtRisk)
      n.text(c.status.rawValue)
      n.end()
    }
    return ResultFile(name: "neglected.csv", csv: n)
  }

  /// reciprocity.csv and reciprocity_network.csv.
  static func reciprocity(_ report: ReciprocityReport, _ s: NetworkSnapshot) -> [ResultFile] {
    let ids = s.people.ids
    let handles = s.people.handles
    var r = CSVOut(
      header:
        "rank,id,handle,given,received,balance,initiation_share,interactions,initiations_known,flags")
    for (k, e) in report.entries.enumerated() {
      let p = Int(e.person)
      r.int(k + 1)
      r.int(ids[p])
      r.text(handles[p])
      r.double(e.given)
      r.double(e.received)
      r.double(e.balance)
      if let share = e.initiationShare { r.double(share) } else { r.empty() }
      r.int(e.interactions)
      r.int(e.initiationsKnown)
      r.text(e.flags.count == 1 ? e.flags[0].rawValue : e.flags.map(\.rawValue).joined(separator: ";"))
      r.end()
    }
    var net = CSVOut(header: "given,received,reciprocated_pairs_fraction")
    net.double(report.given)
    net.double(report.received)
    if let fraction = report.reciprocatedPairsFraction { net.double(fraction) } else { net.empty() }
    net.end()
    return [
      ResultFile(name: "reciprocity.csv", csv: r), ResultFile(name: "reciprocity_network.csv", csv: net),
    ]
  }

  static func egoTies(_ s: NetworkSnapshot, ego: Int32) -> ResultFile {
    let ids = s.people.ids
    let handles = s.people.handles
    var t = CSVOut(header: "id,handle,count,last_contact,strength,peak")
    let history = s.activity.egoInteractions
    var rows: [(Int64, Int)] = []
    for slot in s.offsets[Int(ego)]..<s.offsets[Int(ego) + 1] { rows.append((ids[Int(s.neighbors[slot])], slot)) }
    rows.sort { $0.0 < $1.0 }
    for (id, slot) in rows {
      let c = s.neighbors[slot]
      let tie = s.tieIndex(slot: slot, of: ego)
      let r = history.range(of: c)
      t.int(id)
      t.text(handles[Int(c)])
      t.int(s.tieCount[tie])
      if r.isEmpty { t.empty() } else { t.int(history.time[r.upperBound - 1]) }
      t.double(Double(s.tieStrength[tie]))
      t.double(Double(s.tiePeak[tie]))
      t.end()
    }
    return ResultFile(name: "ego_ties.csv", csv: t)
  }

  static func dormant(_ list: [DormantContact], _ s: NetworkSnapshot) -> ResultFile {
    let ids = s.people.ids
    let handles = s.people.handles
    var d = CSVOut(header: "rank,id,handle,last_contact,peak,strength,novelty,score")
    for (k, c) in list.enumerated() {
      let p = Int(c.person)
      d.int(k + 1)
      d.int(ids[p])
      d.text(handles[p])
      d.int(c.lastContact)
      d.double(c.peak)
      d.double(c.strength)
      d.double(c.novelty)
      d.double(c.score)
      d.end()
    }
    return ResultFile(name: "dormant.csv", csv: d)
  }

  static func followUps(_ list: [FollowUp], _ s: NetworkSnapshot) -> ResultFile {
    let ids = s.people.ids
    let handles = s.people.handles
    var f = CSVOut(header: "rank,id,handle,reason,due,last_contact")
    for (k, x) in list.enumerated() {
      let p = Int(x.person)
      f.int(k + 1)
      f.int(ids[p])
      f.text(handles[p])
      f.text(x.reason.rawValue)
      f.int(x.due)
      f.int(x.lastContact)
      f.end()
    }
    return ResultFile(name: "followups.csv", csv: f)
  }
}
