//! A test adapter that misbehaves on purpose, so that tests can check that the host
//! survives a faulty or hostile adapter.
//!
//! # Format
//!
//! One record per line, six comma-separated fields: `ID,COUNTY,OFFENSE,LEVEL,DISPOSITION,DATE`,
//! for example `P0001,SACRAMENTO,HS 11357(a),M,CONVICTED,20150312`. `LEVEL` is `F`, `M` or `I`;
//! `DISPOSITION` is `CONVICTED`, `DISMISSED` or `ACQUITTED`; `DATE` is `YYYYMMDD`. Each
//! line becomes one subject with one court-step charge. A line that is empty after
//! trimming is not a data row. A line without six fields is rejected with a
//! `field-count` error; an unreadable date is dropped with an `invalid-date` warning.
//!
//! Rows are numbered from 1 by line, and `rows_read` counts each data row once, in the
//! call that completes its line. Before a mode's fault, every mode parses like
//! `well-behaved`, so the host's count of finished rows at the fault is exact.
//!
//! # Options
//!
//! The county's `[adapter.options]` table chooses the behaviour:
//!
//! | key | default | meaning |
//! | --- | --- | --- |
//! | `mode` | (required) | one of the modes below |
//! | `fault_chunk` | 3 | the 1-based `feed` call in which `loop`, `memory`, `panic` and `reject` fault |
//! | `subjects` | 200000 | extra subjects that `huge-batch` returns from `finish` |
//! | `extra_rows` | 5 | rows that `bad-accounting` adds to `rows_read` without returning them |
//!
//! Modes:
//!
//! - `well-behaved` parses correctly.
//! - `loop` never returns from the faulting `feed` call.
//! - `memory` allocates without bound in the faulting `feed` call.
//! - `panic` panics in the faulting `feed` call.
//! - `reject` returns an error, meaning the input is unusable, from the faulting `feed` call.
//! - `panic-open` panics in `open`.
//! - `bad-accounting` adds `extra_rows` to the `rows_read` of every batch that read a row,
//!   so it reports more rows than it returns or rejects.
//! - `huge-batch` parses correctly and returns `subjects` extra subjects, without charges,
//!   from `finish`.
//! - `chatty` parses correctly and writes 100 KiB to stderr in every `feed` call.
//! - `exit` calls `std::process::exit(3)` in the faulting `feed` call.

use clearway_sdk::dates::parse_yyyymmdd;
use clearway_sdk::fields::{non_empty, trim};
use clearway_sdk::{
    Adapter, AdapterInfo, Batch, Charge, Diagnostic, Disposition, FieldText,
    Level, OpenSettings, Parser, Severity, StepKind, Subject,
};

/// The adapter's name and the one format it reads.
pub const NAME: &str = "misbehaving";

/// The fault an instance commits, chosen by the `mode` option.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    WellBehaved,
    Loop,
    Memory,
    Panic,
    PanicOpen,
    Reject,
    BadAccounting,
    HugeBatch,
    Chatty,
    Exit,
}

impl Mode {
    const NAMES: &[(&str, Mode)] = &[
        ("well-behaved", Mode::WellBehaved),
        ("loop", Mode::Loop),
        ("memory", Mode::Memory),
        ("panic", Mode::Panic),
        ("panic-open", Mode::PanicOpen),
        ("reject", Mode::Reject),
        ("bad-accounting", Mode::BadAccounting),
        ("huge-batch", Mode::HugeBatch),
        ("chatty", Mode::Chatty),
        ("exit", Mode::Exit),
    ];

    fn parse(name: &str) -> Result<Mode, String> {
        Mode::NAMES
            .iter()
            .find(|(known, _)| *known == name)
            .map(|(_, mode)| *mode)
            .ok_or_else(|| {
                let names: Vec<&str> = Mode::NAMES.iter().map(|(known, _)| *known).collect();
                format!(
                    "invalid `mode` \"{name}\" in [adapter.options]; allowed: {}",
                    names.join(", ")
                )
            })
    }
}

/// The validated `[adapter.options]` table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    pub mode: Mode,
    pub fault_chunk: u64,
    pub subjects: u64,
    pub extra_rows: u64,
}

impl Options {
    /// Parses the options JSON, naming the offending key in every error.
    pub fn parse(json: &str) -> Result<Options, String> {
        let value: serde_json::Value = serde_json::from_str(json)
            .map_err(|error| format!("[adapter.options] is not valid JSON: {error}"))?;
        let table = value
            .as_object()
            .ok_or("[adapter.options] must be a table")?;

        let mut options = Options {
            mode: Mode::WellBehaved,
            fault_chunk: 3,
            subjects: 200_000,
            extra_rows: 5,
        };
        let mut mode = None;
        for (key, value) in table {
            match key.as_str() {
                "mode" => {
                    let name = value
                        .as_str()
                        .ok_or("`mode` in [adapter.options] must be a string")?;
                    mode = Some(Mode::parse(name)?);
                }
                "fault_chunk" => options.fault_chunk = positive(key, value)?,
                "subjects" => options.subjects = positive(key, value)?,
                "extra_rows" => options.extra_rows = positive(key, value)?,
                _ => {
                    return Err(format!(
                        "unknown key `{key}` in [adapter.options]; allowed: mode, fault_chunk, subjects, extra_rows"
                    ));
                }
            }
        }
        options.mode = mode.ok_or("missing `mode` in [adapter.options]")?;
        Ok(options)
    }
}

