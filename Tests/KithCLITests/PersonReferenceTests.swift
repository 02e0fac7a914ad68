import Foundation
import KithTestSupport
import Testing

/// People are named by handle, name, alias or email, ignoring case, accents and extra spaces;
/// a unique first-name (word) prefix is enough.
@Suite("Naming people")
struct PersonReferenceTests {
  struct Reference: Sendable, CustomTestStringConvertible {
    var name: String
    var reference: String
    var handle: String
    var testDescription: String { "\(name): \"\(reference)\"" }
  }

  static let references: [Reference] = [
    Reference(name: "handle", reference: "jose-garcia", handle: "jose-garcia"),
    Reference(name: "exact name", reference: "José García", handle: "jose-garcia"),
    Reference(name: "upper case with accents", reference: "JOSÉ GARCÍA", handle: "jose-garcia"),
    Reference(name: "no accents, lower case", reference: "jose garcia", handle: "jose-garcia"),
    Reference(name: "extra spaces", reference: "  José   García ", handle: "jose-garcia"),
    Reference(name: "unique first-name prefix", reference: "jose", handle: "jose-garcia"),
    Reference(name: "short unique prefix", reference: "Jos", handle: "jose-garcia"),
    Reference(name: "unique last-name word", reference: "garcia", handle: "jose-garcia"),
    Reference(name: "alias", reference: "Pepe", handle: "jose-garcia"),
    Reference(name: "alias, other case", reference: "PEPE", handle: "jose-garcia"),
    Reference(name: "email", reference: "jose@acme.io", handle: "jose-garcia"),
    Reference(name: "email, upper case", reference: "JOSE@ACME.IO", handle: "jose-garcia"),
    Reference(name: "handle of a namesake", reference: "jane-doe-2", handle: "jane-doe-2"),
    Reference(name: "the other Jane by alias", reference: "JD2", handle: "jane-doe-2"),
    Reference(name: "handle beats a name", reference: "sam", handle: "sam"),
    Reference(
      name: "name whose first word is another's handle", reference: "Sam Lee", handle: "sam-lee"),
    Reference(name: "non-Latin script", reference: "山田 太郎", handle: "山田-太郎"),
  ]

