/// Markup for a Graphviz HTML-like label (`label=<…>`), built so that text is always escaped.
///
/// Graphviz parses HTML-like labels as XML: text must not contain a raw `<`, `>`, `&` or `"`,
/// and a line break in text is not a line break in the drawing. ``text(_:)`` escapes those
/// (and turns line breaks and other control characters into spaces); the structure comes from
/// ``element(_:_:_:)`` with attribute values escaped too. Nothing else produces markup, so a
/// name such as `<b>` or `</td>` shows as itself.
///
/// ```swift
/// let cell = DOTHTML.element("td", ["bgcolor": "#E69F00"], [.text("Acme & Co")])
/// ```
public struct DOTHTML: Sendable, Equatable {
  /// The markup, ready to go between `<` and `>`.
  public let markup: String

  private init(markup: String) { self.markup = markup }

  /// Text, escaped: `&` `<` `>` `"` `'` as character references; control characters (line
  /// breaks included) and NUL as spaces.
  ///
  /// - Complexity: O(*k*), where *k* is the length of `string`.
  public static func text(_ string: String) -> DOTHTML {
    DOTHTML(markup: escape(string))
  }

  /// An element with attributes (written sorted by name, values escaped) and children.
  ///
  /// - Precondition: `name` and the attribute names are plain ASCII letters and digits (they
  ///   come from code, never from data).
  public static func element(
    _ name: String, _ attributes: [String: String] = [:], _ children: [DOTHTML] = []
  ) -> DOTHTML {
    precondition(isName(name) && attributes.keys.allSatisfy(isName), "not an element name")
    var out = "<" + name
    for (key, value) in attributes.sorted(by: { $0.key < $1.key }) {
      out += " " + key + "=\"" + escape(value) + "\""
    }
    out += ">"
    for child in children { out += child.markup }
    out += "</" + name + ">"
    return DOTHTML(markup: out)
  }

  /// A line break (`<br/>`).
  public static let lineBreak = DOTHTML(markup: "<br/>")

  /// Pieces one after another.
  public static func sequence(_ parts: [DOTHTML]) -> DOTHTML {
    DOTHTML(markup: parts.map(\.markup).joined())
  }

  private static func isName(_ name: String) -> Bool {
    !name.isEmpty
      && name.unicodeScalars.allSatisfy {
        $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil)
      }
  }

  static func escape(_ string: String) -> String {
    var out = ""
    out.reserveCapacity(string.utf8.count)
    for scalar in string.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default:
        if scalar.properties.generalCategory == .control {
          out += " "
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }
}
