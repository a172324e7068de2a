//! Fixed-width records: fields cut out by 1-based inclusive column ranges and checked
//! against their domains.
//!
//! A layout is a list of [`Field`]s, each with a name, its first and last column as the
//! format's documentation numbers them (column 1 is the first character), and a [`Kind`]
//! that defines which values are allowed. A [`Record`] is one decoded line; reading a field
//! from it checks the value against the field's kind, so a record shifted by a column fails
//! instead of giving values from the wrong columns.
//!
//! ```
//! use clearway_sdk::fixed::{Field, Record};
//!
//! const LEVEL: Field = Field::one_of("level", 3, 3, &["F", "M", "I"]);
//! const DAYS: Field = Field::digits("jail_days", 4, 7);
//!
//! let record = Record::new(12, "K1M0030");
//! assert_eq!(record.get(&LEVEL).unwrap(), Some("M"));
//! assert_eq!(record.number(&DAYS).unwrap(), Some(30));
//!
//! let shifted = Record::new(13, "K 1M003");
//! let error = shifted.get(&LEVEL).unwrap_err();
//! assert_eq!(error.to_string(), "line 13, column 3 (level): expected one of F, M, I");
//! ```
//!
//! Columns count characters, not bytes, so a record decoded from a single-byte encoding
//! such as Latin-1 keeps its columns when a character needs two bytes in UTF-8.
//!
//! Error messages name the line, the columns and the field but never the value, because
//! values in records are often personal data.

use std::fmt;

use crate::years::{self, ShortDate, ShortDateError};

/// The values a field allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Any characters, left-justified: a value may not start with a space. Trailing
    /// spaces are padding and are removed.
    Text,
    /// ASCII digits filling the whole field (right-justified and zero-padded), with a
    /// value from `min` to `max`.
    Digits { min: u64, max: u64 },
    /// Exactly one of the listed values once trailing spaces are removed from the field.
    OneOf(&'static [&'static str]),
    /// A date written `YYMMDD` with a two-digit year. `000000` is the missing date, which
    /// only an optional field allows.
    Yymmdd,
}

/// One field of a fixed-width layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    /// The first column, counting from 1.
    pub first: usize,
    /// The last column, inclusive.
    pub last: usize,
    pub kind: Kind,
    /// True when the field may be empty: all spaces, or `000000` for a date.
    pub optional: bool,
}

impl Field {
    /// Describes a field of any text in columns `first` to `last`, counted from 1.
    ///
    /// # Panics
    ///
    /// Panics when `first` is 0 or `last` is before `first`; in a `const` item the panic
    /// is a compile error.
    pub const fn text(name: &'static str, first: usize, last: usize) -> Field {
        Field::new(name, first, last, Kind::Text)
    }

    /// Describes a zero-padded number filling columns `first` to `last`.
    pub const fn digits(name: &'static str, first: usize, last: usize) -> Field {
        Field::new(name, first, last, Kind::Digits { min: 0, max: u64::MAX })
    }

    /// Describes a field whose value is one of `values`.
    pub const fn one_of(name: &'static str, first: usize, last: usize, values: &'static [&'static str]) -> Field {
        Field::new(name, first, last, Kind::OneOf(values))
    }

    /// Describes a `YYMMDD` date in columns `first` to `last`, which must be 6 columns wide.
    pub const fn yymmdd(name: &'static str, first: usize, last: usize) -> Field {
        assert!(last + 1 - first == 6, "a YYMMDD field is 6 columns wide");
        Field::new(name, first, last, Kind::Yymmdd)
    }

    const fn new(name: &'static str, first: usize, last: usize, kind: Kind) -> Field {
        assert!(first >= 1, "columns are counted from 1");
        assert!(last >= first, "the last column is before the first");
        Field { name, first, last, kind, optional: false }
    }

    /// Returns the same field, allowed to be empty.
    pub const fn optional(self) -> Field {
        Field { optional: true, ..self }
    }

    /// Returns the same digits field, limited to values from `min` to `max`.
    ///
    /// # Panics
    ///
    /// Panics when the field is not a digits field.
    pub const fn in_range(self, min: u64, max: u64) -> Field {
        assert!(matches!(self.kind, Kind::Digits { .. }), "only a digits field has a range");
        Field { kind: Kind::Digits { min, max }, ..self }
    }

    /// Returns the number of columns the field covers.
    pub const fn width(&self) -> usize {
        self.last + 1 - self.first
    }
}

/// The reason a field's value is outside its domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// The record ends before the field's last column.
    BeyondEnd { record_length: usize },
    /// A required field is empty.
    Missing,
    /// A text field starts with a space.
    NotLeftJustified,
    /// A digits or date field has a character that is not an ASCII digit.
    NotDigits,
    /// A digits field has a number outside its range.
    OutOfRange { min: u64, max: u64 },
    /// A one-of field has a value outside its list.
    NotInList(&'static [&'static str]),
    /// A date field's month is not 01 to 12.
    InvalidMonth,
    /// A date field's day is not a day of its month.
    InvalidDay,
}

