import Foundation
import KithGraph

/// A deterministic, seeded generator of a realistic demo network: the ego, Alex Morgan, and
/// about 300 people in seven circles over the three years that end on `endDate`.
///
/// The circles (person tags in brackets): the current data team and the rest of Fernwood Labs
/// [`team`], former colleagues from Brightline Systems [`ex-brightline`] and Halden & Pike
/// [`ex-halden`], Northbridge University alumni [`alumni`], the Riverside Tech Meetup scene
/// [`meetup`], family and friends [`family`, `friends`], and the Health Data Alliance, an
/// industry association [`association`]; plus investors, recruiters, clients, vendors,
/// neighbours, referees and a few people met in the last weeks.
///
/// Everything comes from one `SeededGenerator` stream consumed in a fixed order: the same seed
/// gives the same `Backup`, on every platform (only integer arithmetic decides anything).
/// `Fixtures/demo.kith.json` is `generate()` encoded with `Backup.makeEncoder()`.
public enum DemoNetwork {
  /// The end of the demo's time span, 2026-06-30T00:00:00Z; every event lies before it.
  public static let endDate = Date(
    timeIntervalSince1970: TimeInterval(DemoCalendar.seconds(2026, 6, 30)))
  /// The start of the demo's time span, 2023-07-01T00:00:00Z.
  public static let startDate = Date(
    timeIntervalSince1970: TimeInterval(DemoCalendar.seconds(2023, 7, 1)))
  /// The ego's handle.
  public static let egoHandle = "alex-morgan"
  /// The tags that mark the circles.
  public static let communityTags = [
    "team", "ex-brightline", "ex-halden", "alumni", "meetup", "family", "friends", "association",
  ]

  /// Builds the demo network for `seed`.
  public static func generate(seed: UInt64 = 2026) -> Backup {
    var builder = DemoBuilder(seed: seed)
    return builder.build()
  }
}

// MARK: - Time

private let day: Int64 = 86_400
private let tStart = DemoCalendar.seconds(2023, 7, 1)
private let tEnd = DemoCalendar.seconds(2026, 6, 30)
private let tLeftBrightline = DemoCalendar.seconds(2024, 3, 29)
private let tJoinedFernwood = DemoCalendar.seconds(2024, 4, 2)
private let forever: Int64 = 1 << 40

/// Civil-calendar arithmetic on whole seconds since the epoch (UTC), independent of Foundation.
enum DemoCalendar {
  static func seconds(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0) -> Int64 {
    Int64(daysFromCivil(y, m, d)) * day + Int64(h * 3600 + mi * 60)
  }

  static func daysFromCivil(_ year: Int, _ month: Int, _ dayOfMonth: Int) -> Int {
    KithTime.daysFromCivil(year: year, month: month, day: dayOfMonth)
  }

  static func civil(_ s: Int64) -> (year: Int, month: Int, day: Int) {
    let (y, m, d) = KithTime.civilFromDays(Int(floorDays(s)))
    return (y, m, d)
  }

  static func floorDays(_ s: Int64) -> Int64 {
    let q = s / day
    return (s % day != 0 && s < 0) ? q - 1 : q
  }

  static func startOfDay(_ s: Int64) -> Int64 { floorDays(s) * day }

  /// 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
  static func weekday(_ s: Int64) -> Int { Int((floorDays(s) + 3) % 7 + 7) % 7 }

  /// The start of the first day on or after `s` that falls on `weekday`.
  static func next(_ weekday: Int, onOrAfter s: Int64) -> Int64 {
    let d = startOfDay(s)
    return d + Int64((weekday - self.weekday(d) + 7) % 7) * day
  }

  /// The `nth` (1-based) `weekday` of a month.
  static func nth(_ n: Int, _ weekday: Int, year: Int, month: Int) -> Int64 {
    next(weekday, onOrAfter: seconds(year, month, 1)) + Int64(n - 1) * 7 * day
  }

  /// Christmas to New Year, and (for work) the first half of August.
  static func isHoliday(_ s: Int64, summer: Bool) -> Bool {
    let c = civil(s)
    if c.month == 12 && c.day >= 22 { return true }
    if c.month == 1 && c.day <= 2 { return true }
    if summer && c.month == 8 && c.day >= 4 && c.day <= 17 { return true }
    return false
  }

  static func months(from: (Int, Int), through: (Int, Int)) -> [(year: Int, month: Int)] {
    var out: [(year: Int, month: Int)] = []
    var (y, m) = from
    while y < through.0 || (y == through.0 && m <= through.1) {
      out.append((y, m))
      m += 1
      if m > 12 {
        m = 1
        y += 1
      }
    }
    return out
  }
}

// MARK: - Randomness

/// Integer-only draws from a `SeededGenerator`, so that results never depend on a platform's
/// floating-point library or on the standard library's sampling algorithms.
struct Dice {
  var generator: SeededGenerator

  init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

  /// Uniform in 0..<n (n > 0).
  mutating func below(_ n: Int) -> Int {
    Int(generator.next().multipliedFullWidth(by: UInt64(max(n, 1))).high)
  }

  mutating func below64(_ n: Int64) -> Int64 {
    Int64(generator.next().multipliedFullWidth(by: UInt64(max(n, 1))).high)
  }

  mutating func range(_ r: ClosedRange<Int>) -> Int { r.lowerBound + below(r.count) }

  mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

  mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

  mutating func weighted(_ weights: [Int]) -> Int {
    let total = weights.reduce(0, +)
    var r = below(total)
    for (i, w) in weights.enumerated() {
      if r < w { return i }
      r -= w
    }
    return weights.count - 1
  }

  mutating func shuffled<T>(_ items: [T]) -> [T] {
    var a = items
    var i = a.count - 1
    while i > 0 {
      a.swapAt(i, below(i + 1))
      i -= 1
    }
    return a
  }

  /// `k` distinct items, in their original order.
  mutating func sample<T>(_ items: [T], _ k: Int) -> [T] {
    let chosen = shuffled(Array(items.indices)).prefix(max(0, min(k, items.count))).sorted()
    return chosen.map { items[$0] }
  }

  /// A time in `from..<to` (`to > from`).
  mutating func time(_ from: Int64, _ to: Int64) -> Int64 { from + below64(max(to - from, 1)) }
}

// MARK: - Contexts

/// How a kind of relationship talks: topics, kinds of interaction, hours, channels.
struct DemoContext: Sendable {
  var topics: [String]
  var kinds: [InteractionKind]
  var weights: [Int]
  var hours: ClosedRange<Int>
  var workdays: Bool
  var messaging: [String]
  var video: [String]
  var work: Bool
}

enum DemoContexts {
  static let team = DemoContext(
    topics: [
      "the Series A", "the Q3 roadmap", "hiring a data engineer", "the churn model",
      "the warehouse migration", "the board deck", "the patient-outcomes dashboard",
      "the on-call rota", "the dbt refactor", "the FHIR integration",
      "the pilot with Marlow Health", "the data retention policy", "the metrics layer",
      "the Series B story", "the offsite agenda", "the quarterly OKRs",
    ],
    kinds: [.meeting, .video, .message, .email, .call, .social, .other],
    weights: [34, 14, 32, 12, 4, 2, 2], hours: 9...17, workdays: true, messaging: ["slack"],
    video: ["google meet", "zoom"], work: true)

  static let brightline = DemoContext(
    topics: [
      "the data platform migration", "the old analytics team", "Brightline's reorg",
      "the Snowflake contract", "their new role", "the Looker sunset", "the customer-health score",
      "the attribution model", "life after Brightline", "the Brightline layoffs",
      "the new VP of Data", "the pricing experiment",
    ],
    kinds: [.meeting, .video, .message, .email, .call, .social, .other],
    weights: [30, 12, 26, 15, 9, 5, 3], hours: 9...19, workdays: true,
    messaging: ["slack", "whatsapp"],
    video: ["zoom", "google meet"], work: true)

  static let halden = DemoContext(
    topics: [
      "consulting life", "the old Halden & Pike days", "their move in-house",
      "the pricing engagement", "a retail client", "making partner", "the graduate scheme",
      "the Edinburgh office", "a possible collaboration", "their sabbatical",
    ],
    kinds: [.meeting, .call, .video, .message, .email, .social, .other],
    weights: [25, 15, 10, 20, 15, 10, 5], hours: 8...20, workdays: false,
    messaging: ["whatsapp", "linkedin"], video: ["zoom", "teams"], work: false)

  static let alumni = DemoContext(
    topics: [
      "the reunion", "their PhD", "old lecturers", "the alumni mentoring scheme",
      "their startup idea", "moving back north", "the class of 2015", "a job in Berlin",
      "the guest lecture", "their thesis", "a research grant",
    ],
    kinds: [.message, .social, .call, .meeting, .video, .email, .other],
    weights: [35, 15, 12, 20, 10, 5, 3], hours: 8...22, workdays: false,
    messaging: ["whatsapp", "signal"], video: ["zoom", "whatsapp"], work: false)

  static let meetup = DemoContext(
    topics: [
      "the next meetup talk", "Swift on the server", "DuckDB", "speaking at the meetup",
      "their first tech job", "open-source maintainership", "the venue for next month",
      "the lightning talks", "a CV review", "the code of conduct", "sponsorship for the meetup",
      "a side project", "career moves",
    ],
    kinds: [.message, .meeting, .email, .social, .video, .call, .event],
    weights: [28, 22, 12, 18, 12, 5, 3], hours: 8...21, workdays: false,
    messaging: ["signal", "linkedin", "whatsapp"], video: ["zoom", "google meet"], work: false)

  static let family = DemoContext(
    topics: [
      "Mum's birthday", "the summer holiday", "Dad's knee operation", "Christmas plans",
      "the garden", "the new flat", "Granny's 90th", "the wedding photos", "the car",
      "the allotment", "the kids' school", "the family tree",
    ],
    kinds: [.call, .message, .meeting, .video, .social, .other],
    weights: [38, 32, 15, 8, 3, 4], hours: 8...21, workdays: false, messaging: ["whatsapp", "sms"],
    video: ["facetime", "whatsapp"], work: false)

  static let friends = DemoContext(
    topics: [
      "the climbing trip", "the wedding", "a new job", "the pub quiz", "the book club pick",
      "marathon training", "the flat hunt", "the festival", "a bad date", "the football",
      "the dinner party", "the new baby", "moving abroad",
    ],
    kinds: [.message, .meeting, .call, .social, .other, .video, .event],
    weights: [38, 25, 10, 12, 6, 5, 4], hours: 8...22, workdays: false,
    messaging: ["whatsapp", "signal", "imessage"], video: ["facetime", "whatsapp"], work: false)

  static let association = DemoContext(
    topics: [
      "the data-sharing standard", "the working group draft", "the annual conference",
      "privacy-preserving analytics", "the interoperability white paper", "the panel in Manchester",
      "the consultation response", "synthetic data guidance", "the membership drive",
    ],
    kinds: [.email, .video, .meeting, .call, .social, .message],
    weights: [35, 28, 14, 10, 8, 5], hours: 9...18, workdays: true,
    messaging: ["linkedin", "slack"],
    video: ["teams", "zoom"], work: true)

  static let investor = DemoContext(
    topics: [
      "the Series A", "the Series B timeline", "board metrics", "the data room",
      "hiring a VP Engineering", "the market map", "cohort retention",
      "a portfolio company's data team",
    ],
    kinds: [.email, .meeting, .video, .call, .message],
    weights: [40, 28, 20, 10, 2], hours: 8...18, workdays: true, messaging: ["whatsapp"],
    video: ["zoom"], work: true)

  static let recruiter = DemoContext(
    topics: [
      "a Head of Data role", "a VP Analytics opening", "a contract role", "salary benchmarks",
      "a Chief Data Officer search", "a fintech opportunity",
    ],
    kinds: [.message, .email, .call],
    weights: [50, 35, 15], hours: 9...18, workdays: true, messaging: ["linkedin"],
    video: ["zoom"], work: true)

  static let client = DemoContext(
    topics: [
      "the pilot results", "the renewal", "the integration timeline", "their data export",
      "the quarterly business review", "the outcomes report", "the security questionnaire",
    ],
    kinds: [.meeting, .video, .email, .call],
    weights: [40, 30, 25, 5], hours: 9...17, workdays: true, messaging: ["slack"],
    video: ["teams", "zoom"], work: true)

  static let vendor = DemoContext(
    topics: [
      "the contract renewal", "the usage bill", "a proof of concept", "the roadmap preview",
      "a support ticket", "the pricing change",
    ],
    kinds: [.email, .video, .meeting, .call],
    weights: [40, 30, 20, 10], hours: 9...17, workdays: true, messaging: ["slack"],
    video: ["zoom", "google meet"], work: true)

  static let neighbour = DemoContext(
    topics: [
      "the parcel", "the street party", "the hedge", "the cat", "the recycling collection",
      "the residents' association", "the roadworks",
    ],
    kinds: [.meeting, .other, .message, .social],
    weights: [30, 40, 25, 5], hours: 9...20, workdays: false, messaging: ["whatsapp"],
    video: ["facetime"], work: false)

  static let general = DemoContext(
    topics: [
      "a mutual friend", "their new role", "an article", "a conference", "a podcast episode",
      "the job market", "a book recommendation",
    ],
    kinds: [.message, .email, .meeting, .social, .call],
    weights: [30, 20, 20, 20, 10], hours: 9...20, workdays: false,
    messaging: ["linkedin", "whatsapp"],
    video: ["zoom"], work: false)
}

// MARK: - Names and organisations

enum DemoNames {
  struct Culture: Sendable {
    let firsts: [String]
    let lasts: [String]
    let weight: Int
  }

