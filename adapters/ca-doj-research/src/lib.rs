//! Clearway adapter for the California Department of Justice criminal-history research
//! file: the bulk CSV extract of the state's criminal history system that the DOJ gives a
//! county for the Proposition 64 review.
//!
//! # Input
//!
//! Comma-separated values with double-quote quoting, UTF-8, 95 fields per row (see
//! [`columns::NAMES`]), with or without a header row. The first row is a header when its
//! first field is `RECORD_ID`; a header may have a 96th, empty field. CRLF, LF or CR line
//! ends, a byte-order mark, quoted commas and line ends, and a last line without a line end
//! are all read. A line that is empty after trimming is not a data row.
//!
//! Every field is trimmed of spaces, tabs and NUL padding. These placeholder values count
//! as empty: `x`, `NULL` and `-` in any column, `#` in the `*_SEG_SEP` columns and
//! `FILE NBR NOT REPORTD` in `OFN`.
//!
//! # Output
//!
//! One row per (person, cycle, step, count, sentence part). The rows of one person are
//! contiguous, so a [`Subject`] is emitted when `SUBJECT_ID` changes, and the last one at
//! the end of the input. Rows with the same `CNT_ORDER` within a subject are one count
//! with a multi-part sentence: one [`Charge`](clearway_sdk::Charge) lists all their lines and one sentence part
//! per row that has sentence fields. Each charge maps:
//!
//! - `cycle_id`: `CYC_ORDER`, or the 3-digit cycle number that starts `CNT_ORDER` when
//!   `CYC_ORDER` is empty. `cycle_date`: `CYC_DATE`. `cycle_age`: `CYC_AGE`.
//! - `step`: `STP_TYPE_DESCR` (`ARREST/DETAINED/CITED`, `COURT ACTION`, `REGISTRATION`,
//!   `DECEASED`, anything else is `other`), with the value in `step_raw`; `step_date`:
//!   `STP_EVENT_DATE`.
//! - `count_id`: `CNT_ORDER`. `county`: `STP_ORI_CNTY_NAME`. `case_number`:
//!   `FE_NUM_CRT_CASE`, else `OFN`.
//! - `charged`: `OFFENSE_DESCR`, or none when it is empty or `SEE COMMENT FOR CHARGE`.
//!   `convicted`: `CONV_OFFENSE_DESCR`. `comment`: `COMMENT_TEXT`.
//! - `level`: from `CONV_STAT_DESCR`, else `CONV_OFFENSE_TOC`, else `OFFENSE_TOC`, with
//!   `level_field` naming the field; `unknown` when all are empty.
//! - `disposition`: from `DISP_DESCR` by [`row::map_disposition`], with the value in
//!   `disposition_raw`. `disposition_date`: `DISP_DATE`, else `STP_EVENT_DATE`, with the
//!   field named, and only when `DISP_DESCR` is not empty.
//!
//! Dates are `YYYYMMDD`; `YYYY0000` keeps year precision and `YYYYMM00` month precision,
//! and an empty value or `00000000` is missing.
//!
//! # Diagnostics
//!
//! Each diagnostic names the 1-based line where its row starts, and the field when there is
//! one. Messages never contain field values. A rejected row has exactly one error: the
//! first problem found, in the order of this table.
//!
//! | code | severity | meaning |
//! | --- | --- | --- |
//! | `row-too-long` | error | the row is over 1 MiB or 4096 fields, usually an unclosed quote |
//! | `field-count` | error | the row does not have 95 fields |
//! | `invalid-utf8` | error | a field is not valid UTF-8 |
//! | `nul-byte` | error | a field has a NUL byte inside its value |
//! | `missing-value` | error | `SUBJECT_ID` or `CNT_ORDER` is empty |
//! | `invalid-value` | error | a field is outside its domain: `CNT_ORDER` not 12 digits, `OFFENSE_TOC` or `CONV_OFFENSE_TOC` not F, M or I, `CONV_STAT_DESCR` not FELONY, MISDEMEANOR or INFRACTION, `SENT_LENGTH` not a whole number, `SENT_TIME_CODE` not D, M or Y, `CYC_AGE` not a whole number from 0 to 150 |
//! | `invalid-date` | warning | `PRI_DOB`, `CYC_DATE`, `STP_EVENT_DATE` or `DISP_DATE` is not a date; it is treated as missing |
//! | `count-conflict` | warning | a row repeats a count of the same subject but disagrees on its step, offense, disposition or level; the earlier row's value is kept |
//! | `header-field-count` | warning | the header does not have 95 fields, or 96 with an empty last one |
//! | `header-column` | warning | a header column name is not the expected one; fields are still read by position |
//!
//! Row accounting: every data row is either listed in one charge's `rows` or has one
//! error, and `rows_read` counts each data row once, in the batch that emits its subject or
//! its error.
//!
//! NOTE: a person whose rows are not contiguous comes out as two subjects with the same id,
//! because the adapter keeps only the current person in memory and cannot notice.

