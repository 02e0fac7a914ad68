import Foundation
import KithTestSupport
import Testing

/// `kith export csv`: tables that `kith import csv` reads back into the same records.
@Suite("Export CSV")
struct ExportCSVTests {
  static let asOf = "2026-06-01"

  /// A store with namesakes, a handle of the user's own, lists, a current job, a birthday,
  /// group interactions (one without the ego), awkward summaries and explicit ties.
  static func record(_ box: CLISandbox) throws {
    try box.ok(["init", "--me", "Alex Morgan"])
    try "name,birthday,email\nBo Builder,1990-05-17,bo@example.com\n".write(
      toFile: box.file("seed.csv"), atomically: true, encoding: .utf8)
    try box.ok(["import", "csv", "$DIR/seed.csv"], quietStderr: false)
    try box.ok(
      [
        "person", "add", "Jane Doe", "--email", "jane@example.com", "--email",
        "j.doe@work.example", "--phone", "+44 20 7946 0000", "--tag", "alumni", "--tag",
        "close friends", "--alias", "JD", "--url", "https://linkedin.com/in/janedoe",
      ], quietStderr: false)
    try box.ok(["person", "add", "Sam Lee", "--handle", "sammy"], quietStderr: false)
    try box.ok(["person", "add", "Sam Lee"], quietStderr: false)
    try box.ok(["org", "add", "Acme, Inc."], quietStderr: false)
    try box.ok(["affiliate", "jane-doe", "acme-inc", "--role", "CTO"], quietStderr: false)
    let logs: [[String]] = [
      [
        "log", "meeting", "--with", "jane-doe", "--with", "sammy", "--on", "2026-01-10",
        "--summary", "Lunch, \"planning\"\nsecond line", "--by", "jane-doe", "--follow-up",
        "2026-02-01",
      ],
      ["log", "call", "--with", "sam-lee", "--on", "2026-01-11T15:30:00Z", "--channel", "zoom"],
      [
        "log", "meeting", "--with", "jane-doe", "--with", "sam-lee", "--no-ego", "--on",
        "2026-01-12", "--summary", "They met without me",
      ],
      [
        "log", "message", "--with", "bo-builder", "--on", "2026-01-12",
        "--summary", "=HYPERLINK(\"http://x.example\")",
      ],
      ["log", "meeting", "--with", "sam-lee", "--with", "sammy", "--on", "2026-01-09"],
      ["tie", "jane-doe", "sammy", "--weight", "2.5", "--on", "2025-06-01"],
      ["tie", "bo-builder", "sam-lee"],
      ["give", "advice", "--from", "jane-doe", "--to", "me", "--note", "CV tips, thanks"],
      ["refer", "--by", "me", "--about", "sam-lee", "--to", "jane-doe", "--why", "both, fintech"],
    ]
    for arguments in logs { try box.ok(arguments + ["--as-of", asOf], quietStderr: false) }
  }

