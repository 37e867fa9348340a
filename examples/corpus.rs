//! A synthetic records repository for performance work.
//!
//! ```text
//! cargo run --release --example corpus -- --records N --seed S --out DIR [--force]
//! cargo run --release --example corpus -- --to-hugo ROOT --out DIR
//! ```
//!
//! The first form writes `DIR/actionplan.toml` (`as_at = "2026-01-01"`) and
//! `DIR/records/`: about N records in all, one inspection for every twenty or
//! so AFIs, one folder per inspection. The same N and seed always give the same
//! bytes. Every record passes `actionplan check`: ids are the file names,
//! frameworks are ones the inspection grades, dates are in order and before the
//! as-at date, every status is in the default vocabulary and every link
//! resolves. It refuses a `DIR/records` that is not empty unless `--force` is
//! given, which deletes it first.
//!
//! The second form turns the inspections and AFIs of a repository into a Hugo
//! content folder, for comparing build times (`bench/run`): each inspection
//! becomes a section (`DIR/<inspection>/_index.md`, its list page) and each AFI
//! a page in it; the record's whole front matter is kept under the `ap` key,
//! its `title` is copied, and an AFI's status goes into the `statuses`
//! taxonomy. Papers are left out.
//!
//! No dependencies: the random numbers come from splitmix64.

use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const AS_AT: Date = Date::new(2026, 1, 1);
const FIRST_PUBLISHED: Date = Date::new(2004, 1, 1);
const LAST_PUBLISHED: Date = Date::new(2025, 9, 30);

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("corpus: {message}");
            ExitCode::from(2)
        }
    }
}

const USAGE: &str = "usage: corpus --records N [--seed S] --out DIR [--force]\n       corpus --to-hugo ROOT --out DIR";

fn run() -> Result<(), String> {
    let mut records: Option<usize> = None;
    let mut seed: u64 = 1;
    let mut out: Option<PathBuf> = None;
    let mut to_hugo: Option<PathBuf> = None;
    let mut force = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--records" => {
                let v = value("--records")?;
                records = Some(
                    v.parse()
                        .map_err(|_| format!("--records: not a number: {v}"))?,
                );
            }
            "--seed" => {
                let v = value("--seed")?;
                seed = v
                    .parse()
                    .map_err(|_| format!("--seed: not a number: {v}"))?;
            }
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--to-hugo" => to_hugo = Some(PathBuf::from(value("--to-hugo")?)),
            "--force" => force = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    let out = out.ok_or(format!("--out is required\n{USAGE}"))?;
    if let Some(root) = to_hugo {
        let n = to_hugo_content(&root.join("records"), &out)?;
        eprintln!("corpus: wrote {n} Hugo pages into {}", out.display());
        return Ok(());
    }
    let records = records.ok_or(format!("--records is required\n{USAGE}"))?;
    if records == 0 {
        return Err("--records must be at least 1".into());
    }
    let records_dir = out.join("records");
    if records_dir.exists() {
        let empty = fs::read_dir(&records_dir)
            .map_err(|e| format!("{}: {e}", records_dir.display()))?
            .next()
            .is_none();
        if !empty {
            if !force {
                return Err(format!(
                    "{} is not empty; give --force to replace it",
                    records_dir.display()
                ));
            }
            fs::remove_dir_all(&records_dir)
                .map_err(|e| format!("{}: {e}", records_dir.display()))?;
        }
    }
    let (inspections, afis, bytes) = generate(records, seed, &out)?;
    eprintln!(
        "corpus: wrote {inspections} {} and {afis} {} ({} records, {bytes} bytes) into {}",
        if inspections == 1 {
            "inspection"
        } else {
            "inspections"
        },
        if afis == 1 { "AFI" } else { "AFIs" },
        inspections + afis,
        records_dir.display()
    );
    Ok(())
}

// ---------------------------------------------------------------------------
// Random numbers

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        ((self.next() >> 11) % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// `k` distinct indices of `0..n`, in increasing order (Floyd's method).
    fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut chosen: Vec<usize> = Vec::with_capacity(k);
        for j in n - k.min(n)..n {
            let t = self.below(j + 1);
            chosen.push(if chosen.contains(&t) { j } else { t });
        }
        chosen.sort_unstable();
        chosen
    }
}

