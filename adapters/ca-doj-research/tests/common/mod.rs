//! Helpers shared by the adapter's integration tests: running the parser over an input in
//! chunks, checking row accounting, and building rows of invented people.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use clearway_adapter_ca_doj_research::DojResearch;
use clearway_adapter_ca_doj_research::columns::{self, FIELD_COUNT};
use clearway_sdk::{Adapter, Batch, Charge, Diagnostic, Parser, Severity, Subject};

pub const MIB: usize = 1 << 20;

/// Everything one parser returned over a whole input, batches joined in order.
#[derive(Debug)]
pub struct Output {
    pub subjects: Vec<Subject>,
    pub diagnostics: Vec<Diagnostic>,
    pub rows_read: u64,
}

impl Output {
    pub fn charges(&self) -> impl Iterator<Item = &Charge> {
        self.subjects
            .iter()
            .flat_map(|subject| subject.charges.iter())
    }

    /// Returns the charge whose rows include `line`.
    pub fn charge_at(&self, line: u64) -> &Charge {
        self.charges()
            .find(|charge| charge.rows.contains(&line))
            .unwrap_or_else(|| panic!("no charge lists line {line}"))
    }

    pub fn errors(&self) -> Vec<&Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.severity == Severity::Error)
            .collect()
    }

    pub fn warnings(&self) -> Vec<&Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.severity == Severity::Warning)
            .collect()
    }

    /// Returns the diagnostics on `line`.
    pub fn diagnostics_at(&self, line: u64) -> Vec<&Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.row == line)
            .collect()
    }
}

/// Feeds `input` to a new parser in chunks of `chunk_size` bytes and checks that every
/// batch accounts for its own rows.
pub fn parse_in_chunks(input: &[u8], chunk_size: usize) -> Output {
    let mut parser = DojResearch::open(&clearway_sdk::OpenSettings::new("{}", (2020, 7, 1))).expect("empty options are accepted");
    let mut output = Output {
        subjects: Vec::new(),
        diagnostics: Vec::new(),
        rows_read: 0,
    };
    let mut add = |batch: Batch| {
        assert_batch_accounts_for_rows(&batch);
        output.subjects.extend(batch.subjects);
        output.diagnostics.extend(batch.diagnostics);
        output.rows_read += batch.rows_read;
    };
    for chunk in input.chunks(chunk_size.max(1)) {
        add(parser.feed(chunk).expect("feed succeeds"));
    }
    add(parser.finish().expect("finish succeeds"));
    output
}

pub fn parse(input: &[u8]) -> Output {
    parse_in_chunks(input, MIB)
}

/// Checks that the rows of a batch's charges plus its rows with an error equal its
/// `rows_read`.
fn assert_batch_accounts_for_rows(batch: &Batch) {
    let used: usize = batch
        .subjects
        .iter()
        .flat_map(|subject| &subject.charges)
        .map(|charge| charge.rows.len())
        .sum();
    let rejected: BTreeSet<u64> = batch
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == Severity::Error)
        .map(|diagnostic| diagnostic.row)
        .collect();
    assert_eq!(
        used as u64 + rejected.len() as u64,
        batch.rows_read,
        "rows in one batch"
    );
}

/// Checks that every data row is in exactly one place, used or rejected, and that the
/// rows read add up to `expected_rows`.
pub fn assert_rows_accounted(output: &Output, expected_rows: u64) {
    let mut seen = BTreeSet::new();
    for line in output
        .charges()
        .flat_map(|charge| charge.rows.iter().copied())
    {
        assert!(
            seen.insert(line),
            "line {line} is listed by two charges or twice by one"
        );
    }
    let errors = output.errors();
    let rejected: BTreeSet<u64> = errors.iter().map(|diagnostic| diagnostic.row).collect();
    assert_eq!(
        rejected.len(),
        errors.len(),
        "a rejected row has more than one error"
    );
    for line in &rejected {
        assert!(
            !seen.contains(line),
            "line {line} is both used and rejected"
        );
    }
    assert_eq!(
        seen.len() as u64 + rejected.len() as u64,
        output.rows_read,
        "used plus rejected rows"
    );
    assert_eq!(output.rows_read, expected_rows, "rows read");
}

/// Checks that chunks of 1 byte, 7 bytes and 1 MiB give the same output.
pub fn assert_chunk_invariant(input: &[u8]) {
    let whole = format!("{:?}", parse_in_chunks(input, MIB));
    for chunk_size in [1, 7] {
        let chunked = format!("{:?}", parse_in_chunks(input, chunk_size));
        assert!(
            chunked == whole,
            "chunks of {chunk_size} bytes give a different output"
        );
    }
}

/// Reads a gogen file checked in beside the tests.
pub fn checked_in_fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/gogen")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}

/// Returns the shared folder of peer fixtures, which is beside the repository on development
/// machines and in CI but may be absent from a plain clone.
pub fn peer_fixture_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/peer-fixtures");
    dir.is_dir().then_some(dir)
}

/// Builds one data row of an invented person. `values` sets columns by position; every
/// other column has the value of an ordinary convicted count.
pub fn row(values: &[(usize, &str)]) -> String {
    let mut fields = vec![String::new(); FIELD_COUNT];
    let defaults: [(usize, &str); 14] = [
        (columns::RECORD_ID, "x"),
        (columns::SUBJECT_ID, "700001"),
        (columns::PRI_NAME, "\"QUILL,ADA M\""),
        (columns::PRI_DOB, "19800101"),
        (columns::CYC_DATE, "20010305"),
        (columns::STP_EVENT_DATE, "20010412"),
        (columns::STP_TYPE_DESCR, "COURT ACTION"),
        (columns::STP_ORI_CNTY_NAME, "KINGS"),
        (columns::CNT_ORDER, "101001001000"),
        (columns::OFN, "A55501"),
        (columns::OFFENSE_DESCR, "11357(C) HS-POSSESS MARIJUANA"),
        (columns::OFFENSE_TOC, "M"),
        (columns::DISP_DESCR, "CONVICTED"),
        (columns::CONV_STAT_DESCR, "MISDEMEANOR"),
    ];
    for (column, value) in defaults.iter().chain(values) {
        fields[*column] = value.to_string();
    }
    fields.join(",")
}

/// Joins rows into a file with LF line ends and a final line end.
pub fn file(rows: &[String]) -> Vec<u8> {
    let mut text = rows.join("\n");
    text.push('\n');
    text.into_bytes()
}

/// Returns the header row: the 95 column names.
pub fn header() -> String {
    columns::NAMES.join(",")
}
