//! What the classifier decides for one in-scope conviction, and why.

use serde::Serialize;

/// The four outcomes a conviction in scope can get.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Dismiss,
    Reduce,
    NotEligible,
    HandReview,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [Outcome::Dismiss, Outcome::Reduce, Outcome::NotEligible, Outcome::HandReview];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Dismiss => "dismiss",
            Outcome::Reduce => "reduce",
            Outcome::NotEligible => "not_eligible",
            Outcome::HandReview => "hand_review",
        }
    }

    /// True for the outcomes that give relief.
    pub fn is_relief(self) -> bool {
        matches!(self, Outcome::Dismiss | Outcome::Reduce)
    }
}

/// Where a fact came from in the input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FactSource {
    pub file: String,
    pub row: u64,
    pub field: String,
}

/// One fact the decision used, with its value as the rules read it and its source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fact {
    pub name: &'static str,
    pub value: String,
    pub source: Option<FactSource>,
}
