//! Clearway adapter for a superior court case-management export: tilde-delimited text with
//! one row per charge, every row repeating the case and the person.
//!
//! # Input
//!
//! Windows-1252 text with CRLF or LF line ends. The first non-blank line must be the header,
//! whose 30 column names ([`columns::NAMES`]) are checked in order, ignoring case and padding;
//! any other first line makes the whole input unusable, because reading fields by position
//! under a different layout could put a Social Security number into a name. Fields are
//! separated by `~`, right-padded with spaces, and the last field of every line is `EOR`. A
//! line that is empty after trimming is not a row.
//!
//! `SSN` and `DL Number` are never decoded, copied or reported. `CII` is checked to be digits
//! but not copied. `Race` and `Sex` are not read.
//!
//! # Output
//!
//! Rows are sorted by case, not by person, so one person's rows are spread through the file
//! ([`AdapterInfo::subjects_contiguous`] is false). Each run of consecutive rows with the same
//! `SFNO` becomes one [`Subject`] fragment, and the host merges fragments with the same id.
//! Each row gives:
//!
//! - A court entry: `cycle_id` and `case_number` are `Court Number`; `cycle_date` is
//!   `Charge Date`; `count_id` is `Court Number`, `Ind` and the charge's place among the rows
//!   of that case and defendant (`01234567-01-2`); `charged` is `Current Charge`, the charge at
//!   disposition, because the export keeps no separate convicted offense;
//!   `comment` is `Current Charge Description`; `county` is the `county` option.
//! - The disposition from `Chg Disp` through the county's `dispositions` table: blank is
//!   `pending`, a code the table lacks is `unrecognized` and listed in the batch's `unmapped`.
//!   `disposition_raw` keeps the code and its description. The disposition date is
//!   `Ch Dispo Date`, else `Dispo Date`, and only when `Chg Disp` has a code. The step date is
//!   the disposition date, else `1st Filed`.
//! - The level from the first of: the level a `convicted-misdemeanor` or
//!   `convicted-infraction` code reduces to, `Current Level`, and `Charge Level`.
//! - A booking entry when `Booked Charge` has a value: an `arrest` step in the same cycle,
//!   with the same count id, `Booked Charge` as `charged`, `Booked Charge Level` as its level,
//!   and `Booked Charge Date` as its step date. It lets the classifier see a marijuana arrest
//!   that ended in a conviction for another offense.
//!
//! Dates are `MMDDYY`, with two-digit years resolved by [`clearway_sdk::years`]: an event year
//! is the latest not after the as-of date. A date of birth is the latest year at least 10 years
//! before the earliest event date of the same row.
//!
//! NOTE: a person's earliest event may lie on another row, which the adapter has not seen yet,
//! so a date of birth is resolved from its own row's dates only. Two rows of one person can
//! then resolve the same `DOB` to different centuries, and the host keeps the first fragment's.
//!
//! # Diagnostics
//!
//! Every diagnostic names the 1-based line and, when there is one, the field. Messages never
//! contain field values. A rejected row has exactly one error, the first in this order:
//!
//! | code | severity | meaning |
//! | --- | --- | --- |
//! | `row-too-long` | error | the line is over 1 MiB |
//! | `missing-eor` | error | the last field is not `EOR`: the line was cut short |
//! | `field-count` | error | the line ends with `EOR` but does not have 30 fields |
//! | `missing-value` | error | `SFNO` or `Court Number` is blank |
//! | `invalid-value` | error | `Court Number` is not 8 characters, `Ind` is not digits, or `Charge Level`, `Current Level` or `Booked Charge Level` is not `F`, `M` or `I` |
//! | `invalid-character` | warning | a field has a byte Windows-1252 leaves undefined or a control character; it is replaced by U+FFFD |
//! | `invalid-date` | warning | a date is not `MMDDYY`, or no year satisfies the two-digit-year rule; it is treated as missing |
//! | `invalid-cii` | warning | `CII` is not all digits |
//! | `level-conflict` | warning | `Current Level` differs from the level a reducing `Chg Disp` code gives; the code's level is used |
//!
//! Row accounting: each data row is either used, and listed in its entries' `rows`, or has one
//! error. `rows_read` counts each data row once, in the batch that returns its subject fragment
//! or its error.

pub mod columns;
pub mod options;
pub mod row;

use clearway_sdk::text::{Encoding, Line, LineReader, decode};
use clearway_sdk::{
    Adapter, AdapterInfo, Batch, Diagnostic, OpenSettings, Parser, Subject,
    UnmappedCode,
};

use columns::{FIELD_COUNT, NAMES};
use options::Options;
use row::{Parsed, Row, RowContext};

/// The stable diagnostic codes; the crate documentation describes each.
pub mod codes {
    pub const ROW_TOO_LONG: &str = "row-too-long";
    pub const MISSING_EOR: &str = "missing-eor";
    pub const FIELD_COUNT: &str = "field-count";
    pub const MISSING_VALUE: &str = "missing-value";
    pub const INVALID_VALUE: &str = "invalid-value";
    pub const INVALID_CHARACTER: &str = "invalid-character";
    pub const INVALID_DATE: &str = "invalid-date";
    pub const INVALID_CII: &str = "invalid-cii";
    pub const LEVEL_CONFLICT: &str = "level-conflict";
}

/// The name of the adapter and of the one format it reads.
pub const NAME: &str = "court-cms-tilde";

/// The court case-management export adapter.
pub struct CourtCmsTilde;

impl Adapter for CourtCmsTilde {
    type Parser = TildeParser;

    fn info() -> AdapterInfo {
        AdapterInfo::single_format(NAME, env!("CARGO_PKG_VERSION"), false)
    }