  static func seed(_ box: CLISandbox) throws {
    try box.ok(["init", "--me", "Alex Morgan"])
    try box.ok(["person", "add", "José García", "--alias", "Pepe", "--email", "Jose@Acme.io"])
    try box.ok(["person", "add", "Jane Doe"])
    // A namesake is added, with a note naming the first.
    let namesake = try box.ok(["person", "add", "Jane Doe", "--alias", "JD2"], quietStderr: false)
    #expect(
      namesake.stderr.hasPrefix("note: already recorded under this name: Jane Doe (jane-doe);"))
    try box.ok(["person", "add", "Sam Lee"])
    try box.ok(["person", "add", "Samantha Sam", "--handle", "sam"])
    try box.ok(["person", "add", "山田 太郎"])
  }

  @Test("a reference finds the right person", arguments: references)
  func resolves(_ r: Reference) throws {
    let box = CLISandbox()
    try Self.seed(box)
    let document = try box.json(["person", "show", r.reference, "--json"])
    let person = try #require(document["person"] as? [String: Any])
    #expect(person["handle"] as? String == r.handle)
    // The same reference works where a command records something.
    let logged = try box.json([
      "log", "call", "--with", r.reference, "--on", "2026-01-01", "--json",
    ])
    let interaction = try #require(logged["interaction"] as? [String: Any])
    #expect(interaction["participants"] as? [String] == ["alex-morgan", r.handle])
  }

  @Test("a name shared by two people is ambiguous; their handles are not")
  func namesakes() throws {
    let box = CLISandbox()
    try Self.seed(box)
    let result = try box.run(["person", "show", "Jane Doe"])
    #expect(result.status == 65, "\(result)")
    #expect(
      result.stderr.contains("Jane Doe (jane-doe)")
        && result.stderr.contains("Jane Doe (jane-doe-2)"))
    let handles = try box.json(["person", "list", "--json"])["people"] as? [[String: Any]]
    #expect(handles?.compactMap { $0["handle"] as? String }.contains("jane-doe-2") == true)
  }

  @Test("a listing tells a namesake apart even when the other one is not listed")
  func namesakeNotListed() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Alex Morgan"])
    try box.ok(["person", "add", "John Smith"])
    try box.ok(["person", "add", "John Smith"], quietStderr: false)
    try box.ok([
      "log", "call", "--with", "john-smith-2", "--on", "2026-01-05", "--follow-up", "2026-01-20",
    ])
    let due = try box.ok(["followups", "--as-of", "2026-02-01"]).stdout
    #expect(due.contains("John Smith (john-smith-2)"), "\(due)")
    let plan = try box.ok(["plan", "--as-of", "2026-02-01"]).stdout
    #expect(plan.contains("John Smith (john-smith-2)") && !plan.contains("(john-smith)"), "\(plan)")
  }

  @Test("person edit renames; the old name stops matching, the new one matches")
  func editRenames() throws {
    let box = CLISandbox()
    try Self.seed(box)
    try box.ok(["person", "edit", "jane-doe", "--name", "Jane Doe-Smith", "--alias", "JDS"])
    let renamed = try box.json(["person", "show", "JDS", "--json"])
    #expect((renamed["person"] as? [String: Any])?["name"] as? String == "Jane Doe-Smith")
    // Only the other Jane is still called "Jane Doe".
    let other = try box.json(["person", "show", "Jane Doe", "--json"])
    #expect((other["person"] as? [String: Any])?["handle"] as? String == "jane-doe-2")
    try box.ok(["person", "edit", "jane-doe", "--handle", "jane-ds"])
    let moved = try box.json(["person", "show", "jane-ds", "--json"])
    #expect((moved["person"] as? [String: Any])?["name"] as? String == "Jane Doe-Smith")
  }

  /// An email names one person: another's address is refused (see FailureTests), a person's
  /// own address given again is not.
  @Test("person edit may repeat a person's own email, in another case")
  func ownEmailAgain() throws {
    let box = CLISandbox()
    try Self.seed(box)
    try box.ok(["person", "edit", "jose-garcia", "--email", "JOSE@acme.io"])
    try box.ok(["person", "add", "Kim Park", "--email", "kim@acme.io"])
    let jose = try box.json(["person", "show", "jose@acme.io", "--json"])
    #expect((jose["person"] as? [String: Any])?["handle"] as? String == "jose-garcia")
  }

  @Test("a handle that no longer exists does not silently match a longer handle")
  func staleHandle() throws {
    let box = CLISandbox()
    try Self.seed(box)
    try box.ok(["person", "remove", "jane-doe"])
    let before = try box.export()
    let result = try box.run(["log", "call", "--with", "jane-doe", "--on", "2026-01-01"])
    #expect(result.status == 65, "\(result)")
    #expect(result.stderr.contains("no person matches 'jane-doe'"), "\(result)")
    #expect(try box.export() == before, "a call was logged with someone else")
  }

  @Test("person remove --force removes the person and what mentions them")
  func removeForce() throws {
    let box = CLISandbox()
    try Self.seed(box)
    try box.ok(["log", "meeting", "--with", "sam-lee", "--on", "2026-01-01"])
    try box.ok(["log", "meeting", "--with", "sam-lee", "--with", "jose", "--on", "2026-01-02"])
    let removed = try box.ok(["person", "remove", "sam-lee", "--force"])
    #expect(
      removed.stdout
        == "Removed Sam Lee (sam-lee). 1 interaction with others stays for them, without Sam Lee; their ties keep the same strength.\n"
    )
    let backup = try #require(
      try JSONSerialization.jsonObject(with: Data(try box.export().utf8)) as? [String: Any])
    // The 2-person meeting went; the 3-person one stays with two participants.
    let interactions = try #require(backup["interactions"] as? [[String: Any]])
    #expect(interactions.count == 1)
    let ties =
      try box.json(["ties", "--as-of", "2026-01-02", "--json"])["ties"] as? [[String: Any]]
    #expect(ties?.compactMap { $0["handle"] as? String } == ["jose-garcia"])
  }
}
