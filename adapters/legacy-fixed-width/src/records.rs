//! Reads the fields of one record of each type, checked against their domains.
//!
//! A problem comes back as a [`Rejection`], the error diagnostic of the row without its line.
//! No message repeats a value.

use clearway_sdk::PartialDate;
use clearway_sdk::fixed::{Field, FieldError, Kind, Problem, Record};
use clearway_sdk::years::{self, ShortDate};

use crate::codes;
use crate::layout::{self, case, charge, header, person};

/// The reason a row is rejected: its diagnostic code, field and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub code: &'static str,
    pub field: Option<&'static str>,
    pub message: String,
}

impl Rejection {
    pub fn new(code: &'static str, field: Option<&'static str>, message: String) -> Rejection {
        Rejection { code, field, message }
    }
}

impl From<FieldError> for Rejection {
    fn from(error: FieldError) -> Rejection {
        let is_date = layout::fields_of(b'H')
            .iter()
            .chain(layout::fields_of(b'P'))
            .chain(layout::fields_of(b'C'))
            .chain(layout::fields_of(b'K'))
            .any(|field| field.name == error.field && field.kind == Kind::Yymmdd);
        let code = if is_date { codes::INVALID_DATE } else { codes::INVALID_FIELD };
        Rejection::new(code, Some(error.field), error.describe())
    }
}

/// The header: the date every two-digit year is resolved against, and the county.
#[derive(Debug, Clone, Copy)]
pub struct Header {
    pub extract_date: PartialDate,
    pub county: &'static str,
}

/// A `P` record.
#[derive(Debug, Clone)]
pub struct PersonRow {
    pub person_number: String,
    pub name: String,
    pub date_of_birth: Option<ShortDate>,
    pub deceased: bool,
    pub registrant: bool,
}

/// A `C` record, with its filing date resolved.
#[derive(Debug, Clone)]
pub struct CaseRow {
    pub person_number: String,
    pub case_number: String,
    pub filing_date: PartialDate,
}

/// A `K` record, with its disposition date resolved.
#[derive(Debug, Clone)]
pub struct ChargeRow {
    pub case_number: String,
    pub sequence: u8,
    pub code: String,
    pub section: String,
    pub level: String,
    pub disposition: String,
    pub disposition_date: Option<PartialDate>,
    pub jail_days: u32,
    pub probation_months: u32,
    pub prison_months: u32,
    pub description: Option<String>,
}

/// Reads the `H` record. Returns the reason it is unusable as a message for the whole
/// input.
pub fn read_header(record: &Record<'_>) -> Result<Header, String> {
    let fail = |error: FieldError| format!("the H header record is invalid at {}", error.describe());
    record.check_all(header::FIELDS).map_err(fail)?;
    let date = record.date(&header::EXTRACT_DATE).map_err(fail)?.expect("a required date is present");
    // Every other date of the file is resolved against the extract date, so its own century
    // cannot come from the file. It is not resolved against the run's as-of date either,
    // because a run may apply the rules as of a date before the extract, which would move
    // every date of the file back by a century.
    let extract_date = date
        .in_century(20)
        .ok_or_else(|| fail(record.error(&header::EXTRACT_DATE, Problem::InvalidDay)))?;
    let code = record.number(&header::COUNTY_CODE).map_err(fail)?.expect("a required number is present");
    let county = layout::county_name(code).expect("the county code's range is 1 to 58");
    Ok(Header { extract_date, county })
}

