//! Clearway adapter for legacy mainframe extracts: fixed-width records of 120 characters
//! in ISO-8859-1 (Latin-1), with a header, person, case and charge records, and a trailer
//! that counts the records.
//!
//! # Input
//!
//! Every record is exactly 120 characters followed by LF or CRLF, and its first column is
//! its type. The order is one `H`, then for each person one `P` followed by that person's
//! `C` records, each `C` followed by its `K` records, and one `T` last. [`layout`] lists
//! every field's columns and domain. Text fields are left-justified and space-padded, and
//! number and date fields are zero-padded digits.
//!
//! The first line must be a valid `H` record, and the file must end with a `T` record whose
//! count equals the number of records between `H` and `T`. Without either, the input is
//! unusable or truncated, and the parser returns an error instead of results that look
//! complete: [`Parser::feed`] for a missing or invalid header, [`Parser::finish`] for a
//! missing, invalid or miscounted trailer.
//!
//! # Dates
//!
//! Dates are `YYMMDD`. The header's extract date is read as `20YY`, and every other date is
//! resolved by the rule in [`clearway_sdk::years`]. An event date (filing, disposition)
//! takes the latest of `19YY` and `20YY` that is not after the extract date. A date of birth
//! takes the latest that is at least 10 years before the person's earliest filing or
//! disposition date, or before the extract date when the person has none. `000000` is a missing date where the
//! layout allows it.
//!
//! # Output
//!
//! One subject per `P` record, with the person number as its id and `LAST, FIRST MIDDLE
//! SUFFIX` as its name. Each `K` record is one court entry. Its case number is the cycle id
//! and case number, and `CASE-SEQUENCE` is the count id. The charged offense is
//! `SECTION CODE-DESCRIPTION` (such as `11357(C) HS-POSS MARIJUANA`), the step date is the
//! filing date, and jail days, probation months and prison months that are not zero are the
//! sentence parts. The cycle
//! date stays empty because the file has no offense or arrest date, and the filing date lies
//! after the offense. The county is the header's county code turned into its name.
//!
//! A `P` record with deceased `Y` adds a `deceased` entry, and one with PC 290 registrant `Y`
//! adds a `registration` entry whose offense is `290 PC`. Both list the `P` record's line.
//!
//! # Diagnostics and row accounting
//!
//! The crate's README lists the diagnostic codes. A rejected row gets one error, for the first
//! problem found, and nothing of it is used. A `C` or `K` record whose parent record was
//! rejected is rejected too, because its values would otherwise join the wrong case or person.
//! Messages name the line, columns and field but never a value.
//!
//! `H` and `T` are not data rows; every other line is. A `P` row is used once its subject is
//! returned, a `K` row when its entry is in the subject, and a `C` row when at least one of its
//! `K` rows is used. A rejected row's error is returned in the batch of the chunk that
//! completes the row, so that it is reported even when a truncated input fails. A person's
//! subject and used rows are returned when the next `P`, the trailer or the end of the input
//! closes the person. The two diagnostics known only then, `case-without-charges` and the
//! date-of-birth warning, come after the diagnostics of later lines of that person.

pub mod layout;
mod person;
mod records;

use clearway_sdk::fixed::Record;
use clearway_sdk::text::{self, Encoding, Line, LineReader, TextProblemKind};
use clearway_sdk::{Adapter, AdapterInfo, Batch, Diagnostic, OpenSettings, Parser, Severity, Subject};

use layout::RECORD_LENGTH;
use person::{ChargeProblem, OpenPerson};
use records::{Header, Rejection};

pub use person::OFFENSE_FIELD;

/// The stable diagnostic codes; the README describes each.
pub mod codes {
    pub const RECORD_LENGTH: &str = "record-length";
    pub const CONTROL_CHARACTER: &str = "control-character";
    pub const RECORD_TYPE: &str = "record-type";
    pub const RECORD_ORDER: &str = "record-order";
    pub const INVALID_FIELD: &str = "invalid-field";
    pub const INVALID_DATE: &str = "invalid-date";
    pub const KEY_MISMATCH: &str = "key-mismatch";
    pub const PARENT_REJECTED: &str = "parent-rejected";
    pub const DUPLICATE_CHARGE: &str = "duplicate-charge";
    pub const CASE_WITHOUT_CHARGES: &str = "case-without-charges";
    pub const MISSING_LINE_END: &str = "missing-line-end";
}

