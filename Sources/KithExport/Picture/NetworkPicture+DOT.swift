import Foundation
import KithGraph

extension NetworkPicture {
  /// The picture in DOT with Kith's visual encoding.
  ///
  /// - Colour: the community (``Palette``, colour-blind safe); the ego is black.
  /// - Node size: ``Node/size`` (strength to the ego, or centrality in the network view), as
  ///   area: the diameter grows with its square root.
  /// - Edge width: tie strength relative to the strongest tie drawn, also by square root.
  /// - Decaying ties (below half their peak): dashed and faded.
  /// - Neglected contacts: a red, double outline (the second ring does not rely on colour).
  /// - The highlighted path: thick black ties and outlines.
  /// - Labels: names beside the nodes (`xlabel`); tooltips (an SVG `<title>` on hover) with the
  ///   organisation, last contact, strength and circle. A legend table under the drawing.
  ///
  /// Path and intro views are drawn left to right; every view is undirected. Each node carries
  /// the SVG class `person` (plus `ego`, `neglected` where they apply), so that a stylesheet or
  /// a test can find it.
  ///
  /// - Complexity: O(*n* + *m*) for *n* nodes and *m* edges (plus sorting each statement's
  ///   few attributes).
  public func dotGraph() -> DOTGraph {
    let colours = communityColours
    let strongest = edges.map(\.strength).max() ?? 0
    var nodeStatements: [DOTNode] = []
    nodeStatements.reserveCapacity(nodes.count)
    for node in nodes {
      var attributes: [String: String] = [:]
      let diameter =
        Self.minimumDiameter + Self.diameterRange * max(0, min(1, node.size)).squareRoot()
      attributes["width"] = Self.number(diameter)
      attributes["height"] = Self.number(diameter)
      attributes["tooltip"] = tooltip(node)
      var classes = ["person"]
      if node.isEgo {
        attributes["fillcolor"] = Palette.ego.hex
        attributes["shape"] = "doublecircle"
        attributes["fontname"] = "Helvetica-Bold"
        attributes["fontsize"] = "12"
        // Always named, whatever the label budget: "you" inside, in white. Not the name beside
        // as well: Graphviz draws an `xlabel` in the node's font colour, white on the page.
        attributes["label"] = "you"
        attributes["fontcolor"] = "white"
        classes.append("ego")
      } else {
        let colour = node.community.flatMap { colours[$0] } ?? Palette.other
        attributes["fillcolor"] = colour.hex
      }
      if node.isNeglected {
        attributes["color"] = Palette.neglected
        attributes["penwidth"] = "2"
        attributes["peripheries"] = "2"
        classes.append("neglected")
      }
      if node.isHighlighted {
        // An overdue person on the path keeps the red of the legend's "overdue to see".
        if !node.isNeglected { attributes["color"] = Palette.highlight }
        attributes["penwidth"] = "3"
        classes.append("highlighted")
      }
      if node.showsLabel && !node.isEgo {
        attributes["xlabel"] = node.shownName
      }
      attributes["class"] = classes.joined(separator: " ")
      nodeStatements.append(DOTNode(id: node.id, attributes: attributes))
    }
    var edgeStatements: [DOTEdge] = []
    edgeStatements.reserveCapacity(edges.count)
    for edge in edges {
      var attributes: [String: String] = [:]
      let relative = strongest > 0 ? max(0, edge.strength) / strongest : 0
      var width = Self.minimumPen + Self.penRange * relative.squareRoot()
      if edge.isDecaying {
        attributes["style"] = "dashed"
        attributes["color"] = Palette.decayingEdge
      }
      if edge.isHighlighted {
        attributes["color"] = Palette.highlight
        width += 2
      }
      attributes["penwidth"] = Self.number(width)
      attributes["tooltip"] = tooltip(edge)
      edgeStatements.append(
        DOTEdge(from: nodes[edge.source].id, to: nodes[edge.target].id, attributes: attributes))
    }
    var graphAttributes: [String: String] = [
      "bgcolor": "white", "fontname": "Helvetica", "fontsize": "11", "labelloc": "b",
      "labeljust": "l", "outputorder": "edgesfirst", "pad": "0.3", "forcelabels": "true",
    ]
    switch kind {
    case .path, .intro:
      graphAttributes["rankdir"] = "LR"
      graphAttributes["nodesep"] = "0.5"
      graphAttributes["ranksep"] = "1.2"
    case .network, .ego, .circle:
      // Keep nodes apart without changing their relative positions much ("prism" needs
      // nothing beyond Graphviz itself). Without it (`overlap=true`) Graphviz 2.42's sfdp
      // leaves the layout unscaled: 5,000 people drawn within a third of an inch. It costs
      // about as much as the layout itself (2 s at 5,000 people), hence the people budget of
      // `render` and `report`.
      graphAttributes["overlap"] = "prism"
      graphAttributes["splines"] = "false"
      graphAttributes["outputorder"] = "edgesfirst"
      // Callers label few people in big views (the most central), so every label is drawn
      // even where it overlaps a little.
      graphAttributes["forcelabels"] = "true"
    }
    return DOTGraph(
      name: "kith", directed: false, graphAttributes: graphAttributes, htmlLabel: legend(colours),
      nodeDefaults: [
        "shape": "circle", "style": "filled", "fixedsize": "true", "label": "",
        "fontname": "Helvetica", "fontsize": "10", "color": "#333333", "penwidth": "0.8",
      ],
      edgeDefaults: ["color": Palette.edge],
      nodes: nodeStatements, edges: edgeStatements)
  }