fn positive(key: &str, value: &serde_json::Value) -> Result<u64, String> {
    value
        .as_u64()
        .filter(|number| *number >= 1)
        .ok_or_else(|| format!("`{key}` in [adapter.options] must be a whole number of at least 1"))
}

/// The misbehaving adapter.
pub struct Misbehaving;

impl Adapter for Misbehaving {
    type Parser = LineParser;

    fn info() -> AdapterInfo {
        AdapterInfo::single_format(NAME, env!("CARGO_PKG_VERSION"), false)
    }

    fn open(settings: &OpenSettings) -> Result<LineParser, String> {
        let options = Options::parse(&settings.options)?;
        if options.mode == Mode::PanicOpen {
            panic!("the misbehaving adapter panics in open, as its `panic-open` mode asks");
        }
        Ok(LineParser::new(options))
    }
}

/// The parser of one input file: the unfinished line and the counters.
pub struct LineParser {
    options: Options,
    pending: Vec<u8>,
    /// The line number of the last line completed.
    line: u64,
    feeds: u64,
    batch: Batch,
}

impl LineParser {
    pub fn new(options: Options) -> LineParser {
        LineParser {
            options,
            pending: Vec::new(),
            line: 0,
            feeds: 0,
            batch: Batch::empty(),
        }
    }

    fn take_batch(&mut self) -> Batch {
        let mut batch = std::mem::replace(
            &mut self.batch,
            Batch::empty(),
        );
        if self.options.mode == Mode::BadAccounting && batch.rows_read > 0 {
            batch.rows_read += self.options.extra_rows;
        }
        batch
    }

    fn parse_complete_lines(&mut self) {
        while let Some(end) = self.pending.iter().position(|byte| *byte == b'\n') {
            let line: Vec<u8> = self.pending.drain(..=end).collect();
            self.line += 1;
            self.parse_line(&line[..end]);
        }
    }

    fn parse_line(&mut self, bytes: &[u8]) {
        let row = self.line;
        let text = String::from_utf8_lossy(bytes);
        let text = trim(text.trim_end_matches('\r'));
        if text.is_empty() {
            return;
        }
        self.batch.rows_read += 1;

        let fields: Vec<&str> = text.split(',').map(trim).collect();
        let [id, county, offense, level, disposition, date] = fields[..] else {
            self.batch.diagnostics.push(Diagnostic {
                code: "field-count".into(),
                severity: Severity::Error,
                row,
                field: None,
                message: format!(
                    "the row has {} fields; expected 6: ID,COUNTY,OFFENSE,LEVEL,DISPOSITION,DATE",
                    fields.len()
                ),
            });
            return;
        };

        let date = match parse_yyyymmdd(date) {
            Ok(date) => date,
            Err(error) => {
                self.batch.diagnostics.push(Diagnostic {
                    code: "invalid-date".into(),
                    severity: Severity::Warning,
                    row,
                    field: Some("DATE".into()),
                    message: format!("DATE is not a date: {error}; it is treated as missing"),
                });
                None
            }
        };
        let field = |name: &str, text: &str| FieldText {
            field: name.into(),
            text: text.into(),
        };
        let charge = Charge {
            rows: vec![row],
            cycle_id: row.to_string(),
            cycle_date: date,
            cycle_age: None,
            step: StepKind::Court,
            step_raw: "COURT".into(),
            step_date: date,
            count_id: row.to_string(),
            case_number: None,
            county: non_empty(county).map(str::to_string),
            charged: non_empty(offense).map(|text| field("OFFENSE", text)),
            convicted: None,
            comment: None,
            level: match level {
                "F" => Level::Felony,
                "M" => Level::Misdemeanor,
                "I" => Level::Infraction,
                _ => Level::Unknown,
            },
            level_field: matches!(level, "F" | "M" | "I").then(|| "LEVEL".into()),
            disposition: match disposition {
                "CONVICTED" => Disposition::Convicted,
                "DISMISSED" => Disposition::Dismissed,
                "ACQUITTED" => Disposition::Acquitted,
                "" => Disposition::Unknown,
                _ => Disposition::Unrecognized,
            },
            disposition_raw: non_empty(disposition).map(|text| field("DISPOSITION", text)),
            disposition_date: date,
            disposition_date_field: date.map(|_| "DATE".into()),
            sentence: Vec::new(),
        };
        self.batch.rows_used += 1;
        self.batch.subjects.push(Subject {
            id: id.into(),
            name: None,
            date_of_birth: None,
            charges: vec![charge],
        });
    }

