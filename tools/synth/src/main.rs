//! `clearway-synth`: writes one seeded synthetic population in every format Clearway reads,
//! with its ground truth and the faults it injected.
//!
//! Output files in `--out`:
//!
//! | file | contents |
//! | --- | --- |
//! | `doj.csv` | the DOJ research file: every case in every county, with arrests, registrations and deaths |
//! | `court-cms.txt` | the court's tilde-delimited export: the cases in the county under review, by court number |
//! | `odyssey.jsonl` | the register of actions: the cases in the county under review, by case number |
//! | `legacy.dat` | the fixed-width extract: the cases in the county under review, by person |
//! | `truth.jsonl` | one line per person: the normalized record every format is generated from |
//! | `faults.jsonl` | one line per injected fault: format, file, line, kind, and the entry it touches |
//!
//! Memory stays constant: people are generated one at a time from per-person random
//! streams. The case-ordered formats (court CMS and Odyssey) number each case
//! `slot * people + person index`, where `slot` is the case's position in the person's
//! history. Writing slot 0 of every person, then slot 1 of every person, and so on, writes
//! cases in case-number order while regenerating each person once per slot instead of
//! holding anyone, and it spreads each person's cases through the file as real exports do.

mod court_cms;
mod dates;
mod doj;
mod faults;
mod legacy;
mod odyssey;
mod offenses;
mod people;
mod sink;
mod truth;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Parser;
use jiff::civil::Date;

use faults::{FaultKind, FaultLog, FaultRates, Format};
use people::{MAX_CASES, Person, Population};
use sink::LineSink;

/// Writes a seeded synthetic population of criminal records in the DOJ, court CMS, Odyssey
/// and legacy fixed-width formats, with its ground truth and a log of injected faults.
#[derive(Parser, Debug)]
#[command(name = "clearway-synth", version)]
struct Args {
    /// The seed of the random generator; the same seed and options give the same bytes.
    #[arg(long, default_value_t = 1)]
    seed: u64,

    /// The number of people to generate.
    #[arg(long, conflicts_with = "rows", required_unless_present = "rows")]
    people: Option<u64>,

    /// Generate people until every format written has at least this many data rows (a
    /// charge record in the court formats, one row per count and sentence part in the DOJ file).
    #[arg(long)]
    rows: Option<u64>,

    /// The folder to write into; it is created if missing.
    #[arg(long)]
    out: PathBuf,

    /// The county under review, as records spell it. Most cases are in it; the court
    /// formats hold only its cases.
    #[arg(long, default_value = "SAN FRANCISCO")]
    county: String,

    /// The extract date: no event falls after it, and two-digit years resolve against it.
    #[arg(long, default_value = "2020-07-01")]
    as_of: Date,

    /// The probability of every fault kind: per row for row faults, per file for the
    /// byte-order mark and the truncated file. From 0 to 1.
    #[arg(long, default_value_t = 0.0)]
    fault_rate: f64,

    /// The probability of one fault kind, as KIND=RATE; repeatable, and applied after
    /// --fault-rate. Kinds: statute-spelling, charge-in-comment, field-count, truncated-row,
    /// bad-date, unknown-code, latin1-in-utf8, nul-byte, shifted-row, non-breaking-space,
    /// crlf, byte-order-mark, truncated-file.
    #[arg(long = "fault", value_name = "KIND=RATE")]
    faults: Vec<String>,

    /// The formats to write, separated by commas.
    #[arg(long, value_enum, value_delimiter = ',', default_values_t = Format::ALL)]
    formats: Vec<Format>,

    /// Skip truth.jsonl, for benchmark files where it would only take space.
    #[arg(long)]
    no_truth: bool,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let rates = FaultRates::new(args.fault_rate, &args.faults)?;
    if legacy::county_code(&args.county).is_none() && args.formats.contains(&Format::Legacy) {
        bail!("the legacy format has no county code for {:?}; choose another --county or leave legacy out of --formats", args.county);
    }
    std::fs::create_dir_all(&args.out).with_context(|| format!("cannot create {}", args.out.display()))?;

