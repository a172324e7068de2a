//! Checks one data row and turns it into a charge entry, or rejects it.

use clearway_sdk::csv_records::{CsvRecord, DEFAULT_MAX_FIELDS, DEFAULT_MAX_RECORD_BYTES};
use clearway_sdk::dates::parse_yyyymmdd;
use clearway_sdk::fields::{non_empty, strip_filler, trim};
use clearway_sdk::{
    Charge, Diagnostic, Disposition, FieldText, Level, PartialDate, SentenceKind, SentencePart,
    Severity, StepKind, TimeUnit,
};

use crate::codes;
use crate::columns::{self, FIELD_COUNT, NAMES};

/// The oldest age at a cycle that the adapter accepts as a real value.
const MAX_CYCLE_AGE: u8 = 150;

/// One accepted data row: the person it belongs to and its charge entry.
pub struct Row {
    pub subject_id: String,
    pub name: Option<String>,
    pub date_of_birth: Option<PartialDate>,
    /// `CNT_ORDER`, which identifies the count within the subject.
    pub count_id: String,
    /// The row's charge entry, with this row's line as its only row and at most one
    /// sentence part.
    pub charge: Charge,
}

/// The outcome of parsing one record.
pub enum Parsed {
    /// An accepted row, with warnings about fields treated as missing.
    Accepted(Box<Row>, Vec<Diagnostic>),
    /// A rejected row and the error that rejects it.
    Rejected(Diagnostic),
    /// A line that contains only padding, which is not a data row.
    Blank,
}

/// Returns true when a record is a line that is empty after trimming.
pub fn is_blank(record: &CsvRecord<'_>) -> bool {
    !record.too_long()
        && record.len() == 1
        && record
            .get(0)
            .is_some_and(|field| std::str::from_utf8(field).is_ok_and(|text| trim(text).is_empty()))
}

/// Checks a data record and builds its row. The first problem found rejects the whole row,
/// so a rejected row carries exactly one error.
pub fn parse(record: &CsvRecord<'_>) -> Parsed {
    let line = record.line();
    if is_blank(record) {
        return Parsed::Blank;
    }
    if record.too_long() {
        return Parsed::Rejected(error(
            codes::ROW_TOO_LONG,
            line,
            None,
            format!(
                "the row is longer than {} bytes or {DEFAULT_MAX_FIELDS} fields; check for a quote that is never closed",
                DEFAULT_MAX_RECORD_BYTES
            ),
        ));
    }
    if record.len() != FIELD_COUNT {
        return Parsed::Rejected(error(
            codes::FIELD_COUNT,
            line,
            None,
            format!(
                "expected {FIELD_COUNT} fields, found {}; fields are never shifted to fit",
                record.len()
            ),
        ));
    }

    let values = match clean_fields(record) {
        Ok(values) => values,
        Err(diagnostic) => return Parsed::Rejected(diagnostic),
    };
    let checked = match check_domains(&values, line) {
        Ok(checked) => checked,
        Err(diagnostic) => return Parsed::Rejected(diagnostic),
    };

    let mut warnings = Vec::new();
    let mut date = |column: usize| read_date(&values, column, line, &mut warnings);
    let date_of_birth = date(columns::PRI_DOB);
    let cycle_date = date(columns::CYC_DATE);
    let step_date = date(columns::STP_EVENT_DATE);
    let disp_date = date(columns::DISP_DATE);

    let charge = build_charge(&values, &checked, line, cycle_date, step_date, disp_date);
    let row = Row {
        subject_id: values[columns::SUBJECT_ID].to_string(),
        name: text(&values, columns::PRI_NAME),
        date_of_birth,
        count_id: values[columns::CNT_ORDER].to_string(),
        charge,
    };
    Parsed::Accepted(Box::new(row), warnings)
}

