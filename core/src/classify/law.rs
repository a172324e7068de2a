//! The statute alone: what H&S 11361.8 gives one Proposition 64 conviction.
//!
//! The rules run in a fixed order, and the first that decides ends the evaluation:
//! relief already granted, the effective date, the shape of the statute string (attempt,
//! conspiracy, wrong code, several sections), an attached enhancement, the section's own
//! rule by subsection, level and age, and last the exclusions that keep a felony of 11358,
//! 11359 or 11360 (see [`super::exclusions`]).

use jiff::civil::Date;

use crate::date::PartialDate;
use crate::decision::{Fact, FactSource, Flag, Outcome, ReasonCode, Ruling};
use crate::policy::Prop64Section;
use crate::schema::{Disposition, Level, StepKind};
use crate::statute::Prop64Citation;

use super::dates::{self, ACT_EFFECTIVE};
use super::exclusions;
use super::record::{Count, OffenseKind, Record};

/// The person's record and run settings that the rules read besides the count itself.
pub struct Context<'r, 'a> {
    pub record: &'r Record<'a>,
    pub as_of: Date,
    /// Years added to 21 when only the disposition date can show the age at the offense.
    pub age_margin_years: u8,
}

/// The two reading choices a county may make, which turn a hand review into an evaluation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Evaluate an attempt (PC 664) as the offense attempted.
    pub attempts_as_target: bool,
    /// Read a Proposition 64 section written under the wrong code as H&S.
    pub accept_code_corrections: bool,
}

/// The outcome of the rules for one conviction, with what they used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evaluation {
    pub ruling: Ruling,
    pub citation: String,
    pub trace: Vec<String>,
    pub flags: Vec<Flag>,
    pub facts: Vec<Fact>,
}

/// Collects trace lines, flags and facts while the rules run.
#[derive(Default)]
pub struct Notes {
    pub trace: Vec<String>,
    pub flags: Vec<Flag>,
    pub facts: Vec<Fact>,
}

impl Notes {
    pub fn note(&mut self, line: impl Into<String>) {
        self.trace.push(line.into());
    }

    pub fn flag(&mut self, flag: Flag) {
        if !self.flags.contains(&flag) {
            self.flags.push(flag);
        }
    }

    pub fn fact(&mut self, name: &'static str, value: impl Into<String>, source: Option<FactSource>) {
        self.facts.push(Fact { name, value: value.into(), source });
    }

    fn finish(self, outcome: Outcome, code: ReasonCode, citation: impl Into<String>) -> Evaluation {
        let mut trace = self.trace;
        trace.push(format!("{} {}", outcome.as_str(), code.as_str()));
        Evaluation { ruling: Ruling::new(outcome, code), citation: citation.into(), trace, flags: self.flags, facts: self.facts }
    }
}

/// Builds the source of a count's field for a fact.
pub fn field_source(count: &Count, field: &str) -> FactSource {
    FactSource { file: count.file().to_string(), row: count.first_row(), field: field.to_string() }
}

/// Builds the source of a count's statute: its file, first row and the field it came from.
pub fn offense_source(count: &Count) -> FactSource {
    let field = count.offense.field.as_ref().map_or("offense", |f| f.field.as_str());
    field_source(count, field)
}

/// A section rule's result: a final outcome, or a felony that the exclusions decide.
enum Step {
    Done(Outcome, ReasonCode),
    Felony(ReasonCode),
}

