//! Date arithmetic the rules need: ages, year thresholds and the Act's effective date.
//!
//! Every answer is three-valued. `Some(true)` and `Some(false)` hold for every day a partial
//! date may stand for; `None` means the known parts cannot settle the question.

use jiff::civil::Date;

use crate::date::PartialDate;

/// Proposition 64 took effect the day after the election of 8 November 2016.
pub const ACT_EFFECTIVE: Date = jiff::civil::date(2016, 11, 9);

/// `date` moved by `years` whole years. A 29 February that lands in a common year moves to
/// 1 March when going forward and to 28 February when going back, so that neither an age
/// nor a waiting period is ever reached early.
pub fn shift_years(date: Date, years: i16) -> Date {
    let year = date.year() + years;
    match Date::new(year, date.month(), date.day()) {
        Ok(shifted) => shifted,
        Err(_) if years >= 0 => Date::new(year, 3, 1).expect("1 March exists every year"),
        Err(_) => Date::new(year, 2, 28).expect("28 February exists every year"),
    }
}

/// Whether a person born on `birth` has reached `years` of age on `day`, counting the
/// birthday itself as reached.
pub fn reached_age(birth: &PartialDate, day: &PartialDate, years: u8) -> Option<bool> {
    let years = i16::from(years);
    if shift_years(birth.latest(), years) <= day.earliest() {
        Some(true)
    } else if shift_years(birth.earliest(), years) > day.latest() {
        Some(false)
    } else {
        None
    }
}

/// Whether `date` falls on or before `limit`.
pub fn on_or_before(date: &PartialDate, limit: Date) -> Option<bool> {
    if date.latest() <= limit {
        Some(true)
    } else if date.earliest() > limit {
        Some(false)
    } else {
        None
    }
}

/// Whether `date` falls strictly before `limit`.
pub fn before(date: &PartialDate, limit: Date) -> Option<bool> {
    date.is_before(limit)
}

/// The same calendar day as a partial date known to the day.
pub fn exact(date: Date) -> PartialDate {
    PartialDate { year: date.year(), month: Some(date.month()), day: Some(date.day()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(year: i16, month: i8, day: i8) -> PartialDate {
        PartialDate::ymd(year, month, day).unwrap()
    }

    #[test]
    fn birthday_counts_as_reached() {
        assert_eq!(reached_age(&day(1963, 7, 1), &day(2020, 7, 1), 57), Some(true));
        assert_eq!(reached_age(&day(1963, 7, 2), &day(2020, 7, 1), 57), Some(false));
    }

    #[test]
    fn year_only_birth_is_unknown_near_the_birthday() {
        let birth = PartialDate::year_only(1980);
        assert_eq!(reached_age(&birth, &day(2001, 6, 1), 21), None);
        assert_eq!(reached_age(&birth, &day(2002, 1, 1), 21), Some(true));
        assert_eq!(reached_age(&birth, &day(2000, 12, 31), 21), Some(false));
    }

    #[test]
    fn leap_day_birthday_moves_forward() {
        assert_eq!(shift_years(jiff::civil::date(2000, 2, 29), 21), jiff::civil::date(2021, 3, 1));
        assert_eq!(shift_years(jiff::civil::date(2020, 2, 29), -10), jiff::civil::date(2010, 2, 28));
    }

    #[test]
    fn on_or_before_is_inclusive() {
        let limit = jiff::civil::date(2010, 7, 1);
        assert_eq!(on_or_before(&day(2010, 7, 1), limit), Some(true));
        assert_eq!(on_or_before(&day(2010, 7, 2), limit), Some(false));
        assert_eq!(on_or_before(&PartialDate::year_only(2010), limit), None);
    }
}
