//! A person's record as the rules read it: rows grouped into counts, each count's offense
//! resolved from its fields, and the person-level events (registration, death).
//!
//! Everything here is sorted by stable keys, so the rules see the same record whatever
//! order the adapter delivered the rows in.

use std::collections::BTreeMap;

use crate::date::PartialDate;
use crate::policy::Prop64Section;
use crate::schema::{Charge, Disposition, FieldText, Level, SentencePart, StepKind, Subject};
use crate::statute::{self, Citation, Code, ParsedStatute, Prop64Citation, Prop64Reading};

use super::tables;

/// Where a count's statute came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatuteSource {
    Convicted,
    Charged,
    Comment,
}

/// What a count's offense is, as far as Proposition 64 is concerned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OffenseKind {
    /// No field names a statute.
    Unknown,
    /// A statute outside Proposition 64.
    Other,
    Prop64(Prop64Citation),
    /// Several sections for one count, at least one of them a Proposition 64 section.
    Several(Vec<Prop64Section>),
    /// The offense fields name no statute, and the comment names several Proposition 64 sections.
    CommentAmbiguous(Vec<Prop64Section>),
    /// The offense field and the comment name different marijuana sections.
    FieldsDisagree(Vec<Prop64Section>),
    /// A marijuana section repealed in 1972 (former H&S 11530, 11530.5, 11531).
    Former,
}

/// A count's offense, resolved from its convicted, charged and comment fields.
#[derive(Clone, Debug)]
pub struct Offense {
    pub kind: OffenseKind,
    pub source: Option<StatuteSource>,
    /// The field the statute came from, and its raw text.
    pub field: Option<FieldText>,
    /// The head citations of the field the statute came from.
    pub citations: Vec<Citation>,
    /// The statute as the output shows it.
    pub rendered: String,
    /// True when the text says "ATTEMPT" (or "ATT") though no `664` prefix appears.
    pub attempt_word: bool,
    /// True when the convicted offense and the charged offense name different statutes.
    pub charged_differs: bool,
    /// Every text of the row, normalised, for signal words such as "MINOR".
    pub texts: Vec<String>,
    /// True when a text of the row cites a relief provision (H&S 11361.8 or 11361.9, PC 1170.18).
    pub cites_relief: bool,
}

impl Offense {
    /// The Proposition 64 citation, when the offense is exactly one.
    pub fn prop64(&self) -> Option<&Prop64Citation> {
        match &self.kind {
            OffenseKind::Prop64(found) => Some(found),
            _ => None,
        }
    }

    /// True when the count is an attempt, by a `664` prefix or by the word.
    pub fn is_attempt(&self) -> bool {
        self.attempt_word || self.prop64().is_some_and(|found| found.citation.attempt)
    }

    /// True when any text of the row contains `word` as a whole word, or as the start of one
    /// when `prefix` is set (`IMPORT` matches `IMPORTED`).
    pub fn mentions_word(&self, word: &str, prefix: bool) -> bool {
        self.texts.iter().any(|text| contains_word(text, word, prefix))
    }
}

/// One count: every row with the same cycle, step kind and count id.
#[derive(Clone, Debug)]
pub struct Count<'a> {
    /// Index into `Subject::charges` of the row that stands for the count.
    pub charge_index: usize,
    pub charge: &'a Charge,
    /// Every row of the count, sorted.
    pub rows: Vec<u64>,
    pub sentence: Vec<&'a SentencePart>,
    /// True for a conviction on a court step.
    pub convicted: bool,
    pub offense: Offense,
    /// True when the count is a sentence enhancement on its own row (`12022(C) PC`).
    pub enhancement: bool,
}

