//! Clearway adapter for court case-management exports in JSON Lines: one case per line,
//! with its party, its charges and a dated list of register-of-actions events, as systems
//! of the Tyler Odyssey kind serve them.
//!
//! # Input
//!
//! UTF-8 JSON Lines, one case object per line. LF or CRLF line ends, a byte-order mark and
//! a last line without a line end are read. A line that is empty or only whitespace is not
//! a row. A line longer than the `max_line_bytes` option (default 1 MiB) is rejected
//! without being buffered whole. Unknown members are ignored.
//!
//! One person appears in as many lines as they have cases, anywhere in the file, so
//! [`AdapterInfo::subjects_contiguous`] is false. Each line comes back at once as a
//! [`Subject`](clearway_sdk::Subject) fragment keyed by `Party.PartyId`. The host merges
//! fragments with the same id at the end of the input.
//!
//! # Output
//!
//! One court-step [`Charge`](clearway_sdk::Charge) per entry of `Charges`, whose `rows` is
//! the line. `cycle_id` and `case_number` are `CaseNumber`, `county` is `County`,
//! `count_id` is `ChargeNumber`, `cycle_date` is `OffenseDate`, `charged` is `Statute` as
//! written, and the level maps `Degree.Word` through the county's `degrees` table, unless
//! the disposition word means a conviction reduced to a misdemeanor or an infraction.
//!
//! Dispositions and sentences join their charge by `ChargeNumber`, compared without
//! leading zeros so that `"01"` and `"1"` are the same charge. Events with
//! `IsDeleted: true`, and events other than `CriminalDispositionEvent` and
//! `SentenceEvent`, are ignored. The rest apply in order of `Date`, then `Sequence`, then
//! `Amended: true` after the others, then file order; an event without a usable date
//! applies first. Each disposition event sets the disposition of the charges it lists, so a
//! charge's disposition is the one from the latest event naming it, and an amended event
//! supersedes the earlier ones for its charges. The disposition maps `Word` through the
//! `dispositions` table, with `Word (Description)` kept in `disposition_raw`; its date is
//! the event's `Date`. A charge that no disposition names is pending. A charge's sentence
//! is the components of the latest sentence event that names it.
//!
//! `comment` holds the charge's `Description`, a degree word missing from the table, and,
//! when more than one disposition named the charge, the disposition history: each event's
//! date, sequence, amended flag and word, in the order they applied.
//!
//! # Rows and diagnostics
//!
//! One line is one row. A rejected line has exactly one error and nothing of it is used;
//! every other line is used and counted once in `rows_read` and `rows_used`, in the batch
//! that returns its subject fragment, however many charges it has. [`codes`] lists the
//! diagnostic codes. Messages name the line and the JSON path, never a value.

mod case;
mod json;
pub mod options;

use clearway_sdk::{
    Adapter, AdapterInfo, Batch, Diagnostic, OpenSettings, Parser, Severity,
};

use options::Options;

/// The stable diagnostic codes; the adapter's README describes each.
pub mod codes {
    /// Error: the line is longer than `max_line_bytes`.
    pub const LINE_TOO_LONG: &str = "line-too-long";
    /// Error: the line is not valid UTF-8.
    pub const INVALID_UTF8: &str = "invalid-utf8";
    /// Error: the line is not valid JSON.
    pub const INVALID_JSON: &str = "invalid-json";
    /// Error: a required field is absent, null or empty.
    pub const MISSING_FIELD: &str = "missing-field";
    /// Error: a field has the wrong JSON type.
    pub const INVALID_TYPE: &str = "invalid-type";
    /// Warning: a date is not `MM/DD/YYYY`; it is treated as missing.
    pub const INVALID_DATE: &str = "invalid-date";
    /// Warning: a field the adapter reads has no value, so what it sets is unknown.
    pub const MISSING_VALUE: &str = "missing-value";
    /// Warning: a sentence duration or unit is outside its domain.
    pub const INVALID_VALUE: &str = "invalid-value";
    /// Warning: a disposition or sentence names a charge number the case lacks.
    pub const UNKNOWN_CHARGE: &str = "unknown-charge";
    /// Warning: two charges of one case have the same charge number.
    pub const DUPLICATE_CHARGE: &str = "duplicate-charge";
    /// Warning: the case has no charges.
    pub const NO_CHARGES: &str = "no-charges";
}