  static let cultures: [Culture] = [
    Culture(
      firsts: [
        "Oliver", "Charlotte", "James", "Amelia", "Harry", "Sophie", "Jack", "Emily", "George",
        "Grace", "Daniel", "Hannah", "Samuel", "Lucy", "Matthew", "Laura", "Benjamin", "Eleanor",
        "Rachel", "Peter", "Katherine", "Robert", "Joanna", "Nicholas", "Victoria", "Christopher",
        "Rebecca", "Jonathan",
      ],
      lasts: [
        "Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans", "Roberts", "Walker", "Wright",
        "Robinson", "Thompson", "Hughes", "Edwards", "Green", "Hall", "Wood", "Harris", "Lewis",
        "Turner", "Parker", "Cooper", "Ward", "Fletcher", "Bennett", "Marsh", "Holloway",
        "Whitaker", "Pearson",
      ], weight: 24),
    Culture(
      firsts: [
        "Noah", "Ava", "Ethan", "Maya", "Caleb", "Zoe", "Isaac", "Leah", "Aaron", "Miriam",
        "Jordan", "Riley", "Marcus", "Jasmine",
      ],
      lasts: [
        "Goldberg", "Cohen", "Friedman", "Miller", "Anderson", "Jackson", "Rivera", "Brooks",
        "Sullivan", "Hayes", "Washington", "Bishop",
      ], weight: 7),
    Culture(
      firsts: [
        "Siobhán", "Niamh", "Ciarán", "Aoife", "Seán", "Eoin", "Orla", "Fionn", "Mairead", "Callum",
        "Isla", "Ewan", "Róisín",
      ],
      lasts: [
        "O'Neill", "Murphy", "Kelly", "Byrne", "Gallagher", "MacLeod", "Campbell", "Fraser",
        "Doherty", "Quinn", "Ó Briain", "McKenzie",
      ], weight: 7),
    Culture(
      firsts: [
        "José", "María", "Sofía", "Javier", "Lucía", "Andrés", "Carmen", "Mateo", "Valentina",
        "Diego", "Inés", "Raúl", "Camila", "Álvaro",
      ],
      lasts: [
        "García", "Martínez", "Rodríguez", "López", "Hernández", "Pérez", "Sánchez", "Ramírez",
        "Torres", "Flores", "Jiménez", "Ortiz", "Castillo", "Núñez",
      ], weight: 7),
    Culture(
      firsts: [
        "João", "Ana", "Tiago", "Beatriz", "Luís", "Mariana", "Gonçalo", "Leonor", "Rafael",
        "Júlia",
      ],
      lasts: [
        "Silva", "Santos", "Oliveira", "Costa", "Araújo", "Ferreira", "Gonçalves", "Carvalho",
        "Almeida", "Ribeiro",
      ], weight: 4),
    Culture(
      firsts: [
        "Chloé", "Hélène", "Étienne", "Mathilde", "Julien", "Camille", "Léa", "Antoine", "Margaux",
        "Théo", "Aurélie", "Benoît",
      ],
      lasts: [
        "Lefèvre", "Dubois", "Moreau", "Laurent", "Girard", "Rousseau", "Fontaine", "Mercier",
        "Bonnet", "Faure", "Chevalier", "Gauthier",
      ], weight: 5),
    Culture(
      firsts: [
        "Jürgen", "Anna", "Lukas", "Katharina", "Maximilian", "Lena", "Felix", "Johanna", "Tobias",
        "Jonas", "Clara", "Moritz",
      ],
      lasts: [
        "Müller", "Schröder", "Fischer", "Weber", "Becker", "Hoffmann", "Schäfer", "Koch", "Wagner",
        "Krüger", "Schmitt", "Vogel",
      ], weight: 5),
    Culture(
      firsts: [
        "Björn", "Åsa", "Lars", "Ingrid", "Erik", "Sigrid", "Henrik", "Freja", "Nils", "Astrid",
        "Mikael", "Linnéa",
      ],
      lasts: [
        "Andersson", "Johansson", "Lindqvist", "Söderberg", "Nilsson", "Berg", "Holm", "Dahl",
        "Lundgren", "Nyström", "Eriksen", "Halvorsen",
      ], weight: 3),
    Culture(
      firsts: [
        "Zofia", "Piotr", "Katarzyna", "Tomasz", "Agnieszka", "Jakub", "Magdalena", "Ondřej",
        "Tereza", "Marek",
      ],
      lasts: [
        "Nowak", "Dvořák", "Novák", "Svoboda", "Krawczyk", "Mazur", "Wójcik", "Kaczmarek",
        "Procházka", "Horák",
      ],
      weight: 3),
    Culture(
      firsts: [
        "Ayşe", "Mehmet", "Elif", "Emre", "Zeynep", "Can", "Selin", "Burak", "Deniz", "Ömer",
      ],
      lasts: [
        "Demir", "Çelik", "Şahin", "Öztürk", "Kaya", "Arslan", "Doğan", "Koç", "Erdem", "Aksoy",
      ],
      weight: 3),
    Culture(
      firsts: [
        "Priya", "Arjun", "Ananya", "Rohan", "Kavya", "Vikram", "Meera", "Aditya", "Nisha",
        "Sanjay", "Deepa", "Rahul", "Farah", "Imran", "Ayesha", "Hamza",
      ],
      lasts: [
        "Sharma", "Patel", "Iyer", "Gupta", "Reddy", "Nair", "Mehta", "Chopra", "Desai", "Rao",
        "Khan", "Malik", "Chaudhry", "Siddiqui", "Bose", "Kapoor",
      ], weight: 10),
    Culture(
      firsts: ["Wei", "Jing", "Hao", "Mei", "Xin", "Lin", "Yang", "Qian", "Jun", "Yan"],
      lasts: ["Zhang", "Wang", "Chen", "Liu", "Huang", "Wu", "Zhou", "Xu", "Sun", "Ma"], weight: 4),
    Culture(
      firsts: ["Yuki", "Haruto", "Sakura", "Kenji", "Aiko", "Ren", "Hina", "Sota"],
      lasts: ["Tanaka", "Suzuki", "Watanabe", "Nakamura", "Kobayashi", "Yamamoto", "Ito", "Kato"],
      weight: 2),
    Culture(
      firsts: ["Min-jun", "Ji-woo", "Seo-yeon", "Hyun-woo", "Ji-ho", "Soo-ah", "Do-yun"],
      lasts: ["Kim", "Park", "Lee", "Choi", "Jung", "Kang", "Yoon"], weight: 2),
    Culture(
      firsts: ["Mai", "Minh", "Linh", "Tuấn", "Thảo", "Quang", "Huong", "Duc"],
      lasts: ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ"], weight: 2),
    Culture(
      firsts: [
        "Chinedu", "Ngozi", "Oluwaseun", "Adaeze", "Kwame", "Ama", "Tunde", "Folake", "Kofi", "Yaw",
        "Chiamaka", "Emeka",
      ],
      lasts: [
        "Okafor", "Adeyemi", "Mensah", "Boateng", "Okonkwo", "Balogun", "Asante", "Eze", "Owusu",
        "Adebayo",
      ],
      weight: 5),
    Culture(
      firsts: [
        "Omar", "Layla", "Karim", "Nour", "Youssef", "Rania", "Samir", "Yasmin", "Tariq", "Hana",
      ],
      lasts: [
        "Haddad", "Nasser", "Khoury", "Saleh", "Mansour", "Farouk", "Aziz", "Hamdan", "Rahman",
        "Issa",
      ],
      weight: 4),
    Culture(
      firsts: ["Giulia", "Marco", "Francesca", "Luca", "Chiara", "Matteo", "Elisa", "Davide"],
      lasts: [
        "Rossi", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Conti", "De Luca",
        "Esposito",
      ],
      weight: 4),
  ]

  /// People whose names are written in a non-Latin script: (name, Latin first, Latin last).
  static let nonLatin: [(name: String, first: String, last: String)] = [
    ("王芳", "Fang", "Wang"),
    ("佐藤 健", "Ken", "Sato"),
    ("김민지", "Min-ji", "Kim"),
    ("Дмитрий Соколов", "Dmitry", "Sokolov"),
    ("Ελένη Παπαδοπούλου", "Eleni", "Papadopoulou"),
    ("ليلى حداد", "Layla", "Haddad"),
    ("陈静", "Jing", "Chen"),
  ]

  static let nicknames: [String: String] = [
    "Robert": "Rob", "Katherine": "Kate", "Matthew": "Matt", "Benjamin": "Ben", "Nicholas": "Nick",
    "Samuel": "Sam", "Daniel": "Dan", "Joanna": "Jo", "Rebecca": "Becky", "Christopher": "Chris",
    "Jonathan": "Jon", "Victoria": "Vicky", "Maximilian": "Max", "Katharina": "Kathi",
    "Oluwaseun": "Seun", "Chinedu": "Chi", "Valentina": "Vale", "Francesca": "Fran",
    "Javier": "Javi",
    "Alexander": "Alex", "Eleanor": "Ellie", "Magdalena": "Magda", "Katarzyna": "Kasia",
    "Aditya": "Adi", "Siobhán": "Shiv", "Gonçalo": "Gonça", "Mathilde": "Mathi",
  ]
}

enum DemoOrgs {
  static let fernwood = 0, brightline = 1, halden = 2, northbridge = 3, riverside = 4, alliance = 5
  static let ashgrove = 6, peregrine = 7, orbital = 8, kestrel = 9, marlow = 10, greenhill = 11
  static let quillon = 12, tidewater = 13, juniper = 14, cobalt = 15, lantern = 16, saffron = 17
  static let meridian = 18, bramble = 19, atlas = 20, harbourview = 21, vireo = 22, oakmoss = 23
  static let pixelwright = 24, solent = 25, ferrous = 26, larkspur = 27, nimbus = 28,
    copperleaf = 29
  static let blueheron = 30, redwood = 31, stonebridge = 32, ember = 33, wayfarer = 34, mosaic = 35
  static let keel = 36, polaris = 37, thistle = 38, sundial = 39

  static let all: [(name: String, domain: String, tags: [String])] = [
    ("Fernwood Labs", "fernwood.example", ["healthtech", "startup"]),
    ("Brightline Systems", "brightline.example", ["saas", "analytics", "scaleup"]),
    ("Halden & Pike", "haldenpike.example", ["consulting", "professional-services"]),
    ("Northbridge University", "northbridge.example", ["university", "education"]),
    ("Riverside Tech Meetup", "riversidetech.example", ["meetup", "community"]),
    (
      "Health Data Alliance", "healthdata-alliance.example",
      ["industry-association", "healthtech", "non-profit"]
    ),
    ("Ashgrove Capital", "ashgrove.example", ["venture-capital", "investor"]),
    ("Peregrine Ventures", "peregrine.example", ["venture-capital", "investor"]),
    ("Orbital Talent", "orbitaltalent.example", ["recruitment", "agency"]),
    ("Kestrel Bank", "kestrelbank.example", ["finance", "enterprise"]),
    ("Marlow Health", "marlowhealth.example", ["healthcare", "provider"]),
    ("Greenhill Hospitals Trust", "greenhill-hospitals.example", ["healthcare", "public-sector"]),
    ("Quillon Media", "quillon.example", ["media", "publishing"]),
    ("Tidewater Logistics", "tidewater.example", ["logistics", "enterprise"]),
    ("Juniper Robotics", "juniper-robotics.example", ["robotics", "startup"]),
    ("Cobalt Cloud", "cobaltcloud.example", ["cloud", "saas"]),
    ("Lantern Bio", "lanternbio.example", ["biotech", "startup"]),
    ("Saffron Payments", "saffronpay.example", ["fintech", "scaleup"]),
    ("Meridian Insurance", "meridian-insurance.example", ["insurance", "enterprise"]),
    ("Bramble Games", "bramblegames.example", ["gaming", "studio"]),
    ("Atlas Retail Group", "atlasretail.example", ["retail", "enterprise"]),
    ("Harbourview Council", "harbourview-council.example", ["public-sector", "local-government"]),
    ("Vireo Energy", "vireo.example", ["energy", "scaleup"]),
    ("Oakmoss Design", "oakmoss.example", ["design", "agency"]),
    ("Pixelwright", "pixelwright.example", ["software", "agency"]),
    ("Solent Analytics", "solent-analytics.example", ["analytics", "consultancy"]),
    ("Ferrous Data", "ferrousdata.example", ["data-infrastructure", "startup"]),
    ("Larkspur Pharma", "larkspur.example", ["pharma", "enterprise"]),
    ("Nimbus Mobility", "nimbus.example", ["mobility", "startup"]),
    ("Copperleaf Foods", "copperleaf.example", ["food", "retail"]),
    ("Blue Heron Publishing", "blueheron.example", ["publishing", "media"]),
    ("Redwood Legal", "redwoodlegal.example", ["legal", "professional-services"]),
    ("Stonebridge School", "stonebridge-school.example", ["education", "school"]),
    ("Ember Studio", "emberstudio.example", ["architecture", "design"]),
    ("Wayfarer Travel", "wayfarer.example", ["travel", "consumer"]),
    (
      "Mosaic Health Research Institute", "mosaic-research.example",
      ["research", "healthcare", "non-profit"]
    ),
    ("Keel & Co", "keelco.example", ["accounting", "professional-services"]),
    (
      "Polaris Open Source Foundation", "polaris.example",
      ["open-source", "foundation", "non-profit"]
    ),
    ("Thistle Telecom", "thistle.example", ["telecom", "enterprise"]),
    ("Sundial Labs", "sundial.example", ["ai", "startup"]),
  ]

  static let tech = [
    quillon, juniper, cobalt, lantern, saffron, bramble, pixelwright, solent, ferrous, nimbus,
    sundial,
    thistle, tidewater, kestrel,
  ]
  static let health = [marlow, greenhill, lantern, larkspur, mosaic, meridian]
  static let general = [
    atlas, harbourview, vireo, oakmoss, copperleaf, blueheron, redwood, stonebridge, ember,
    wayfarer, keel,
    kestrel, thistle, quillon,
  ]
  static let techRoles = [
    "Software Engineer", "Senior Software Engineer", "Staff Engineer", "Engineering Manager",
    "Product Manager", "Product Designer", "Data Scientist", "Data Engineer", "Analytics Engineer",
    "Site Reliability Engineer", "Developer Advocate", "CTO", "Machine Learning Engineer",
  ]
  static let healthRoles = [
    "Head of Digital", "Clinical Informatician", "Data Protection Officer", "Research Fellow",
    "Chief Clinical Information Officer", "Health Data Scientist", "Programme Manager",
  ]
  static let generalRoles = [
    "Operations Manager", "Teacher", "Solicitor", "Accountant", "Architect", "Marketing Manager",
    "Project Manager", "Nurse", "Editor", "Chef", "Policy Officer", "Sales Director",
  ]
}

enum DemoInterests {
  static let tech = [
    "swift", "rust", "python", "distributed systems", "machine learning", "data engineering",
    "open source", "product management", "ux research", "platform engineering", "security",
    "observability", "llms", "accessibility", "postgres",
  ]
  static let health = [
    "health data", "fhir", "privacy", "clinical research", "public health", "interoperability",
    "digital health policy", "synthetic data",
  ]
  static let personal = [
    "climbing", "running", "jazz", "board games", "photography", "cooking", "gardening", "cycling",
    "football", "chess", "sourdough", "hiking", "sci-fi", "podcasts", "travel", "yoga", "wine",
    "film",
  ]
  static let business = [
    "venture capital", "fundraising", "pricing", "go-to-market", "hiring", "leadership",
    "negotiation",
  ]
}

// MARK: - The builder

private struct PersonDraft {
  var name: String
  var first: String
  var last: String
  var handle: String
  var aliases: [String] = []
  var emails: [String] = []
  var phones: [String] = []
  var urls: [String] = []
  var tags: [String]
  var interests: [String] = []
  var cadenceDays: Int?
  /// The circle whose habits decide the person's contact details and interests.
  var circle: String
}

private struct InteractionDraft {
  var time: Int64
  var kind: InteractionKind
  var participants: [Int]
  var initiator: Int?
  var channel: String?
  var summary: String?
  var followUp: Int64?
  var seq: Int
}

/// A person's membership of a recurring group, over a span of time.
private struct Member {
  var p: Int
  var from: Int64
  var to: Int64

  init(_ p: Int, from: Int64 = 0, to: Int64 = forever) {
    self.p = p
    self.from = from
    self.to = to
  }

  func active(_ t: Int64) -> Bool { from <= t && t < to }
}

private struct NoteDraft {
  var time: Int64
  var text: String
  var person: Int?
  var organisation: Int?
  var interaction: Int?
}

private struct DemoBuilder {
  var dice: Dice
  var people: [PersonDraft] = []
  var usedNames: Set<String> = []
  var usedHandles: Set<String> = []
  var usedEmails: Set<String> = []
  var phoneNumbers: [Int] = []
  var nextPhone = 0
  var affiliations: [Affiliation] = []
  var interactions: [InteractionDraft] = []
  var exchanges: [Exchange] = []
  var referrals: [Referral] = []
  var ties: [Tie] = []
  var tiePairs: Set<Int> = []
  var notes: [NoteDraft] = []
  /// Ego interactions that may get a follow-up date, decided once everything is generated.
  var followUpCandidates: [Int] = []

  init(seed: UInt64) {
    dice = Dice(seed: seed)
  }

  // MARK: People

  mutating func freshName(culture: Int? = nil) -> (String, String) {
    let weights = DemoNames.cultures.map(\.weight)
    for _ in 0..<60 {
      let c = DemoNames.cultures[culture ?? dice.weighted(weights)]
      let first = dice.pick(c.firsts)
      let last = dice.pick(c.lasts)
      let key = TextKey.fold("\(first) \(last)")
      if !usedNames.contains(key) {
        usedNames.insert(key)
        return (first, last)
      }
    }
    let c = DemoNames.cultures[0]
    let first = dice.pick(c.firsts)
    let last = "\(dice.pick(c.lasts))-\(dice.pick(c.lasts))"
    usedNames.insert(TextKey.fold("\(first) \(last)"))
    return (first, last)
  }

  /// Adds a person; `display` is the name as written when it is not "first last" in Latin script.
  mutating func add(
    _ first: String, _ last: String, display: String? = nil, tags: [String], circle: String
  ) -> Int {
    let latin = "\(first) \(last)"
    usedNames.insert(TextKey.fold(latin))
    let base = TextKey.slug(latin)
    var handle = base
    var n = 2
    while usedHandles.contains(handle) {
      handle = "\(base)-\(n)"
      n += 1
    }
    usedHandles.insert(handle)
    var p = PersonDraft(
      name: display ?? latin, first: first, last: last, handle: handle, tags: tags, circle: circle)
    if display != nil { p.aliases.append(latin) }
    people.append(p)
    return people.count - 1
  }

  mutating func new(_ tags: [String], circle: String? = nil, culture: Int? = nil) -> Int {
    let (first, last) = freshName(culture: culture)
    return add(first, last, tags: tags, circle: circle ?? tags.first ?? "misc")
  }

  mutating func nonLatin(_ k: Int, _ tags: [String]) -> Int {
    let entry = DemoNames.nonLatin[k]
    return add(
      entry.first, entry.last, display: entry.name, tags: tags, circle: tags.first ?? "misc")
  }

  mutating func tag(_ p: Int, _ tag: String) {
    if !people[p].tags.contains(tag) { people[p].tags.append(tag) }
  }

  mutating func affiliate(_ p: Int, _ org: Int, _ role: String?, from: Int64?, to: Int64? = nil) {
    affiliations.append(
      Affiliation(
        id: Int64(affiliations.count + 1), person: Int64(p + 1), organisation: Int64(org + 1),
        role: role,
        from: from.map(date), to: to.map(date)))
  }

  /// A random date between two calendar dates (at midnight).
  mutating func someDay(_ from: (Int, Int, Int), _ to: (Int, Int, Int)) -> Int64 {
    let a = DemoCalendar.seconds(from.0, from.1, from.2)
    let b = DemoCalendar.seconds(to.0, to.1, to.2)
    return DemoCalendar.startOfDay(dice.time(a, b))
  }

  /// A current job, and sometimes a previous one, at organisations from `pool`.
  mutating func career(
    _ p: Int, _ pool: [Int], _ roles: [String], since: Int64? = nil, previous: Int = 40
  ) {
    let org = dice.pick(pool)
    let start = since ?? someDay((2015, 1, 1), (2025, 9, 1))
    affiliate(p, org, dice.pick(roles), from: start)
    if dice.chance(previous) {
      var other = dice.pick(pool)
      if other == org { other = dice.pick(DemoOrgs.general) }
      if other != org {
        let prevStart = start - Int64(dice.range(700...2500)) * day
        affiliate(
          p, other, dice.pick(roles), from: prevStart, to: start - Int64(dice.range(1...40)) * day)
      }
    }
  }

  // MARK: Interactions

