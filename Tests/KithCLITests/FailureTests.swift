import Foundation
import KithTestSupport
import Testing

/// Every way a command can fail, and the promise each failure keeps: the documented exit code
/// (64 usage, 65 rejected data, 66 missing input, 1 anything else), exactly one line on stderr
/// starting `kith: error:`, nothing on stdout, and the database left as it was.
@Suite("Failures: exit code, one-line error, nothing written")
struct FailureTests {
  /// The database a case runs against.
  enum Database: Sendable {
    /// `seed` applied to a fresh database: compared through `kith export json` before and after.
    case seeded
    /// No database at all: the file (and its folder) must still not exist afterwards.
    case missing
    /// A text file where the database should be: it must be left byte for byte as it was.
    case notADatabase
  }

  static let notADatabaseText = "hello, I am not SQLite\n"

  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var arguments: [String]
    var status: Int32
    /// Fragments the error line must contain.
    var mentions: [String] = []
    var database: Database = .seeded

    var testDescription: String { name }
  }

  /// Two Janes, a meeting, a referral already at `met`, a backup of it all in $DIR/backup.json.
  static let seed: [[String]] = [
    ["init", "--me", "Alex Morgan"],
    ["person", "add", "Jane Doe", "--email", "jane@example.com"],
    ["person", "add", "Jane Smith"],
    ["person", "add", "Sam Lee"],
    ["org", "add", "Acme Robotics"],
    ["log", "meeting", "--with", "sam-lee", "--on", "2026-01-10"],
    ["refer", "--by", "sam-lee", "--about", "Acme Robotics", "--on", "2026-01-11"],
    ["referral", "1", "--status", "met", "--on", "2026-01-20"],
  ]

  /// Not JSON: the error must point at line 3, column 14 (the stray comma).
  static let malformed = """
    {
      "schemaVersion": 1,
      "people": [,]
    }

    """

  static let cases: [Case] = [
    // People and organisations that cannot be found.
    Case(
      name: "unknown person", arguments: ["person", "show", "nobody-at-all"], status: 65,
      mentions: ["no person matches 'nobody-at-all'"]),
    Case(
      name: "unknown person, with a suggestion", arguments: ["log", "call", "--with", "Sma Lee"],
      status: 65, mentions: ["no person matches 'Sma Lee'", "did you mean 'Sam Lee (sam-lee)'"]),
    Case(
      name: "ambiguous person (two Janes)", arguments: ["log", "call", "--with", "jane"],
      status: 65, mentions: ["Jane Doe (jane-doe)", "Jane Smith (jane-smith)", "use a handle"]),
    Case(
      name: "unknown organisation", arguments: ["affiliate", "sam-lee", "Globex"], status: 65,
      mentions: ["no organisation matches 'Globex'"]),
    Case(
      name: "unknown referee", arguments: ["refer", "--by", "sam-lee", "--about", "Initech"],
      status: 65, mentions: ["no person or organisation matches 'Initech'"]),

    // Arguments that cannot be parsed or checked before touching the database.
    Case(
      name: "bad date", arguments: ["log", "meeting", "--with", "sam-lee", "--on", "2026-13-01"],
      status: 64, mentions: ["2026-13-01"]),
    Case(
      name: "bad --as-of", arguments: ["ties", "--as-of", "yesterday"], status: 64,
      mentions: ["yesterday"]),
    Case(
      name: "bad kind", arguments: ["log", "dinner", "--with", "sam-lee"], status: 64,
      mentions: ["dinner", "use one of: meeting, call, video,", "(see `kith log --help`)"]),
    Case(
      name: "bad exchange kind", arguments: ["give", "money", "--from", "me", "--to", "sam-lee"],
      status: 64, mentions: ["money"]),
    Case(
      name: "--limit 0", arguments: ["ties", "--limit", "0"], status: 64, mentions: ["--limit"]),
    Case(
      name: "negative --weight", arguments: ["tie", "jane-doe", "sam-lee", "--weight=-1"],
      status: 64, mentions: ["--weight"]),
    Case(
      name: "NaN --weight", arguments: ["tie", "jane-doe", "sam-lee", "--weight", "nan"],
      status: 64, mentions: ["--weight"]),
    Case(
      name: "infinite --weight", arguments: ["tie", "jane-doe", "sam-lee", "--weight", "inf"],
      status: 64, mentions: ["--weight"]),
    // Dates that cannot be what was meant.
    Case(
      name: "--follow-up before --on",
      arguments: [
        "log", "call", "--with", "sam-lee", "--on", "2026-03-01", "--follow-up", "2026-02-01",
      ], status: 64,
      mentions: ["--follow-up 2026-02-01 is before the interaction (2026-03-01)"]),
    Case(
      name: "--on a mistyped year",
      arguments: ["log", "call", "--with", "sam-lee", "--on", "2062-03-01"],
      status: 64, mentions: ["--on 2062-03-01 is more than a year after today"]),
    Case(
      name: "--on more than a year after --as-of",
      arguments: [
        "give", "advice", "--from", "me", "--to", "sam-lee", "--on", "2027-02-01", "--as-of",
        "2026-01-10",
      ],
      status: 64, mentions: ["--on 2027-02-01 is more than a year after --as-of 2026-01-10"]),
    Case(
      name: "referral --on far ahead",
      arguments: ["referral", "1", "--status", "reported-back", "--on", "2099-01-01"], status: 64,
      mentions: ["--on 2099-01-01"]),
    Case(name: "log with nobody", arguments: ["log", "meeting"], status: 64, mentions: ["--with"]),
    Case(
      name: "--no-ego with one --with",
      arguments: ["log", "event", "--no-ego", "--with", "sam-lee"],
      status: 64, mentions: ["--no-ego"]),
    Case(
      name: "--cadence 0", arguments: ["person", "add", "Kim Park", "--cadence", "0"], status: 64,
      mentions: ["--cadence"]),
    Case(
      name: "--cadence over ten years",
      arguments: ["person", "add", "Kim Park", "--cadence", "3651"], status: 64,
      mentions: ["--cadence must be a positive number of days up to 3650"]),
    Case(
      name: "--tag empty", arguments: ["person", "add", "Kim Park", "--tag", ""], status: 64,
      mentions: ["--tag '' names no tag"]),
    Case(
      name: "--untag of commas alone", arguments: ["person", "edit", "sam-lee", "--untag", " , "],
      status: 64, mentions: ["--untag ' , ' names no tag"]),
    // What is clearly not an address, a number or a web address is refused, with the option.
    Case(
      name: "--email with two @ and an empty label",
      arguments: ["person", "add", "Yara", "--email", "yara@@x..com"], status: 65,
      mentions: ["--email 'yara@@x..com' is not an email address"]),
    Case(
      name: "--email without a dot in the domain",
      arguments: ["person", "edit", "sam-lee", "--email", "sam@localhost"], status: 65,
      mentions: ["--email 'sam@localhost'"]),
    Case(
      name: "--phone of words", arguments: ["person", "add", "Yara", "--phone", "call me maybe"],
      status: 65, mentions: ["--phone 'call me maybe' is not a phone number"]),
    Case(
      name: "--phone without digits", arguments: ["person", "edit", "sam-lee", "--phone", "+()"],
      status: 65, mentions: ["--phone '+()'"]),
    Case(
      name: "--url with a broken scheme",
      arguments: ["person", "add", "Yara", "--url", "htp:/bad"],
      status: 65, mentions: ["--url 'htp:/bad' is not a web address"]),
    Case(
      name: "--url of another scheme",
      arguments: ["person", "edit", "sam-lee", "--url", "ftp://example.com"], status: 65,
      mentions: ["--url 'ftp://example.com'"]),
    Case(
      name: "--cadence with --clear-cadence",
      arguments: ["person", "edit", "sam-lee", "--cadence", "7", "--clear-cadence"], status: 64),
    Case(
      name: "referral back to suggested", arguments: ["referral", "1", "--status", "suggested"],
      status: 64),
    Case(
      name: "unknown subcommand", arguments: ["befriend", "sam-lee"], status: 64,
      mentions: ["unknown command 'befriend' for `kith`", "see `kith --help`"]),
    // An unknown command asked for help is a usage error too, not the main help; a typo gets
    // the command it most likely meant.
    Case(
      name: "help of an unknown command", arguments: ["help", "nosuch"], status: 64,
      mentions: ["unknown command 'nosuch' for `kith`"]),
    Case(
      name: "--help of an unknown command", arguments: ["interaction", "--help"], status: 64,
      mentions: ["unknown command 'interaction'", "did you mean `kith log`?"]),
    Case(
      name: "a misspelt command", arguments: ["refferal", "1"], status: 64,
      mentions: ["did you mean `kith referral`?"]),
    Case(
      name: "a misspelt subcommand", arguments: ["export", "jsn"], status: 64,
      mentions: ["unknown command 'jsn' for `kith export`", "did you mean `kith export json`?"]),
    Case(
      name: "help of an unknown subcommand", arguments: ["help", "person", "nosuch"], status: 64,
      mentions: ["unknown command 'nosuch' for `kith person`"]),
    Case(
      name: "unknown option", arguments: ["ties", "--strongest"], status: 64,
      mentions: ["(see `kith ties --help`)"]),
    Case(
      name: "empty --db", arguments: ["person", "add", "Kim Park", "--db", ""], status: 64,
      mentions: ["--db needs a path"]),
    Case(name: "init without --me", arguments: ["init"], status: 64, mentions: ["--me"]),

    // The analytics commands (issue 3's bad inputs): unknown or ambiguous people, cadences
    // that are not a positive whole number of days, months that are not months, budgets and
    // limits below 1.
    Case(
      name: "brief of an unknown person", arguments: ["brief", "nobody-at-all"], status: 65,
      mentions: ["no person matches 'nobody-at-all'"]),
    Case(
      name: "brief of an organisation", arguments: ["brief", "Acme Robotics"], status: 65,
      mentions: ["'Acme Robotics' is an organisation, not a person", "kith org show acme-robotics"]),
    Case(
      name: "interaction with an organisation",
      arguments: ["log", "meeting", "--with", "acme-robotics"], status: 65,
      mentions: ["is an organisation, not a person"]),
    // You are not removed, nor given a cadence with yourself (`me` names you everywhere).
    Case(
      name: "removing yourself", arguments: ["person", "remove", "me", "--force"], status: 65,
      mentions: ["Alex Morgan (alex-morgan) is you", "removes others, not you"]),
    Case(
      name: "removing yourself by handle", arguments: ["person", "remove", "alex-morgan"],
      status: 65, mentions: ["is you"]),
    Case(
      name: "an introduction to yourself", arguments: ["intro", "--to", "me"], status: 65,
      mentions: ["Alex Morgan (alex-morgan) is you", "introductions are to other people"]),
    Case(
      name: "a cadence with yourself", arguments: ["cadence", "me", "14"], status: 65,
      mentions: ["Alex Morgan (alex-morgan) is you", "your contacts"]),
    Case(
      name: "brief of an ambiguous person", arguments: ["brief", "jane"], status: 65,
      mentions: ["Jane Doe (jane-doe)", "Jane Smith (jane-smith)"]),
    Case(
      name: "cadence of an ambiguous person", arguments: ["cadence", "jane", "30"], status: 65,
      mentions: ["'jane' matches 2 people"]),
    Case(
      name: "cadence of an unknown person", arguments: ["cadence", "nobody-at-all", "30"],
      status: 65, mentions: ["nobody-at-all"]),
    Case(
      name: "cadence 0", arguments: ["cadence", "sam-lee", "0"], status: 64,
      mentions: ["'0' is not a positive number of days"]),
    Case(
      name: "cadence over ten years", arguments: ["cadence", "sam-lee", "100000"], status: 64,
      mentions: ["'100000' is not a positive number of days up to 3650 (ten years)"]),
    Case(
      name: "tag cadence over ten years", arguments: ["cadence", "--tag", "family", "3651"],
      status: 64, mentions: ["'3651' is not a positive number of days up to 3650"]),
    Case(
      name: "cadence -5", arguments: ["cadence", "sam-lee", "-5"], status: 64,
      mentions: ["'-5' is not a positive number of days"]),
    Case(
      name: "cadence -5 after --", arguments: ["cadence", "sam-lee", "--", "-5"], status: 64,
      mentions: ["'-5' is not a positive number of days"]),
    Case(
      name: "cadence not a number", arguments: ["cadence", "sam-lee", "often"], status: 64,
      mentions: ["'often'"]),
    Case(
      name: "cadence not whole days", arguments: ["cadence", "sam-lee", "2.5"], status: 64,
      mentions: ["'2.5'"]),
    Case(
      name: "tag cadence 0", arguments: ["cadence", "--tag", "family", "0"], status: 64,
      mentions: ["'0'"]),
    Case(
      name: "cadence with days twice", arguments: ["cadence", "sam-lee", "7", "14"], status: 64,
      mentions: ["kith cadence PERSON [DAYS]"]),
    Case(
      name: "cadence of an unknown person, shown", arguments: ["cadence", "nobody-at-all"],
      status: 65, mentions: ["no person matches 'nobody-at-all'"]),
    Case(
      name: "cadence --list with a person", arguments: ["cadence", "--list", "sam-lee"],
      status: 64, mentions: ["--list"]),
    Case(
      name: "--month not a month", arguments: ["plan", "--month", "2026-13"], status: 64,
      mentions: ["2026-13", "--month"]),
    Case(
      name: "--month a name", arguments: ["plan", "--month", "July"], status: 64,
      mentions: ["July"]),
    Case(
      name: "--budget 0", arguments: ["plan", "--budget", "0"], status: 64,
      mentions: ["--budget must be at least 1"]),
    Case(
      name: "--budget -1", arguments: ["plan", "--budget", "-1"], status: 64,
      mentions: ["--budget must be at least 1"]),
    Case(
      name: "neglected --limit -3", arguments: ["neglected", "--limit", "-3"], status: 64,
      mentions: ["--limit must be at least 1"]),
    Case(
      name: "neglected --limit 0", arguments: ["neglected", "--limit", "0"], status: 64,
      mentions: ["--limit"]),
    Case(
      name: "dormant --limit 0", arguments: ["dormant", "--limit", "0"], status: 64,
      mentions: ["--limit"]),
    Case(
      name: "reciprocity --limit 0", arguments: ["reciprocity", "--limit", "0"], status: 64,
      mentions: ["--limit"]),
    Case(
      name: "followups --limit 0", arguments: ["followups", "--limit", "0"], status: 64,
      mentions: ["--limit must be at least 1"]),
    Case(
      name: "referrals --limit 0", arguments: ["referrals", "--limit", "0"], status: 64,
      mentions: ["--limit must be at least 1"]),
    Case(
      name: "person list --limit 0", arguments: ["person", "list", "--limit", "0"], status: 64,
      mentions: ["--limit must be at least 1"]),
    Case(
      name: "org list --limit 0", arguments: ["org", "list", "--limit", "0"], status: 64,
      mentions: ["--limit must be at least 1"]),
    Case(
      name: "duplicates --limit 0", arguments: ["duplicates", "--limit", "0"], status: 64,
      mentions: ["--limit must be at least 1"]),
    // An option followups lacks is named as the mistake, not the value after it.
    Case(
      name: "followups with an option it lacks", arguments: ["followups", "--top", "2"],
      status: 64,
      mentions: ["kith: error: `kith followups` has no option --top (see `kith followups --help`)"]
    ),

    // A negative number given to any numeric option reaches the option's own check (it is not
    // read as an option of its own, which would say "Missing value").
    Case(
      name: "--weight -1", arguments: ["tie", "jane-doe", "sam-lee", "--weight", "-1"],
      status: 64, mentions: ["--weight must be a number from 0 to 1000000"]),
    Case(
      name: "--weight 1e39", arguments: ["tie", "jane-doe", "sam-lee", "--weight", "1e39"],
      status: 64, mentions: ["--weight must be a number from 0 to 1000000"]),
    Case(
      name: "--cadence -30", arguments: ["person", "add", "Kim Park", "--cadence", "-30"],
      status: 64, mentions: ["--cadence must be a positive number of days"]),
    Case(
      name: "--radius -1",
      arguments: ["render", "--view", "ego", "--radius", "-1", "-o", "$DIR/ego.svg"], status: 64,
      mentions: ["--radius must be 1 or 2"]),
    Case(
      name: "--max-ties -5", arguments: ["render", "--max-ties", "-5", "-o", "$DIR/net.svg"],
      status: 64, mentions: ["--max-ties must be at least 1"]),
    Case(
      name: "--min-strength -0.5",
      arguments: ["export", "dot", "--min-strength", "-0.5", "-o", "$DIR/net.dot"], status: 64,
      mentions: ["--min-strength must be a number ≥ 0"]),
    Case(
      name: "--time-limit -1", arguments: ["render", "--time-limit", "-1", "-o", "$DIR/net.svg"],
      status: 64, mentions: ["--time-limit must be a number of seconds ≥ 0"]),
    Case(
      name: "--resolution -1", arguments: ["circles", "--resolution", "-1"], status: 64,
      mentions: ["--resolution must be a positive number"]),
    Case(
      name: "--seed -1", arguments: ["circles", "--seed", "-1"], status: 64,
      mentions: ["'-1'", "--seed"]),
    Case(
      name: "--targets -2", arguments: ["intro", "--to", "tag:alumni", "--targets", "-2"],
      status: 64, mentions: ["--targets must be at least 1"]),
    // A prefix with nothing after it is no name to look up ("nobody has the tag ").
    Case(
      name: "intro to tag: with no tag", arguments: ["intro", "--to", "tag:"], status: 64,
      mentions: ["tag: needs a tag name, e.g. tag:fintech."]),
    Case(
      name: "intro to org: with no organisation", arguments: ["intro", "--to", "ORG: "],
      status: 64, mentions: ["org: needs an organisation, e.g. org:acme."]),
    Case(
      name: "intro to person: with nobody", arguments: ["intro", "--to", "person:"], status: 64,
      mentions: ["person: needs a person, e.g. person:jane-doe."]),
    Case(
      name: "--view intro tag: with no tag",
      arguments: ["render", "--view", "intro", "tag:", "-o", "$DIR/a.svg"], status: 64,
      mentions: ["tag: needs a tag name, e.g. tag:fintech."]),
    Case(
      name: "--event-threshold -1",
      arguments: ["import", "ics", "--event-threshold", "-1", "$DIR/none.ics"], status: 64,
      mentions: ["--event-threshold must be at least 1"]),
    Case(
      name: "--list-threshold -1",
      arguments: ["import", "mbox", "--list-threshold", "-1", "$DIR/none.mbox"], status: 64,
      mentions: ["--list-threshold must be at least 1"]),

    // Options the command or the view has no use for are refused, not silently ignored.
    Case(
      name: "demo --db", arguments: ["demo", "--db", "$DIR/kith.sqlite", "--out", "$DIR/demo"],
      status: 64, mentions: ["--db does not apply to demo"]),
    Case(
      name: "init --ego", arguments: ["init", "--me", "Kim Park", "--ego", "sam-lee"],
      status: 64, mentions: ["--ego does not apply to init"], database: .missing),
    Case(
      name: "init --as-of", arguments: ["init", "--me", "Kim Park", "--as-of", "2026-01-01"],
      status: 64, mentions: ["--as-of does not apply to init"], database: .missing),
    Case(
      name: "--radius without --view ego",
      arguments: ["render", "--radius", "2", "-o", "$DIR/a.svg"],
      status: 64, mentions: ["--radius applies to --view ego"]),
    Case(
      name: "--radius with --view circle",
      arguments: ["export", "dot", "--view", "circle", "0", "--radius", "1", "-o", "$DIR/a.dot"],
      status: 64, mentions: ["--radius applies to --view ego"]),
    Case(
      name: "--max-people with --view path",
      arguments: [
        "render", "--view", "path", "sam-lee", "me", "--max-people", "3", "-o", "$DIR/a.svg",
      ], status: 64, mentions: ["--max-people applies to the network, ego and circle views"]),
    Case(
      name: "--max-people with --view intro",
      arguments: ["render", "--view", "intro", "sam-lee", "--max-people", "3", "-o", "$DIR/a.svg"],
      status: 64, mentions: ["--max-people applies to the network, ego and circle views"]),

    // A negative positional number reaches its own check too.
    Case(
      name: "half-life-days -1", arguments: ["settings", "set", "half-life-days", "-1"],
      status: 64, mentions: ["the half-life must be more than 0 days"]),
    Case(
      name: "referral -1", arguments: ["referral", "-1"], status: 64,
      mentions: ["'-1' is not a referral number"]),
    Case(
      name: "referral 0", arguments: ["referral", "0", "--status", "met"], status: 64,
      mentions: ["'0' is not a referral number"]),
    Case(
      name: "referral with an unknown option", arguments: ["referral", "--stat", "met", "1"],
      status: 64, mentions: ["Unknown option '--stat'"]),
    Case(
      name: "referral without a number", arguments: ["referral", "--status", "met"], status: 64,
      mentions: ["Missing expected argument '<id>'"]),
    Case(
      name: "settings set without a value", arguments: ["settings", "set", "half-life-days"],
      status: 64, mentions: ["Missing expected argument '<value>'"]),

    // Settings: the keys and the values each takes are fixed by Kith, so a wrong key or value
    // is a mistake on the command line (64), checked before the database is opened.
    Case(
      name: "unknown setting key (set)", arguments: ["settings", "set", "colour", "blue"],
      status: 64, mentions: ["colour"]),
    Case(
      name: "unknown setting key (get)", arguments: ["settings", "get", "colour"], status: 64,
      mentions: ["colour"]),
    Case(
      name: "half-life-days 0", arguments: ["settings", "set", "half-life-days", "0"], status: 64,
      mentions: ["half-life"]),
    Case(
      name: "half-life-days not a number",
      arguments: ["settings", "set", "half-life-days", "soon"],
      status: 64),
    Case(
      name: "weight.meeting -1", arguments: ["settings", "set", "--", "weight.meeting", "-1"],
      status: 64, mentions: ["weight"]),
    Case(
      name: "my-emails not emails", arguments: ["settings", "set", "my-emails", "alex"],
      status: 64),

    // Records that break a rule of the model.
    Case(
      name: "interaction with only the ego, by handle",
      arguments: ["log", "meeting", "--with", "alex-morgan"], status: 65),
    // `me` is not special in --with (unlike --by, give --from/--to and tie): it is an unknown
    // person here. Either way an interaction with only the ego is rejected.
    Case(
      name: "interaction with only the ego, as me", arguments: ["log", "meeting", "--with", "me"],
      status: 65),
    Case(
      name: "interaction with the same person twice",
      arguments: ["log", "meeting", "--with", "sam-lee", "--with", "Sam Lee"], status: 65),
    Case(
      name: "--no-ego with the same person twice",
      arguments: ["log", "event", "--no-ego", "--with", "sam-lee", "--with", "sam-lee"],
      status: 65),
    Case(
      name: "initiator not a participant",
      arguments: ["log", "call", "--with", "sam-lee", "--by", "jane-doe"], status: 65),
    Case(
      name: "giver is receiver",
      arguments: ["give", "advice", "--from", "me", "--to", "alex-morgan"],
      status: 65),
    Case(
      name: "tie with oneself", arguments: ["tie", "sam-lee", "Sam Lee"], status: 65),
    // The same person twice, however named, is refused by the data (65) like a tie with
    // oneself; so is a tag or an organisation nobody has.
    Case(
      name: "merge with oneself", arguments: ["merge", "sam-lee", "Sam Lee"], status: 65,
      mentions: ["are the same person (sam-lee)"]),
    Case(
      name: "path to oneself", arguments: ["path", "sam-lee", "Sam Lee"], status: 65,
      mentions: ["are the same person (sam-lee)"]),
    Case(
      name: "intro to a tag nobody has", arguments: ["intro", "--to", "tag:none"], status: 65,
      mentions: ["nobody has the tag none"]),
    Case(
      name: "intro to an unknown organisation", arguments: ["intro", "--to", "org:none"],
      status: 65, mentions: ["no organisation matches 'none'"]),
    Case(
      name: "referral about the referrer",
      arguments: ["refer", "--by", "sam-lee", "--about", "sam-lee"], status: 65),
    Case(
      name: "backward referral status", arguments: ["referral", "1", "--status", "contacted"],
      status: 65, mentions: ["referral 1 is met"]),
    Case(
      name: "referral status change before the last one",
      arguments: ["referral", "1", "--status", "reported-back", "--on", "2026-01-15"], status: 65),
    Case(name: "referral not found", arguments: ["referral", "99"], status: 65, mentions: ["99"]),
    Case(
      name: "referral not found, with a status",
      arguments: ["referral", "99", "--status", "met"], status: 65, mentions: ["99"]),
    Case(name: "empty note", arguments: ["note", "sam-lee", "  "], status: 65),
    Case(
      name: "handle taken", arguments: ["person", "add", "Samuel Lee", "--handle", "sam-lee"],
      status: 65, mentions: ["sam-lee"]),
    Case(
      name: "handle not a slug", arguments: ["person", "add", "Kim Park", "--handle", "Kim Park"],
      status: 65),
    // An email already another person's: it would then name two people.
    Case(
      name: "person add with another's email",
      arguments: ["person", "add", "Kim Park", "--email", "Jane@Example.com"], status: 65,
      mentions: [
        "Jane@Example.com is already the email of Jane Doe (jane-doe)",
        "`kith person edit jane-doe --alias \"Kim Park\"`",
      ]),
    Case(
      name: "person add with another spelling of another's mailbox",
      arguments: ["person", "add", "Kim Park", "--email", "jane+news@example.com"], status: 65,
      mentions: ["is already the email of Jane Doe (jane-doe)"]),
    Case(
      name: "person edit with another's email",
      arguments: ["person", "edit", "sam-lee", "--email", "jane@example.com"], status: 65,
      mentions: ["is already the email of Jane Doe (jane-doe)", "`kith merge sam-lee jane-doe`"]),
    Case(
      name: "bad email", arguments: ["person", "add", "Kim Park", "--email", "kim-at-example"],
      status: 65),
    Case(
      name: "affiliation ending before it starts",
      arguments: ["affiliate", "sam-lee", "acme", "--from", "2025-01-01", "--to", "2024-01-01"],
      status: 65),
    Case(name: "init twice", arguments: ["init", "--me", "Someone Else"], status: 65),
    Case(
      name: "person remove without --force", arguments: ["person", "remove", "sam-lee"], status: 65,
      mentions: ["--force"]),

    // Backups.
    Case(
      name: "import json of a missing file", arguments: ["import", "json", "$DIR/nothing.json"],
      status: 66, mentions: ["$DIR/nothing.json"]),
    Case(
      name: "import json of malformed JSON", arguments: ["import", "json", "$DIR/malformed.json"],
      status: 65, mentions: ["$DIR/malformed.json:3:14: not valid JSON"]),
    Case(
      name: "import json into a non-empty database",
      arguments: ["import", "json", "$DIR/backup.json"], status: 65, mentions: ["not empty"]),
    Case(
      name: "import json of malformed JSON into a new database",
      arguments: ["import", "json", "$DIR/malformed.json"], status: 65,
      mentions: ["$DIR/malformed.json:3:14: not valid JSON"], database: .missing),
    Case(
      name: "import json of a missing file into a new database",
      arguments: ["import", "json", "$DIR/nothing.json"], status: 66, database: .missing),

    // Anything else: exit 1.
    Case(
      name: "export json -o into a missing folder",
      arguments: ["export", "json", "-o", "$DIR/no/such/folder/backup.json"], status: 1,
      mentions: ["cannot write"]),
    Case(
      name: "a file that is not a database", arguments: ["person", "list"], status: 65,
      mentions: ["$DIR/not.sqlite is not a Kith database"], database: .notADatabase),
    Case(
      name: "writing to a file that is not a database",
      arguments: ["person", "add", "Kim Park"], status: 65,
      mentions: ["$DIR/not.sqlite is not a Kith database"], database: .notADatabase),

    // Read (and write) commands on a database that does not exist create nothing.
    Case(
      name: "ties on a missing database", arguments: ["ties"], status: 66,
      mentions: ["no database at", "kith init"], database: .missing),
    Case(
      name: "person list on a missing database", arguments: ["person", "list"], status: 66,
      database: .missing),
    Case(
      name: "export json on a missing database", arguments: ["export", "json"], status: 66,
      database: .missing),
    Case(
      name: "settings list on a missing database", arguments: ["settings", "list"], status: 66,
      database: .missing),
    Case(
      name: "log on a missing database", arguments: ["log", "meeting", "--with", "sam-lee"],
      status: 66, database: .missing),
    Case(
      name: "referral on a missing database", arguments: ["referral", "1"], status: 66,
      database: .missing),
    // Only `kith init` and imports create a database: a mistyped --db is not a new network.
    Case(
      name: "person add on a missing database", arguments: ["person", "add", "Kim Park"],
      status: 66, mentions: ["no database at", "kith init --me NAME"], database: .missing),
    Case(
      name: "org add on a missing database", arguments: ["org", "add", "Acme Robotics"],
      status: 66, mentions: ["no database at", "kith init --me NAME"], database: .missing),
    Case(
      name: "init with an empty name", arguments: ["init", "--me", " "], status: 64,
      mentions: ["--me"], database: .missing),
    Case(
      name: "importing a missing second file",
      arguments: ["import", "$DIR/malformed.json", "$DIR/nothing.vcf"], status: 66,
      mentions: ["$DIR/nothing.vcf: no such file"], database: .missing),
  ]

  struct SeedError: Error, Sendable, CustomStringConvertible {
    var description: String
  }

  /// Where the seeded database is built once, to be copied for each case: seeding takes ten
  /// runs of kith, and there are dozens of cases. Removed when the test process exits.
  static let templateFolder: TemporaryDirectory = {
    let folder = TemporaryDirectory("kith-cli-seed")
    atexit { FailureTests.templateFolder.remove() }
    return folder
  }()

  /// The files every seeded case starts from: kith.sqlite, backup.json and malformed.json.
  static let template: Result<[String], SeedError> = {
    let folder = templateFolder
    let db = folder.file("kith.sqlite")
    let commands = FailureTests.seed + [["export", "json", "-o", folder.file("backup.json")]]
    for command in commands {
      do {
        let result = try runKith(command, db: db)
        guard result.status == 0 else {
          return .failure(SeedError(description: "seeding: kith \(command): \(result)"))
        }
      } catch {
        return .failure(SeedError(description: "seeding: kith \(command): \(error)"))
      }
    }
    do {
      try Data(FailureTests.malformed.utf8).write(
        to: URL(fileURLWithPath: folder.file("malformed.json")))
    } catch {
      return .failure(SeedError(description: "writing malformed.json: \(error)"))
    }
    let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return .success(files)
  }()

  @Test("a failing command keeps every promise", arguments: cases)
  func failure(_ c: Case) throws {
    let box = CLISandbox()
    let missing = box.file("missing/kith.sqlite")
    let db: String
    var before = ""
    switch c.database {
    case .seeded:
      db = box.db
      for name in try Self.template.get() {
        try FileManager.default.copyItem(
          atPath: Self.templateFolder.file(name), toPath: box.file(name))
      }
      before = try box.export()
      #expect(before.contains("\"jane-smith\""), "the seed is missing")
    case .missing:
      db = missing
      try Data(Self.malformed.utf8).write(to: URL(fileURLWithPath: box.file("malformed.json")))
    case .notADatabase:
      db = box.file("not.sqlite")
      try Data(Self.notADatabaseText.utf8).write(to: URL(fileURLWithPath: db))
    }

    // The file itself, byte for byte: its header too (a change counter bumped by a write
    // that changed no record is a changed file to a backup tool).
    let bytes = FileManager.default.contents(atPath: db)
    let result = try box.run(c.arguments, db: db)

    #expect(result.status == c.status, "\(result)")
    #expect(result.stdout.isEmpty, "stdout should be empty: \(result)")
    #expect(result.stderr.hasPrefix("kith: error: "), "\(result)")
    #expect(result.stderr.hasSuffix("\n"), "\(result)")
    #expect(result.stderrLines.count == 1, "stderr should be one line: \(result)")
    for fragment in c.mentions {
      let expanded = fragment.replacingOccurrences(of: "$DIR", with: box.directory.path)
      #expect(result.stderr.contains(expanded), "stderr should mention \(expanded): \(result)")
    }
    switch c.database {
    case .seeded:
      #expect(FileManager.default.contents(atPath: db) == bytes, "the database file changed")
      let after = try box.export()
      #expect(after == before, "the database changed")
    case .missing:
      #expect(!FileManager.default.fileExists(atPath: missing), "\(missing) was created")
      #expect(
        !FileManager.default.fileExists(atPath: box.file("missing")), "its folder was created")
    case .notADatabase:
      #expect(FileManager.default.contents(atPath: db) == Data(Self.notADatabaseText.utf8))
    }
  }

  @Test("help is not an error")
  func helpExitsZero() throws {
    let box = CLISandbox()
    for arguments in [
      ["--help"], ["help"], ["help", "log"], ["help", "person", "add"], ["ties", "-h"],
      ["person", "add", "--help"], ["import", "--help"], ["--version"],
    ] {
      let result = try box.run(arguments)
      #expect(result.status == 0, "\(arguments): \(result)")
      #expect(!result.stdout.isEmpty, "\(arguments): \(result)")
      #expect(!FileManager.default.fileExists(atPath: box.db))
    }
  }
}
