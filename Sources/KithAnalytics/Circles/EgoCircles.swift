import Foundation
import KithGraph

/// The ego's circles: the communities of the network around the ego, and which of them are
/// the ego's usual ones.
///
/// Communities are found (``Communities/detect(in:resolution:seed:iterations:)``) on the person
/// graph *without* the ego, who would otherwise glue every circle together. A circle's
/// `egoShare` is the fraction of the ego's tie strength inside it. A circle of one (a person
/// tied to nobody else here) is no circle, as `kith circles` and `brief` say: the usual circle
/// is the fewest circles of two or more that together hold 80% of the ego's tie strength in
/// such circles (largest share first, ties by id). Without an ego, or with an ego who has no
/// ties in a circle of two or more, no circle is usual.
///
/// - Complexity: that of community detection on n people and m ties, plus O(n + m) for the
///   shares and labels.
public struct EgoCircles: Sendable {
  /// The fraction of the ego's tie strength that the usual circle covers.
  public static let usualCoverage = 0.8

  /// The graph the circles were found on (the ego's ties removed; indices are the snapshot's).
  public let graph: WeightedGraph
  /// The partition of that graph; the ego, if any, is a singleton of its own.
  public let partition: Partition
  /// The ego, if any.
  public let ego: Int32?
  /// Members of each circle (by id), ego excluded; a circle may be empty (the ego's own).
  public let members: [[Int32]]
  /// The fraction of the ego's tie strength inside each circle (all 0 without ego ties).
  public let egoShare: [Double]
  /// The usual circle's ids, ascending.
  public let usual: [Int]
  /// Each circle's label (``labels(of:in:)``): the most common current organisation or tag
  /// among its members, made unique among the circles.
  public let labels: [String?]
  let usualFlags: [Bool]

  /// Finds the circles of `snapshot` around `ego`.
  /// - Parameters:
  ///   - resolution: γ > 0; above 1 gives smaller circles.
  ///   - seed: the same seed gives the same circles.
  public init(snapshot s: NetworkSnapshot, ego: Int32?, resolution: Double = 1, seed: UInt64 = 0) {
    self.ego = ego
    graph = WeightedGraph(snapshot: s, excluding: ego)
    partition = Communities.detect(in: graph, resolution: resolution, seed: seed)
    var members = partition.members()
    if let e = ego { members = members.map { $0.filter { $0 != e } } }
    self.members = members
    var share = [Double](repeating: 0, count: members.count)
    var total = 0.0
    if let e = ego {
      for slot in s.offsets[Int(e)]..<s.offsets[Int(e) + 1] {
        let strength = Double(s.tieStrength[s.tieIndex(slot: slot, of: e)])
        share[Int(partition[s.neighbors[slot]])] += strength
        total += strength
      }
    }
    if total > 0 { share = share.map { $0 / total } }
    egoShare = share
    var usual: [Int] = []
    // People tied only to the ego would otherwise be "usual circles" of one, which no listing
    // shows, and the circles shown would hold less than the coverage between them.
    let ids = members.indices.filter { members[$0].count >= 2 }
    let inCircles = ids.reduce(0.0) { $0 + share[$1] }
    if inCircles > 0 {
      var covered = 0.0
      for id in ids.sorted(by: { share[$0] != share[$1] ? share[$0] > share[$1] : $0 < $1 })
      where covered < Self.usualCoverage * inCircles {
        usual.append(id)
        covered += share[id]
      }
    }
    self.usual = usual.sorted()
    var flags = [Bool](repeating: false, count: members.count)
    for id in usual { flags[id] = true }
    usualFlags = flags
    labels = Self.labels(of: members, in: s)
  }

  /// The ids of the non-empty circles.
  public var ids: [Int] { members.indices.filter { !members[$0].isEmpty } }

  /// The circle of a person.
  public func circle(of u: Int32) -> Int { Int(partition[u]) }

  /// Whether circle `id` is a circle: two or more people. A person tied to nobody else here is
  /// a community of one, in no circle.
  public func isCircle(_ id: Int) -> Bool { members[id].count >= 2 }

  /// Whether circle `id` is one of the ego's usual ones.
  public func isUsual(_ id: Int) -> Bool { usualFlags[id] }

  /// 1 − the ego's share of tie strength in `u`'s circle: how far outside the ego's world the
  /// person's circle lies.
  public func circleNovelty(of u: Int32) -> Double { max(0, min(1, 1 - egoShare[circle(of: u)])) }