impl Count<'_> {
    /// A conviction that counts as one for priors, figures and "only Proposition 64": not an
    /// enhancement row and not a court entry granting relief.
    pub fn is_counted_conviction(&self) -> bool {
        self.convicted && !self.enhancement && !self.offense.cites_relief
    }

    pub fn level(&self) -> Level {
        self.charge.level
    }

    pub fn disposition_date(&self) -> Option<PartialDate> {
        self.charge.disposition_date
    }

    pub fn offense_date(&self) -> Option<PartialDate> {
        self.charge.cycle_date
    }

    pub fn file(&self) -> &str {
        &self.charge.source.file
    }

    pub fn first_row(&self) -> u64 {
        self.rows.first().copied().unwrap_or(0)
    }

    /// True when `other` belongs to the same case: the same cycle, or the same court case number.
    pub fn same_case(&self, other: &Count) -> bool {
        if self.charge.cycle_id == other.charge.cycle_id {
            return true;
        }
        let number = |count: &Count| count.charge.case_number.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned);
        matches!((number(self), number(other)), (Some(a), Some(b)) if a.eq_ignore_ascii_case(&b))
    }

    /// True when the count's county is `county`, trimmed, with spaces collapsed and case ignored.
    pub fn in_county(&self, county: &str) -> bool {
        self.charge.county.as_deref().is_some_and(|own| same_county(own, county))
    }
}

/// The person's record, grouped and resolved.
#[derive(Debug)]
pub struct Record<'a> {
    pub subject: &'a Subject,
    /// Every count, ordered by source file, first row, then cycle and count id.
    pub counts: Vec<Count<'a>>,
}

impl<'a> Record<'a> {
    /// Groups the subject's rows into counts and resolves each count's offense.
    pub fn build(subject: &'a Subject) -> Record<'a> {
        let mut groups: BTreeMap<(String, StepKindKey, String), Vec<usize>> = BTreeMap::new();
        for (index, charge) in subject.charges.iter().enumerate() {
            let key = (charge.cycle_id.clone(), StepKindKey(charge.step), charge.count_id.clone());
            groups.entry(key).or_default().push(index);
        }

        let mut counts: Vec<Count<'a>> = groups.into_values().map(|members| build_count(subject, members)).collect();
        counts.sort_by(|a, b| {
            (a.file(), a.first_row(), &a.charge.cycle_id, &a.charge.count_id, &a.rows)
                .cmp(&(b.file(), b.first_row(), &b.charge.cycle_id, &b.charge.count_id, &b.rows))
        });
        Record { subject, counts }
    }

    /// Every conviction that counts as one, in any county.
    pub fn convictions(&self) -> impl Iterator<Item = &Count<'a>> {
        self.counts.iter().filter(|count| count.is_counted_conviction())
    }

    /// The other counts of the same cycle: the companions a rule looks at for signals.
    pub fn companions<'r>(&'r self, count: &'r Count<'a>) -> impl Iterator<Item = &'r Count<'a>> {
        self.counts
            .iter()
            .filter(move |other| other.charge.cycle_id == count.charge.cycle_id && !std::ptr::eq(*other, count))
    }

    /// The first deceased event, when the record has one.
    pub fn deceased(&self) -> Option<&Count<'a>> {
        self.counts.iter().find(|count| count.charge.step == StepKind::Deceased)
    }

    /// Registration events whose statute is PC 290.
    pub fn registrations(&self) -> impl Iterator<Item = &Count<'a>> {
        self.counts.iter().filter(|count| {
            count.charge.step == StepKind::Registration
                && count.offense.citations.iter().any(|c| c.section == "290" && c.code_is_or_missing(Code::Penal))
        })
    }
}

/// Orders step kinds inside a map key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct StepKindKey(StepKind);

impl StepKindKey {
    fn rank(self) -> u8 {
        match self.0 {
            StepKind::Arrest => 0,
            StepKind::Court => 1,
            StepKind::Registration => 2,
            StepKind::Deceased => 3,
            StepKind::Custody => 4,
            StepKind::Probation => 5,
            StepKind::Other => 6,
        }
    }
}

impl PartialOrd for StepKindKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for StepKindKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.rank().cmp(&other.rank())
    }
}

