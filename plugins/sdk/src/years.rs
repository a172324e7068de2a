//! Dates with two-digit years, and the one rule every adapter uses to pick their century.
//!
//! # The rule
//!
//! A two-digit year `YY` can be `19YY` or `20YY`; no other century is considered.
//!
//! - **Event dates** (arrests, filings, dispositions, offenses): the year is the latest of the
//!   two that puts the date on or before the as-of date. The as-of date is the run's
//!   [`OpenSettings::as_of`](crate::OpenSettings), or the extract date in a fixed-width file's
//!   header when the adapter has one. No event lies after it.
//! - **Dates of birth**: the year is the latest of the two that puts the date at least 10 years
//!   before the person's earliest event and on or before the as-of date. When no event of the
//!   person is known, the as-of date is used in place of the earliest event, because every
//!   event lies on or before it. So a birth is never placed less than 10 years before the
//!   as-of date.
//!
//! "At least 10 years before" compares calendar dates: a birth on 1990-06-15 is 10 years
//! before 2000-06-15 and any later date, but not before 2000-06-14. A birth on 29 February
//! reaches its tenth year on 29 February if that year has one, and on 1 March otherwise.
//! An event or as-of date known only to the year or month counts as the last day of that year
//! or month, which is the latest day it can be.
//!
//! A date that exists in only one of the two centuries (29 February of `YY` = `00` exists in
//! 2000 but not 1900) can only resolve to that one. When neither year satisfies the rule, the
//! date is an error: for example an event date after the as-of date in both centuries, which
//! happens only with an as-of date before 2000.
//!
//! # Parsers
//!
//! [`parse_mmddyy`] and [`parse_yymmdd`] read six-digit dates into a [`ShortDate`], whose year
//! is still to be resolved. [`parse_mm_dd_yyyy`] reads a slashed date with a four-digit year.
//! For all three, an empty value and a value of all zeros mean the date is missing, which is
//! not an error. Error messages never repeat the value, because a date may be a date of birth.

use std::fmt;

use crate::PartialDate;
use crate::dates::days_in_month;

/// The minimum number of years between a date of birth and the person's earliest event.
pub const MIN_AGE_AT_FIRST_EVENT: u16 = 10;

/// A calendar date whose year is known only by its last two digits.
///
/// `month` is 1 to 12, and `day` is a day that exists in that month in at least one of
/// `19YY` and `20YY`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShortDate {
    /// The last two digits of the year, 0 to 99.
    pub year: u8,
    pub month: u8,
    pub day: u8,
}

impl ShortDate {
    /// Returns the date in the given century (19 or 20), or `None` when the day does not
    /// exist in that year (29 February 1900).
    pub fn in_century(self, century: u16) -> Option<PartialDate> {
        let year = century * 100 + u16::from(self.year);
        (self.day <= days_in_month(year, self.month)).then_some(PartialDate {
            year,
            month: Some(self.month),
            day: Some(self.day),
        })
    }

    /// Returns the candidate dates in 20YY and 19YY, latest first, leaving out one that does
    /// not exist.
    fn candidates(self) -> impl Iterator<Item = PartialDate> {
        [20, 19].into_iter().filter_map(move |century| self.in_century(century))
    }
}

/// The reason a value is not a date of the expected form. The message never repeats the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShortDateError {
    /// The value does not have the expected number of characters.
    WrongLength,
    /// A character is not an ASCII digit, or a slash is missing or misplaced.
    NotDigits,
    /// The month is not 01 to 12.
    InvalidMonth,
    /// The day is not in the month.
    InvalidDay,
    /// The year of a four-digit date is 0000.
    ZeroYear,
}

impl fmt::Display for ShortDateError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reason = match self {
            ShortDateError::WrongLength => "it does not have the expected number of characters",
            ShortDateError::NotDigits => "it contains a character that is not a digit",
            ShortDateError::InvalidMonth => "its month is not 01 to 12",
            ShortDateError::InvalidDay => "its day is not in the month",
            ShortDateError::ZeroYear => "its year is 0000",
        };
        formatter.write_str(reason)
    }
}