pub fn read_person(record: &Record<'_>) -> Result<PersonRow, Rejection> {
    record.check_all(person::FIELDS)?;
    let text = |field: &Field| record.get(field).ok().flatten().map(str::to_string);
    let flag = |field: &Field| record.get(field).ok().flatten() == Some("Y");

    let last = text(&person::LAST_NAME).unwrap_or_default();
    let mut name = last;
    let given_names: Vec<String> = [&person::FIRST_NAME, &person::MIDDLE_NAME, &person::SUFFIX]
        .into_iter()
        .filter_map(text)
        .collect();
    if !given_names.is_empty() {
        name.push_str(", ");
        name.push_str(&given_names.join(" "));
    }
    Ok(PersonRow {
        person_number: text(&person::PERSON_NUMBER).unwrap_or_default(),
        name,
        date_of_birth: record.date(&person::DATE_OF_BIRTH)?,
        deceased: flag(&person::DECEASED),
        registrant: flag(&person::PC_290_REGISTRANT),
    })
}

pub fn read_case(record: &Record<'_>, extract: &PartialDate) -> Result<CaseRow, Rejection> {
    record.check_all(case::FIELDS)?;
    let text = |field: &Field| record.get(field).ok().flatten().unwrap_or_default().to_string();
    let filing = record.date(&case::FILING_DATE)?.expect("a required date is present");
    Ok(CaseRow {
        person_number: text(&case::PERSON_NUMBER),
        case_number: text(&case::CASE_NUMBER),
        filing_date: resolve_event(filing, extract, &case::FILING_DATE)?,
    })
}

pub fn read_charge(record: &Record<'_>, extract: &PartialDate) -> Result<ChargeRow, Rejection> {
    record.check_all(charge::FIELDS)?;
    let text = |field: &Field| record.get(field).ok().flatten().unwrap_or_default().to_string();
    let number = |field: &Field| -> Result<u32, Rejection> {
        let value = record.number(field)?.unwrap_or(0);
        // Every number field is at most 4 digits wide, so it fits.
        Ok(u32::try_from(value).unwrap_or(u32::MAX))
    };

    let section = text(&charge::SECTION);
    if !section.starts_with(|character: char| character.is_ascii_digit()) {
        return Err(Rejection::new(
            codes::INVALID_FIELD,
            Some(charge::SECTION.name),
            format!(
                "columns {}-{} ({}): expected a section number such as 11357(C), starting with a digit",
                charge::SECTION.first,
                charge::SECTION.last,
                charge::SECTION.name
            ),
        ));
    }
    let disposition_date = match record.date(&charge::DISPOSITION_DATE)? {
        Some(date) => Some(resolve_event(date, extract, &charge::DISPOSITION_DATE)?),
        None => None,
    };
    Ok(ChargeRow {
        case_number: text(&charge::CASE_NUMBER),
        sequence: u8::try_from(number(&charge::SEQUENCE)?).unwrap_or(u8::MAX),
        code: text(&charge::CODE),
        section,
        level: text(&charge::LEVEL),
        disposition: text(&charge::DISPOSITION),
        disposition_date,
        jail_days: number(&charge::JAIL_DAYS)?,
        probation_months: number(&charge::PROBATION_MONTHS)?,
        prison_months: number(&charge::PRISON_MONTHS)?,
        description: record.get(&charge::DESCRIPTION)?.map(str::to_string),
    })
}

/// Reads the trailer's record count, or returns why the trailer is unusable.
pub fn read_trailer(record: &Record<'_>) -> Result<u64, String> {
    record
        .number(&layout::trailer::RECORD_COUNT)
        .map(|count| count.unwrap_or(0))
        .map_err(|error| format!("the T trailer record is invalid at {}", error.describe()))
}

/// Resolves an event date against the extract date, or rejects the row when the date lies
/// after the extract date in both centuries.
fn resolve_event(date: ShortDate, extract: &PartialDate, field: &Field) -> Result<PartialDate, Rejection> {
    years::resolve_event(date, extract).map_err(|_| {
        Rejection::new(
            codes::INVALID_DATE,
            Some(field.name),
            format!(
                "columns {}-{} ({}): the date is after the header's extract date in both 19YY and 20YY, \
                 or is 29 February of a year without one",
                field.first, field.last, field.name
            ),
        )
    })
}
