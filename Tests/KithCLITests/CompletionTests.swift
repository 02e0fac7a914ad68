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

  /// What bash offers for `words` (the last one being completed) with the completion script
  /// loaded, in `folder`.
  static func bashCompletions(_ words: [String], in folder: String) throws -> [String] {
    let script = (folder as NSString).appendingPathComponent(".kith-completion.bash")
    try Data(try bashScript.get().utf8).write(to: URL(fileURLWithPath: script))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.currentDirectoryURL = URL(fileURLWithPath: folder)
    process.arguments =
      [
        "-c",
        """
        source "$0"
        COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
        _kith kith "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
        printf '%s\\n' "${COMPREPLY[@]}"
        """,
        script,
      ] + words
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init).sorted()
  }

  @Test(
    "bash completes files after `kith import`, whose default format is auto",
    .enabled(if: FileManager.default.isExecutableFile(atPath: "/bin/bash")))
  func importOffersFiles() throws {
    let folder = TemporaryDirectory("kith-completion")
    defer { folder.remove() }
    for name in ["contacts.vcf", "calendar.ics"] {
      #expect(FileManager.default.createFile(atPath: folder.file(name), contents: Data()))
    }
    let first = try Self.bashCompletions(["kith", "import", ""], in: folder.path)
    #expect(Set(["contacts.vcf", "calendar.ics", "vcard", "ics", "auto"]).isSubset(of: first))
    #expect(
      try Self.bashCompletions(["kith", "import", "con"], in: folder.path) == ["contacts.vcf"])
    #expect(try Self.bashCompletions(["kith", "import", "ic"], in: folder.path) == ["ics"])
    // After a file, more files (not the format names).
    #expect(
      try Self.bashCompletions(["kith", "import", "contacts.vcf", "c"], in: folder.path) == [
        "calendar.ics", "contacts.vcf",
      ])
    #expect(
      try Self.bashCompletions(["kith", "import", "vcard", ""], in: folder.path) == ["contacts.vcf"]
    )
  }

  /// The script kith prints for `shell`.
  static func script(_ shell: String) throws -> String {
    let result = try runKith(["--generate-completion-script", shell])
    guard result.status == 0 else { throw KithRunError(description: "\(result)") }
    return result.stdout
  }

  /// Runs `executable` with `arguments` in `folder` and returns the first field of each line
  /// it prints, sorted and without repeats.
  static func completions(_ executable: String, _ arguments: [String], in folder: String) throws
    -> [String]
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.currentDirectoryURL = URL(fileURLWithPath: folder)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
    return Set(lines.map { String($0.prefix { $0 != "\t" }) }).sorted()
  }

  /// What zsh offers for `line` (completed at its end), with kith's completion function loaded
  /// from `folder`: an interactive zsh on a pseudo-terminal (zpty), where `compadd` also writes
  /// each candidate it is given to a file (the terminal's output can come in pieces). The
  /// markers are typed in two quoted parts, so that only their output matches. The line to
  /// complete is typed once the line editor has started again (`zle-line-init`): typed between
  /// two commands, while the terminal is in canonical mode, its Ctrl-U would erase it before
  /// the editor saw the Tab.
  static func zshCompletions(_ line: String, in folder: String) throws -> [String] {
    try Data(try script("zsh").utf8).write(to: URL(fileURLWithPath: folder + "/_kith"))
    let capture = """
      zmodload zsh/zpty
      hits=$1/.hits
      : > $hits
      zpty z zsh -f -i
      zpty -w z "PROMPT=; RPROMPT=; fpath=(${(q)1} \\$fpath); autoload -U compinit; compinit -u -D"
      zpty -w z "compadd () { builtin compadd -O __hits \\"\\$@\\"; print -rl -- \\$__hits >> ${(q)hits}; builtin compadd \\"\\$@\\" }"
      zpty -w z "zle-line-init () { print -n '<li''ne>' }; zle -N zle-line-init"
      zpty -w z "print -r -- '<rea''dy>'"
      zpty -r z out '*<ready>*'
      zpty -r z out '*<line>*'
      zpty -w -n z "$2"$'\\t'
      zpty -w z $'\\C-u'"print -r -- '<do''ne>'"
      zpty -r z out '*<done>*'
      zpty -d z
      cat $hits
      """
    return try completions("/usr/bin/zsh", ["-f", "-c", capture, "zsh", folder, line], in: folder)
  }

  /// Files to complete and a folder for the zsh function, in a new temporary folder.
  static func completionFolder() -> TemporaryDirectory {
    let folder = TemporaryDirectory("kith-completion")
    for name in ["contacts.vcf", "calendar.ics"] {
      FileManager.default.createFile(atPath: folder.file(name), contents: Data())
    }
    return folder
  }

  /// What fish offers for `line` (completed at its end), with kith's completion script loaded.
  static func fishCompletions(_ line: String, in folder: String) throws -> [String] {
    try Data(try script("fish").utf8).write(to: URL(fileURLWithPath: folder + "/kith.fish"))
    return try completions(
      "/usr/bin/fish", ["-c", "source kith.fish; complete -C $argv[1]", line], in: folder)
  }

  /// What `shell` offers for `line`, with kith's script loaded.
  static func completions(_ shell: String, _ line: String, in folder: String) throws -> [String] {
    shell == "zsh"
      ? try zshCompletions(line, in: folder) : try fishCompletions(line, in: folder)
  }

  @Test(
    "zsh and fish complete files after `kith import`, whose default format is auto",
    arguments: ["zsh", "fish"])
  func importOffersFiles(_ shell: String) throws {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/\(shell)") else {
      print("skipped: \(shell) is missing")
      return
    }
    let folder = Self.completionFolder()
    defer { folder.remove() }
    let offers = { (line: String) in try Self.completions(shell, line, in: folder.path) }
    let first = try offers("kith import ")
    #expect(
      Set(["contacts.vcf", "calendar.ics", "vcard", "ics", "auto"]).isSubset(of: first), "\(first)")
    // After a file, more files (not the format names), and auto's options.
    let next = try offers("kith import contacts.vcf ")
    #expect(next.contains("calendar.ics") && !next.contains("vcard"), "\(next)")
    for (line, expected) in [
      ("kith import con", ["contacts.vcf"]), ("kith import ic", ["ics"]),
      ("kith import contacts.vcf --dr", ["--dry-run"]), ("kith import vcard ", ["contacts.vcf"]),
    ] {
      let offered = try offers(line)
      #expect(offered == expected, "\(line): \(offered)")
    }
  }
}