impl std::error::Error for ShortDateError {}

/// The reason no year satisfies the two-digit-year rule. The message never repeats the date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearError {
    /// Both candidate years put the event after the as-of date.
    EventAfterAsOf,
    /// Neither candidate year puts the birth on or before the as-of date and at least
    /// 10 years before the earliest event.
    BirthTooLate,
}

impl fmt::Display for YearError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            YearError::EventAfterAsOf => {
                formatter.write_str("the date is after the as-of date in both 19YY and 20YY")
            }
            YearError::BirthTooLate => write!(
                formatter,
                "the date of birth is less than {MIN_AGE_AT_FIRST_EVENT} years before the earliest event \
                 (or the as-of date) in both 19YY and 20YY"
            ),
        }
    }
}

impl std::error::Error for YearError {}

/// Parses a six-digit `MMDDYY` date. `value` should already be trimmed. Returns `Ok(None)`
/// for an empty value or `000000`.
pub fn parse_mmddyy(value: &str) -> Result<Option<ShortDate>, ShortDateError> {
    parse_six_digits(value, |digits| (digits[0], digits[1], digits[2]))
}

/// Parses a six-digit `YYMMDD` date. `value` should already be trimmed. Returns `Ok(None)`
/// for an empty value or `000000`.
pub fn parse_yymmdd(value: &str) -> Result<Option<ShortDate>, ShortDateError> {
    parse_six_digits(value, |digits| (digits[1], digits[2], digits[0]))
}

/// Parses six digits as three two-digit numbers, which `order` arranges into month, day and
/// year.
fn parse_six_digits(
    value: &str,
    order: impl Fn([u8; 3]) -> (u8, u8, u8),
) -> Result<Option<ShortDate>, ShortDateError> {
    if value.is_empty() || value == "000000" {
        return Ok(None);
    }
    let bytes = value.as_bytes();
    if bytes.len() != 6 {
        return Err(ShortDateError::WrongLength);
    }
    if !bytes.iter().all(u8::is_ascii_digit) {
        return Err(ShortDateError::NotDigits);
    }
    let pair = |index: usize| (bytes[index] - b'0') * 10 + (bytes[index + 1] - b'0');
    let (month, day, year) = order([pair(0), pair(2), pair(4)]);
    if !(1..=12).contains(&month) {
        return Err(ShortDateError::InvalidMonth);
    }
    let date = ShortDate { year, month, day };
    if day == 0 || date.candidates().next().is_none() {
        return Err(ShortDateError::InvalidDay);
    }
    Ok(Some(date))
}

/// Parses an `MM/DD/YYYY` date; a one-digit month or day (`4/7/2019`) is also read.
/// `value` should already be trimmed. Returns `Ok(None)` for an empty value or `00/00/0000`.
pub fn parse_mm_dd_yyyy(value: &str) -> Result<Option<PartialDate>, ShortDateError> {
    if value.is_empty() || value == "00/00/0000" {
        return Ok(None);
    }
    if value.len() < 8 || value.len() > 10 {
        return Err(ShortDateError::WrongLength);
    }
    let mut parts = value.split('/');
    let (Some(month), Some(day), Some(year), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(ShortDateError::NotDigits);
    };
    let number = |text: &str, lengths: std::ops::RangeInclusive<usize>| -> Result<u16, ShortDateError> {
        if !lengths.contains(&text.len()) {
            return Err(ShortDateError::WrongLength);
        }
        if !text.bytes().all(|byte| byte.is_ascii_digit()) {
            return Err(ShortDateError::NotDigits);
        }
        Ok(text.bytes().fold(0u16, |total, digit| total * 10 + u16::from(digit - b'0')))
    };
    let month = number(month, 1..=2)?;
    let day = number(day, 1..=2)?;
    let year = number(year, 4..=4)?;
    if year == 0 {
        return Err(ShortDateError::ZeroYear);
    }
    if !(1..=12).contains(&month) {
        return Err(ShortDateError::InvalidMonth);
    }
    let month = month as u8;
    if day == 0 || day > u16::from(days_in_month(year, month)) {
        return Err(ShortDateError::InvalidDay);
    }
    Ok(Some(PartialDate { year, month: Some(month), day: Some(day as u8) }))
}