/// A field whose value is outside its domain, with where it is. The message never
/// contains the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldError {
    /// The 1-based line of the record.
    pub line: u64,
    pub field: &'static str,
    pub first: usize,
    pub last: usize,
    pub problem: Problem,
}

impl FieldError {
    /// Returns the columns as the layout writes them: `65-70`, or `80` for one column.
    pub fn columns(&self) -> String {
        column_label(self.first, self.last)
    }

    /// Returns the message without the line, for a diagnostic that carries the line apart.
    pub fn describe(&self) -> String {
        let place = if self.first == self.last { "column" } else { "columns" };
        format!("{place} {} ({}): {}", self.columns(), self.field, self.problem)
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "line {}, {}", self.line, self.describe())
    }
}

impl std::error::Error for FieldError {}

impl fmt::Display for Problem {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::BeyondEnd { record_length } => {
                write!(formatter, "the record ends at column {record_length}, before this field")
            }
            Problem::Missing => formatter.write_str("the field is empty but required"),
            Problem::NotLeftJustified => {
                formatter.write_str("the value starts with a space; text fields are left-justified")
            }
            Problem::NotDigits => {
                formatter.write_str("expected digits in every column (zero-padded), found another character")
            }
            Problem::OutOfRange { min, max } => write!(formatter, "expected a number from {min} to {max}"),
            Problem::NotInList(values) => {
                let values: Vec<&str> = values.iter().map(|value| value.trim_end_matches(' ')).collect();
                write!(formatter, "expected one of {}", values.join(", "))
            }
            Problem::InvalidMonth => formatter.write_str("expected a date YYMMDD; the month is not 01 to 12"),
            Problem::InvalidDay => formatter.write_str("expected a date YYMMDD; the day is not in the month"),
        }
    }
}

fn column_label(first: usize, last: usize) -> String {
    if first == last { first.to_string() } else { format!("{first}-{last}") }
}

/// One fixed-width record: a decoded line without its line end, and its line number.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    line: u64,
    text: &'a str,
    /// True when every character is one byte, so columns are byte offsets.
    ascii: bool,
}

impl<'a> Record<'a> {
    pub fn new(line: u64, text: &'a str) -> Record<'a> {
        Record { line, text, ascii: text.is_ascii() }
    }

    /// Returns the 1-based line number of the record.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Returns the record's length in characters.
    pub fn len(&self) -> usize {
        if self.ascii { self.text.len() } else { self.text.chars().count() }
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Returns the field's columns exactly as the record has them, padding included.
    pub fn raw(&self, field: &Field) -> Result<&'a str, FieldError> {
        self.columns(field.first, field.last).ok_or_else(|| {
            self.error(field, Problem::BeyondEnd { record_length: self.len() })
        })
    }

    /// Checks the field against its kind and returns its value without trailing spaces, or
    /// `None` for an optional field that is empty.
    pub fn get(&self, field: &Field) -> Result<Option<&'a str>, FieldError> {
        let raw = self.raw(field)?;
        let value = raw.trim_end_matches(' ');
        let fail = |problem| Err(self.error(field, problem));

        let empty = match field.kind {
            Kind::Yymmdd => value.is_empty() || raw == "000000",
            _ => value.is_empty(),
        };
        if empty {
            return if field.optional { Ok(None) } else { fail(Problem::Missing) };
        }
        match field.kind {
            Kind::Text if value.starts_with(' ') => fail(Problem::NotLeftJustified),
            Kind::Text => Ok(Some(value)),
            Kind::OneOf(values) if values.iter().any(|allowed| allowed.trim_end_matches(' ') == value) => {
                Ok(Some(value))
            }
            Kind::OneOf(values) => fail(Problem::NotInList(values)),
            Kind::Digits { min, max } => match parse_digits(raw) {
                None => fail(Problem::NotDigits),
                Some(number) if number < min || number > max => fail(Problem::OutOfRange { min, max }),
                Some(_) => Ok(Some(raw)),
            },
            Kind::Yymmdd => parse_yymmdd(raw).map(|_| Some(raw)).map_err(|problem| self.error(field, problem)),
        }
    }