  @discardableResult
  mutating func emit(
    _ time: Int64, _ kind: InteractionKind, _ participants: [Int], initiator: Int?,
    summary: String?,
    channel: String?
  ) -> Int? {
    var seen: Set<Int> = []
    let ps = participants.filter { seen.insert($0).inserted }
    guard ps.count >= 2, time >= tStart, time < tEnd else { return nil }
    let by = initiator.flatMap { ps.contains($0) ? $0 : nil }
    interactions.append(
      InteractionDraft(
        time: time, kind: kind, participants: ps, initiator: by, channel: channel, summary: summary,
        followUp: nil, seq: interactions.count))
    return interactions.count - 1
  }

  mutating func channel(_ kind: InteractionKind, _ ctx: DemoContext) -> String? {
    switch kind {
    case .meeting, .event: return "in person"
    case .call: return ctx.work ? "phone" : dice.pick(["phone", "whatsapp"])
    case .video: return dice.pick(ctx.video)
    case .message: return dice.pick(ctx.messaging)
    case .email: return "email"
    case .social: return dice.pick(["linkedin", "instagram", "mastodon"])
    case .other: return dice.pick(["post", "in person", "voice note"])
    }
  }

  mutating func summary(_ kind: InteractionKind, _ ctx: DemoContext) -> String? {
    let topic = dice.pick(ctx.topics)
    let templates: [String]
    switch kind {
    case .meeting:
      templates =
        ctx.work
        ? [
          "Coffee about {t}", "1:1 on {t}", "Lunch — {t}", "Whiteboard session on {t}",
          "Walk and talk about {t}", "Met to go through {t}",
        ]
        : [
          "Coffee about {t}", "Lunch — {t}", "Dinner and a catch-up about {t}",
          "Drinks; talked about {t}", "Breakfast chat about {t}", "Walk in the park — {t}",
        ]
    case .call:
      templates = [
        "Quick call about {t}", "Phone catch-up: {t}", "Call re {t}", "Long call about {t}",
      ]
    case .video: templates = ["Video call on {t}", "Remote catch-up about {t}", "Video chat: {t}"]
    case .message:
      if dice.chance(20) { return nil }
      templates = [
        "Messages about {t}", "Chat about {t}", "Sent a link about {t}", "Back-and-forth about {t}",
      ]
    case .email:
      templates = [
        "Email re {t}", "Sent notes on {t}", "Email thread about {t}", "Shared a document on {t}",
      ]
    case .event:
      templates = [
        "Bumped into each other at an event; talked about {t}", "Went to a talk together on {t}",
      ]
    case .social:
      templates = [
        "Commented on their post about {t}", "Reacted to their update about {t}",
        "Congratulated them on {t}", "Birthday wishes",
      ]
    case .other:
      templates = [
        "Sent a book about {t}", "Posted a card about {t}", "Left a voice note about {t}",
        "Dropped round to talk about {t}",
      ]
    }
    return dice.pick(templates).replacingOccurrences(of: "{t}", with: topic)
  }

  /// A time on the day of `t` (moved to Monday when work happens on weekdays only).
  mutating func clock(_ t: Int64, _ ctx: DemoContext) -> Int64 {
    var d = DemoCalendar.startOfDay(t)
    if ctx.workdays {
      let w = DemoCalendar.weekday(d)
      if w >= 5 { d += Int64(7 - w) * day }
    }
    return d + Int64(dice.range(ctx.hours)) * 3600 + Int64(dice.below(12) * 5) * 60
  }

  /// One interaction between two people in a context.
  @discardableResult
  mutating func one(
    _ a: Int, _ b: Int, at t: Int64, _ ctx: DemoContext, by: Int?, kind: InteractionKind? = nil,
    summary: String? = nil, exact: Bool = false
  ) -> Int? {
    let k = kind ?? ctx.kinds[dice.weighted(ctx.weights)]
    let time = exact ? t : clock(t, ctx)
    let text = summary ?? self.summary(k, ctx)
    return emit(time, k, [a, b], initiator: by, summary: text, channel: channel(k, ctx))
  }

  /// Contact between `a` and `b` from `from` to `to`, every `gap` days give or take half;
  /// `a` initiates `aShare` percent of the time (never unrecorded when the share is 0 or 100).
  mutating func series(
    _ a: Int, _ b: Int, from: Int64, to: Int64, gap: Int, _ ctx: DemoContext, aShare: Int = 50
  ) {
    let g = Int64(max(gap, 1)) * day
    let end = min(to, tEnd)
    var t = max(from, tStart) + dice.below64(g)
    while t < end {
      var by: Int? = dice.chance(aShare) ? a : b
      if aShare > 0 && aShare < 100 && dice.chance(8) { by = nil }
      if let i = one(a, b, at: t, ctx, by: by), a == 0 || b == 0 {
        followUpCandidates.append(i)
      }
      t += g / 2 + dice.below64(g)
    }
  }

  /// A recurring group interaction, every `step` days from `first` until `until`.
  mutating func recurring(
    _ summary: String, kind: InteractionKind, first: Int64, step: Int, until: Int64,
    hour: Int, minute: Int = 0, fixed: [Member] = [], members: [Member], attend: Int,
    minSize: Int = 3, maxSize: Int = 80, organiser: Int? = nil, skip: Int = 5, summer: Bool = true,
    remote: Int = 0, ctx: DemoContext
  ) {
    var t = first + Int64(hour * 3600 + minute * 60)
    let end = min(until, tEnd)
    while t < end {
      defer { t += Int64(step) * day }
      if DemoCalendar.isHoliday(t, summer: summer) || dice.chance(skip) { continue }
      var ps = fixed.filter { $0.active(t) }.map(\.p)
      let always = ps.count
      for m in members where m.active(t) && dice.chance(attend) { ps.append(m.p) }
      if ps.count > maxSize {
        ps = Array(ps.prefix(always)) + dice.sample(Array(ps.dropFirst(always)), maxSize - always)
      }
      guard ps.count >= minSize else { continue }
      let k: InteractionKind = remote > 0 && dice.chance(remote) ? .video : kind
      emit(t, k, ps, initiator: organiser, summary: summary, channel: channel(k, ctx))
    }
  }

  /// Pairs inside a circle who talk to each other (mostly to near neighbours in the list, so
  /// that a circle has sub-groups), each pair over the span its members share.
  mutating func pairs(
    _ members: [Member], perPerson: ClosedRange<Int>, gap: ClosedRange<Int>, _ ctx: DemoContext,
    untilEnd: Bool = false
  ) {
    var seen: Set<Int> = []
    var list: [(Member, Member)] = []
    let n = members.count
    guard n >= 2 else { return }
    for i in 0..<n {
      for _ in 0..<dice.range(perPerson) {
        var j: Int
        if dice.chance(70) {
          let offset = dice.range(1...5) * (dice.chance(50) ? 1 : -1)
          j = ((i + offset) % n + n) % n
        } else {
          j = dice.below(n)
        }
        if j == i { continue }
        let a = min(members[i].p, members[j].p)
        let b = max(members[i].p, members[j].p)
        if a == b || !seen.insert(a * 10_000 + b).inserted { continue }
        list.append((members[i], members[j]))
      }
    }
    for (x, y) in list {
      let from = max(x.from, y.from, tStart)
      let to = untilEnd ? tEnd : min(x.to, y.to)
      guard to - from > 30 * day else { continue }
      series(x.p, y.p, from: from, to: to, gap: dice.range(gap) * 2, ctx)
    }
  }

  // MARK: Other records

  /// The day of a note or an exchange placed at a midnight (UTC): dated as that day, as
  /// `kith note --on DATE` and `kith give --on DATE` date theirs. Nil for a time.
  static func enteredDay(_ t: Int64) -> Int64? { t % day == 0 ? t / day : nil }

  mutating func give(
    _ giver: Int, _ receiver: Int, _ kind: ExchangeKind, at t: Int64, _ note: String?
  ) {
    guard giver != receiver, t >= tStart, t < tEnd else { return }
    exchanges.append(
      Exchange(
        time: date(t), giver: Int64(giver + 1), receiver: Int64(receiver + 1), kind: kind,
        note: note, day: Self.enteredDay(t)))
  }

  mutating func tie(_ a: Int, _ b: Int, weight: Double, on t: Int64?, source: String? = nil) {
    guard a != b, tiePairs.insert(min(a, b) * 10_000 + max(a, b)).inserted else { return }
    let sourceID = source.map { _ in "\(ties.count + 1)" }
    ties.append(
      Tie(
        id: Int64(ties.count + 1), a: Int64(a + 1), b: Int64(b + 1), weight: weight,
        date: t.map(date),
        source: source, sourceID: sourceID))
  }

  mutating func note(
    _ t: Int64, _ text: String, person: Int? = nil, organisation: Int? = nil,
    interaction: Int? = nil
  ) {
    let minute = DemoCalendar.startOfDay(t) + (t - DemoCalendar.startOfDay(t)) / 60 * 60
    notes.append(
      NoteDraft(
        time: min(minute, tEnd - day), text: text, person: person, organisation: organisation,
        interaction: interaction))
  }

  /// The last interaction in which both `a` and `b` took part.
  func lastTogether(_ a: Int, _ b: Int) -> Int? {
    var best: Int?
    for (i, x) in interactions.enumerated()
    where x.participants.contains(a) && x.participants.contains(b) {
      if let j = best, interactions[j].time >= x.time { continue }
      best = i
    }
    return best
  }

  func date(_ s: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(s)) }

  // MARK: - The network