/// Builds one count from its rows. The row that stands for it is the first conviction row
/// in source order, else the first row; every row's sentence parts are kept.
fn build_count(subject: &Subject, mut members: Vec<usize>) -> Count<'_> {
    let charges = &subject.charges;
    members.sort_by(|&a, &b| source_key(&charges[a]).cmp(&source_key(&charges[b])).then(a.cmp(&b)));

    let is_court_conviction = |charge: &Charge| charge.step == StepKind::Court && charge.disposition == Disposition::Convicted;
    let representative = members.iter().copied().find(|&i| is_court_conviction(&charges[i])).unwrap_or(members[0]);
    let charge = &charges[representative];

    let mut rows: Vec<u64> = members.iter().flat_map(|&i| charges[i].source.rows.iter().copied()).collect();
    rows.sort_unstable();
    rows.dedup();
    let sentence = members.iter().flat_map(|&i| charges[i].sentence.iter()).collect();

    let offense = resolve_offense(charge);
    let enhancement = offense.prop64().is_none()
        && matches!(offense.kind, OffenseKind::Other)
        && offense.citations.first().is_some_and(tables::is_enhancement);

    Count { charge_index: representative, charge, rows, sentence, convicted: is_court_conviction(charge), offense, enhancement }
}

fn source_key(charge: &Charge) -> (&str, &[u64]) {
    (&charge.source.file, &charge.source.rows)
}

/// A field that holds some text.
fn present(field: &Option<FieldText>) -> Option<&FieldText> {
    field.as_ref().filter(|f| !f.text.trim().is_empty())
}

/// Resolves a row's offense. The convicted offense wins over the charged one; when neither
/// names a statute, the comment is read with the same parser. A comment that names a
/// marijuana section the offense fields do not name makes the fields disagree.
pub fn resolve_offense(charge: &Charge) -> Offense {
    let convicted = present(&charge.convicted).map(|f| (f, statute::parse(&f.text)));
    let charged = present(&charge.charged).map(|f| (f, statute::parse(&f.text)));
    let comment = present(&charge.comment).map(|f| (f, statute::parse(&f.text)));

    let texts: Vec<String> = [&charge.convicted, &charge.charged, &charge.comment, &charge.disposition_raw]
        .into_iter()
        .filter_map(present)
        .map(|f| statute::normalize(&f.text))
        .collect();
    let cites_relief = [&convicted, &charged, &comment]
        .into_iter()
        .flatten()
        .any(|(_, parsed)| parsed.all_citations().any(tables::is_relief_provision))
        || present(&charge.disposition_raw).is_some_and(|f| statute::parse(&f.text).all_citations().any(tables::is_relief_provision));

    let charged_differs = match (&convicted, &charged) {
        (Some((_, conv)), Some((_, chg))) => {
            !conv.citations.is_empty() && !chg.citations.is_empty() && conv.citations != chg.citations
        }
        _ => false,
    };

    let chosen = match (&convicted, &charged) {
        (Some((field, parsed)), _) if !parsed.citations.is_empty() => Some((StatuteSource::Convicted, *field, parsed)),
        (_, Some((field, parsed))) if !parsed.citations.is_empty() => Some((StatuteSource::Charged, *field, parsed)),
        _ => None,
    };

    let comment_sections = comment.as_ref().map(|(_, parsed)| parsed.prop64_sections_anywhere()).unwrap_or_default();
    let mut offense = Offense {
        kind: OffenseKind::Unknown,
        source: None,
        field: None,
        citations: Vec::new(),
        rendered: String::new(),
        attempt_word: false,
        charged_differs,
        texts,
        cites_relief,
    };

    match chosen {
        Some((source, field, parsed)) => {
            let mut allowed: Vec<Prop64Section> = Vec::new();
            if source == StatuteSource::Convicted
                && let Some((_, chg)) = &charged
            {
                allowed.extend(chg.citations.iter().filter_map(Citation::prop64_section));
            }
            offense.kind = read_offense_field(parsed, &comment_sections, &allowed, comment.as_ref().map(|(_, p)| p));
            offense.source = Some(source);
            offense.field = Some(field.clone());
            offense.citations = parsed.citations.clone();
            offense.rendered = render(&offense.kind, &parsed.citations);
        }
        None => {
            if let Some((field, parsed)) = &comment {
                offense.kind = read_comment(parsed);
                offense.source = Some(StatuteSource::Comment);
                offense.field = Some((*field).clone());
                offense.citations = if parsed.citations.is_empty() { parsed.mentions.clone() } else { parsed.citations.clone() };
                offense.rendered = render(&offense.kind, &offense.citations);
            }
        }
    }
    offense.attempt_word = offense.field.as_ref().is_some_and(|field| {
        let text = statute::normalize(&field.text);
        contains_word(&text, "ATTEMPT", true) || contains_word(&text, "ATT", false)
    });
    offense
}

