import Foundation
import KithGraph

/// A pattern worth knowing about in the give and take with one contact.
public enum ReciprocityFlag: String, Sendable, Hashable, Codable, CaseIterable {
  /// You received much more than you gave: R ≥ 2 and balance ≤ −0.5.
  case taking
  /// You started ≥ 80% of at least 5 interactions whose initiator is known.
  case alwaysInitiating = "always-initiating"
  /// They started ≥ 80% (you ≤ 20%) of at least 5.
  case theyInitiate = "they-initiate"
}

/// The give and take between the ego and one contact.
public struct ReciprocityEntry: Sendable, Hashable {
  public var person: Int32
  /// Decayed value the ego gave the contact (G) and received from them (R).
  public var given: Double
  public var received: Double
  /// (G − R) / (G + R + 1): in (−1, 1), negative where the ego owes.
  public var balance: Double
  /// Of the interactions the ego or the contact started (``initiationsKnown``; one a third
  /// person called counts for neither), the fraction the ego started; nil if none.
  public var initiationShare: Double?
  /// Interactions between them (up to the snapshot's time).
  public var interactions: Int
  /// Interactions whose initiator is the ego or the contact.
  public var initiationsKnown: Int
  public var flags: [ReciprocityFlag]
  /// The latest exchange the contact gave the ego and the latest the ego gave them (indices
  /// into the snapshot's exchanges).
  public var lastReceived: Int?
  public var lastGiven: Int?
}

/// The ego's reciprocity with everyone, and the network's.
public struct ReciprocityReport: Sendable, Hashable {
  /// By balance ascending (where the ego owes most first), then handle.
  public var entries: [ReciprocityEntry]
  public var given: Double
  public var received: Double
  /// The fraction of directed giver→receiver pairs in all exchanges whose reverse pair also
  /// exists (NetworkX `reciprocity` of the exchange digraph); nil without exchanges.
  public var reciprocatedPairsFraction: Double?
}

/// Reciprocity: a give/take ledger with time decay.
///
/// Per contact c of ego e: G = Σ value(kind) · 2^(−age/h) over exchanges e → c, R likewise
/// c → e, and balance = (G − R) / (G + R + 1) — the +1 keeps a single small favour from
/// reading as total imbalance. Kind values: introduction, referral, job-lead 3; help 2;
/// advice, information, endorsement, gift, favour 1.
/// Reference for the network measure: Garlaschelli & Loffredo, "Patterns of link reciprocity
/// in directed networks", PRL 2004, doi:10.1103/PhysRevLett.93.268701.
public enum Reciprocity {
  /// The smoothed balance (G − R) / (G + R + 1).
  public static func balance(given: Double, received: Double) -> Double {
    (given - received) / (given + received + 1)
  }

  /// The value of one exchange of `kind` that is `ageSeconds` old.
  public static func decayedValue(_ kind: ExchangeKind, ageSeconds: Int64, settings: DecaySettings)
    -> Double
  {
    kind.value * settings.decay(overSeconds: Double(max(ageSeconds, 0)))
  }

  /// Flags for an entry's numbers.
  public static func flags(received: Double, balance: Double, share: Double?, known: Int)
    -> [ReciprocityFlag]
  {
    var flags: [ReciprocityFlag] = []
    if received >= 2 && balance <= -0.5 { flags.append(.taking) }
    if let share, known >= 5 {
      if share >= 0.8 { flags.append(.alwaysInitiating) }
      if share <= 0.2 { flags.append(.theyInitiate) }
    }
    return flags
  }