/// Resolves the year of an event date: the latest of `19YY` and `20YY` that is on or before
/// `as_of`.
pub fn resolve_event(date: ShortDate, as_of: &PartialDate) -> Result<PartialDate, YearError> {
    let limit = latest_day(as_of);
    date.candidates()
        .find(|candidate| latest_day(candidate) <= limit)
        .ok_or(YearError::EventAfterAsOf)
}

/// Resolves the year of a date of birth: the latest of `19YY` and `20YY` that is on or before
/// `as_of` and at least 10 years before `earliest_event`, or before `as_of` when no event of
/// the person is known. `earliest_event` should be the earliest resolved event date the adapter
/// has for the person.
pub fn resolve_birth(
    date: ShortDate,
    earliest_event: Option<&PartialDate>,
    as_of: &PartialDate,
) -> Result<PartialDate, YearError> {
    let as_of_limit = latest_day(as_of);
    let event_limit = earliest_event.map_or(as_of_limit, |event| latest_day(event).min(as_of_limit));
    date.candidates()
        .find(|candidate| {
            latest_day(candidate) <= as_of_limit && tenth_birthday(candidate) <= event_limit
        })
        .ok_or(YearError::BirthTooLate)
}

/// Returns the earliest of `dates`, comparing each by the first day it can be, or `None` when
/// there is none. Adapters use it to find the earliest event for [`resolve_birth`].
pub fn earliest<'a>(dates: impl IntoIterator<Item = &'a PartialDate>) -> Option<PartialDate> {
    dates
        .into_iter()
        .min_by_key(|date| (date.year, date.month.unwrap_or(1), date.day.unwrap_or(1)))
        .copied()
}

/// A date as a comparable (year, month, day).
type DayKey = (u16, u8, u8);

/// Returns the last day a partial date can be.
fn latest_day(date: &PartialDate) -> DayKey {
    let month = date.month.unwrap_or(12);
    let day = date.day.unwrap_or_else(|| days_in_month(date.year, month));
    (date.year, month, day)
}