/// Reads the offense field that won, checking the comment against it.
fn read_offense_field(
    parsed: &ParsedStatute,
    comment_sections: &[Prop64Section],
    allowed: &[Prop64Section],
    comment: Option<&ParsedStatute>,
) -> OffenseKind {
    let disagrees = |own: &[Prop64Section]| comment_sections.iter().any(|s| !own.contains(s) && !allowed.contains(s));
    let union = |own: &[Prop64Section]| {
        let mut all: Vec<Prop64Section> = own.to_vec();
        for section in comment_sections {
            if !all.contains(section) {
                all.push(*section);
            }
        }
        all
    };

    match parsed.prop64() {
        Prop64Reading::One(found) if disagrees(&[found.section]) => OffenseKind::FieldsDisagree(union(&[found.section])),
        Prop64Reading::One(found) => OffenseKind::Prop64(found),
        Prop64Reading::Several { sections, .. } => OffenseKind::Several(sections),
        Prop64Reading::None if parsed.is_conspiracy() => conspiracy_target(comment_sections, comment),
        Prop64Reading::None if parsed.primary().is_some_and(tables::is_former_marijuana_section) => OffenseKind::Former,
        Prop64Reading::None if disagrees(&[]) => OffenseKind::FieldsDisagree(union(&[])),
        Prop64Reading::None => OffenseKind::Other,
    }
}

/// A conspiracy's target, when the comment names exactly one Proposition 64 section.
fn conspiracy_target(comment_sections: &[Prop64Section], comment: Option<&ParsedStatute>) -> OffenseKind {
    match comment_sections.len() {
        0 => OffenseKind::Other,
        1 => {
            let target = comment
                .and_then(|parsed| parsed.all_citations().find(|c| c.prop64_section() == Some(comment_sections[0])))
                .and_then(|c| Prop64Citation::from_citation(c, true));
            target.map_or(OffenseKind::Other, OffenseKind::Prop64)
        }
        _ => OffenseKind::CommentAmbiguous(comment_sections.to_vec()),
    }
}

/// Reads a comment as the fallback statute: exactly one Proposition 64 section is used.
fn read_comment(parsed: &ParsedStatute) -> OffenseKind {
    match parsed.prop64() {
        Prop64Reading::One(found) => return OffenseKind::Prop64(found),
        Prop64Reading::Several { sections, .. } => return OffenseKind::Several(sections),
        Prop64Reading::None => {}
    }

    let sections = parsed.prop64_sections_anywhere();
    match sections.len() {
        0 if parsed.primary().is_some_and(tables::is_former_marijuana_section) => OffenseKind::Former,
        0 if parsed.is_empty() => OffenseKind::Unknown,
        0 => OffenseKind::Other,
        1 => parsed
            .mentions
            .iter()
            .find(|c| c.prop64_section().is_some())
            .and_then(|c| Prop64Citation::from_citation(c, false))
            .map_or(OffenseKind::Unknown, OffenseKind::Prop64),
        _ => OffenseKind::CommentAmbiguous(sections),
    }
}

/// The statute as the output shows it: `HS 11357(b)` for one Proposition 64 citation,
/// otherwise every head citation joined with `/`.
fn render(kind: &OffenseKind, citations: &[Citation]) -> String {
    if let OffenseKind::Prop64(found) = kind {
        let own = found.citation.to_string();
        return if found.conspiracy { format!("PC 182/{own}") } else { own };
    }
    if let OffenseKind::CommentAmbiguous(sections) = kind {
        return sections.iter().map(|s| format!("HS {}", s.number())).collect::<Vec<_>>().join("/");
    }
    citations.iter().map(Citation::to_string).collect::<Vec<_>>().join("/")
}

/// True when `text` (normalised) contains `word` as a whole word, or as a word's start when
/// `prefix` is set.
pub fn contains_word(text: &str, word: &str, prefix: bool) -> bool {
    text.split(|ch: char| !ch.is_ascii_alphanumeric()).any(|token| if prefix { token.starts_with(word) } else { token == word })
}

/// Compares county names with case, outer spaces and repeated spaces ignored.
pub fn same_county(a: &str, b: &str) -> bool {
    let squash = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ").to_uppercase();
    squash(a) == squash(b)
}
