import Foundation
import KithTestSupport
import Testing

/// Moving a real address book, calendar and mailbox in: the files as the services write them,
/// downloaded twice, older and newer.
@Suite("kith import of real exports")
struct ImportRealDataTests {
  func sandbox() throws -> CLISandbox {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Test User"])
    return box
  }

  func write(_ text: String, _ path: String) throws {
    try text.write(toFile: path, atomically: true, encoding: .utf8)
  }

  /// The counts of a `--json` import of one file.
  func counts(_ json: [String: Any]) throws -> [String: [String: Int]] {
    let files = try #require(json["files"] as? [[String: Any]])
    return try #require(files.first?["counts"] as? [String: [String: Int]])
  }

  @Test("the same CSV rows under another file name change nothing (people, notes, calls, edges)")
  func csvUnderAnotherName() throws {
    let box = try sandbox()
    let people = """
      email,company,last name,first name,tags,notes
      sam@taylor.example,Taylor Consulting,Taylor,Sam,clients,"Knows everyone in fintech"
      ,Coho Winery,Wilson,Emma,wine,Met at the tasting

      """
    let interactions = "date,with,kind\n2026-01-05,Emma Wilson,call\n2026-01-06,Sam Taylor,call\n"
    let edges = "source,target\nEmma Wilson,Sam Taylor\n"
    try write(people, box.file("contacts.csv"))
    try write(people, box.file("contacts (1).csv"))
    try write(interactions, box.file("calls.csv"))
    try write(interactions, box.file("calls-2026-01.csv"))
    try write(edges, box.file("edges.csv"))
    try write(edges, box.file("edges (1).csv"))
    try box.ok(["import", "csv", box.file("contacts.csv")])
    try box.ok(["import", "csv", box.file("calls.csv")])
    try box.ok(["import", "csv", box.file("edges.csv")])
    let again = try counts(box.json(["import", "csv", box.file("contacts (1).csv"), "--json"]))
    #expect(again["people"]?["added"] == 0, "\(again)")
    #expect(again["notes"] == ["added": 0, "merged": 0, "unchanged": 2, "skipped": 0], "\(again)")
    let calls = try counts(box.json(["import", "csv", box.file("calls-2026-01.csv"), "--json"]))
    #expect(
      calls["interactions"] == ["added": 0, "merged": 0, "unchanged": 2, "skipped": 0],
      "\(calls)")
    let ties = try counts(box.json(["import", "csv", box.file("edges (1).csv"), "--json"]))
    #expect(ties["ties"]?["added"] == 0, "\(ties)")
    let list = try box.ok(["person", "list"]).stdout
    #expect(!list.contains("emma-wilson-2"), "\(list)")
    let show = try box.ok(["person", "show", "emma-wilson"]).stdout
    #expect(show.components(separatedBy: "Met at the tasting").count == 2, "\(show)")
    let history = try box.ok(["history", "emma-wilson"]).stdout
    #expect(history.components(separatedBy: "call").count == 2, "\(history)")
  }
}
