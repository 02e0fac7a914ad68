#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import KithAnalytics
import KithGraph

/// A CSV file assembled in memory and written at once.
struct CSVOut {
  var bytes: [UInt8] = []

  init(header: String) {
    bytes.reserveCapacity(1 << 20)
    bytes.append(contentsOf: header.utf8)
    bytes.append(UInt8(ascii: "\n"))
  }

  /// One row; a field holding a comma, quote or newline is quoted.
  mutating func row(_ fields: String...) {
    for (k, f) in fields.enumerated() {
      if k > 0 { bytes.append(UInt8(ascii: ",")) }
      if f.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") }) {
        bytes.append(UInt8(ascii: "\""))
        for c in f.utf8 {
          if c == UInt8(ascii: "\"") { bytes.append(c) }
          bytes.append(c)
        }
        bytes.append(UInt8(ascii: "\""))
      } else {
        bytes.append(contentsOf: f.utf8)
      }
    }
    bytes.append(UInt8(ascii: "\n"))
  }

  func write(to path: String) throws {
    guard let f = fopen(path, "wb") else { throw InputError(description: "cannot write \(path)") }
    defer { fclose(f) }
    let n = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, f) }
    guard n == bytes.count else { throw InputError(description: "cannot write \(path)") }
  }
}

/// Shortest round-trip form of a double (Python's float() reads it back exactly).
@inline(__always) func num(_ x: Double) -> String { x.isNaN ? "" : "\(x)" }

/// The analytics' results, as the same CSV files `pandas_neglect.py` writes (plus dormant and
/// follow-ups, which only Kith computes here).
struct Results {
  var neglected: [NeglectedContact]
  var dormant: [DormantContact]
  var reciprocity: ReciprocityReport
  var followUps: [FollowUp]

  func write(to folder: String, snapshot s: NetworkSnapshot, ego: Int32) throws {
    let ids = s.people.ids
    let handles = s.people.handles

    var n = CSVOut(
      header:
        "rank,id,handle,last_contact,days_since,cadence_days,cadence_source,overdue_ratio,strength,peak,value_at_risk,status"
    )
    for (k, c) in neglected.enumerated() {
      let p = Int(c.person)
      n.row(
        "\(k + 1)", "\(ids[p])", handles[p], "\(c.lastContact)", num(c.daysSince), num(c.cadence.days),
        c.cadence.source.rawValue, num(c.overdueRatio), num(c.strength), num(c.peak),
        num(c.valueAtRisk), c.status.rawValue)
    }
    try n.write(to: folder + "/neglected.csv")

    var r = CSVOut(
      header:
        "rank,id,handle,given,received,balance,initiation_share,interactions,initiations_known,flags")
    for (k, e) in reciprocity.entries.enumerated() {
      let p = Int(e.person)
      r.row(
        "\(k + 1)", "\(ids[p])", handles[p], num(e.given), num(e.received), num(e.balance),
        e.initiationShare.map(num) ?? "", "\(e.interactions)", "\(e.initiationsKnown)",
        e.flags.map(\.rawValue).joined(separator: ";"))
    }
    try r.write(to: folder + "/reciprocity.csv")

    var net = CSVOut(header: "given,received,reciprocated_pairs_fraction")
    net.row(
      num(reciprocity.given), num(reciprocity.received),
      reciprocity.reciprocatedPairsFraction.map(num) ?? "")
    try net.write(to: folder + "/reciprocity_network.csv")

    // Every tie of the ego: strength and peak as the snapshot holds them (Float).
    var t = CSVOut(header: "id,handle,count,last_contact,strength,peak")
    let history = s.activity.egoInteractions
    var rows: [(Int64, Int)] = []
    for slot in s.offsets[Int(ego)]..<s.offsets[Int(ego) + 1] { rows.append((ids[Int(s.neighbors[slot])], slot)) }
    rows.sort { $0.0 < $1.0 }
    for (id, slot) in rows {
      let c = s.neighbors[slot]
      let tie = s.tieIndex(slot: slot, of: ego)
      let last = history.time[history.range(of: c)].last.map { "\($0)" } ?? ""
      t.row(
        "\(id)", handles[Int(c)], "\(s.tieCount[tie])", last, num(Double(s.tieStrength[tie])),
        num(Double(s.tiePeak[tie])))
    }
    try t.write(to: folder + "/ego_ties.csv")

    var d = CSVOut(header: "rank,id,handle,last_contact,peak,strength,novelty,score")
    for (k, c) in dormant.enumerated() {
      let p = Int(c.person)
      d.row(
        "\(k + 1)", "\(ids[p])", handles[p], "\(c.lastContact)", num(c.peak), num(c.strength),
        num(c.novelty), num(c.score))
    }
    try d.write(to: folder + "/dormant.csv")

    var f = CSVOut(header: "rank,id,handle,reason,due,last_contact")
    for (k, x) in followUps.enumerated() {
      let p = Int(x.person)
      f.row("\(k + 1)", "\(ids[p])", handles[p], x.reason.rawValue, "\(x.due)", "\(x.lastContact)")
    }
    try f.write(to: folder + "/followups.csv")
  }
}