/// Evaluates one in-scope conviction under the statute, read with `options`.
pub fn evaluate(ctx: &Context, count: &Count, options: Options) -> Evaluation {
    let mut notes = Notes::default();

    if let Some(entry) = already_granted(ctx.record, count) {
        notes.note(format!("later entry in the same cycle records relief (row {})", entry.first_row()));
        notes.fact("relief_entry", entry.offense.rendered.clone(), Some(offense_source(entry)));
        return notes.finish(Outcome::NotEligible, ReasonCode::AlreadyGranted, ReasonCode::AlreadyGranted.citation());
    }

    if let Some((outcome, code)) = date_gate(count, &mut notes) {
        return notes.finish(outcome, code, code.citation());
    }

    let found = match &count.offense.kind {
        OffenseKind::Prop64(found) => found,
        other => {
            let code = structural_code(other);
            notes.note(format!("statute text {:?} does not name exactly one Proposition 64 section", count.offense.rendered));
            return notes.finish(Outcome::HandReview, code, code.citation());
        }
    };

    if let Some(code) = shape_review(count, found, options, &mut notes) {
        return notes.finish(Outcome::HandReview, code, code.citation());
    }

    if let Some(enhancement) = attached_enhancement(ctx.record, count) {
        notes.note(format!("enhancement {} on row {} in the same court step", enhancement.offense.rendered, enhancement.first_row()));
        notes.fact("enhancement", enhancement.offense.rendered.clone(), Some(offense_source(enhancement)));
        let code = ReasonCode::EnhancementAttached;
        return notes.finish(Outcome::HandReview, code, code.citation());
    }

    let age = age_at_offense(ctx, count, &mut notes);
    let step = match found.section {
        Prop64Section::S11357 => possession(count, found, age, &mut notes),
        Prop64Section::S11358 | Prop64Section::S11359 => straight_felony(count, found, &mut notes),
        Prop64Section::S11360 => sale_or_transport(count, found, age, &mut notes),
    };

    match step {
        Step::Done(outcome, code) => notes.finish(outcome, code, code.citation()),
        Step::Felony(reduce) => match exclusions::check(ctx, count, found.section, &mut notes) {
            Some((outcome, code, citation)) => notes.finish(outcome, code, citation),
            None => {
                notes.note("no exclusion applies to the felony");
                notes.finish(Outcome::Reduce, reduce, reduce.citation())
            }
        },
    }
}

/// The reason code for a statute string that does not name exactly one Proposition 64 section.
fn structural_code(kind: &OffenseKind) -> ReasonCode {
    match kind {
        OffenseKind::FieldsDisagree(_) => ReasonCode::FieldsDisagree,
        OffenseKind::CommentAmbiguous(_) => ReasonCode::CommentAmbiguous,
        OffenseKind::Several(_) => ReasonCode::SeveralSections,
        OffenseKind::Former => ReasonCode::FormerMarijuanaSection,
        OffenseKind::Prop64(_) | OffenseKind::Other | OffenseKind::Unknown => ReasonCode::NotProp64Conviction,
    }
}

/// Conspiracy (PC 182), attempt (PC 664) and a wrong code designator: H&S 11361.8 lists only
/// the completed offenses of H&S 11357 to 11360, so each goes to hand review unless the
/// county reads attempts as their target or accepts corrected codes.
fn shape_review(count: &Count, found: &Prop64Citation, options: Options, notes: &mut Notes) -> Option<ReasonCode> {
    if found.conspiracy {
        notes.flag(Flag::Conspiracy);
        notes.note("conspiracy under PC 182 with a Proposition 64 target");
        return Some(ReasonCode::Conspiracy);
    }
    if count.offense.is_attempt() {
        notes.flag(Flag::Attempt);
        if !options.attempts_as_target {
            notes.note("attempt under PC 664");
            return Some(ReasonCode::Attempt);
        }
        notes.note("attempt read as the offense attempted");
    }
    if found.code_corrected {
        notes.flag(Flag::CodeCorrected);
        if !options.accept_code_corrections {
            notes.note("Proposition 64 section written under a code other than H&S");
            return Some(ReasonCode::WrongCode);
        }
        notes.note("wrong code designator read as H&S");
    }
    if found.code_missing {
        notes.flag(Flag::CodeMissing);
    }
    None
}