/// The name of the adapter and of the one format it reads.
pub const NAME: &str = "legacy-fixed-width";

/// The legacy fixed-width extract adapter.
pub struct LegacyFixedWidth;

impl Adapter for LegacyFixedWidth {
    type Parser = FixedWidthParser;

    fn info() -> AdapterInfo {
        AdapterInfo::single_format(NAME, env!("CARGO_PKG_VERSION"), true)
    }

    fn open(settings: &OpenSettings) -> Result<FixedWidthParser, String> {
        check_options(&settings.options)?;
        Ok(FixedWidthParser {
            lines: LineReader::with_max_line_bytes(MAX_LINE_BYTES),
            at_end: false,
            stage: Stage::Start,
            last_type: b'H',
            records_between: 0,
            trailer: None,
            group: None,
            fatal: None,
            out: Output::default(),
            finished: false,
        })
    }
}

/// Accepts only an empty options table, because the adapter has no options.
fn check_options(options: &str) -> Result<(), String> {
    let trimmed = options.trim();
    let Some(inner) = trimmed.strip_prefix('{').and_then(|rest| rest.strip_suffix('}')) else {
        return if trimmed.is_empty() {
            Ok(())
        } else {
            Err(format!("invalid [adapter] options for {NAME}: expected a JSON object such as {{}}"))
        };
    };
    if inner.trim().is_empty() {
        return Ok(());
    }
    let key = inner.split('"').nth(1).unwrap_or_default();
    Err(format!("unknown key `{key}` in [adapter.options]: the {NAME} adapter has no options, so remove it"))
}

/// The parser's position in the file.
#[derive(Debug, Clone, Copy)]
enum Stage {
    /// No line read yet; the first must be the header.
    Start,
    /// Between the header and the trailer.
    Body(Header),
    /// After the trailer.
    Done(Header),
}

/// The trailer as found: its line and what its count check gave.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Trailer {
    line: u64,
    /// `Ok` when the count matches the records between `H` and `T`, else the error message.
    check: Result<(), String>,
}

/// The maximum line length kept in memory, in bytes with the CR of a CRLF line end. A
/// longer line is rejected by its length without being read.
const MAX_LINE_BYTES: usize = 1024;

/// The parser of one extract.
pub struct FixedWidthParser {
    lines: LineReader,
    /// True while the line reader hands out a last line that has no line end.
    at_end: bool,
    stage: Stage,
    /// The type of the last record between `H` and `T` that was in its place, `H` at first.
    last_type: u8,
    /// Lines after the header and before the trailer.
    records_between: u64,
    trailer: Option<Trailer>,
    /// The person whose rows are being read, from a `P` row to the next.
    group: Option<Group>,
    /// An error that makes the whole input unusable.
    fatal: Option<String>,
    out: Output,
    finished: bool,
}

/// The contents of the next batch.
#[derive(Default)]
struct Output {
    subjects: Vec<Subject>,
    diagnostics: Vec<Diagnostic>,
    rows_read: u64,
    rows_used: u64,
}

impl Output {
    /// Adds a diagnostic. An error rejects its row, which is then read.
    fn emit(&mut self, diagnostic: Option<Diagnostic>) {
        let Some(diagnostic) = diagnostic else { return };
        if diagnostic.severity == Severity::Error {
            self.rows_read += 1;
        }
        self.diagnostics.push(diagnostic);
    }
}

/// One `P` row and the rows after it, up to the next `P` or the trailer.
struct Group {
    /// The person, or `None` when the `P` row was rejected.
    person: Option<OpenPerson>,
    /// True when the last `C` row of the group was rejected, so its `K` rows have no case.
    case_rejected: bool,
}