/// The name of the adapter and of the one format it reads.
pub const NAME: &str = "odyssey-json";

/// The case-management JSON Lines adapter.
pub struct OdysseyJson;

impl Adapter for OdysseyJson {
    type Parser = OdysseyParser;

    fn info() -> AdapterInfo {
        AdapterInfo::single_format(NAME, env!("CARGO_PKG_VERSION"), false)
    }

    fn open(settings: &OpenSettings) -> Result<OdysseyParser, String> {
        Ok(OdysseyParser::new(Options::parse(&settings.options)?))
    }
}

/// The parser of one export file.
pub struct OdysseyParser {
    options: Options,
    /// The bytes of the line being read, when it started in an earlier chunk.
    pending: Vec<u8>,
    /// True when the line being read is over the limit; its bytes are dropped.
    overlong: bool,
    /// The number of lines ended so far.
    lines: u64,
    batch: Batch,
    finished: bool,
}

impl OdysseyParser {
    fn new(options: Options) -> OdysseyParser {
        OdysseyParser {
            options,
            pending: Vec::new(),
            overlong: false,
            lines: 0,
            batch: Batch::empty(),
            finished: false,
        }
    }

    /// Adds bytes of the current line, dropping them once the line is over the limit.
    fn extend_line(&mut self, bytes: &[u8]) {
        if self.overlong {
            return;
        }
        if self.pending.len() + bytes.len() > self.options.max_line_bytes {
            self.overlong = true;
            self.pending = Vec::new();
        } else {
            self.pending.extend_from_slice(bytes);
        }
    }

    /// Ends the current line, whose bytes are `tail` after what is pending.
    fn end_line(&mut self, tail: &[u8]) {
        self.lines += 1;
        let line = self.lines;
        if self.pending.is_empty() && !self.overlong {
            if tail.len() > self.options.max_line_bytes {
                self.overlong = true;
            } else {
                self.read_line(line, tail);
                return;
            }
        }
        self.extend_line(tail);
        if self.overlong {
            self.overlong = false;
            self.reject_long_line(line);
        } else {
            let bytes = std::mem::take(&mut self.pending);
            self.read_line(line, &bytes);
            self.pending = bytes;
            self.pending.clear();
        }
    }

    fn read_line(&mut self, line: u64, bytes: &[u8]) {
        let mut bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        if line == 1 {
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return;
        }
        let batch = &mut self.batch;
        batch.rows_read += 1;
        match case::read(line, bytes, &self.options) {
            Ok(case) => {
                batch.rows_used += 1;
                batch.diagnostics.extend(case.warnings);
                batch.unmapped.extend(case.unmapped);
                batch.subjects.push(case.subject);
            }
            Err(error) => batch.diagnostics.push(Diagnostic {
                code: error.code.into(),
                severity: Severity::Error,
                row: line,
                field: error.field,
                message: error.message,
            }),
        }
    }

    fn reject_long_line(&mut self, line: u64) {
        self.batch.rows_read += 1;
        self.batch.diagnostics.push(Diagnostic {
            code: codes::LINE_TOO_LONG.into(),
            severity: Severity::Error,
            row: line,
            field: None,
            message: format!(
                "the line is longer than {} bytes, the max_line_bytes limit; check that cases are \
                 one per line, or raise the limit in [adapter.options]",
                self.options.max_line_bytes
            ),
        });
    }
}

impl Parser for OdysseyParser {
    fn feed(&mut self, chunk: &[u8]) -> Result<Batch, String> {
        if self.finished {
            return Err("feed was called after finish".into());
        }
        let mut rest = chunk;
        while let Some(end) = rest.iter().position(|&byte| byte == b'\n') {
            self.end_line(&rest[..end]);
            rest = &rest[end + 1..];
        }
        self.extend_line(rest);
        Ok(std::mem::replace(&mut self.batch, Batch::empty()))
    }

    fn finish(&mut self) -> Result<Batch, String> {
        if !self.finished {
            self.finished = true;
            if !self.pending.is_empty() || self.overlong {
                self.end_line(&[]);
            }
        }
        Ok(std::mem::replace(&mut self.batch, Batch::empty()))
    }
}

clearway_sdk::export_adapter!(OdysseyJson);
