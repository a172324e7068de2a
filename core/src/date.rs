//! Dates that may be known only in part.

use std::fmt;

use jiff::civil::Date;
use serde::Serialize;

/// A calendar date known to the day, to the month, or only to the year.
///
/// Records often carry a year alone (`19870000` in the DOJ file); that precision is kept,
/// never padded to a guessed day. Comparisons between partial dates are three-valued:
/// [`PartialDate::cmp_known`] returns `None` when the known parts cannot order them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct PartialDate {
    pub year: i16,
    pub month: Option<i8>,
    pub day: Option<i8>,
}

impl PartialDate {
    /// Builds a date known to the day. Returns `None` if it is not a real calendar date.
    pub fn ymd(year: i16, month: i8, day: i8) -> Option<PartialDate> {
        Date::new(year, month, day).ok()?;
        Some(PartialDate { year, month: Some(month), day: Some(day) })
    }

    /// Builds a date known only to the year.
    pub fn year_only(year: i16) -> PartialDate {
        PartialDate { year, month: None, day: None }
    }

    /// Builds a partial date from parts, checking that the known parts are valid.
    pub fn from_parts(year: i16, month: Option<i8>, day: Option<i8>) -> Option<PartialDate> {
        match (month, day) {
            (Some(m), Some(d)) => PartialDate::ymd(year, m, d),
            (Some(m), None) if (1..=12).contains(&m) => Some(PartialDate { year, month: Some(m), day: None }),
            (None, None) if (1..=9999).contains(&year) => Some(PartialDate::year_only(year)),
            _ => None,
        }
    }

    /// Returns the full date, when it is known to the day.
    pub fn exact(&self) -> Option<Date> {
        Date::new(self.year, self.month?, self.day?).ok()
    }

    /// True when the date is known to the day.
    pub fn is_exact(&self) -> bool {
        self.month.is_some() && self.day.is_some()
    }

    /// Returns the earliest day this date can be.
    pub fn earliest(&self) -> Date {
        let month = self.month.unwrap_or(1);
        let day = self.day.unwrap_or(1);
        Date::new(self.year, month, day).expect("partial dates are validated on construction")
    }

    /// Returns the latest day this date can be.
    pub fn latest(&self) -> Date {
        let month = self.month.unwrap_or(12);
        let first = Date::new(self.year, month, 1).expect("partial dates are validated on construction");
        match self.day {
            Some(day) => Date::new(self.year, month, day).expect("partial dates are validated on construction"),
            None => first.last_of_month(),
        }
    }

    /// Orders two partial dates when their known parts allow it, and returns `None` when
    /// the ranges of days they may stand for overlap.
    pub fn cmp_known(&self, other: &PartialDate) -> Option<std::cmp::Ordering> {
        use std::cmp::Ordering;
        if self.is_exact() && other.is_exact() {
            return Some(self.earliest().cmp(&other.earliest()));
        }
        if self.latest() < other.earliest() {
            Some(Ordering::Less)
        } else if self.earliest() > other.latest() {
            Some(Ordering::Greater)
        } else {
            None
        }
    }

    /// True only when this date is certainly before `day`.
    pub fn is_before(&self, day: Date) -> Option<bool> {
        if self.latest() < day {
            Some(true)
        } else if self.earliest() >= day {
            Some(false)
        } else {
            None
        }
    }
}

impl fmt::Display for PartialDate {
    /// ISO 8601 with the known parts only: `2008-04-14`, `2008-04` or `2008`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
            if let Some(day) = self.day {
                write!(f, "-{day:02}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering;

    #[test]
    fn year_only_orders_against_other_years() {
        let y1987 = PartialDate::year_only(1987);
        let day = PartialDate::ymd(1988, 1, 1).unwrap();
        assert_eq!(y1987.cmp_known(&day), Some(Ordering::Less));
    }

    #[test]
    fn year_only_inside_same_year_is_unordered() {
        let y1987 = PartialDate::year_only(1987);
        let day = PartialDate::ymd(1987, 6, 1).unwrap();
        assert_eq!(y1987.cmp_known(&day), None);
    }

    #[test]
    fn invalid_day_is_rejected() {
        assert!(PartialDate::ymd(2019, 2, 30).is_none());
    }

    #[test]
    fn display_keeps_precision() {
        assert_eq!(PartialDate::year_only(1987).to_string(), "1987");
        assert_eq!(PartialDate::ymd(2008, 4, 14).unwrap().to_string(), "2008-04-14");
    }
}