impl Parser for FixedWidthParser {
    fn feed(&mut self, chunk: &[u8]) -> Result<Batch, String> {
        if self.finished {
            return Err("feed was called after finish".into());
        }
        if let Some(fatal) = &self.fatal {
            return Err(fatal.clone());
        }
        let mut lines = std::mem::take(&mut self.lines);
        lines.feed(chunk, &mut |line| self.handle(&line));
        self.lines = lines;
        match &self.fatal {
            Some(fatal) => Err(fatal.clone()),
            None => Ok(self.take_batch()),
        }
    }

    fn finish(&mut self) -> Result<Batch, String> {
        if self.finished {
            return Ok(Batch::empty());
        }
        self.finished = true;
        if let Some(fatal) = &self.fatal {
            return Err(fatal.clone());
        }
        let mut lines = std::mem::take(&mut self.lines);
        self.at_end = true;
        lines.finish(&mut |line| self.handle(&line));
        self.lines = lines;
        if let Some(fatal) = &self.fatal {
            return Err(fatal.clone());
        }
        self.close_group();

        match (&self.stage, &self.trailer) {
            (Stage::Start, _) => Err("the input is empty: a legacy fixed-width extract starts with an H header record".into()),
            (_, None) => Err(format!(
                "the input ends after line {} without a T trailer record, so the file is truncated or corrupted \
                 and its results are incomplete",
                self.lines.next_line_number() - 1
            )),
            (_, Some(Trailer { check: Err(message), .. })) => Err(message.clone()),
            (_, Some(Trailer { check: Ok(()), .. })) => Ok(self.take_batch()),
        }
    }
}

impl FixedWidthParser {
    fn handle(&mut self, line: &Line<'_>) {
        if self.fatal.is_some() {
            return;
        }
        if self.at_end {
            self.out.emit(Some(Diagnostic {
                code: codes::MISSING_LINE_END.into(),
                severity: Severity::Warning,
                row: line.number,
                field: None,
                message: "the last record has no LF or CRLF line end; it is read as it is".into(),
            }));
        }
        match self.stage {
            Stage::Start => self.handle_header(line),
            Stage::Body(header) if first_byte(line) == Some(b'T') => self.handle_trailer(line, header),
            Stage::Body(header) => {
                self.records_between += 1;
                self.handle_data(line, header);
            }
            Stage::Done(_) => {
                let rejection = Rejection::new(
                    codes::RECORD_ORDER,
                    None,
                    "the record comes after the T trailer record, which must be last".into(),
                );
                self.reject(line.number, rejection);
            }
        }
    }

    fn handle_header(&mut self, line: &Line<'_>) {
        let problem = match first_byte(line) {
            Some(b'H') => shape_problem(line, b'H'),
            _ => Some(Rejection::new(codes::RECORD_TYPE, None, "the first record is not an H header record".into())),
        };
        if let Some(problem) = problem {
            self.fatal = Some(format!(
                "line {}: {}; the input is not a usable legacy fixed-width extract",
                line.number, problem.message
            ));
            return;
        }
        let text = decode(line);
        match records::read_header(&Record::new(line.number, &text)) {
            Ok(header) => {
                self.stage = Stage::Body(header);
                self.last_type = b'H';
            }
            Err(message) => {
                self.fatal = Some(format!(
                    "line {}: {message}; the input is not a usable legacy fixed-width extract",
                    line.number
                ))
            }
        }
    }

    fn handle_trailer(&mut self, line: &Line<'_>, header: Header) {
        self.close_group();
        self.stage = Stage::Done(header);
        let count = match shape_problem(line, b'T') {
            Some(problem) => Err(format!("the T trailer record is invalid: {}", problem.message)),
            None => records::read_trailer(&Record::new(line.number, &decode(line))),
        };
        let check = count.and_then(|count| {
            if count == self.records_between {
                Ok(())
            } else {
                Err(format!(
                    "the T trailer record counts {count} records but the file has {} between H and T, \
                     so the file is truncated or corrupted and its results are incomplete",
                    self.records_between
                ))
            }
        });
        let check = check.map_err(|message| format!("line {}: {message}", line.number));
        self.trailer = Some(Trailer { line: line.number, check });
    }

