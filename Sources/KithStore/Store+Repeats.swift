import Foundation
import GRDB
import KithGraph

/// Records already stored that a new one would repeat: what a hand-typed command run twice
/// (from the shell's history, say) leaves behind. People do meet twice, so a repeat is still
/// recorded; these look-ups let the command say which earlier record it repeats.
extension KithStore {
  /// The earliest stored interaction of the same kind, at the same second, among the same
  /// people as `interaction`, or nil.
  public func repeatedInteraction(of interaction: Interaction) throws(StoreError) -> Int64? {
    let people = Set(interaction.participants)
    guard let anyone = people.first else { return nil }
    return try read { db in
      let candidates = try Int64.fetchAll(
        db,
        sql: """
          SELECT interaction.id FROM interaction_participant p
          JOIN interaction ON interaction.id = p.interaction_id
          WHERE p.person_id = ? AND interaction.time = ? AND interaction.kind = ?
            AND interaction.participant_count = ? AND interaction.id <> ?
          ORDER BY interaction.id
          """,
        arguments: [
          anyone, KithTime.seconds(interaction.time), interaction.kind.rawValue, people.count,
          interaction.id,
        ])
      return try candidates.first { id in
        let stored = try Int64.fetchAll(
          db, sql: "SELECT person_id FROM interaction_participant WHERE interaction_id = ?",
          arguments: [id])
        return Set(stored) == people
      }
    }
  }

  /// The earliest stored explicit tie between the same two people (either way round) as
  /// `tie`, with the same date or undated like it, or nil. The weight does not matter: a
  /// second tie adds its weight to the first.
  public func repeatedTie(of tie: Tie) throws(StoreError) -> Tie? {
    try explicitTies(between: tie.a, tie.b)
      .filter { $0.id != tie.id && $0.date.map(KithTime.seconds) == tie.date.map(KithTime.seconds) }
      .min { $0.id < $1.id }
  }

  /// The earliest stored exchange of the same kind from the same giver to the same receiver
  /// at the same second as `exchange`, or nil.
  public func repeatedExchange(of exchange: Exchange) throws(StoreError) -> Int64? {
    try read { db in
      try Int64.fetchOne(
        db,
        sql: """
          SELECT min(id) FROM exchange
          WHERE giver_id = ? AND receiver_id = ? AND kind = ? AND time = ? AND id <> ?
          """,
        arguments: [
          exchange.giver, exchange.receiver, exchange.kind.rawValue,
          KithTime.seconds(exchange.time), exchange.id,
        ])
    }
  }

  /// The earliest stored referral still open (neither reported back nor declined) with the
  /// same referrer, recipient and referee as `referral`, or nil.
  public func repeatedOpenReferral(of referral: Referral) throws(StoreError) -> Referral? {
    try referrals().first {
      $0.id != referral.id && !$0.status.isClosed && $0.referrer == referral.referrer
        && $0.recipient == referral.recipient && $0.refereePerson == referral.refereePerson
        && $0.refereeOrganisation == referral.refereeOrganisation
    }
  }

  /// The people already named `name` (or with it as an alias), ignoring case, accents and
  /// spacing, by name then handle: whom a new person of that name may be a second record of.
  public func people(named name: String) throws(StoreError) -> [Person] {
    try read { db in
      try Int64.fetchAll(
        db,
        sql: """
          SELECT DISTINCT person_id FROM person_key WHERE key = ? AND kind IN ('name', 'alias')
          """, arguments: [TextKey.fold(TextKey.trimmed(name))]
      ).compactMap { try Self.fetchPerson(id: $0, db) }
        .sorted { ($0.name, $0.handle) < ($1.name, $1.handle) }
    }
  }
}
