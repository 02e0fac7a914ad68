import Foundation
import KithGraph
import KithImport
import KithTestSupport
import Testing

// The backup reader reads Backup's JSON form as Foundation's JSONDecoder (Backup.makeDecoder)
// read it: these tests hold the two to each other on random backups written in several
// layouts, and check that every error names its line, column and field.

private func decode(_ text: String) throws(ImportError) -> Backup {
  try BackupReader.decode(Data(text.utf8), path: "b.json")
}

/// The error `text` gives, as the one line a user reads.
private func failure(_ text: String) -> String {
  do {
    _ = try decode(text)
    return "no error"
  } catch {
    return error.description
  }
}

/// A backup with one record of each kind, in compact JSON, with `replacing` applied.
private func minimal(replacing: [(String, String)] = []) -> String {
  var text = """
    {"schemaVersion": 1, "settings": {"half-life-days": "90"},
     "people": [{"id": 1, "handle": "ann", "name": "Ann", "aliases": [], "emails": [],
       "phones": [], "urls": [], "tags": [], "interests": []}],
     "organisations": [], "affiliations": [],
     "interactions": [{"id": 1, "time": "2026-01-01T10:00:00Z", "kind": "call",
       "participants": [1, 2]}],
     "exchanges": [], "referrals": [], "ties": [], "notes": [], "tagCadences": []}
    """
  for (old, new) in replacing { text = text.replacingOccurrences(of: old, with: new) }
  return text
}

@Suite("KithImport: the backup reader")
struct BackupReaderTests {
  @Test("random backups, pretty and compact: what JSONDecoder reads, and the backup written")
  func randomBackups() throws {
    for seed in 1...60 {
      let backup = RandomBackup.make(seed: UInt64(seed))
      for pretty in [true, false] {
        let data = try Backup.makeEncoder(pretty: pretty).encode(backup)
        let read = try BackupReader.decode(data, path: "b.json")
        #expect(read == backup, "seed \(seed), pretty \(pretty)")
        #expect(read == (try Backup.makeDecoder().decode(Backup.self, from: data)))
      }
    }
  }

  @Test("the demo network's backup file")
  func demoNetwork() throws {
    let data = try Backup.makeEncoder().encode(DemoNetwork.generate())
    #expect(try BackupReader.decode(data, path: "demo.json") == DemoNetwork.generate())
  }

  @Test("keys in any order, unknown keys skipped, null for an optional field, a byte order mark")
  func layouts() throws {
    let expected = try decode(minimal())
    #expect(expected.people.first?.name == "Ann" && expected.interactions.first?.kind == .call)
    #expect(expected.settings == ["half-life-days": "90"])
    let variants = [
      // Keys reversed within the person and the interaction.
      minimal(replacing: [
        (
          "{\"id\": 1, \"handle\": \"ann\", \"name\": \"Ann\",",
          "{\"name\": \"Ann\", \"id\": 1, \"handle\": \"ann\","
        ),
        (
          "\"kind\": \"call\",\n   \"participants\": [1, 2]}",
          "\"participants\": [1,2], \"kind\": \"call\"}"
        ),
      ]),
      // Unknown keys, with nested values of every kind.
      minimal(replacing: [
        (
          "\"tagCadences\": []",
          "\"tagCadences\": [], \"extra\": {\"a\": [1, -2.5e3, true, false, null, \"x\\u00e9\", {}], \"b\": []}"
        ),
        ("\"handle\": \"ann\",", "\"handle\": \"ann\", \"future\": [[[]]],"),
      ]),
      // Optional fields null, and whitespace everywhere.
      minimal(replacing: [
        (
          "\"participants\": [1, 2]}",
          "\"participants\" :\t[ 1 ,\r\n 2 ] , \"initiator\": null, \"summary\" : null , \"followUp\": null}"
        ),
        ("\"interests\": []", "\"interests\": [], \"cadenceDays\": null"),
      ]),
      "\u{FEFF}" + minimal(),
      // An integer written as a whole real number.
      minimal(replacing: [("\"id\": 1, \"handle\"", "\"id\": 1.0e0, \"handle\"")]),
    ]
    for (k, text) in variants.enumerated() {
      #expect(try decode(text) == expected, "variant \(k)")
    }
  }