    /// Checks and uses one `P`, `C` or `K` line between the header and the trailer.
    fn handle_data(&mut self, line: &Line<'_>, header: Header) {
        let record_type = first_byte(line).unwrap_or(b' ');
        if record_type == b'P' {
            // Even a rejected P row ends the person before it, and the rows after it are
            // rejected as having no parent until the next P.
            self.close_group();
            self.group = Some(Group { person: None, case_rejected: false });
            self.last_type = b'P';
        }
        if let Some(rejection) = shape_problem(line, record_type) {
            self.reject(line.number, rejection);
            if record_type == b'C' {
                self.case_rejected();
            }
            return;
        }
        if !matches!(record_type, b'P' | b'C' | b'K') {
            let rejection = if record_type == b'H' {
                Rejection::new(codes::RECORD_ORDER, None, "a second H header record; the header must be first and only once".into())
            } else {
                Rejection::new(
                    codes::RECORD_TYPE,
                    Some(layout::RECORD_TYPE.name),
                    "column 1 (record_type): expected one of H, P, C, K, T".into(),
                )
            };
            self.reject(line.number, rejection);
            return;
        }
        if let Some(rejection) = self.order_problem(record_type) {
            self.reject(line.number, rejection);
            return;
        }
        self.last_type = record_type;

        let text = decode(line);
        let record = Record::new(line.number, &text);
        let result = match record_type {
            b'P' => self.add_person(&record, header),
            b'C' => self.add_case(&record, header),
            _ => self.add_charge(&record, header),
        };
        if let Err(rejection) = result {
            self.reject(line.number, rejection);
            if record_type == b'C' {
                self.case_rejected();
            }
        }
    }

    /// Returns an error when `record_type` cannot follow the last record in its place.
    fn order_problem(&self, record_type: u8) -> Option<Rejection> {
        let message = match (record_type, self.last_type) {
            (b'C', b'H') => "the C case record comes before any P person record",
            (b'K', b'H') => "the K charge record comes before any P person record",
            (b'K', b'P') => "the K charge record follows a P person record; it must follow its C case record",
            _ => return None,
        };
        Some(Rejection::new(codes::RECORD_ORDER, None, message.into()))
    }

    fn add_person(&mut self, record: &Record<'_>, header: Header) -> Result<(), Rejection> {
        let row = records::read_person(record)?;
        let group = self.group.as_mut().expect("handle_data opens a group for every P row");
        group.person = Some(OpenPerson::new(row, record.line(), header.county));
        Ok(())
    }

    fn add_case(&mut self, record: &Record<'_>, header: Header) -> Result<(), Rejection> {
        let row = records::read_case(record, &header.extract_date)?;
        let group = self.group.as_mut().expect("the order check puts a P row before every C row");
        let Some(person) = group.person.as_mut() else {
            return Err(parent_rejected("C case", "P person"));
        };
        if row.person_number != person.person_number() {
            return Err(Rejection::new(
                codes::KEY_MISMATCH,
                Some(layout::case::PERSON_NUMBER.name),
                format!(
                    "columns {}-{} ({}): the person number differs from the P person record's before it",
                    layout::case::PERSON_NUMBER.first,
                    layout::case::PERSON_NUMBER.last,
                    layout::case::PERSON_NUMBER.name
                ),
            ));
        }
        let closed = person.open_case(row, record.line());
        group.case_rejected = false;
        self.out.emit(closed);
        Ok(())
    }

    fn add_charge(&mut self, record: &Record<'_>, header: Header) -> Result<(), Rejection> {
        let row = records::read_charge(record, &header.extract_date)?;
        let group = self.group.as_mut().expect("the order check puts a P row before every K row");
        let person = match group.person.as_mut() {
            Some(person) if !group.case_rejected && person.has_case() => person,
            _ => return Err(parent_rejected("K charge", "C case")),
        };
        let field = &layout::charge::CASE_NUMBER;
        person.add_charge(row, record.line()).map_err(|problem| match problem {
            ChargeProblem::CaseMismatch => Rejection::new(
                codes::KEY_MISMATCH,
                Some(field.name),
                format!(
                    "columns {}-{} ({}): the case number differs from the C case record's before it",
                    field.first, field.last, field.name
                ),
            ),
            ChargeProblem::DuplicateSequence => Rejection::new(
                codes::DUPLICATE_CHARGE,
                Some(layout::charge::SEQUENCE.name),
                format!(
                    "columns {}-{} ({}): the case already has a K charge record with this sequence number",
                    layout::charge::SEQUENCE.first,
                    layout::charge::SEQUENCE.last,
                    layout::charge::SEQUENCE.name
                ),
            ),
        })
    }

