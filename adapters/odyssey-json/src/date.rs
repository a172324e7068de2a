//! Dates written `MM/DD/YYYY`, the only date form of the export.

use clearway_sdk::PartialDate;
use clearway_sdk::dates::days_in_month;

/// The expected form, for diagnostics.
pub const FORM: &str = "MM/DD/YYYY";

/// Parses a `MM/DD/YYYY` date with two-digit month and day and a four-digit year from 0001.
/// Returns `None` for any other form or a day that is not in the month.
// TODO: use the SDK's date helper for this form if `clearway_sdk::years` gains one.
pub fn parse_mm_dd_yyyy(value: &str) -> Option<PartialDate> {
    let bytes = value.as_bytes();
    if bytes.len() != 10 || bytes[2] != b'/' || bytes[5] != b'/' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| {
        bytes[range].iter().try_fold(0u16, |total, &digit| {
            digit
                .is_ascii_digit()
                .then(|| total * 10 + u16::from(digit - b'0'))
        })
    };
    let month = number(0..2)? as u8;
    let day = number(3..5)? as u8;
    let year = number(6..10)?;
    if year == 0 || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    Some(PartialDate { year, month: Some(month), day: Some(day) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(value: &str) -> Option<(u16, Option<u8>, Option<u8>)> {
        parse_mm_dd_yyyy(value).map(|date| (date.year, date.month, date.day))
    }

    #[test]
    fn valid_dates() {
        assert_eq!(parts("01/31/1970"), Some((1970, Some(1), Some(31))));
        assert_eq!(parts("02/29/2000"), Some((2000, Some(2), Some(29))));
        assert_eq!(parts("12/01/2016"), Some((2016, Some(12), Some(1))));
    }

    #[test]
    fn other_forms_rejected() {
        for value in [
            "", "1/31/1970", "01/31/70", "1970-01-31", "01-31-1970", "01/31/1970 ", "13/01/2000",
            "00/10/2000", "02/30/2000", "02/29/1900", "01/00/2000", "01/01/0000", "O1/01/2000",
            "01/+1/2000", "31/01/1970",
        ] {
            assert_eq!(parts(value), None, "{value:?}");
        }
    }
}