  mutating func build() -> Backup {
    phoneNumbers = dice.shuffled(Array(0..<1000))
    let C = DemoContexts.self
    let O = DemoOrgs.self
    let S = tStart
    let E = tEnd

    // The ego.
    let ego = add("Alex", "Morgan", tags: [], circle: "ego")
    people[ego].emails = ["alex.morgan@fernwood.example", "alex.morgan@mail.example"]
    people[ego].phones = ["+44 7700 900000"]
    people[ego].urls = ["https://www.linkedin.com/in/alex-morgan-data"]
    people[ego].interests = ["health data", "analytics", "climbing", "jazz", "mentoring"]
    usedEmails.formUnion(people[ego].emails)
    phoneNumbers.removeAll { $0 == 0 }
    affiliate(
      ego, O.northbridge, "Student (BSc, MSc Data Science)",
      from: DemoCalendar.seconds(2011, 9, 19), to: DemoCalendar.seconds(2015, 6, 30))
    affiliate(
      ego, O.halden, "Analyst", from: DemoCalendar.seconds(2015, 9, 7),
      to: DemoCalendar.seconds(2017, 12, 31))
    affiliate(
      ego, O.halden, "Senior Consultant", from: DemoCalendar.seconds(2018, 1, 1),
      to: DemoCalendar.seconds(2019, 12, 20))
    affiliate(
      ego, O.brightline, "Senior Data Analyst", from: DemoCalendar.seconds(2020, 1, 13),
      to: DemoCalendar.seconds(2021, 12, 31))
    affiliate(
      ego, O.brightline, "Analytics Lead", from: DemoCalendar.seconds(2022, 1, 1),
      to: tLeftBrightline)
    affiliate(ego, O.fernwood, "Head of Data", from: tJoinedFernwood)
    affiliate(ego, O.alliance, "Member", from: DemoCalendar.seconds(2022, 5, 1))
    affiliate(ego, O.riverside, "Co-organiser", from: DemoCalendar.seconds(2025, 1, 1))

    // MARK: Fernwood Labs, the current employer.
    let ceo = new(["team", "founder"])
    let cto = new(["team", "manager"])
    let headProduct = new(["team"])
    let headEng = new(["team"])
    let coo = new(["team"])
    let leaders = [ceo, cto, headProduct, headEng, coo]
    let follower1 = new(["team", "ex-brightline"])
    let follower2 = new(["team", "ex-brightline"])
    var dataReports: [Int] = []
    for _ in 0..<4 { dataReports.append(new(["team"])) }
    var eng: [Int] = [headEng]
    for k in 0..<9 { eng.append(k == 4 ? nonLatin(0, ["team"]) : new(["team"])) }
    var product: [Int] = [headProduct]
    for _ in 0..<5 { product.append(new(["team"])) }
    var commercial: [Int] = [coo]
    for _ in 0..<9 { commercial.append(new(["team"])) }
    let accountManagers = [commercial[2], commercial[3]]

    let fwFounded = DemoCalendar.seconds(2021, 3, 1)
    let follower1Start = DemoCalendar.seconds(2024, 5, 7)
    let follower2Start = DemoCalendar.seconds(2024, 9, 9)
    let newHire = dataReports[3]
    let newHireStart = DemoCalendar.seconds(2025, 2, 3)
    let engLeaver = eng[7]
    let engLeaverEnd = DemoCalendar.seconds(2025, 8, 29)
    let lateEngHire = eng[8]
    let lateEngStart = DemoCalendar.seconds(2025, 10, 6)
    var fwStart: [Int: Int64] = [:]
    var fwEnd: [Int: Int64] = [:]
    affiliate(ceo, O.fernwood, "Chief Executive Officer", from: fwFounded)
    affiliate(cto, O.fernwood, "Chief Technology Officer", from: fwFounded)
    affiliate(headProduct, O.fernwood, "Head of Product", from: DemoCalendar.seconds(2021, 9, 6))
    affiliate(headEng, O.fernwood, "VP Engineering", from: DemoCalendar.seconds(2022, 1, 10))
    affiliate(coo, O.fernwood, "Chief Operating Officer", from: DemoCalendar.seconds(2021, 6, 1))
    affiliate(
      ceo, O.saffron, "Head of Product", from: DemoCalendar.seconds(2016, 4, 1),
      to: DemoCalendar.seconds(2021, 2, 26))
    affiliate(
      cto, O.cobalt, "Principal Engineer", from: DemoCalendar.seconds(2014, 9, 1),
      to: DemoCalendar.seconds(2021, 2, 19))
    for p in leaders { fwStart[p] = DemoCalendar.seconds(2021, 9, 6) }
    for p in dataReports where p != newHire {
      let s = someDay((2022, 1, 1), (2024, 2, 1))
      fwStart[p] = s
      affiliate(
        p, O.fernwood, dice.pick(["Data Engineer", "Senior Data Scientist", "Analytics Engineer"]),
        from: s)
    }
    fwStart[newHire] = newHireStart
    affiliate(newHire, O.fernwood, "Data Engineer", from: newHireStart)
    affiliate(
      newHire, O.ferrous, "Junior Data Engineer", from: DemoCalendar.seconds(2022, 9, 1),
      to: DemoCalendar.seconds(2025, 1, 24))
    fwStart[follower1] = follower1Start
    fwStart[follower2] = follower2Start
    affiliate(follower1, O.fernwood, "Lead Analytics Engineer", from: follower1Start)
    affiliate(follower2, O.fernwood, "Data Scientist", from: follower2Start)
    for p in eng.dropFirst() + product.dropFirst() + commercial.dropFirst() {
      var s = someDay((2021, 6, 1), (2024, 6, 1))
      if p == lateEngHire { s = lateEngStart }
      fwStart[p] = s
      let role: String
      if eng.contains(p) {
        role = dice.pick([
          "Software Engineer", "Senior Software Engineer", "Staff Engineer",
          "Site Reliability Engineer", "QA Engineer",
        ])
      } else if product.contains(p) {
        role = dice.pick([
          "Product Manager", "Senior Product Designer", "UX Researcher", "Product Designer",
        ])
      } else if accountManagers.contains(p) {
        role = "Account Manager"
      } else {
        role = dice.pick([
          "Account Executive", "Customer Success Manager", "Marketing Lead", "People Partner",
          "Finance Manager", "Head of Sales",
        ])
      }
      if p == engLeaver {
        fwEnd[p] = engLeaverEnd
        affiliate(p, O.fernwood, role, from: s, to: engLeaverEnd)
        affiliate(p, O.sundial, "Staff Engineer", from: engLeaverEnd + 17 * day)
      } else {
        affiliate(p, O.fernwood, role, from: s)
        if dice.chance(45) {
          let prev = dice.pick(DemoOrgs.tech)
          affiliate(
            p, prev, dice.pick(DemoOrgs.techRoles), from: s - Int64(dice.range(500...2200)) * day,
            to: s - Int64(dice.range(3...30)) * day)
        }
      }
    }
    func fw(_ p: Int) -> Member {
      Member(p, from: fwStart[p] ?? fwFounded, to: fwEnd[p] ?? forever)
    }
    let fernwoodAll =
      leaders + [follower1, follower2] + dataReports + Array(eng.dropFirst())
      + Array(product.dropFirst()) + Array(commercial.dropFirst())

    // MARK: Brightline Systems, the previous employer (left on 2024-03-29).
    let blManager = new(["ex-brightline", "mentor"])
    let blClose1 = new(["ex-brightline"])
    let blClose2 = new(["ex-brightline"])
    let blKeep1 = new(["ex-brightline"])
    let blKeep2 = nonLatin(3, ["ex-brightline"])
    let blTeam3 = new(["ex-brightline"])
    let blTeam4 = new(["ex-brightline"])
    var blWider: [Int] = []
    for _ in 0..<31 { blWider.append(new(["ex-brightline"])) }
    let blTeam = [blClose1, blClose2, blKeep1, blKeep2, blTeam3, blTeam4]
    var blEnd: [Int: Int64] = [:]
    affiliate(blManager, O.brightline, "VP Data", from: DemoCalendar.seconds(2018, 2, 5))
    blEnd[follower1] = DemoCalendar.seconds(2024, 4, 30)
    blEnd[follower2] = DemoCalendar.seconds(2024, 8, 30)
    affiliate(
      follower1, O.brightline, "Senior Analytics Engineer", from: DemoCalendar.seconds(2020, 6, 1),
      to: blEnd[follower1])
    affiliate(
      follower2, O.brightline, "Data Analyst", from: DemoCalendar.seconds(2022, 2, 14),
      to: blEnd[follower2])
    for (k, p) in (blTeam + blWider).enumerated() {
      let s = someDay((2016, 1, 1), (2023, 5, 1))
      let leaves = k == 2 || k == 4 || (k >= 6 && dice.chance(40))
      let role =
        k < 6
        ? dice.pick(["Data Analyst", "Senior Data Analyst", "Analytics Engineer", "Data Scientist"])
        : dice.pick(DemoOrgs.techRoles)
      if leaves {
        let e = someDay((2024, 5, 1), (2026, 3, 1))
        blEnd[p] = e
        affiliate(p, O.brightline, role, from: s, to: e)
        affiliate(
          p, dice.pick(DemoOrgs.tech), dice.pick(DemoOrgs.techRoles),
          from: e + Int64(dice.range(7...60)) * day)
      } else {
        affiliate(p, O.brightline, role, from: s)
      }
    }
    func bl(_ p: Int) -> Member { Member(p, from: 0, to: blEnd[p] ?? forever) }

    // MARK: Halden & Pike, the first employer (left in 2019).
    let hpMentor = new(["ex-halden", "mentor"])
    var hpFriends: [Int] = []
    for _ in 0..<3 { hpFriends.append(new(["ex-halden"])) }
    var hpRest: [Int] = []
    for _ in 0..<20 { hpRest.append(new(["ex-halden"])) }
    let hpAll = [hpMentor] + hpFriends + hpRest
    var hpStays: [Int] = [hpMentor]
    affiliate(hpMentor, O.halden, "Partner", from: DemoCalendar.seconds(2009, 3, 2))
    for (k, p) in (hpFriends + hpRest).enumerated() {
      let s = someDay((2012, 1, 1), (2019, 6, 1))
      if k % 2 == 0 && k > 0 {
        hpStays.append(p)
        affiliate(
          p, O.halden, dice.pick(["Consultant", "Senior Consultant", "Manager", "Director"]),
          from: s)
      } else {
        let e = max(s + 400 * day, someDay((2018, 1, 1), (2023, 6, 1)))
        affiliate(
          p, O.halden, dice.pick(["Analyst", "Consultant", "Senior Consultant"]), from: s, to: e)
        let pool = dice.chance(50) ? DemoOrgs.general : DemoOrgs.tech
        affiliate(
          p, dice.pick(pool),
          dice.pick(dice.chance(50) ? DemoOrgs.generalRoles : DemoOrgs.techRoles),
          from: e + 30 * day)
      }
    }

    // MARK: Northbridge University alumni.
    var uniClose: [Int] = []
    for _ in 0..<3 { uniClose.append(new(["alumni", "friends"], circle: "alumni")) }
    let professor = new(["alumni", "mentor"])
    var alumniMentees: [Int] = []
    for _ in 0..<2 { alumniMentees.append(new(["alumni", "mentee"])) }
    var alumniRest: [Int] = []
    for k in 0..<28 { alumniRest.append(k == 9 ? nonLatin(2, ["alumni"]) : new(["alumni"])) }
    let alumniAll = uniClose + alumniRest
    affiliate(
      professor, O.northbridge, "Professor of Statistics", from: DemoCalendar.seconds(2004, 9, 1))
    affiliate(professor, O.alliance, "Advisory Board", from: DemoCalendar.seconds(2020, 1, 1))
    for p in uniClose + alumniRest {
      let y = dice.range(2009...2012)
      affiliate(
        p, O.northbridge, "Student", from: DemoCalendar.seconds(y, 9, 20),
        to: DemoCalendar.seconds(y + dice.range(3...4), 6, 30))
      career(
        p, dice.chance(60) ? DemoOrgs.tech : DemoOrgs.general,
        dice.chance(60) ? DemoOrgs.techRoles : DemoOrgs.generalRoles)
    }
    for p in alumniMentees {
      affiliate(
        p, O.northbridge, "Student", from: DemoCalendar.seconds(2020, 9, 21),
        to: DemoCalendar.seconds(2024, 6, 28))
      affiliate(
        p, dice.pick(DemoOrgs.tech), "Graduate Data Analyst", from: DemoCalendar.seconds(2024, 9, 2)
      )
    }

    // MARK: The Riverside Tech Meetup scene.
    let coOrganiser = new(["meetup", "organiser"])
    let organiser2 = new(["meetup", "organiser"])
    let organiserQuit = new(["meetup", "organiser"])
    let organiser4 = new(["meetup", "organiser", "alumni"], circle: "meetup")
    let organisers = [coOrganiser, organiser2, organiserQuit, organiser4]
    var meetupMentees: [Int] = []
    for _ in 0..<3 { meetupMentees.append(new(["meetup", "mentee"])) }
    var regulars: [Int] = []
    for k in 0..<20 { regulars.append(k == 7 ? nonLatin(1, ["meetup"]) : new(["meetup"])) }
    let samTaylor1 = add("Sam", "Taylor", tags: ["meetup"], circle: "meetup")
    regulars.append(samTaylor1)
    var occasional: [Int] = []
    for _ in 0..<30 { occasional.append(new(["meetup"])) }
    let organiserQuitEnd = DemoCalendar.seconds(2024, 6, 30)
    for p in organisers {
      affiliate(
        p, O.riverside, "Organiser", from: someDay((2017, 1, 1), (2021, 1, 1)),
        to: p == organiserQuit ? organiserQuitEnd : nil)
    }
    affiliate(
      organiser4, O.northbridge, "Student", from: DemoCalendar.seconds(2010, 9, 20),
      to: DemoCalendar.seconds(2014, 6, 30))
    for p in organisers + meetupMentees + regulars + occasional {
      if meetupMentees.contains(p) {
        affiliate(
          p, dice.pick(DemoOrgs.tech), "Junior Developer", from: someDay((2023, 9, 1), (2025, 3, 1))
        )
      } else {
        career(p, DemoOrgs.tech, DemoOrgs.techRoles)
      }
    }
    let organiserQuitMoved = DemoCalendar.seconds(2024, 7, 15)
    let meetupPool = organisers + meetupMentees + regulars + occasional

    // MARK: Family.
    let mum = add("Helen", "Morgan", tags: ["family"], circle: "family")
    let dad = add("David", "Morgan", tags: ["family"], circle: "family")
    let sister = add("Emma", "Clarke", tags: ["family"], circle: "family")
    let brother = add("Tom", "Morgan", tags: ["family"], circle: "family")
    let brotherInLaw = add("Daniel", "Clarke", tags: ["family"], circle: "family")
    let sisterInLaw = add("Aisha", "Bello", tags: ["family"], circle: "family")
    let grandma = add("Margaret", "Hughes", tags: ["family"], circle: "family")
    let aunt = add("Susan", "Doyle", tags: ["family"], circle: "family")
    let uncle = add("Patrick", "Doyle", tags: ["family"], circle: "family")
    let cousin1 = add("Ciara", "Doyle", tags: ["family"], circle: "family")
    let cousin2 = add("Liam", "Doyle", tags: ["family"], circle: "family")
    let cousin3 = add("Owen", "Morgan", tags: ["family"], circle: "family")
    let family = [
      mum, dad, sister, brother, brotherInLaw, sisterInLaw, grandma, aunt, uncle, cousin1, cousin2,
      cousin3,
    ]
    people[mum].aliases = ["Helen Hughes"]
    people[sister].aliases = ["Emma Morgan"]
    people[brother].aliases = ["Thomas Morgan"]
    people[mum].cadenceDays = 7
    affiliate(
      mum, O.stonebridge, "Teacher", from: DemoCalendar.seconds(1990, 9, 1),
      to: DemoCalendar.seconds(2022, 7, 22))
    affiliate(
      dad, O.ember, "Architect", from: DemoCalendar.seconds(1998, 3, 2),
      to: DemoCalendar.seconds(2023, 3, 31))
    affiliate(sister, O.redwood, "Solicitor", from: DemoCalendar.seconds(2016, 9, 5))
    affiliate(brother, O.copperleaf, "Head Chef", from: DemoCalendar.seconds(2021, 4, 12))
    affiliate(
      brotherInLaw, O.harbourview, "Planning Officer", from: DemoCalendar.seconds(2018, 1, 8))
    affiliate(sisterInLaw, O.greenhill, "Nurse", from: DemoCalendar.seconds(2019, 10, 1))
    affiliate(cousin1, O.wayfarer, "Marketing Manager", from: DemoCalendar.seconds(2022, 5, 3))
    affiliate(cousin2, O.vireo, "Electrical Engineer", from: DemoCalendar.seconds(2023, 1, 9))

    // MARK: Friends.
    let bestFriend = new(["friends"])
    let closeFriends = [new(["friends"]), new(["friends"]), new(["friends"])]
    let friendAbroad = closeFriends[2]
    let friendAbroadMoved = DemoCalendar.seconds(2024, 9, 14)
    var friendsRest: [Int] = []
    for _ in 0..<16 { friendsRest.append(new(["friends"])) }
    let jobHuntingFriend = friendsRest[0]
    let friendsAll = [bestFriend] + closeFriends + friendsRest
    for p in friendsAll {
      if p == friendAbroad {
        affiliate(
          p, O.quillon, "Editor", from: DemoCalendar.seconds(2019, 2, 4),
          to: DemoCalendar.seconds(2024, 8, 30))
        affiliate(
          p, O.wayfarer, "Content Lead (Melbourne)", from: DemoCalendar.seconds(2024, 10, 7))
      } else if dice.chance(80) {
        career(
          p, dice.chance(30) ? DemoOrgs.tech : DemoOrgs.general,
          dice.chance(30) ? DemoOrgs.techRoles : DemoOrgs.generalRoles)
      }
    }

    // MARK: The Health Data Alliance, an industry association.
    let allianceChair = new(["association"])
    var wg: [Int] = [allianceChair]
    for k in 0..<7 { wg.append(k == 3 ? nonLatin(4, ["association"]) : new(["association"])) }
    var board: [Int] = [allianceChair]
    for _ in 0..<4 { board.append(new(["association"])) }
    var allianceRest: [Int] = []
    for k in 0..<28 {
      allianceRest.append(k == 11 ? nonLatin(6, ["association"]) : new(["association"]))
    }
    let allianceAll =
      [allianceChair] + Array(wg.dropFirst()) + Array(board.dropFirst()) + allianceRest
    affiliate(allianceChair, O.alliance, "Chair", from: DemoCalendar.seconds(2021, 1, 1))
    for p in allianceAll {
      if p != allianceChair {
        affiliate(
          p, O.alliance,
          board.contains(p) ? "Board Member" : (wg.contains(p) ? "Working Group Member" : "Member"),
          from: someDay((2019, 1, 1), (2024, 6, 1)))
      }
      career(p, DemoOrgs.health + [O.solent], DemoOrgs.healthRoles)
    }

    // MARK: Everyone else.
    let investors = [new(["investor"]), new(["investor"]), new(["investor"]), new(["investor"])]
    affiliate(investors[0], O.ashgrove, "Partner", from: DemoCalendar.seconds(2017, 5, 1))
    affiliate(investors[1], O.ashgrove, "Principal", from: DemoCalendar.seconds(2021, 9, 1))
    affiliate(investors[2], O.peregrine, "General Partner", from: DemoCalendar.seconds(2015, 1, 5))
    affiliate(investors[3], O.peregrine, "Associate", from: DemoCalendar.seconds(2023, 2, 1))
    people[investors[0]].cadenceDays = 30
    let recruiters = [
      new(["recruiter"]), new(["recruiter"]),
      add("Sam", "Taylor", tags: ["recruiter"], circle: "recruiter"),
    ]
    for p in recruiters {
      affiliate(p, O.orbital, "Executive Recruiter", from: someDay((2018, 1, 1), (2023, 1, 1)))
    }
    let clients = [
      new(["client"]), new(["client"]), new(["client"]), nonLatin(5, ["client"]), new(["client"]),
      new(["client"]),
    ]
    let clientOrgs = [O.marlow, O.marlow, O.greenhill, O.greenhill, O.kestrel, O.meridian]
    for (p, o) in zip(clients, clientOrgs) {
      affiliate(
        p, o,
        dice.pick([
          "Head of Digital", "Chief Clinical Information Officer", "Director of Analytics",
          "Innovation Lead",
        ]), from: someDay((2017, 1, 1), (2023, 6, 1)))
    }
    let vendors = [new(["vendor"]), new(["vendor"]), new(["vendor"])]
    affiliate(vendors[0], O.solent, "Principal Consultant", from: DemoCalendar.seconds(2020, 3, 2))
    affiliate(vendors[1], O.ferrous, "Account Executive", from: DemoCalendar.seconds(2022, 6, 6))
    affiliate(vendors[2], O.cobalt, "Solutions Architect", from: DemoCalendar.seconds(2019, 11, 4))
    let neighbours = [new(["neighbour"]), new(["neighbour"])]
    var acquaintances: [Int] = []
    for _ in 0..<6 { acquaintances.append(new(["acquaintance"], circle: "misc")) }
    for p in acquaintances where dice.chance(70) {
      career(p, DemoOrgs.general + DemoOrgs.tech, DemoOrgs.generalRoles + DemoOrgs.techRoles)
    }
    // Referees: people someone suggested the ego should meet.
    let refLawyer = new(["privacy-lawyer"], circle: "misc")
    let refFounder = new(["founder"], circle: "misc")
    let refEngineer = new(["data-engineer"], circle: "misc")
    let refResearcher = new(["researcher"], circle: "misc")
    let refDesigner = new(["designer"], circle: "misc")
    let refCdo = new(["cdo"], circle: "misc")
    let refAdvisor = new(["advisor"], circle: "misc")
    let refCoach = new(["coach"], circle: "misc")
    affiliate(
      refLawyer, O.redwood, "Partner, Data Protection", from: DemoCalendar.seconds(2014, 9, 1))
    affiliate(refFounder, O.sundial, "Co-founder", from: DemoCalendar.seconds(2023, 11, 1))
    affiliate(
      refEngineer, O.kestrel, "Staff Data Engineer", from: DemoCalendar.seconds(2021, 5, 10))
    affiliate(
      refResearcher, O.mosaic, "Senior Research Fellow", from: DemoCalendar.seconds(2019, 10, 1))
    affiliate(refDesigner, O.oakmoss, "Design Director", from: DemoCalendar.seconds(2018, 4, 3))
    affiliate(refCdo, O.larkspur, "Chief Data Officer", from: DemoCalendar.seconds(2022, 2, 1))
    affiliate(refAdvisor, O.keel, "Partner", from: DemoCalendar.seconds(2012, 6, 1))
    affiliate(refCoach, O.polaris, "Community Manager", from: DemoCalendar.seconds(2020, 8, 3))
    // People met in the last weeks.
    let newContacts = [
      new(["conference"], circle: "misc"), new(["conference"], circle: "misc"),
      new(["conference"], circle: "misc"), new(["conference"], circle: "misc"),
    ]
    affiliate(
      newContacts[0], O.larkspur, "Head of Real-World Evidence",
      from: DemoCalendar.seconds(2024, 1, 8))
    affiliate(newContacts[1], O.nimbus, "Data Lead", from: DemoCalendar.seconds(2025, 6, 2))
    affiliate(newContacts[2], O.mosaic, "Research Engineer", from: DemoCalendar.seconds(2023, 3, 6))
    affiliate(
      newContacts[3], O.thistle, "Head of Analytics", from: DemoCalendar.seconds(2022, 10, 3))

    // MARK: - Fernwood interactions
    let egoFrom = Member(ego, from: tJoinedFernwood)
    recurring(
      "Data team weekly", kind: .meeting, first: DemoCalendar.next(0, onOrAfter: tJoinedFernwood),
      step: 7,
      until: E, hour: 10, fixed: [egoFrom],
      members: ([follower1, follower2] + dataReports).map(fw), attend: 90,
      minSize: 2, organiser: ego, skip: 6, remote: 25, ctx: C.team)
    recurring(
      "Leadership sync", kind: .meeting, first: DemoCalendar.next(1, onOrAfter: S), step: 7,
      until: E,
      hour: 9, minute: 30, fixed: [Member(ceo), egoFrom],
      members: [cto, headProduct, headEng, coo].map(fw),
      attend: 88, organiser: ceo, skip: 6, remote: 20, ctx: C.team)
    recurring(
      "1:1 — Alex and CTO", kind: .meeting, first: DemoCalendar.next(3, onOrAfter: tJoinedFernwood),
      step: 7,
      until: E, hour: 11, fixed: [Member(cto), egoFrom], members: [], attend: 0, minSize: 2,
      organiser: cto,
      skip: 12, remote: 20, ctx: C.team)
    recurring(
      "Engineering weekly", kind: .meeting, first: DemoCalendar.next(2, onOrAfter: S), step: 7,
      until: E,
      hour: 10, fixed: [Member(headEng)], members: eng.dropFirst().map(fw), attend: 85,
      organiser: headEng,
      ctx: C.team)
    recurring(
      "Product & design fortnightly", kind: .meeting, first: DemoCalendar.next(2, onOrAfter: S),
      step: 14, until: E,
      hour: 14, fixed: [Member(headProduct)], members: product.dropFirst().map(fw), attend: 85,
      organiser: headProduct, remote: 30, ctx: C.team)
    recurring(
      "Commercial team fortnightly", kind: .meeting, first: DemoCalendar.next(0, onOrAfter: S),
      step: 14, until: E,
      hour: 15, fixed: [Member(coo)], members: commercial.dropFirst().map(fw), attend: 80,
      organiser: coo,
      remote: 40, ctx: C.team)
    recurring(
      "Sprint demo", kind: .video, first: DemoCalendar.next(3, onOrAfter: S), step: 14, until: E,
      hour: 15,
      fixed: [egoFrom], members: (eng + product + [follower1, follower2] + dataReports).map(fw),
      attend: 65,
      minSize: 5, organiser: headEng, ctx: C.team)
    for (y, m) in DemoCalendar.months(from: (2023, 7), through: (2026, 6)) {
      let t = DemoCalendar.nth(1, 4, year: y, month: m) + 16 * 3600
      guard t < E else { continue }
      var ps = [ceo]
      if t >= tJoinedFernwood { ps.append(ego) }
      for p in fernwoodAll where p != ceo && fw(p).active(t) && dice.chance(85) { ps.append(p) }
      let label = "Fernwood all-hands — \(monthName(m)) \(y)"
      emit(t, .event, ps, initiator: ceo, summary: label, channel: "in person")
    }
    // The ego's 1:1s with reports, every other week.
    for p in [follower2] + dataReports {
      recurring(
        "1:1 — \(people[p].first) and Alex", kind: .meeting,
        first: DemoCalendar.next(
          dice.range(1...3), onOrAfter: max(fwStart[p] ?? S, tJoinedFernwood)) + 7 * day
          * Int64(dice.below(2)),
        step: 14, until: E, hour: dice.range(13...16), fixed: [Member(ego), fw(p)], members: [],
        attend: 0,
        minSize: 2, organiser: ego, skip: 10, remote: 15, ctx: C.team)
    }
    // The ego's direct contact at work.
    series(ego, cto, from: tJoinedFernwood, to: E, gap: 14, C.team, aShare: 45)
    series(ego, follower1, from: S, to: E, gap: 9, C.team, aShare: 50)
    series(ego, follower2, from: S, to: E, gap: 30, C.team, aShare: 55)
    for p in dataReports {
      series(
        ego, p, from: max(fwStart[p] ?? S, tJoinedFernwood), to: E, gap: 60, C.team, aShare: 55)
    }
    for p in [ceo, headProduct, headEng, coo] {
      series(ego, p, from: tJoinedFernwood, to: E, gap: dice.range(45...75), C.team)
    }
    for (k, p)
      in (Array(eng.dropFirst()) + Array(product.dropFirst()) + Array(commercial.dropFirst()))
      .enumerated()
    {
      let gap = k % 3 == 0 ? dice.range(60...100) : dice.range(180...360)
      series(
        ego, p, from: max(fwStart[p] ?? S, tJoinedFernwood), to: min(fwEnd[p] ?? E, E), gap: gap,
        C.team)
    }
    // Colleagues among themselves.
    pairs(leaders.map(fw), perPerson: 1...2, gap: 25...50, C.team)
    pairs(eng.map(fw), perPerson: 1...2, gap: 70...160, C.team)
    pairs(product.map(fw), perPerson: 1...2, gap: 70...160, C.team)
    pairs(commercial.map(fw), perPerson: 1...2, gap: 80...180, C.team)
    pairs(([follower1, follower2] + dataReports).map(fw), perPerson: 1...2, gap: 35...80, C.team)
    pairs(fernwoodAll.map(fw), perPerson: 0...1, gap: 180...400, C.team)
    // Clients, with an account manager.
    for (k, c) in clients.enumerated() {
      let am = accountManagers[k % 2]
      let from = max(S, someDay((2023, 7, 1), (2025, 3, 1)))
      series(am, c, from: from, to: E, gap: dice.range(45...80), C.client, aShare: 80)
      var t = max(from, tJoinedFernwood) + Int64(dice.range(10...60)) * day
      while t < E {
        let k2: InteractionKind = dice.chance(55) ? .meeting : .video
        emit(
          clock(t, C.client), k2, [am, ego, c], initiator: am, summary: summary(k2, C.client),
          channel: channel(k2, C.client))
        t += Int64(dice.range(45...110)) * day
      }
    }
    // Investors and the board.
    for (y, m) in DemoCalendar.months(from: (2023, 7), through: (2026, 6)) where m % 3 == 1 {
      let t = DemoCalendar.nth(3, 1, year: y, month: m) + 14 * 3600
      var ps = [ceo, cto, coo, investors[0], investors[2]]
      if t >= DemoCalendar.seconds(2024, 7, 1) { ps.append(ego) }
      if dice.chance(60) { ps.append(investors[1]) }
      emit(
        t, .meeting, ps, initiator: ceo,
        summary: "Fernwood board meeting — Q\((m - 1) / 3 + 1) \(y)", channel: "in person")
    }
    for inv in investors {
      series(ceo, inv, from: S, to: E, gap: dice.range(40...80), C.investor, aShare: 60)
    }
    series(investors[0], investors[1], from: S, to: E, gap: 30, C.investor)
    series(investors[2], investors[3], from: S, to: E, gap: 30, C.investor)
    series(ego, investors[0], from: tJoinedFernwood, to: E, gap: 40, C.investor, aShare: 40)
    series(
      ego, investors[2], from: DemoCalendar.seconds(2024, 7, 1), to: E, gap: 75, C.investor,
      aShare: 60)
    series(ego, investors[1], from: tJoinedFernwood, to: E, gap: 300, C.investor)
    // Vendors.
    series(ego, vendors[0], from: tJoinedFernwood, to: E, gap: 70, C.vendor, aShare: 50)
    series(
      ego, vendors[1], from: DemoCalendar.seconds(2024, 10, 1), to: E, gap: 90, C.vendor, aShare: 20
    )
    series(vendors[2], cto, from: S, to: E, gap: 60, C.vendor, aShare: 70)
    series(vendors[2], ego, from: tJoinedFernwood, to: E, gap: 200, C.vendor, aShare: 80)
    series(vendors[0], dataReports[0], from: tJoinedFernwood, to: E, gap: 45, C.vendor)

    // MARK: - Brightline interactions
    let blAnalytics = ([follower1, follower2] + blTeam).map(bl)
    recurring(
      "Analytics team weekly", kind: .meeting, first: DemoCalendar.next(0, onOrAfter: S), step: 7,
      until: tLeftBrightline, hour: 10, fixed: [Member(ego)], members: blAnalytics, attend: 90,
      minSize: 3,
      organiser: ego, ctx: C.brightline)
    recurring(
      "Analytics team fortnightly", kind: .meeting,
      first: DemoCalendar.next(0, onOrAfter: tLeftBrightline), step: 14,
      until: E, hour: 10, fixed: [bl(blClose1)], members: blAnalytics.filter { $0.p != blClose1 },
      attend: 85,
      organiser: blClose1, remote: 30, ctx: C.brightline)
    recurring(
      "Brightline data leadership", kind: .meeting, first: DemoCalendar.next(2, onOrAfter: S),
      step: 14,
      until: tLeftBrightline, hour: 11, fixed: [Member(blManager), Member(ego)],
      members: [bl(blClose1)],
      attend: 60, minSize: 2, organiser: blManager, ctx: C.brightline)
    let blSquads = [Array(blWider[0..<10]), Array(blWider[10..<20]), Array(blWider[20..<31])]
    let squadNames = ["Platform squad sync", "Growth squad sync", "Customer insights sync"]
    for (k, squad) in blSquads.enumerated() {
      recurring(
        squadNames[k], kind: .meeting, first: DemoCalendar.next(k + 1, onOrAfter: S), step: 21,
        until: E,
        hour: 10 + k, fixed: [], members: squad.map(bl), attend: 80, organiser: nil, skip: 8,
        remote: 35,
        ctx: C.brightline)
    }
    for (y, m) in DemoCalendar.months(from: (2023, 7), through: (2026, 6)) {
      let t = DemoCalendar.nth(1, 3, year: y, month: m) + 17 * 3600
      guard t < E else { continue }
      var ps = [blManager]
      if t < tLeftBrightline { ps.append(ego) }
      for p in [follower1, follower2] + blTeam + blWider where bl(p).active(t) && dice.chance(55) {
        ps.append(p)
      }
      emit(
        t, .event, ps, initiator: blManager, summary: "Brightline monthly town hall",
        channel: "in person")
    }
    var farewell = [ego, blManager, follower1, follower2] + blTeam
    farewell += dice.sample(blWider, 14)
    emit(
      DemoCalendar.seconds(2024, 3, 28, 18, 30), .event, farewell, initiator: blClose1,
      summary: "Farewell drinks for Alex", channel: "in person")
    // Close ties that went quiet after the ego left.
    series(ego, blManager, from: S, to: tLeftBrightline, gap: 7, C.brightline, aShare: 50)
    one(
      ego, blManager, at: DemoCalendar.seconds(2024, 5, 16, 12, 30), C.brightline, by: ego,
      kind: .meeting, summary: "Lunch — how the new role is going", exact: true)
    one(
      ego, blManager, at: DemoCalendar.seconds(2024, 7, 2, 18), C.brightline, by: blManager,
      kind: .message, summary: "Messages about a Brightline data role for a friend", exact: true)
    series(ego, blClose1, from: S, to: tLeftBrightline, gap: 6, C.brightline)
    series(
      ego, blClose1, from: tLeftBrightline, to: DemoCalendar.seconds(2024, 10, 20), gap: 30,
      C.brightline)
    series(ego, blClose2, from: S, to: tLeftBrightline, gap: 6, C.brightline)
    one(
      ego, blClose2, at: DemoCalendar.seconds(2024, 5, 3, 19), C.brightline, by: blClose2,
      kind: .meeting, summary: "Drinks; talked about life after Brightline", exact: true)
    series(ego, blKeep1, from: S, to: tLeftBrightline, gap: 8, C.brightline)
    series(ego, blKeep1, from: tLeftBrightline, to: E, gap: 28, C.brightline)
    series(ego, blKeep2, from: S, to: tLeftBrightline, gap: 10, C.brightline)
    series(ego, blKeep2, from: tLeftBrightline, to: E, gap: 100, C.brightline)
    for p in [blTeam3, blTeam4] {
      series(ego, p, from: S, to: tLeftBrightline, gap: 10, C.brightline)
      series(ego, p, from: tLeftBrightline, to: E, gap: 330, C.brightline)
    }
    for (k, p) in blWider.enumerated() {
      if k % 5 < 2 {
        series(ego, p, from: S, to: tLeftBrightline, gap: dice.range(35...60), C.brightline)
        if k % 2 == 0 {
          series(ego, p, from: tLeftBrightline, to: E, gap: dice.range(300...500), C.brightline)
        }
      } else if k % 5 == 2 {
        series(ego, p, from: S, to: E, gap: dice.range(250...600), C.brightline)
      }
    }
    pairs(blAnalytics, perPerson: 1...2, gap: 45...100, C.brightline, untilEnd: true)
    for squad in blSquads {
      pairs(squad.map(bl), perPerson: 1...2, gap: 90...200, C.brightline, untilEnd: true)
    }
    pairs(
      ([blManager] + blTeam + blWider).map(bl), perPerson: 0...1, gap: 250...500, C.brightline,
      untilEnd: true)
    series(blManager, blClose1, from: S, to: E, gap: 25, C.brightline, aShare: 60)
    series(blManager, blKeep1, from: S, to: E, gap: 35, C.brightline, aShare: 60)

    // MARK: - Halden & Pike interactions
    let hpStayMembers = hpStays.map { Member($0) }
    recurring(
      "Halden & Pike team meeting", kind: .meeting, first: DemoCalendar.next(1, onOrAfter: S),
      step: 14,
      until: E, hour: 9, fixed: [Member(hpMentor)], members: Array(hpStayMembers.dropFirst()),
      attend: 80,
      organiser: hpMentor, remote: 30, ctx: C.halden)
    for y in 2023...2025 {
      let t = DemoCalendar.nth(1, 4, year: y, month: 12) + 18 * 3600
      // hpFriends[2] went quiet in early 2025 and skips the 2025 drinks.
      let invited = (hpFriends + hpRest).filter { $0 != hpFriends[2] || y < 2025 }
      let ps = [hpMentor, ego] + dice.sample(invited, dice.range(7...11))
      emit(
        t, .event, ps, initiator: hpMentor, summary: "Halden & Pike alumni Christmas drinks \(y)",
        channel: "in person")
    }
    series(ego, hpMentor, from: S, to: E, gap: 95, C.halden, aShare: 100)
    series(ego, hpFriends[0], from: S, to: E, gap: 110, C.halden)
    series(ego, hpFriends[1], from: S, to: E, gap: 140, C.halden)
    // Dormant: close until early 2025, then nothing.
    series(ego, hpFriends[2], from: S, to: DemoCalendar.seconds(2025, 2, 10), gap: 21, C.halden)
    for p in hpRest.prefix(9) {
      series(ego, p, from: S, to: E, gap: dice.range(350...650), C.halden)
    }
    pairs(hpAll.map { Member($0) }, perPerson: 1...1, gap: 150...350, C.halden)
    pairs(hpStayMembers, perPerson: 1...1, gap: 50...110, C.halden)

    // MARK: - Alumni interactions
    let chat = [ego] + uniClose + [alumniRest[0]]
    var tc = S + Int64(dice.below(5)) * day
    while tc < E {
      let by = chat[dice.weighted([25, 20, 20, 20, 15])]
      emit(
        clock(tc, C.alumni), .message, chat, initiator: by,
        summary: dice.chance(30) ? "Uni group chat: \(dice.pick(C.alumni.topics))" : nil,
        channel: "whatsapp")
      tc += Int64(dice.range(8...20)) * day
    }
    for (y, dd) in [(2023, 16), (2024, 21), (2025, 20)] {
      let ps =
        [ego, professor] + uniClose + dice.sample(alumniRest + [organiser4], dice.range(10...16))
      emit(
        DemoCalendar.seconds(y, 9, dd, 19), .event, ps, initiator: professor,
        summary: "Northbridge class of 2015 reunion \(y)", channel: "in person")
    }
    for t in [
      DemoCalendar.seconds(2024, 2, 7, 18), DemoCalendar.seconds(2024, 10, 16, 18),
      DemoCalendar.seconds(2025, 3, 5, 18), DemoCalendar.seconds(2025, 10, 15, 18),
      DemoCalendar.seconds(2026, 3, 4, 18),
    ] {
      let ps = [professor, ego] + alumniMentees + dice.sample(alumniRest, 4)
      emit(
        t, .event, ps, initiator: professor, summary: "Alumni mentoring evening",
        channel: "in person")
    }
    for p in uniClose { series(ego, p, from: S, to: E, gap: 26, C.alumni) }
    series(ego, professor, from: S, to: E, gap: 70, C.alumni, aShare: 100)
    for p in alumniMentees {
      series(ego, p, from: DemoCalendar.seconds(2023, 10, 1), to: E, gap: 30, C.alumni, aShare: 25)
    }
    for (k, p) in alumniRest.enumerated() {
      if k < 8 {
        series(ego, p, from: S, to: E, gap: dice.range(120...180), C.alumni)
      } else if k < 18 {
        series(ego, p, from: S, to: E, gap: dice.range(380...600), C.alumni)
      }
    }
    pairs(alumniAll.map { Member($0) }, perPerson: 1...1, gap: 150...350, C.alumni)
    pairs(uniClose.map { Member($0) }, perPerson: 1...2, gap: 30...50, C.alumni)
    series(professor, alumniMentees[0], from: S, to: E, gap: 40, C.alumni, aShare: 30)
    series(professor, alumniMentees[1], from: S, to: E, gap: 55, C.alumni, aShare: 30)

    // MARK: - Meetup interactions
    let talks = [
      "Swift on the server in production", "DuckDB for analysts", "Ten years of on-call",
      "Accessible design systems", "Rust for Python developers", "Privacy engineering 101",
      "Postgres tricks you didn't know", "A data platform on a budget", "Lightning talks night",
      "Observability without the bill", "LLM evals in practice", "Mentoring juniors remotely",
      "Kotlin Multiplatform in anger", "Testing in production, safely",
      "Event sourcing without tears", "A year of platform engineering",
      "Graph databases vs just Postgres", "Web performance for the rest of us",
      "From bootcamp to senior", "Designing APIs people love", "Feature flags at scale",
      "Security for startups", "Open-source maintainership", "Data contracts",
      "The ethics of recommender systems", "Local-first software", "Shipping with a tiny team",
      "What the FHIR?", "Dashboards people actually use", "WebAssembly beyond the browser",
    ]
    var meetupNumber = 71
    var talkIndex = 0
    let egoTalks: [(Int, Int)] = [(2024, 5), (2025, 11)]
    let meetupRegularMembers =
      (regulars + meetupMentees + [follower1, eng[2], blWider[3], uniClose[1]]).map { Member($0) }
    let meetupOccasional = occasional.map { Member($0) }
    for (y, m) in DemoCalendar.months(from: (2023, 7), through: (2026, 6)) {
      let t = DemoCalendar.nth(2, 3, year: y, month: m) + 18 * 3600 + 30 * 60
      guard t < E else { continue }
      var ps: [Int] = []
      let egoTalk = egoTalks.contains { $0 == (y, m) }
      let title: String
      if m == 12 {
        title = "Christmas social"
      } else if egoTalk {
        title = "Alex Morgan on measuring what matters in health data"
      } else {
        title = talks[talkIndex % talks.count]
        talkIndex += 1
      }
      for o in organisers where o != organiserQuit || t < organiserQuitEnd {
        if dice.chance(92) { ps.append(o) }
      }
      if egoTalk || dice.chance(t >= DemoCalendar.seconds(2025, 1, 1) ? 90 : 70) { ps.append(ego) }
      for mbr in meetupRegularMembers where mbr.active(t) && dice.chance(55) { ps.append(mbr.p) }
      for mbr in meetupOccasional where dice.chance(20) { ps.append(mbr.p) }
      let organiser = ps.first ?? coOrganiser
      emit(
        t, .event, ps, initiator: organiser,
        summary: "Riverside Tech Meetup #\(meetupNumber): \(title)", channel: "in person")
      meetupNumber += 1
      // Planning call a week before.
      var planners = organisers.filter { $0 != organiserQuit || t < organiserQuitEnd }
      if t >= DemoCalendar.seconds(2025, 1, 1) { planners.append(ego) }
      planners = planners.filter { _ in dice.chance(85) }
      emit(
        t - 7 * day + 60 * 60, .video, planners, initiator: coOrganiser,
        summary: "Meetup planning: #\(meetupNumber - 1)", channel: "google meet")
    }
    series(ego, coOrganiser, from: S, to: E, gap: 20, C.meetup)
    series(ego, organiser2, from: S, to: E, gap: 60, C.meetup)
    series(ego, organiser4, from: S, to: E, gap: 75, C.meetup)
    series(ego, organiserQuit, from: S, to: organiserQuitEnd, gap: 12, C.meetup)
    one(
      ego, organiserQuit, at: organiserQuitMoved, C.meetup, by: organiserQuit, kind: .email,
      summary: "Email re stepping down from the meetup")
    for p in meetupMentees {
      series(ego, p, from: DemoCalendar.seconds(2023, 9, 1), to: E, gap: 45, C.meetup, aShare: 0)
    }
    for (k, p) in (regulars + occasional).enumerated() {
      if k % 5 == 0 {
        series(ego, p, from: S, to: E, gap: dice.range(100...160), C.meetup)
      } else if k % 5 == 1 || k % 5 == 3 {
        series(ego, p, from: S, to: E, gap: dice.range(380...700), C.meetup)
      }
    }
    pairs(
      organisers.map { Member($0, to: $0 == organiserQuit ? organiserQuitEnd : forever) },
      perPerson: 1...2, gap: 25...45, C.meetup)
    pairs(meetupPool.map { Member($0) }, perPerson: 1...1, gap: 180...400, C.meetup)

    // MARK: - Family interactions
    recurring(
      "Family dinner at Mum and Dad's", kind: .meeting,
      first: DemoCalendar.next(6, onOrAfter: S) + 14 * day,
      step: 28, until: E, hour: 13, fixed: [Member(ego), Member(mum), Member(dad)],
      members: [sister, brother, brotherInLaw, sisterInLaw, grandma].map { Member($0) }, attend: 55,
      organiser: mum, skip: 10, summer: false, ctx: C.family)
    recurring(
      "Sunday lunch", kind: .meeting, first: DemoCalendar.next(6, onOrAfter: S), step: 28, until: E,
      hour: 13,
      fixed: [Member(mum), Member(dad)],
      members: [brother, sisterInLaw, grandma, aunt].map { Member($0) },
      attend: 60, organiser: mum, skip: 10, summer: false, ctx: C.family)
    let familyChat = [ego, mum, dad, sister, brother]
    var tf = S + Int64(dice.below(4)) * day
    while tf < E {
      let by = familyChat[dice.weighted([18, 35, 12, 20, 15])]
      emit(
        clock(tf, C.family), .message, familyChat, initiator: by,
        summary: dice.chance(35) ? "Family chat: \(dice.pick(C.family.topics))" : nil,
        channel: "whatsapp")
      tf += Int64(dice.range(5...12)) * day
    }
    for y in 2023...2025 {
      emit(
        DemoCalendar.seconds(y, 12, 25, 13), .event, [ego] + family, initiator: mum,
        summary: "Christmas at Mum and Dad's", channel: "in person")
    }
    emit(
      DemoCalendar.seconds(2025, 5, 17, 15), .event,
      [grandma, ego] + family.filter { $0 != grandma } + [bestFriend, closeFriends[0]],
      initiator: aunt, summary: "Granny's 90th birthday party", channel: "in person")
    series(ego, mum, from: S, to: E, gap: 7, C.family, aShare: 25)
    series(ego, sister, from: S, to: E, gap: 7, C.family, aShare: 50)
    series(ego, dad, from: S, to: E, gap: 25, C.family, aShare: 60)
    series(ego, brother, from: S, to: E, gap: 21, C.family, aShare: 45)
    series(ego, grandma, from: S, to: E, gap: 26, C.family, aShare: 100)
    series(ego, brotherInLaw, from: S, to: E, gap: 80, C.family)
    series(ego, sisterInLaw, from: S, to: E, gap: 95, C.family)
    series(ego, aunt, from: S, to: E, gap: 190, C.family, aShare: 30)
    series(ego, uncle, from: S, to: E, gap: 400, C.family)
    series(ego, cousin1, from: S, to: E, gap: 120, C.family)
    series(ego, cousin2, from: S, to: E, gap: 300, C.family)
    series(ego, cousin3, from: S, to: E, gap: 450, C.family)
    series(mum, aunt, from: S, to: E, gap: 40, C.family)
    series(mum, grandma, from: S, to: E, gap: 21, C.family, aShare: 80)
    series(aunt, grandma, from: S, to: E, gap: 40, C.family)
    series(sister, brother, from: S, to: E, gap: 35, C.family)
    series(sister, mum, from: S, to: E, gap: 21, C.family)
    series(brother, dad, from: S, to: E, gap: 40, C.family)
    series(cousin1, cousin2, from: S, to: E, gap: 60, C.family)
    series(aunt, cousin1, from: S, to: E, gap: 35, C.family)
    series(uncle, cousin2, from: S, to: E, gap: 50, C.family)
    series(dad, cousin3, from: S, to: E, gap: 150, C.family)

    // MARK: - Friends interactions
    let quizTeam = [
      bestFriend, closeFriends[0], closeFriends[1], friendsRest[1], friendsRest[2], friendsRest[3],
    ]
    recurring(
      "Pub quiz at The Anchor", kind: .event, first: DemoCalendar.next(1, onOrAfter: S), step: 14,
      until: E,
      hour: 19, minute: 30, fixed: [], members: ([Member(ego)] + quizTeam.map { Member($0) }),
      attend: 60,
      organiser: bestFriend, skip: 8, summer: false, ctx: C.friends)
    var td = S + Int64(dice.range(5...20)) * day
    while td < E {
      let hosts = [bestFriend] + closeFriends + Array(friendsRest.prefix(8))
      let host = dice.pick(hosts.filter { $0 != friendAbroad || td < friendAbroadMoved })
      var ps = [host]
      for p in friendsAll
      where p != host && (p != friendAbroad || td < friendAbroadMoved)
        && dice.chance(p == bestFriend || closeFriends.contains(p) ? 55 : 18)
      { ps.append(p) }
      if dice.chance(65) { ps.insert(ego, at: 1) }
      emit(
        DemoCalendar.startOfDay(td) + 19 * 3600 + 30 * 60, .meeting, ps, initiator: host,
        summary: "Dinner at \(people[host].first)'s", channel: "in person")
      td += Int64(dice.range(24...45)) * day
    }
    for p in [bestFriend] + closeFriends + Array(friendsRest.prefix(6)) {
      let (mo, dd) = (dice.range(1...12), dice.range(1...28))
      for y in 2023...2026 {
        let t = DemoCalendar.seconds(y, mo, dd, 19)
        guard t >= S, t < E, p != friendAbroad || t < friendAbroadMoved else { continue }
        var ps = [p]
        if dice.chance(85) { ps.append(ego) }
        ps += dice.sample(
          friendsAll.filter { $0 != p && ($0 != friendAbroad || t < friendAbroadMoved) },
          dice.range(4...9))
        emit(
          t, .event, ps, initiator: p, summary: "Birthday drinks for \(people[p].first)",
          channel: "in person")
      }
    }
    emit(
      DemoCalendar.seconds(2024, 6, 8, 10), .other,
      [ego, bestFriend, closeFriends[0], closeFriends[2], friendsRest[4]], initiator: bestFriend,
      summary: "Climbing weekend in the Peak District", channel: "in person")
    emit(
      DemoCalendar.seconds(2025, 6, 14, 10), .other,
      [ego, bestFriend, closeFriends[0], closeFriends[1], friendsRest[4], friendsRest[5]],
      initiator: ego, summary: "Climbing weekend in Snowdonia", channel: "in person")
    emit(
      DemoCalendar.seconds(2024, 9, 7, 19), .event,
      [friendAbroad, ego, bestFriend] + Array(closeFriends.prefix(2))
        + Array(friendsRest.prefix(7)), initiator: bestFriend,
      summary: "Leaving party before the move to Melbourne", channel: "in person")
    series(ego, bestFriend, from: S, to: E, gap: 8, C.friends, aShare: 50)
    series(ego, closeFriends[0], from: S, to: E, gap: 21, C.friends)
    series(ego, closeFriends[1], from: S, to: E, gap: 25, C.friends)
    series(ego, friendAbroad, from: S, to: friendAbroadMoved, gap: 8, C.friends)
    one(
      ego, friendAbroad, at: DemoCalendar.seconds(2024, 11, 2, 9), C.friends, by: friendAbroad,
      kind: .video, summary: "Video call — settling in in Melbourne", exact: true)
    for (k, p) in friendsRest.enumerated() {
      series(
        ego, p, from: S, to: E, gap: k < 7 ? dice.range(50...90) : dice.range(200...400), C.friends)
    }
    pairs(friendsAll.map { Member($0) }, perPerson: 1...2, gap: 50...150, C.friends)
    series(bestFriend, closeFriends[0], from: S, to: E, gap: 18, C.friends)
    series(friendAbroad, closeFriends[1], from: S, to: E, gap: 30, C.friends)

    // MARK: - Association interactions
    let egoAlliance = Member(ego, from: DemoCalendar.seconds(2023, 10, 1))
    let forums: [(Int64, String)] = [
      (DemoCalendar.seconds(2023, 9, 20, 9), "Health Data Alliance autumn forum 2023"),
      (DemoCalendar.seconds(2023, 11, 15, 9), "Health Data Alliance annual conference 2023"),
      (DemoCalendar.seconds(2023, 12, 13, 9), "Health Data Alliance winter forum 2023"),
      (DemoCalendar.seconds(2024, 3, 20, 9), "Health Data Alliance spring forum 2024"),
      (DemoCalendar.seconds(2024, 6, 19, 9), "Health Data Alliance summer forum 2024"),
      (DemoCalendar.seconds(2024, 9, 18, 9), "Health Data Alliance autumn forum 2024"),
      (DemoCalendar.seconds(2024, 11, 13, 9), "Health Data Alliance annual conference 2024"),
      (DemoCalendar.seconds(2024, 12, 11, 9), "Health Data Alliance winter forum 2024"),
      (DemoCalendar.seconds(2025, 3, 19, 9), "Health Data Alliance spring forum 2025"),
      (DemoCalendar.seconds(2025, 6, 18, 9), "Health Data Alliance summer forum 2025"),
      (DemoCalendar.seconds(2025, 9, 17, 9), "Health Data Alliance autumn forum 2025"),
      (DemoCalendar.seconds(2025, 11, 12, 9), "Health Data Alliance annual conference 2025"),
      (DemoCalendar.seconds(2025, 12, 10, 9), "Health Data Alliance winter forum 2025"),
      (DemoCalendar.seconds(2026, 3, 18, 9), "Health Data Alliance spring forum 2026"),
      (DemoCalendar.seconds(2026, 6, 17, 9), "Health Data Alliance summer forum 2026"),
    ]
    for (t, label) in forums {
      var ps = [allianceChair]
      if egoAlliance.active(t) && dice.chance(80) { ps.append(ego) }
      let share = label.contains("conference") ? 70 : 40
      for p in allianceAll where p != allianceChair && dice.chance(share) { ps.append(p) }
      if label.contains("conference") { ps += [professor, clients[0], clients[2]] }
      emit(t, .event, ps, initiator: allianceChair, summary: label, channel: "in person")
    }
    recurring(
      "Interoperability working group", kind: .video,
      first: DemoCalendar.nth(1, 2, year: 2023, month: 7), step: 28,
      until: E, hour: 15,
      fixed: [Member(allianceChair), Member(ego, from: DemoCalendar.seconds(2024, 9, 1))],
      members: wg.dropFirst().map { Member($0) }, attend: 80, organiser: allianceChair,
      ctx: C.association)
    recurring(
      "Health Data Alliance board", kind: .video,
      first: DemoCalendar.nth(1, 0, year: 2023, month: 7), step: 28,
      until: E, hour: 17, fixed: [Member(allianceChair)],
      members: board.dropFirst().map { Member($0) }, attend: 90,
      organiser: allianceChair, ctx: C.association)
    series(ego, allianceChair, from: S, to: E, gap: 55, C.association)
    for (k, p) in (Array(wg.dropFirst()) + Array(board.dropFirst()) + allianceRest).enumerated() {
      if k < 5 {
        series(
          ego, p, from: DemoCalendar.seconds(2024, 1, 1), to: E, gap: dice.range(85...120),
          C.association)
      } else if k < 18 {
        series(ego, p, from: S, to: E, gap: dice.range(380...700), C.association)
      }
    }
    pairs(allianceAll.map { Member($0) }, perPerson: 1...1, gap: 150...350, C.association)
    pairs(wg.map { Member($0) }, perPerson: 1...1, gap: 50...100, C.association)

    // MARK: - Everyone else
    for p in recruiters {
      series(p, ego, from: S, to: E, gap: dice.range(100...140), C.recruiter, aShare: 100)
    }
    for (k, p) in recruiters.enumerated() {
      series(p, [blManager, coo, headEng][k], from: S, to: E, gap: 150, C.recruiter, aShare: 100)
    }
    for p in neighbours { series(ego, p, from: S, to: E, gap: 30, C.neighbour) }
    series(neighbours[0], neighbours[1], from: S, to: E, gap: 30, C.neighbour)
    for (k, p) in acquaintances.enumerated() where k < 4 {
      one(ego, p, at: dice.time(S, E - 30 * day), C.general, by: k % 2 == 0 ? ego : p)
      if k < 2 { one(ego, p, at: dice.time(S, E - 30 * day), C.general, by: p) }
    }
    // Met in the last sixty days: three with exactly one interaction, one already followed up.
    let newMet: [(Int, Int64, String)] = [
      (
        newContacts[0], DemoCalendar.seconds(2026, 5, 14, 15, 20),
        "Met at the HealthTech Summit; talked about real-world evidence"
      ),
      (
        newContacts[1], DemoCalendar.seconds(2026, 6, 9, 12, 40),
        "Met at the HealthTech Summit; talked about data teams at startups"
      ),
      (
        newContacts[2], DemoCalendar.seconds(2026, 6, 24, 18, 50),
        "Met at a Polaris community evening; talked about synthetic data"
      ),
      (
        newContacts[3], DemoCalendar.seconds(2026, 5, 6, 11, 10),
        "Met at the HealthTech Summit; talked about telecom health data"
      ),
    ]
    for (p, t, text) in newMet {
      emit(t, .event, [ego, p], initiator: ego, summary: text, channel: "in person")
    }
    emit(
      DemoCalendar.seconds(2026, 5, 12, 9, 5), .email, [ego, newContacts[3]], initiator: ego,
      summary: "Email re following up from the HealthTech Summit", channel: "email")

    // Bridges between circles.
    series(follower1, blClose1, from: S, to: E, gap: 28, C.brightline)
    series(follower2, blKeep1, from: S, to: E, gap: 60, C.brightline)
    series(eng[2], coOrganiser, from: S, to: E, gap: 80, C.meetup)
    series(blWider[3], regulars[0], from: S, to: E, gap: 90, C.meetup)
    series(uniClose[1], organiser4, from: S, to: E, gap: 70, C.alumni)
    series(uniClose[0], bestFriend, from: S, to: E, gap: 60, C.friends)
    series(hpFriends[0], allianceRest[0], from: S, to: E, gap: 100, C.association)
    series(hpRest[1], clients[4], from: S, to: E, gap: 120, C.client)
    series(professor, refResearcher, from: S, to: E, gap: 80, C.association)
    series(investors[2], refFounder, from: S, to: E, gap: 40, C.investor)
    series(refLawyer, sister, from: S, to: E, gap: 70, C.general)
    series(refEngineer, clients[4], from: S, to: E, gap: 50, C.client)
    series(refCdo, clients[5], from: S, to: E, gap: 140, C.client)
    series(refDesigner, product[1], from: S, to: E, gap: 120, C.general)
    series(refAdvisor, dad, from: S, to: E, gap: 240, C.general)
    series(refCoach, regulars[2], from: S, to: E, gap: 80, C.meetup)
    series(blManager, investors[3], from: S, to: E, gap: 240, C.investor)
    series(friendsRest[5], cousin1, from: S, to: E, gap: 100, C.friends)
    series(alumniRest[3], blWider[12], from: S, to: E, gap: 80, C.brightline)
    series(allianceRest[2], clients[1], from: S, to: E, gap: 60, C.client)
    series(hpRest[5], friendsRest[8], from: S, to: E, gap: 140, C.friends)

    // MARK: - Exchanges
    func spread(_ n: Int, _ from: Int64, _ to: Int64) -> [Int64] {
      (0..<n).map { _ in dice.time(max(from, S), min(to, E)) }.sorted()
    }
    // The ego mostly takes from mentors and an investor.
    let mentorNotes = [
      "Advice on negotiating the Fernwood offer", "Advice on managing a first team of managers",
      "Advice on the board presentation", "Advice on pricing data products",
      "Advice on handling a difficult hire", "Advice on when to say no to the CEO",
    ]
    for (k, t) in spread(6, S, E).enumerated() {
      give(hpMentor, ego, .advice, at: t, mentorNotes[k])
    }
    give(
      hpMentor, ego, .introduction, at: DemoCalendar.seconds(2023, 11, 8, 10),
      "Introduced to the Ashgrove partners")
    give(
      hpMentor, ego, .endorsement, at: DemoCalendar.seconds(2024, 2, 19, 9),
      "Reference call for the Fernwood role")
    give(
      ego, hpMentor, .gift, at: DemoCalendar.seconds(2023, 12, 8, 20),
      "A bottle of whisky at the Christmas drinks")
    for (k, t) in spread(3, S, E).enumerated() {
      give(
        professor, ego, .advice, at: t,
        [
          "Advice on a part-time PhD", "Advice on research partnerships",
          "Advice on the guest-lecture outline",
        ][k])
    }
    give(
      professor, ego, .introduction, at: DemoCalendar.seconds(2024, 10, 3, 11),
      "Introduced to a Mosaic research group lead")
    give(
      professor, ego, .information, at: DemoCalendar.seconds(2025, 4, 22, 14),
      "Shared a draft paper on outcome measures")
    give(
      professor, ego, .information, at: DemoCalendar.seconds(2026, 1, 13, 10),
      "Sent the list of this year's data-science projects")
    give(
      investors[0], ego, .introduction, at: DemoCalendar.seconds(2024, 6, 11, 15),
      "Introduced to the data lead at a portfolio company")
    give(
      investors[0], ego, .introduction, at: DemoCalendar.seconds(2025, 2, 26, 10),
      "Introduced to a VP Data candidate")
    give(
      investors[0], ego, .advice, at: DemoCalendar.seconds(2025, 9, 9, 16),
      "Advice on the Series B metrics")
    give(
      investors[0], ego, .advice, at: DemoCalendar.seconds(2026, 3, 3, 9),
      "Advice on building a data room")
    give(
      blManager, ego, .jobLead, at: DemoCalendar.seconds(2024, 1, 10, 12),
      "Told Alex about the Head of Data role at Fernwood")
    give(
      blManager, ego, .endorsement, at: DemoCalendar.seconds(2024, 2, 20, 12),
      "Reference for Fernwood")
    give(
      cto, ego, .advice, at: DemoCalendar.seconds(2024, 6, 5, 11),
      "Advice on the data platform build-or-buy")
    give(
      cto, ego, .endorsement, at: DemoCalendar.seconds(2025, 4, 1, 11),
      "Endorsed Alex for the leadership programme")
    give(
      ego, cto, .information, at: DemoCalendar.seconds(2024, 11, 19, 10),
      "Shared the benchmark of analytics vendors")
    // The ego mostly gives to mentees and former reports.
    for p in meetupMentees + alumniMentees {
      for (k, t) in spread(4, DemoCalendar.seconds(2023, 10, 1), E).enumerated() {
        give(
          ego, p, .advice, at: t,
          [
            "Advice on a first data job", "CV review", "Advice on SQL interviews",
            "Advice on asking for a raise",
          ][k])
      }
      give(
        ego, p, .introduction, at: dice.time(DemoCalendar.seconds(2024, 1, 1), E),
        "Introduced to a hiring manager")
      give(
        ego, p, .endorsement, at: dice.time(DemoCalendar.seconds(2024, 1, 1), E),
        "LinkedIn recommendation")
    }
    give(
      ego, meetupMentees[0], .jobLead, at: DemoCalendar.seconds(2025, 5, 7, 10),
      "Job lead: junior analytics engineer at Fernwood")
    give(
      meetupMentees[1], ego, .gift, at: DemoCalendar.seconds(2025, 12, 11, 21),
      "A thank-you card and coffee beans")
    give(
      ego, alumniMentees[1], .jobLead, at: DemoCalendar.seconds(2024, 7, 1, 9),
      "Job lead: graduate analyst scheme")
    for p in [blTeam3, blTeam4, blKeep2] {
      give(ego, p, .endorsement, at: dice.time(tLeftBrightline, E), "Reference for a new role")
      give(ego, p, .jobLead, at: dice.time(tLeftBrightline, E), "Job lead at a portfolio company")
    }
    give(
      ego, jobHuntingFriend, .jobLead, at: DemoCalendar.seconds(2025, 3, 12, 19),
      "Job lead: operations role at Fernwood")
    give(
      ego, jobHuntingFriend, .jobLead, at: DemoCalendar.seconds(2025, 4, 28, 19),
      "Job lead: Wayfarer Travel")
    give(
      ego, jobHuntingFriend, .introduction, at: DemoCalendar.seconds(2025, 5, 2, 9),
      "Introduced to a recruiter at Orbital Talent")
    give(ego, jobHuntingFriend, .help, at: DemoCalendar.seconds(2025, 5, 20, 18), "Mock interview")
    // Balanced give-and-take.
    for y in 2023...2025 {
      give(ego, bestFriend, .gift, at: DemoCalendar.seconds(y, 12, 20, 19), "Christmas present")
      give(bestFriend, ego, .gift, at: DemoCalendar.seconds(y, 12, 21, 12), "Christmas present")
      give(ego, sister, .gift, at: DemoCalendar.seconds(y, 12, 25, 10), "Christmas present")
      give(sister, ego, .gift, at: DemoCalendar.seconds(y, 12, 25, 10, 5), "Christmas present")
    }
    give(bestFriend, ego, .help, at: DemoCalendar.seconds(2024, 4, 13, 10), "Helped move flat")
    give(
      ego, bestFriend, .favour, at: DemoCalendar.seconds(2024, 8, 2, 9), "Fed the cat for a week")
    give(
      ego, bestFriend, .help, at: DemoCalendar.seconds(2025, 10, 4, 10), "Helped paint the kitchen")
    give(
      sister, ego, .favour, at: DemoCalendar.seconds(2025, 2, 9, 11),
      "Looked over the tenancy agreement")
    give(ego, sister, .help, at: DemoCalendar.seconds(2025, 7, 19, 10), "Built the kids' bunk beds")
    give(ego, mum, .help, at: DemoCalendar.seconds(2024, 10, 5, 10), "Set up the new laptop")
    give(
      dad, ego, .favour, at: DemoCalendar.seconds(2025, 8, 23, 9), "Lent the car for the weekend")
    give(
      coOrganiser, ego, .favour, at: DemoCalendar.seconds(2024, 11, 14, 18),
      "Covered Alex's meetup slot")
    give(
      ego, coOrganiser, .favour, at: DemoCalendar.seconds(2025, 4, 10, 18),
      "Hosted the meetup at Fernwood")
    give(
      coOrganiser, ego, .information, at: DemoCalendar.seconds(2025, 8, 1, 12),
      "Shared the sponsor list")
    give(
      ego, coOrganiser, .help, at: DemoCalendar.seconds(2026, 2, 12, 18),
      "Ran the registration desk")
    for (k, t) in spread(3, tLeftBrightline, E).enumerated() {
      give(
        blKeep1, ego, .information, at: t,
        [
          "Brightline reorg news", "Salary benchmarks for data roles",
          "Who is hiring in health data",
        ][k])
    }
    give(
      ego, blKeep1, .information, at: DemoCalendar.seconds(2024, 9, 30, 12), "Fernwood's dbt set-up"
    )
    give(
      ego, blKeep1, .introduction, at: DemoCalendar.seconds(2025, 6, 3, 12),
      "Introduced to the Health Data Alliance chair")
    for (k, p) in recruiters.enumerated() {
      give(
        p, ego, .jobLead, at: dice.time(S, E),
        [
          "Head of Data at a Series C fintech", "VP Analytics at an insurer",
          "Chief Data Officer search",
        ][k])
    }
    give(
      allianceChair, ego, .endorsement, at: DemoCalendar.seconds(2024, 8, 20, 10),
      "Nominated Alex for the working group")
    give(
      ego, allianceChair, .help, at: DemoCalendar.seconds(2025, 10, 30, 15),
      "Reviewed the white paper draft")
    give(neighbours[0], ego, .favour, at: DemoCalendar.seconds(2025, 1, 17, 18), "Took in a parcel")
    give(ego, neighbours[0], .gift, at: DemoCalendar.seconds(2025, 1, 18, 11), "Biscuits as thanks")
    // Among others.
    let circles: [[Int]] = [
      fernwoodAll, blTeam + blWider, hpAll, alumniAll, meetupPool, family, friendsAll, allianceAll,
    ]
    let kinds = ExchangeKind.allCases.filter { $0 != .referral }
    for circle in circles {
      for _ in 0..<14 {
        let a = dice.pick(circle)
        let b = dice.pick(circle)
        guard a != b else { continue }
        let kind = dice.pick(kinds)
        let t = dice.time(S, E)
        give(a, b, kind, at: t, nil)
        if dice.chance(40) {
          give(b, a, dice.pick(kinds), at: min(t + Int64(dice.range(3...120)) * day, E - day), nil)
        }
      }
    }

    // MARK: - Referrals
    let refs:
      [(
        referrer: Int, recipient: Int, person: Int?, org: Int?, why: String,
        steps: [(ReferralStatus, Int64, String?)]
      )] = [
        (
          hpMentor, ego, refLawyer, nil,
          "She's the best person on health-data privacy law; talk to her before the DPIA.",
          [(.suggested, DemoCalendar.seconds(2025, 8, 12, 10), nil)]
        ),
        (
          professor, ego, nil, O.mosaic,
          "They want an industry partner for outcomes research; Fernwood's data would fit.",
          [(.suggested, DemoCalendar.seconds(2025, 11, 3, 14), nil)]
        ),
        (
          allianceChair, ego, refResearcher, nil,
          "Building the same FHIR pipeline you are; compare notes before you both reinvent it.",
          [(.suggested, DemoCalendar.seconds(2026, 6, 26, 16), nil)]
        ),
        (
          investors[0], ego, refEngineer, nil,
          "A strong senior data engineer who might move; worth a coffee for the hiring plan.",
          [
            (.suggested, DemoCalendar.seconds(2026, 4, 20, 9), nil),
            (.contacted, DemoCalendar.seconds(2026, 4, 24, 10), nil),
          ]
        ),
        (
          bestFriend, ego, nil, O.polaris,
          "Their foundation funds open-source health tooling; Fernwood could apply.",
          [
            (.suggested, DemoCalendar.seconds(2026, 6, 10, 20), nil),
            (.contacted, DemoCalendar.seconds(2026, 6, 20, 11), nil),
          ]
        ),
        (
          blKeep1, ego, refCdo, nil,
          "He's building a real-world-evidence team and needs a data partner.",
          [
            (.suggested, DemoCalendar.seconds(2026, 3, 2, 12), nil),
            (.contacted, DemoCalendar.seconds(2026, 3, 5, 9), nil),
            (.met, DemoCalendar.seconds(2026, 3, 19, 12, 30), nil),
          ]
        ),
        (
          coOrganiser, ego, refCoach, nil,
          "Runs the Polaris mentoring programme; your mentees would benefit.",
          [
            (.suggested, DemoCalendar.seconds(2026, 5, 1, 19), nil),
            (.contacted, DemoCalendar.seconds(2026, 5, 4, 10), nil),
            (.met, DemoCalendar.seconds(2026, 5, 28, 18), nil),
          ]
        ),
        (
          investors[2], ego, nil, O.ferrous,
          "Their streaming product could replace your nightly batch jobs.",
          [
            (.suggested, DemoCalendar.seconds(2026, 6, 1, 9), nil),
            (.contacted, DemoCalendar.seconds(2026, 6, 3, 9), nil),
            (.met, DemoCalendar.seconds(2026, 6, 22, 14), nil),
          ]
        ),
        (
          blManager, ego, refAdvisor, nil,
          "Knows the health-data funding landscape better than anyone; helped me with mine.",
          [
            (.suggested, DemoCalendar.seconds(2023, 9, 4, 12), nil),
            (.contacted, DemoCalendar.seconds(2023, 9, 6, 9), nil),
            (.met, DemoCalendar.seconds(2023, 9, 21, 13), nil),
            (.reportedBack, DemoCalendar.seconds(2023, 9, 25, 18), "Useful: two grant leads"),
          ]
        ),
        (
          cto, ego, vendors[0], nil,
          "They did our first warehouse; ask about the migration before you plan the rebuild.",
          [
            (.suggested, DemoCalendar.seconds(2024, 4, 22, 10), nil),
            (.contacted, DemoCalendar.seconds(2024, 4, 23, 10), nil),
            (.met, DemoCalendar.seconds(2024, 5, 8, 11), nil),
            (.reportedBack, DemoCalendar.seconds(2024, 5, 9, 9), nil),
          ]
        ),
        (
          allianceChair, ego, nil, O.greenhill,
          "Their informatics team wants a pilot partner for discharge analytics.",
          [
            (.suggested, DemoCalendar.seconds(2024, 10, 2, 15), nil),
            (.contacted, DemoCalendar.seconds(2024, 10, 10, 9), nil),
            (.met, DemoCalendar.seconds(2024, 11, 5, 10), nil),
            (.reportedBack, DemoCalendar.seconds(2024, 11, 12, 17), "Pilot agreed for Q1"),
          ]
        ),
        (
          uniClose[0], ego, refDesigner, nil,
          "She redesigned our dashboards and people finally use them.",
          [
            (.suggested, DemoCalendar.seconds(2025, 1, 20, 20), nil),
            (.contacted, DemoCalendar.seconds(2025, 1, 27, 9), nil),
            (.met, DemoCalendar.seconds(2025, 2, 12, 12), nil),
            (.reportedBack, DemoCalendar.seconds(2025, 2, 13, 19), nil),
          ]
        ),
        (
          investors[2], ego, refFounder, nil,
          "Sundial's founder is hiring a first data person and wants advice.",
          [
            (.suggested, DemoCalendar.seconds(2025, 9, 1, 9), nil),
            (.contacted, DemoCalendar.seconds(2025, 9, 2, 9), nil),
            (.met, DemoCalendar.seconds(2025, 9, 18, 16), nil),
            (
              .reportedBack, DemoCalendar.seconds(2025, 9, 19, 10), "Gave them our hiring scorecard"
            ),
          ]
        ),
        (
          recruiters[0], ego, nil, O.kestrel,
          "They need a Head of Data for their new health-insurance arm.",
          [
            (.suggested, DemoCalendar.seconds(2025, 4, 14, 10), nil),
            (
              .declined, DemoCalendar.seconds(2025, 4, 15, 9),
              "Happy at Fernwood; not looking to move"
            ),
          ]
        ),
        (
          sister, ego, refLawyer, nil, "She could review the data-sharing agreement with Marlow.",
          [
            (.suggested, DemoCalendar.seconds(2024, 6, 2, 19), nil),
            (
              .declined, DemoCalendar.seconds(2024, 6, 10, 9),
              "Fernwood's counsel already covers it"
            ),
          ]
        ),
        (
          regulars[4], ego, refCoach, nil, "Great speaker for the meetup's career night.",
          [
            (.suggested, DemoCalendar.seconds(2025, 12, 15, 20), nil),
            (.declined, DemoCalendar.seconds(2026, 2, 10, 9), nil),
          ]
        ),
        (
          allianceRest[1], ego, nil, O.vireo,
          "Their smart-meter data team wants to learn from health analytics.",
          [
            (.suggested, DemoCalendar.seconds(2025, 5, 5, 9), nil),
            (.contacted, DemoCalendar.seconds(2025, 5, 9, 9), nil),
            (.declined, DemoCalendar.seconds(2025, 6, 2, 9), nil),
          ]
        ),
        (
          ego, meetupMentees[0], nil, O.sundial, "They hire juniors and train them well.",
          [
            (.suggested, DemoCalendar.seconds(2025, 10, 6, 19), nil),
            (.contacted, DemoCalendar.seconds(2025, 10, 8, 9), nil),
            (.met, DemoCalendar.seconds(2025, 10, 20, 12), nil),
            (.reportedBack, DemoCalendar.seconds(2025, 10, 21, 19), "Offer made"),
          ]
        ),
        (
          ego, jobHuntingFriend, recruiters[1], nil, "Fair, and specialises in operations roles.",
          [
            (.suggested, DemoCalendar.seconds(2025, 5, 2, 9), nil),
            (.contacted, DemoCalendar.seconds(2025, 5, 3, 10), nil),
            (.met, DemoCalendar.seconds(2025, 5, 15, 12), nil),
          ]
        ),
        (
          ego, blTeam3, investors[1], nil, "Looking for operators to advise their portfolio.",
          [
            (.suggested, DemoCalendar.seconds(2026, 2, 2, 9), nil),
            (.contacted, DemoCalendar.seconds(2026, 2, 9, 9), nil),
          ]
        ),
        (
          cto, headEng, refEngineer, nil, "Could lead the platform team if he ever leaves Kestrel.",
          [
            (.suggested, DemoCalendar.seconds(2025, 11, 10, 10), nil),
            (.contacted, DemoCalendar.seconds(2025, 11, 12, 10), nil),
          ]
        ),
      ]
    for r in refs {
      guard let first = r.steps.first else { continue }
      let history = r.steps.map { ReferralEvent(status: $0.0, time: date($0.1), reason: $0.2) }
      referrals.append(
        Referral(
          time: date(first.1), referrer: Int64(r.referrer + 1), recipient: Int64(r.recipient + 1),
          refereePerson: r.person.map { Int64($0 + 1) },
          refereeOrganisation: r.org.map { Int64($0 + 1) },
          why: r.why, history: history))
      give(r.referrer, r.recipient, .referral, at: first.1, r.why)
      // The contact and the meeting, when the referee is a person.
      guard let referee = r.person else { continue }
      let whom = people[referee].first
      for (status, t, _) in r.steps {
        switch status {
        case .contacted:
          emit(
            t, .email, [r.recipient, referee], initiator: r.recipient,
            summary: "Intro email to \(whom), suggested by \(people[r.referrer].first)",
            channel: "email")
        case .met:
          emit(
            t, .meeting, [r.recipient, referee], initiator: r.recipient,
            summary: "Coffee with \(whom) (referral from \(people[r.referrer].first))",
            channel: "in person")
        case .reportedBack:
          emit(
            t, .message, [r.recipient, r.referrer], initiator: r.recipient,
            summary: "Reported back on meeting \(whom)", channel: "whatsapp")
        case .suggested, .declined:
          break
        }
      }
    }

    // MARK: - Explicit ties
    var edgeCandidates: [(Int, Int)] = []
    for _ in 0..<14 {
      let a = dice.pick(meetupPool + alumniAll + allianceAll)
      let b = dice.pick(blWider + hpAll + fernwoodAll + friendsAll)
      edgeCandidates.append((a, b))
    }
    for (a, b) in edgeCandidates { tie(a, b, weight: 1, on: nil, source: "edges.csv") }
    tie(ego, acquaintances[4], weight: 1, on: nil, source: "edges.csv")
    tie(ego, acquaintances[5], weight: 1, on: nil, source: "edges.csv")
    tie(acquaintances[4], acquaintances[5], weight: 1, on: nil, source: "edges.csv")
    tie(acquaintances[5], allianceRest[6], weight: 1, on: nil, source: "edges.csv")
    tie(ego, refAdvisor, weight: 0.5, on: nil)
    tie(mum, dad, weight: 3, on: nil)
    tie(sister, brotherInLaw, weight: 3, on: nil)
    tie(brother, sisterInLaw, weight: 3, on: nil)
    tie(aunt, uncle, weight: 3, on: nil)
    tie(friendAbroad, uniClose[2], weight: 1.5, on: DemoCalendar.seconds(2024, 8, 10, 15))
    tie(bestFriend, cousin1, weight: 1, on: DemoCalendar.seconds(2025, 7, 5, 14))
    tie(blManager, hpMentor, weight: 2, on: DemoCalendar.seconds(2023, 11, 8, 10))
    tie(ego, refLawyer, weight: 0.5, on: DemoCalendar.seconds(2025, 8, 12, 10))
    tie(professor, allianceChair, weight: 2, on: DemoCalendar.seconds(2024, 3, 20, 9))
    tie(investors[0], refCdo, weight: 1, on: DemoCalendar.seconds(2025, 3, 14, 9))
    tie(coOrganiser, allianceRest[3], weight: 1, on: DemoCalendar.seconds(2024, 11, 13, 12))
    tie(ego, acquaintances[3], weight: 1.5, on: DemoCalendar.seconds(2023, 8, 19, 14))
    tie(newContacts[0], newContacts[1], weight: 1, on: DemoCalendar.seconds(2026, 5, 14, 15))

    // MARK: - Notes
    let personNotes: [(Int, String)] = [
      (mum, "Prefers a call on Sunday mornings."),
      (grandma, "Turns 90 on 17 May 2025; party at Susan's."),
      (hpMentor, "Always asks about the team first; bring one concrete question."),
      (professor, "Runs the alumni mentoring scheme; open to a guest lecture from Fernwood."),
      (friendAbroad, "Moved to Melbourne in September 2024; mornings UK time work best."),
      (investors[0], "Ashgrove led the seed; wants monthly metrics by the 5th."),
      (recruiters[0], "Polite no for now; keep warm."),
      (
        blManager, "Was the one who told me about Fernwood. Haven't really caught up since leaving."
      ),
      (blClose1, "Took over the analytics team after I left."),
      (cto, "Prefers written proposals before a meeting."),
      (follower1, "Followed me from Brightline; wants to move towards management."),
      (coOrganiser, "Co-organising the meetup together since January 2025."),
      (jobHuntingFriend, "Looking for an operations role; sent three leads so far."),
      (newContacts[0], "Interested in a data partnership for real-world evidence."),
      (newContacts[1], "Building a data team from scratch; said to ping them in June."),
      (newContacts[2], "Works on synthetic data; might speak at the meetup."),
      (allianceChair, "Nominated me for the interoperability working group."),
      (sister, "Kids: Maya (7) and Leo (4)."),
      (bestFriend, "Training for the Berlin marathon in September."),
      (hpFriends[2], "Went quiet after starting the new job in early 2025."),
      (clients[0], "Champion for the Marlow pilot; renewal due in the autumn."),
      (clients[3], "Prefers Arabic or English; based in the Leeds office."),
      (vendors[1], "Pushes hard at quarter end; ask for the startup discount."),
      (refLawyer, "Sister knows her from a previous firm."),
    ]
    for (p, text) in personNotes {
      let t =
        lastTogether(ego, p).map { interactions[$0].time + Int64(dice.range(0...3)) * 3600 }
        ?? dice.time(S, E)
      note(t, text, person: p)
    }
    let genericNotes = [
      "Has two kids and a very energetic dog.", "Vegetarian; loves Sichuan food.",
      "Looking for a staff role in 2026.", "Speaks Portuguese and Spanish.",
      "Happy to review CVs for juniors.", "Prefers async — email over calls.",
      "Moved to Bristol; in London once a month.", "On parental leave until the autumn.",
      "Writes a newsletter on data governance.", "Plays cello in an amateur orchestra.",
      "Good contact for NHS procurement questions.", "Co-founded a climbing club.",
      "Allergic to nuts — remember for dinners.", "Knows everyone in the Leeds data scene.",
      "Thinking about a PhD.", "Just bought a house in Margate.",
    ]
    var targetPool: [Int] = dataReports + blTeam
    targetPool += Array(blWider.prefix(8))
    targetPool += hpFriends + uniClose
    targetPool += Array(alumniRest.prefix(6))
    targetPool += organisers + meetupMentees + closeFriends
    targetPool += Array(friendsRest.prefix(6))
    targetPool += wg + clients
    let noteTargets = dice.sample(targetPool, genericNotes.count * 2)
    for (k, p) in noteTargets.enumerated() {
      let t = lastTogether(ego, p).map { interactions[$0].time + 2 * 3600 } ?? dice.time(S, E)
      note(t, genericNotes[k % genericNotes.count], person: p)
    }
    let orgNotes: [(Int, String)] = [
      (O.fernwood, "Raising a Series B in Q3 2026."),
      (O.ashgrove, "Partner meetings on Mondays; pitch decks go to the principal first."),
      (O.kestrel, "Long procurement cycles; go through the innovation team."),
      (O.marlow, "Pilot renewal decision in October."),
      (O.brightline, "Reorganised the data team in 2025; new VP of Data."),
      (O.alliance, "Membership renews every May."),
      (O.mosaic, "Looking for industry partners for outcomes research."),
      (O.ferrous, "Startup discount available for companies under 100 people."),
    ]
    for (o, text) in orgNotes { note(dice.time(S, E), text, organisation: o) }
    let interactionNotes = [
      "Promised to send the deck.", "They asked for an intro to someone in pharma.",
      "Follow up about the pilot pricing.", "Agreed to swap hiring scorecards.",
      "Mentioned they might be leaving in the spring.",
      "Send the link to the synthetic-data paper.", "Owe them a coffee.",
      "They offered to review the board pack.",
    ]
    let egoDyads = interactions.indices.filter {
      interactions[$0].participants.count == 2 && interactions[$0].participants.contains(ego)
        && interactions[$0].kind == .meeting
    }
    for (k, i) in dice.sample(egoDyads, interactionNotes.count).enumerated() {
      note(interactions[i].time + 3600, interactionNotes[k], interaction: i)
    }

    // MARK: - Follow-ups
    // Kept: a later interaction with the same person came (the follow-up happened).
    var lastWithEgo: [Int: Int64] = [:]
    for x in interactions where x.participants.count == 2 && x.participants.contains(ego) {
      for p in x.participants where p != ego { lastWithEgo[p] = max(lastWithEgo[p] ?? 0, x.time) }
    }
    for i in dice.sample(followUpCandidates, 60) {
      let x = interactions[i]
      guard let other = x.participants.first(where: { $0 != ego }), let last = lastWithEgo[other],
        last > x.time
      else { continue }
      let due = x.time + Int64(dice.range(5...21)) * day
      if due < E { interactions[i].followUp = DemoCalendar.startOfDay(due) + 9 * 3600 }
    }
    // Passed with nothing since: the last contact with these people asked for a follow-up.
    var missed = 0
    let missedCandidates = [
      allianceRest[4], vendors[0], wg[2], alumniRest[2], hpFriends[1], regulars[0], allianceRest[5],
      alumniRest[4], hpRest[3], regulars[5], friendsRest[9], blWider[0],
    ]
    for p in missedCandidates where missed < 5 {
      guard let i = lastTogether(ego, p), interactions[i].participants.count == 2 else { continue }
      let due = interactions[i].time + Int64(dice.range(7...21)) * day
      guard due < E - day else { continue }
      interactions[i].followUp = DemoCalendar.startOfDay(due) + 9 * 3600
      missed += 1
    }

    // MARK: - Contact details, interests, cadences
    for p in people.indices where p != ego { decorate(p) }
    people[hpMentor].cadenceDays = 90
    people[professor].cadenceDays = 60
    people[bestFriend].cadenceDays = 14
    people[friendAbroad].cadenceDays = 45

    return assemble(ego: ego)
  }