  /// The ego's reciprocity with every contact they exchanged with or interacted with.
  /// - Complexity: O(X + E + k log k) for X exchanges, E ego interactions and k contacts.
  public static func report(in snapshot: NetworkSnapshot, ego: Int32, limit: Int? = nil)
    -> ReciprocityReport
  {
    let n = snapshot.personCount
    let now = snapshot.asOfSeconds
    let x = snapshot.activity.exchanges
    var given = [Double](repeating: 0, count: n)
    var received = [Double](repeating: 0, count: n)
    var lastGiven = [Int](repeating: -1, count: n)
    var lastReceived = [Int](repeating: -1, count: n)
    var involved = [Bool](repeating: false, count: n)
    var pairs = Set<UInt64>(minimumCapacity: x.count)
    for k in 0..<x.count {
      pairs.insert(UInt64(UInt32(x.giver[k])) << 32 | UInt64(UInt32(x.receiver[k])))
      let value = decayedValue(x.kind[k], ageSeconds: now - x.time[k], settings: snapshot.settings)
      if x.giver[k] == ego {
        let c = Int(x.receiver[k])
        given[c] += value
        lastGiven[c] = k
        involved[c] = true
      } else if x.receiver[k] == ego {
        let c = Int(x.giver[k])
        received[c] += value
        lastReceived[c] = k
        involved[c] = true
      }
    }
    // The contacts and their balances and initiations first, then the entries in their sorted
    // order: entries are large (with an array each), too large to gather after sorting.
    let history = snapshot.activity.egoInteractions
    var contacts: [Int32] = []
    var balances: [Double] = []
    var initiations: [(ego: Int, contact: Int)] = []
    var totalGiven = 0.0
    var totalReceived = 0.0
    let initiators = history.initiator
    for c in 0..<n where c != Int(ego) {
      let range = history.range(of: Int32(c))
      guard involved[c] || !range.isEmpty else { continue }
      contacts.append(Int32(c))
      balances.append(balance(given: given[c], received: received[c]))
      initiations.append(
        initiators.withUnsafeBufferPointer {
          Self.initiations(UnsafeBufferPointer(rebasing: $0[range]), ego: ego, contact: Int32(c))
        })
      totalGiven += given[c]
      totalReceived += received[c]
    }
    let handles = snapshot.people.handles
    let order = contacts.indices.sorted { i, j in
      balances[i] != balances[j]
        ? balances[i] < balances[j] : handles[Int(contacts[i])] < handles[Int(contacts[j])]
    }
    let entries = order.prefix(limit ?? order.count).map { i in
      let c = Int(contacts[i])
      let (mine, theirs) = initiations[i]
      let known = mine + theirs
      let share = known > 0 ? Double(mine) / Double(known) : nil
      return ReciprocityEntry(
        person: contacts[i], given: given[c], received: received[c], balance: balances[i],
        initiationShare: share, interactions: history.count(of: contacts[i]),
        initiationsKnown: known,
        flags: flags(received: received[c], balance: balances[i], share: share, known: known),
        lastReceived: lastReceived[c] >= 0 ? lastReceived[c] : nil,
        lastGiven: lastGiven[c] >= 0 ? lastGiven[c] : nil)
    }
    let reciprocated = pairs.reduce(0) { count, key in
      count + (pairs.contains((key << 32) | (key >> 32)) ? 1 : 0)
    }
    return ReciprocityReport(
      entries: entries, given: totalGiven,
      received: totalReceived,
      reciprocatedPairsFraction: pairs.isEmpty ? nil : Double(reciprocated) / Double(pairs.count))
  }

  /// How many of `initiators` are the ego and how many the contact.
  ///
  /// Counted with arithmetic, not comparisons: who starts alternates unpredictably, and the
  /// compiler turns `x == y ? 1 : 0` here into branches that mispredict. For d = x ^ y,
  /// `(d | -d) >> 31` is -1 when d ≠ 0 and 0 when d = 0, so adding 1 counts the equal ones.
  static func initiations(_ initiators: UnsafeBufferPointer<Int32>, ego: Int32, contact: Int32)
    -> (ego: Int, contact: Int)
  {
    @inline(__always) func isZero(_ d: Int32) -> Int32 { ((d | (0 &- d)) >> 31) &+ 1 }
    var mine: Int32 = 0
    var theirs: Int32 = 0
    for who in initiators {
      mine &+= isZero(who ^ ego)
      theirs &+= isZero(who ^ contact)
    }
    return (Int(mine), Int(theirs))
  }

  /// The entry for one contact (nil when they have no exchange or interaction with the ego).
  public static func entry(in snapshot: NetworkSnapshot, ego: Int32, contact: Int32)
    -> ReciprocityEntry?
  {
    report(in: snapshot, ego: ego).entries.first { $0.person == contact }
  }
}