    let people = match (args.people, args.rows) {
        (Some(people), _) => people,
        (None, Some(rows)) => people_for_rows(&args, rows),
        (None, None) => unreachable!("clap requires --people or --rows"),
    };
    if people == 0 {
        bail!("--people must be at least 1");
    }
    if people * u64::from(MAX_CASES) > 100_000_000 {
        bail!("{people} people is too many: 8-digit case numbers allow at most {} people", 100_000_000 / u64::from(MAX_CASES));
    }
    let population = Population { seed: args.seed, people, county: args.county.to_uppercase(), as_of: args.as_of };

    let faults_path = args.out.join("faults.jsonl");
    let faults_file = File::create(&faults_path).with_context(|| format!("cannot create {}", faults_path.display()))?;
    let mut log = FaultLog::new(BufWriter::new(faults_file));

    let summary = write_person_ordered(&args, &population, &rates, &mut log)?;
    let case_summary = write_case_ordered(&args, &population, &rates, &mut log, summary.max_slots)?;

    let mut faults_out = log.counts.clone();
    log.into_inner().flush().context("cannot write faults.jsonl")?;
    faults_out.retain(|_, count| *count > 0);

    eprintln!("{people} people written to {}", args.out.display());
    for (format, rows) in summary.rows.iter().chain(case_summary.iter()) {
        // Rows here are DOJ rows and charge records; the adapters count a JSON line (one
        // case) and every fixed-width P, C and K record as a row, so their counts differ.
        let unit = if format.file_name() == "doj.csv" { "rows" } else { "charges" };
        eprintln!("  {}: {rows} {unit}", format.file_name());
    }
    for ((format, kind), count) in faults_out {
        eprintln!("  fault {} in {}: {count}", kind.name(), format.file_name());
    }
    Ok(())
}

/// Counts the data rows person `person` adds to `format`.
fn rows_of(person: &Person, format: Format) -> u64 {
    let county_charges = || person.county_cases().map(|case| case.charges.len() as u64).sum::<u64>();
    match format {
        Format::Doj => {
            let court: u64 = person.cases.iter().flat_map(|case| &case.charges).map(|charge| charge.sentence.len().max(1) as u64).sum();
            let arrests: u64 = person.cases.iter().map(|case| case.charges.len() as u64).sum();
            court + arrests + u64::from(person.registration.is_some()) + u64::from(person.deceased.is_some())
        }
        Format::CourtCms | Format::Odyssey | Format::Legacy => county_charges(),
    }
}

/// Returns the number of people whose rows reach `rows` in every chosen format.
fn people_for_rows(args: &Args, rows: u64) -> u64 {
    let probe = Population { seed: args.seed, people: 1, county: args.county.to_uppercase(), as_of: args.as_of };
    let mut totals = vec![0u64; args.formats.len()];
    let mut people = 0;
    while totals.iter().any(|total| *total < rows) {
        let person = probe.person(people);
        for (total, format) in totals.iter_mut().zip(&args.formats) {
            *total += rows_of(&person, *format);
        }
        people += 1;
    }
    people
}

struct PersonOrderedSummary {
    rows: Vec<(Format, u64)>,
    max_slots: u32,
}