// ---------------------------------------------------------------------------
// Dates (proleptic Gregorian, as days since 1970-01-01)

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Date {
    y: i32,
    m: u32,
    d: u32,
}

impl Date {
    const fn new(y: i32, m: u32, d: u32) -> Date {
        Date { y, m, d }
    }

    fn days(self) -> i64 {
        let y = i64::from(self.y) - i64::from(self.m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.m);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.d) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    fn from_days(z: i64) -> Date {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
        Date { y, m, d }
    }

    fn plus(self, days: i64) -> Date {
        Date::from_days(self.days() + days)
    }

    fn month(self) -> String {
        format!("{:04}-{:02}", self.y, self.m)
    }

    fn long(self) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        format!("{} {} {}", self.d, MONTHS[self.m as usize - 1], self.y)
    }

    fn month_long(self) -> String {
        let long = self.long();
        long.split_once(' ')
            .map(|(_, rest)| rest.to_string())
            .unwrap_or(long)
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
}

fn random_date(rng: &mut Rng, from: Date, to: Date) -> Date {
    let (a, b) = (from.days(), to.days());
    Date::from_days(a + rng.below((b - a + 1) as usize) as i64)
}

// ---------------------------------------------------------------------------
// Vocabulary

const BOROUGHS: &[&str] = &[
    "Barking & Dagenham",
    "Barnet",
    "Bexley",
    "Brent",
    "Bromley",
    "Camden",
    "Croydon",
    "Ealing",
    "Enfield",
    "Greenwich",
    "Hackney",
    "Hammersmith & Fulham",
    "Haringey",
    "Harrow",
    "Havering",
    "Hillingdon",
    "Hounslow",
    "Islington",
    "Kensington & Chelsea",
    "Kingston upon Thames",
    "Lambeth",
    "Lewisham",
    "Merton",
    "Newham",
    "Redbridge",
    "Richmond upon Thames",
    "Southwark",
    "Sutton",
    "Tower Hamlets",
    "Waltham Forest",
    "Wandsworth",
    "Westminster",
];

const UNITS: &[&str] = &[
    "Territorial Policing",
    "Specialist Crime Directorate",
    "Specialist Operations",
    "Human Resources Directorate",
    "Directorate of Information",
    "Criminal Justice OCU",
    "Central Communications Command",
    "Forensic Services",
    "Property Services Department",
    "Directorate of Professional Standards",
    "Traffic OCU",
    "Public Order Branch",
];

/// Programme name stem, the body that runs it, a slug stem, and whether its
/// inspections grade frameworks.
const PROGRAMMES: &[(&str, &str, &str, bool)] = &[
    ("HMIC Going Local", "HMIC", "hmic-going-local", true),
    ("HMIC Baseline Assessment", "HMIC", "hmic-baseline", true),
    ("HMIC Thematic Inspection", "HMIC", "hmic-thematic", true),
    (
        "District Audit Performance Plan Audit",
        "District Audit",
        "district-audit",
        false,
    ),
    (
        "Audit Commission Data Quality Review",
        "Audit Commission",
        "audit-commission-dq",
        true,
    ),
    (
        "MPS Inspectorate Review",
        "MPS Inspectorate",
        "mps-inspectorate",
        true,
    ),
    (
        "Internal Audit Review",
        "Directorate of Internal Audit",
        "internal-audit",
        false,
    ),
    (
        "Service Improvement Review",
        "MPA",
        "service-improvement",
        true,
    ),
];

const FRAMEWORKS: &[&str] = &[
    "Neighbourhood policing and problem solving",
    "Customer service & accessibility",
    "Volume crime reduction",
    "Volume crime investigation",
    "Improving forensic performance",
    "Criminal justice processes",
    "Reducing anti-social behaviour",
    "Contact management",
    "Protecting vulnerable people",
    "Human Resource management",
];

const GRADES: &[&str] = &["excellent", "good", "good", "fair", "fair", "poor"];
const DIRECTIONS: &[&str] = &["improved", "improved", "stable", "stable", "deteriorated"];

const THEMES: &[&str] = &[
    "Performance management",
    "Demand management",
    "Intelligence-led policing",
    "Training and development",
    "Victim care",
    "Partnership working",
    "Data quality",
    "Custody",
    "Call handling",
    "Financial management",
    "Estates",
    "IT systems",
    "Diversity and inclusion",
    "Supervision",
    "Information sharing",
];