/// The effective-date rule: an offense on or after 2016-11-09 was sentenced under the Act.
/// With the offense date unknown, a disposition before the Act puts the offense before it
/// too; a later disposition leaves the question open (H&S 11361.8(a), (e): "had [the Act]
/// been in effect at the time of the offense").
fn date_gate(count: &Count, notes: &mut Notes) -> Option<(Outcome, ReasonCode)> {
    if let Some(offense) = count.offense_date() {
        notes.fact("offense_date", offense.to_string(), Some(field_source(count, "cycle_date")));
        match dates::before(&offense, ACT_EFFECTIVE) {
            Some(true) => {
                notes.note(format!("offense date {offense} is before 2016-11-09"));
                return None;
            }
            Some(false) => {
                notes.note(format!("offense date {offense} is on or after 2016-11-09"));
                return Some((Outcome::NotEligible, ReasonCode::OffenseAfterAct));
            }
            None => notes.note(format!("offense date {offense} cannot be placed against 2016-11-09")),
        }
    }

    let Some(disposition) = count.disposition_date() else {
        notes.note("offense date and disposition date both unknown");
        return Some((Outcome::HandReview, ReasonCode::OffenseDateUnknown));
    };
    match dates::before(&disposition, ACT_EFFECTIVE) {
        Some(true) => {
            notes.note(format!("disposition date {disposition} is before 2016-11-09, so the offense was too"));
            None
        }
        Some(false) if count.offense.prop64().is_some_and(lettered_under_act) => {
            notes.note(format!("disposition date {disposition} is after the Act and the subsection exists only in the Act's text"));
            Some((Outcome::NotEligible, ReasonCode::LetteredUnderAct))
        }
        _ => {
            notes.note(format!("offense date unknown and disposition date {disposition} is not before 2016-11-09"));
            Some((Outcome::HandReview, ReasonCode::OffenseDateUnknown))
        }
    }
}

/// True for subsections that exist only in the Act's version of a section: any letter on
/// 11358 or 11359 (straight felonies with no subsections before), and a second level
/// such as (b)(2) on 11357 or (a)(2) on 11360.
fn lettered_under_act(found: &Prop64Citation) -> bool {
    match found.section {
        Prop64Section::S11358 | Prop64Section::S11359 => !found.citation.subsections.is_empty(),
        Prop64Section::S11357 | Prop64Section::S11360 => found.citation.subsections.len() > 1,
    }
}

/// A later court entry in the same cycle that records relief: one citing H&S 11361.8,
/// 11361.9 or PC 1170.18 not dated before this conviction, or a dismissal or sealing of
/// the same section dated after it.
fn already_granted<'r, 'a>(record: &'r Record<'a>, count: &Count) -> Option<&'r Count<'a>> {
    let section = count.offense.prop64().map(|found| found.section);
    let disposition = count.disposition_date();
    let after = |other: &Count| match (other.disposition_date().or(other.charge.step_date), disposition) {
        (Some(later), Some(own)) => later.cmp_known(&own) == Some(std::cmp::Ordering::Greater),
        _ => false,
    };
    let not_before = |other: &Count| match (other.disposition_date().or(other.charge.step_date), disposition) {
        (Some(later), Some(own)) => later.cmp_known(&own) != Some(std::cmp::Ordering::Less),
        _ => true,
    };

    record.counts.iter().find(|other| {
        if std::ptr::eq(*other, count) || other.charge.cycle_id != count.charge.cycle_id {
            return false;
        }
        let relief = other.offense.cites_relief && not_before(other);
        let same_section = section.is_some() && other.offense.prop64().map(|f| f.section) == section;
        let dismissed = other.charge.step == StepKind::Court
            && same_section
            && (other.charge.disposition == Disposition::Dismissed || other.offense.mentions_word("SEALED", false))
            && after(other);
        relief || dismissed
    })
}

/// An enhancement on its own row in the same court step as the count.
fn attached_enhancement<'r, 'a>(record: &'r Record<'a>, count: &Count) -> Option<&'r Count<'a>> {
    record.counts.iter().find(|other| {
        other.enhancement
            && other.convicted
            && other.charge.cycle_id == count.charge.cycle_id
            && match (other.disposition_date(), count.disposition_date()) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            }
    })
}