/// Decodes, trims and clears the fillers of every field.
fn clean_fields<'a>(record: &CsvRecord<'a>) -> Result<Vec<&'a str>, Diagnostic> {
    let line = record.line();
    let mut values = Vec::with_capacity(FIELD_COUNT);
    for (index, bytes) in record.iter().enumerate() {
        let Ok(raw) = std::str::from_utf8(bytes) else {
            return Err(error(
                codes::INVALID_UTF8,
                line,
                Some(index),
                format!(
                    "{} is not valid UTF-8; the file must be UTF-8 encoded",
                    NAMES[index]
                ),
            ));
        };
        if trim(raw).contains('\0') {
            return Err(error(
                codes::NUL_BYTE,
                line,
                Some(index),
                format!(
                    "{} contains a NUL byte inside its value; NUL is accepted only as padding",
                    NAMES[index]
                ),
            ));
        }
        values.push(strip_filler(raw, columns::fillers(index)));
    }
    Ok(values)
}

/// The values of the fields that have a closed set of allowed values, once checked.
struct Checked {
    conviction_level: Option<Level>,
    convicted_offense_level: Option<Level>,
    offense_level: Option<Level>,
    sentence_length: Option<u32>,
    cycle_age: Option<u8>,
}

/// Rejects a row whose fields fall outside their domain, checking in column order.
fn check_domains(values: &[&str], line: u64) -> Result<Checked, Diagnostic> {
    let invalid = |column: usize, expected: &str| {
        error(
            codes::INVALID_VALUE,
            line,
            Some(column),
            format!("{} is invalid: expected {expected}", NAMES[column]),
        )
    };
    let missing = |column: usize, reason: &str| {
        error(
            codes::MISSING_VALUE,
            line,
            Some(column),
            format!("{} is missing; {reason}", NAMES[column]),
        )
    };

    if values[columns::SUBJECT_ID].is_empty() {
        return Err(missing(
            columns::SUBJECT_ID,
            "a row without a subject id cannot be grouped with its person",
        ));
    }
    let count_order = values[columns::CNT_ORDER];
    if count_order.is_empty() {
        return Err(missing(
            columns::CNT_ORDER,
            "a row without a count number cannot be told apart from other counts",
        ));
    }
    if count_order.len() != 12 || !count_order.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(invalid(
            columns::CNT_ORDER,
            "12 digits: cycle, step and count numbers of 3 digits each, then 000",
        ));
    }
    let offense_level = parse_toc(values[columns::OFFENSE_TOC])
        .map_err(|()| invalid(columns::OFFENSE_TOC, "F, M, I or blank"))?;
    let convicted_offense_level = parse_toc(values[columns::CONV_OFFENSE_TOC])
        .map_err(|()| invalid(columns::CONV_OFFENSE_TOC, "F, M, I or blank"))?;
    let conviction_level = parse_level_word(values[columns::CONV_STAT_DESCR]).map_err(|()| {
        invalid(
            columns::CONV_STAT_DESCR,
            "FELONY, MISDEMEANOR, INFRACTION or blank",
        )
    })?;
    let sentence_length = parse_optional_number::<u32>(values[columns::SENT_LENGTH])
        .map_err(|()| invalid(columns::SENT_LENGTH, "a whole number or blank"))?;
    if time_unit_from_code(values[columns::SENT_TIME_CODE]).is_none() {
        return Err(invalid(columns::SENT_TIME_CODE, "D, M, Y or blank"));
    }
    let cycle_age = parse_optional_number::<u8>(values[columns::CYC_AGE])
        .ok()
        .filter(|age| age.is_none_or(|age| age <= MAX_CYCLE_AGE))
        .ok_or_else(|| {
            invalid(
                columns::CYC_AGE,
                &format!("a whole number of years from 0 to {MAX_CYCLE_AGE} or blank"),
            )
        })?;

    Ok(Checked {
        conviction_level,
        convicted_offense_level,
        offense_level,
        sentence_length,
        cycle_age,
    })
}

/// Parses a type-of-charge code: `F`, `M` or `I`, or blank.
fn parse_toc(value: &str) -> Result<Option<Level>, ()> {
    match value.to_ascii_uppercase().as_str() {
        "" => Ok(None),
        "F" => Ok(Some(Level::Felony)),
        "M" => Ok(Some(Level::Misdemeanor)),
        "I" => Ok(Some(Level::Infraction)),
        _ => Err(()),
    }
}

/// Parses a conviction status: `FELONY`, `MISDEMEANOR` or `INFRACTION`, or blank.
fn parse_level_word(value: &str) -> Result<Option<Level>, ()> {
    match value.to_ascii_uppercase().as_str() {
        "" => Ok(None),
        "FELONY" => Ok(Some(Level::Felony)),
        "MISDEMEANOR" => Ok(Some(Level::Misdemeanor)),
        "INFRACTION" => Ok(Some(Level::Infraction)),
        _ => Err(()),
    }
}

