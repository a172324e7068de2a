//! Checks one data line and turns it into charge entries, or rejects it.

use std::borrow::Cow;
use std::collections::BTreeMap;

use clearway_sdk::codes::{DispositionMeaning, Lookup};
use clearway_sdk::fields::non_empty;
use clearway_sdk::names::parse_slashed;
use clearway_sdk::text::{Encoding, decode};
use clearway_sdk::years::{earliest, parse_mmddyy, resolve_birth, resolve_event};
use clearway_sdk::{Charge, Diagnostic, Disposition, FieldText, Level, PartialDate, Severity, StepKind, UnmappedCode};

use crate::codes;
use crate::columns::{self, END_OF_RECORD, FIELD_COUNT, NAMES};
use crate::options::Options;

/// The length of a `Court Number`.
const COURT_NUMBER_LENGTH: usize = 8;

/// The length a `CII` is padded or cut to.
const CII_LENGTH: usize = 8;

/// The `step_raw` label of the court entry of a row.
pub const COURT_STEP_LABEL: &str = "COURT";
/// The `step_raw` label of the booking entry of a row.
pub const BOOKING_STEP_LABEL: &str = "BOOKED";

/// One accepted data row: the person it belongs to and its charge entries.
pub struct Row {
    pub subject_id: String,
    pub name: Option<String>,
    pub date_of_birth: Option<PartialDate>,
    /// The court entry, then the booking entry when the row has a `Booked Charge`.
    pub charges: Vec<Charge>,
    /// The row's `Chg Disp` code when the county's table lacks it.
    pub unmapped: Option<UnmappedCode>,
}

/// The outcome of parsing one line.
pub enum Parsed {
    /// An accepted row, with warnings about fields treated as missing or repaired.
    Accepted(Box<Row>, Vec<Diagnostic>),
    /// A rejected row and the one error that rejects it.
    Rejected(Diagnostic),
    /// A line that contains only padding, which is not a data row.
    Blank,
}

/// The settings every row is read with: the options, the as-of date, and the counts numbered
/// so far.
pub struct RowContext {
    pub options: Options,
    pub as_of: PartialDate,
    /// The number of charges seen so far in each case, by `Court Number` and `Ind`. It numbers
    /// each charge within its case, because the export has no count number.
    count_numbers: BTreeMap<(String, String), u32>,
}

impl RowContext {
    pub fn new(options: Options, as_of: PartialDate) -> RowContext {
        RowContext { options, as_of, count_numbers: BTreeMap::new() }
    }

    fn next_count_number(&mut self, court_number: &str, defendant: &str) -> u32 {
        let number = self.count_numbers.entry((court_number.to_string(), defendant.to_string())).or_insert(0);
        *number += 1;
        *number
    }
}

/// Splits a line into its `~`-separated fields without decoding them.
pub fn split_fields(line: &[u8]) -> Vec<&[u8]> {
    line.split(|&byte| byte == b'~').collect()
}

/// Returns `bytes` without leading and trailing padding: ASCII whitespace, NUL, and the
/// no-break space, which is byte 0xA0 in Windows-1252.
pub fn trim_bytes(bytes: &[u8]) -> &[u8] {
    let is_padding = |byte: &u8| matches!(byte, b' ' | b'\t' | b'\r' | b'\n' | 0x0B | 0x0C | 0x00 | 0xA0);
    let start = bytes.iter().position(|byte| !is_padding(byte)).unwrap_or(bytes.len());
    let end = bytes.iter().rposition(|byte| !is_padding(byte)).map_or(start, |last| last + 1);
    &bytes[start..end]
}

