//! County policy on top of the statute's outcome.
//!
//! A prosecutor may decline to challenge relief (H&S 11361.9), which is how a county gives
//! more than the statute. Policy can only raise an outcome to DISMISS, and only from:
//!
//! - REDUCE;
//! - NOT_ELIGIBLE because the conduct has no lesser offense under the Act;
//! - HAND_REVIEW caused by a missing fact that the firing rule does not need (the
//!   misdemeanor rule needs no subsection and no age).
//!
//! It never overrides an exclusion that keeps the felony, the effective date (except the
//! misdemeanor rule with `include_post_act`), relief already granted, or a hand review that
//! the statute string causes (attempt and wrong code have their own opt-ins). Every option
//! that changes an outcome is named in the decision's `overrides`.

use crate::decision::{Flag, Outcome, ReasonCode, Ruling};
use crate::policy::Policy;
use crate::schema::Level;

use super::dates;
use super::law::{Context, Evaluation};
use super::record::{Count, OffenseKind, Record};

/// The county policy's result for one conviction.
pub struct PolicyResult {
    pub ruling: Ruling,
    pub overrides: Vec<&'static str>,
    pub trace: Vec<String>,
    pub flags: Vec<Flag>,
}

/// Which policy rules may raise an outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Permit {
    /// Every rule.
    All,
    /// Every rule that does not read the offense level.
    AllButLevel,
    /// Only the misdemeanor rule, and only with `include_post_act`.
    PostActMisdemeanor,
    None,
}

fn permit(code: ReasonCode) -> Permit {
    use ReasonCode::*;
    match code {
        PossessionReducedToInfraction
        | SchoolPossessionReducedToInfraction
        | PossessionFelonyReduced
        | CultivationFelonyReduced
        | PossessionForSaleFelonyReduced
        | TransportFelonyReduced
        | GiftOrTransportReducedToInfraction
        | NoLesserOffense
        | SameOffenseUnderAct
        | SubsectionUnknown
        | SubsectionUnrecognized
        | ConcentrateAmountUnknown
        | SchoolPossessionFineOnly
        | AgeUnknown => Permit::All,
        LevelUnknown | LevelConflictsWithSection => Permit::AllButLevel,
        OffenseAfterAct | LetteredUnderAct | OffenseDateUnknown => Permit::PostActMisdemeanor,
        _ => Permit::None,
    }
}

/// One policy rule, checked: its option name, its reason code, and whether it fires
/// (`None` when the facts it needs are missing).
struct Check {
    option: &'static str,
    code: ReasonCode,
    fires: Option<bool>,
    reads_level: bool,
    line: String,
}

/// Applies the county policy. `law` is the statute alone; `read` is the statute read with
/// the county's `attempts_as_target` and `accept_code_corrections` choices.
pub fn apply(policy: &Policy, ctx: &Context, count: &Count, law: &Evaluation, read: &Evaluation) -> PolicyResult {
    let mut result = PolicyResult { ruling: read.ruling, overrides: Vec::new(), trace: Vec::new(), flags: Vec::new() };

    if read.ruling != law.ruling {
        if policy.attempts_as_target && law.ruling.code == ReasonCode::Attempt {
            result.overrides.push("attempts_as_target");
        }
        if policy.accept_code_corrections
            && (law.ruling.code == ReasonCode::WrongCode || count.offense.prop64().is_some_and(|f| f.code_corrected))
        {
            result.overrides.push("accept_code_corrections");
        }
        result.trace.push(format!("reading choices give {} {}", read.ruling.outcome.as_str(), read.ruling.code.as_str()));
    }

    if read.ruling.outcome == Outcome::Dismiss {
        return result;
    }
    let permit = permit(read.ruling.code);
    if permit == Permit::None {
        result.trace.push(format!("{} cannot be changed by policy", read.ruling.code.as_str()));
        return result;
    }

    let checks = checks(policy, ctx, count, permit);
    let mut fired: Option<ReasonCode> = None;
    for check in &checks {
        result.trace.push(check.line.clone());
        let allowed = match permit {
            Permit::All => true,
            Permit::AllButLevel => !check.reads_level,
            Permit::PostActMisdemeanor => check.code == ReasonCode::PolicyDismissMisdemeanor,
            Permit::None => false,
        };
        if allowed && check.fires == Some(true) {
            fired = fired.or(Some(check.code));
            result.overrides.push(check.option);
            if permit == Permit::PostActMisdemeanor {
                result.overrides.push("include_post_act");
            }
        }
    }

    match fired {
        Some(code) => result.ruling = Ruling::new(Outcome::Dismiss, code),
        None => {
            let unevaluated = |options: &[&str]| checks.iter().any(|c| c.fires.is_none() && options.contains(&c.option));
            if unevaluated(&["additional_relief.under_21_at_conviction", "additional_relief.age_at_least"]) {
                result.flags.push(Flag::AgeRulesNotEvaluated);
            }
            if unevaluated(&["additional_relief.years_since_conviction", "additional_relief.years_crime_free"]) {
                result.flags.push(Flag::DateRulesNotEvaluated);
            }
        }
    }
    result
}

