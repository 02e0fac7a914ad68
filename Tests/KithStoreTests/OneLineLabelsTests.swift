import Foundation
import GRDB
import KithGraph
import KithTestSupport
import Testing

@testable import KithStore

// Names, aliases, tags, roles and the other one-line fields are cleaned wherever they enter
// the store (`KithStore.label`), never refused: a store an earlier version wrote, and its
// backup, hold what that version accepted.
@Suite("One-line labels (migration v14)")
struct OneLineLabelsTests {
  static let t0 = Date(timeIntervalSince1970: 1_767_225_600)

  /// What an earlier version let into a store: line breaks, control characters, a zero-width
  /// space and a right-to-left override in names, aliases, tags, roles and organisation names,
  /// a name of 400 characters, and a name of nothing but a control character. List columns
  /// are JSON, which escapes control characters.
  static let oldRows = """
    INSERT INTO person (id, handle, name, aliases, tags) VALUES
      (1, 'old-me', 'Old Me', '[]', '[]'),
      (2, 'line-break', 'Line' || char(10) || 'Break', '["L\\tB"]',
        '["a\\nb", "Team"]'),
      (3, 'ctrl', char(1) || 'ctrl', '[]', '["te\\u001bam"]'),
      (4, 'zero-width', 'Zero' || char(8203) || 'Width', '["RTL\\u202eevil"]', '[]'),
      (5, 'long', '\(String(repeating: "B", count: 400))', '[]', '[]'),
      (6, 'blank', char(2), '[]', '[]');
    INSERT INTO person_key (key, person_id, kind) VALUES
      ('line' || char(10) || 'break', 2, 'name'), (char(1) || 'ctrl', 3, 'name');
    INSERT INTO person_tag (tag, person_id) VALUES
      ('a' || char(10) || 'b', 2), ('team', 2), ('te' || char(27) || 'am', 3);
    INSERT INTO organisation (id, handle, name, tags) VALUES
      (1, 'multi-line-org', 'Multi' || char(10) || 'Line Org', '["x\\ny"]');
    INSERT INTO organisation_key (key, organisation_id) VALUES
      ('multi' || char(10) || 'line org', 1);
    INSERT INTO affiliation (id, person_id, organisation_id, role) VALUES
      (1, 2, 1, 'Head' || char(10) || 'of Things'), (2, 3, 1, char(27));
    INSERT INTO meta (key, value) VALUES ('ego', '1');
    INSERT INTO tag_cadence (ego_id, tag, days) VALUES
      (1, 'a' || char(10) || 'b', 14), (1, 'team', 7), (1, 'te' || char(27) || 'am', 30);
    """

