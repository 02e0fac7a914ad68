import Foundation
import KithTestSupport
import Testing

/// A merge that would lose history, or make someone else you, is refused without --force.
@Suite("kith merge: records between the two, and you")
struct MergeSafetyTests {
  /// You, two records that may be one person with a tie between them, and Ben, whom you met
  /// and who referred you to Acme.
  static func seeded() throws -> CLISandbox {
    let box = CLISandbox()
    for command in [
      ["init", "--me", "Priya Raman"], ["person", "add", "Ada Quill"],
      ["person", "add", "Ada Q"], ["person", "add", "Ben Okafor"], ["org", "add", "Acme"],
      ["tie", "ada-quill", "ada-q", "--on", "2026-03-01"],
      ["log", "meeting", "--with", "ben-okafor", "--on", "2026-06-20"],
      ["refer", "--by", "ben-okafor", "--about", "acme", "--on", "2026-07-01"],
    ] {
      try box.ok(command)
    }
    return box
  }

  @Test("records between the two are a sign of two people: refused, counted, kept")
  func recordsBetweenRefused() throws {
    let box = try Self.seeded()
    let before = try box.export()
    let refused = try box.run(["merge", "ada-quill", "ada-q"])
    #expect(refused.status == 65, "\(refused)")
    #expect(
      refused.stderrLines == [
        "kith: error: ada-quill and ada-q share 1 tie, which merging would delete (a sign they are different people); add --force to merge anyway"
      ], "\(refused)")
    #expect(try box.export() == before)
    let forced = try box.ok(["merge", "ada-quill", "ada-q", "--force"])
    #expect(forced.stdout.contains("Deleted 1 record that was between the two of them only."))
  }

  @Test(
    "a merge with you is refused without --force, and says what would go",
    arguments: [["merge", "me", "ben-okafor"], ["merge", "ben-okafor", "me"]])
  func egoRefused(_ arguments: [String]) throws {
    let box = try Self.seeded()
    let before = try box.export()
    let refused = try box.run(arguments)
    #expect(refused.status == 65, "\(refused)")
    #expect(
      refused.stderrLines == [
        "kith: error: this merge involves you (priya-raman): Ben Okafor (ben-okafor) would become you, and 1 interaction, 1 exchange and 1 referral between you would be deleted; add --force if ben-okafor is you"
      ], "\(refused)")
    #expect(try box.export() == before)
  }

  @Test("a merge with you and nothing between needs --force too; a plain merge does not")
  func egoWithoutRecords() throws {
    let box = try Self.seeded()
    try box.ok(["person", "add", "Priya at Work"])
    let refused = try box.run(["merge", "me", "priya-at-work"])
    #expect(refused.status == 65, "\(refused)")
    #expect(
      refused.stderr.contains(
        "Priya at Work (priya-at-work) would become you; add --force if priya-at-work is you"),
      "\(refused)")
    try box.ok(["merge", "me", "priya-at-work", "--force"])
    #expect(try box.ok(["person", "show", "me"]).stdout.contains("also known as: Priya at Work"))
    try box.ok(["person", "add", "Cai Lin"])
    try box.ok(["person", "add", "Cai Lin Work"])
    try box.ok(["merge", "cai-lin", "cai-lin-work"])
  }

  // Regression: merging two people who each had a cadence of their own kept KEEP's and dropped
  // OTHER's without a word.
  @Test("a merge keeps KEEP's cadence and says which it dropped; OTHER's moves when KEEP has none")
  func cadences() throws {
    let box = try Self.seeded()
    try box.ok(["cadence", "ada-quill", "20"])
    try box.ok(["cadence", "ada-q", "10"])
    try box.ok(["person", "add", "Cai Lin"])
    try box.ok(["person", "add", "Cai Lin Work"])
    try box.ok(["cadence", "cai-lin-work", "14"])
    try box.ok(["person", "add", "Dee Ray"])
    try box.ok(["person", "add", "Dee Ray Work"])
    try box.ok(["cadence", "dee-ray", "30"])
    try box.ok(["cadence", "dee-ray-work", "30"])

    let both = try box.ok(["merge", "ada-quill", "ada-q", "--force"]).stdout
    #expect(
      both.hasSuffix(
        "Kept the cadences of ada-quill where both had one: 1 cadence of ada-q's was dropped.\n"
      ), "\(both)")
    #expect(try box.ok(["cadence", "ada-quill"]).stdout.hasPrefix("Ada Quill: every 20 days"))

    let moved = try box.json(["merge", "cai-lin", "cai-lin-work", "--json"])
    #expect((moved["cadencesDropped"] as? NSNumber)?.intValue == 0)
    #expect(try box.ok(["cadence", "cai-lin"]).stdout.hasPrefix("Cai Lin: every 14 days"))

    // The same cadence on both: nothing dropped, nothing said.
    let same = try box.ok(["merge", "dee-ray", "dee-ray-work"]).stdout
    #expect(!same.contains("cadence"), "\(same)")
    try box.ok(["person", "add", "Eve Ng"])
    try box.ok(["person", "add", "Eve Ng Work"])
    #expect(
      (try box.json(["merge", "eve-ng", "eve-ng-work", "--json"])["cadencesDropped"] as? NSNumber)?
        .intValue == 0)
  }
}