    /// Checks a digits field and returns its number, or `None` when an optional field is
    /// empty.
    pub fn number(&self, field: &Field) -> Result<Option<u64>, FieldError> {
        match self.get(field)? {
            None => Ok(None),
            Some(value) => parse_digits(value).map(Some).ok_or_else(|| self.error(field, Problem::NotDigits)),
        }
    }

    /// Checks a `YYMMDD` field and returns its date, or `None` for `000000` in an optional
    /// field. [`years`] resolves the date's century.
    ///
    /// 29 February is accepted in every year divisible by 4, because year `00` is a leap
    /// year as 2000 and not as 1900.
    pub fn date(&self, field: &Field) -> Result<Option<ShortDate>, FieldError> {
        match self.get(field)? {
            None => Ok(None),
            Some(value) => parse_yymmdd(value).map(Some).map_err(|problem| self.error(field, problem)),
        }
    }

    /// Checks every field in order and returns the first error.
    pub fn check_all(&self, fields: &[Field]) -> Result<(), FieldError> {
        fields.iter().try_for_each(|field| self.get(field).map(|_| ()))
    }

    /// Builds an error about `field` on this record's line.
    pub fn error(&self, field: &Field, problem: Problem) -> FieldError {
        FieldError { line: self.line, field: field.name, first: field.first, last: field.last, problem }
    }

    /// Returns columns `first` to `last` (1-based, inclusive), or `None` when the record
    /// is shorter.
    fn columns(&self, first: usize, last: usize) -> Option<&'a str> {
        if self.ascii {
            return self.text.get(first - 1..last);
        }
        let mut offsets = self.text.char_indices().map(|(offset, _)| offset).chain([self.text.len()]);
        let start = offsets.nth(first - 1)?;
        let end = offsets.nth(last - first)?;
        Some(&self.text[start..end])
    }
}

/// Parses a string of ASCII digits, or returns `None` for anything else or an overflow.
fn parse_digits(value: &str) -> Option<u64> {
    if value.is_empty() || !value.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    value.parse().ok()
}

