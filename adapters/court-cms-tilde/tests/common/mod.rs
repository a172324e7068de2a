//! Helpers shared by the adapter's integration tests: the county options, running the
//! parser over an input in chunks, and checking row accounting.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::Path;

use clearway_adapter_court_cms_tilde::CourtCmsTilde;
use clearway_sdk::{Adapter, Batch, Charge, Diagnostic, OpenSettings, Parser, Severity, StepKind, Subject, UnmappedCode};

pub const MIB: usize = 1 << 20;

/// The as-of date of every test run.
pub const AS_OF: (u16, u8, u8) = (2024, 7, 1);

/// The sample disposition table of the format, as the San Francisco county file sets it.
pub const OPTIONS: &str = r#"{
    "county": "SAN FRANCISCO",
    "dispositions": {
        "110": "convicted", "111": "convicted", "120": "convicted", "121": "convicted",
        "150": "convicted-misdemeanor",
        "210": "dismissed", "220": "dismissed", "230": "dismissed",
        "310": "acquitted",
        "410": "diverted"
    }
}"#;

/// Everything one parser returned over a whole input, batches joined in order.
#[derive(Debug)]
pub struct Output {
    pub subjects: Vec<Subject>,
    pub diagnostics: Vec<Diagnostic>,
    pub unmapped: Vec<UnmappedCode>,
    pub rows_read: u64,
    pub rows_used: u64,
}

impl Output {
    pub fn charges(&self) -> impl Iterator<Item = &Charge> {
        self.subjects.iter().flat_map(|subject| subject.charges.iter())
    }

    /// Returns the court entry of `line`.
    pub fn court_at(&self, line: u64) -> &Charge {
        self.entry_at(line, StepKind::Court).unwrap_or_else(|| panic!("no court entry lists line {line}"))
    }

    /// Returns the booking entry of `line`, if it has one.
    pub fn booking_at(&self, line: u64) -> Option<&Charge> {
        self.entry_at(line, StepKind::Arrest)
    }

    fn entry_at(&self, line: u64, step: StepKind) -> Option<&Charge> {
        self.charges().find(|charge| charge.step == step && charge.rows.contains(&line))
    }

    /// Returns the subject fragment that contains the court entry of `line`.
    pub fn subject_at(&self, line: u64) -> &Subject {
        self.subjects
            .iter()
            .find(|subject| subject.charges.iter().any(|charge| charge.rows.contains(&line)))
            .unwrap_or_else(|| panic!("no subject lists line {line}"))
    }

    pub fn errors(&self) -> Vec<&Diagnostic> {
        self.diagnostics.iter().filter(|diagnostic| diagnostic.severity == Severity::Error).collect()
    }

    pub fn warnings(&self) -> Vec<&Diagnostic> {
        self.diagnostics.iter().filter(|diagnostic| diagnostic.severity == Severity::Warning).collect()
    }

    /// Returns the codes of the diagnostics on `line`, in order.
    pub fn codes_at(&self, line: u64) -> Vec<&str> {
        self.diagnostics.iter().filter(|diagnostic| diagnostic.row == line).map(|diagnostic| diagnostic.code.as_str()).collect()
    }
}

pub fn open(options: &str) -> Result<clearway_adapter_court_cms_tilde::TildeParser, String> {
    CourtCmsTilde::open(&OpenSettings::new(options, AS_OF))
}

/// Feeds `input` to a new parser in chunks of `chunk_size` bytes, checking that every batch
/// accounts for its own rows.
pub fn try_parse_in_chunks(input: &[u8], chunk_size: usize) -> Result<Output, String> {
    let mut parser = open(OPTIONS).expect("the sample options are accepted");
    let mut output =
        Output { subjects: Vec::new(), diagnostics: Vec::new(), unmapped: Vec::new(), rows_read: 0, rows_used: 0 };
    let mut add = |batch: Batch| {
        assert_batch_accounts_for_rows(&batch);
        output.subjects.extend(batch.subjects);
        output.diagnostics.extend(batch.diagnostics);
        output.unmapped.extend(batch.unmapped);
        output.rows_read += batch.rows_read;
        output.rows_used += batch.rows_used;
    };
    for chunk in input.chunks(chunk_size.max(1)) {
        add(parser.feed(chunk)?);
    }
    add(parser.finish()?);
    Ok(output)
}

pub fn parse_in_chunks(input: &[u8], chunk_size: usize) -> Output {
    try_parse_in_chunks(input, chunk_size).expect("the input is usable")
}

pub fn parse(input: &[u8]) -> Output {
    parse_in_chunks(input, MIB)
}

/// Returns the lines of the court entries of a batch: each used row has exactly one.
fn court_rows(subjects: &[Subject]) -> Vec<u64> {
    subjects
        .iter()
        .flat_map(|subject| &subject.charges)
        .filter(|charge| charge.step == StepKind::Court)
        .flat_map(|charge| charge.rows.iter().copied())
        .collect()
}

/// Checks that a batch's used rows plus its rows with an error equal its `rows_read`.
fn assert_batch_accounts_for_rows(batch: &Batch) {
    let rejected: BTreeSet<u64> = batch
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == Severity::Error)
        .map(|diagnostic| diagnostic.row)
        .collect();
    assert_eq!(court_rows(&batch.subjects).len() as u64, batch.rows_used, "used rows in one batch");
    assert_eq!(batch.rows_used + rejected.len() as u64, batch.rows_read, "rows in one batch");
}

/// Checks that every data row is used once or rejected once, and that the rows read add up
/// to `expected_rows`. A booking entry lists the same row as its court entry.
pub fn assert_rows_accounted(output: &Output, expected_rows: u64) {
    let mut used = BTreeSet::new();
    for line in court_rows(&output.subjects) {
        assert!(used.insert(line), "line {line} has two court entries");
    }
    for charge in output.charges().filter(|charge| charge.step == StepKind::Arrest) {
        assert_eq!(charge.rows.len(), 1, "a booking entry lists one row");
        assert!(used.contains(&charge.rows[0]), "booking entry of line {} has no court entry", charge.rows[0]);
    }
    let errors = output.errors();
    let rejected: BTreeSet<u64> = errors.iter().map(|diagnostic| diagnostic.row).collect();
    assert_eq!(rejected.len(), errors.len(), "a rejected row has more than one error");
    for line in &rejected {
        assert!(!used.contains(line), "line {line} is both used and rejected");
    }
    assert_eq!(used.len() as u64, output.rows_used, "rows used");
    assert_eq!(output.rows_used + rejected.len() as u64, output.rows_read, "used plus rejected rows");
    assert_eq!(output.rows_read, expected_rows, "rows read");
}

/// Checks that chunks of 1 byte, 7 bytes and 1 MiB give the same output.
pub fn assert_chunk_invariant(input: &[u8]) {
    let whole = format!("{:?}", parse_in_chunks(input, MIB));
    for chunk_size in [1, 7] {
        let chunked = format!("{:?}", parse_in_chunks(input, chunk_size));
        assert!(chunked == whole, "chunks of {chunk_size} bytes give a different output");
    }
}

/// Reads a fixture file checked in beside the tests.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    std::fs::read(&path).unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}