pub mod columns;
pub mod row;
mod subject;

use clearway_sdk::csv_records::{CsvReader, CsvRecord};
use clearway_sdk::fields::trim;
use clearway_sdk::{
    Adapter, AdapterInfo, OpenSettings, Batch, Diagnostic, Parser, Severity, Subject,
};

use columns::{FIELD_COUNT, NAMES};
use row::Parsed;
use subject::OpenSubject;

/// The stable diagnostic codes; the crate documentation describes each.
pub mod codes {
    pub const ROW_TOO_LONG: &str = "row-too-long";
    pub const FIELD_COUNT: &str = "field-count";
    pub const INVALID_UTF8: &str = "invalid-utf8";
    pub const NUL_BYTE: &str = "nul-byte";
    pub const MISSING_VALUE: &str = "missing-value";
    pub const INVALID_VALUE: &str = "invalid-value";
    pub const INVALID_DATE: &str = "invalid-date";
    pub const COUNT_CONFLICT: &str = "count-conflict";
    pub const HEADER_FIELD_COUNT: &str = "header-field-count";
    pub const HEADER_COLUMN: &str = "header-column";
}

/// The name of the adapter and of the one format it reads.
pub const NAME: &str = "ca-doj-research";

/// The California DOJ research-file adapter.
pub struct DojResearch;

impl Adapter for DojResearch {
    type Parser = DojParser;

    fn info() -> AdapterInfo {
        AdapterInfo::single_format(NAME, env!("CARGO_PKG_VERSION"), true)
    }

    fn open(settings: &OpenSettings) -> Result<DojParser, String> {
        check_options(&settings.options)?;
        Ok(DojParser::default())
    }
}

/// Accepts an empty options table, the only one this adapter has.
fn check_options(options: &str) -> Result<(), String> {
    let inner = options
        .trim()
        .strip_prefix('{')
        .and_then(|rest| rest.strip_suffix('}'));
    match inner {
        Some(inner) if inner.trim().is_empty() => Ok(()),
        _ if options.trim().is_empty() => Ok(()),
        Some(inner) => {
            let key = inner.split('"').nth(1).unwrap_or("");
            Err(format!(
                "unknown key `{key}` in [adapter.options]: the {NAME} adapter takes no options, so remove it"
            ))
        }
        None => Err(format!(
            "invalid [adapter.options] for {NAME}: expected a JSON object such as {{}}"
        )),
    }
}

/// The parser of one research file.
#[derive(Default)]
pub struct DojParser {
    reader: CsvReader,
    rows: RowHandler,
    finished: bool,
}

impl Parser for DojParser {
    fn feed(&mut self, chunk: &[u8]) -> Result<Batch, String> {
        if self.finished {
            return Err("feed was called after finish".into());
        }
        let rows = &mut self.rows;
        self.reader.feed(chunk, &mut |record| rows.handle(&record));
        Ok(self.rows.take_batch())
    }

    fn finish(&mut self) -> Result<Batch, String> {
        if !self.finished {
            self.finished = true;
            let rows = &mut self.rows;
            self.reader.finish(&mut |record| rows.handle(&record));
            self.rows.close_subject();
        }
        Ok(self.rows.take_batch())
    }
}

/// Everything between the CSV reader and the batch: header detection, row checks and the
/// subject being read.
#[derive(Default)]
struct RowHandler {
    /// True once the first non-blank record, which may be a header, has been seen.
    past_first_record: bool,
    current: Option<OpenSubject>,
    subjects: Vec<Subject>,
    diagnostics: Vec<Diagnostic>,
    rows_read: u64,
    rows_used: u64,
    unmapped: Vec<clearway_sdk::UnmappedCode>,
}

