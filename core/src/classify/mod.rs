//! The Proposition 64 classifier: the statute's outcome and the county policy's outcome
//! for every in-scope conviction of one person.
//!
//! A conviction is in scope when it is a conviction on a court step in the county under
//! review and its offense names H&S 11357, 11358, 11359 or 11360: plainly, as an attempt
//! or conspiracy, under a wrong code, among several sections, or through the comment. A
//! former marijuana section (H&S 11530, 11530.5, 11531) is in scope for hand review.
//! Look-alikes such as 11357.5 or 11361 are not. Convictions in other counties are never
//! decided here but count as priors and in the figures.
//!
//! ```
//! use clearway_core::classify::{classify_subject, RunContext};
//! use clearway_core::policy::Policy;
//! use clearway_core::schema::Subject;
//!
//! let subject = Subject { id: "1".into(), name: None, date_of_birth: None, charges: Vec::new() };
//! let ctx = RunContext { county: "SAN JOAQUIN".into(), as_of: jiff::civil::date(2020, 7, 1) };
//! let outcome = classify_subject(&subject, &Policy::default(), &ctx);
//! assert!(outcome.decisions.is_empty());
//! ```
//!
//! The modules: [`record`] groups rows into counts and resolves each statute; `law` applies
//! the statute; `exclusions` holds the exclusions that keep a felony; `policy` applies the
//! county's options; `figures` computes the per-person figures; `tables` holds the curated
//! section lists.

mod dates;
mod exclusions;
mod figures;
mod law;
mod policy;
pub mod record;
mod tables;

use jiff::civil::Date;
use serde::Serialize;

use crate::decision::{Decision, Fact, Flag, Outcome, ReasonCode, Ruling};
use crate::policy::{Policy, Prop64Section};
use crate::schema::Subject;
use crate::statute::{self, Citation};

use law::{Context, Evaluation, Options, field_source};
use record::{Count, OffenseKind, Record, StatuteSource};

/// The run settings for every subject: the county under review and the as-of date. The
/// as-of date comes from configuration, never from the system clock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunContext {
    pub county: String,
    pub as_of: Date,
}

/// The decisions for one person's in-scope convictions, in source order, and the figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SubjectOutcome {
    pub decisions: Vec<Decision>,
    pub figures: PersonFigures,
}

/// Per-person figures after the county's policy outcomes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PersonFigures {
    /// At least one decision whose policy outcome is dismiss or reduce.
    pub with_relief: bool,
    /// Had a felony conviction in any county, and none remains after the policy outcomes.
    pub no_felony_after: bool,
    /// Had a conviction, and every conviction is dismissed.
    pub no_conviction_after: bool,
    /// Had a conviction in the seven years before the as-of date, and none remains in them.
    pub no_conviction_last_7_years_after: bool,
}

/// Classifies one person. The result is the same whatever order the charges arrive in,
/// except for `charge_index`, which points into `subject.charges` as given.
pub fn classify_subject(subject: &Subject, policy: &Policy, ctx: &RunContext) -> SubjectOutcome {
    let record = Record::build(subject);
    let law_ctx = Context { record: &record, as_of: ctx.as_of, age_margin_years: policy.age_margin_years };

    let mut decisions: Vec<Decision> = record
        .counts
        .iter()
        .filter(|count| count.is_counted_conviction() && count.in_county(&ctx.county) && in_scope(&count.offense.kind))
        .map(|count| decide(policy, &law_ctx, count))
        .collect();
    decisions.extend(plea_bargain_decisions(policy, &record, &ctx.county));
    decisions.sort_by(|a, b| (&*a.source.file, &a.source.rows, &a.statute).cmp(&(&*b.source.file, &b.source.rows, &b.statute)));

    let figures = figures::compute(&record, &decisions, ctx.as_of);
    SubjectOutcome { decisions, figures }
}