  /// The label of circle `id`, or "#id" when it has none.
  public func name(of id: Int) -> String { labels[id] ?? "#\(id)" }

  /// The most common current organisation or tag among `people` (each counted once per
  /// person; ties go to the alphabetically first), when it describes them: held by at least
  /// ``labelShare`` of them and by two (one person of a pair). Nil otherwise: in a circle of
  /// 100 where ten tags have 10 members each, the first of them alphabetically is no name for
  /// the circle.
  public static func label(of people: [Int32], in s: NetworkSnapshot) -> String? {
    describing(ranked(people, in: s), size: people.count)?.key
  }

  /// The share of a circle's members a key must be held by to name the circle.
  public static let labelShare = 0.2

  /// The first of `rank` if it is held by enough of a circle of `size` to name it.
  static func describing(_ rank: [(key: String, count: Int)], size: Int) -> (
    key: String, count: Int
  )? {
    guard let first = rank.first else { return nil }
    let needed = max(min(2, size), Int((Double(size) * labelShare).rounded(.up)))
    return first.count >= needed ? first : nil
  }

  /// Labels for circles that tell them apart: each circle's ``label(of:in:)`` (nil for one
  /// its members' keys do not describe); where two or
  /// more circles would share one, each adds its most common other organisation or tag that
  /// is not also the next one of another of them and that at least a fifth of its members (and
  /// two) have ("ex-brightline · rust"), and a label still shared adds the circle's id
  /// ("ex-brightline #5"). A circle whose members have no organisation or tag has none.
  public static func labels(of circles: [[Int32]], in s: NetworkSnapshot) -> [String?] {
    // A circle whose most common key does not describe it has no keys to be labelled by.
    let counted = circles.map { members in
      let rank = ranked(members, in: s)
      return describing(rank, size: members.count) == nil ? [] : rank
    }
    let ranks = counted.map { $0.map(\.key) }
    var labels = ranks.map(\.first)
    func shared(_ labels: [String?]) -> [String: Int] {
      labels.reduce(into: [:]) { counts, label in
        if let label { counts[label, default: 0] += 1 }
      }
    }
    var counts = shared(labels)
    // The next keys of the circles that share a label: a key that is next for two of them
    // does not tell them apart, so each takes its first other key (else the shared one).
    var nextCounts: [String: Int] = [:]
    for rank in ranks where rank.count > 1 && counts[rank[0], default: 0] > 1 {
      nextCounts["\(rank[0])\u{0}\(rank[1])", default: 0] += 1
    }
    for (id, rank) in counted.enumerated() {
      guard let base = rank.first?.key, counts[base, default: 0] > 1 else { continue }
      // Held by few, a key would describe a few members, not the circle.
      let common = rank.dropFirst().filter { $0.count >= max(2, circles[id].count / 5) }
      let next =
        common.first { nextCounts["\(base)\u{0}\($0.key)", default: 0] <= 1 } ?? common.first
      if let next { labels[id] = "\(base) · \(next.key)" }
    }
    counts = shared(labels)
    for id in labels.indices {
      if let label = labels[id], counts[label, default: 0] > 1 { labels[id] = "\(label) #\(id)" }
    }
    return labels
  }

  /// The current organisations and tags among `people` with how many have each, most common
  /// first (each counted once per person), ties in alphabetical order.
  static func ranked(_ people: [Int32], in s: NetworkSnapshot) -> [(key: String, count: Int)] {
    var counts: [String: Int] = [:]
    for u in people {
      var seen = Set<String>()
      for a in s.affiliations(of: u) where a.isCurrent {
        seen.insert(s.organisations.names[Int(a.organisation)])
      }
      for t in s.people.tags[Int(u)] { seen.insert(t) }
      for key in seen { counts[key, default: 0] += 1 }
    }
    return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map {
      (key: $0.key, count: $0.value)
    }
  }

  /// Novelty of dormant-tie candidates refined by circles: the mean of
  /// ``Neglect/novelty(in:ego:of:)`` (how little of the ego's strength sits among the
  /// contact's own contacts) and ``circleNovelty(of:)`` (how little sits in their circle).
  public func dormantNovelty(in snapshot: NetworkSnapshot, of contacts: [Int32]) -> [Double] {
    guard let e = ego else { return contacts.map(circleNovelty(of:)) }
    let local = Neglect.novelty(in: snapshot, ego: e, of: contacts)
    return zip(contacts, local).map { c, n in (n + circleNovelty(of: c)) / 2 }
  }
}
