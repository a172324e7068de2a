//! The exclusions that keep a felony of H&S 11358, 11359 or 11360 under the Act.
//!
//! They ask whether the conduct would still be the felony "had the Act been in effect at
//! the time of the offense" (H&S 11361.8(a), (e)), so a disqualifying conviction counts only
//! when it came before the offense. Records give disposition dates; a disqualifier is:
//!
//! - dated strictly before the Proposition 64 arrest date: a prior, which disqualifies;
//! - in the same case or on the same day: not a prior, flagged `SAME_DAY_DISQUALIFIER`;
//! - dated after the Proposition 64 conviction: ignored, flagged `LATER_DISQUALIFIER` when
//!   the person is still serving (the court's public-safety discretion);
//! - anything else (between arrest and conviction, or undated): hand review.
//!
//! Exclusions are checked against the California record only; out-of-state priors count
//! under PC 667 but rarely appear in it.

use std::cmp::Ordering;

use crate::decision::{Flag, Outcome, ReasonCode};
use crate::policy::Prop64Section;
use crate::schema::Level;

use super::law::{self, Context, Notes, offense_source};
use super::record::{Count, OffenseKind};
use super::tables::{self, Match};

/// The place of a disqualifying conviction against the Proposition 64 conviction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timing {
    Prior,
    SameCase,
    SameDay,
    Later,
    Unknown,
}

/// Places `other` against `count` by the rules in the module overview.
pub fn timing(count: &Count, other: &Count) -> Timing {
    if count.same_case(other) {
        return Timing::SameCase;
    }
    let Some(other_date) = other.disposition_date() else {
        return Timing::Unknown;
    };
    if let Some(own) = count.disposition_date()
        && own.is_exact()
        && other_date == own
    {
        return Timing::SameDay;
    }
    if let Some(offense) = count.offense_date()
        && other_date.cmp_known(&offense) == Some(Ordering::Less)
    {
        return Timing::Prior;
    }
    if let Some(own) = count.disposition_date()
        && other_date.cmp_known(&own) == Some(Ordering::Greater)
    {
        return Timing::Later;
    }
    Timing::Unknown
}

/// One finding: an outcome, its code and the citation for this section.
type Finding = (Outcome, ReasonCode, String);

/// Runs every exclusion for a felony of `section`. Returns the first disqualification found,
/// else the first reason for hand review, else `None` when the felony is clear.
pub fn check(ctx: &Context, count: &Count, section: Prop64Section, notes: &mut Notes) -> Option<Finding> {
    let mut disqualified: Vec<Finding> = Vec::new();
    let mut review: Vec<Finding> = Vec::new();
    let serving = law::currently_serving(count, ctx.as_of);
    if serving {
        notes.note(format!("sentence runs past the as-of date {}", ctx.as_of));
    }

    disqualifying_priors(ctx, count, section, serving, notes, &mut disqualified, &mut review);
    registration_without_conviction(ctx, section, notes, &mut review);
    two_priors(ctx, count, section, serving, notes, &mut disqualified, &mut review);
    signals(ctx, count, section, notes, &mut review);

    disqualified.into_iter().next().or_else(|| review.into_iter().next())
}

/// The paragraph of the section that names the super-strike and PC 290(c) exclusion.
fn prior_paragraph(section: Prop64Section) -> &'static str {
    match section {
        Prop64Section::S11358 => "H&S 11358(d)(1)",
        Prop64Section::S11359 => "H&S 11359(c)(1)",
        _ => "H&S 11360(a)(3)(A)",
    }
}

/// Prior super strikes (PC 667(e)(2)(C)(iv)) and PC 290(c) offenses: H&S 11358(d)(1),
/// 11359(c)(1), 11360(a)(3)(A).
fn disqualifying_priors(
    ctx: &Context,
    count: &Count,
    section: Prop64Section,
    serving: bool,
    notes: &mut Notes,
    disqualified: &mut Vec<Finding>,
    review: &mut Vec<Finding>,
) {
    let paragraph = prior_paragraph(section);
    for other in ctx.record.convictions() {
        if std::ptr::eq(other, count) || other.offense.prop64().is_some() {
            continue;
        }
        let Some((code, why)) = disqualifier_kind(other) else { continue };
        let when = timing(count, other);
        let described = format!("{} on {} ({why})", other.offense.rendered, law::show(other.disposition_date()));
        notes.fact("disqualifier", described.clone(), Some(offense_source(other)));

        match (when, code) {
            (Timing::Prior, ReasonCode::PriorSubsectionUnknown) => {
                notes.note(format!("prior {described} lacks the deciding subsection"));
                review.push((Outcome::HandReview, code, format!("{paragraph}; {}", code.citation())));
            }
            (Timing::Prior, _) => {
                notes.note(format!("prior {described} before the offense"));
                let clause = why.split(": ").next().unwrap_or(why);
                disqualified.push((Outcome::NotEligible, code, format!("{paragraph}; {clause}")));
            }
            (Timing::SameCase | Timing::SameDay, _) => {
                notes.flag(Flag::SameDayDisqualifier);
                notes.note(format!("{described} is in the same case or on the same day: not a prior"));
            }
            (Timing::Later, _) => {
                notes.note(format!("{described} is after this conviction: not a prior"));
                if serving {
                    notes.flag(Flag::LaterDisqualifier);
                }
            }
            (Timing::Unknown, _) => {
                notes.note(format!("{described} cannot be placed before or after the offense"));
                review.push((Outcome::HandReview, ReasonCode::PriorTimingUnknown, format!("{paragraph}; {}", code.citation())));
            }
        }
    }
}