const OWNERS: &[&str] = &[
    "Director of Human Resources",
    "Commander, Territorial Policing",
    "Director of Information",
    "Head of Performance Directorate",
    "Commander, Specialist Crime",
    "Director of Resources",
    "Head of Criminal Justice",
    "Director of Forensic Services",
    "Commander, Central Communications Command",
    "Head of Training",
    "Head of Corporate Development",
    "Director of Strategy, Modernisation and Performance",
];

const OBJECTS: &[&str] = &[
    "the performance management framework",
    "its demand management strategy",
    "the tasking and coordination process",
    "supervision of volume crime investigations",
    "the quality of crime recording",
    "the use of intelligence products at daily management meetings",
    "the arrangements for victim and witness care",
    "the training needs analysis for front-line staff",
    "the handling of non-emergency calls",
    "the custody suite procedures",
    "the partnership information-sharing protocol",
    "the management of overtime budgets",
    "the quality assurance of stop and search records",
    "the allocation of investigations to trained officers",
    "the review of undetected crime",
    "the forensic submission policy",
    "the recording of anti-social behaviour incidents",
    "the monitoring of repeat victimisation",
    "the personal development review process",
    "the sickness absence management policy",
    "the deployment of safer neighbourhood teams",
    "the case file quality checks",
    "the management of missing person enquiries",
    "the IT support for local problem solving",
];

const VERBS: &[&str] = &[
    "reviews and refines",
    "develops and implements",
    "establishes a clear owner for",
    "strengthens",
    "formalises",
    "evaluates",
    "rationalises",
    "introduces a written policy on",
    "consults partners on",
    "audits",
];

const PAST_VERBS: &[&str] = &[
    "reviewed",
    "rewrote",
    "audited",
    "piloted a new approach to",
    "published guidance on",
    "consulted staff associations on",
    "set up a working group on",
    "commissioned an external review of",
    "reorganised",
    "trained supervisors in",
];

const PURPOSES: &[&str] = &[
    "so that resources are matched to demand across the week",
    "to ensure that accountability for performance is clear at every level",
    "in order to improve the sanction detection rate",
    "so that victims are kept informed at each stage of the investigation",
    "to reduce the time taken to allocate and progress investigations",
    "so that good practice is shared across the organisation",
    "to meet the standards set out in the national guidance",
    "so that managers can rely on the figures they are given",
    "to make better use of the skills of police staff",
    "so that the public can see what has been done",
];

const ROLES: &[&str] = &[
    "the Borough Commander",
    "the Superintendent (Operations)",
    "the Business Manager",
    "the Head of Crime Management",
    "the Performance Review Manager",
    "the Training Manager",
    "the Detective Chief Inspector",
    "a Chief Inspector",
    "the Head of Human Resources",
];

const MEASURES: &[&str] = &[
    "PDR compliance",
    "Sanction detection rate",
    "Calls answered within 30 seconds",
    "Victims updated within 28 days",
    "Crime reports supervised within 24 hours",
    "Staff trained",
    "Repeat victims contacted",
    "Files submitted on time",
    "Forensic submissions within 7 days",
    "Sickness days per officer",
];

const GOOD_PRACTICE: &[&str] = &[
    "The daily management meeting was well structured and made good use of intelligence.",
    "A project for victims of domestic violence and hate crime, run with the local authority, was commended.",
    "Safer neighbourhood teams were well known to the communities they serve.",
    "The borough's approach to managing prolific offenders was innovative and effective.",
    "Call handlers had clear guidance and good supervision.",
    "The custody suite was clean, well managed and respectful of detainees.",
    "Partnership analysts shared a single problem profile with the council.",
];

const STATUS_FINAL: &[(&str, usize)] = &[
    ("completed", 38),
    ("in-progress", 24),
    ("update-awaited", 10),
    ("not-started", 6),
    ("no-further-action", 10),
    ("no-current-plan", 6),
    ("not-agreed", 6),
];

fn weighted<'a>(rng: &mut Rng, items: &[(&'a str, usize)]) -> &'a str {
    let total: usize = items.iter().map(|(_, w)| w).sum();
    let mut r = rng.below(total);
    for (item, w) in items {
        if r < *w {
            return item;
        }
        r -= w;
    }
    items[0].0
}

// ---------------------------------------------------------------------------
// Text

fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A YAML scalar: plain where that is safe, else double-quoted.
fn yaml(text: &str) -> String {
    let risky = text.is_empty()
        || text.contains(": ")
        || text.contains(" #")
        || text.ends_with(':')
        || text.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c) || c.is_ascii_digit())
        || text.trim() != text
        || matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "null" | "~" | "on" | "off"
        );
    if risky {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        text.to_string()
    }
}

/// A folded block scalar (`>-`) wrapped at about 76 columns, for a key at
/// `indent` spaces.
fn folded(text: &str, indent: usize) -> String {
    let pad = " ".repeat(indent + 2);
    let mut out = String::from(">-\n");
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && pad.len() + line.len() + 1 + word.len() > 76 {
            let _ = writeln!(out, "{pad}{line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    let _ = write!(out, "{pad}{line}");
    out
}

/// A text value: folded when long, else a plain or quoted scalar.
fn text_value(text: &str, indent: usize) -> String {
    if text.len() > 70 {
        folded(text, indent)
    } else {
        yaml(text)
    }
}

/// Wraps a paragraph at about 78 columns, as people write Markdown.
fn wrap(text: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for word in text.split(' ') {
        if width > 0 && width + 1 + word.len() > 78 {
            out.push('\n');
            width = 0;
        } else if width > 0 {
            out.push(' ');
            width += 1;
        }
        out.push_str(word);
        width += word.len();
    }
    out
}

fn percent(rng: &mut Rng) -> usize {
    rng.range(35, 98)
}

fn action_sentence(rng: &mut Rng, unit: &str, raised: Date) -> String {
    let when = raised.plus(rng.range(20, 400) as i64).month_long();
    match rng.below(8) {
        0 => format!(
            "In {when}, {unit} {} {}.",
            rng.pick(PAST_VERBS),
            rng.pick(OBJECTS)
        ),
        1 => format!(
            "A working group chaired by {} has met {} times and agreed a revised approach to {}.",
            rng.pick(ROLES),
            rng.range(3, 14),
            rng.pick(OBJECTS)
                .trim_start_matches("the ")
                .trim_start_matches("its ")
        ),
        2 => {
            let a = percent(rng);
            let b = (a + rng.range(1, 30)).min(100);
            format!(
                "{} rose from {a}% to {b}% between {} and {when}, against a target of {}%.",
                rng.pick(MEASURES),
                raised.month_long(),
                rng.range(80, 100)
            )
        }
        3 => format!(
            "{} now reviews {} at the monthly performance meeting, {}.",
            capitalise(rng.pick(ROLES)),
            rng.pick(OBJECTS),
            rng.pick(PURPOSES)
        ),
        4 => format!(
            "The revised guidance was circulated to all supervisors in {when} and is available on the intranet; {} briefings were held for staff.",
            rng.range(2, 20)
        ),
        5 => format!(
            "An audit of {} cases in {when} found that {}% met the new standard, and the findings were fed back to the teams concerned.",
            rng.range(20, 400),
            percent(rng)
        ),
        6 => format!(
            "Progress is monitored by {} and reported to the Performance Board each quarter, {}.",
            rng.pick(ROLES),
            rng.pick(PURPOSES)
        ),
        _ => format!(
            "Funding for {} was agreed in {when}, and the work is being delivered with the local authority and other partners.",
            rng.pick(OBJECTS)
                .trim_start_matches("the ")
                .trim_start_matches("its ")
        ),
    }
}

fn note(rng: &mut Rng, status: &str, unit: &str, raised: Date, date: Date) -> String {
    let object = rng.pick(OBJECTS);
    let first = match status {
        "completed" => format!("The review of {object} is complete and the new arrangements are in place."),
        "in-progress" => format!("Work on {object} is under way; {}.", {
            let p = percent(rng);
            format!("about {p}% of the planned actions are done")
        }),
        "update-awaited" => format!("An update has been requested from {unit} but has not yet been received."),
        "not-started" => format!("Work on {object} has not yet started; it is scheduled for the next business plan."),
        "no-further-action" => "No further action is required: the recommendation has been overtaken by force-wide changes.".to_string(),
        "no-current-plan" => format!("There is no current plan to change {object}, as the resources are committed elsewhere."),
        _ => "The recommendation was not agreed by the Management Board.".to_string(),
    };
    if rng.chance(50) {
        format!("{first} {}", action_sentence(rng, unit, raised.min(date)))
    } else {
        first
    }
}

// ---------------------------------------------------------------------------
// The corpus

struct Inspection {
    id: String,
    subject: String,
    published: Date,
    frameworks: Vec<&'static str>,
}

fn write_file(path: &Path, text: &str, bytes: &mut u64) -> Result<(), String> {
    let mut file = fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
    file.write_all(text.as_bytes())
        .map_err(|e| format!("{}: {e}", path.display()))?;
    *bytes += text.len() as u64;
    Ok(())
}

/// How many AFIs each inspection gets: `total` records in all, one of them
/// the inspection itself, about twenty AFIs each.
fn split(rng: &mut Rng, total: usize) -> Vec<usize> {
    let inspections = ((total + 10) / 21).max(1);
    let mut left = total - inspections;
    let mut counts = Vec::with_capacity(inspections);
    for i in 0..inspections {
        let remaining = inspections - i;
        let c = if remaining == 1 {
            left
        } else {
            let mean = left / remaining;
            let lo = mean / 2;
            let hi = (mean * 3 / 2).max(lo);
            rng.range(lo, hi).min(left)
        };
        counts.push(c);
        left -= c;
    }
    counts
}

fn generate(total: usize, seed: u64, out: &Path) -> Result<(usize, usize, u64), String> {
    let mut rng = Rng(seed ^ 0x005E_ED0F_AC71_0A91);
    let records = out.join("records");
    fs::create_dir_all(&records).map_err(|e| format!("{}: {e}", records.display()))?;
    let mut bytes = 0;
    write_file(
        &out.join("actionplan.toml"),
        "# A synthetic corpus made by `cargo run --release --example corpus`.\n\
         organisation = \"Example Police Service\"\n\
         site_name = \"Inspection action plans (synthetic)\"\n\
         as_at = \"2026-01-01\"\n",
        &mut 0,
    )?;
    let counts = split(&mut rng, total);
    let mut afis = 0;
    for (n, &count) in counts.iter().enumerate() {
        let inspection = inspection(&mut rng, n, count, &records, &mut bytes)?;
        for k in 1..=count {
            afi(&mut rng, &inspection, k, &records, &mut bytes)?;
        }
        afis += count;
    }
    Ok((counts.len(), afis, bytes))
}

fn inspection(
    rng: &mut Rng,
    n: usize,
    afis: usize,
    records: &Path,
    bytes: &mut u64,
) -> Result<Inspection, String> {
    let (stem, body, slug_stem, graded) = rng.pick(PROGRAMMES);
    let published = random_date(rng, FIRST_PUBLISHED, LAST_PUBLISHED);
    let year = published.y - i32::from(published.m < 4);
    let programme = format!("{stem} {year}-{:02}", (year + 1) % 100);
    let borough = rng.chance(70);
    let subject = if borough {
        format!("{} BOCU", rng.pick(BOROUGHS))
    } else {
        rng.pick(UNITS).to_string()
    };
    let id = format!("{slug_stem}-{year}-{}-{:05}", slug(&subject), n + 1);
    let title = format!("{stem} {year}-{:02}: {subject}", (year + 1) % 100);
    let start = published.plus(-(rng.range(30, 150) as i64));
    let end = start.plus(rng.range(1, 9) as i64);

    let mut fm = String::from("---\ntype: inspection\n");
    let _ = writeln!(fm, "id: {id}");
    let _ = writeln!(fm, "title: {}", yaml(&title));
    let _ = writeln!(fm, "programme: {}", yaml(&programme));
    let _ = writeln!(fm, "body: {}", yaml(body));
    let _ = writeln!(fm, "subject: {}", yaml(&subject));
    let _ = writeln!(fm, "fieldwork: {{ start: {start}, end: {end} }}");
    let _ = writeln!(fm, "published: {published}");
    let mut status = if rng.chance(40) {
        "closed"
    } else {
        "published"
    };
    if rng.chance(45) {
        fm.push_str("revisits:\n");
        let due = published.plus(rng.range(180, 420) as i64);
        if due < AS_AT.plus(-90) && rng.chance(75) {
            let visited = due.plus(rng.range(0, 30) as i64);
            let report = visited.plus(rng.range(14, 60) as i64);
            if report < AS_AT {
                let _ = writeln!(
                    fm,
                    "  - {{ due: {}, visited: {visited}, published: {report} }}",
                    due.month()
                );
            } else {
                let _ = writeln!(
                    fm,
                    "  - {{ due: {}, visited: {} }}",
                    due.month(),
                    visited.month()
                );
            }
        } else {
            let _ = writeln!(fm, "  - due: {}", due.month());
            let _ = writeln!(
                fm,
                "    note: A revisit to test progress on the recommendations."
            );
            status = "revisit-due";
        }
    }
    let _ = writeln!(fm, "status: {status}");
    let mut frameworks = Vec::new();
    if graded {
        let k = rng.range(3, FRAMEWORKS.len());
        let chosen = rng.sample(FRAMEWORKS.len(), k);
        fm.push_str("gradings:\n");
        for i in chosen {
            let framework = FRAMEWORKS[i];
            frameworks.push(framework);
            let _ = writeln!(fm, "  - framework: {}", yaml(framework));
            let _ = writeln!(fm, "    grade: {}", rng.pick(GRADES));
            if rng.chance(80) {
                let _ = writeln!(fm, "    direction: {}", rng.pick(DIRECTIONS));
            }
            if rng.chance(15) {
                let text = format!(
                    "This framework covered {} and {}.",
                    rng.pick(OBJECTS),
                    rng.pick(OBJECTS)
                );
                let _ = writeln!(fm, "    note: {}", text_value(&text, 4));
            }
        }
    }
    if rng.chance(60) {
        fm.push_str("good_practice:\n");
        let k = rng.range(1, 3);
        for i in rng.sample(GOOD_PRACTICE.len(), k) {
            let _ = writeln!(fm, "  - {}", text_value(GOOD_PRACTICE[i], 2));
        }
    }
    if rng.chance(50) {
        let text = format!(
            "{body} is satisfied that {subject} has a sound plan for the recommendations and will test progress at the revisit."
        );
        let _ = writeln!(fm, "conclusion: {}", text_value(&text, 0));
    }
    fm.push_str("---\n");

    let mut text = fm;
    let _ = writeln!(text, "## Scope\n");
    let scope = format!(
        "{body} inspected {subject} between {} and {} as part of the {programme} programme. The inspection looked at {}, {} and {}, and the report was published on {}.",
        start.long(),
        end.long(),
        rng.pick(OBJECTS),
        rng.pick(OBJECTS),
        rng.pick(OBJECTS),
        published.long()
    );
    let _ = writeln!(text, "{}\n", wrap(&scope));
    let _ = writeln!(text, "## Findings\n");
    let findings = format!(
        "The inspectors found that {subject} {}, but that {} needed attention. They made {afis} recommendations, listed below with the action taken on each.",
        [
            "was well led and performing above the average of its family of similar units",
            "had made steady progress since the last inspection",
            "faced high demand with a young workforce",
        ][rng.below(3)],
        rng.pick(OBJECTS)
    );
    let _ = writeln!(text, "{}\n", wrap(&findings));
    for k in 1..=afis.min(3) {
        let _ = writeln!(text, "- [Recommendation {k}]({id}-r{k}.md)");
    }
    if afis > 3 {
        let _ = writeln!(text, "- and {} more.", afis - 3);
    }
    let dir = records.join(&id);
    fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    write_file(&dir.join(format!("{id}.md")), &text, bytes)?;
    Ok(Inspection {
        id,
        subject,
        published,
        frameworks,
    })
}

fn afi(
    rng: &mut Rng,
    inspection: &Inspection,
    k: usize,
    records: &Path,
    bytes: &mut u64,
) -> Result<(), String> {
    let id = format!("{}-r{k}", inspection.id);
    let raised = inspection.published;
    let object = rng.pick(OBJECTS);
    let owner = if rng.chance(60) {
        inspection.subject.clone()
    } else {
        rng.pick(OWNERS).to_string()
    };
    let title = capitalise(&format!(
        "{} {object}",
        rng.pick(&[
            "Review",
            "Improve",
            "Strengthen",
            "Clarify ownership of",
            "Audit",
            "Evaluate"
        ])
    ));
    let due = match rng.below(20) {
        0 => "ongoing".to_string(),
        1 | 2 => raised.plus(rng.range(90, 540) as i64).month(),
        _ => raised.plus(rng.range(90, 540) as i64).to_string(),
    };

    // The update history: dates after `raised`, before the as-at date.
    let final_status = weighted(rng, STATUS_FINAL);
    // Updates come within a few years of the report, as progress is chased.
    let room = ((AS_AT.days() - raised.days() - 1).max(0) as usize).min(rng.range(180, 1100));
    let wanted = if final_status == "not-started" && rng.chance(60) {
        0
    } else {
        rng.range(0, 6)
    };
    let offsets = rng.sample(room, wanted.min(room));
    let mut updates = Vec::new();
    let mut revised = raised;
    for (i, offset) in offsets.iter().enumerate() {
        let date = raised.plus(*offset as i64 + 1);
        let status = if i + 1 == offsets.len() {
            final_status
        } else {
            weighted(
                rng,
                &[
                    ("in-progress", 70),
                    ("update-awaited", 20),
                    ("not-started", 10),
                ],
            )
        };
        let new_due = if status != "completed" && rng.chance(25) {
            revised = revised.max(date).plus(rng.range(60, 365) as i64);
            Some(revised)
        } else {
            None
        };
        updates.push((date, status, new_due));
    }
    let status = if updates.is_empty() {
        weighted(
            rng,
            &[
                ("not-started", 50),
                ("in-progress", 35),
                ("update-awaited", 15),
            ],
        )
    } else {
        final_status
    };

    let mut fm = String::from("---\ntype: afi\n");
    let _ = writeln!(fm, "id: {id}");
    let _ = writeln!(fm, "inspection: {}", inspection.id);
    let _ = writeln!(fm, "label: Recommendation {k}");
    let _ = writeln!(fm, "title: {}", yaml(&title));
    if !inspection.frameworks.is_empty() {
        let _ = writeln!(fm, "framework: {}", yaml(rng.pick(&inspection.frameworks)));
    }
    if rng.chance(85) {
        let _ = writeln!(fm, "theme: {}", yaml(rng.pick(THEMES)));
    }
    let _ = writeln!(fm, "owner: {}", yaml(&owner));
    let _ = writeln!(fm, "raised: {raised}");
    let _ = writeln!(fm, "due: {due}");
    let _ = writeln!(fm, "status: {status}");
    if !updates.is_empty() {
        fm.push_str("updates:\n");
        for (date, status, new_due) in &updates {
            let text = note(rng, status, &owner, raised, *date);
            let _ = writeln!(fm, "  - date: {date}");
            let _ = writeln!(fm, "    status: {status}");
            let _ = writeln!(fm, "    note: {}", text_value(&text, 4));
            if let Some(due) = new_due {
                let _ = writeln!(fm, "    due: {due}");
            }
            if rng.chance(40) {
                fm.push_str("    assured: true\n");
            } else if *status == "completed" {
                // A completion is shown by evidence or an assessment (W050).
                let _ = writeln!(fm, "    evidence:\n      - Closure report for {id}");
            }
        }
    }
    fm.push_str("---\n");

    // The body: 1.5 to 3.5 KB of prose, bullets, a table and a link.
    let target = rng.range(1450, 3250);
    let mut body = String::from("## Recommendation\n\n");
    let recommendation = format!(
        "That {} {} {object} {}.",
        if owner.ends_with("BOCU") {
            format!("the {owner}")
        } else {
            format!("the {}", owner.trim_start_matches("the "))
        },
        rng.pick(VERBS),
        rng.pick(PURPOSES)
    );
    let _ = writeln!(body, "{}\n", wrap(&recommendation));
    let context = format!(
        "The inspectors noted that {} and {} were not yet joined up, and that staff were unclear who owned {}.",
        rng.pick(OBJECTS),
        rng.pick(OBJECTS),
        rng.pick(OBJECTS)
    );
    let _ = writeln!(body, "{}\n", wrap(&context));
    body.push_str("In particular the plan should cover:\n\n");
    let bullets = rng.range(3, 5);
    for i in rng.sample(OBJECTS.len(), bullets) {
        let _ = writeln!(body, "- {};", OBJECTS[i]);
    }
    body.push_str("\n## Action\n\n");
    let mut paragraph = String::new();
    for _ in 0..rng.range(2, 4) {
        if !paragraph.is_empty() {
            paragraph.push(' ');
        }
        paragraph.push_str(&action_sentence(rng, &inspection.subject, raised));
    }
    let _ = writeln!(body, "{}\n", wrap(&paragraph));
    body.push_str("| Measure | Baseline | Latest | Target |\n| --- | ---: | ---: | ---: |\n");
    let rows = rng.range(2, 4);
    for i in rng.sample(MEASURES.len(), rows) {
        let a = percent(rng);
        let _ = writeln!(
            body,
            "| {} | {a}% | {}% | {}% |",
            MEASURES[i],
            (a + rng.range(0, 20)).min(100),
            rng.range(80, 100)
        );
    }
    body.push('\n');
    let link = if rng.chance(50) {
        format!("{}.md", inspection.id)
    } else {
        format!("../{0}/{0}.md", inspection.id)
    };
    let mut closing = format!(
        "The findings behind this recommendation are in [the report on {}]({link}).",
        inspection.subject
    );
    if k > 1 && rng.chance(30) {
        let other = rng.range(1, k - 1);
        let _ = write!(
            closing,
            " It is closely related to [Recommendation {other}]({}-r{other}.md).",
            inspection.id
        );
    }
    let _ = writeln!(body, "{}\n", wrap(&closing));
    let mut extra = String::new();
    while body.len() + extra.len() < target {
        if !extra.is_empty() {
            extra.push(' ');
        }
        extra.push_str(&action_sentence(rng, &inspection.subject, raised));
        if extra.len() > 500 {
            let _ = writeln!(body, "{}\n", wrap(&extra));
            extra.clear();
        }
    }
    if !extra.is_empty() {
        let _ = writeln!(body, "{}\n", wrap(&extra));
    }
    let _ = writeln!(
        body,
        "Source: action plan update, {}.",
        updates.last().map_or(raised, |u| u.0).long()
    );

    let dir = records.join(&inspection.id);
    write_file(&dir.join(format!("{id}.md")), &(fm + &body), bytes)
}

// ---------------------------------------------------------------------------
// Hugo content

/// Writes a Hugo content folder from the records under `records`; returns the
/// number of pages written.
fn to_hugo_content(records: &Path, out: &Path) -> Result<usize, String> {
    let mut files = Vec::new();
    collect(records, &mut files)?;
    files.sort();
    fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut written = 0;
    for path in files {
        let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
        let Some(rest) = text.strip_prefix("---\n") else {
            continue;
        };
        let Some(end) = rest
            .find("\n---\n")
            .map(|i| i + 1)
            .or_else(|| rest.ends_with("\n---").then(|| rest.len() - 3))
        else {
            continue;
        };
        let front = &rest[..end];
        let body = rest[end..]
            .strip_prefix("---")
            .unwrap_or("")
            .trim_start_matches('\n');
        let field = |name: &str| -> Option<String> {
            front.lines().find_map(|line| {
                line.strip_prefix(name)
                    .and_then(|l| l.strip_prefix(':'))
                    .map(|v| v.trim().to_string())
            })
        };
        let (Some(kind), Some(id)) = (field("type"), field("id")) else {
            continue;
        };
        let (dir, file) = match kind.as_str() {
            "inspection" => (out.join(&id), "_index.md".to_string()),
            "afi" => match field("inspection") {
                Some(inspection) => (out.join(inspection), format!("{id}.md")),
                None => continue,
            },
            _ => continue,
        };
        let mut page = String::from("---\n");
        // The title, copied with any continuation lines of a block scalar.
        let mut lines = front.lines().skip_while(|l| !l.starts_with("title:"));
        if let Some(first) = lines.next() {
            let _ = writeln!(page, "{first}");
            for line in lines.take_while(|l| l.starts_with(' ')) {
                let _ = writeln!(page, "{line}");
            }
        }
        if kind == "afi"
            && let Some(status) = field("status")
        {
            let _ = writeln!(page, "statuses: [{status}]");
        }
        page.push_str("ap:\n");
        for line in front.lines() {
            if line.is_empty() {
                page.push('\n');
            } else {
                let _ = writeln!(page, "  {line}");
            }
        }
        page.push_str("---\n");
        page.push_str(body);
        fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        write_file(&dir.join(file), &page, &mut 0)?;
        written += 1;
    }
    Ok(written)
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: {e}", dir.display()))?;
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let kind = entry
            .file_type()
            .map_err(|e| format!("{}: {e}", dir.display()))?;
        let path = entry.path();
        if kind.is_dir() {
            collect(&path, files)?;
        } else if kind.is_file() && path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
    Ok(())
}