  /// The legend under the drawing: title, what each channel means, the circles' colours and
  /// what was left out.
  func legend(_ colours: [Int: Palette.Colour]) -> DOTHTML {
    func row(_ cells: [DOTHTML]) -> DOTHTML { .element("tr", [:], cells) }
    func textCell(_ text: String, bold: Bool = false) -> DOTHTML {
      let content: DOTHTML = bold ? .element("b", [:], [.text(text)]) : .text(text)
      return .element("td", ["align": "left"], [content])
    }
    var rows: [DOTHTML] = [
      row([textCell("\(title) — as of \(KithTime.formatDay(asOf))", bold: true)])
    ]
    // A coloured square before each name: one cell per line, so wide lines cannot stretch a
    // swatch column.
    func key(_ hex: String, _ text: String) -> DOTHTML {
      row([
        .element(
          "td", ["align": "left"],
          [.element("font", ["color": hex], [.text("\u{25A0}")]), .text(" " + text)])
      ])
    }
    if nodes.contains(where: \.isEgo) { rows.append(key(Palette.ego.hex, "you (the ego)")) }
    for community in communities.prefix(Palette.colours.count) {
      guard let colour = colours[community.id] else { continue }
      rows.append(key(colour.hex, communityName(community)))
    }
    // Grey: the circles past the palette, and people in no listed circle.
    let rest = max(0, communities.count - Palette.colours.count)
    let listed = Set(communities.map(\.id))
    let unlisted = nodes.contains { !$0.isEgo && !($0.community.map(listed.contains) ?? false) }
    if rest > 0 || unlisted {
      let circles = rest > 0 ? "\(rest) other circle\(rest == 1 ? "" : "s")" : ""
      let none = unlisted ? "people in no circle" : ""
      rows.append(
        key(Palette.other.hex, [circles, none].filter { !$0.isEmpty }.joined(separator: ", and ")))
    }
    var channels = [
      "Node size: \(sizeMeaning). Line width: tie strength.",
      "Dashed, faded line: a tie below half its peak.",
    ]
    if rest > 0 {
      channels.append(
        "Colours go to the circles holding most of your tie strength, then the largest.")
    }
    if nodes.contains(where: \.isNeglected) {
      channels.append("Red double outline: overdue to see.")
    }
    if edges.contains(where: \.isHighlighted) {
      channels.append(
        kind == .intro && edges.contains(where: { !$0.isHighlighted })
          ? "Thick black: the best way in; the other ways, thin." : "Thick black: the best path.")
    }
    for line in channels { rows.append(row([textCell(line)])) }
    rows.append(
      row([
        textCell(
          "\(nodes.count) \(nodes.count == 1 ? "person" : "people"), \(edges.count) \(edges.count == 1 ? "tie" : "ties")"
            + (omitted.map { "; left out: \($0)" } ?? "") + ".")
      ]))
    return .element(
      "table", ["border": "0", "cellborder": "0", "cellspacing": "2", "cellpadding": "1"], rows)
  }