  func monthName(_ m: Int) -> String {
    [
      "January", "February", "March", "April", "May", "June", "July", "August", "September",
      "October", "November", "December",
    ][m - 1]
  }

  /// Emails, phones, profile URLs, aliases and interests, after the person's circle.
  mutating func decorate(_ p: Int) {
    let person = people[p]
    let f = key(person.first)
    let l = key(person.last)
    let circle = person.circle
    let personal = circle == "family" || circle == "friends" || circle == "neighbour"
    let affs = affiliations.filter { $0.person == Int64(p + 1) }
    let current = affs.last { $0.to == nil }
    let past = affs.last { $0.to != nil }
    let workish = !personal
    if let current, workish || dice.chance(40),
      dice.chance(
        circle == "investor" || circle == "recruiter" || circle == "client" || circle == "vendor"
          ? 100 : 75)
    {
      let org = Int(current.organisation) - 1
      let domain = DemoOrgs.all[org].domain
      let local = dice.chance(75) ? "\(f).\(l)" : "\(f.prefix(1))\(l)"
      addEmail(p, local, domain)
    }
    if let past, dice.chance(25) {
      let org = Int(past.organisation) - 1
      addEmail(p, "\(f).\(l)", DemoOrgs.all[org].domain)
    }
    if dice.chance(personal ? 90 : 35) {
      let local = dice.chance(50) ? "\(f)\(l)" : "\(f).\(l)\(dice.range(1...99))"
      addEmail(p, local, dice.pick(["mail.example", "post.example", "inbox.example"]))
    }
    if dice.chance(personal ? 95 : (circle == "team" ? 70 : 35)), nextPhone < phoneNumbers.count {
      let n = phoneNumbers[nextPhone]
      nextPhone += 1
      people[p].phones.append("+44 7700 900" + pad(n, 3))
    }
    if !personal && dice.chance(45) {
      let suffix = String(dice.below(0x100000), radix: 16)
      people[p].urls.append("https://www.linkedin.com/in/\(person.handle)-\(suffix)")
    }
    if dice.chance(8) { people[p].urls.append("https://\(f)\(l).example") }
    if let nick = DemoNames.nicknames[person.first], dice.chance(55) {
      people[p].aliases.append("\(nick) \(person.last)")
    } else if person.name == "\(person.first) \(person.last)" && dice.chance(12) {
      // How calendars and email headers often write a name.
      people[p].aliases.append("\(person.first.prefix(1)). \(person.last)")
    }
    let pools: [String]
    switch circle {
    case "team", "meetup", "ex-brightline", "alumni":
      pools = DemoInterests.tech + DemoInterests.personal
    case "association", "client": pools = DemoInterests.health + DemoInterests.personal
    case "ex-halden", "investor", "recruiter", "vendor":
      pools = DemoInterests.business + DemoInterests.personal
    default: pools = DemoInterests.personal
    }
    if dice.chance(75) {
      people[p].interests = dice.sample(pools, dice.range(1...3))
    }
  }