/// Returns the date on which someone born on `birth` has been alive 10 full years. A birth on
/// 29 February reaches it on 1 March when that year has no 29 February.
fn tenth_birthday(birth: &PartialDate) -> DayKey {
    let (year, month, day) = latest_day(birth);
    let year = year + MIN_AGE_AT_FIRST_EVENT;
    if day > days_in_month(year, month) {
        (year, month + 1, 1)
    } else {
        (year, month, day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full(year: u16, month: u8, day: u8) -> PartialDate {
        PartialDate { year, month: Some(month), day: Some(day) }
    }

    fn parts(date: PartialDate) -> (u16, Option<u8>, Option<u8>) {
        (date.year, date.month, date.day)
    }

    fn short(year: u8, month: u8, day: u8) -> ShortDate {
        ShortDate { year, month, day }
    }

    fn event(date: ShortDate, as_of: PartialDate) -> Result<(u16, Option<u8>, Option<u8>), YearError> {
        resolve_event(date, &as_of).map(parts)
    }

    fn birth(
        date: ShortDate,
        earliest_event: Option<PartialDate>,
        as_of: PartialDate,
    ) -> Result<(u16, Option<u8>, Option<u8>), YearError> {
        resolve_birth(date, earliest_event.as_ref(), &as_of).map(parts)
    }

    #[test]
    fn mmddyy_and_yymmdd_read_fields_in_order() {
        assert_eq!(parse_mmddyy("042099"), Ok(Some(short(99, 4, 20))));
        assert_eq!(parse_yymmdd("990420"), Ok(Some(short(99, 4, 20))));
        assert_eq!(parse_mmddyy("123100"), Ok(Some(short(0, 12, 31))));
    }

    #[test]
    fn six_digit_missing_values() {
        assert_eq!(parse_mmddyy(""), Ok(None));
        assert_eq!(parse_mmddyy("000000"), Ok(None));
        assert_eq!(parse_yymmdd("000000"), Ok(None));
    }

    #[test]
    fn six_digit_invalid_values() {
        let cases = [
            ("04209", ShortDateError::WrongLength),
            ("0420999", ShortDateError::WrongLength),
            ("04-099", ShortDateError::NotDigits),
            ("O42099", ShortDateError::NotDigits),
            ("132099", ShortDateError::InvalidMonth),
            ("002099", ShortDateError::InvalidMonth),
            ("040099", ShortDateError::InvalidDay),
            ("043199", ShortDateError::InvalidDay),
            ("022999", ShortDateError::InvalidDay),
        ];
        for (value, expected) in cases {
            assert_eq!(parse_mmddyy(value), Err(expected), "value {value:?}");
        }
    }

    #[test]
    fn february_29_needs_a_leap_year() {
        assert_eq!(parse_mmddyy("022996"), Ok(Some(short(96, 2, 29))));
        // 2000 is a leap year though 1900 is not, so 00 has a 29 February.
        assert_eq!(parse_mmddyy("022900"), Ok(Some(short(0, 2, 29))));
        assert_eq!(parse_yymmdd("010229"), Err(ShortDateError::InvalidDay));
    }

    #[test]
    fn slashed_dates() {
        assert_eq!(parse_mm_dd_yyyy("04/20/1999").map(|date| date.map(parts)), Ok(Some((1999, Some(4), Some(20)))));
        assert_eq!(parse_mm_dd_yyyy("4/7/2019").map(|date| date.map(parts)), Ok(Some((2019, Some(4), Some(7)))));
        assert_eq!(parse_mm_dd_yyyy("02/29/2000").map(|date| date.map(parts)), Ok(Some((2000, Some(2), Some(29)))));
        assert!(matches!(parse_mm_dd_yyyy(""), Ok(None)));
        assert!(matches!(parse_mm_dd_yyyy("00/00/0000"), Ok(None)));
    }

    #[test]
    fn slashed_invalid_values() {
        let cases = [
            ("02/29/1900", ShortDateError::InvalidDay),
            ("13/01/1999", ShortDateError::InvalidMonth),
            ("04/20/99", ShortDateError::WrongLength),
            ("04-20-1999", ShortDateError::NotDigits),
            ("04/20/19O9", ShortDateError::NotDigits),
            ("4/20/1999/1", ShortDateError::WrongLength),
            ("04/2/01999", ShortDateError::WrongLength),
            ("01/01/0000", ShortDateError::ZeroYear),
            ("04/00/1999", ShortDateError::InvalidDay),
        ];
        for (value, expected) in cases {
            assert_eq!(parse_mm_dd_yyyy(value).err(), Some(expected), "value {value:?}");
        }
    }

    #[test]
    fn event_takes_latest_year_not_after_as_of() {
        let as_of = full(2025, 6, 30);
        assert_eq!(event(short(99, 4, 20), as_of), Ok((1999, Some(4), Some(20))));
        assert_eq!(event(short(1, 1, 2), as_of), Ok((2001, Some(1), Some(2))));
        assert_eq!(event(short(24, 12, 31), as_of), Ok((2024, Some(12), Some(31))));
    }

    #[test]
    fn event_in_as_of_year() {
        let as_of = full(2025, 6, 30);
        assert_eq!(event(short(25, 6, 30), as_of), Ok((2025, Some(6), Some(30))));
        assert_eq!(event(short(25, 1, 1), as_of), Ok((2025, Some(1), Some(1))));
        // A day after the as-of date goes back a century.
        assert_eq!(event(short(25, 7, 1), as_of), Ok((1925, Some(7), Some(1))));
    }

    #[test]
    fn event_february_29_of_00() {
        assert_eq!(event(short(0, 2, 29), full(2025, 1, 1)), Ok((2000, Some(2), Some(29))));
        // 29 February 2000 is after this as-of date, and 1900 has no 29 February.
        assert_eq!(event(short(0, 2, 29), full(2000, 2, 28)), Err(YearError::EventAfterAsOf));
    }

    #[test]
    fn event_with_partial_as_of() {
        let as_of = PartialDate { year: 2025, month: None, day: None };
        assert_eq!(event(short(25, 12, 31), as_of), Ok((2025, Some(12), Some(31))));
    }

    #[test]
    fn event_after_as_of_in_both_centuries() {
        assert_eq!(event(short(99, 1, 1), full(1998, 12, 31)), Err(YearError::EventAfterAsOf));
    }

    #[test]
    fn birth_at_least_ten_years_before_event() {
        let as_of = full(2025, 6, 30);
        assert_eq!(birth(short(5, 3, 1), Some(full(2015, 3, 1)), as_of), Ok((2005, Some(3), Some(1))));
        // One day short of ten years: the birth goes back a century.
        assert_eq!(birth(short(5, 3, 2), Some(full(2015, 3, 1)), as_of), Ok((1905, Some(3), Some(2))));
        assert_eq!(birth(short(80, 7, 4), Some(full(1999, 4, 20)), as_of), Ok((1980, Some(7), Some(4))));
        assert_eq!(birth(short(10, 1, 1), Some(full(2018, 5, 5)), as_of), Ok((1910, Some(1), Some(1))));
    }

    #[test]
    fn birth_without_events_uses_as_of() {
        let as_of = full(2025, 6, 30);
        assert_eq!(birth(short(15, 6, 30), None, as_of), Ok((2015, Some(6), Some(30))));
        assert_eq!(birth(short(15, 7, 1), None, as_of), Ok((1915, Some(7), Some(1))));
        assert_eq!(birth(short(25, 1, 1), None, as_of), Ok((1925, Some(1), Some(1))));
        assert_eq!(birth(short(90, 1, 1), None, as_of), Ok((1990, Some(1), Some(1))));
    }

    #[test]
    fn birth_in_as_of_year() {
        // Born in the as-of year would be less than 10 years before any event.
        let as_of = full(2025, 6, 30);
        assert_eq!(birth(short(25, 1, 1), Some(full(2024, 1, 1)), as_of), Ok((1925, Some(1), Some(1))));
    }

    #[test]
    fn birth_never_after_as_of_even_with_later_event_data() {
        // An event date after the as-of date cannot pull a birth past the as-of date.
        let as_of = full(2025, 6, 30);
        assert_eq!(birth(short(20, 1, 1), Some(full(2040, 1, 1)), as_of), Ok((1920, Some(1), Some(1))));
    }

    #[test]
    fn birth_on_february_29() {
        let as_of = full(2025, 6, 30);
        // 2014 has no 29 February, so the tenth birthday is 1 March 2014.
        assert_eq!(birth(short(4, 2, 29), Some(full(2014, 3, 1)), as_of), Ok((2004, Some(2), Some(29))));
        assert_eq!(birth(short(4, 2, 29), Some(full(2014, 2, 28)), as_of), Ok((1904, Some(2), Some(29))));
        // 1900 has no 29 February, so 00 can only be 2000.
        assert_eq!(birth(short(0, 2, 29), Some(full(2010, 2, 28)), as_of), Err(YearError::BirthTooLate));
        assert_eq!(birth(short(0, 2, 29), Some(full(2010, 3, 1)), as_of), Ok((2000, Some(2), Some(29))));
    }

    #[test]
    fn birth_with_year_only_event() {
        let as_of = full(2025, 6, 30);
        let event_year = PartialDate { year: 2015, month: None, day: None };
        assert_eq!(birth(short(5, 12, 31), Some(event_year), as_of), Ok((2005, Some(12), Some(31))));
    }

    #[test]
    fn earliest_picks_first_day() {
        let dates = [full(2001, 5, 5), PartialDate { year: 2001, month: None, day: None }, full(2003, 1, 1)];
        assert_eq!(earliest(&dates).map(parts), Some((2001, None, None)));
        assert!(earliest(&[]).is_none());
    }

    #[test]
    fn error_messages_omit_values() {
        let message = parse_mmddyy("132099").unwrap_err().to_string();
        assert!(!message.contains("99"), "{message}");
        let message = resolve_event(short(99, 1, 1), &full(1998, 1, 1)).unwrap_err().to_string();
        assert!(!message.contains("99"), "{message}");
    }
}