  /// "circle 3: Acme (12)".
  func communityName(_ community: Community) -> String {
    "circle \(community.id)" + (community.label.map { ": \($0)" } ?? "") + " (\(community.size))"
  }

  /// Name, organisation, last contact, strength, circle and flags, one per line.
  func tooltip(_ node: Node) -> String {
    var lines = [node.shownName + (node.organisation.map { " — \($0)" } ?? "")]
    if node.isEgo {
      lines.append("you")
    } else {
      lines.append(
        "last contact " + (node.lastContact.map { KithTime.formatDay($0) } ?? "never")
          + ", strength " + Self.number(node.strength))
    }
    // A community of one is no circle (`kith circles` says so): not "circle 75".
    if let community = node.community, let circle = communities.first(where: { $0.id == community })
    {
      lines.append("circle \(community)" + (circle.label.map { ": \($0)" } ?? ""))
    } else if !node.isEgo {
      lines.append("in no circle")
    }
    if node.isNeglected { lines.append("overdue to see") }
    return lines.joined(separator: "\n")
  }

  /// "A — B: strength 0.42 (peak 1.10), last contact 2026-03-02".
  func tooltip(_ edge: Edge) -> String {
    var text =
      "\(nodes[edge.source].shownName) — \(nodes[edge.target].shownName): strength "
      + Self.number(edge.strength) + " (peak " + Self.number(edge.peak) + ")"
    if let last = edge.lastContact { text += ", last contact " + KithTime.formatDay(last) }
    if edge.isDecaying { text += ", fading" }
    return text
  }

  static let minimumDiameter = 0.18
  static let diameterRange = 0.62
  static let minimumPen = 0.4
  static let penRange = 3.6

  /// A number with at most two decimals and no trailing zeros: the same value always gives the
  /// same text.
  static func number(_ value: Double) -> String {
    guard value.isFinite else { return "0" }
    // The hundredths as an integer, written digit by digit: `String(format:)` costs about a
    // microsecond, and a picture formats several numbers per tie (a quarter of exporting
    // 900k ties). printf rounds the exact value, and `value × 100` can be an ulp off it, which
    // matters only next to a tie (x.xx5): those, and huge values, still go through printf.
    let scaled = value * 100
    let rounded = scaled.rounded(.toNearestOrEven)
    if abs(scaled) < 1e15 && abs(abs(scaled - rounded) - 0.5) > 1e-6 {
      let hundredths = Int64(rounded)
      if hundredths == 0 { return "0" }
      let whole = String(abs(hundredths) / 100)
      let fraction = abs(hundredths) % 100
      let sign = hundredths < 0 ? "-" : ""
      if fraction == 0 { return sign + whole }
      if fraction % 10 == 0 { return sign + whole + "." + String(fraction / 10) }
      return sign + whole + (fraction < 10 ? ".0" : ".") + String(fraction)
    }
    return printfNumber(value)
  }

  /// `number` through printf's `%.2f`: the reference the fast path is tested against.
  static func printfNumber(_ value: Double) -> String {
    guard value.isFinite else { return "0" }
    var text = String(format: "%.2f", value)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text == "-0" ? "0" : text
  }
}