/// Parses six digits as `YYMMDD` with the SDK's two-digit-year parser.
fn parse_yymmdd(value: &str) -> Result<ShortDate, Problem> {
    match years::parse_yymmdd(value) {
        Ok(Some(date)) => Ok(date),
        Ok(None) | Err(ShortDateError::WrongLength | ShortDateError::NotDigits) => Err(Problem::NotDigits),
        Err(ShortDateError::InvalidMonth) => Err(Problem::InvalidMonth),
        Err(ShortDateError::InvalidDay | ShortDateError::ZeroYear) => Err(Problem::InvalidDay),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAME: Field = Field::text("last_name", 2, 6);
    const COUNT: Field = Field::digits("count", 7, 9);
    const SEQUENCE: Field = Field::digits("sequence", 7, 8).in_range(1, 99);
    const CODE: Field = Field::one_of("code", 10, 12, &["HS ", "PC "]);
    const SUFFIX: Field = Field::one_of("suffix", 10, 12, &["JR ", "III"]).optional();
    const BORN: Field = Field::yymmdd("date_of_birth", 13, 18).optional();
    const FILED: Field = Field::yymmdd("filing_date", 13, 18);
    const CII: Field = Field::digits("cii", 19, 21).optional();

    //                       123456789012345678901
    const GOOD: &str = "PDOE  042HS 800229   ";

    fn record(text: &str) -> Record<'_> {
        Record::new(4, text)
    }

    fn problem(text: &str, field: &Field) -> Problem {
        record(text).get(field).unwrap_err().problem
    }

    #[test]
    fn reads_each_kind() {
        let good = record(GOOD);
        assert_eq!(good.get(&NAME).unwrap(), Some("DOE"));
        assert_eq!(good.raw(&NAME).unwrap(), "DOE  ");
        assert_eq!(good.number(&COUNT).unwrap(), Some(42));
        assert_eq!(good.get(&CODE).unwrap(), Some("HS"));
        assert_eq!(good.date(&BORN).unwrap(), Some(ShortDate { year: 80, month: 2, day: 29 }));
        assert_eq!(good.number(&CII).unwrap(), None);
        assert!(good.check_all(&[NAME, COUNT, CODE, BORN, FILED, CII]).is_ok());
    }

    #[test]
    fn optional_fields_may_be_empty() {
        let text = "PDOE  042HS 000000   ";
        assert_eq!(record(text).date(&BORN).unwrap(), None);
        assert_eq!(problem(text, &FILED), Problem::Missing);
        assert_eq!(record("PDOE  042      000000").get(&SUFFIX).unwrap(), None);
        assert_eq!(problem("P     042HS 800229   ", &NAME), Problem::Missing);
    }

    #[test]
    fn one_of_compares_without_trailing_spaces() {
        assert_eq!(record("PDOE  042III800229   ").get(&SUFFIX).unwrap(), Some("III"));
        assert_eq!(record("PDOE  042JR 800229   ").get(&SUFFIX).unwrap(), Some("JR"));
        assert_eq!(problem("PDOE  042 JR800229   ", &SUFFIX), Problem::NotInList(&["JR ", "III"]));
        assert_eq!(problem("PDOE  042hs 800229   ", &CODE), Problem::NotInList(&["HS ", "PC "]));
    }

    #[test]
    fn digits_fill_the_field() {
        assert_eq!(problem("PDOE   42HS 800229   ", &COUNT), Problem::NotDigits);
        assert_eq!(problem("PDOE  4 2HS 800229   ", &COUNT), Problem::NotDigits);
        assert_eq!(problem("PDOE  -42HS 800229   ", &COUNT), Problem::NotDigits);
        assert_eq!(problem("PDOE  042HS 800229 1 ", &CII), Problem::NotDigits);
        assert_eq!(record("PDOE  042HS 800229123").number(&CII).unwrap(), Some(123));
    }

    #[test]
    fn digits_range() {
        assert_eq!(record("PDOE  01 HS 800229   ").number(&SEQUENCE).unwrap(), Some(1));
        assert_eq!(record("PDOE  99 HS 800229   ").number(&SEQUENCE).unwrap(), Some(99));
        assert_eq!(problem("PDOE  00 HS 800229   ", &SEQUENCE), Problem::OutOfRange { min: 1, max: 99 });
    }

    #[test]
    fn text_is_left_justified() {
        assert_eq!(problem("P DOE 042HS 800229   ", &NAME), Problem::NotLeftJustified);
    }

    #[test]
    fn invalid_dates() {
        let cases = [
            ("800230", Problem::InvalidDay),
            ("810229", Problem::InvalidDay),
            ("800431", Problem::InvalidDay),
            ("800100", Problem::InvalidDay),
            ("801301", Problem::InvalidMonth),
            ("800001", Problem::InvalidMonth),
            ("80O101", Problem::NotDigits),
            ("8001 1", Problem::NotDigits),
        ];
        for (date, expected) in cases {
            let text = format!("PDOE  042HS {date}   ");
            assert_eq!(problem(&text, &FILED), expected, "date {date}");
        }
        let leap_in_year_00 = record("PDOE  042HS 000229   ").date(&FILED).unwrap();
        assert_eq!(leap_in_year_00, Some(ShortDate { year: 0, month: 2, day: 29 }));
    }

    #[test]
    fn shifted_record_fails() {
        let shifted = format!(" {}", &GOOD[..GOOD.len() - 1]);
        let error = record(&shifted).check_all(&[NAME, COUNT, CODE, BORN, FILED, CII]).unwrap_err();
        assert_eq!(error.field, "count");
        assert_eq!(error.problem, Problem::NotDigits);

        let shifted_left = format!("{} ", &GOOD[1..]);
        let error = record(&shifted_left).check_all(&[COUNT, CODE, BORN, FILED]).unwrap_err();
        assert_eq!(error.field, "count");
    }

    #[test]
    fn short_record() {
        let error = record("PDOE").get(&COUNT).unwrap_err();
        assert_eq!(error.problem, Problem::BeyondEnd { record_length: 4 });
    }

    #[test]
    fn columns_count_characters() {
        let text = "PMUÑOZ042HS 800229   ";
        assert_eq!(text.len(), 22, "Ñ takes two bytes");
        let latin = record(text);
        assert_eq!(latin.len(), 21);
        assert_eq!(latin.get(&NAME).unwrap(), Some("MUÑOZ"));
        assert_eq!(latin.number(&COUNT).unwrap(), Some(42));
        assert_eq!(latin.number(&CII).unwrap(), None);
        assert!(latin.get(&Field::text("past_end", 21, 22)).is_err());
    }

    #[test]
    fn message_names_place_not_value() {
        let error = record("PDOE  042HS 801301   ").get(&FILED).unwrap_err();
        let message = error.to_string();
        assert_eq!(message, "line 4, columns 13-18 (filing_date): expected a date YYMMDD; the month is not 01 to 12");
        assert!(!message.contains("801301"));
        assert_eq!(error.columns(), "13-18");

        let one_column = Field::one_of("level", 1, 1, &["F", "M"]);
        let error = record("X").get(&one_column).unwrap_err();
        assert_eq!(error.describe(), "column 1 (level): expected one of F, M");
    }
}
