//! Dates written as `YYYYMMDD`, as record systems store them.
//!
//! A record often has only part of a date. `YYYY0000` means only the year is known and
//! `YYYYMM00` only the year and month; both keep that precision in a [`PartialDate`].
//! An empty value and `00000000` mean the date is missing, which is not an error. Anything
//! else that is not a real calendar date is an error, and never becomes a default date.

use std::fmt;

use crate::PartialDate;

/// The reason a value is not a `YYYYMMDD` date. The message never repeats the value, because
/// dates in records are often personal data such as a date of birth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// The value does not have exactly 8 characters.
    WrongLength,
    /// A character is not an ASCII digit.
    NotDigits,
    /// The year is `0000` but the month or day is not zero.
    ZeroYear,
    /// The month is above 12.
    InvalidMonth,
    /// The day is not in the month, or is set while the month is `00`.
    InvalidDay,
}

impl fmt::Display for DateError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reason = match self {
            DateError::WrongLength => "it is not 8 characters long",
            DateError::NotDigits => "it contains a character that is not a digit",
            DateError::ZeroYear => "its year is 0000",
            DateError::InvalidMonth => "its month is not 01 to 12",
            DateError::InvalidDay => "its day is not in the month",
        };
        write!(
            formatter,
            "{reason}; expected YYYYMMDD, YYYYMM00 or YYYY0000"
        )
    }
}

impl std::error::Error for DateError {}

/// Parses a `YYYYMMDD` date that may be known only to the month or the year.
///
/// `value` should already be trimmed. Returns `Ok(None)` for an empty value or
/// `00000000`, which mean the date is missing.
pub fn parse_yyyymmdd(value: &str) -> Result<Option<PartialDate>, DateError> {
    if value.is_empty() || value == "00000000" {
        return Ok(None);
    }
    let bytes = value.as_bytes();
    if bytes.len() != 8 {
        return Err(DateError::WrongLength);
    }
    if !bytes.iter().all(u8::is_ascii_digit) {
        return Err(DateError::NotDigits);
    }
    let number = |range: std::ops::Range<usize>| {
        bytes[range]
            .iter()
            .fold(0u16, |total, digit| total * 10 + u16::from(digit - b'0'))
    };
    let year = number(0..4);
    let month = number(4..6) as u8;
    let day = number(6..8) as u8;

    if year == 0 {
        return Err(DateError::ZeroYear);
    }
    if month > 12 {
        return Err(DateError::InvalidMonth);
    }
    match (month, day) {
        (0, 0) => Ok(Some(PartialDate {
            year,
            month: None,
            day: None,
        })),
        (0, _) => Err(DateError::InvalidDay),
        (_, 0) => Ok(Some(PartialDate {
            year,
            month: Some(month),
            day: None,
        })),
        _ if day > days_in_month(year, month) => Err(DateError::InvalidDay),
        _ => Ok(Some(PartialDate {
            year,
            month: Some(month),
            day: Some(day),
        })),
    }
}

/// Returns the number of days in `month` (1 to 12) of `year` in the Gregorian calendar.
pub fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 31,
    }
}

/// Returns true when `year` has a 29 February in the Gregorian calendar.
pub fn is_leap_year(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A date's parts, because the generated record types do not implement `PartialEq`.
    type Parts = Option<(u16, Option<u8>, Option<u8>)>;

    fn date(year: u16, month: Option<u8>, day: Option<u8>) -> Parts {
        Some((year, month, day))
    }

    fn parsed(value: &str) -> Parts {
        parse_yyyymmdd(value)
            .expect("valid date")
            .map(|date| (date.year, date.month, date.day))
    }

    fn error(value: &str) -> Option<DateError> {
        parse_yyyymmdd(value).err()
    }

    #[test]
    fn full_date() {
        assert_eq!(parsed("19790525"), date(1979, Some(5), Some(25)));
    }

    #[test]
    fn year_only_date() {
        assert_eq!(parsed("19870000"), date(1987, None, None));
    }

    #[test]
    fn year_and_month_date() {
        assert_eq!(parsed("19870600"), date(1987, Some(6), None));
    }

    #[test]
    fn missing_values() {
        assert_eq!(parsed(""), None);
        assert_eq!(parsed("00000000"), None);
    }

    #[test]
    fn leap_days() {
        assert_eq!(parsed("20000229"), date(2000, Some(2), Some(29)));
        assert_eq!(parsed("20240229"), date(2024, Some(2), Some(29)));
        assert_eq!(error("19000229"), Some(DateError::InvalidDay));
        assert_eq!(error("20230229"), Some(DateError::InvalidDay));
    }

    #[test]
    fn invalid_values() {
        let cases = [
            ("1979052", DateError::WrongLength),
            ("197905250", DateError::WrongLength),
            ("1979-5-2", DateError::NotDigits),
            ("19790O25", DateError::NotDigits),
            ("+1790525", DateError::NotDigits),
            ("00000525", DateError::ZeroYear),
            ("19791301", DateError::InvalidMonth),
            ("19790015", DateError::InvalidDay),
            ("19790431", DateError::InvalidDay),
            ("19790132", DateError::InvalidDay),
        ];
        for (value, expected) in cases {
            assert_eq!(error(value), Some(expected), "value {value:?}");
        }
    }

    #[test]
    fn error_message_omits_value() {
        let message = parse_yyyymmdd("19791301").unwrap_err().to_string();
        assert!(!message.contains("1979"), "{message}");
        assert!(message.contains("YYYYMMDD"), "{message}");
    }
}
