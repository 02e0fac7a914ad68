import Foundation
import KithGraph

/// Writes a ``NetworkPicture`` as GraphML, the XML graph format Gephi, NetworkX, igraph,
/// Cytoscape and yEd read.
///
/// Node data: `label` and `name` (the name; Gephi shows `label`), `organisation`, `community`,
/// `strength` (to the ego), `size` (the score that sizes the node in Kith's pictures),
/// `lastContact` (YYYY-MM-DD), `ego`, `neglected`. Edge data: `weight` (the tie strength, the
/// attribute Gephi and NetworkX treat as the weight), `peak`, `lastContact`, `decaying`. A
/// value that is unknown (no organisation, no circle, never in contact) is left out, as
/// GraphML intends. The graph is undirected, and node ids are the picture's ids (handles).
///
/// Text is escaped for XML; characters XML 1.0 cannot hold (NUL and other control characters
/// except tab and line breaks) are written as U+FFFD. Line breaks inside values are written as
/// character references so that parsers keep them.
///
/// Reference: the GraphML specification, http://graphml.graphdrawing.org/specification.html.
public enum GraphMLWriter {
  /// The GraphML document.
  ///
  /// - Complexity: O(*n* + *m* + *L*), for *n* nodes, *m* edges and *L* the total length of
  ///   the text.
  public static func write(_ picture: NetworkPicture) -> String {
    var out = """
      <?xml version="1.0" encoding="UTF-8"?>
      <graphml xmlns="http://graphml.graphdrawing.org/xmlns" \
      xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
      xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns \
      http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">

      """
    for key in keys {
      out +=
        "  <key id=\"\(key.id)\" for=\"\(key.domain)\" attr.name=\"\(key.name)\" attr.type=\"\(key.type)\"/>\n"
    }
    out += "  <graph id=\"" + escape(picture.title) + "\" edgedefault=\"undirected\">\n"
    for node in picture.nodes {
      out += "    <node id=\"" + escape(node.id) + "\">\n"
      data("label", node.name, into: &out)
      data("name", node.name, into: &out)
      if let organisation = node.organisation { data("organisation", organisation, into: &out) }
      if let community = node.community { data("community", String(community), into: &out) }
      data("strength", number(node.strength), into: &out)
      data("size", number(node.size), into: &out)
      if let last = node.lastContact { data("lastContact", KithTime.formatDay(last), into: &out) }
      data("ego", node.isEgo ? "true" : "false", into: &out)
      data("neglected", node.isNeglected ? "true" : "false", into: &out)
      out += "    </node>\n"
    }
    for (k, edge) in picture.edges.enumerated() {
      out +=
        "    <edge id=\"e\(k)\" source=\"" + escape(picture.nodes[edge.source].id)
        + "\" target=\"" + escape(picture.nodes[edge.target].id) + "\">\n"
      data("weight", number(edge.strength), into: &out)
      data("peak", number(edge.peak), into: &out)
      if let last = edge.lastContact {
        data("edgeLastContact", KithTime.formatDay(last), into: &out)
      }
      data("decaying", edge.isDecaying ? "true" : "false", into: &out)
      out += "    </edge>\n"
    }
    out += "  </graph>\n</graphml>\n"
    return out
  }

  struct Key {
    let id: String
    let domain: String
    let type: String
    /// The attribute name readers report; the id unless two domains share a name.
    var name: String

    init(id: String, domain: String, type: String, name: String? = nil) {
      self.id = id
      self.domain = domain
      self.type = type
      self.name = name ?? id
    }
  }

  /// Every key, declared once.
  static let keys: [Key] = [
    Key(id: "label", domain: "node", type: "string"),
    Key(id: "name", domain: "node", type: "string"),
    Key(id: "organisation", domain: "node", type: "string"),
    Key(id: "community", domain: "node", type: "int"),
    Key(id: "strength", domain: "node", type: "double"),
    Key(id: "size", domain: "node", type: "double"),
    Key(id: "lastContact", domain: "node", type: "string"),
    Key(id: "ego", domain: "node", type: "boolean"),
    Key(id: "neglected", domain: "node", type: "boolean"),
    Key(id: "weight", domain: "edge", type: "double"),
    Key(id: "peak", domain: "edge", type: "double"),
    Key(id: "edgeLastContact", domain: "edge", type: "string", name: "lastContact"),
    Key(id: "decaying", domain: "edge", type: "boolean"),
  ]

  private static func data(_ key: String, _ value: String, into out: inout String) {
    out += "      <data key=\"\(key)\">" + escape(value) + "</data>\n"
  }

  /// Shortest round-trip text for a finite double, "0" otherwise: GraphML readers parse it as
  /// a double exactly.
  static func number(_ value: Double) -> String {
    value.isFinite ? "\(value)" : "0"
  }

  /// XML text and attribute escaping.
  static func escape(_ string: String) -> String {
    var out = ""
    out.reserveCapacity(string.utf8.count)
    for scalar in string.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      case "\n": out += "&#10;"
      case "\r": out += "&#13;"
      case "\t": out += "&#9;"
      default:
        let v = scalar.value
        // XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
        if v < 0x20 || v == 0xFFFE || v == 0xFFFF {
          out += "\u{FFFD}"
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }
}