    /// Commits this mode's fault in the `feed` call chosen by `fault_chunk`.
    fn fault(&mut self) -> Result<(), String> {
        match self.options.mode {
            Mode::Loop => {
                let mut spins: u64 = 0;
                loop {
                    spins = std::hint::black_box(spins.wrapping_add(1));
                }
            }
            Mode::Memory => {
                let mut hoard: Vec<Vec<u8>> = Vec::new();
                loop {
                    hoard.push(vec![0xA5; 1 << 20]);
                    std::hint::black_box(&hoard);
                }
            }
            Mode::Panic => panic!(
                "the misbehaving adapter panics in feed call {}, as its `panic` mode asks",
                self.feeds
            ),
            Mode::Exit => std::process::exit(3),
            Mode::Reject => Err(format!(
                "feed call {} found the input unusable, as the `reject` mode asks",
                self.feeds
            )),
            _ => Ok(()),
        }
    }
}

impl Parser for LineParser {
    fn feed(&mut self, chunk: &[u8]) -> Result<Batch, String> {
        self.feeds += 1;
        if self.options.mode == Mode::Chatty {
            eprintln!(
                "feed call {}: {}",
                self.feeds,
                "chatter ".repeat(100 * 1024 / 8)
            );
        }
        if self.feeds == self.options.fault_chunk {
            self.fault()?;
        }
        self.pending.extend_from_slice(chunk);
        self.parse_complete_lines();
        Ok(self.take_batch())
    }

    fn finish(&mut self) -> Result<Batch, String> {
        if !self.pending.is_empty() {
            let last = std::mem::take(&mut self.pending);
            self.line += 1;
            self.parse_line(&last);
        }
        if self.options.mode == Mode::HugeBatch {
            let extra = (1..=self.options.subjects).map(|n| Subject {
                id: format!("HUGE{n:09}"),
                name: None,
                date_of_birth: None,
                charges: Vec::new(),
            });
            self.batch.subjects.extend(extra);
        }
        Ok(self.take_batch())
    }
}

clearway_sdk::export_adapter!(Misbehaving);

#[cfg(test)]
mod tests {
    use super::*;

    fn run(options: &str, input: &[u8], chunk: usize) -> Vec<Batch> {
        let mut parser = Misbehaving::open(&OpenSettings::new(options, (2020, 7, 1))).unwrap();
        let mut batches: Vec<Batch> = input
            .chunks(chunk)
            .map(|piece| parser.feed(piece).unwrap())
            .collect();
        batches.push(parser.finish().unwrap());
        batches
    }

    /// Line 2 is blank, line 3 lacks a field and line 4, without a line end, has a bad date.
    const INPUT: &[u8] =
        b"P1,YOLO,HS 11357(a),M,CONVICTED,20150312\n\nP2,YOLO,HS 11359,F,DISMISSED\nP3,YOLO,HS 11360,F,CONVICTED,2017";

    #[test]
    fn well_behaved_counts_rows_by_line() {
        let batches = run(r#"{"mode":"well-behaved"}"#, INPUT, 7);
        let rows: u64 = batches.iter().map(|batch| batch.rows_read).sum();
        assert_eq!(rows, 3);
        let subjects: Vec<&Subject> = batches.iter().flat_map(|batch| &batch.subjects).collect();
        let lines: Vec<u64> = subjects
            .iter()
            .map(|subject| subject.charges[0].rows[0])
            .collect();
        assert_eq!(lines, vec![1, 4]);
        assert_eq!(subjects[0].charges[0].county.as_deref(), Some("YOLO"));
        let diagnostics: Vec<&Diagnostic> = batches
            .iter()
            .flat_map(|batch| &batch.diagnostics)
            .collect();
        let errors: Vec<u64> = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.row)
            .collect();
        assert_eq!(errors, vec![3]);
        let warnings: Vec<u64> = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .map(|d| d.row)
            .collect();
        assert_eq!(warnings, vec![4]);
        assert!(subjects[1].charges[0].cycle_date.is_none());
    }

    #[test]
    fn bad_accounting_overstates_rows() {
        let batches = run(
            r#"{"mode":"bad-accounting","extra_rows":2}"#,
            INPUT,
            1 << 20,
        );
        let rows: u64 = batches.iter().map(|batch| batch.rows_read).sum();
        assert_eq!(rows, 3 + 2 * 2);
    }

    #[test]
    fn reject_fails_the_chosen_feed() {
        let mut parser = Misbehaving::open(&OpenSettings::new(r#"{"mode":"reject","fault_chunk":2}"#, (2020, 7, 1))).unwrap();
        assert!(parser.feed(b"P1,YOLO,A,M,CONVICTED,20150312\n").is_ok());
        assert!(parser.feed(b"P2,YOLO,A,M,CONVICTED,20150312\n").is_err());
    }

    #[test]
    fn unknown_option_is_named() {
        let error = Options::parse(r#"{"mode":"loop","speed":3}"#).unwrap_err();
        assert!(error.contains("`speed`"), "{error}");
        let error = Options::parse(r#"{"mode":"sleep"}"#).unwrap_err();
        assert!(error.contains("well-behaved"), "{error}");
        let error = Options::parse("{}").unwrap_err();
        assert!(error.contains("missing `mode`"), "{error}");
    }
}
