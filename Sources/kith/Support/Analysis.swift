import Foundation
import KithExport
import KithGraph
import KithStore

/// What every ego-centric read command needs: the store, the ego and a snapshot as of --as-of.
struct Analysis {
  let store: KithStore
  let ego: Person
  let egoIndex: Int32
  let snapshot: NetworkSnapshot
  let asOf: Date

  init(_ global: GlobalOptions, asOf: Date? = nil) throws {
    store = try global.openStore()
    ego = try global.resolveEgo(store)
    self.asOf = asOf ?? global.now
    snapshot = try store.snapshot(asOf: self.asOf, ego: ego.id)
    guard let e = snapshot.index(ofPerson: ego.id) else { throw StoreError.noEgo }
    egoIndex = e
  }

  /// For an empty answer when you have no interaction recorded (up to the as-of date): why
  /// nothing can be overdue or planned yet, and how to record some; nil when you have some.
  var noHistoryHint: String? { Analysis.noHistoryHint(snapshot) }

  /// `noHistoryHint` for a snapshot whose ego history is its ego's.
  static func noHistoryHint(_ snapshot: NetworkSnapshot) -> String? {
    guard snapshot.activity.egoInteractions.time.isEmpty else { return nil }
    return
      "Kith has no interaction of yours to learn from yet (contacts alone, as from a LinkedIn export, carry no history): record them with `kith log`, or import a calendar or mail (`kith import ics`, `kith import mbox`)."
  }

  /// The dense index of a person the user named.
  func index(of reference: String) throws -> Int32 {
    if GlobalOptions.isMe(reference) { return egoIndex }
    let p = try store.resolvePersonNamingOrganisations(reference)
    guard let i = snapshot.index(ofPerson: p.id) else {
      throw StoreError.notFound(kind: "person", reference: reference, suggestions: [])
    }
    return i
  }

  func handle(_ u: Int32) -> String { snapshot.people.handles[Int(u)] }
  func name(_ u: Int32) -> String { snapshot.people.names[Int(u)] }

  /// {"handle", "name"} of a person index.
  func ref(_ u: Int32?) -> JSONValue {
    guard let u else { return .null }
    return ["handle": .string(handle(u)), "name": .string(name(u))]
  }

  /// The person or organisation a referral is about: {"handle", "name"}, an organisation's
  /// also with "organisation": true.
  func referee(_ r: SnapshotReferral) -> JSONValue {
    if let p = r.refereePerson { return ref(p) }
    if let o = r.refereeOrganisation {
      return [
        "handle": .string(snapshot.organisations.handles[Int(o)]),
        "name": .string(snapshot.organisations.names[Int(o)]), "organisation": true,
      ]
    }
    return .null
  }

  func json(_ fields: [String: JSONValue]) { Output.json(fields, asOf: asOf, ego: ego) }
}

extension KithStore {
  /// `resolvePerson`, and when nobody matches but an organisation does by its name or handle,
  /// an error that says so ("'Acme Robotics' is an organisation, not a person …").
  func resolvePersonNamingOrganisations(_ reference: String) throws -> Person {
    let failure: StoreError
    do {
      return try resolvePerson(reference)
    } catch {
      failure = error
    }
    guard case .notFound("person", let missing, let suggestions) = failure, suggestions.isEmpty,
      let org = try? resolveOrganisation(missing),
      TextKey.fold(missing) == TextKey.fold(org.name) || TextKey.fold(missing) == org.handle
    else { throw failure }
    throw CLIError.rejected(
      "'\(missing)' is an organisation, not a person: \(org.name) (\(org.handle)); see `kith org show \(org.handle)`"
    )
  }
}

/// The names of the people a text table or sentence lists, told apart: a name someone else in
/// the store also has (ignoring case and accents), listed or not, the ego too, gets the handle
/// after it, "Ana Souza (ana-souza-2)", since the text has no handle column and the reader
/// cannot tell which Ana Souza is meant; other names stay as they are. Whether one is shown
/// beside the other does not matter, so one serves every table of a snapshot.
/// - Complexity: O(n) name comparisons for the n people of the snapshot.
struct TableNames {
  private let snapshot: NetworkSnapshot
  private let shared: Set<String>

  init(_ snapshot: NetworkSnapshot) {
    self.snapshot = snapshot
    var seen = Set<String>()
    var shared = Set<String>()
    for name in snapshot.people.names {
      let key = TextKey.fold(name)
      if !seen.insert(key).inserted { shared.insert(key) }
    }
    self.shared = shared
  }

  func callAsFunction(_ u: Int32) -> String {
    let name = snapshot.people.names[Int(u)]
    guard isNamesake(u) else { return name }
    return "\(name) (\(snapshot.people.handles[Int(u)]))"
  }

  /// Whether `u` is named with the handle after the name: someone else has the same name.
  func isNamesake(_ u: Int32) -> Bool {
    shared.contains(TextKey.fold(snapshot.people.names[Int(u)]))
  }
}

/// A person's name in a reply, with the handle when someone else in the store has the same
/// name, so that the reply says which Ana Souza was meant.
func replyName(_ person: Person, _ store: KithStore) throws -> String {
  try store.people(named: person.name).count > 1 ? "\(person.name) (\(person.handle))" : person.name
}