/// True for the offense kinds that get a decision.
fn in_scope(kind: &OffenseKind) -> bool {
    matches!(
        kind,
        OffenseKind::Prop64(_)
            | OffenseKind::Several(_)
            | OffenseKind::CommentAmbiguous(_)
            | OffenseKind::FieldsDisagree(_)
            | OffenseKind::Former
    )
}

/// Decides one in-scope conviction: the statute alone, then the county's policy.
fn decide(policy: &Policy, ctx: &Context, count: &Count) -> Decision {
    let law = law::evaluate(ctx, count, Options::default());
    let options = Options {
        attempts_as_target: policy.attempts_as_target,
        accept_code_corrections: policy.accept_code_corrections,
    };
    let read = if options == Options::default() { law.clone() } else { law::evaluate(ctx, count, options) };
    let result = policy::apply(policy, ctx, count, &law, &read);

    let mut flags = offense_flags(count);
    let mut facts = base_facts(count);
    let mut trace: Vec<String> = law.trace.iter().map(|line| format!("law: {line}")).collect();
    extend_unique(&mut flags, &law.flags);
    extend_facts(&mut facts, &law.facts);
    if read != law {
        trace.extend(read.trace.iter().map(|line| format!("policy reading: {line}")));
        extend_unique(&mut flags, &read.flags);
        extend_facts(&mut facts, &read.facts);
    }
    trace.extend(result.trace.iter().map(|line| format!("policy: {line}")));
    extend_unique(&mut flags, &result.flags);
    if law::currently_serving(count, ctx.as_of) {
        extend_unique(&mut flags, &[Flag::CurrentlyServing]);
    }

    Decision {
        charge_index: count.charge_index,
        source: source_of(count),
        statute: count.offense.rendered.clone(),
        section: single_section(&count.offense.kind),
        law: law.ruling,
        policy: result.ruling,
        overrides: result.overrides,
        reason: result.ruling.code.description().to_string(),
        citation: citation_for(&result.ruling, &read),
        flags,
        facts,
        trace,
    }
}

/// The citation for the final outcome: the statute's, with the policy basis added when a
/// policy rule decided.
fn citation_for(ruling: &Ruling, read: &Evaluation) -> String {
    if ruling.code == read.ruling.code {
        read.citation.clone()
    } else {
        format!("{}; {}", read.citation, ruling.code.citation())
    }
}

fn source_of(count: &Count) -> crate::schema::SourceRef {
    crate::schema::SourceRef { file: count.charge.source.file.clone(), rows: count.rows.clone() }
}

/// The base section when the offense names exactly one.
fn single_section(kind: &OffenseKind) -> Option<Prop64Section> {
    match kind {
        OffenseKind::Prop64(found) => Some(found.section),
        OffenseKind::Several(sections) | OffenseKind::CommentAmbiguous(sections) | OffenseKind::FieldsDisagree(sections)
            if sections.len() == 1 =>
        {
            Some(sections[0])
        }
        _ => None,
    }
}

/// Flags about where the statute came from.
fn offense_flags(count: &Count) -> Vec<Flag> {
    let mut flags = Vec::new();
    if count.offense.source == Some(StatuteSource::Comment) {
        flags.push(Flag::StatuteFromComment);
    }
    if count.offense.charged_differs {
        flags.push(Flag::ConvictedDiffersFromCharged);
    }
    flags
}

/// The facts every decision shows: the statute text and its field, the charged offense
/// when it differs, the level, the disposition date and the county.
fn base_facts(count: &Count) -> Vec<Fact> {
    let charge = count.charge;
    let mut facts = Vec::new();
    if let Some(field) = &count.offense.field {
        facts.push(Fact { name: "statute", value: field.text.clone(), source: Some(field_source(count, &field.field)) });
    }
    let source = match count.offense.source {
        Some(StatuteSource::Convicted) => "convicted offense",
        Some(StatuteSource::Charged) => "charged offense",
        Some(StatuteSource::Comment) => "comment",
        None => "none",
    };
    facts.push(Fact { name: "statute_source", value: source.to_string(), source: None });
    if count.offense.charged_differs
        && let Some(charged) = &charge.charged
    {
        facts.push(Fact { name: "charged_offense", value: charged.text.clone(), source: Some(field_source(count, &charged.field)) });
    }
    let level_source = charge.level_field.as_deref().map(|field| field_source(count, field));
    facts.push(Fact { name: "level", value: charge.level.as_str().to_string(), source: level_source });
    let date_source = charge.disposition_date_field.as_deref().map(|field| field_source(count, field));
    facts.push(Fact { name: "disposition_date", value: law::show(charge.disposition_date), source: date_source });
    facts.push(Fact { name: "county", value: charge.county.clone().unwrap_or_default(), source: None });
    facts
}

