import Foundation

/// A view of the network ready to draw or export: the people in it, the ties between them and
/// the scores that decide how each is drawn.
///
/// KithExport computes no analytics: whoever builds a picture hands it the communities, sizes,
/// strengths and flags (the command-line tool computes them with KithAnalytics). The same
/// picture feeds every writer — DOT (``dotGraph()``), GraphML (``GraphMLWriter``) and JSON
/// nodes/links (``GraphJSONWriter``) — so the files agree with each other and with the image.
public struct NetworkPicture: Sendable, Equatable {
  /// What kind of view this is; it decides the layout direction and the legend's wording.
  public enum Kind: String, Sendable, Equatable {
    /// The whole network (node size = centrality).
    case network
    /// The ego and their contacts within a radius (node size = strength to the ego).
    case ego
    /// One circle (community) and the ego (node size = strength to the ego).
    case circle
    /// The best path between two people (drawn left to right).
    case path
    /// The best introduction paths from the ego to a target (drawn left to right).
    case intro
  }

  /// One person in the picture.
  public struct Node: Sendable, Equatable {
    /// A unique, stable id (Kith uses the person's handle).
    public var id: String
    /// The name shown as the label.
    public var name: String
    /// The current organisation, if any.
    public var organisation: String?
    /// The community (circle) id, or `nil` when the person belongs to none (the ego).
    public var community: Int?
    /// The person's tie strength to the ego (0 without a tie; the ego's own is its total).
    public var strength: Double
    /// The score that sets the node's size, in [0, 1]: strength to the ego relative to the
    /// strongest, or centrality relative to the most central.
    public var size: Double
    /// When the ego and this person were last in contact, if ever.
    public var lastContact: Date?
    /// Whether this is the ego.
    public var isEgo: Bool
    /// Whether the ego is overdue to see this person (drawn with a red double outline).
    public var isNeglected: Bool
    /// Whether the person is on the highlighted path (path and intro views).
    public var isHighlighted: Bool
    /// Whether the label is drawn (large views label only the most important people; the
    /// tooltip always names everyone).
    public var showsLabel: Bool
    /// Whether another person in the picture, or the ego, has the same name: the label and
    /// tooltips then give the id after it (``shownName``), as Kith's tables tell such
    /// namesakes apart.
    public var isNamesake: Bool

    public init(
      id: String, name: String, organisation: String? = nil, community: Int? = nil,
      strength: Double = 0, size: Double = 0, lastContact: Date? = nil, isEgo: Bool = false,
      isNeglected: Bool = false, isHighlighted: Bool = false, showsLabel: Bool = true,
      isNamesake: Bool = false
    ) {
      self.id = id
      self.name = name
      self.isNamesake = isNamesake
      self.organisation = organisation
      self.community = community
      self.strength = strength
      self.size = size
      self.lastContact = lastContact
      self.isEgo = isEgo
      self.isNeglected = isNeglected
      self.isHighlighted = isHighlighted
      self.showsLabel = showsLabel
    }

    /// The name as the picture shows it: "Ana Souza (ana-souza-2)" for a namesake
    /// (``isNamesake``), else the name.
    public var shownName: String { isNamesake ? "\(name) (\(id))" : name }
  }

  /// One tie, between two nodes given by their positions in ``nodes``.
  public struct Edge: Sendable, Equatable {
    /// Position of one end in ``NetworkPicture/nodes``.
    public var source: Int
    /// Position of the other end in ``NetworkPicture/nodes``.
    public var target: Int
    /// The tie's current strength.
    public var strength: Double
    /// The most the tie ever was.
    public var peak: Double
    /// The last day the two were in contact, if known.
    public var lastContact: Date?
    /// Whether the tie is on the highlighted path.
    public var isHighlighted: Bool

    public init(
      source: Int, target: Int, strength: Double, peak: Double, lastContact: Date? = nil,
      isHighlighted: Bool = false
    ) {
      self.source = source
      self.target = target
      self.strength = strength
      self.peak = peak
      self.lastContact = lastContact
      self.isHighlighted = isHighlighted
    }