impl RowHandler {
    fn handle(&mut self, record: &CsvRecord<'_>) {
        if !self.past_first_record && !row::is_blank(record) {
            self.past_first_record = true;
            if is_header(record) {
                self.check_header(record);
                return;
            }
        }
        match row::parse(record) {
            Parsed::Blank => {}
            Parsed::Rejected(diagnostic) => {
                self.rows_read += 1;
                self.diagnostics.push(diagnostic);
            }
            Parsed::Accepted(row, warnings) => {
                self.diagnostics.extend(warnings);
                self.note_unmapped(&row.charge);
                if self
                    .current
                    .as_ref()
                    .is_some_and(|open| open.id() != row.subject_id)
                {
                    self.close_subject();
                }
                let open = self.current.get_or_insert_with(|| OpenSubject::new(&row));
                if let Some(warning) = open.add(*row) {
                    self.diagnostics.push(warning);
                }
            }
        }
    }

    /// Lists a `DISP_DESCR` value outside the adapter's vocabulary, so the run summary counts
    /// it; the value is a ruling's wording, never personal data.
    fn note_unmapped(&mut self, charge: &clearway_sdk::Charge) {
        if charge.disposition != clearway_sdk::Disposition::Unrecognized {
            return;
        }
        let Some(raw) = &charge.disposition_raw else { return };
        self.unmapped.push(clearway_sdk::UnmappedCode {
            table: "DISP_DESCR".into(),
            code: raw.text.clone(),
            description: None,
            row: charge.rows.first().copied().unwrap_or(0),
        });
    }

    /// Reports a header whose shape differs from the layout. Fields are read by position
    /// either way, and every data row is checked on its own.
    fn check_header(&mut self, record: &CsvRecord<'_>) {
        let line = record.line();
        let has_empty_extra = record.len() == FIELD_COUNT + 1
            && record
                .get(FIELD_COUNT)
                .is_some_and(|field| trim_bytes(field).is_empty());
        if record.len() != FIELD_COUNT && !has_empty_extra {
            self.diagnostics.push(warning(
                codes::HEADER_FIELD_COUNT,
                line,
                None,
                format!(
                    "the header has {} fields, expected {FIELD_COUNT} (or {} with an empty last one); \
                     data rows are still read by position",
                    record.len(),
                    FIELD_COUNT + 1
                ),
            ));
        }
        let mismatch = NAMES.iter().enumerate().find(|&(index, expected)| {
            let found = record.get(index).map(trim_bytes);
            !found.is_some_and(|found| found.eq_ignore_ascii_case(expected.as_bytes()))
        });
        if let Some((index, expected)) = mismatch.filter(|&(index, _)| index < record.len()) {
            self.diagnostics.push(warning(
                codes::HEADER_COLUMN,
                line,
                Some(expected),
                format!(
                    "header column {} is not {expected}; fields are read by position, so check that the file has \
                     the DOJ research-file layout",
                    index + 1
                ),
            ));
        }
    }

    fn close_subject(&mut self) {
        if let Some(open) = self.current.take() {
            let (subject, rows) = open.close();
            self.subjects.push(subject);
            self.rows_read += rows;
            self.rows_used += rows;
        }
    }

    fn take_batch(&mut self) -> Batch {
        Batch {
            subjects: std::mem::take(&mut self.subjects),
            diagnostics: std::mem::take(&mut self.diagnostics),
            rows_read: std::mem::take(&mut self.rows_read),
            rows_used: std::mem::take(&mut self.rows_used),
            unmapped: std::mem::take(&mut self.unmapped),
        }
    }
}

/// Returns true when the record's first field is `RECORD_ID`.
fn is_header(record: &CsvRecord<'_>) -> bool {
    record
        .get(0)
        .is_some_and(|first| trim_bytes(first).eq_ignore_ascii_case(b"RECORD_ID"))
}

fn trim_bytes(field: &[u8]) -> &[u8] {
    std::str::from_utf8(field).map_or(field, |text| trim(text).as_bytes())
}

fn warning(code: &str, line: u64, field: Option<&str>, message: String) -> Diagnostic {
    Diagnostic {
        code: code.into(),
        severity: Severity::Warning,
        row: line,
        field: field.map(str::to_string),
        message,
    }
}

clearway_sdk::export_adapter!(DojResearch);
