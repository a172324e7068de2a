//! Builders for classifier tests: a person's record written as one line per row, so that
//! every statute string goes through the real statute parser.
//!
//! A row is `OFFENSE | LEVEL | DISPOSITION_DATE` followed by `key=value` settings, all
//! separated by `|`. LEVEL is `F`, `M`, `I` or `-` (unknown). Dates are `YYYY-MM-DD`,
//! `YYYY`, or empty for missing. Settings:
//!
//! - `arrest=DATE`: the cycle (arrest) date, the offense date the rules use;
//! - `cycle=ID`, `count=ID`: rows with equal cycle, step and count are one count
//!   (by default each row is its own cycle and count);
//! - `county=NAME` (default `SAN JOAQUIN`), `case=NUMBER`;
//! - `step=arrest|registration|deceased` (default court), `disp=dismissed|pending|other`
//!   (default convicted);
//! - `convicted=TEXT` (the convicted offense; OFFENSE is then the charged one),
//!   `comment=TEXT`, `age=N` (age at the cycle), `prison=YEARS` (a sentence part).
#![allow(dead_code)]

use std::sync::Arc;

use clearway_core::classify::{RunContext, SubjectOutcome, classify_subject};
use clearway_core::date::PartialDate;
use clearway_core::decision::{Decision, Outcome};
use clearway_core::policy::{AdditionalRelief, Policy, Prop64Section};
use clearway_core::schema::{
    Charge, Disposition, FieldText, Level, SentenceKind, SentencePart, SourceRef, StepKind, Subject, TimeUnit,
};

pub const FILE: &str = "scenario.csv";

/// Parses `YYYY-MM-DD` or `YYYY`; empty text is a missing date.
pub fn date(text: &str) -> Option<PartialDate> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let parts: Vec<&str> = text.split('-').collect();
    let year = parts[0].parse().expect("year");
    match parts.len() {
        1 => Some(PartialDate::year_only(year)),
        3 => Some(PartialDate::ymd(year, parts[1].parse().unwrap(), parts[2].parse().unwrap()).expect("valid date")),
        _ => panic!("bad test date {text:?}"),
    }
}

fn field(name: &str, text: &str) -> Option<FieldText> {
    Some(FieldText { field: name.to_string(), text: text.to_string() })
}

/// Builds one row from its line; `index` numbers the row within the person.
pub fn row(index: usize, line: &str) -> Charge {
    let mut parts = line.split('|').map(str::trim);
    let offense = parts.next().unwrap_or("").trim();
    let level = match parts.next().map(str::trim) {
        Some("F") => Level::Felony,
        Some("M") => Level::Misdemeanor,
        Some("I") => Level::Infraction,
        Some("-") | None => Level::Unknown,
        Some(other) => panic!("bad level {other:?}"),
    };
    let disposition_date = parts.next().and_then(date);

    let mut charge = Charge {
        source: SourceRef { file: Arc::from(FILE), rows: vec![index as u64 + 2] },
        cycle_id: format!("cycle{index}"),
        cycle_date: None,
        cycle_age: None,
        step: StepKind::Court,
        step_raw: "COURT ACTION".to_string(),
        step_date: disposition_date,
        count_id: format!("count{index}"),
        case_number: None,
        county: Some("SAN JOAQUIN".to_string()),
        charged: if offense == "-" { None } else { field("OFFENSE_DESCR", offense) },
        convicted: None,
        comment: None,
        level,
        level_field: (level != Level::Unknown).then(|| "CONV_STAT_DESCR".to_string()),
        disposition: Disposition::Convicted,
        disposition_raw: field("DISP_DESCR", "CONVICTED"),
        disposition_date,
        disposition_date_field: disposition_date.map(|_| "STP_EVENT_DATE".to_string()),
        sentence: Vec::new(),
    };

    for setting in parts {
        let (key, value) = setting.split_once('=').unwrap_or_else(|| panic!("bad setting {setting:?}"));
        let value = value.trim();
        match key.trim() {
            "arrest" => charge.cycle_date = date(value),
            "cycle" => charge.cycle_id = value.to_string(),
            "count" => charge.count_id = value.to_string(),
            "county" => charge.county = Some(value.to_string()),
            "case" => charge.case_number = Some(value.to_string()),
            "age" => charge.cycle_age = Some(value.parse().unwrap()),
            "convicted" => charge.convicted = field("CONV_OFFENSE_DESCR", value),
            "comment" => charge.comment = field("COMMENT_TEXT", value),
            "prison" => charge.sentence.push(SentencePart {
                kind: SentenceKind::Prison,
                length: Some(value.parse().unwrap()),
                unit: TimeUnit::Years,
                raw: format!("PRISON {value} Y"),
            }),
            "step" => {
                charge.step = match value {
                    "arrest" => StepKind::Arrest,
                    "registration" => StepKind::Registration,
                    "deceased" => StepKind::Deceased,
                    other => panic!("bad step {other:?}"),
                };
                if charge.step != StepKind::Court {
                    charge.disposition = Disposition::Other;
                }
            }
            "disp" => {
                charge.disposition = match value {
                    "dismissed" => Disposition::Dismissed,
                    "pending" => Disposition::Pending,
                    "other" => Disposition::Other,
                    other => panic!("bad disposition {other:?}"),
                }
            }
            other => panic!("bad key {other:?}"),
        }
    }
    charge
}

/// A person born on `dob` (empty for unknown) with one row per line.
pub fn person(dob: &str, lines: &[&str]) -> Subject {
    Subject {
        id: "subject-1".to_string(),
        name: None,
        date_of_birth: date(dob),
        charges: lines.iter().enumerate().map(|(index, line)| row(index, line)).collect(),
    }
}

/// The run context of the scenarios: San Joaquin, as of 2020-07-01.
pub fn context() -> RunContext {
    RunContext { county: "SAN JOAQUIN".to_string(), as_of: jiff::civil::date(2020, 7, 1) }
}

pub fn classify(subject: &Subject, policy: &Policy) -> SubjectOutcome {
    classify_subject(subject, policy, &context())
}

/// Policy P, modelled on the test options of Code for America's gogen: dismiss 11357 and
/// 11358, reduce 11359 and 11360, dismiss every misdemeanor, and dismiss for under 21 at
/// conviction, age 57 or older, 10 or more years since conviction, death, or only
/// Proposition 64 convictions; corrected codes are accepted.
pub fn policy_p() -> Policy {
    Policy {
        dismiss: vec![Prop64Section::S11357, Prop64Section::S11358],
        reduce: vec![Prop64Section::S11359, Prop64Section::S11360],
        dismiss_all_misdemeanors: true,
        include_post_act: false,
        attempts_as_target: false,
        accept_code_corrections: true,
        related_charges: Vec::new(),
        age_margin_years: 2,
        additional_relief: AdditionalRelief {
            under_21_at_conviction: true,
            age_at_least: Some(57),
            years_since_conviction: Some(10),
            years_crime_free: None,
            only_prop64_convictions: true,
            deceased: true,
        },
    }
}

/// Short names for outcomes in tables.
pub const D: Outcome = Outcome::Dismiss;
pub const R: Outcome = Outcome::Reduce;
pub const NE: Outcome = Outcome::NotEligible;
pub const HR: Outcome = Outcome::HandReview;

/// The flags of a decision as their ids.
pub fn flags(decision: &Decision) -> Vec<&'static str> {
    decision.flags.iter().map(|flag| flag.as_str()).collect()
}