/// Whether a conviction is a super strike, a PC 290(c) offense, or may be one but lacks the
/// subsection that decides it.
fn disqualifier_kind(other: &Count) -> Option<(ReasonCode, &'static str)> {
    let level = other.level();
    let mut unknown = None;
    for citation in &other.offense.citations {
        match tables::super_strike(citation, level) {
            Match::Yes(why) => return Some((ReasonCode::PriorSuperStrike, why)),
            Match::SubsectionUnknown(why) => unknown = unknown.or(Some(why)),
            Match::No => {}
        }
        match tables::registrable_offense(citation, level) {
            Match::Yes(why) => return Some((ReasonCode::PriorRegistrableOffense, why)),
            Match::SubsectionUnknown(why) => unknown = unknown.or(Some(why)),
            Match::No => {}
        }
    }
    unknown.map(|why| (ReasonCode::PriorSubsectionUnknown, why))
}

/// A PC 290 registration with no California conviction on the record that requires it
/// (a juvenile adjudication is not a conviction, W&I 203; or the offense was out of state).
fn registration_without_conviction(ctx: &Context, section: Prop64Section, notes: &mut Notes, review: &mut Vec<Finding>) {
    let Some(registration) = ctx.record.registrations().next() else { return };
    let explained = ctx.record.convictions().any(|other| {
        other.offense.citations.iter().any(|c| tables::registrable_offense(c, other.level()) != Match::No)
    });
    notes.fact("registration", registration.offense.rendered.clone(), Some(offense_source(registration)));
    if explained {
        notes.note("PC 290 registration is explained by a conviction on the record");
        return;
    }
    notes.note("PC 290 registration with no registrable conviction on the record");
    let code = ReasonCode::RegistrationWithoutConviction;
    review.push((Outcome::HandReview, code, format!("{}; PC 290(c); W&I 203", prior_paragraph(section))));
}

/// The weight of an earlier conviction of the same section toward two priors.
enum PriorWeight {
    Counts,
    Uncertain,
    Ignored,
}

/// Two or more prior convictions of the same offense: H&S 11358(d)(2) (priors under (c)),
/// 11359(c)(2) (under (b)), 11360(a)(3)(B) (under (a)(2)). Old felonies of 11359 and
/// 11360(a) are the same conduct and count; infractions and old 11360(b) do not. Priors must
/// come from separate earlier proceedings with distinct disposition dates. For 11358 the
/// plant count that makes a "(c)" prior never appears in a record, so priors there give
/// hand review at most.
fn two_priors(
    ctx: &Context,
    count: &Count,
    section: Prop64Section,
    serving: bool,
    notes: &mut Notes,
    disqualified: &mut Vec<Finding>,
    review: &mut Vec<Finding>,
) {
    let mut certain_dates = Vec::new();
    let mut certain_counts = 0usize;
    let mut uncertain = 0usize;

    for other in ctx.record.convictions() {
        if std::ptr::eq(other, count) {
            continue;
        }
        let weight = prior_weight(other, section);
        if matches!(weight, PriorWeight::Ignored) {
            continue;
        }
        let described = format!("{} on {}", other.offense.rendered, law::show(other.disposition_date()));
        match (timing(count, other), weight) {
            (Timing::Prior, PriorWeight::Counts) => {
                notes.fact("same_section_prior", described, Some(offense_source(other)));
                let date = other.disposition_date();
                if !certain_dates.contains(&date) {
                    certain_dates.push(date);
                }
                certain_counts += 1;
            }
            (Timing::Prior | Timing::Unknown, _) => {
                notes.fact("possible_same_section_prior", described, Some(offense_source(other)));
                uncertain += 1;
            }
            (Timing::SameDay, _) => notes.flag(Flag::SameDayDisqualifier),
            (Timing::Later, _) if serving => notes.flag(Flag::LaterDisqualifier),
            _ => {}
        }
    }

    let proceedings = certain_dates.len();
    let paragraph = match section {
        Prop64Section::S11358 => "H&S 11358(d)(2)",
        Prop64Section::S11359 => "H&S 11359(c)(2)",
        _ => "H&S 11360(a)(3)(B)",
    };
    notes.note(format!("{proceedings} earlier proceedings of the same section before the offense, {uncertain} uncertain"));

    // Several counts from fewer proceedings: two priors from one earlier case is unsettled.
    let unsettled = proceedings + uncertain >= 2 || certain_counts > proceedings;
    if proceedings >= 2 && section != Prop64Section::S11358 {
        disqualified.push((Outcome::NotEligible, ReasonCode::TwoPriorConvictions, paragraph.to_string()));
    } else if proceedings >= 2 || unsettled {
        review.push((Outcome::HandReview, ReasonCode::PriorsUncertain, paragraph.to_string()));
    }
}

