//! A missing date of birth or disposition date never leads to relief by itself: the rules
//! that need the missing fact are not evaluated, under the statute or under any policy.

mod common;

use clearway_core::decision::Outcome;
use common::{classify, person, policy_p};
use proptest::prelude::*;

const OFFENSES: &[&str] = &[
    "11357(A) HS",
    "11357(B) HS",
    "11357(C) HS",
    "11357 HS",
    "11358 HS",
    "11359 HS",
    "11360(A) HS",
    "11360(B) HS",
];
const LEVELS: &[&str] = &["F", "M", "I", "-"];
const DATES: &[&str] = &["1975-06-01", "1999-05-04", "2009-03-01", "2016-11-08", "2017-03-01", "2005"];

/// Reason codes whose relief depends on the age at the offense.
const AGE_RELIEF: &[&str] = &["LAWFUL_ADULT_POSSESSION", "LAWFUL_ADULT_GIFT_OR_TRANSPORT", "POSSESSION_REDUCED_TO_INFRACTION", "GIFT_OR_TRANSPORT_REDUCED_TO_INFRACTION", "SCHOOL_POSSESSION_REDUCED_TO_INFRACTION"];

/// Policy options that read the date of birth.
const AGE_OPTIONS: &[&str] = &["additional_relief.under_21_at_conviction", "additional_relief.age_at_least"];

/// Policy options that read the disposition date.
const DATE_OPTIONS: &[&str] = &[
    "additional_relief.under_21_at_conviction",
    "additional_relief.years_since_conviction",
    "additional_relief.years_crime_free",
];

fn line(offense: usize, level: usize, date: &str, arrest: Option<usize>) -> String {
    let arrest = arrest.map(|index| format!(" | arrest={}", DATES[index])).unwrap_or_default();
    format!("{} | {} | {date}{arrest}", OFFENSES[offense], LEVELS[level])
}

proptest! {
    /// H&S 11362.1 makes conduct lawful only for a person 21 or older, so with no date of
    /// birth and no age in the record, no age-based relief is given.
    #[test]
    fn missing_birth_date_gives_no_age_relief(
        offense in 0..OFFENSES.len(),
        level in 0..LEVELS.len(),
        date in 0..DATES.len(),
        arrest in proptest::option::of(0..DATES.len()),
    ) {
        let subject = person("", &[&line(offense, level, DATES[date], arrest)]);
        let decisions = classify(&subject, &policy_p()).decisions;
        prop_assert_eq!(decisions.len(), 1, "every row is an in-scope conviction");
        for decision in decisions {
            prop_assert!(!AGE_RELIEF.contains(&decision.law.code.as_str()), "law {:?}", decision.law.code.as_str());
            prop_assert!(!AGE_RELIEF.contains(&decision.policy.code.as_str()), "policy {:?}", decision.policy.code.as_str());
            for option in &decision.overrides {
                prop_assert!(!AGE_OPTIONS.contains(option), "override {option}");
            }
        }
    }

    /// With neither a disposition date nor an arrest date, the record cannot show that the
    /// offense was before 2016-11-09 (H&S 11361.8), so nothing is dismissed or reduced.
    #[test]
    fn missing_dates_give_no_relief(
        offense in 0..OFFENSES.len(),
        level in 0..LEVELS.len(),
        dob in proptest::option::of(0..DATES.len()),
    ) {
        let dob = dob.map_or("", |index| DATES[index]);
        let subject = person(dob, &[&line(offense, level, "", None)]);
        let decisions = classify(&subject, &policy_p()).decisions;
        prop_assert_eq!(decisions.len(), 1, "every row is an in-scope conviction");
        for decision in decisions {
            prop_assert!(!decision.law.outcome.is_relief(), "law {:?}", decision.law.code.as_str());
            prop_assert!(
                decision.policy.outcome == Outcome::HandReview || decision.policy.outcome == Outcome::NotEligible,
                "policy {:?}",
                decision.policy.code.as_str()
            );
            for option in &decision.overrides {
                prop_assert!(!DATE_OPTIONS.contains(option), "override {option}");
            }
        }
    }
}
