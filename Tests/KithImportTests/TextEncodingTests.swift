import Foundation
import KithImport
import Testing

@Suite("Text encodings of imported files")
struct TextEncodingTests {
  static let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ångström\r\nEND:VCARD\r\n"

  static func utf16(_ text: String, bigEndian: Bool) -> Data {
    var data = Data(bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE])
    for unit in text.utf16 {
      let bytes = bigEndian ? unit.bigEndian : unit.littleEndian
      withUnsafeBytes(of: bytes) { data.append(contentsOf: $0) }
    }
    return data
  }

  @Test("UTF-16 with a byte-order mark is read, little- and big-endian", arguments: [false, true])
  func utf16(bigEndian: Bool) throws {
    let data = Self.utf16(Self.card, bigEndian: bigEndian)
    #expect(try ImportText.decode(data, path: "c.vcf", format: "a vCard file") == Self.card)
    let batch = try VCardReader.parse(
      ImportText.decode(data, path: "c.vcf", format: "a vCard file"), path: "c.vcf", now: Date())
    #expect(batch.people.map(\.name) == ["Zoë Ångström"])
  }

  @Test("a UTF-16 file is detected by its format")
  func utf16Sniffed() throws {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("kith-utf16-\(UUID().uuidString).vcf").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try Self.utf16(Self.card, bigEndian: false).write(to: URL(fileURLWithPath: path))
    let sniff = try FileSniff(path: path)
    #expect(!sniff.looksBinary)
    #expect(VCardReader.detect(sniff))
  }

  @Test("UTF-16 without a byte-order mark is named, with how to convert it")
  func utf16WithoutMark() throws {
    let data = Self.utf16(Self.card, bigEndian: false).dropFirst(2)
    #expect {
      try ImportText.decode(Data(data), path: "c.vcf", format: "a vCard file")
    } throws: { error in
      "\(error)".contains("UTF-16 text without a byte-order mark")
        && "\(error)".contains("iconv")
    }
  }

  @Test("a UTF-16 calendar is read")
  func utf16Calendar() throws {
    let text = [
      "BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "UID:u1", "DTSTART:20250101T090000Z",
      "ORGANIZER;CN=Zoë:mailto:z@example.com", "ATTENDEE:mailto:a@example.com", "END:VEVENT",
      "END:VCALENDAR",
    ].joined(separator: "\r\n")
    let calendar = try ICalendarReader.parse(
      Self.utf16(text, bigEndian: false), path: "c.ics", until: .max)
    #expect(calendar.events.map(\.organizer?.name) == ["Zoë"])
  }

  @Test("a Latin-1 card beside UTF-8 ones: each line is read in its own encoding")
  func mixedEncodings() throws {
    var data = Data("BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=ISO-8859-1:Ren".utf8)
    data.append(0xE9)  // é in ISO-8859-1
    data.append(contentsOf: Array("e\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:R. François\r\n".utf8))
    data.append(contentsOf: Array("END:VCARD\r\n".utf8))
    let text = try ImportText.decode(data, path: "m.vcf", format: "a vCard file")
    let batch = try VCardReader.parse(text, path: "m.vcf", now: Date())
    #expect(batch.people.map(\.name) == ["Renée", "R. François"])
  }
}

/// Text that is neither UTF-8 nor Windows-1252 is refused at its line, not read as
/// Windows-1252 into other characters; Windows-1252 text is still read.
@Suite("Files in other encodings")
struct ForeignEncodingTests {
  static func shiftJIS(_ text: String) throws -> Data {
    try #require(text.data(using: .shiftJIS))
  }

  static let header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"

  @Test("a Shift_JIS CSV (Excel on Japanese Windows) is refused at its first such line")
  func shiftJISCSV() throws {
    let data = try Self.shiftJIS(
      Self.header + "剛,山田,https://www.linkedin.com/in/y,,コーラル・キャピタル,パートナー,12 Mar 2024\r\n")
    #expect {
      try ImportText.decode(data, path: "c.csv", format: "a LinkedIn CSV file")
    } throws: { error in
      "\(error)"
        == "c.csv:2:1: this line is not UTF-8 (it looks like Shift_JIS); save the file as UTF-8 (in Excel, Save As › CSV UTF-8) or convert it (iconv -f CP932 -t UTF-8 FILE > NEW), then import that"
    }
  }

  @Test(
    "Shift_JIS that reads as Windows-1252 letters and symbols is refused too",
    arguments: ["山田,太郎\n", "斉藤,由紀\n", "ソニー\n", "田中\n"])
  func shortShiftJIS(_ line: String) throws {
    let data = try Data("name\n".utf8) + Self.shiftJIS(line)
    #expect {
      try ImportText.decode(data, path: "p.csv", format: "a CSV file")
    } throws: { error in
      "\(error)".hasPrefix("p.csv:2:1: this line is not UTF-8 (it looks like Shift_JIS)")
    }
  }

  @Test("Windows-1251 (Cyrillic) is refused, not read as Western letters")
  func cyrillic() throws {
    let data = try #require("name\nИван Петров\n".data(using: .windowsCP1251))
    #expect {
      try ImportText.decode(data, path: "p.csv", format: "a CSV file")
    } throws: { error in
      "\(error)".hasPrefix(
        "p.csv:2:1: this line is not UTF-8 (it is in another encoding, such as GBK, Big5, EUC-KR or Windows-1251)"
      )
    }
  }

  @Test(
    "Windows-1252 text is read as before",
    arguments: [
      "Renée Dupont", "don’t “quote” me – ok…", "Größe Straße", "Šárka Nováková", "Zoë Ångström",
      "„Hallo“, sagte Jürgen", "Œuvre € 20 • ™", "São João",
    ])
  func western(_ text: String) throws {
    let data = try #require("name\n\(text)\n".data(using: .windowsCP1252))
    #expect(try ImportText.decode(data, path: "p.csv", format: "a CSV file") == "name\n\(text)\n")
  }

  @Test("a Shift_JIS calendar is refused at the line")
  func shiftJISCalendar() throws {
    var data = Data(
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:u1\r\nDTSTART:20250101T090000Z\r\n"
        .utf8)
    data += try Self.shiftJIS("SUMMARY:山田さんと打ち合わせ\r\n")
    data += Data(
      "ORGANIZER:mailto:z@example.com\r\nATTENDEE:mailto:a@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        .utf8)
    #expect {
      try ICalendarReader.parse(data, path: "c.ics", until: .max)
    } throws: { error in
      "\(error)".hasPrefix("c.ics:6:1: this line is not UTF-8 (it looks like Shift_JIS)")
        && !"\(error)".contains("Excel")
    }
  }

  @Test("a Shift_JIS edge list is refused at the line")
  func shiftJISEdges() throws {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("kith-sjis-\(UUID().uuidString).csv").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try (Data("source,target\n".utf8) + Self.shiftJIS("山田,斉藤\n")).write(
      to: URL(fileURLWithPath: path))
    #expect {
      try EdgeListReader.read(path: path)
    } throws: { error in
      "\(error)".hasPrefix("\(path):2:1: this line is not UTF-8 (it looks like Shift_JIS)")
    }
  }
}