/// Writes the DOJ file, the legacy extract and the truth in one pass over the people.
fn write_person_ordered(args: &Args, population: &Population, rates: &FaultRates, log: &mut FaultLog<impl Write>) -> anyhow::Result<PersonOrderedSummary> {
    let wants = |format| args.formats.contains(&format);
    let mut doj = match wants(Format::Doj) {
        true => Some(doj::DojWriter::new(LineSink::create(&args.out.join(Format::Doj.file_name()))?, args.seed, rates, log)?),
        false => None,
    };
    let mut legacy = match wants(Format::Legacy) {
        true => Some(legacy::LegacyWriter::new(LineSink::create(&args.out.join(Format::Legacy.file_name()))?, args.seed, &population.county, args.as_of)?),
        false => None,
    };
    let mut truth_out = match args.no_truth {
        false => Some(BufWriter::with_capacity(1 << 20, File::create(args.out.join("truth.jsonl")).context("cannot create truth.jsonl")?)),
        true => None,
    };

    let mut max_slots = 0;
    for index in 0..population.people {
        let person = population.person(index);
        max_slots = max_slots.max(person.cases.len() as u32);
        if let Some(writer) = doj.as_mut() {
            writer.write_person(&person, rates, log)?;
        }
        if let Some(writer) = legacy.as_mut() {
            writer.write_person(&person, rates, log)?;
        }
        if let Some(out) = truth_out.as_mut() {
            serde_json::to_writer(&mut *out, &truth::truth(&person))?;
            out.write_all(b"\n")?;
        }
    }

    let mut rows = Vec::new();
    if let Some(writer) = doj {
        rows.push((Format::Doj, writer.rows()));
        let place = writer.last_place.clone();
        finish(writer.sink, Format::Doj, args.seed, rates, log, place)?;
    }
    if let Some(writer) = legacy {
        rows.push((Format::Legacy, writer.rows()));
        let sink = writer.finish()?;
        finish(sink, Format::Legacy, args.seed, rates, log, faults::RowPlace::default())?;
    }
    if let Some(mut out) = truth_out {
        out.flush().context("cannot write truth.jsonl")?;
    }
    Ok(PersonOrderedSummary { rows, max_slots })
}

/// Writes the court CMS export and the Odyssey file in case-number order.
fn write_case_ordered(args: &Args, population: &Population, rates: &FaultRates, log: &mut FaultLog<impl Write>, max_slots: u32) -> anyhow::Result<Vec<(Format, u64)>> {
    let wants = |format| args.formats.contains(&format);
    let mut cms = match wants(Format::CourtCms) {
        true => Some(court_cms::CourtCmsWriter::new(LineSink::create(&args.out.join(Format::CourtCms.file_name()))?, args.seed)?),
        false => None,
    };
    let mut odyssey = match wants(Format::Odyssey) {
        true => Some(odyssey::OdysseyWriter::new(LineSink::create(&args.out.join(Format::Odyssey.file_name()))?, args.seed, &population.county, rates, log)?),
        false => None,
    };
    if cms.is_none() && odyssey.is_none() {
        return Ok(Vec::new());
    }

    let mut last_place = faults::RowPlace::default();
    for slot in 0..max_slots {
        for index in 0..population.people {
            let person = population.person(index);
            let Some(case) = person.cases.get(slot as usize).filter(|case| case.in_county) else { continue };
            if let Some(writer) = cms.as_mut() {
                writer.write_case(&person, case, rates, log)?;
            }
            if let Some(writer) = odyssey.as_mut() {
                writer.write_case(&person, case, rates, log)?;
            }
            let count = case.charges.last().map(|charge| charge.count);
            last_place = faults::RowPlace { subject_id: Some(person.id.clone()), case_number: Some(case.number.clone()), count };
        }
    }

    let mut rows = Vec::new();
    if let Some(writer) = cms {
        rows.push((Format::CourtCms, writer.rows()));
        finish(writer.sink, Format::CourtCms, args.seed, rates, log, last_place.clone())?;
    }
    if let Some(writer) = odyssey {
        rows.push((Format::Odyssey, writer.rows()));
        // A cut JSON line damages every charge of its case.
        let place = faults::RowPlace { count: None, ..last_place };
        finish(writer.sink, Format::Odyssey, args.seed, rates, log, place)?;
    }
    Ok(rows)
}

/// Closes a format's file, cutting its last line when the truncated-file fault is drawn.
fn finish(sink: LineSink, format: Format, seed: u64, rates: &FaultRates, log: &mut FaultLog<impl Write>, last_place: faults::RowPlace) -> anyhow::Result<()> {
    let mut rng = people::stream(seed, [u64::MAX, format.stream(), 1]);
    let truncate = rates.roll(FaultKind::TruncatedFile, format, &mut rng);
    if truncate {
        log.record(format, sink.lines, FaultKind::TruncatedFile, &last_place)?;
    }
    sink.finish(truncate)
}
