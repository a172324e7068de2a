//! The common schema: what every adapter's output becomes once it reaches the host.
//!
//! A [`Subject`] is one person, grouped by the source's person id, with every [`Charge`]
//! entry the source holds for them: arrest counts, court counts, registrations and
//! deceased events alike. Each entry keeps where it came from (file and rows) and the raw
//! text beside every value the rules depend on. Unknown is a value here, never a guess.

use std::sync::Arc;

use serde::Serialize;

use crate::date::PartialDate;

/// One person and every entry the source holds for them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Subject {
    /// The source's person id (`SUBJECT_ID` in the DOJ file).
    pub id: String,
    pub name: Option<String>,
    pub date_of_birth: Option<PartialDate>,
    pub charges: Vec<Charge>,
}

impl Subject {
    /// Adds another piece of the same person's record, as formats that spread a person
    /// through the file deliver it: the entries are appended, and a name or date of birth
    /// that this piece lacks is taken from the other.
    ///
    /// NOTE: when both pieces carry a different date of birth, the first one is kept and
    /// nothing reports the conflict.
    pub fn absorb(&mut self, other: Subject) {
        if self.name.is_none() {
            self.name = other.name;
        }
        if self.date_of_birth.is_none() {
            self.date_of_birth = other.date_of_birth;
        }
        self.charges.extend(other.charges);
    }
}

/// Text as the record has it, with the field it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldText {
    pub field: String,
    pub text: String,
}

/// The source of an entry: the input file and its 1-based line numbers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SourceRef {
    pub file: Arc<str>,
    pub rows: Vec<u64>,
}

impl SourceRef {
    /// Returns the rows as `12` or `12;13;14`.
    pub fn rows_joined(&self) -> String {
        let rows: Vec<String> = self.rows.iter().map(u64::to_string).collect();
        rows.join(";")
    }

    /// Returns the first row, used to order entries the way the source had them.
    pub fn first_row(&self) -> u64 {
        self.rows.first().copied().unwrap_or(0)
    }
}

/// Offense level as the record states it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Felony,
    Misdemeanor,
    Infraction,
    Unknown,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Felony => "felony",
            Level::Misdemeanor => "misdemeanor",
            Level::Infraction => "infraction",
            Level::Unknown => "unknown",
        }
    }
}

/// The ruling on a charge, as mapped by the adapter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Disposition {
    Convicted,
    Dismissed,
    Acquitted,
    /// Sent to diversion or deferred entry of judgment; not a conviction.
    Diverted,
    Pending,
    /// A known ruling that is not a conviction, such as a rejected prosecution.
    Other,
    /// A value missing from the adapter's table; the raw text is in `disposition_raw`.
    Unrecognized,
    /// No ruling recorded.
    Unknown,
}

impl Disposition {
    pub fn as_str(self) -> &'static str {
        match self {
            Disposition::Convicted => "convicted",
            Disposition::Dismissed => "dismissed",
            Disposition::Acquitted => "acquitted",
            Disposition::Diverted => "diverted",
            Disposition::Pending => "pending",
            Disposition::Other => "other",
            Disposition::Unrecognized => "unrecognized",
            Disposition::Unknown => "unknown",
        }
    }
}

/// The kind of event an entry belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    Arrest,
    Court,
    Registration,
    Deceased,
    Custody,
    Probation,
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SentenceKind {
    Jail,
    Prison,
    Probation,
    Fine,
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeUnit {
    Days,
    Months,
    Years,
    Unknown,
}

/// One part of a sentence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SentencePart {
    pub kind: SentenceKind,
    pub length: Option<u32>,
    pub unit: TimeUnit,
    pub raw: String,
}

/// One count on one step of a cycle.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Charge {
    pub source: SourceRef,
    /// The cycle (one arrest or incident and what followed) within the subject.
    pub cycle_id: String,
    /// The cycle's arrest or incident date: the best proxy for the offense date.
    pub cycle_date: Option<PartialDate>,
    /// The subject's age at the cycle, when the source states it.
    pub cycle_age: Option<u8>,
    pub step: StepKind,
    pub step_raw: String,
    pub step_date: Option<PartialDate>,
    /// Identifies the count within the subject; equal ids are the same count.
    pub count_id: String,
    pub case_number: Option<String>,
    pub county: Option<String>,
    /// The offense as charged.
    pub charged: Option<FieldText>,
    /// The offense convicted of, when the record gives it apart from the charged one.
    pub convicted: Option<FieldText>,
    pub comment: Option<FieldText>,
    pub level: Level,
    /// The field the level came from; `None` when the level is unknown.
    pub level_field: Option<String>,
    pub disposition: Disposition,
    pub disposition_raw: Option<FieldText>,
    pub disposition_date: Option<PartialDate>,
    pub disposition_date_field: Option<String>,
    pub sentence: Vec<SentencePart>,
}

impl Charge {
    /// True when the entry is a conviction on a court step.
    pub fn is_conviction(&self) -> bool {
        self.disposition == Disposition::Convicted
    }

    /// Returns the offense text the rules read: the convicted offense when the record has one,
    /// else the charged offense.
    pub fn offense_text(&self) -> Option<&FieldText> {
        self.convicted.as_ref().or(self.charged.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(name: Option<&str>, year: Option<i16>) -> Subject {
        Subject {
            id: "7".into(),
            name: name.map(str::to_string),
            date_of_birth: year.map(PartialDate::year_only),
            charges: Vec::new(),
        }
    }

    #[test]
    fn absorb_fills_missing_identity() {
        let mut first = piece(None, None);
        first.absorb(piece(Some("DOE,JANE"), Some(1970)));
        assert_eq!(first.name.as_deref(), Some("DOE,JANE"));
        assert_eq!(first.date_of_birth, Some(PartialDate::year_only(1970)));
    }

    #[test]
    fn absorb_keeps_first_identity() {
        let mut first = piece(Some("DOE,JANE"), Some(1970));
        first.absorb(piece(Some("ROE,JANE"), Some(1971)));
        assert_eq!(first.name.as_deref(), Some("DOE,JANE"));
        assert_eq!(first.date_of_birth, Some(PartialDate::year_only(1970)));
    }
}
