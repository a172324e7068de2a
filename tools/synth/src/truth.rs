//! The ground truth: each person's normalized record, one JSON line per person.
//!
//! The shape follows `clearway records` where the meaning is the same (`id`,
//! `date_of_birth`, and per charge `case_number`, `county`, `cycle_date`, `level`,
//! `disposition`, `disposition_date`, `sentence`), so a test can compare field by field.
//! It adds what the generator knows and no format states in one place: the name in parts,
//! the date of death and of PC 290 registration, each charge's count number within its
//! case, and whether its case is in the county under review (only those cases appear in
//! the court formats).

use serde::Serialize;

use crate::dates::{Recorded, TruthDate};
use crate::offenses::Level;
use crate::people::{Disposition, Person, SentenceKind};

#[derive(Serialize)]
pub struct TruthPerson<'a> {
    pub id: &'a str,
    pub name: TruthName<'a>,
    pub date_of_birth: Option<TruthDate>,
    pub deceased: Option<TruthDate>,
    pub registration_290: Option<TruthDate>,
    pub charges: Vec<TruthCharge<'a>>,
}

#[derive(Serialize)]
pub struct TruthName<'a> {
    pub last: &'a str,
    pub first: &'a str,
    pub middle: Option<&'a str>,
    pub suffix: Option<&'a str>,
}

#[derive(Serialize)]
pub struct TruthCharge<'a> {
    pub case_number: &'a str,
    pub county: &'a str,
    pub in_county: bool,
    /// The count number within the case, from 1.
    pub count: u32,
    /// The offense date.
    pub cycle_date: TruthDate,
    pub filing_date: TruthDate,
    /// The offense charged, as `SECTION(SUBSECTIONS) CODE`.
    pub charged: String,
    /// The offense pleaded to, when it is not the charged one.
    pub convicted: Option<String>,
    /// The level of the offense the rules read.
    pub level: Level,
    pub disposition: Disposition,
    pub disposition_date: Option<TruthDate>,
    pub sentence: Vec<TruthSentence>,
}

#[derive(Serialize)]
pub struct TruthSentence {
    pub kind: SentenceKind,
    pub length: u32,
    /// `days` for jail, `months` for probation and prison.
    pub unit: &'static str,
}

pub fn truth(person: &Person) -> TruthPerson<'_> {
    let mut charges = Vec::new();
    for case in &person.cases {
        for charge in &case.charges {
            let disposition_date = if charge.disposition == Disposition::Pending { None } else { case.disposition_date.truth() };
            charges.push(TruthCharge {
                case_number: &case.number,
                county: case.county,
                in_county: case.in_county,
                count: charge.count,
                cycle_date: TruthDate::day(case.offense_date),
                filing_date: TruthDate::day(case.filing_date),
                charged: charge.charged.canonical(),
                convicted: charge.convicted.map(|offense| offense.canonical()),
                level: charge.level(),
                disposition: charge.disposition,
                disposition_date,
                sentence: charge
                    .sentence
                    .iter()
                    .map(|part| TruthSentence {
                        kind: part.kind,
                        length: part.length,
                        unit: if part.kind == SentenceKind::Jail { "days" } else { "months" },
                    })
                    .collect(),
            });
        }
    }
    TruthPerson {
        id: &person.id,
        name: TruthName { last: person.last, first: person.first, middle: person.middle, suffix: person.suffix },
        date_of_birth: person.date_of_birth.truth(),
        deceased: person.deceased.map(|day| Recorded::Day(day)).and_then(Recorded::truth),
        registration_290: person.registration.map(TruthDate::day),
        charges,
    }
}