    fn open(settings: &OpenSettings) -> Result<TildeParser, String> {
        let options = Options::parse(&settings.options)?;
        Ok(TildeParser {
            lines: LineReader::new(),
            rows: RowHandler::new(RowContext::new(options, settings.as_of)),
            finished: false,
        })
    }
}

/// The parser of one export file.
pub struct TildeParser {
    lines: LineReader,
    rows: RowHandler,
    finished: bool,
}

impl Parser for TildeParser {
    fn feed(&mut self, chunk: &[u8]) -> Result<Batch, String> {
        if self.finished {
            return Err("feed was called after finish".into());
        }
        let rows = &mut self.rows;
        self.lines.feed(chunk, &mut |line| rows.handle(line));
        self.rows.take_batch()
    }

    fn finish(&mut self) -> Result<Batch, String> {
        if !self.finished {
            self.finished = true;
            let rows = &mut self.rows;
            self.lines.finish(&mut |line| rows.handle(line));
            self.rows.close_subject();
        }
        self.rows.take_batch()
    }
}

/// Everything between the line reader and the batch: the header check, row checks and the
/// subject fragment being read.
struct RowHandler {
    context: RowContext,
    header_seen: bool,
    /// The reason the input is unusable, once one is found.
    unusable: Option<String>,
    current: Option<(Subject, u64)>,
    subjects: Vec<Subject>,
    diagnostics: Vec<Diagnostic>,
    unmapped: Vec<UnmappedCode>,
    rows_read: u64,
    rows_used: u64,
}

impl RowHandler {
    fn new(context: RowContext) -> RowHandler {
        RowHandler {
            context,
            header_seen: false,
            unusable: None,
            current: None,
            subjects: Vec::new(),
            diagnostics: Vec::new(),
            unmapped: Vec::new(),
            rows_read: 0,
            rows_used: 0,
        }
    }

    fn handle(&mut self, line: Line<'_>) {
        if self.unusable.is_some() {
            return;
        }
        if !self.header_seen {
            if !line.too_long && row::trim_bytes(line.bytes).is_empty() {
                return;
            }
            self.header_seen = true;
            self.unusable = check_header(&line).err();
            return;
        }
        if line.too_long {
            self.rows_read += 1;
            self.diagnostics.push(row::error(
                codes::ROW_TOO_LONG,
                line.number,
                None,
                format!("the line is longer than {} bytes; the row is not used", clearway_sdk::text::DEFAULT_MAX_LINE_BYTES),
            ));
            return;
        }
        match row::parse(line.number, line.bytes, &mut self.context) {
            Parsed::Blank => {}
            Parsed::Rejected(diagnostic) => {
                self.rows_read += 1;
                self.diagnostics.push(diagnostic);
            }
            Parsed::Accepted(row, warnings) => {
                self.diagnostics.extend(warnings);
                self.add(*row);
            }
        }
    }

    /// Adds a row to the open fragment when it is the same person's, or opens a new one.
    fn add(&mut self, row: Row) {
        if self.current.as_ref().is_some_and(|(subject, _)| subject.id != row.subject_id) {
            self.close_subject();
        }
        self.unmapped.extend(row.unmapped);
        let (subject, rows) = self.current.get_or_insert_with(|| {
            let subject = Subject { id: row.subject_id, name: None, date_of_birth: None, charges: Vec::new() };
            (subject, 0)
        });
        *rows += 1;
        if subject.name.is_none() {
            subject.name = row.name;
        }
        if subject.date_of_birth.is_none() {
            subject.date_of_birth = row.date_of_birth;
        }
        subject.charges.extend(row.charges);
    }

    fn close_subject(&mut self) {
        if let Some((subject, rows)) = self.current.take() {
            self.subjects.push(subject);
            self.rows_read += rows;
            self.rows_used += rows;
        }
    }

    fn take_batch(&mut self) -> Result<Batch, String> {
        if let Some(reason) = &self.unusable {
            return Err(reason.clone());
        }
        Ok(Batch {
            subjects: std::mem::take(&mut self.subjects),
            diagnostics: std::mem::take(&mut self.diagnostics),
            rows_read: std::mem::take(&mut self.rows_read),
            rows_used: std::mem::take(&mut self.rows_used),
            unmapped: std::mem::take(&mut self.unmapped),
        })
    }
}

/// Checks that the first line is the export's header. The error never repeats what the line
/// has, because a file without a header starts with a data row.
fn check_header(line: &Line<'_>) -> Result<(), String> {
    let number = line.number;
    if line.too_long {
        return Err(format!(
            "line {number} should be the {NAME} header but is longer than {} bytes; check that the file is a \
             court case-management export",
            clearway_sdk::text::DEFAULT_MAX_LINE_BYTES
        ));
    }
    let fields = row::split_fields(line.bytes);
    if fields.len() != FIELD_COUNT {
        return Err(format!(
            "line {number} should be the {NAME} header with {FIELD_COUNT} columns separated by ~, but it has {}; \
             check that the file is a court case-management export with its header line",
            fields.len()
        ));
    }
    for (index, (field, expected)) in fields.iter().zip(NAMES).enumerate() {
        let found = decode(row::trim_bytes(field), Encoding::Windows1252).text;
        if !found.eq_ignore_ascii_case(expected) {
            return Err(format!(
                "line {number} should be the {NAME} header, but column {} is not `{expected}`; fields are read by \
                 position, so the file must have the columns {} in this order",
                index + 1,
                NAMES.join(", ")
            ));
        }
    }
    Ok(())
}

clearway_sdk::export_adapter!(CourtCmsTilde);
