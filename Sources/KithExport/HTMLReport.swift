/// A self-contained HTML report: a title, an inline SVG picture and tables, in one file that
/// makes no network request and runs no script.
///
/// Safety: every piece of text is escaped (``HTMLReport/escape(_:)``); the picture must be SVG
/// as Graphviz writes it, whose text is XML-escaped — its prolog, DOCTYPE and comments are
/// removed before it is inlined (``inlineSVG(_:)``), and any `<script>` or `<foreignObject>`
/// element or event-handler attribute makes it rejected rather than inlined. A
/// Content-Security-Policy forbids scripts, external styles, fonts, images and connections, so
/// even a mistake cannot run code or leak a request.
///
/// Layout: one column that fits a phone-sized screen (tables scroll sideways on their own when
/// too wide), the picture scales to the width, and a print stylesheet drops the navigation and
/// keeps table rows whole.
public struct HTMLReport: Sendable, Equatable {
  /// A table: headers, rows of text cells, and which columns hold numbers (right-aligned).
  public struct Table: Sendable, Equatable {
    public var headers: [String]
    public var rows: [[String]]
    public var numericColumns: Set<Int>

    public init(headers: [String], rows: [[String]], numericColumns: Set<Int> = []) {
      self.headers = headers
      self.rows = rows
      self.numericColumns = numericColumns
    }
  }

  /// Rows a section lists apart, under its own table: a label (a subheading) and a table.
  public struct Addendum: Sendable, Equatable {
    public var label: String
    public var table: Table

    public init(label: String, table: Table) {
      self.label = label
      self.table = table
    }
  }

  /// A section: a heading, an optional sentence, and a table — or `emptyText` when the table
  /// has no rows — then, when it has rows, an addendum.
  public struct Section: Sendable, Equatable {
    /// The anchor id (letters, digits and dashes).
    public var id: String
    public var title: String
    public var intro: String?
    public var table: Table
    /// What to say when there is nothing to list.
    public var emptyText: String
    /// Rows listed apart after the table (referrals between others after yours); left out
    /// when its table has no rows.
    public var addendum: Addendum?
    /// A sentence under the table (or `emptyText`): what it leaves out.
    public var note: String?

    public init(
      id: String, title: String, intro: String? = nil, table: Table, emptyText: String,
      addendum: Addendum? = nil, note: String? = nil
    ) {
      self.id = id
      self.title = title
      self.intro = intro
      self.table = table
      self.emptyText = emptyText
      self.addendum = addendum
      self.note = note
    }
  }

  public var title: String
  /// One line under the title (date, counts).
  public var subtitle: String
  /// Graphviz's SVG of the network, or `nil` for a report without a picture.
  public var pictureSVG: String?
  /// A sentence under the picture (what it shows, what it left out).
  public var pictureCaption: String?
  public var sections: [Section]
  /// The last line, e.g. how the report was made.
  public var footer: String

  public init(
    title: String, subtitle: String, pictureSVG: String? = nil, pictureCaption: String? = nil,
    sections: [Section], footer: String
  ) {
    self.title = title
    self.subtitle = subtitle
    self.pictureSVG = pictureSVG
    self.pictureCaption = pictureCaption
    self.sections = sections
    self.footer = footer
  }

