import Foundation
import KithGraph

/// How a sentence names a contact: the first name, or the full name when another of the ego's
/// contacts has the same first name ("ask Mehmet" would not say which Mehmet).
struct _CallNames {
  let snapshot: NetworkSnapshot
  /// How many of the ego's contacts have each first name (slices of the names: no copies).
  private let counts: [Substring: Int]

  init(snapshot: NetworkSnapshot, ego: Int32) {
    self.snapshot = snapshot
    let slots = snapshot.offsets[Int(ego)]..<snapshot.offsets[Int(ego) + 1]
    var counts: [Substring: Int] = [:]
    counts.reserveCapacity(slots.count)
    for slot in slots {
      counts[Self.firstName(snapshot.people.names[Int(snapshot.neighbors[slot])]), default: 0] += 1
    }
    self.counts = counts
  }

  /// The name up to its first space, after any honorific (``TextKey/isHonorific(_:)``: "Dr.
  /// Chidi Okafor" is "Chidi", not "ask Dr. about it"); a name that is nothing but an
  /// honorific is its own first name.
  static func firstName(_ name: String) -> Substring {
    let space = UInt8(ascii: " ")
    var start = name.startIndex
    while true {
      // Found on the bytes: called for every contact of the ego, and a search by Character
      // breaks the name into graphemes.
      let end = name.utf8[start...].firstIndex(of: space) ?? name.endIndex
      let word = name[start..<end]
      guard end < name.endIndex, TextKey.isHonorific(word) else { return word }
      guard let next = name.utf8[end...].firstIndex(where: { $0 != space }) else { return word }
      start = next
    }
  }

  /// The name to call `c` by in a sentence addressed to the ego.
  func name(_ c: Int32) -> String {
    let full = snapshot.people.names[Int(c)]
    let first = Self.firstName(full)
    if first.isEmpty { return "them" }
    return (counts[first] ?? 0) > 1 ? full : String(first)
  }
}

/// The most recent thing the ego talked about with a contact: the summary of the latest of
/// their interactions that has one, among small ones only. A large meeting's title ("the
/// all-hands", "Christmas at Mum and Dad's") is not what the two of you talked about, and
/// neither is a title the history with them repeats: a recurring series ("Weekly 1:1") names
/// the slot, not a topic.
enum _TalkingPoint {
  /// At most this many people took part, the ego included.
  static let maxParticipants: Int32 = 5

  /// The entry (index into the ego's interactions) and its summary.
  static func latest(in history: EgoInteractions, of c: Int32) -> (entry: Int, summary: String)? {
    let range = history.range(of: c)
    var uses: [String: Int] = [:]
    for k in range { history.summaryText(k).map { uses[$0, default: 0] += 1 } }
    for k in range.reversed()
    where history.summary[k] >= 0 && history.participantCount[k] <= maxParticipants {
      // A blank summary (stored by an older Kith, or imported) says nothing to talk about.
      if let summary = history.summaryText(k), uses[summary] == 1,
        !summary.allSatisfy({ $0.isWhitespace || $0.isNewline })
      {
        return (k, summary)
      }
    }
    return nil
  }

  /// "Last time (2026-06-11)" when it was the last contact, else "On 2026-06-11, 40 days
  /// ago,": a topic from before the last contact (which had no summary to quote) says how old
  /// it is, so that it does not read as the latest news.
  static func when(_ k: Int, in history: EgoInteractions, of c: Int32, asOf now: Int64) -> String {
    guard !isLatest(k, in: history, of: c) else { return "Last time (\(day(history.time[k])))" }
    let days = KithTime.day(ofSeconds: now) - KithTime.day(ofSeconds: history.time[k])
    return "On \(day(history.time[k])), \(days) \(days == 1 ? "day" : "days") ago,"
  }

  /// Whether entry `k` is the last contact with `c` (its time is that of the latest).
  static func isLatest(_ k: Int, in history: EgoInteractions, of c: Int32) -> Bool {
    history.time[k] == history.range(of: c).last.map { history.time[$0] }
  }
}