fn extend_unique(flags: &mut Vec<Flag>, more: &[Flag]) {
    for flag in more {
        if !flags.contains(flag) {
            flags.push(*flag);
        }
    }
}

fn extend_facts(facts: &mut Vec<Fact>, more: &[Fact]) {
    for fact in more {
        if !facts.contains(fact) {
            facts.push(fact.clone());
        }
    }
}

/// Related-charge decisions (county policy `related_charges`): a conviction for a listed
/// related offense, in a cycle that began with a Proposition 64 charge but has no
/// Proposition 64 conviction, may be a plea bargain. The statute gives it nothing; the
/// county sends it to hand review.
fn plea_bargain_decisions(policy: &Policy, record: &Record, county: &str) -> Vec<Decision> {
    let related: Vec<Citation> =
        policy.related_charges.iter().filter_map(|entry| statute::parse(entry).citations.into_iter().next()).collect();
    if related.is_empty() {
        return Vec::new();
    }

    let mut decisions = Vec::new();
    for count in &record.counts {
        if !count.is_counted_conviction() || !count.in_county(county) || in_scope(&count.offense.kind) {
            continue;
        }
        let Some(matched) = count.offense.citations.iter().find(|c| related.iter().any(|r| related_match(r, c))) else {
            continue;
        };
        let cycle: Vec<&Count> = record.counts.iter().filter(|other| other.charge.cycle_id == count.charge.cycle_id).collect();
        let convicted_prop64 = cycle.iter().any(|other| other.is_counted_conviction() && in_scope(&other.offense.kind));
        let Some(arrest) = cycle.iter().find(|other| in_scope(&other.offense.kind)) else { continue };
        if convicted_prop64 {
            continue;
        }
        decisions.push(plea_bargain_decision(count, matched, arrest));
    }
    decisions
}

/// True when a conviction's citation matches a related-charge entry: the same section, a
/// compatible code, and the entry's subsections, if any, at its start.
fn related_match(entry: &Citation, citation: &Citation) -> bool {
    let code_ok = match (entry.code, citation.code) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    };
    let prefix: Vec<&str> = entry.subsections.iter().map(String::as_str).collect();
    code_ok && entry.section == citation.section && citation.subsections_start_with(&prefix)
}

fn plea_bargain_decision(count: &Count, matched: &Citation, arrest: &Count) -> Decision {
    let mut facts = base_facts(count);
    facts.push(Fact {
        name: "prop64_charge",
        value: arrest.offense.rendered.clone(),
        source: Some(law::offense_source(arrest)),
    });
    let law = Ruling::new(Outcome::NotEligible, ReasonCode::NotProp64Conviction);
    let policy = Ruling::new(Outcome::HandReview, ReasonCode::PossiblePleaBargain);
    Decision {
        charge_index: count.charge_index,
        source: source_of(count),
        statute: count.offense.rendered.clone(),
        section: None,
        law,
        policy,
        overrides: vec!["related_charges"],
        reason: policy.code.description().to_string(),
        citation: format!("{}; {}", law.code.citation(), policy.code.citation()),
        flags: vec![Flag::PossiblePleaBargain],
        facts,
        trace: vec![
            format!("law: {} is not a Proposition 64 section", matched),
            format!("policy: related charge in a cycle with {} and no Proposition 64 conviction", arrest.offense.rendered),
        ],
    }
}
