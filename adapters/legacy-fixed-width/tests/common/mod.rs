//! Helpers shared by the adapter's tests: running the parser over an input in chunks,
//! checking row accounting, and building records of invented people.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::Path;

use clearway_adapter_legacy_fixed_width::LegacyFixedWidth;
use clearway_sdk::{Adapter, Batch, Charge, Diagnostic, OpenSettings, Parser, Severity, Subject};

pub const MIB: usize = 1 << 20;

/// Everything one parser returned over a whole input, batches joined in order, and the
/// error that ended it, if any.
#[derive(Debug)]
pub struct Output {
    pub subjects: Vec<Subject>,
    pub diagnostics: Vec<Diagnostic>,
    pub rows_read: u64,
    pub rows_used: u64,
    pub error: Option<String>,
}

impl Output {
    pub fn subject(&self, id: &str) -> &Subject {
        self.subjects
            .iter()
            .find(|subject| subject.id == id)
            .unwrap_or_else(|| panic!("no subject {id}"))
    }

    /// Returns the charge whose rows include `line`.
    pub fn charge_at(&self, line: u64) -> &Charge {
        self.subjects
            .iter()
            .flat_map(|subject| &subject.charges)
            .find(|charge| charge.rows.contains(&line))
            .unwrap_or_else(|| panic!("no charge lists line {line}"))
    }

    pub fn errors(&self) -> Vec<&Diagnostic> {
        self.diagnostics.iter().filter(|diagnostic| diagnostic.severity == Severity::Error).collect()
    }

    /// Returns each error as its line and code.
    pub fn error_codes(&self) -> Vec<(u64, &str)> {
        self.errors().iter().map(|diagnostic| (diagnostic.row, diagnostic.code.as_str())).collect()
    }

    /// Returns the one error on `line`.
    pub fn error_at(&self, line: u64) -> &Diagnostic {
        let errors: Vec<&Diagnostic> = self.errors().into_iter().filter(|error| error.row == line).collect();
        assert_eq!(errors.len(), 1, "errors on line {line}: {errors:?}");
        errors[0]
    }
}

/// Feeds `input` to a new parser in chunks of `chunk_size` bytes, checking that every
/// batch accounts for its own rows, and stops at the first error.
pub fn parse_in_chunks(input: &[u8], chunk_size: usize) -> Output {
    let settings = OpenSettings::new("{}", (2021, 7, 1));
    let mut parser = LegacyFixedWidth::open(&settings).expect("empty options are accepted");
    let mut output =
        Output { subjects: Vec::new(), diagnostics: Vec::new(), rows_read: 0, rows_used: 0, error: None };
    let add = |output: &mut Output, result: Result<Batch, String>| match result {
        Ok(batch) => {
            assert_batch_accounts_for_rows(&batch);
            output.subjects.extend(batch.subjects);
            output.diagnostics.extend(batch.diagnostics);
            output.rows_read += batch.rows_read;
            output.rows_used += batch.rows_used;
            true
        }
        Err(error) => {
            output.error = Some(error);
            false
        }
    };
    for chunk in input.chunks(chunk_size.max(1)) {
        if !add(&mut output, parser.feed(chunk)) {
            return output;
        }
    }
    add(&mut output, parser.finish());
    output
}

pub fn parse(input: &[u8]) -> Output {
    parse_in_chunks(input, MIB)
}

/// Checks that a batch's `rows_read` is its used rows plus its rows with an error, and that
/// its charges list no more lines than it uses.
fn assert_batch_accounts_for_rows(batch: &Batch) {
    let rejected: BTreeSet<u64> = batch
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == Severity::Error)
        .map(|diagnostic| diagnostic.row)
        .collect();
    let errors = batch.diagnostics.iter().filter(|diagnostic| diagnostic.severity == Severity::Error).count();
    assert_eq!(rejected.len(), errors, "a rejected row has more than one error");
    assert_eq!(batch.rows_used + rejected.len() as u64, batch.rows_read, "rows in one batch");

    let listed: BTreeSet<u64> =
        batch.subjects.iter().flat_map(|subject| &subject.charges).flat_map(|charge| charge.rows.clone()).collect();
    assert!(listed.len() as u64 <= batch.rows_used, "charges list more lines than the batch uses");
    assert!(listed.is_disjoint(&rejected), "a line is both used and rejected");
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

/// Builds a 120-character record from values placed at 1-based columns, in Latin-1 bytes.
pub fn record(fields: &[(usize, &str)]) -> Vec<u8> {
    let mut bytes = vec![b' '; 120];
    for (column, value) in fields {
        for (offset, character) in value.chars().enumerate() {
            bytes[column - 1 + offset] = u8::try_from(u32::from(character)).expect("a Latin-1 character");
        }
    }
    bytes
}

pub fn header(extract_date: &str, county: &str) -> Vec<u8> {
    record(&[(1, "H"), (2, extract_date), (8, county), (10, "TEST0001")])
}

/// Builds a person record of an invented person with the given number and date of birth.
pub fn person(number: &str, date_of_birth: &str, deceased: &str, registrant: &str) -> Vec<u8> {
    record(&[
        (1, "P"),
        (2, number),
        (12, "QUILL"),
        (32, "ADA"),
        (47, "MAE"),
        (65, date_of_birth),
        (80, deceased),
        (81, registrant),
    ])
}

pub fn case(person_number: &str, case_number: &str, filing_date: &str) -> Vec<u8> {
    record(&[(1, "C"), (2, person_number), (12, case_number), (24, "FR01"), (28, filing_date)])
}

/// Builds a charge record: a convicted misdemeanor of H&S 11357(c) unless `fields`
/// overrides columns.
pub fn charge(case_number: &str, sequence: &str, fields: &[(usize, &str)]) -> Vec<u8> {
    let mut all: Vec<(usize, &str)> = vec![
        (1, "K"),
        (2, case_number),
        (14, sequence),
        (16, "HS"),
        (19, "11357(C)"),
        (31, "M"),
        (32, "CV"),
        (34, "150310"),
        (40, "0030"),
        (44, "012"),
        (47, "000"),
        (50, "POSS MARIJUANA OVER 1 OZ"),
    ];
    all.extend_from_slice(fields);
    record(&all)
}

pub fn trailer(count: u64) -> Vec<u8> {
    record(&[(1, "T"), (2, &format!("{count:09}"))])
}

/// Joins records into a file: the header, the records, and a trailer that counts them.
pub fn file(header: Vec<u8>, records: &[Vec<u8>]) -> Vec<u8> {
    let mut lines = vec![header];
    lines.extend_from_slice(records);
    lines.push(trailer(records.len() as u64));
    let mut bytes = lines.join(&b'\n');
    bytes.push(b'\n');
    bytes
}