/// Checks a data line and builds its row. The first problem found rejects the whole row, so a
/// rejected row carries exactly one error.
pub fn parse(line: u64, bytes: &[u8], context: &mut RowContext) -> Parsed {
    if trim_bytes(bytes).is_empty() {
        return Parsed::Blank;
    }
    let fields = split_fields(bytes);
    if fields.last().is_none_or(|last| trim_bytes(last) != END_OF_RECORD.as_bytes()) {
        return Parsed::Rejected(error(
            codes::MISSING_EOR,
            line,
            None,
            "the line does not end with the field EOR, so it was cut short; the row is not used".into(),
        ));
    }
    if fields.len() != FIELD_COUNT {
        return Parsed::Rejected(error(
            codes::FIELD_COUNT,
            line,
            None,
            format!(
                "expected {FIELD_COUNT} fields ending with EOR, found {}; fields are never shifted to fit",
                fields.len()
            ),
        ));
    }

    let mut warnings = Vec::new();
    let values = decode_fields(&fields, line, &mut warnings);
    if let Err(diagnostic) = check_keys(&values, line) {
        return Parsed::Rejected(diagnostic);
    }
    let levels = match check_levels(&values, line) {
        Ok(levels) => levels,
        Err(diagnostic) => return Parsed::Rejected(diagnostic),
    };
    check_cii(&values, line, &mut warnings);

    let dates = read_dates(&values, line, context, &mut warnings);
    let count_number = context.next_count_number(&values[columns::COURT_NUMBER], &values[columns::IND]);
    let (court, unmapped) = court_entry(&values, &levels, &dates, count_number, line, context, &mut warnings);
    let mut charges = vec![court];
    charges.extend(booking_entry(&values, &levels, &dates, count_number, line, context));

    let row = Row {
        subject_id: values[columns::SFNO].to_string(),
        name: parse_slashed(&values[columns::TRUENAME]).to_last_first(),
        date_of_birth: dates.birth,
        charges,
        unmapped,
    };
    Parsed::Accepted(Box::new(row), warnings)
}

/// Decodes and trims every field from Windows-1252, except the SSN and driver's licence
/// number, which stay empty. An undecodable byte or a control character inside a value is
/// replaced by U+FFFD and reported once per field.
fn decode_fields<'a>(fields: &[&'a [u8]], line: u64, warnings: &mut Vec<Diagnostic>) -> Vec<Cow<'a, str>> {
    fields
        .iter()
        .enumerate()
        .map(|(index, raw)| {
            if columns::is_never_read(index) {
                return Cow::Borrowed("");
            }
            let decoded = decode(trim_bytes(raw), Encoding::Windows1252);
            if decoded.is_clean() {
                return decoded.text;
            }
            warnings.push(warning(
                codes::INVALID_CHARACTER,
                line,
                Some(index),
                format!(
                    "{} contains a byte that is not a Windows-1252 character, or a control character; \
                     it is replaced by U+FFFD",
                    NAMES[index]
                ),
            ));
            let mut text: Vec<char> = decoded.text.chars().collect();
            // Windows-1252 has one byte per character, so a byte offset is a character index.
            for problem in &decoded.problems {
                text[problem.offset] = char::REPLACEMENT_CHARACTER;
            }
            Cow::Owned(text.into_iter().collect())
        })
        .collect()
}

/// Rejects a row without the fields that place it: the person and the case.
fn check_keys(values: &[Cow<'_, str>], line: u64) -> Result<(), Diagnostic> {
    if values[columns::SFNO].is_empty() {
        return Err(error(
            codes::MISSING_VALUE,
            line,
            Some(columns::SFNO),
            "SFNO is missing; a row without a person number cannot be grouped with its person".into(),
        ));
    }
    let court_number = &values[columns::COURT_NUMBER];
    if court_number.is_empty() {
        return Err(error(
            codes::MISSING_VALUE,
            line,
            Some(columns::COURT_NUMBER),
            "Court Number is missing; a row without a case number cannot be placed in a case".into(),
        ));
    }
    if court_number.chars().count() != COURT_NUMBER_LENGTH {
        return Err(error(
            codes::INVALID_VALUE,
            line,
            Some(columns::COURT_NUMBER),
            format!("Court Number is invalid: expected {COURT_NUMBER_LENGTH} characters, zero-padded"),
        ));
    }
    let defendant = &values[columns::IND];
    if !defendant.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(error(
            codes::INVALID_VALUE,
            line,
            Some(columns::IND),
            "Ind is invalid: expected the defendant number in digits, such as 01, or blank".into(),
        ));
    }
    Ok(())
}

