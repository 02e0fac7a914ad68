import Foundation
import KithTestSupport
import Testing

/// Shell completion offers files (of the right kind, where there is one) and folders where a
/// command takes a path.
@Suite("Shell completion")
struct CompletionTests {
  struct Expected: Sendable, CustomTestStringConvertible {
    /// The completion function of the command: `_kith_import_vcard`.
    var function: String
    /// The case label of the option (`'-o'|'--output'`), or nil for the positional arguments
    /// (`1)` for a single file, `*)` for a list of them).
    var option: String?
    /// The completion the bash script runs there.
    var completion: String
    var testDescription: String { "\(function) \(option ?? "FILE")" }
  }

  static let expected: [Expected] = [
    Expected(function: "_kith_ties", option: "'--db'", completion: "-f"),
    Expected(function: "_kith_person_add", option: "'--db'", completion: "-f"),
    Expected(
      function: "_kith_export_json", option: "'-o'|'--output'",
      completion: "-o plusdirs -fX '!*.@(json)'"),
    Expected(function: "_kith_export_graphml", option: "'-o'|'--output'", completion: "-f"),
    Expected(
      function: "_kith_render", option: "'-o'|'--output'",
      completion: "-o plusdirs -fX '!*.@(svg|png|pdf|dot)'"),
    Expected(
      function: "_kith_render", option: "'--dot'", completion: "-o plusdirs -fX '!*.@(dot|gv)'"),
    Expected(
      function: "_kith_report", option: "'--html'", completion: "-o plusdirs -fX '!*.@(html|htm)'"),
    Expected(function: "_kith_demo", option: "'--out'", completion: "-d"),
    Expected(
      function: "_kith_demo", option: "'--fixture'", completion: "-o plusdirs -fX '!*.@(json)'"),
    Expected(function: "_kith_import_auto", option: nil, completion: "-f"),
    Expected(
      function: "_kith_import_linkedin", option: nil,
      completion: "-o plusdirs -fX '!*.@(zip|csv)'"),
    Expected(
      function: "_kith_import_vcard", option: nil, completion: "-o plusdirs -fX '!*.@(vcf|vcard)'"),
    Expected(
      function: "_kith_import_csv", option: nil, completion: "-o plusdirs -fX '!*.@(csv)'"),
    Expected(
      function: "_kith_import_json", option: nil, completion: "-o plusdirs -fX '!*.@(json)'"),
    Expected(function: "_kith_import_edges", option: nil, completion: "-f"),
    Expected(function: "_kith_import_ics", option: nil, completion: "-o plusdirs -fX '!*.@(ics)'"),
    Expected(function: "_kith_import_mbox", option: nil, completion: "-f"),
    Expected(function: "_kith_import_eml", option: nil, completion: "-o plusdirs -fX '!*.@(eml)'"),
  ]

  static let bashScript: Result<String, KithRunError> = {
    do {
      let result = try runKith(["--generate-completion-script", "bash"])
      guard result.status == 0 else { return .failure(KithRunError(description: "\(result)")) }
      return .success(result.stdout)
    } catch {
      return .failure(KithRunError(description: "\(error)"))
    }
  }()

  struct KithRunError: Error, Sendable, CustomStringConvertible {
    var description: String
  }

  @Test("bash completes paths where a command takes one", arguments: expected)
  func bash(_ e: Expected) throws {
    let script = try Self.bashScript.get()
    let start = try #require(script.range(of: "\n\(e.function)() {\n"), "no \(e.function)")
    let body = script[start.upperBound...]
    let end = body.range(of: "\n}\n")?.lowerBound ?? body.endIndex
    let function = body[..<end]
    // The line after the case label: `'--db')` for an option, `1)` or `*)` among the
    // positionals.
    let label: String
    let section: Substring
    if let option = e.option {
      label = "    \(option))\n"
      section = function
    } else {
      let positionals = try #require(
        function.range(of: "# Offer positional completions"), "\(e.function): no positionals")
      section = function[positionals.upperBound...]
      label = section.contains("    *)\n") ? "    *)\n" : "    1)\n"
    }
    let at = try #require(section.range(of: label), "\(e.testDescription): no case \(label)")
    let line = section[at.upperBound...].prefix { $0 != "\n" }
    #expect(
      line.trimmingCharacters(in: .whitespaces) == "__kith_add_completions \(e.completion)",
      "\(e.testDescription): \(line)")
  }
}