/// Parses a blank value as `None` and a run of ASCII digits as a number.
fn parse_optional_number<T: std::str::FromStr>(value: &str) -> Result<Option<T>, ()> {
    if value.is_empty() {
        return Ok(None);
    }
    if !value.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(());
    }
    value.parse().map(Some).map_err(|_| ())
}

/// Maps `SENT_TIME_CODE` to a unit; `None` means the code is outside its domain.
fn time_unit_from_code(value: &str) -> Option<TimeUnit> {
    match value.to_ascii_uppercase().as_str() {
        "" => Some(TimeUnit::Unknown),
        "D" => Some(TimeUnit::Days),
        "M" => Some(TimeUnit::Months),
        "Y" => Some(TimeUnit::Years),
        _ => None,
    }
}

/// Parses a date column. An unparseable value becomes a warning and the date is missing.
fn read_date(
    values: &[&str],
    column: usize,
    line: u64,
    warnings: &mut Vec<Diagnostic>,
) -> Option<PartialDate> {
    match parse_yyyymmdd(values[column]) {
        Ok(date) => date,
        Err(reason) => {
            warnings.push(Diagnostic {
                code: codes::INVALID_DATE.into(),
                severity: Severity::Warning,
                row: line,
                field: Some(NAMES[column].into()),
                message: format!(
                    "{} is not a valid date because {reason}; it is treated as missing",
                    NAMES[column]
                ),
            });
            None
        }
    }
}

fn build_charge(
    values: &[&str],
    checked: &Checked,
    line: u64,
    cycle_date: Option<PartialDate>,
    step_date: Option<PartialDate>,
    disp_date: Option<PartialDate>,
) -> Charge {
    let count_order = values[columns::CNT_ORDER];
    // CNT_ORDER starts with the 3-digit cycle number, which is used when CYC_ORDER is empty.
    let cycle_id = non_empty(values[columns::CYC_ORDER])
        .unwrap_or(&count_order[..3])
        .to_string();

    let step_raw = values[columns::STP_TYPE_DESCR];
    let charged = field_text(values, columns::OFFENSE_DESCR)
        .filter(|offense| !offense.text.eq_ignore_ascii_case("SEE COMMENT FOR CHARGE"));
    let (level, level_field) = level(checked);

    let disposition_raw = field_text(values, columns::DISP_DESCR);
    let disposition = disposition_raw
        .as_ref()
        .map_or(Disposition::Unknown, |raw| map_disposition(&raw.text));
    // A disposition date is only given for an entry that has a disposition.
    let (disposition_date, disposition_date_field) = match (&disposition_raw, disp_date, step_date)
    {
        (None, _, _) => (None, None),
        (Some(_), Some(date), _) => (Some(date), Some(NAMES[columns::DISP_DATE].to_string())),
        (Some(_), None, Some(date)) => {
            (Some(date), Some(NAMES[columns::STP_EVENT_DATE].to_string()))
        }
        (Some(_), None, None) => (None, None),
    };

    Charge {
        rows: vec![line],
        cycle_id,
        cycle_date,
        cycle_age: checked.cycle_age,
        step: map_step(step_raw),
        step_raw: step_raw.to_string(),
        step_date,
        count_id: count_order.to_string(),
        case_number: text(values, columns::FE_NUM_CRT_CASE).or_else(|| text(values, columns::OFN)),
        county: text(values, columns::STP_ORI_CNTY_NAME),
        charged,
        convicted: field_text(values, columns::CONV_OFFENSE_DESCR),
        comment: field_text(values, columns::COMMENT_TEXT),
        level,
        level_field: level_field.map(|column| NAMES[column].to_string()),
        disposition,
        disposition_raw,
        disposition_date,
        disposition_date_field,
        sentence: sentence_part(values, checked).into_iter().collect(),
    }
}