  @Test("a store from schema v13 gets its one-line fields cleaned, with its lookup keys")
  func migrationFromV13() throws {
    let dir = TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.file("v13.sqlite")
    try KithStore.createDatabase(path: path, upTo: "v13-ego-cadences", sql: Self.oldRows)
    let store = try KithStore(path: path)
    let people = try store.people()
    #expect(
      Set(people.map(\.name)) == [
        "Old Me", "Line Break", "ctrl", "ZeroWidth", String(repeating: "B", count: 400), "blank",
      ])
    let line = try store.person(id: 2)
    #expect(line.aliases == ["L B"])
    #expect(line.tags == ["a b", "team"])
    #expect(try store.person(id: 3).tags == ["team"])
    #expect(try store.person(id: 4).aliases == ["RTLevil"])
    // The keys follow: the cleaned names and tags find them, the old ones are gone.
    #expect(try store.resolvePerson("Line Break").id == 2)
    #expect(try store.resolvePerson("ctrl").id == 3)
    #expect(try store.resolvePerson("RTLevil").id == 4)
    #expect(try store.people(taggedWith: "a b").map(\.id) == [2])
    #expect(try store.people(taggedWith: "team").map(\.id) == [3, 2], "by name")
    #expect(
      try store.tagUses().map(\.tag) == ["a b", "team"],
      "no tag keeps its control character")
    #expect(try store.resolveOrganisation("Multi Line Org").id == 1)
    #expect(try store.organisation(id: 1).name == "Multi Line Org")
    #expect(try store.organisation(id: 1).tags == ["x y"])
    #expect(try store.affiliations(organisation: 1).map(\.role) == ["Head of Things", nil])
    // Two cadences of one ego that became the same tag: the one already clean is kept.
    #expect(
      try store.tagCadences(ego: 1).map { "\($0.tag) \($0.days)" }.sorted() == [
        "a b 14", "team 7",
      ])
  }

  @Test("the backup of a migrated store restores, and so does one an earlier version wrote")
  func backupOfOldStoreRestores() throws {
    let dir = TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.file("v13.sqlite")
    try KithStore.createDatabase(path: path, upTo: "v13-ego-cadences", sql: Self.oldRows)
    let store = try KithStore(path: path)
    let backup = try store.exportBackup()
    let restored = try KithStore(path: dir.file("restored.sqlite"))
    try restored.importBackup(backup)
    #expect(try restored.exportBackup() == backup)

    // The backup as the earlier version wrote it, names raw: restored cleaned, not refused.
    var raw = backup
    raw.people[1].name = "Line\nBreak"
    raw.people[2].name = "\u{1}ctrl"
    raw.people[2].aliases = ["\u{202E}evil", "\u{1B}[31mRed"]
    raw.people[2].tags = ["te\u{1B}am"]
    raw.organisations[0].name = "Multi\nLine\u{7F} Org"
    raw.affiliations[0].role = "Head\nof Things"
    let cadence = try #require(raw.tagCadences.firstIndex { $0.tag == "a b" })
    raw.tagCadences[cadence].tag = "a\nb"
    let again = try KithStore(path: dir.file("again.sqlite"))
    try again.importBackup(raw)
    var expected = backup
    expected.people[2].aliases = ["evil", "[31mRed"]
    #expect(try again.exportBackup() == expected)
    #expect(try again.person(id: 3).name == "ctrl")
  }

  // Regression: a backup restored by an earlier version weighed a meeting by the people still
  // named, not by everyone who took part, and left those ties up to twice as strong; only a
  // rebuild of the ledger (a change of half-life) repaired them.
  @Test("the migration rebuilds the tie ledger from the interactions")
  func migrationRebuildsLedger() throws {
    let dir = TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.file("doubled.sqlite")
    var ids: (me: Int64, other: Int64) = (0, 0)
    do {
      let store = try KithStore(path: path)
      let me = try store.initialise(me: "Me")
      let other = try store.addPerson(Person(name: "Other"))
      ids = (me.id, other.id)
      _ = try store.addInteractions([
        Interaction(time: Self.t0, kind: .meeting, participants: [me.id, other.id])
      ])
    }
    // The ledger as that restore left it: a meeting of three weighed as one of two.
    let queue = try DatabaseQueue(path: path)
    try queue.write { db in
      try db.execute(sql: "UPDATE interaction SET participant_count = 3")
      try db.execute(
        sql: "DELETE FROM grdb_migrations WHERE identifier = 'v14-one-line-labels'")
    }
    try queue.close()
    let store = try KithStore(path: path)
    let snapshot = try store.snapshot(asOf: Self.t0)
    let u = try #require(snapshot.index(ofPerson: ids.me))
    let v = try #require(snapshot.index(ofPerson: ids.other))
    // 1/(3 − 1) of a meeting, not 1.
    #expect(abs(snapshot.strength(u, v) - 0.5) < 1e-3, "\(snapshot.strength(u, v))")
  }

  @Test("names, tags, roles and organisations added or imported now are cleaned the same way")
  func cleanedOnTheWayIn() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let p = try store.addPerson(
      Person(
        name: "Zero\u{200B}Width\u{2066}", aliases: ["Bad\u{1}Alias", "👩‍💻 Dev"],
        tags: ["A\nB", "\u{1B}"]))
    #expect(p.name == "ZeroWidth")
    #expect(p.aliases == ["BadAlias", "👩‍💻 Dev"], "the zero-width joiner is kept")
    #expect(p.tags == ["a b"])
    let long = String(repeating: "x", count: 400)
    #expect(try store.addPerson(Person(name: long)).name == long, "the store keeps long names")
    let org = try store.addOrganisation(Organisation(name: "Org\u{202E}Name", tags: ["T\tU"]))
    #expect(org.name == "OrgName")
    #expect(org.tags == ["t u"])
    let job = try store.addAffiliation(
      Affiliation(person: p.id, organisation: org.id, role: "Chief\nOfficer"))
    #expect(try store.affiliations(person: p.id).map(\.role) == ["Chief Officer"])
    var ended = job
    ended.role = "\u{2}"
    _ = try store.updateAffiliation(ended)
    #expect(try store.affiliations(person: p.id).map(\.role) == [nil])
    try store.setTagCadence(TagCadence(tag: "A\nB", days: 5))
    #expect(try store.tagCadences().map(\.tag) == ["a b"])
  }

  @Test("a store from schema v14 gets keys that find Łukasz as lukasz and an emoji name without it")
  func latinKeysFromV14() throws {
    let dir = TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.file("v14.sqlite")
    try KithStore.createDatabase(
      path: path, upTo: "v14-one-line-labels",
      sql: """
        INSERT INTO person (id, handle, name, aliases, tags) VALUES
          (1, 'me', 'Me', '[]', '[]'), (2, 'łukasz-kowalski', 'Łukasz Kowalski', '[]', '[]'),
          (3, 'zoe-chen', 'Zoë Chen 🚀', '[]', '[]');
        INSERT INTO person_key (key, person_id, kind) VALUES
          ('łukasz-kowalski', 2, 'handle'), ('łukasz kowalski', 2, 'name'),
          ('zoe chen 🚀', 3, 'name');
        INSERT INTO organisation (id, handle, name, tags) VALUES (1, 'sørlandet', 'Sørlandet', '[]');
        INSERT INTO organisation_key (key, organisation_id) VALUES ('sørlandet', 1);
        INSERT INTO meta (key, value) VALUES ('ego', '1');
        """)
    let store = try KithStore(path: path)
    #expect(try store.resolvePerson("lukasz").id == 2)
    #expect(try store.resolvePerson("Łukasz Kowalski").id == 2)
    #expect(try store.resolvePerson("łukasz-kowalski").id == 2, "the handle as it is")
    #expect(try store.resolvePerson("zoe chen").id == 3)
    #expect(try store.resolveOrganisation("sorlandet").id == 1)
    #expect(try store.person(id: 2).name == "Łukasz Kowalski", "names are kept")
  }
}