    /// Ends the open case after a rejected `C` row, so that the `K` rows after it do not
    /// join the case before it.
    fn case_rejected(&mut self) {
        let Some(group) = self.group.as_mut() else { return };
        let closed = group.person.as_mut().and_then(OpenPerson::close_case);
        group.case_rejected = true;
        self.last_type = b'C';
        self.out.emit(closed);
    }

    /// Rejects a row. Its error goes out at once, so that it is reported even when a
    /// truncated input makes [`Parser::finish`] fail.
    fn reject(&mut self, row: u64, rejection: Rejection) {
        self.out.emit(Some(Diagnostic {
            code: rejection.code.into(),
            severity: Severity::Error,
            row,
            field: rejection.field.map(str::to_string),
            message: rejection.message,
        }));
    }

    /// Closes the open person and moves its subject, its late diagnostics and its used rows
    /// to the output.
    fn close_group(&mut self) {
        let Some(group) = self.group.take() else { return };
        let Some(person) = group.person else { return };
        let extract = match self.stage {
            Stage::Body(header) | Stage::Done(header) => header.extract_date,
            Stage::Start => unreachable!("a person is read only after the header"),
        };
        let (subject, rows_used, diagnostics) = person.close(&extract);
        for diagnostic in diagnostics {
            self.out.emit(Some(diagnostic));
        }
        self.out.subjects.push(subject);
        self.out.rows_read += rows_used;
        self.out.rows_used += rows_used;
    }

    fn take_batch(&mut self) -> Batch {
        let out = std::mem::take(&mut self.out);
        Batch {
            subjects: out.subjects,
            diagnostics: out.diagnostics,
            rows_read: out.rows_read,
            rows_used: out.rows_used,
            unmapped: Vec::new(),
        }
    }
}

/// Returns the record type in column 1, or `None` for an empty or too-long line.
fn first_byte(line: &Line<'_>) -> Option<u8> {
    line.bytes.first().copied()
}

/// Decodes a line as ISO-8859-1, where every byte is the code point of its value.
fn decode(line: &Line<'_>) -> String {
    text::decode(line.bytes, Encoding::Latin1).text.into_owned()
}

/// Checks what every record must have before its fields are read: 120 characters and no
/// control character other than tab.
fn shape_problem(line: &Line<'_>, record_type: u8) -> Option<Rejection> {
    if line.too_long {
        let message = format!("the record is longer than {MAX_LINE_BYTES} characters; every record is exactly {RECORD_LENGTH}");
        return Some(Rejection::new(codes::RECORD_LENGTH, None, message));
    }
    if line.bytes.len() != RECORD_LENGTH {
        let message = format!("the record is {} characters long; every record is exactly {RECORD_LENGTH}", line.bytes.len());
        return Some(Rejection::new(codes::RECORD_LENGTH, None, message));
    }
    let decoded = text::decode(line.bytes, Encoding::Latin1);
    let problem = decoded.problems.iter().find(|problem| problem.kind == TextProblemKind::Control)?;
    let column = problem.offset + 1;
    let field = layout::field_at(record_type, column);
    let place = match field {
        Some(name) => format!("column {column} ({name})"),
        None => format!("column {column}"),
    };
    Some(Rejection::new(
        codes::CONTROL_CHARACTER,
        field,
        format!("{place} contains a control character; only tab is allowed in Latin-1 text"),
    ))
}

fn parent_rejected(record: &str, parent: &str) -> Rejection {
    Rejection::new(
        codes::PARENT_REJECTED,
        None,
        format!("the {record} record belongs to a {parent} record that was rejected, so it has nowhere to go"),
    )
}

clearway_sdk::export_adapter!(LegacyFixedWidth);