/// Picks the level from the strongest source that has one: the conviction status, then
/// the convicted offense's type of charge, then the charged offense's.
fn level(checked: &Checked) -> (Level, Option<usize>) {
    let sources = [
        (checked.conviction_level, columns::CONV_STAT_DESCR),
        (checked.convicted_offense_level, columns::CONV_OFFENSE_TOC),
        (checked.offense_level, columns::OFFENSE_TOC),
    ];
    sources
        .into_iter()
        .find_map(|(level, column)| level.map(|level| (level, Some(column))))
        .unwrap_or((Level::Unknown, None))
}

/// Maps `STP_TYPE_DESCR` to a step kind.
pub fn map_step(raw: &str) -> StepKind {
    match raw.to_ascii_uppercase().as_str() {
        "ARREST/DETAINED/CITED" => StepKind::Arrest,
        "COURT ACTION" => StepKind::Court,
        "REGISTRATION" => StepKind::Registration,
        "DECEASED" => StepKind::Deceased,
        _ => StepKind::Other,
    }
}

/// Values of `DISP_DESCR`, matched at the start of the value, that are not convictions and
/// not rulings of innocence: prosecutor rejections and releases, and hand-overs to another
/// agency.
const OTHER_NON_CONVICTIONS: &[&str] = &["PROS REJ", "PROS REL", "REL/TOT", "DETENTION ONLY"];

/// Maps a non-empty `DISP_DESCR` value to a disposition; a value outside the table is
/// `Unrecognized`, never a guess.
pub fn map_disposition(raw: &str) -> Disposition {
    let value = raw.to_ascii_uppercase();
    let starts = |prefix: &str| value.starts_with(prefix);
    if starts("CONVICTED") {
        Disposition::Convicted
    } else if starts("DISMISSED") {
        Disposition::Dismissed
    } else if starts("ACQUITTED") || starts("NOT GUILTY") {
        Disposition::Acquitted
    } else if starts("PENDING") {
        Disposition::Pending
    } else if OTHER_NON_CONVICTIONS.iter().any(|prefix| starts(prefix)) {
        Disposition::Other
    } else {
        Disposition::Unrecognized
    }
}

/// Builds the row's sentence part, or `None` when every sentence field is empty.
fn sentence_part(values: &[&str], checked: &Checked) -> Option<SentencePart> {
    let sentence_columns = [
        columns::SENT_LOC_CODE,
        columns::SENT_LOC_DESCR,
        columns::SENT_LENGTH,
        columns::SENT_TIME_CODE,
        columns::SENT_TIME_DESCR,
    ];
    let raw: Vec<&str> = sentence_columns
        .iter()
        .map(|&column| values[column])
        .filter(|value| !value.is_empty())
        .collect();
    if raw.is_empty() {
        return None;
    }
    let kind = match values[columns::SENT_LOC_DESCR]
        .to_ascii_uppercase()
        .as_str()
    {
        "JAIL" => SentenceKind::Jail,
        "PRISON" => SentenceKind::Prison,
        "PROBATION" => SentenceKind::Probation,
        "FINE" => SentenceKind::Fine,
        _ => SentenceKind::Other,
    };
    let mut unit =
        time_unit_from_code(values[columns::SENT_TIME_CODE]).unwrap_or(TimeUnit::Unknown);
    if matches!(unit, TimeUnit::Unknown) {
        unit = match values[columns::SENT_TIME_DESCR]
            .to_ascii_uppercase()
            .as_str()
        {
            "DAYS" | "DAY" => TimeUnit::Days,
            "MONTHS" | "MONTH" => TimeUnit::Months,
            "YEARS" | "YEAR" => TimeUnit::Years,
            _ => TimeUnit::Unknown,
        };
    }
    Some(SentencePart {
        kind,
        length: checked.sentence_length,
        unit,
        raw: raw.join(" "),
    })
}

fn text(values: &[&str], column: usize) -> Option<String> {
    non_empty(values[column]).map(str::to_string)
}

fn field_text(values: &[&str], column: usize) -> Option<FieldText> {
    text(values, column).map(|text| FieldText {
        field: NAMES[column].to_string(),
        text,
    })
}

/// Builds an error diagnostic; `message` must not contain any field value.
pub fn error(code: &str, line: u64, column: Option<usize>, message: String) -> Diagnostic {
    Diagnostic {
        code: code.into(),
        severity: Severity::Error,
        row: line,
        field: column.map(|column| NAMES[column].to_string()),
        message,
    }
}
