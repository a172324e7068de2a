//! The per-person figures an office reports: who got relief, and who no longer has a
//! felony, any conviction, or a conviction in the last seven years once the county's
//! outcomes are applied.
//!
//! Every conviction in any county counts. A conviction with no decision (another county,
//! another offense) stays as it is. A conviction whose level or date is unknown is treated
//! as possibly a remaining felony or a remaining recent conviction, so a figure is never
//! claimed on a guess.

use jiff::civil::Date;

use crate::decision::{Decision, Outcome};
use crate::schema::Level;

use super::PersonFigures;
use super::dates;
use super::record::{Count, Record};

/// Computes the figures from the record and the decisions made for it.
pub fn compute(record: &Record, decisions: &[Decision], as_of: Date) -> PersonFigures {
    let outcome_of = |count: &Count| {
        decisions.iter().find(|decision| decision.charge_index == count.charge_index).map(|decision| decision.policy.outcome)
    };
    let dismissed = |count: &Count| outcome_of(count) == Some(Outcome::Dismiss);
    let relieved = |count: &Count| outcome_of(count).is_some_and(Outcome::is_relief);
    let convictions: Vec<&Count> = record.convictions().collect();

    let had_felony = convictions.iter().any(|c| c.level() == Level::Felony);
    let felony_remains = convictions.iter().any(|c| matches!(c.level(), Level::Felony | Level::Unknown) && !relieved(c));

    let window_start = dates::shift_years(as_of, -7);
    let certainly_in_window = |c: &Count| {
        c.disposition_date().is_some_and(|day| day.earliest() >= window_start && day.latest() <= as_of)
    };
    let possibly_in_window = |c: &Count| match c.disposition_date() {
        Some(day) => day.latest() >= window_start && day.earliest() <= as_of,
        None => true,
    };

    PersonFigures {
        with_relief: decisions.iter().any(|decision| decision.policy.outcome.is_relief()),
        no_felony_after: had_felony && !felony_remains,
        no_conviction_after: !convictions.is_empty() && convictions.iter().all(|c| dismissed(c)),
        no_conviction_last_7_years_after: convictions.iter().any(|c| certainly_in_window(c))
            && !convictions.iter().any(|c| possibly_in_window(c) && !dismissed(c)),
    }
}