  /// The HTML document.
  ///
  /// - Throws: ``HTMLReportError`` when the picture holds active content (see
  ///   ``inlineSVG(_:)``).
  /// - Complexity: O(*L*), the total length of the text and the picture.
  public func render() throws -> String {
    var out = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <meta http-equiv="Content-Security-Policy" content="\(Self.contentSecurityPolicy)">
      <meta name="referrer" content="no-referrer">
      <title>\(Self.escape(title))</title>
      <style>\(Self.stylesheet)</style>
      </head>
      <body>
      <header>
      <h1>\(Self.escape(title))</h1>
      <p class="subtitle">\(Self.escape(subtitle))</p>
      <nav><ul>
      """
    if pictureSVG != nil { out += "<li><a href=\"#picture\">Picture</a></li>" }
    for section in sections {
      out += "<li><a href=\"#\(Self.anchor(section.id))\">\(Self.escape(section.title))</a></li>"
    }
    out += "</ul></nav>\n</header>\n<main>\n"
    if let pictureSVG {
      out += "<section id=\"picture\">\n<h2>Picture</h2>\n<figure>\n"
      out += try Self.inlineSVG(pictureSVG)
      if let pictureCaption {
        out += "\n<figcaption>\(Self.escape(pictureCaption))</figcaption>"
      }
      out += "\n</figure>\n</section>\n"
    }
    for section in sections {
      out += "<section id=\"\(Self.anchor(section.id))\">\n"
      out += "<h2>\(Self.escape(section.title))</h2>\n"
      if let intro = section.intro { out += "<p>\(Self.escape(intro))</p>\n" }
      if section.table.rows.isEmpty {
        out += "<p class=\"empty\">\(Self.escape(section.emptyText))</p>\n"
      } else {
        out += Self.table(section.table)
      }
      if let addendum = section.addendum, !addendum.table.rows.isEmpty {
        out += "<h3>\(Self.escape(addendum.label))</h3>\n"
        out += Self.table(addendum.table)
      }
      if let note = section.note { out += "<p class=\"note\">\(Self.escape(note))</p>\n" }
      out += "</section>\n"
    }
    out += "</main>\n<footer><p>\(Self.escape(footer))</p></footer>\n</body>\n</html>\n"
    return out
  }

  /// No scripts, no connections, no external anything; inline styles only.
  static let contentSecurityPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

  static func table(_ table: Table) -> String {
    var out = "<div class=\"scroll\"><table>\n<thead><tr>"
    for (k, header) in table.headers.enumerated() {
      out += "<th\(table.numericColumns.contains(k) ? " class=\"num\"" : "")>\(escape(header))</th>"
    }
    out += "</tr></thead>\n<tbody>\n"
    for row in table.rows {
      out += "<tr>"
      for (k, cell) in row.enumerated() {
        out += "<td\(table.numericColumns.contains(k) ? " class=\"num\"" : "")>\(escape(cell))</td>"
      }
      out += "</tr>\n"
    }
    out += "</tbody></table></div>\n"
    return out
  }

  /// Text for HTML content or a quoted attribute: `& < > " '` as character references, NUL
  /// and other control characters but tab and line feed as U+FFFD.
  ///
  /// - Complexity: O(*k*), where *k* is the length of `text`.
  public static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      case "\t", "\n": out.unicodeScalars.append(scalar)
      default:
        if scalar.properties.generalCategory == .control {
          out += "\u{FFFD}"
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }

  /// Letters, digits and dashes of `id` (anything else becomes a dash).
  static func anchor(_ id: String) -> String {
    String(
      String.UnicodeScalarView(
        id.unicodeScalars.map {
          $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) ? $0 : "-"
        }))
  }

  /// Graphviz's SVG ready to inline in HTML: from the `<svg` tag on, without comments.
  ///
  /// Graphviz writes a comment with each node's and edge's name; names are XML-escaped there
  /// too, but a comment has no business in the report, so every comment goes.
  ///
  /// - Throws: ``HTMLReportError/activeContent`` if a tag of the SVG is a `script`,
  ///   `foreignObject` or other embedding element, has an `on…` event-handler attribute, or
  ///   links to `javascript:` or `data:`: it did not come from Graphviz's escaping writer and
  ///   is not inlined.
  /// - Complexity: O(*k*), the length of `svg`.
  public static func inlineSVG(_ svg: String) throws -> String {
    // On the UTF-8 bytes: Foundation's `range(of:)` on a substring of a long, non-ASCII string
    // costs time in proportion to the whole string, and a picture has a comment for every node
    // and edge.
    let bytes = Array(svg.utf8)
    guard var i = firstIndex(of: Array("<svg".utf8), in: bytes, from: 0) else {
      throw HTMLReportError.notSVG
    }
    let open = Array("<!--".utf8)
    let close = Array("-->".utf8)
    // One pass over the text, copying what lies between comments.
    var body: [UInt8] = []
    body.reserveCapacity(bytes.count - i)
    while let start = firstIndex(of: open, in: bytes, from: i) {
      body += bytes[i..<start]
      guard let end = firstIndex(of: close, in: bytes, from: start + open.count) else {
        throw HTMLReportError.notSVG
      }
      i = end + close.count
    }
    body += bytes[i...]
    let text = String(decoding: body, as: UTF8.self)
    if hasActiveContent(text) { throw HTMLReportError.activeContent }
    return text.trimmingTrailingNewlines()
  }

  /// Whether SVG markup holds a script, an embedded document, an event handler or a
  /// `javascript:` link, judged on its tags (element names, attribute names, link values) —
  /// never on its text or on other attribute values, where escaped names may say anything.
  ///
  /// A small scanner for the XML Graphviz writes: `<name attr="value" …>`, values in double
  /// or single quotes.
  ///
  /// - Complexity: O(*k*), the length of `svg`.
  public static func hasActiveContent(_ svg: String) -> Bool {
    let bytes = Array(svg.utf8)
    let forbiddenElements: Set<String> = [
      "script", "foreignobject", "iframe", "object", "embed", "handler", "listener",
    ]
    var i = 0
    func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
    while i < bytes.count {
      guard bytes[i] == UInt8(ascii: "<") else {
        i += 1
        continue
      }
      // Comments, the prolog and the DOCTYPE are not tags: skip to their end.
      let tail = bytes[i...]
      if tail.starts(with: Array("<!--".utf8)) {
        i = indexAfter(Array("-->".utf8), in: bytes, from: i + 4)
        continue
      }
      if tail.starts(with: Array("<?".utf8)) || tail.starts(with: Array("<!".utf8)) {
        i = indexAfter(Array(">".utf8), in: bytes, from: i + 2)
        continue
      }
      i += 1
      // Element name (an end tag's too).
      if i < bytes.count && bytes[i] == UInt8(ascii: "/") { i += 1 }
      let nameStart = i
      while i < bytes.count && !isSpace(bytes[i]) && bytes[i] != UInt8(ascii: ">")
        && bytes[i] != UInt8(ascii: "/")
      {
        i += 1
      }
      let name = String(decoding: bytes[nameStart..<i], as: UTF8.self).lowercased()
      if forbiddenElements.contains(name) || forbiddenElements.contains(localName(name)) {
        return true
      }
      // Attributes up to the end of the tag.
      while i < bytes.count && bytes[i] != UInt8(ascii: ">") {
        if isSpace(bytes[i]) || bytes[i] == UInt8(ascii: "/") {
          i += 1
          continue
        }
        let attributeStart = i
        while i < bytes.count && bytes[i] != UInt8(ascii: "=") && !isSpace(bytes[i])
          && bytes[i] != UInt8(ascii: ">")
        {
          i += 1
        }
        let attribute = String(decoding: bytes[attributeStart..<i], as: UTF8.self).lowercased()
        if localName(attribute).hasPrefix("on") { return true }
        while i < bytes.count && isSpace(bytes[i]) { i += 1 }
        guard i < bytes.count, bytes[i] == UInt8(ascii: "=") else { continue }
        i += 1
        while i < bytes.count && isSpace(bytes[i]) { i += 1 }
        guard i < bytes.count else { break }
        let quote = bytes[i]
        guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return true }
        i += 1
        let valueStart = i
        while i < bytes.count && bytes[i] != quote { i += 1 }
        if localName(attribute) == "href" {
          let value = String(decoding: bytes[valueStart..<i], as: UTF8.self)
          let compact = value.lowercased().filter { !$0.isWhitespace }
          if compact.hasPrefix("javascript:") || compact.hasPrefix("data:")
            || compact.contains("&#")
          {
            return true
          }
        }
        i += 1
      }
    }
    return false
  }

  /// The index of the first `needle` at or after `start`, or nil.
  private static func firstIndex(of needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
    guard let first = needle.first else { return start }
    var i = start
    while i + needle.count <= bytes.count {
      if bytes[i] == first && bytes[i..<(i + needle.count)].elementsEqual(needle) { return i }
      i += 1
    }
    return nil
  }

  /// The index just past the first `needle` at or after `start`, or the end.
  private static func indexAfter(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int {
    firstIndex(of: needle, in: bytes, from: start).map { $0 + needle.count } ?? bytes.count
  }

  /// `svg:script` → `script`.
  private static func localName(_ name: String) -> String {
    name.split(separator: ":").last.map(String.init) ?? name
  }

  static let stylesheet = """

    :root{color-scheme:light;--ink:#1d1d1f;--muted:#5f6368;--rule:#d9d9de;--band:#f4f4f6}
    *{box-sizing:border-box}
    body{margin:0 auto;max-width:72rem;padding:1rem;font:16px/1.45 system-ui,-apple-system,\
    "Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:#fff}
    h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.25rem;margin:1.8rem 0 .6rem;\
    border-bottom:1px solid var(--rule);padding-bottom:.2rem}
    h3{font-size:1rem;margin:1.2rem 0 .4rem}
    .subtitle,figcaption,.empty,.note,footer{color:var(--muted)}
    nav ul{list-style:none;padding:0;margin:.6rem 0;display:flex;flex-wrap:wrap;gap:.3rem .9rem}
    nav a{color:#0b57d0;text-decoration:none}nav a:hover{text-decoration:underline}
    figure{margin:0}figure svg{width:100%;height:auto;max-height:90vh;display:block}
    .scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
    table{border-collapse:collapse;width:100%;font-size:.92rem}
    th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid var(--rule);\
    vertical-align:top}
    th{background:var(--band);font-weight:600;white-space:nowrap}
    td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
    tbody tr:nth-child(even){background:#fafafb}
    footer{margin-top:2rem;font-size:.85rem}
    @media (max-width:40rem){body{padding:.6rem;font-size:15px}h1{font-size:1.3rem}\
    th,td{padding:.3rem .35rem}}
    @media print{nav{display:none}body{max-width:none;padding:0;font-size:11pt}\
    a{color:inherit;text-decoration:none}figure svg{max-height:none}\
    section{break-inside:auto}tr,figure{break-inside:avoid}h2,h3{break-after:avoid}\
    tbody tr:nth-child(even){background:none}}

    """
}

/// Why a report could not be written.
public enum HTMLReportError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The picture is not an SVG document.
  case notSVG
  /// The picture contains a script, a foreign object or an event handler.
  case activeContent

  public var description: String {
    switch self {
    case .notSVG: return "the picture is not an SVG document"
    case .activeContent: return "the picture contains active content (a script or event handler)"
    }
  }
}

extension String {
  fileprivate func trimmingTrailingNewlines() -> String {
    var copy = self
    while copy.hasSuffix("\n") { copy.removeLast() }
    return copy
  }
}
