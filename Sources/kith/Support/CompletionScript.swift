import Foundation

/// Amends argument-parser's completion scripts where they miss a default subcommand: after
/// `kith import` they offer only the format names, although `kith import FILE…` runs `kith
/// import auto FILE…`, so that `kith import <TAB>` offered no file (argument-parser completes a
/// default subcommand's arguments only when it is named). The bash script's `kith import`
/// completes what `auto` takes too, and the format names while its first word is typed.
enum CompletionScript {
  /// The lines of `_kith_import` that offer the format names.
  static let formatNames =
    #"        # Offer subcommand completions\n"#
    + #"        COMPREPLY\+=\(\$\(compgen -W '[^']*' -- "\$\{cur\}"\)\)\n"#

  static func amended(_ script: String) -> String {
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
}