/// The person's age at the offense against 21: `Some(true)` for 21 or older.
///
/// Read from the date of birth and the cycle (arrest) date, else from the source's age at
/// the cycle, else from the disposition date: 21 plus the policy's margin or older at
/// disposition counts as 21 or older at the offense, and under 21 at disposition means
/// under 21 at the offense.
pub fn age_at_offense(ctx: &Context, count: &Count, notes: &mut Notes) -> Option<bool> {
    let birth = ctx.record.subject.date_of_birth;
    if let Some(birth) = birth {
        notes.fact("date_of_birth", birth.to_string(), None);
    }

    if let (Some(birth), Some(offense)) = (birth, count.offense_date())
        && let Some(adult) = dates::reached_age(&birth, &offense, 21)
    {
        notes.note(format!("age at offense {} 21 (birth {birth}, offense {offense})", if adult { ">=" } else { "<" }));
        return Some(adult);
    }

    if let Some(age) = count.charge.cycle_age {
        notes.fact("cycle_age", age.to_string(), Some(field_source(count, "cycle_age")));
        notes.note(format!("age at offense {age} from the record"));
        return Some(age >= 21);
    }

    if let (Some(birth), Some(disposition)) = (birth, count.disposition_date()) {
        let margin = ctx.age_margin_years;
        if dates::reached_age(&birth, &disposition, 21 + margin) == Some(true) {
            notes.flag(Flag::AgeFromDispositionDate);
            notes.note(format!("age at disposition {disposition} is at least {}, so 21 or older at the offense", 21 + margin));
            return Some(true);
        }
        if dates::reached_age(&birth, &disposition, 21) == Some(false) {
            notes.note(format!("under 21 at disposition {disposition}, so under 21 at the offense"));
            return Some(false);
        }
    }
    notes.note("age at offense unknown");
    None
}

/// The first subsection letter, explicit or from the description, and how many levels the
/// explicit subsection has.
fn subsection<'c>(found: &'c Prop64Citation, notes: &mut Notes) -> (Option<&'c str>, usize) {
    let explicit = &found.citation.subsections;
    if let Some(first) = explicit.first() {
        return (Some(first.as_str()), explicit.len());
    }
    if let Some(hint) = found.hint {
        notes.flag(Flag::SubsectionFromDescription);
        notes.note(format!("subsection ({}) read from the description \"{}\"", hint.subsection().1, hint.phrase()));
        return (Some(hint.subsection().1), 1);
    }
    (None, 0)
}

/// The level is one the subsection could not carry: hand review, or level unknown.
fn level_problem(level: Level) -> Step {
    match level {
        Level::Unknown => Step::Done(Outcome::HandReview, ReasonCode::LevelUnknown),
        _ => Step::Done(Outcome::HandReview, ReasonCode::LevelConflictsWithSection),
    }
}

/// H&S 11357, possession, read by the lettering in force before the Act: (a) concentrate,
/// (b) 28.5 grams or less, (c) more than 28.5 grams, (d) adult on school grounds, (e) minor
/// on school grounds; before 1976 any possession could be a felony. The Act has no felony
/// tier for 11357, so the exclusions never apply to it.
fn possession(count: &Count, found: &Prop64Citation, age: Option<bool>, notes: &mut Notes) -> Step {
    let level = count.level();
    let (letter, depth) = subsection(found, notes);
    if depth > 1 && level != Level::Felony {
        notes.note("two-level subsection before the Act, when 11357 had none");
        return Step::Done(Outcome::HandReview, ReasonCode::SubsectionUnrecognized);
    }

    use Outcome::*;
    match letter {
        None => match level {
            Level::Felony => Step::Done(Reduce, ReasonCode::PossessionFelonyReduced),
            Level::Misdemeanor | Level::Infraction => Step::Done(HandReview, ReasonCode::SubsectionUnknown),
            Level::Unknown => Step::Done(HandReview, ReasonCode::LevelUnknown),
        },
        Some("a") => match level {
            Level::Felony => Step::Done(Reduce, ReasonCode::PossessionFelonyReduced),
            Level::Misdemeanor | Level::Infraction => Step::Done(HandReview, ReasonCode::ConcentrateAmountUnknown),
            Level::Unknown => Step::Done(HandReview, ReasonCode::LevelUnknown),
        },
        Some("b") if level == Level::Felony => level_problem(level),
        Some("b") => match (age, level) {
            (Some(true), _) => Step::Done(Dismiss, ReasonCode::LawfulAdultPossession),
            (Some(false), Level::Misdemeanor) => Step::Done(Reduce, ReasonCode::PossessionReducedToInfraction),
            (Some(false), Level::Infraction) => Step::Done(NotEligible, ReasonCode::NoLesserOffense),
            (Some(false), _) => level_problem(level),
            (None, _) => Step::Done(HandReview, ReasonCode::AgeUnknown),
        },
        Some("c") => match level {
            Level::Misdemeanor => Step::Done(NotEligible, ReasonCode::SameOffenseUnderAct),
            _ => level_problem(level),
        },
        Some("d") => match level {
            Level::Misdemeanor => Step::Done(HandReview, ReasonCode::SchoolPossessionFineOnly),
            _ => level_problem(level),
        },
        Some("e") => match level {
            Level::Misdemeanor => Step::Done(Reduce, ReasonCode::SchoolPossessionReducedToInfraction),
            Level::Infraction => Step::Done(NotEligible, ReasonCode::NoLesserOffense),
            _ => level_problem(level),
        },
        Some(_) => Step::Done(HandReview, ReasonCode::SubsectionUnrecognized),
    }
}