/// Whether an earlier conviction of the same base section counts as a prior under the
/// section's two-priors paragraph.
fn prior_weight(other: &Count, section: Prop64Section) -> PriorWeight {
    match &other.offense.kind {
        OffenseKind::Prop64(found) if found.section == section => {}
        OffenseKind::Several(sections) | OffenseKind::FieldsDisagree(sections) | OffenseKind::CommentAmbiguous(sections)
            if sections.contains(&section) =>
        {
            return PriorWeight::Uncertain;
        }
        _ => return PriorWeight::Ignored,
    }
    let found = other.offense.prop64().expect("matched above");
    if found.conspiracy || other.offense.is_attempt() || found.code_corrected {
        return PriorWeight::Uncertain;
    }
    if section == Prop64Section::S11358 {
        return PriorWeight::Uncertain;
    }

    let letter = found.citation.subsections.first().map(String::as_str);
    match (other.level(), section, letter) {
        (Level::Infraction, _, _) => PriorWeight::Ignored,
        (_, Prop64Section::S11360, Some("b")) => PriorWeight::Ignored,
        (Level::Unknown, _, _) => PriorWeight::Uncertain,
        (Level::Misdemeanor, Prop64Section::S11360, None) => PriorWeight::Uncertain,
        _ => PriorWeight::Counts,
    }
}

/// Companion counts and words that signal the other exclusions: sale to a minor or use of
/// a minor (H&S 11359(c)(3), 11359(d), 11360(a)(3)(C)), import or export (H&S
/// 11360(a)(3)(D)), and environmental harm during cultivation (H&S 11358(d)(3)). A signal
/// gives hand review; without one the court presumes the criteria met (H&S 11361.8(b), (f)).
fn signals(ctx: &Context, count: &Count, section: Prop64Section, notes: &mut Notes, review: &mut Vec<Finding>) {
    let companions: Vec<&Count> = ctx.record.companions(count).collect();
    let companion_has = |test: fn(&crate::statute::Citation) -> bool| {
        companions.iter().find(|other| other.offense.citations.iter().any(test)).copied()
    };
    let any_text_has = |word: &str, prefix: bool| {
        count.offense.mentions_word(word, prefix) || companions.iter().any(|other| other.offense.mentions_word(word, prefix))
    };

    if matches!(section, Prop64Section::S11359 | Prop64Section::S11360) {
        let companion = companion_has(tables::is_minor_signal);
        if let Some(other) = companion {
            notes.fact("minor_signal", other.offense.rendered.clone(), Some(offense_source(other)));
        }
        if companion.is_some() || any_text_has("MINOR", false) || any_text_has("MINORS", false) {
            notes.note("the case shows a sign of a minor");
            let code = ReasonCode::MinorSignal;
            review.push((Outcome::HandReview, code, code.citation().to_string()));
        }
    }

    if section == Prop64Section::S11360 && (any_text_has("IMPORT", true) || any_text_has("EXPORT", true)) {
        notes.note("the case text speaks of import or export");
        let code = ReasonCode::ImportExportSignal;
        review.push((Outcome::HandReview, code, code.citation().to_string()));
    }

    if section == Prop64Section::S11358 {
        let companion = companion_has(tables::is_environmental_signal);
        if let Some(other) = companion {
            notes.fact("environmental_signal", other.offense.rendered.clone(), Some(offense_source(other)));
        }
        let words = count.offense.texts.iter().any(|text| text.contains("ENVIRONMENTAL HARM"));
        if companion.is_some() || words {
            notes.note("the case has an environmental companion count");
            let code = ReasonCode::EnvironmentalSignal;
            review.push((Outcome::HandReview, code, code.citation().to_string()));
        }
    }
}