  func key(_ text: String) -> String {
    TextKey.slug(text, fallback: "x").replacingOccurrences(of: "-", with: "")
  }

  func pad(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return String(repeating: "0", count: max(0, width - s.count)) + s
  }

  mutating func addEmail(_ p: Int, _ local: String, _ domain: String) {
    var address = "\(local)@\(domain)"
    var n = 2
    while usedEmails.contains(address) {
      address = "\(local)\(n)@\(domain)"
      n += 1
    }
    usedEmails.insert(address)
    people[p].emails.append(address)
  }

  /// Sorts events by time, assigns dense ids and converts to the model's records.
  func assemble(ego: Int) -> Backup {
    let order = interactions.indices.sorted {
      (interactions[$0].time, interactions[$0].seq) < (interactions[$1].time, interactions[$1].seq)
    }
    var newID = [Int64](repeating: 0, count: interactions.count)
    for (k, i) in order.enumerated() { newID[i] = Int64(k + 1) }
    let outInteractions = order.map { i -> Interaction in
      let x = interactions[i]
      return Interaction(
        id: newID[i], time: date(x.time), kind: x.kind,
        participants: x.participants.map { Int64($0 + 1) },
        initiator: x.initiator.map { Int64($0 + 1) }, channel: x.channel, summary: x.summary,
        followUp: x.followUp.map(date))
    }
    let outPeople = people.enumerated().map { k, p in
      Person(
        id: Int64(k + 1), handle: p.handle, name: p.name, aliases: p.aliases, emails: p.emails,
        phones: p.phones,
        urls: p.urls, tags: p.tags, interests: p.interests, cadenceDays: p.cadenceDays)
    }
    let outOrgs = DemoOrgs.all.enumerated().map { k, o in
      Organisation(
        id: Int64(k + 1), handle: TextKey.slug(o.name), name: o.name, domains: [o.domain],
        tags: o.tags)
    }
    var outExchanges = exchanges.enumerated().sorted {
      ($0.element.time, $0.offset) < ($1.element.time, $1.offset)
    }
    .map(\.element)
    for k in outExchanges.indices { outExchanges[k].id = Int64(k + 1) }
    var outReferrals = referrals.enumerated().sorted {
      ($0.element.time, $0.offset) < ($1.element.time, $1.offset)
    }
    .map(\.element)
    for k in outReferrals.indices { outReferrals[k].id = Int64(k + 1) }
    let sortedNotes = notes.enumerated().sorted {
      ($0.element.time, $0.offset) < ($1.element.time, $1.offset)
    }
    .map(\.element)
    let outNotes = sortedNotes.enumerated().map { k, n in
      Note(
        id: Int64(k + 1), time: date(n.time), text: n.text, person: n.person.map { Int64($0 + 1) },
        organisation: n.organisation.map { Int64($0 + 1) },
        interaction: n.interaction.map { newID[$0] }, day: Self.enteredDay(n.time))
    }
    return Backup(
      ego: people[ego].handle, settings: [:], people: outPeople, organisations: outOrgs,
      affiliations: affiliations, interactions: outInteractions, exchanges: outExchanges,
      referrals: outReferrals, ties: ties, notes: outNotes,
      tagCadences: [TagCadence(tag: "family", days: 14), TagCadence(tag: "investor", days: 60)])
  }
}
