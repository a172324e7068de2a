//! Calendar dates as the generator models them, and as each format writes them.

use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;

/// How a record states a date: to the day, only the year, or not at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recorded {
    Day(Date),
    YearOnly(Date),
    Missing,
}

impl Recorded {
    /// The full date, when the record states it to the day.
    pub fn day(self) -> Option<Date> {
        match self {
            Recorded::Day(date) => Some(date),
            _ => None,
        }
    }

    /// The date the record stands for, whatever it states of it.
    pub fn actual(self) -> Option<Date> {
        match self {
            Recorded::Day(date) | Recorded::YearOnly(date) => Some(date),
            Recorded::Missing => None,
        }
    }

    /// The date as `clearway records` writes a partial date, or `None` when missing.
    pub fn truth(self) -> Option<TruthDate> {
        match self {
            Recorded::Day(date) => Some(TruthDate::day(date)),
            Recorded::YearOnly(date) => Some(TruthDate { year: date.year(), month: None, day: None }),
            Recorded::Missing => None,
        }
    }

    /// `YYYYMMDD`, `YYYY0000` for a year alone, or empty.
    pub fn yyyymmdd(self) -> String {
        match self {
            Recorded::Day(date) => yyyymmdd(date),
            Recorded::YearOnly(date) => format!("{:04}0000", date.year()),
            Recorded::Missing => String::new(),
        }
    }

    /// `MMDDYY`, or empty when the record has no full date. The six-digit form cannot state a
    /// year alone, so a year-only date is written empty.
    pub fn mmddyy(self) -> String {
        self.day().map(mmddyy).unwrap_or_default()
    }

    /// `YYMMDD`, or `000000` when the record has no full date.
    pub fn yymmdd(self) -> String {
        self.day().map(yymmdd).unwrap_or_else(|| "000000".into())
    }

    /// `MM/DD/YYYY`, or `None` when the record has no full date.
    pub fn slashed(self) -> Option<String> {
        self.day().map(slashed)
    }
}

/// A date in the shape `clearway records` writes: the known parts only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TruthDate {
    pub year: i16,
    pub month: Option<i8>,
    pub day: Option<i8>,
}

impl TruthDate {
    pub fn day(date: Date) -> TruthDate {
        TruthDate { year: date.year(), month: Some(date.month()), day: Some(date.day()) }
    }
}

pub fn yyyymmdd(date: Date) -> String {
    format!("{:04}{:02}{:02}", date.year(), date.month(), date.day())
}

pub fn mmddyy(date: Date) -> String {
    format!("{:02}{:02}{:02}", date.month(), date.day(), date.year() % 100)
}

pub fn yymmdd(date: Date) -> String {
    format!("{:02}{:02}{:02}", date.year() % 100, date.month(), date.day())
}

pub fn slashed(date: Date) -> String {
    format!("{:02}/{:02}/{:04}", date.month(), date.day(), date.year())
}

/// Returns `date` moved by a whole number of days.
pub fn add_days(date: Date, days: i64) -> Date {
    date.checked_add(days.days()).expect("generated dates stay inside the calendar")
}

/// Returns `date` moved by a whole number of years, clamping 29 February to 28 February.
pub fn add_years(date: Date, years: i16) -> Date {
    date.checked_add(i64::from(years).years()).expect("generated dates stay inside the calendar")
}
