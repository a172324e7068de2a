//! A county's policy: the choices beyond the statute that a district attorney's office makes.
//!
//! These are the resolved, validated values. [`crate::config`] reads them from the county's
//! TOML file and rejects unknown keys and out-of-range values with the line and column.
//! Policy can only raise relief where the law lets a prosecutor decline to challenge it;
//! every override it makes is recorded by the option's name.

use serde::Serialize;

/// A Proposition 64 base section: H&S 11357, 11358, 11359 or 11360.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Prop64Section {
    #[serde(rename = "11357")]
    S11357,
    #[serde(rename = "11358")]
    S11358,
    #[serde(rename = "11359")]
    S11359,
    #[serde(rename = "11360")]
    S11360,
}

impl Prop64Section {
    pub const ALL: [Prop64Section; 4] =
        [Prop64Section::S11357, Prop64Section::S11358, Prop64Section::S11359, Prop64Section::S11360];

    /// The section number as records write it, `"11357"` and so on.
    pub fn number(self) -> &'static str {
        match self {
            Prop64Section::S11357 => "11357",
            Prop64Section::S11358 => "11358",
            Prop64Section::S11359 => "11359",
            Prop64Section::S11360 => "11360",
        }
    }

    pub fn from_number(number: &str) -> Option<Prop64Section> {
        Prop64Section::ALL.into_iter().find(|section| section.number() == number)
    }
}

/// Relief a county grants beyond its section lists; each option absent or false is off.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct AdditionalRelief {
    /// Dismiss when the person was under 21 on the disposition date.
    pub under_21_at_conviction: bool,
    /// Dismiss when the person is at least this old on the as-of date (40 to 65).
    pub age_at_least: Option<u8>,
    /// Dismiss when the conviction is at least this many years before the as-of date (1 to 15).
    pub years_since_conviction: Option<u8>,
    /// Dismiss when the person's latest conviction of any kind is more than this many years
    /// before the as-of date (1 to 15).
    pub years_crime_free: Option<u8>,
    /// Dismiss when every conviction on the person's record is a Proposition 64 conviction.
    pub only_prop64_convictions: bool,
    /// Dismiss when the record shows the person has died.
    pub deceased: bool,
}

/// The county's policy, applied on top of the statute's outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Policy {
    /// Sections whose eligible felony convictions the county dismisses.
    pub dismiss: Vec<Prop64Section>,
    /// Sections whose eligible felony convictions the county reduces to a misdemeanor.
    pub reduce: Vec<Prop64Section>,
    /// Dismiss every in-scope misdemeanor or infraction conviction from before the Act.
    pub dismiss_all_misdemeanors: bool,
    /// Let the misdemeanor rule above reach convictions for offenses on or after 2016-11-09.
    pub include_post_act: bool,
    /// Evaluate attempts (PC 664) of a Proposition 64 offense as the target offense.
    pub attempts_as_target: bool,
    /// Accept a Proposition 64 section written with the wrong code (`11357 PC`) as H&S.
    pub accept_code_corrections: bool,
    /// Sections (such as `"PC 148"` or `"HS 11364"`) whose convictions, in a cycle with a
    /// Proposition 64 arrest, mark a possible plea bargain for hand review.
    pub related_charges: Vec<String>,
    /// Years added to 21 when only the disposition date can show the age at the offense:
    /// with 2, a person 23 or older at disposition counts as 21 or older at the offense.
    pub age_margin_years: u8,
    pub additional_relief: AdditionalRelief,
}

impl Default for Policy {
    /// The statute alone: no lists, no additional relief, the suggested age margin of 2.
    fn default() -> Policy {
        Policy {
            dismiss: Vec::new(),
            reduce: Vec::new(),
            dismiss_all_misdemeanors: false,
            include_post_act: false,
            attempts_as_target: false,
            accept_code_corrections: false,
            related_charges: Vec::new(),
            age_margin_years: 2,
            additional_relief: AdditionalRelief::default(),
        }
    }
}