    /// A tie is decaying when it has fallen below half of its peak: drawn faded and dashed.
    public var isDecaying: Bool { peak > 0 && strength < Self.decayingFraction * peak }

    /// The fraction of its peak under which a tie counts as decaying.
    public static let decayingFraction = 0.5
  }

  /// A community as the legend names it.
  public struct Community: Sendable, Equatable {
    /// The id used by ``Node/community`` (and by `kith circles`).
    public var id: Int
    /// Its label (most common organisation or tag), if any.
    public var label: String?
    /// How many people of the picture are in it.
    public var size: Int

    public init(id: Int, label: String?, size: Int) {
      self.id = id
      self.label = label
      self.size = size
    }
  }

  /// The kind of view.
  public var kind: Kind
  /// A title such as "Alex Morgan's network".
  public var title: String
  /// The instant the scores were computed for.
  public var asOf: Date
  /// The people, in drawing order.
  public var nodes: [Node]
  /// The ties, each once.
  public var edges: [Edge]
  /// The communities that appear, for the legend; the first ``Palette/colours``.count get a
  /// colour of their own, in this order, and the rest share grey.
  public var communities: [Community]
  /// What was left out to keep the picture legible, in words (e.g. "1,204 weaker ties"), or
  /// `nil` when nothing was.
  public var omitted: String?

  public init(
    kind: Kind, title: String, asOf: Date, nodes: [Node], edges: [Edge],
    communities: [Community] = [], omitted: String? = nil
  ) {
    self.kind = kind
    self.title = title
    self.asOf = asOf
    self.nodes = nodes
    self.edges = edges
    self.communities = communities
    self.omitted = omitted
  }

  /// What node size means in this view, for the legend.
  public var sizeMeaning: String {
    kind == .network ? "centrality (betweenness)" : "tie strength to the ego"
  }

  /// The colour of each community id that has one of its own.
  public var communityColours: [Int: Palette.Colour] {
    var colours: [Int: Palette.Colour] = [:]
    for (k, community) in communities.prefix(Palette.colours.count).enumerated() {
      colours[community.id] = Palette.colours[k]
    }
    return colours
  }
}

/// The colours of a picture: the Okabe–Ito palette, distinguishable with the common forms of
/// colour blindness.
///
/// Reference: M. Okabe and K. Ito, "Color Universal Design (CUD): how to make figures and
/// presentations that are friendly to colorblind people" (2008), https://jfly.uni-koeln.de/color/.
public enum Palette {
  /// A colour with its hex code and a name for text legends.
  public struct Colour: Sendable, Equatable {
    /// `#RRGGBB`.
    public var hex: String
    /// The colour in words, e.g. "sky blue".
    public var name: String
    /// Whether dark text reads well on it (otherwise white text).
    public var isLight: Bool
  }

  /// Seven community colours, in the order communities receive them. Black is kept for the
  /// ego.
  public static let colours: [Colour] = [
    Colour(hex: "#E69F00", name: "orange", isLight: true),
    Colour(hex: "#56B4E9", name: "sky blue", isLight: true),
    Colour(hex: "#009E73", name: "bluish green", isLight: false),
    Colour(hex: "#F0E442", name: "yellow", isLight: true),
    Colour(hex: "#0072B2", name: "blue", isLight: false),
    Colour(hex: "#D55E00", name: "vermilion", isLight: false),
    Colour(hex: "#CC79A7", name: "reddish purple", isLight: true),
  ]
  /// Communities beyond the seventh, and people in none.
  public static let other = Colour(hex: "#BBBBBB", name: "grey", isLight: true)
  /// The ego's fill.
  public static let ego = Colour(hex: "#000000", name: "black", isLight: false)
  /// The outline of neglected contacts (also drawn double, so it does not rely on colour).
  public static let neglected = "#C00000"
  /// Ties.
  public static let edge = "#555555"
  /// Decaying ties (faded).
  public static let decayingEdge = "#55555566"
  /// The highlighted path.
  public static let highlight = "#000000"
}
