//! Helpers shared by the adapter's integration tests: the Alameda County options, running
//! the parser over an input in chunks, and checking row accounting.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::Path;

use clearway_adapter_odyssey_json::OdysseyJson;
use clearway_core::config::CountyConfig;
use clearway_sdk::{Adapter, Batch, Charge, Diagnostic, OpenSettings, Parser, Severity, Subject, UnmappedCode};

pub const MIB: usize = 1 << 20;

/// Returns the `[adapter.options]` of `config/counties/alameda.toml` as the host hands them
/// to the adapter, so the tests read the fixtures with the county's real code tables.
pub fn alameda_options() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config/counties/alameda.toml");
    let config = CountyConfig::load(&path, &["odyssey-json"]).expect("alameda.toml is valid");
    config.adapter_options
}

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

    /// Returns the charge of case `case_number` with charge number `count`.
    pub fn charge(&self, case_number: &str, count: &str) -> &Charge {
        self.charges()
            .find(|charge| charge.case_number.as_deref() == Some(case_number) && charge.count_id == count)
            .unwrap_or_else(|| panic!("no charge {count} in case {case_number}"))
    }

    /// Returns the subject fragments of the person `id`, in file order.
    pub fn fragments(&self, id: &str) -> Vec<&Subject> {
        self.subjects.iter().filter(|subject| subject.id == id).collect()
    }

    pub fn errors(&self) -> Vec<&Diagnostic> {
        self.diagnostics.iter().filter(|diagnostic| diagnostic.severity == Severity::Error).collect()
    }

    pub fn warnings(&self) -> Vec<&Diagnostic> {
        self.diagnostics.iter().filter(|diagnostic| diagnostic.severity == Severity::Warning).collect()
    }

    /// Returns (row, code, field) of each diagnostic, for comparing with a table.
    pub fn diagnostic_summary(&self) -> Vec<(u64, Severity, String, String)> {
        self.diagnostics
            .iter()
            .map(|diagnostic| {
                (
                    diagnostic.row,
                    diagnostic.severity,
                    diagnostic.code.clone(),
                    diagnostic.field.clone().unwrap_or_default(),
                )
            })
            .collect()
    }
}

/// Feeds `input` to a parser opened with `options` in chunks of `chunk_size` bytes, and
/// checks each batch's row accounting.
pub fn parse_with(options: &str, input: &[u8], chunk_size: usize) -> Output {
    let mut parser = OdysseyJson::open(&OpenSettings::new(options, (2020, 7, 1))).expect("options are accepted");
    let mut output = Output {
        subjects: Vec::new(),
        diagnostics: Vec::new(),
        unmapped: Vec::new(),
        rows_read: 0,
        rows_used: 0,
    };
    let mut add = |batch: Batch| {
        assert_batch_accounts_for_rows(&batch);
        output.subjects.extend(batch.subjects);
        output.diagnostics.extend(batch.diagnostics);
        output.unmapped.extend(batch.unmapped);
        output.rows_read += batch.rows_read;
        output.rows_used += batch.rows_used;
    };
    for chunk in input.chunks(chunk_size.max(1)) {
        add(parser.feed(chunk).expect("feed succeeds"));
    }
    add(parser.finish().expect("finish succeeds"));
    output
}

pub fn parse_in_chunks(input: &[u8], chunk_size: usize) -> Output {
    parse_with(&alameda_options(), input, chunk_size)
}

pub fn parse(input: &[u8]) -> Output {
    parse_in_chunks(input, MIB)
}

/// Checks one batch: each used line is the row of one subject fragment, and its rows read
/// are its used lines plus its lines with an error.
fn assert_batch_accounts_for_rows(batch: &Batch) {
    let mut used = BTreeSet::new();
    for subject in &batch.subjects {
        let lines: BTreeSet<u64> = subject.charges.iter().flat_map(|charge| charge.rows.iter().copied()).collect();
        assert!(lines.len() <= 1, "one subject fragment spans lines {lines:?}");
        used.extend(lines);
    }
    let rejected: BTreeSet<u64> = batch
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == Severity::Error)
        .map(|diagnostic| diagnostic.row)
        .collect();
    assert_eq!(batch.rows_used, batch.subjects.len() as u64, "one used row per subject fragment");
    assert!(used.len() as u64 <= batch.rows_used, "lines of charges against rows used");
    assert!(used.is_disjoint(&rejected), "a line is both used and rejected");
    assert_eq!(batch.rows_used + rejected.len() as u64, batch.rows_read, "rows in one batch");
}

/// Checks the rows over the whole input: `read` lines, `rejected` of them with exactly one
/// error each.
pub fn assert_rows(output: &Output, read: u64, rejected: u64) {
    let errors = output.errors();
    let rows: BTreeSet<u64> = errors.iter().map(|diagnostic| diagnostic.row).collect();
    assert_eq!(rows.len(), errors.len(), "a rejected row has more than one error");
    assert_eq!(output.rows_read, read, "rows read");
    assert_eq!(errors.len() as u64, rejected, "rows rejected");
    assert_eq!(output.rows_used, read - rejected, "rows used");
}

/// Checks that chunks of 1 byte, 7 bytes and 1 MiB give the same output.
pub fn assert_chunk_invariant(options: &str, input: &[u8]) {
    let whole = format!("{:?}", parse_with(options, input, MIB));
    for chunk_size in [1, 7] {
        let chunked = format!("{:?}", parse_with(options, input, chunk_size));
        assert!(chunked == whole, "chunks of {chunk_size} bytes give a different output");
    }
}

/// Reads a fixture file checked in beside the tests.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    std::fs::read(&path).unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}

/// Checks that no diagnostic message repeats one of `values`.
pub fn assert_no_personal_data(output: &Output, values: &[&str]) {
    for diagnostic in &output.diagnostics {
        for value in values {
            assert!(!diagnostic.message.contains(value), "message repeats personal data: {}", diagnostic.message);
            assert!(
                !diagnostic.field.as_deref().unwrap_or_default().contains(value),
                "field repeats personal data: {:?}",
                diagnostic.field
            );
        }
    }
}