/// Every enabled rule, in a fixed order.
fn checks(policy: &Policy, ctx: &Context, count: &Count, permit: Permit) -> Vec<Check> {
    let mut checks = Vec::new();
    let relief = &policy.additional_relief;
    let level = count.level();
    let section = count.offense.prop64().map(|found| found.section);

    if let Some(section) = section {
        let listed = policy.dismiss.contains(&section);
        let reduce_listed = policy.reduce.contains(&section);
        let line = match (level, listed, reduce_listed) {
            (Level::Felony, true, _) => format!("felony of {} is in the dismiss list", section.number()),
            (Level::Felony, false, true) => format!("felony of {} is in the reduce list: outcome kept", section.number()),
            (Level::Felony, false, false) => format!("felony of {} is in neither list: outcome kept", section.number()),
            _ => "section lists apply to felonies only".to_string(),
        };
        checks.push(Check {
            option: "dismiss",
            code: ReasonCode::PolicyDismissSection,
            fires: Some(level == Level::Felony && listed),
            reads_level: true,
            line,
        });
    }

    if policy.dismiss_all_misdemeanors {
        let fires = matches!(level, Level::Misdemeanor | Level::Infraction);
        let post_act_note = if permit == Permit::PostActMisdemeanor && !policy.include_post_act { " (not after the Act)" } else { "" };
        let allowed = permit != Permit::PostActMisdemeanor || policy.include_post_act;
        checks.push(Check {
            option: "dismiss_all_misdemeanors",
            code: ReasonCode::PolicyDismissMisdemeanor,
            fires: Some(fires && allowed),
            reads_level: true,
            line: format!("misdemeanor rule: level {}{post_act_note}", level.as_str()),
        });
    }

    let birth = ctx.record.subject.date_of_birth;
    let disposition = count.disposition_date();
    if relief.under_21_at_conviction {
        let fires = match (birth, disposition) {
            (Some(birth), Some(day)) => dates::reached_age(&birth, &day, 21).map(|adult| !adult),
            _ => None,
        };
        checks.push(additional("additional_relief.under_21_at_conviction", ReasonCode::PolicyUnder21AtConviction, fires, "under 21 at conviction"));
    }
    if let Some(years) = relief.age_at_least {
        let fires = birth.and_then(|birth| dates::reached_age(&birth, &dates::exact(ctx.as_of), years));
        checks.push(additional("additional_relief.age_at_least", ReasonCode::PolicyAgeAtLeast, fires, &format!("age {years} or older on {}", ctx.as_of)));
    }
    if let Some(years) = relief.years_since_conviction {
        let limit = dates::shift_years(ctx.as_of, -i16::from(years));
        let fires = disposition.and_then(|day| dates::on_or_before(&day, limit));
        checks.push(additional(
            "additional_relief.years_since_conviction",
            ReasonCode::PolicyYearsSinceConviction,
            fires,
            &format!("convicted on or before {limit}"),
        ));
    }
    if let Some(years) = relief.years_crime_free {
        let limit = dates::shift_years(ctx.as_of, -i16::from(years));
        checks.push(additional(
            "additional_relief.years_crime_free",
            ReasonCode::PolicyYearsCrimeFree,
            crime_free_since(ctx.record, limit),
            &format!("no conviction on or after {limit}"),
        ));
    }
    if relief.only_prop64_convictions {
        let fires = ctx.record.convictions().all(|other| is_prop64_conviction(other, policy));
        checks.push(additional("additional_relief.only_prop64_convictions", ReasonCode::PolicyOnlyProp64, Some(fires), "only Proposition 64 convictions"));
    }
    if relief.deceased {
        let fires = ctx.record.deceased().is_some();
        checks.push(additional("additional_relief.deceased", ReasonCode::PolicyDeceased, Some(fires), "deceased"));
    }
    checks
}

fn additional(option: &'static str, code: ReasonCode, fires: Option<bool>, what: &str) -> Check {
    let state = match fires {
        Some(true) => "yes",
        Some(false) => "no",
        None => "not evaluated",
    };
    Check { option, code, fires, reads_level: false, line: format!("{what}: {state}") }
}

/// Whether every conviction of any kind, in any county, is dated strictly before `limit`.
/// `None` when a conviction's date is missing or straddles the limit.
fn crime_free_since(record: &Record, limit: jiff::civil::Date) -> Option<bool> {
    let mut answer = Some(true);
    for conviction in record.convictions() {
        match conviction.disposition_date().map(|day| dates::before(&day, limit)) {
            Some(Some(true)) => {}
            Some(Some(false)) => return Some(false),
            _ => answer = None,
        }
    }
    answer
}

/// The strict reading of "a Proposition 64 conviction" for `only_prop64_convictions`: the
/// offense names only Proposition 64 sections (an enhancement joined to it is no separate
/// conviction), is no conspiracy, and is an attempt or a corrected code only when the
/// county reads those as the offense.
pub fn is_prop64_conviction(count: &Count, policy: &Policy) -> bool {
    match &count.offense.kind {
        OffenseKind::Prop64(found) => {
            !found.conspiracy
                && (!count.offense.is_attempt() || policy.attempts_as_target)
                && (!found.code_corrected || policy.accept_code_corrections)
        }
        OffenseKind::Several(_) => count
            .offense
            .citations
            .iter()
            .all(|c| {
                let marijuana = c.prop64_section().is_some() && c.code_is_or_missing(crate::statute::Code::HealthAndSafety);
                (marijuana && !c.attempt) || super::tables::is_enhancement(c)
            }),
        _ => false,
    }
}
