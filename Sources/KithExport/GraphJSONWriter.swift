import Foundation
import KithGraph

/// Writes a ``NetworkPicture`` as JSON nodes and links, the shape of NetworkX's
/// `node_link_data` and of D3's force layouts.
///
/// Fields: `directed` (false), `multigraph` (false), `graph` {`kind`, `title`, `omitted`},
/// `nodes` [{`id`, `name`, `organisation`, `community`, `strength`, `size`, `lastContact`,
/// `ego`, `neglected`}], `links` [{`source`, `target`, `weight`, `peak`, `lastContact`,
/// `decaying`}] where `source` and `target` are node ids and `weight` is the tie strength.
/// Unknown values are `null`; dates are YYYY-MM-DD. The caller adds the document header
/// (`schemaVersion`, `asOf`, `ego`).
public enum GraphJSONWriter {
  /// The document's fields, in the order the picture holds them.
  ///
  /// - Complexity: O(*n* + *m*) for *n* nodes and *m* edges.
  public static func fields(_ picture: NetworkPicture) -> [String: JSONValue] {
    func day(_ date: Date?) -> JSONValue { .string(date.map { KithTime.formatDay($0) }) }
    let nodes: [JSONValue] = picture.nodes.map { node in
      [
        "id": .string(node.id), "name": .string(node.name),
        "organisation": .string(node.organisation),
        "community": node.community.map { .int(Int64($0)) } ?? .null,
        "strength": .double(node.strength), "size": .double(node.size),
        "lastContact": day(node.lastContact), "ego": .bool(node.isEgo),
        "neglected": .bool(node.isNeglected),
      ]
    }
    let links: [JSONValue] = picture.edges.map { edge in
      [
        "source": .string(picture.nodes[edge.source].id),
        "target": .string(picture.nodes[edge.target].id),
        "weight": .double(edge.strength), "peak": .double(edge.peak),
        "lastContact": day(edge.lastContact), "decaying": .bool(edge.isDecaying),
      ]
    }
    return [
      "directed": .bool(false), "multigraph": .bool(false),
      "graph": [
        "kind": .string(picture.kind.rawValue), "title": .string(picture.title),
        "omitted": .string(picture.omitted),
      ],
      "nodes": .array(nodes), "links": .array(links),
    ]
  }
}
