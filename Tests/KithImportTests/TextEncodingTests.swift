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
