import Foundation

/// Amends argument-parser's completion scripts where they miss a default subcommand: after
/// `kith import` they offer only the format names, although `kith import FILE…` runs `kith
/// import auto FILE…`, so that `kith import <TAB>` offered no file (argument-parser completes a
/// default subcommand's arguments only when it is named). In each shell's script, `kith import`
/// completes what `auto` takes too: files, and the format names while its first word is typed;
/// after a file, more files and `auto`'s options, not the format names.
///
/// Each amendment finds the lines argument-parser writes for `kith import`; a script whose
/// lines differ (another argument-parser) is left as it is.
enum CompletionScript {
  static func amended(_ script: String) -> String {
    fish(zsh(bash(script)))
  }

  /// The lines of bash's `_kith_import` that offer the format names.
  static let formatNames =
    #"        # Offer subcommand completions\n"#
    + #"        COMPREPLY\+=\(\$\(compgen -W '[^']*' -- "\$\{cur\}"\)\)\n"#

  static func bash(_ script: String) -> String {
    guard let start = script.range(of: "\n_kith_import() {\n"),
      let end = script[start.upperBound...].range(of: "\n}\n"),
      let names = script[start.upperBound..<end.lowerBound].range(
        of: formatNames, options: .regularExpression)
    else { return script }
    let offer = script[names].split(separator: "\n")[1].trimmingCharacters(in: .whitespaces)
    let replacement = """
              # `kith import FILE…` is `kith import auto FILE…`: what auto takes, and the
              # format names while the first word is typed.
              (( ${#unparsed_words[@]} )) || \(offer)
              unparsed_words=("${subcommand}" "${unparsed_words[@]}")
              _kith_import_auto

      """
    return script.replacingCharacters(in: names, with: replacement)
  }

  /// zsh's `_kith_import`: its first word offers the format names and what `auto` takes; a
  /// first word that is not a format name is `auto`'s first file (`_kith_import_auto` takes
  /// `words[1]` as its command's name, as it does "auto").
  static func zsh(_ script: String) -> String {
    let names = "        _describe -V subcommand subcommands && ret=0\n"
    let formats = "            ;;\n        esac\n"
    guard let start = script.range(of: "\n_kith_import() {\n"),
      let end = script[start.upperBound...].range(of: "\n}\n")
    else { return script }
    var function = String(script[start.upperBound..<end.lowerBound])
    guard let offer = function.range(of: names) else { return script }
    function.replaceSubrange(offer, with: names + "        _kith_import_auto && ret=0\n")
    guard let cases = function.range(of: formats) else { return script }
    function.replaceSubrange(
      cases,
      with: """
                    ;;
                *)
                    _kith_import_auto && ret=0
                    ;;
                esac

        """)
    return script.replacingCharacters(in: start.upperBound..<end.lowerBound, with: function)
  }

  /// fish's script: `kith import`'s first word offers files beside the format names, and a
  /// first word that is not a format name is read as `kith import auto` and that word, so that
  /// `auto`'s completions (files, its options) follow.
  static func fish(_ script: String) -> String {
    let formats =
      #"complete -c 'kith' -n '__kith_should_offer_completions_for_positional "kith import" -eq 1' -fa 'auto'"#
    guard let section = script.range(of: "\n        case 'import'\n"),
      let end = script[section.upperBound...].range(of: "\n            end\n"),
      let auto = script[section.upperBound..<end.lowerBound].range(
        of: #"\n( *)case 'auto'\n( *)(__kith_parse_subcommand [^\n]*)"#,
        options: .regularExpression),
      let offer = script.range(of: formats), end.lowerBound < offer.lowerBound
    else { return script }
    // '?*', not '*': with no word after `import` yet, the format names are still offered.
    let lines = script[auto].split(separator: "\n")
    let label = lines[0].replacingOccurrences(of: "case 'auto'", with: "case '?*'")
    let body = lines[1].prefix { $0 == " " }
    let files =
      #"complete -c 'kith' -n '__kith_should_offer_completions_for_positional "kith import" -eq 1' -F"#
    // The parse's new case goes before the end of `kith import`'s switch, which comes before
    // the format names' lines.
    return script[..<end.lowerBound] + "\n\(label)\n\(body)set -p unparsed_tokens auto\n\(lines[1])"
      + script[end.lowerBound..<offer.lowerBound] + files + "\n" + script[offer.lowerBound...]
  }
}