  /// The records of a backup that the CSV tables carry, with people as handles and without
  /// ids and sources, sorted (a new store numbers them afresh).
  static func comparable(_ box: CLISandbox, db: String) throws -> [String: [String]] {
    let backup = try #require(
      try JSONSerialization.jsonObject(with: Data(box.export(db: db).utf8)) as? [String: Any])
    let people = try #require(backup["people"] as? [[String: Any]])
    var handles: [Int: String] = [:]
    for p in people { handles[try #require(p["id"] as? Int)] = p["handle"] as? String }
    func handle(_ id: Any?) -> String { (id as? Int).flatMap { handles[$0] } ?? "-" }
    func text(_ value: Any?) -> String { value.map { "\($0)" } ?? "-" }
    let interactions = try #require(backup["interactions"] as? [[String: Any]]).map { i in
      [
        text(i["time"]), text(i["kind"]),
        ((i["participants"] as? [Int]) ?? []).map(handle).joined(separator: ";"),
        handle(i["initiator"]), text(i["summary"]), text(i["channel"]), text(i["followUp"]),
      ].joined(separator: "|")
    }
    let ties = try #require(backup["ties"] as? [[String: Any]]).map { t in
      [handle(t["a"]), handle(t["b"]), text(t["weight"]), text(t["date"])].joined(separator: "|")
    }
    return ["interactions": interactions.sorted(), "ties": ties.sorted()]
  }

  @Test("people, interactions and ties exported and imported into a new store are the same")
  func roundTrip() throws {
    let box = CLISandbox()
    try Self.record(box)
    for kind in ["people", "interactions", "ties"] {
      try box.ok(["export", "csv", "--kind", kind, "-o", "$DIR/\(kind).csv"], quietStderr: false)
    }
    let copy = box.file("copy.sqlite")
    try box.ok(["init", "--me", "Alex Morgan"], db: copy)
    try box.ok(["import", "csv", "$DIR/people.csv"], db: copy, quietStderr: false)
    try box.ok(
      ["import", "csv", "$DIR/interactions.csv", "--no-ego"], db: copy, quietStderr: false)
    try box.ok(["import", "csv", "$DIR/ties.csv", "--kind", "edges"], db: copy, quietStderr: false)

    let list = ["person", "list", "--json", "--as-of", Self.asOf]
    #expect(try box.ok(list, db: copy).stdout == box.ok(list).stdout)
    let (a, b) = (try Self.comparable(box, db: copy), try Self.comparable(box, db: box.db))
    #expect(a == b, "\(a)\n\(b)")
    let ties = ["ties", "--json", "--as-of", Self.asOf]
    #expect(try box.ok(ties, db: copy).stdout == box.ok(ties).stdout)
    // What a person's page shows: the current job, the birthday.
    let show = ["person", "show", "jane-doe", "--as-of", Self.asOf]
    let jane = try box.ok(show, db: copy).stdout
    #expect(jane.contains("CTO") && jane.contains("Acme, Inc."), "\(jane)")
    #expect(try box.ok(["person", "show", "bo-builder"], db: copy).stdout.contains("1990-05-17"))

    // Importing the same files again changes nothing.
    let before = try box.export(db: copy)
    try box.ok(["import", "csv", "$DIR/people.csv"], db: copy, quietStderr: false)
    try box.ok(
      ["import", "csv", "$DIR/interactions.csv", "--no-ego"], db: copy, quietStderr: false)
    #expect(try box.export(db: copy) == before)
  }

  @Test("quoting, dates, handles for namesakes, `me`, and the order by time then id")
  func interactionsText() throws {
    let box = CLISandbox()
    try Self.record(box)
    let csv = try box.ok(["export", "csv", "--kind", "interactions"]).stdout
    #expect(
      csv == """
        date,with,kind,by,summary,channel,follow up
        2026-01-09,me;sam-lee;sammy,meeting,,,,
        2026-01-10,me;jane-doe;sammy,meeting,jane-doe,"Lunch, ""planning""
        second line",,2026-02-01
        2026-01-11T15:30:00Z,me;sam-lee,call,,,zoom,
        2026-01-12,jane-doe;sam-lee,meeting,,They met without me,,
        2026-01-12,me;bo-builder,message,,"=HYPERLINK(""http://x.example"")",,

        """)
    #expect(!csv.contains("\r"))
    let escaped = try box.ok(["export", "csv", "--kind", "interactions", "--escape-formulas"])
    #expect(escaped.stdout.contains(",\"'=HYPERLINK(\"\"http://x.example\"\")\","))

    let people = try box.ok(["export", "csv", "--kind", "people", "--escape-formulas"]).stdout
    #expect(
      people == """
        handle,name,aliases,email,phone,url,company,title,tags,birthday
        bo-builder,Bo Builder,,bo@example.com,,,,,,1990-05-17
        jane-doe,Jane Doe,JD,jane@example.com;j.doe@work.example,'+44 20 7946 0000,https://linkedin.com/in/janedoe,"Acme, Inc.",CTO,alumni;close friends,
        sammy,Sam Lee,,,,,,,,
        sam-lee,Sam Lee,,,,,,,,

        """)
    let exchanges = try box.ok(["export", "csv", "--kind", "exchanges"]).stdout
    #expect(exchanges.hasPrefix("date,giver,receiver,kind,note\n"))
    #expect(exchanges.contains(",jane-doe,me,advice,\"CV tips, thanks\"\n"))
    let referrals = try box.ok(["export", "csv", "--kind", "referrals"]).stdout
    #expect(
      referrals.hasPrefix("id,date,referrer,recipient,referee,why,status,status date\n"))
    #expect(referrals.contains(",me,jane-doe,sam-lee,\"both, fintech\",suggested,"))
    let ties = try box.ok(["export", "csv", "--kind", "ties"]).stdout
    #expect(
      ties == "source,target,weight,date\nbo-builder,sam-lee,1,\njane-doe,sammy,2.5,2025-06-01\n")
  }

  @Test("a file is 0600 and summarised with --json; --json needs -o; a bad kind is a usage error")
  func fileAndErrors() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Alex Morgan"])
    // An empty store: the header alone.
    for (kind, header) in [
      ("people", "handle,name,aliases,email,phone,url,company,title,tags,birthday"),
      ("interactions", "date,with,kind,by,summary,channel,follow up"),
      ("ties", "source,target,weight,date"),
    ] {
      #expect(try box.ok(["export", "csv", "--kind", kind]).stdout == header + "\n")
    }
    let summary = try box.json(
      ["export", "csv", "--kind", "people", "-o", "$DIR/people.csv", "--json"])
    #expect(summary["file"] as? String == box.file("people.csv"))
    #expect(summary["kind"] as? String == "people")
    #expect(summary["rows"] as? Int == 0)
    #expect(summary["schemaVersion"] != nil && summary["ego"] as? String == "alex-morgan")
    #expect(summary["asOf"] is NSNull, "asOf echoes --as-of, as other commands do")
    #expect(permissions(box.file("people.csv")) == 0o600)
    let note = try box.ok(
      ["export", "csv", "--kind", "ties", "-o", "$DIR/ties.csv"], quietStderr: false)
    #expect(note.stdout.isEmpty && note.stderr.contains("0 rows"))

    let noFile = try box.run(["export", "csv", "--kind", "people", "--json"])
    #expect(noFile.status == 64 && noFile.stderr.contains("add -o FILE"), "\(noFile)")
    let badKind = try box.run(["export", "csv", "--kind", "edges"])
    #expect(badKind.status == 64 && badKind.stderr.contains("edges"), "\(badKind)")
    let noKind = try box.run(["export", "csv"])
    #expect(noKind.status == 64 && noKind.stderr.contains("--kind"), "\(noKind)")
    // The tables for a spreadsheet only, given back to import: said so.
    for kind in ["exchanges", "referrals"] {
      try box.ok(["export", "csv", "--kind", kind, "-o", "$DIR/\(kind).csv"], quietStderr: false)
      let back = try box.run(["import", "csv", "$DIR/\(kind).csv"])
      #expect(back.status == 65, "\(back)")
      #expect(
        back.stderr.contains(
          ":1:1: this is a table of \(kind) (as `kith export csv --kind \(kind)` writes it): \(kind) are not imported from CSV"
        ), "\(back)")
    }
  }

  @Test("a people file's handle is the new person's; a taken or bad one is a bad record")
  func importedHandles() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Alex Morgan"])
    try box.ok(["person", "add", "Kim Park", "--handle", "kp"], quietStderr: false)
    try "handle,name\nkim,Kim Park\nkp2,Kim Park\n".write(
      toFile: box.file("two.csv"), atomically: true, encoding: .utf8)
    try box.ok(["import", "csv", "$DIR/two.csv"], quietStderr: false)
    let list = try box.ok(["person", "list"]).stdout
    #expect(list.contains("kim ") && list.contains("kp2 "), "\(list)")
    for (row, message) in [
      ("kp,Kim Other", "'kp' is already the handle of Kim Park"),
      ("Not A Slug,Kim Other", "'Not A Slug' is not a handle"),
      ("me,Kim Other", "'me' is not a handle"),
    ] {
      try "handle,name\n\(row)\n".write(
        toFile: box.file("bad.csv"), atomically: true, encoding: .utf8)
      let before = try box.export()
      let result = try box.run(["import", "csv", "$DIR/bad.csv"])
      #expect(result.status == 65, "\(result)")
      #expect(result.stderr.contains("bad.csv:2:") && result.stderr.contains(message), "\(result)")
      #expect(try box.export() == before)
    }
  }
}