  @Test("person details are read; a backup written before them (no personDetails) has none")
  func personDetails() throws {
    let old = minimal()
    #expect(try decode(old).personDetails == [])
    #expect(try Backup.makeDecoder().decode(Backup.self, from: Data(old.utf8)) == decode(old))
    let withDetails = minimal(replacing: [
      (
        "\"tagCadences\": []",
        "\"tagCadences\": [], \"personDetails\": [{\"value\": \"1980-02-03\", \"person\": 1, \"key\": \"birthday\"}]"
      )
    ])
    #expect(
      try decode(withDetails).personDetails == [
        PersonDetail(person: 1, key: "birthday", value: "1980-02-03")
      ])
    #expect(
      try Backup.makeDecoder().decode(Backup.self, from: Data(withDetails.utf8))
        == decode(withDetails))
    #expect(
      failure(
        minimal(replacing: [
          ("\"tagCadences\": []", "\"tagCadences\": [], \"personDetails\": [{\"person\": 1}]")
        ]))
        == "b.json:7:98: personDetails[0].key: missing")
  }

  @Test("the imports' bookkeeping is read; a backup written before it has none")
  func bookkeeping() throws {
    let old = try decode(minimal())
    #expect(old.importSources == [] && old.importRevisions == [] && old.retiredIDs == [:])
    let text = minimal(replacing: [
      (
        "\"tagCadences\": []",
        """
        "tagCadences": [],
         "importSources": [{"source": "vcard", "kind": "person", "sourceID": "uid-1", "entity": 1}],
         "importRevisions": [{"source": "ics", "sourceID": "a@b", "sequence": 2, "stamp": null,
           "modified": -62135596800}],
         "retiredIDs": {"tie": 3, "interaction": 12}
        """
      )
    ])
    let backup = try decode(text)
    #expect(
      backup.importSources == [
        ImportSource(source: "vcard", kind: "person", sourceID: "uid-1", entity: 1)
      ])
    #expect(
      backup.importRevisions == [
        ImportRevision(source: "ics", sourceID: "a@b", sequence: 2, modified: -62_135_596_800)
      ])
    #expect(backup.retiredIDs == ["interaction": 12, "tie": 3])
    #expect(try Backup.makeDecoder().decode(Backup.self, from: Data(text.utf8)) == backup)
    #expect(
      failure(text.replacingOccurrences(of: "\"entity\": 1", with: "\"entity\": \"1\""))
        == "b.json:8:89: importSources[0].entity: expected an integer, found a string")
    #expect(
      failure(text.replacingOccurrences(of: "\"sequence\": 2, ", with: ""))
        == "b.json:9:22: importRevisions[0].sequence: missing")
    #expect(
      failure(text.replacingOccurrences(of: "\"tie\": 3", with: "\"tie\": 3.5"))
        == "b.json:11:24: retiredIDs.tie: 3.5 is not a whole number of 64 bits")
  }

  @Test("an interaction's day: read as the calendar day, null or missing for a time")
  func interactionDays() throws {
    let dated = try decode(
      minimal(replacing: [("\"kind\": \"call\"", "\"kind\": \"call\", \"day\": \"2026-01-01\"")]))
    #expect(dated.interactions.map(\.day) == [20_454])
    let null = try decode(
      minimal(replacing: [("\"kind\": \"call\"", "\"kind\": \"call\", \"day\": null")]))
    #expect(null.interactions.map(\.day) == [nil])
    #expect(try decode(minimal()).interactions.map(\.day) == [nil])
  }

  @Test("dates in any form the command line accepts; escapes; non-Latin text")
  func datesAndText() throws {
    let backup = try decode(
      minimal(replacing: [
        ("2026-01-01T10:00:00Z", "2026-01-01T12:00:00+02:00"),
        (
          "\"name\": \"Ann\"",
          "\"name\": \"An\\u006e \\\"A\\\" \\\\ \\/ \\b\\f\\n\\r\\t \\ud83d\\ude42 李\""
        ),
      ]))
    #expect(backup.interactions.first?.time == Date(timeIntervalSince1970: 1_767_261_600))
    #expect(backup.people.first?.name == "Ann \"A\" \\ / \u{8}\u{C}\n\r\t 🙂 李")
    let plainDay = try decode(minimal(replacing: [("2026-01-01T10:00:00Z", "2026-01-01")]))
    #expect(plainDay.interactions.first?.time == Date(timeIntervalSince1970: 1_767_225_600))
  }

  @Test(
    "every error names line, column and field",
    arguments: [
      // Not JSON.
      ("{\n  \"schemaVersion\": 1,\n  \"people\": [,]\n}\n", "b.json:3:14: not valid JSON"),
      ("{\"schemaVersion\": 1,}", "b.json:1:21: not valid JSON: expected a field name"),
      ("{\"schemaVersion\" 1}", "b.json:1:18: not valid JSON: expected ':'"),
      ("[]", "b.json:1:1: expected an object, found a list"),
      ("", "b.json: the file is empty"),
      (minimal() + " {}", "b.json:7:80: not valid JSON: more text after the backup's object"),
      (
        minimal(replacing: [("\"Ann\"", "\"An\u{1}n\"")]),
        "b.json:2:51: not valid JSON: a control character"
      ),
      (minimal(replacing: [("\"Ann\"", "\"\\ud83d\"")]), "not valid JSON: a lone surrogate"),
      (
        minimal(replacing: [("\"Ann\"", "\"\\x\"")]),
        "b.json:2:49: not valid JSON: '\\x' is not an escape"
      ),
      (minimal(replacing: [("\"Ann\"", "\"Ann")]), "not valid JSON"),
      (
        minimal(replacing: [("[1, 2]", "[01, 2]")]),
        "b.json:6:21: not valid JSON: a number cannot start with 0"
      ),
      (
        minimal(replacing: [
          (
            "\"tagCadences\": []",
            "\"tagCadences\": [], \"x\": " + String(repeating: "[", count: 600)
          )
        ]),
        "not valid JSON: nested too deeply"
      ),
      // Valid JSON, but not a backup.
      (minimal(replacing: [("\"name\": \"Ann\", ", "")]), "b.json:2:13: people[0].name: missing"),
      (
        minimal(replacing: [("\"tagCadences\": []", "\"x\": 1")]),
        "b.json:1:1: tagCadences: missing"
      ),
      (
        minimal(replacing: [("\"id\": 1, \"handle\"", "\"id\": \"1\", \"handle\"")]),
        "b.json:2:20: people[0].id: expected an integer, found a string"
      ),
      (
        minimal(replacing: [("\"handle\": \"ann\"", "\"handle\": null")]),
        "b.json:2:33: people[0].handle: expected a string, found null"
      ),
      (
        minimal(replacing: [("[1, 2]", "[1, \"two\"]")]),
        "b.json:6:24: interactions[0].participants[1]: expected an integer, found a string"
      ),
      (
        minimal(replacing: [("[1, 2]", "[1, 99999999999999999999]")]),
        "interactions[0].participants[1]: 99999999999999999999 is not a whole number of 64 bits"
      ),
      (
        minimal(replacing: [("[1, 2]", "[1, 2.5]")]),
        "interactions[0].participants[1]: 2.5 is not a whole number"
      ),
      (
        minimal(replacing: [("2026-01-01T10:00:00Z", "2026-02-30")]),
        "b.json:5:37: interactions[0].time: '2026-02-30' is not a date (YYYY-MM-DD or ISO 8601)"
      ),
      (
        minimal(replacing: [("\"call\"", "\"lunch\"")]),
        "interactions[0].kind: 'lunch' is not an interaction kind (meeting, call, video, message, email, event, social, other)"
      ),
      (
        minimal(replacing: [
          ("\"kind\": \"call\"", "\"kind\": \"call\", \"day\": \"2026-01-01T00:00\"")
        ]),
        "b.json:5:84: interactions[0].day: '2026-01-01T00:00' is not a day (YYYY-MM-DD)"
      ),
      (
        minimal(replacing: [
          ("\"settings\": {\"half-life-days\": \"90\"}", "\"settings\": {\"half-life-days\": 90}")
        ]),
        "b.json:1:53: settings.half-life-days: expected a string, found a number"
      ),
      (
        minimal(replacing: [
          ("\"people\": [", "\"people\": {\"a\": ["),
          ("\"interests\": []}]", "\"interests\": []}]}"),
        ]),
        "b.json:2:12: people: expected a list, found an object"
      ),
    ])
  func errors(text: String, expected: String) {
    let message = failure(text)
    #expect(message.contains(expected), "got: \(message)")
  }

  @Test("text that is not UTF-8 is refused, with its place")
  func notUTF8() {
    var data = Data(minimal().utf8)
    let at = data.firstRange(of: Data("Ann".utf8))?.lowerBound ?? 0
    data[at + 1] = 0xFF
    #expect(throws: ImportError.self) { try BackupReader.decode(data, path: "b.json") }
    do {
      _ = try BackupReader.decode(data, path: "b.json")
    } catch {
      #expect(error.description == "b.json:2:49: not valid JSON: the text is not UTF-8")
    }
  }
}