/// The row's levels from its three level columns, each `None` when blank.
struct Levels {
    charge: Option<Level>,
    current: Option<Level>,
    booked: Option<Level>,
}

fn check_levels(values: &[Cow<'_, str>], line: u64) -> Result<Levels, Diagnostic> {
    let level = |column: usize| {
        parse_level(&values[column]).map_err(|()| {
            error(
                codes::INVALID_VALUE,
                line,
                Some(column),
                format!("{} is invalid: expected F, M, I or blank", NAMES[column]),
            )
        })
    };
    Ok(Levels {
        charge: level(columns::CHARGE_LEVEL)?,
        current: level(columns::CURRENT_LEVEL)?,
        booked: level(columns::BOOKED_CHARGE_LEVEL)?,
    })
}

/// Parses `F`, `M` or `I` in either case, or blank.
fn parse_level(value: &str) -> Result<Option<Level>, ()> {
    match value {
        "" => Ok(None),
        "F" | "f" => Ok(Some(Level::Felony)),
        "M" | "m" => Ok(Some(Level::Misdemeanor)),
        "I" | "i" => Ok(Some(Level::Infraction)),
        _ => Err(()),
    }
}

/// Warns when `CII` is not a state id. The value itself is never copied to the output.
fn check_cii(values: &[Cow<'_, str>], line: u64, warnings: &mut Vec<Diagnostic>) {
    let cii = &values[columns::CII];
    if !cii.is_empty() && normalize_cii(cii).is_none() {
        warnings.push(warning(
            codes::INVALID_CII,
            line,
            Some(columns::CII),
            "CII is invalid: expected digits only; it is ignored".into(),
        ));
    }
}

/// Normalizes a state id: pads it with leading zeros to 8 digits and keeps only the last 8
/// when it is longer. Returns `None` for a value that is empty or not all digits.
pub fn normalize_cii(value: &str) -> Option<String> {
    if value.is_empty() || !value.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let kept = &value[value.len().saturating_sub(CII_LENGTH)..];
    Some(format!("{kept:0>CII_LENGTH$}"))
}

/// The row's dates with their years resolved; each is `None` when blank or invalid.
struct Dates {
    case_disposition: Option<PartialDate>,
    filed: Option<PartialDate>,
    charge: Option<PartialDate>,
    charge_disposition: Option<PartialDate>,
    booked: Option<PartialDate>,
    birth: Option<PartialDate>,
}

/// Reads the row's `MMDDYY` dates. Event dates take the latest year not after the as-of date.
/// The date of birth takes the latest year at least 10 years before the earliest of this row's
/// event dates.
fn read_dates(
    values: &[Cow<'_, str>],
    line: u64,
    context: &RowContext,
    warnings: &mut Vec<Diagnostic>,
) -> Dates {
    let as_of = context.as_of;
    let mut event = |column: usize| {
        let short = short_date(values, column, line, warnings)?;
        resolve_event(short, &as_of)
            .map_err(|reason| warnings.push(invalid_date(column, line, &reason.to_string())))
            .ok()
    };
    let case_disposition = event(columns::DISPO_DATE);
    let filed = event(columns::FIRST_FILED);
    let charge = event(columns::CHARGE_DATE);
    let charge_disposition = event(columns::CH_DISPO_DATE);
    let booked = event(columns::BOOKED_CHARGE_DATE);

    let events = [case_disposition, filed, charge, charge_disposition, booked];
    let earliest_event = earliest(events.iter().flatten());
    let birth = short_date(values, columns::DOB, line, warnings).and_then(|short| {
        resolve_birth(short, earliest_event.as_ref(), &as_of)
            .map_err(|reason| warnings.push(invalid_date(columns::DOB, line, &reason.to_string())))
            .ok()
    });
    Dates { case_disposition, filed, charge, charge_disposition, booked, birth }
}

fn short_date(
    values: &[Cow<'_, str>],
    column: usize,
    line: u64,
    warnings: &mut Vec<Diagnostic>,
) -> Option<clearway_sdk::years::ShortDate> {
    parse_mmddyy(&values[column])
        .map_err(|reason| warnings.push(invalid_date(column, line, &format!("{reason} (expected MMDDYY)"))))
        .ok()
        .flatten()
}

fn invalid_date(column: usize, line: u64, reason: &str) -> Diagnostic {
    warning(
        codes::INVALID_DATE,
        line,
        Some(column),
        format!("{} is not a valid date because {reason}, so it is treated as missing", NAMES[column]),
    )
}

/// Builds the court entry: the charge at disposition, and its ruling. Returns
/// the `Chg Disp` code too when the county's table lacks it.
fn court_entry(
    values: &[Cow<'_, str>],
    levels: &Levels,
    dates: &Dates,
    count_number: u32,
    line: u64,
    context: &RowContext,
    warnings: &mut Vec<Diagnostic>,
) -> (Charge, Option<UnmappedCode>) {
    let code = &values[columns::CHG_DISP];
    let description = &values[columns::CHARGE_DISPOSITION_DESCRIPTION];
    let table = &context.options.dispositions;
    let (disposition, meaning, unmapped) = if code.is_empty() {
        (Disposition::Pending, None, None)
    } else {
        match table.lookup(code) {
            Lookup::Known(meaning) => (meaning.disposition(), Some(meaning), None),
            Lookup::Unrecognized(code) => {
                (Disposition::Unrecognized, None, Some(table.unmapped(code, non_empty(description), line)))
            }
        }
    };
    let disposition_raw = match (code.is_empty(), description.is_empty()) {
        (true, true) => None,
        (false, true) => Some(code.to_string()),
        (true, false) => Some(description.to_string()),
        (false, false) => Some(format!("{code} {description}")),
    }
    .map(|text| FieldText { field: NAMES[columns::CHG_DISP].into(), text });

    let (disposition_date, disposition_date_field) = if code.is_empty() {
        (None, None)
    } else if let Some(date) = dates.charge_disposition {
        (Some(date), Some(NAMES[columns::CH_DISPO_DATE].to_string()))
    } else if let Some(date) = dates.case_disposition {
        (Some(date), Some(NAMES[columns::DISPO_DATE].to_string()))
    } else {
        (None, None)
    };

    let (level, level_field) = court_level(levels, meaning, line, warnings);
    let charge = Charge {
        rows: vec![line],
        cycle_id: values[columns::COURT_NUMBER].to_string(),
        cycle_date: dates.charge,
        cycle_age: None,
        step: StepKind::Court,
        step_raw: COURT_STEP_LABEL.into(),
        step_date: disposition_date.or(dates.filed),
        count_id: count_id(values, count_number),
        case_number: Some(values[columns::COURT_NUMBER].to_string()),
        county: Some(context.options.county.clone()),
        charged: field_text(values, columns::CURRENT_CHARGE),
        convicted: None,
        comment: field_text(values, columns::CURRENT_CHARGE_DESCRIPTION),
        level,
        level_field: level_field.map(|column| NAMES[column].to_string()),
        disposition,
        disposition_raw,
        disposition_date,
        disposition_date_field,
        sentence: Vec::new(),
    };
    (charge, unmapped)
}

/// Picks the court entry's level from the strongest source: a disposition code that reduces
/// the charge (PC 17(b)), then `Current Level`, then `Charge Level` as filed. Warns when
/// `Current Level` disagrees with the reduction.
fn court_level(
    levels: &Levels,
    meaning: Option<DispositionMeaning>,
    line: u64,
    warnings: &mut Vec<Diagnostic>,
) -> (Level, Option<usize>) {
    let reduced = meaning.and_then(DispositionMeaning::reduced_level);
    if let (Some(reduced), Some(current)) = (reduced, levels.current)
        && reduced != current
    {
        warnings.push(warning(
            codes::LEVEL_CONFLICT,
            line,
            Some(columns::CURRENT_LEVEL),
            "Current Level differs from the level that the Chg Disp code reduces the charge to; \
             the code's level is used"
                .into(),
        ));
    }
    let sources = [(reduced, columns::CHG_DISP), (levels.current, columns::CURRENT_LEVEL), (levels.charge, columns::CHARGE_LEVEL)];
    sources
        .into_iter()
        .find_map(|(level, column)| level.map(|level| (level, Some(column))))
        .unwrap_or((Level::Unknown, None))
}

/// Builds the booking entry from `Booked Charge`, in the same cycle and with the same count
/// id as the court entry, so that the classifier can compare the arrest charge with the conviction.
fn booking_entry(
    values: &[Cow<'_, str>],
    levels: &Levels,
    dates: &Dates,
    count_number: u32,
    line: u64,
    context: &RowContext,
) -> Option<Charge> {
    let charged = field_text(values, columns::BOOKED_CHARGE)?;
    Some(Charge {
        rows: vec![line],
        cycle_id: values[columns::COURT_NUMBER].to_string(),
        cycle_date: dates.charge,
        cycle_age: None,
        step: StepKind::Arrest,
        step_raw: BOOKING_STEP_LABEL.into(),
        step_date: dates.booked,
        count_id: count_id(values, count_number),
        case_number: Some(values[columns::COURT_NUMBER].to_string()),
        county: Some(context.options.county.clone()),
        charged: Some(charged),
        convicted: None,
        comment: None,
        level: levels.booked.unwrap_or(Level::Unknown),
        level_field: levels.booked.map(|_| NAMES[columns::BOOKED_CHARGE_LEVEL].to_string()),
        disposition: Disposition::Unknown,
        disposition_raw: None,
        disposition_date: None,
        disposition_date_field: None,
        sentence: Vec::new(),
    })
}

/// Builds a count id from the case, the defendant number and the charge's place in the case.
fn count_id(values: &[Cow<'_, str>], count_number: u32) -> String {
    format!("{}-{}-{count_number}", values[columns::COURT_NUMBER], values[columns::IND])
}

fn field_text(values: &[Cow<'_, str>], column: usize) -> Option<FieldText> {
    non_empty(&values[column]).map(|text| FieldText { field: NAMES[column].into(), text: text.into() })
}

/// Builds an error diagnostic; `message` must not contain any field value.
pub fn error(code: &str, line: u64, column: Option<usize>, message: String) -> Diagnostic {
    Diagnostic { code: code.into(), severity: Severity::Error, row: line, field: column.map(|column| NAMES[column].into()), message }
}

/// Builds a warning diagnostic; `message` must not contain any field value.
pub fn warning(code: &str, line: u64, column: Option<usize>, message: String) -> Diagnostic {
    Diagnostic {
        code: code.into(),
        severity: Severity::Warning,
        row: line,
        field: column.map(|column| NAMES[column].into()),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cii_padding_and_cutting() {
        assert_eq!(normalize_cii("1234567").as_deref(), Some("01234567"));
        assert_eq!(normalize_cii("12345678").as_deref(), Some("12345678"));
        assert_eq!(normalize_cii("0012345678").as_deref(), Some("12345678"));
        assert_eq!(normalize_cii("A1234567"), None);
        assert_eq!(normalize_cii(""), None);
    }

    #[test]
    fn trim_bytes_removes_padding() {
        assert_eq!(trim_bytes(b"  11357(C)HS   "), b"11357(C)HS");
        assert_eq!(trim_bytes(b"\xA0X\x00"), b"X");
        assert_eq!(trim_bytes(b"   "), b"");
    }

    #[test]
    fn levels_parse() {
        assert!(matches!(parse_level("F"), Ok(Some(Level::Felony))));
        assert!(matches!(parse_level("m"), Ok(Some(Level::Misdemeanor))));
        assert!(matches!(parse_level(""), Ok(None)));
        assert!(parse_level("FEL").is_err());
    }
}