/// H&S 11358 (cultivation) and 11359 (possession for sale): straight felonies with no
/// subsections before the Act. A felony goes on to the exclusions; a misdemeanor or
/// infraction is a record the section could not produce.
fn straight_felony(count: &Count, found: &Prop64Citation, notes: &mut Notes) -> Step {
    if !found.citation.subsections.is_empty() {
        notes.flag(Flag::SubsectionEraMismatch);
        notes.note(format!("subsection letters on {} before the Act are ignored", found.citation));
    }
    let reduce = match found.section {
        Prop64Section::S11358 => ReasonCode::CultivationFelonyReduced,
        _ => ReasonCode::PossessionForSaleFelonyReduced,
    };
    match count.level() {
        Level::Felony => Step::Felony(reduce),
        level => level_problem(level),
    }
}

/// H&S 11360 before the Act: (a) sale, transport or gift, a felony; (b) giving away or
/// transporting 28.5 grams or less, a misdemeanor, lawful for a person 21 or older under
/// H&S 11362.1.
fn sale_or_transport(count: &Count, found: &Prop64Citation, age: Option<bool>, notes: &mut Notes) -> Step {
    let level = count.level();
    let (letter, depth) = subsection(found, notes);
    use Outcome::*;
    match letter {
        None | Some("a") => match level {
            Level::Felony => {
                if depth > 1 {
                    notes.flag(Flag::SubsectionEraMismatch);
                    notes.note("second-level subsection on 11360(a) before the Act is ignored");
                }
                Step::Felony(ReasonCode::TransportFelonyReduced)
            }
            Level::Misdemeanor | Level::Infraction if letter.is_none() => Step::Done(HandReview, ReasonCode::SubsectionUnknown),
            _ => level_problem(level),
        },
        Some("b") if level == Level::Felony => level_problem(level),
        Some("b") => match (age, level) {
            (Some(true), _) => Step::Done(Dismiss, ReasonCode::LawfulAdultGiftOrTransport),
            (Some(false), Level::Misdemeanor) => Step::Done(Reduce, ReasonCode::GiftOrTransportReducedToInfraction),
            (Some(false), Level::Infraction) => Step::Done(NotEligible, ReasonCode::NoLesserOffense),
            (Some(false), _) => level_problem(level),
            (None, _) => Step::Done(HandReview, ReasonCode::AgeUnknown),
        },
        Some(_) => Step::Done(HandReview, ReasonCode::SubsectionUnrecognized),
    }
}

/// The last day of the count's sentence: the disposition date plus its longest part. Parts
/// with no length or an unknown unit are left out.
pub fn sentence_end(count: &Count) -> Option<Date> {
    let start = count.disposition_date()?.earliest();
    count
        .sentence
        .iter()
        .filter_map(|part| {
            let length = i64::from(part.length?);
            let span = match part.unit {
                crate::schema::TimeUnit::Days => jiff::Span::new().try_days(length).ok()?,
                crate::schema::TimeUnit::Months => jiff::Span::new().try_months(length).ok()?,
                crate::schema::TimeUnit::Years => jiff::Span::new().try_years(length).ok()?,
                crate::schema::TimeUnit::Unknown => return None,
            };
            start.checked_add(span).ok()
        })
        .max()
}

/// True when the sentence certainly runs past the as-of date.
pub fn currently_serving(count: &Count, as_of: Date) -> bool {
    sentence_end(count).is_some_and(|end| end > as_of)
}

/// Formats a date for a fact, or "unknown".
pub fn show(date: Option<PartialDate>) -> String {
    date.map_or_else(|| "unknown".to_string(), |d| d.to_string())
}
