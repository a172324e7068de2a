//! The one statute parser: turns a code-section string as records write it into citations.
//!
//! Every adapter hands the classifier raw text such as `11357(C) HS-POSS MARIJUANA OVER 1 OZ`,
//! `HS 11359`, `H&S 11360(a)`, `664/11359 HS`, `11359/11360 HS` or `11359 HS+12022(C) PC`.
//! [`parse`] reads the citation at the head of the text (one or more sections, joined by `/`,
//! `+`, `,`, `&`, `-` or `AND`), the description after it, and any section named with a code
//! designator inside the description.
//!
//! Sections match only as whole tokens: a section is not preceded by a digit or by letters
//! other than a code designator, and is not followed by a digit or by `.` and a digit. So
//! `11357.5`, `111357`, `113570` and `CR11357` are never section 11357.
//!
//! ```
//! use clearway_core::statute::{parse, Code};
//!
//! let offense = parse("664/11357(c) HS-POSS MARIJUANA OVER 1 OZ");
//! let citation = &offense.citations[0];
//! assert!(citation.attempt);
//! assert_eq!(citation.code, Some(Code::HealthAndSafety));
//! assert_eq!(citation.section, "11357");
//! assert_eq!(citation.subsections, vec!["c".to_string()]);
//! assert_eq!(citation.to_string(), "PC 664/HS 11357(c)");
//! ```

use std::fmt;

use serde::Serialize;

use crate::policy::Prop64Section;

/// A California code, named by the designator records use for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Code {
    HealthAndSafety,
    Penal,
    Vehicle,
    BusinessAndProfessions,
    WelfareAndInstitutions,
    FishAndGame,
    MilitaryAndVeterans,
    Water,
    Government,
    RevenueAndTaxation,
    PublicResources,
    HarborsAndNavigation,
    FoodAndAgricultural,
    Labor,
    UnemploymentInsurance,
}

impl Code {
    /// Returns the designator Clearway writes: `HS`, `PC`, `VC` and so on.
    pub fn abbreviation(self) -> &'static str {
        match self {
            Code::HealthAndSafety => "HS",
            Code::Penal => "PC",
            Code::Vehicle => "VC",
            Code::BusinessAndProfessions => "BP",
            Code::WelfareAndInstitutions => "WI",
            Code::FishAndGame => "FG",
            Code::MilitaryAndVeterans => "MV",
            Code::Water => "WC",
            Code::Government => "GC",
            Code::RevenueAndTaxation => "RT",
            Code::PublicResources => "PR",
            Code::HarborsAndNavigation => "HN",
            Code::FoodAndAgricultural => "FA",
            Code::Labor => "LC",
            Code::UnemploymentInsurance => "UI",
        }
    }

    /// Reads a designator once its separators (`&`, `/`, `.`, spaces) are removed:
    /// `H&S`, `H & S`, `H/S` and `H.S.` all arrive here as `HS`.
    fn from_letters(letters: &str) -> Option<Code> {
        let code = match letters {
            "HS" | "HSC" => Code::HealthAndSafety,
            "PC" | "PEN" => Code::Penal,
            "VC" | "VEH" => Code::Vehicle,
            "BP" | "BPC" => Code::BusinessAndProfessions,
            "WI" | "WIC" => Code::WelfareAndInstitutions,
            "FG" | "FGC" => Code::FishAndGame,
            "MV" | "MVC" => Code::MilitaryAndVeterans,
            "WC" | "WAT" => Code::Water,
            "GC" | "GOV" => Code::Government,
            "RT" | "RTC" => Code::RevenueAndTaxation,
            "PR" | "PRC" => Code::PublicResources,
            "HN" | "HNC" => Code::HarborsAndNavigation,
            "FA" | "FAC" => Code::FoodAndAgricultural,
            "LC" => Code::Labor,
            "UI" | "UIC" => Code::UnemploymentInsurance,
            _ => return None,
        };
        Some(code)
    }
}

/// One section reference: code, section number and subsections.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Citation {
    /// The code the text names; `None` when the text carries no designator.
    pub code: Option<Code>,
    /// The section number as written, with its decimal part: `"11357"`, `"288.5"`, `"12022.1"`.
    pub section: String,
    /// Subsections from the outside in, lowercase: `11357(B)(2)`, `11357B2` and `11357(b)2`
    /// all give `["b", "2"]`.
    pub subsections: Vec<String>,
    /// True for an attempt under PC 664 (`664/11359`, `664.11359`, `664-11359`, `66411359`).
    pub attempt: bool,
}

impl Citation {
    /// A citation with no subsections and no attempt, for tables and tests.
    pub fn new(code: Option<Code>, section: &str) -> Citation {
        Citation { code, section: section.to_string(), subsections: Vec::new(), attempt: false }
    }

    /// True when the code is `code`, or when the text named no code at all.
    pub fn code_is_or_missing(&self, code: Code) -> bool {
        self.code.is_none() || self.code == Some(code)
    }

    /// The Proposition 64 base section this citation names, whatever its code designator.
    pub fn prop64_section(&self) -> Option<Prop64Section> {
        Prop64Section::from_number(&self.section)
    }

    /// True when the subsections start with `prefix`: `(a)(2)` starts with `(a)` and `(a)(2)`.
    pub fn subsections_start_with(&self, prefix: &[&str]) -> bool {
        prefix.len() <= self.subsections.len() && prefix.iter().zip(&self.subsections).all(|(p, s)| p == s)
    }

    /// The section as a number, `288.5` as (288, Some(5)), for range checks such as PC 187 to 191.5.
    pub fn section_number(&self) -> Option<(u32, Option<u32>)> {
        let (whole, fraction) = match self.section.split_once('.') {
            Some((whole, fraction)) => (whole, Some(fraction)),
            None => (self.section.as_str(), None),
        };
        let whole = whole.parse().ok()?;
        let fraction = match fraction {
            Some(text) => Some(text.parse().ok()?),
            None => None,
        };
        Some((whole, fraction))
    }
}

impl fmt::Display for Citation {
    /// `HS 11357(b)`, `PC 664/HS 11359` for an attempt, `11357(a)` when no code is known.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.attempt {
            f.write_str("PC 664/")?;
        }
        if let Some(code) = self.code {
            write!(f, "{} ", code.abbreviation())?;
        }
        f.write_str(&self.section)?;
        for subsection in &self.subsections {
            write!(f, "({subsection})")?;
        }
        Ok(())
    }
}

/// A subsection read from the canned description, never from an explicit letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum SubsectionHint {
    /// "OVER 1 OZ" or "OVER 28.5": possession over 28.5 grams, old H&S 11357(c).
    Over28Grams,
    /// "CONCENTRATED": concentrated cannabis, old H&S 11357(a).
    Concentrate,
    /// "6+ PLANTS": cultivation of more than six plants, H&S 11358(c) under the Act.
    OverSixPlants,
}

impl SubsectionHint {
    /// The section the hint speaks about, and the subsection letter it stands for.
    pub fn subsection(self) -> (Prop64Section, &'static str) {
        match self {
            SubsectionHint::Over28Grams => (Prop64Section::S11357, "c"),
            SubsectionHint::Concentrate => (Prop64Section::S11357, "a"),
            SubsectionHint::OverSixPlants => (Prop64Section::S11358, "c"),
        }
    }

    pub fn phrase(self) -> &'static str {
        match self {
            SubsectionHint::Over28Grams => "OVER 1 OZ",
            SubsectionHint::Concentrate => "CONCENTRATED",
            SubsectionHint::OverSixPlants => "6+ PLANTS",
        }
    }
}

/// A statute string, parsed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParsedStatute {
    /// The text after normalisation: uppercase, trimmed, spaces collapsed, leading punctuation dropped.
    pub normalized: String,
    /// The citations at the head of the text, in order. A `664` prefix is folded into the
    /// citation it qualifies, which gets `attempt = true`.
    pub citations: Vec<Citation>,
    /// The text after the head citations, such as `POSS MARIJUANA OVER 1 OZ/28.5 GRAM`.
    pub description: String,
    /// Sections named with a code designator inside the description (`REDUCED TO MISD 11361.8 HS`).
    pub mentions: Vec<Citation>,
}

/// A statute string read against Proposition 64's sections, H&S 11357 to 11360.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Prop64Reading {
    /// No Proposition 64 section appears at the head of the text.
    None,
    /// Exactly one Proposition 64 citation, alone at the head.
    One(Prop64Citation),
    /// A Proposition 64 section together with other sections: several marijuana sections
    /// (`11359/11360 HS`) or a section joined to an enhancement (`11359 HS+12022(C) PC`).
    Several { sections: Vec<Prop64Section>, citations: Vec<Citation> },
}

/// One Proposition 64 citation and what the parser noticed about its spelling.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prop64Citation {
    pub section: Prop64Section,
    /// The citation rendered with code H&S, whatever code the text gave.
    pub citation: Citation,
    /// True when the text named a code other than H&S (`11358 PC`): no such marijuana
    /// offense exists outside the Health and Safety Code.
    pub code_corrected: bool,
    /// True when the text named no code at all (`11357(A)`).
    pub code_missing: bool,
    /// True for a conspiracy under PC 182 with this section as its target.
    pub conspiracy: bool,
    /// A subsection suggested by the description, when the citation has none.
    pub hint: Option<SubsectionHint>,
}

impl Prop64Citation {
    /// Reads one citation as a Proposition 64 citation, when its section is one of H&S
    /// 11357 to 11360. The description hint is left for the caller.
    pub fn from_citation(found: &Citation, conspiracy: bool) -> Option<Prop64Citation> {
        let section = found.prop64_section()?;
        let mut citation = found.clone();
        citation.code = Some(Code::HealthAndSafety);
        Some(Prop64Citation {
            section,
            citation,
            code_corrected: found.code.is_some_and(|code| code != Code::HealthAndSafety),
            code_missing: found.code.is_none(),
            conspiracy,
            hint: None,
        })
    }
}

impl ParsedStatute {
    /// True when the text yielded no citation anywhere.
    pub fn is_empty(&self) -> bool {
        self.citations.is_empty() && self.mentions.is_empty()
    }

    /// Returns the first head citation, which is the offense the text is about.
    pub fn primary(&self) -> Option<&Citation> {
        self.citations.first()
    }

    /// True when the head is a conspiracy under PC 182.
    pub fn is_conspiracy(&self) -> bool {
        self.primary().is_some_and(is_conspiracy_citation)
    }

    /// Iterates over every citation, head first, then those named in the description.
    pub fn all_citations(&self) -> impl Iterator<Item = &Citation> {
        self.citations.iter().chain(self.mentions.iter())
    }

    /// Reads the head citations against H&S 11357 to 11360. A conspiracy's target follows
    /// the `182` citation; the description is read for a subsection hint.
    pub fn prop64(&self) -> Prop64Reading {
        let conspiracy = self.is_conspiracy();
        let targets: Vec<&Citation> =
            if conspiracy { self.citations.iter().skip(1).collect() } else { self.citations.iter().collect() };

        let sections: Vec<Prop64Section> = targets.iter().filter_map(|c| prop64_section_of(c)).collect();
        if sections.is_empty() {
            return Prop64Reading::None;
        }
        if targets.len() > 1 {
            return Prop64Reading::Several { sections, citations: targets.into_iter().cloned().collect() };
        }

        let Some(mut found) = Prop64Citation::from_citation(targets[0], conspiracy) else {
            return Prop64Reading::None;
        };
        if found.citation.subsections.is_empty() {
            found.hint = description_hint(&self.description).filter(|hint| hint.subsection().0 == found.section);
        }
        Prop64Reading::One(found)
    }

    /// Every Proposition 64 section anywhere in the text, head and description, in order
    /// and without repeats. The comment fallback reads a comment this way.
    pub fn prop64_sections_anywhere(&self) -> Vec<Prop64Section> {
        let mut sections = Vec::new();
        for section in self.all_citations().filter_map(prop64_section_of) {
            if !sections.contains(&section) {
                sections.push(section);
            }
        }
        sections
    }
}

/// The Proposition 64 section a citation names, when its code is H&S, missing, or a
/// wrong designator that a reader corrects to H&S.
fn prop64_section_of(citation: &Citation) -> Option<Prop64Section> {
    citation.prop64_section()
}

fn is_conspiracy_citation(citation: &Citation) -> bool {
    citation.section == "182" && citation.code_is_or_missing(Code::Penal) && !citation.attempt
}

/// Reads a description for the canned phrases that imply a subsection.
pub fn description_hint(description: &str) -> Option<SubsectionHint> {
    let text = normalize(description);
    let over_ounce = ["OVER 1 OZ", "OVER 1OZ", "OVER ONE OZ", "OVER 28.5", "> 28.5", ">28.5"];
    if over_ounce.iter().any(|phrase| text.contains(phrase)) {
        return Some(SubsectionHint::Over28Grams);
    }
    if text.contains("CONCENTRATED") {
        return Some(SubsectionHint::Concentrate);
    }
    let plants = ["6+ PLANTS", "6 + PLANTS", "OVER 6 PLANTS", "MORE THAN 6 PLANTS", "MORE THAN SIX PLANTS"];
    if plants.iter().any(|phrase| text.contains(phrase)) {
        return Some(SubsectionHint::OverSixPlants);
    }
    None
}

/// Normalises record text: uppercase, every run of whitespace (including non-breaking
/// spaces and NUL bytes) as one space, trimmed, and leading punctuation dropped.
pub fn normalize(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut pending_space = false;
    for ch in raw.chars() {
        if ch.is_whitespace() || ch == '\u{0}' || ch == '\u{a0}' {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.extend(ch.to_uppercase());
    }
    let start = out.find(char::is_alphanumeric).unwrap_or(out.len());
    out[start..].to_string()
}

/// Parses a statute string. Text with no citation gives an empty result, not an error.
pub fn parse(raw: &str) -> ParsedStatute {
    let normalized = normalize(raw);
    let scanner = Scanner::new(&normalized);

    let (citations, head_end) = scanner.head();
    let rest = &normalized[head_end..];
    let description = rest.trim_start_matches([' ', '-']).trim_end().to_string();
    let mentions = scanner.mentions(head_end);

    ParsedStatute { normalized, citations, description, mentions }
}

/// Penal Code sections whose number ends in letters. A letter glued to one of these numbers
/// is part of the section (`653F(B) PC` is PC 653f(b)); glued to any other number it is a
/// subsection (`11357A HS` is H&S 11357(a)).
const LETTERED_SECTIONS: &[&str] =
    &["266c", "266h", "266i", "266j", "273a", "273ab", "273d", "288a", "653f", "653m"];

/// A byte-position scanner over normalised text. Normalised text is uppercase, and every
/// character the grammar reads is ASCII; other characters act as separators.
struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
}

/// A citation as scanned, before attempt prefixes are folded and codes are shared.
struct RawItem {
    code: Option<Code>,
    number: String,
    subsections: Vec<String>,
    /// True when the number carried a glued attempt prefix (`664.11359`, `66411359`).
    glued_attempt: bool,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Scanner<'a> {
        Scanner { text, bytes: text.as_bytes() }
    }

    fn byte(&self, pos: usize) -> Option<u8> {
        self.bytes.get(pos).copied()
    }

    fn skip_spaces(&self, mut pos: usize) -> usize {
        while self.byte(pos) == Some(b' ') {
            pos += 1;
        }
        pos
    }

    /// Reads the citations at the start of the text and returns them with the position
    /// where the description begins.
    fn head(&self) -> (Vec<Citation>, usize) {
        let Some((first, mut pos)) = self.item(0) else {
            return (Vec::new(), 0);
        };
        let mut items = vec![first];

        while let Some(after_joiner) = self.joiner(pos) {
            match self.item(after_joiner) {
                Some((item, end)) => {
                    items.push(item);
                    pos = end;
                }
                None => break,
            }
        }
        (fold_items(items), pos)
    }

    /// Finds citations inside the description that carry a code designator, so that numbers
    /// such as `1 OZ` or `28.5 GRAM` are never read as sections.
    fn mentions(&self, from: usize) -> Vec<Citation> {
        let mut found = Vec::new();
        let mut pos = from;
        while pos < self.bytes.len() {
            if self.is_item_start(pos)
                && let Some((item, end)) = self.item(pos)
                && item.code.is_some()
            {
                found.push(item);
                pos = end;
                continue;
            }
            pos += 1;
        }
        fold_items(found)
    }

    /// True where a number or a designator may begin a citation: after a separator, or a
    /// digit run right after a designator (`HS11359`).
    fn is_item_start(&self, pos: usize) -> bool {
        let Some(current) = self.byte(pos) else { return false };
        if !current.is_ascii_alphanumeric() {
            return false;
        }
        match pos.checked_sub(1).and_then(|before| self.byte(before)) {
            None => true,
            Some(before) => !before.is_ascii_alphanumeric() && before != b'.',
        }
    }

    /// Reads one citation: `[designator] number [subsections] [designator]`.
    fn item(&self, start: usize) -> Option<(RawItem, usize)> {
        let mut pos = self.skip_spaces(start);
        let mut code = None;
        if let Some((leading, end)) = self.designator(pos) {
            code = Some(leading);
            pos = self.skip_spaces(end);
        }

        let (number, glued_attempt, mut pos) = self.number(pos)?;
        let (subsections, end) = self.subsections(pos);
        pos = end;

        if code.is_none() {
            let after = self.skip_spaces(pos);
            if let Some((trailing, end)) = self.designator(after) {
                code = Some(trailing);
                pos = end;
            }
        }
        Some((RawItem { code, number, subsections, glued_attempt }, pos))
    }

    /// Reads a section number as a whole token. Returns the number, whether a glued `664`
    /// attempt prefix was removed from it, and the end position.
    fn number(&self, start: usize) -> Option<(String, bool, usize)> {
        if !self.byte(start)?.is_ascii_digit() {
            return None;
        }
        if let Some(before) = start.checked_sub(1).and_then(|b| self.byte(b)) {
            let after_decimal_point =
                before == b'.' && start >= 2 && self.byte(start - 2).is_some_and(|b| b.is_ascii_digit());
            if before.is_ascii_digit() || after_decimal_point {
                return None;
            }
            if before.is_ascii_alphabetic() && !self.ends_with_designator(start) {
                return None;
            }
        }

        let mut pos = start;
        while self.byte(pos).is_some_and(|b| b.is_ascii_digit()) {
            pos += 1;
        }
        let whole = &self.text[start..pos];
        let mut fraction = None;
        if self.byte(pos) == Some(b'.') && self.byte(pos + 1).is_some_and(|b| b.is_ascii_digit()) {
            let fraction_start = pos + 1;
            pos = fraction_start;
            while self.byte(pos).is_some_and(|b| b.is_ascii_digit()) {
                pos += 1;
            }
            fraction = Some(&self.text[fraction_start..pos]);
            // `1.2.3` is no section number.
            if self.byte(pos) == Some(b'.') && self.byte(pos + 1).is_some_and(|b| b.is_ascii_digit()) {
                return None;
            }
        }

        // `664.11359`: a dot after 664 followed by a section of three or more digits is an
        // attempt prefix, because no PC 664 subsection is numbered that way.
        if whole == "664"
            && let Some(target) = fraction
            && target.len() >= 3
        {
            let mut target = target.to_string();
            if self.byte(pos) == Some(b'.') && self.byte(pos + 1).is_some_and(|b| b.is_ascii_digit()) {
                let tail_start = pos;
                pos += 1;
                while self.byte(pos).is_some_and(|b| b.is_ascii_digit()) {
                    pos += 1;
                }
                target.push_str(&self.text[tail_start..pos]);
            }
            return Some((target, true, pos));
        }

        // `66411359`: 664 glued to a five-digit section of the 11000s.
        if fraction.is_none() && whole.len() == 8 && whole.starts_with("66411") {
            return Some((whole[3..].to_string(), true, pos));
        }

        let number = match fraction {
            Some(fraction) => format!("{whole}.{fraction}"),
            None => whole.to_string(),
        };

        // `288A PC` is former section 288a, while `11357A HS` is 11357(a): a letter glued to
        // the number belongs to the section only for the sections listed in `LETTERED_SECTIONS`.
        if fraction.is_none() {
            for letters in [2, 1] {
                let end = pos + letters;
                let glued = self.text.get(pos..end).filter(|l| l.bytes().all(|b| b.is_ascii_alphabetic()));
                let bounded = !self.byte(end).is_some_and(|b| b.is_ascii_alphabetic());
                if let Some(glued) = glued
                    && bounded
                {
                    let candidate = format!("{whole}{}", glued.to_ascii_lowercase());
                    if LETTERED_SECTIONS.contains(&candidate.as_str()) {
                        return Some((candidate, false, end));
                    }
                }
            }
        }
        Some((number, false, pos))
    }

    /// True when the letters just before `pos` form a code designator (`HS11359`).
    fn ends_with_designator(&self, pos: usize) -> bool {
        let mut start = pos;
        while start > 0 && self.bytes[start - 1].is_ascii_alphabetic() {
            start -= 1;
        }
        Code::from_letters(&self.text[start..pos]).is_some()
    }

    /// Reads subsections after a section number: `(A)(2)`, `A2`, `(A)2`, `(IV)`.
    fn subsections(&self, start: usize) -> (Vec<String>, usize) {
        let mut parts = Vec::new();
        let mut pos = start;
        loop {
            if self.byte(pos) == Some(b'(') {
                let content_start = pos + 1;
                let mut end = content_start;
                while self.byte(end).is_some_and(|b| b.is_ascii_alphanumeric()) {
                    end += 1;
                }
                let content = &self.text[content_start..end];
                if self.byte(end) != Some(b')') || content.is_empty() || content.len() > 4 {
                    break;
                }
                parts.push(content.to_ascii_lowercase());
                pos = end + 1;
                continue;
            }

            if !self.byte(pos).is_some_and(|b| b.is_ascii_alphanumeric()) {
                break;
            }
            let mut end = pos;
            while self.byte(end).is_some_and(|b| b.is_ascii_alphanumeric()) {
                end += 1;
            }
            let glued = &self.text[pos..end];
            match split_glued_subsections(glued) {
                Some((letters, consumed)) => {
                    parts.extend(letters);
                    pos += consumed;
                    if consumed < glued.len() {
                        break;
                    }
                }
                None => break,
            }
        }
        (parts, pos)
    }

    /// Reads a code designator at `pos`: letters with at most one separator (`&`, `/`, `.`)
    /// between them, optionally spaced (`H & S`), and an optional final `.`. The designator
    /// must not run on into further letters or digits.
    fn designator(&self, pos: usize) -> Option<(Code, usize)> {
        if !self.byte(pos)?.is_ascii_alphabetic() {
            return None;
        }
        if pos > 0 && self.bytes[pos - 1].is_ascii_alphabetic() {
            return None;
        }

        let mut letters = String::new();
        let mut cursor = pos;
        let mut best = None;
        while letters.len() < 3 {
            let Some(letter) = self.byte(cursor).filter(u8::is_ascii_alphabetic) else { break };
            letters.push(letter as char);
            cursor += 1;

            let mut end = cursor;
            if self.byte(end) == Some(b'.') {
                end += 1;
            }
            let at_boundary = !self.byte(end).is_some_and(|b| b.is_ascii_alphanumeric())
                || self.byte(cursor).is_some_and(|b| b.is_ascii_digit());
            if at_boundary && let Some(code) = Code::from_letters(&letters) {
                best = Some((code, end));
            }

            // A separator between two letters: `H&S`, `H & S`, `H/S`, `H.S`.
            let spaced = self.skip_spaces(cursor);
            if let Some(separator) = self.byte(spaced)
                && matches!(separator, b'&' | b'/' | b'.')
            {
                let next = self.skip_spaces(spaced + 1);
                if self.byte(next).is_some_and(|b| b.is_ascii_alphabetic()) && letters.len() == 1 {
                    cursor = next;
                }
            }
        }
        best
    }

    /// Reads a joiner between two head citations and returns where the next one starts.
    fn joiner(&self, pos: usize) -> Option<usize> {
        let at = self.skip_spaces(pos);
        let byte = self.byte(at)?;
        if matches!(byte, b'/' | b'+' | b',' | b'&' | b'-') {
            let next = self.skip_spaces(at + 1);
            // A hyphen starts the description unless a section number follows it.
            if byte == b'-' && !self.byte(next).is_some_and(|b| b.is_ascii_digit()) {
                return None;
            }
            return Some(next);
        }
        if self.text[at..].starts_with("AND ") {
            return Some(self.skip_spaces(at + 4));
        }
        None
    }
}

/// Splits subsection letters glued to a section number (`B2`, `A2`, `B2HS`). Returns the
/// parts and how many bytes they use; a trailing designator (`HS`) is left unread.
fn split_glued_subsections(glued: &str) -> Option<(Vec<String>, usize)> {
    if Code::from_letters(glued).is_some() {
        return None;
    }
    let mut body = glued;
    for designator_len in [2, 3] {
        if glued.len() > designator_len {
            let (front, back) = glued.split_at(glued.len() - designator_len);
            if Code::from_letters(back).is_some() && is_subsection_shape(front) {
                body = front;
                break;
            }
        }
    }
    if !is_subsection_shape(body) {
        return None;
    }

    let mut parts = Vec::new();
    let mut current = String::new();
    for ch in body.chars() {
        let switches = current.chars().last().is_some_and(|last| last.is_ascii_digit() != ch.is_ascii_digit());
        if switches {
            parts.push(std::mem::take(&mut current));
        }
        current.push(ch.to_ascii_lowercase());
    }
    parts.push(current);
    Some((parts, body.len()))
}

/// Subsections glued to a number alternate single letters and one- or two-digit numbers:
/// `A`, `B2`, `A2B`, `2`.
fn is_subsection_shape(text: &str) -> bool {
    if text.is_empty() || text.len() > 5 {
        return false;
    }
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index].is_ascii_alphabetic() {
            if bytes.get(index + 1).is_some_and(u8::is_ascii_alphabetic) {
                return false;
            }
            index += 1;
        } else if bytes[index].is_ascii_digit() {
            let mut run = 0;
            while bytes.get(index).is_some_and(u8::is_ascii_digit) {
                run += 1;
                index += 1;
            }
            if run > 2 {
                return false;
            }
        } else {
            return false;
        }
    }
    true
}

/// Folds `664` prefixes into the citation they qualify, and gives a citation with no code
/// the code of the next citation that has one (`11359/11360 HS`), else of the one before.
fn fold_items(items: Vec<RawItem>) -> Vec<Citation> {
    let mut citations: Vec<Citation> = Vec::new();
    let mut pending_attempt = false;
    let count = items.len();
    for (index, item) in items.into_iter().enumerate() {
        let is_prefix = item.number == "664"
            && item.subsections.is_empty()
            && index + 1 < count
            && item.code.is_none_or(|code| code == Code::Penal);
        if is_prefix {
            pending_attempt = true;
            continue;
        }
        citations.push(Citation {
            code: item.code,
            section: item.number,
            subsections: item.subsections,
            attempt: item.glued_attempt || std::mem::take(&mut pending_attempt),
        });
    }

    for index in 0..citations.len() {
        if citations[index].code.is_some() {
            continue;
        }
        let after = citations[index + 1..].iter().find_map(|c| c.code);
        let before = citations[..index].iter().rev().find_map(|c| c.code);
        citations[index].code = after.or(before);
    }
    citations
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(raw: &str) -> Vec<String> {
        parse(raw).citations.iter().map(Citation::to_string).collect()
    }

    #[test]
    fn table_of_spellings() {
        let cases: &[(&str, &[&str])] = &[
            ("11357 HS-POSSESSION OF MARIJUANA", &["HS 11357"]),
            ("11357(A) HS-POSSESS CONCENTRATED CANNABIS", &["HS 11357(a)"]),
            ("11357(C) HS-POSS MARIJUANA OVER 1 OZ/28.5 GRAM", &["HS 11357(c)"]),
            ("11357(C)HS-POSS MARIJUANA", &["HS 11357(c)"]),
            ("11357A HS", &["HS 11357(a)"]),
            ("11357B2 HS", &["HS 11357(b)(2)"]),
            ("11359B HS", &["HS 11359(b)"]),
            ("11360A2 HS", &["HS 11360(a)(2)"]),
            ("11360(A)(2) HS", &["HS 11360(a)(2)"]),
            ("11360(A)2 HS", &["HS 11360(a)(2)"]),
            ("11358(c) HS", &["HS 11358(c)"]),
            ("11360(B) SELL/FURNISH/ETC", &["11360(b)"]),
            ("11357(A)", &["11357(a)"]),
            ("11357(A)PC", &["PC 11357(a)"]),
            ("/11357 HS", &["HS 11357"]),
            ("HS 11359", &["HS 11359"]),
            ("11360(A) H&S", &["HS 11360(a)"]),
            ("H&S 11360(a)", &["HS 11360(a)"]),
            ("HSC 11359", &["HS 11359"]),
            ("11359 H & S", &["HS 11359"]),
            ("11359 H/S", &["HS 11359"]),
            ("11359 H.S.", &["HS 11359"]),
            ("11359 H.S.-POSSESS FOR SALE", &["HS 11359"]),
            ("HS11359", &["HS 11359"]),
            ("11358 PC", &["PC 11358"]),
            ("11360 VC", &["VC 11360"]),
            ("187 PC-MURDER", &["PC 187"]),
            ("288(A) PC-LEWD ACT", &["PC 288(a)"]),
            ("23152(A) VC-DUI ALCOHOL/DRUGS", &["VC 23152(a)"]),
            ("261(A)(2) PC", &["PC 261(a)(2)"]),
            ("4060 BP", &["BP 4060"]),
            ("4060 B&P", &["BP 4060"]),
            ("6600 W&I", &["WI 6600"]),
            ("1602 FG", &["FG 1602"]),
            ("5650 F&G", &["FG 5650"]),
            ("1052 WC", &["WC 1052"]),
            ("667(E)(2)(C)(IV) PC", &["PC 667(e)(2)(c)(iv)"]),
            ("11357.5(B) HS", &["HS 11357.5(b)"]),
            ("288.5 PC", &["PC 288.5"]),
            ("12022.1 PC", &["PC 12022.1"]),
            ("SEE COMMENT FOR CHARGE", &[]),
            ("", &[]),
            ("11359/11360 HS", &["HS 11359", "HS 11360"]),
            ("11359 HS+12022(C) PC", &["HS 11359", "PC 12022(c)"]),
            ("11359 & 11360 HS", &["HS 11359", "HS 11360"]),
            ("182(A)(1) PC-CONSPIRACY", &["PC 182(a)(1)"]),
            ("653F(B) PC", &["PC 653f(b)"]),
            ("288A(C)(1) PC", &["PC 288a(c)(1)"]),
            ("273AB PC", &["PC 273ab"]),
            ("288(A) PC", &["PC 288(a)"]),
        ];
        for (raw, expected) in cases {
            assert_eq!(head(raw), *expected, "parsing {raw:?}");
        }
    }

    #[test]
    fn attempt_spellings() {
        for raw in ["664/11357(c) HS", "664.11357(c) HS", "664-11357(c) HS", "66411357(c) HS", "664 / 11357(C) HS"] {
            let parsed = parse(raw);
            assert_eq!(parsed.citations.len(), 1, "parsing {raw:?}");
            let citation = &parsed.citations[0];
            assert!(citation.attempt, "attempt in {raw:?}");
            assert_eq!(citation.section, "11357", "section in {raw:?}");
            assert_eq!(citation.subsections, vec!["c"], "subsections in {raw:?}");
            assert_eq!(citation.to_string(), "PC 664/HS 11357(c)");
        }
    }

    #[test]
    fn attempted_murder_keeps_its_code() {
        let parsed = parse("664/187(A) PC-ATTEMPTED MURDER");
        assert_eq!(parsed.citations.len(), 1);
        assert!(parsed.citations[0].attempt);
        assert_eq!(parsed.citations[0].section, "187");
        assert_eq!(parsed.citations[0].code, Some(Code::Penal));
    }

    #[test]
    fn look_alikes_are_not_prop64() {
        for raw in ["11357.5(B) HS", "111357 HS", "113570 HS", "11361 HS", "11361.5 HS", "CASE CR11357 HS", "11362.1 HS", "11357.51 HS"] {
            assert_eq!(parse(raw).prop64(), Prop64Reading::None, "parsing {raw:?}");
        }
    }

    #[test]
    fn description_numbers_are_not_sections() {
        let parsed = parse("11357(C) HS-POSS MARIJUANA OVER 1 OZ/28.5 GRAM");
        assert_eq!(parsed.citations.len(), 1);
        assert!(parsed.mentions.is_empty());
        assert_eq!(parsed.description, "POSS MARIJUANA OVER 1 OZ/28.5 GRAM");
    }

    #[test]
    fn mentions_in_free_text() {
        let parsed = parse("REDUCED TO MISD 11361.8 HS");
        assert!(parsed.citations.is_empty());
        assert_eq!(parsed.mentions, vec![Citation::new(Some(Code::HealthAndSafety), "11361.8")]);
    }

    #[test]
    fn comment_with_statute_at_head() {
        let parsed = parse("11359 HS-POSSESS MARIJUANA FOR SALE");
        assert_eq!(parsed.prop64_sections_anywhere(), vec![Prop64Section::S11359]);
    }

    #[test]
    fn wrong_code_is_flagged_corrected() {
        let Prop64Reading::One(found) = parse("11358 PC").prop64() else { panic!("expected one citation") };
        assert!(found.code_corrected);
        assert_eq!(found.citation.to_string(), "HS 11358");
    }

    #[test]
    fn missing_code_is_flagged() {
        let Prop64Reading::One(found) = parse("11357(A)").prop64() else { panic!("expected one citation") };
        assert!(found.code_missing);
        assert!(!found.code_corrected);
    }

    #[test]
    fn several_sections_are_several() {
        let reading = parse("11359/11360 HS").prop64();
        let Prop64Reading::Several { sections, .. } = reading else { panic!("expected several") };
        assert_eq!(sections, vec![Prop64Section::S11359, Prop64Section::S11360]);
    }

    #[test]
    fn enhancement_join_is_several() {
        let reading = parse("11359 HS+12022(C) PC").prop64();
        let Prop64Reading::Several { sections, citations } = reading else { panic!("expected several") };
        assert_eq!(sections, vec![Prop64Section::S11359]);
        assert_eq!(citations.len(), 2);
    }

    #[test]
    fn conspiracy_with_target() {
        let parsed = parse("182(A)(1)/11359 PC");
        assert!(parsed.is_conspiracy());
        let Prop64Reading::One(found) = parsed.prop64() else { panic!("expected one") };
        assert!(found.conspiracy);
        assert_eq!(found.section, Prop64Section::S11359);
    }

    #[test]
    fn conspiracy_without_target_is_not_prop64() {
        let parsed = parse("182(A)(1) PC-CONSPIRACY: COMMIT A CRIME");
        assert!(parsed.is_conspiracy());
        assert_eq!(parsed.prop64(), Prop64Reading::None);
    }

    #[test]
    fn hints_apply_only_without_letters() {
        let Prop64Reading::One(found) = parse("11357 HS-POSS MARIJUANA OVER 1 OZ/28.5 GRAM").prop64() else {
            panic!("expected one")
        };
        assert_eq!(found.hint, Some(SubsectionHint::Over28Grams));

        let Prop64Reading::One(found) = parse("11357(B) HS-POSS MARIJUANA OVER 1 OZ").prop64() else {
            panic!("expected one")
        };
        assert_eq!(found.hint, None);
        assert_eq!(found.citation.subsections, vec!["b"]);
    }

    #[test]
    fn hints_name_their_section() {
        let Prop64Reading::One(found) = parse("11358 HS-CULTIVATE MARIJUANA 6+ PLANTS").prop64() else {
            panic!("expected one")
        };
        assert_eq!(found.hint, Some(SubsectionHint::OverSixPlants));

        let Prop64Reading::One(found) = parse("11360(A) HS-GIVE/ETC MARIJ OVER 1 OZ/28.5 GRM").prop64() else {
            panic!("expected one")
        };
        assert_eq!(found.hint, None, "an 11357 hint never applies to 11360");
    }

    #[test]
    fn normalize_collapses_and_uppercases() {
        assert_eq!(normalize("  11357(b)\u{a0}\u{a0}hs\t-poss "), "11357(B) HS -POSS");
        assert_eq!(normalize("/-11357 HS"), "11357 HS");
    }

    #[test]
    fn section_number_reads_decimals() {
        assert_eq!(Citation::new(None, "191.5").section_number(), Some((191, Some(5))));
        assert_eq!(Citation::new(None, "187").section_number(), Some((187, None)));
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    const HS_SPELLINGS: [&str; 8] = ["HS", "H&S", "H & S", "HSC", "H/S", "H.S.", "hs", "h&s"];

    fn prop64_number() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec!["11357", "11358", "11359", "11360"])
    }

    fn letter() -> impl Strategy<Value = char> {
        prop::sample::select(vec!['a', 'b', 'c', 'd', 'e'])
    }

    proptest! {
        #[test]
        fn parse_never_panics(raw in "\\PC{0,60}") {
            let _ = parse(&raw).prop64();
        }

        #[test]
        fn parse_never_panics_on_statute_alphabet(raw in "[0-9A-Z()/.&+ -]{0,40}") {
            let _ = parse(&raw).prop64();
        }

        #[test]
        fn subsection_spellings_agree(number in prop64_number(), letter in letter(), digit in 1u8..=4, code in prop::sample::select(HS_SPELLINGS.to_vec())) {
            let upper = letter.to_ascii_uppercase();
            let spellings = [
                format!("{number}({upper})({digit}) {code}"),
                format!("{number}{upper}{digit} {code}"),
                format!("{number}({upper}){digit} {code}"),
                format!("{number}({letter})({digit}) {code}-DESCRIPTION"),
                format!("{code} {number}({upper})({digit})"),
            ];
            for raw in &spellings {
                let parsed = parse(raw);
                prop_assert_eq!(parsed.citations.len(), 1, "parsing {:?}", raw);
                let citation = &parsed.citations[0];
                prop_assert_eq!(citation.code, Some(Code::HealthAndSafety), "code of {:?}", raw);
                prop_assert_eq!(&citation.section, number);
                prop_assert_eq!(citation.subsections.clone(), vec![letter.to_string(), digit.to_string()]);
            }
        }

        #[test]
        fn digit_or_decimal_suffix_is_another_section(number in prop64_number(), digit in 0u8..=9) {
            for raw in [format!("{number}{digit} HS"), format!("{number}.{digit} HS"), format!("{digit}{number} HS")] {
                prop_assert_eq!(parse(&raw).prop64(), Prop64Reading::None, "parsing {:?}", raw);
            }
        }

        #[test]
        fn digits_in_case_numbers_are_not_sections(number in prop64_number(), prefix in "[A-Z]{2}[0-9]{0,3}", suffix in "[0-9]{1,3}") {
            let raw = format!("CASE {prefix}{number}{suffix}");
            prop_assert_eq!(parse(&raw).prop64(), Prop64Reading::None, "parsing {:?}", raw);
        }

        #[test]
        fn rendering_parses_back(number in prop64_number(), letter in letter(), attempt in any::<bool>()) {
            let original = Citation {
                code: Some(Code::HealthAndSafety),
                section: number.to_string(),
                subsections: vec![letter.to_string()],
                attempt,
            };
            let parsed = parse(&original.to_string());
            prop_assert_eq!(parsed.citations, vec![original]);
        }

        #[test]
        fn case_and_spacing_do_not_matter(number in prop64_number(), letter in letter(), spaces in " {1,3}") {
            let tight = format!("{number}({letter}) HS-POSS");
            let loose = format!("{spaces}{number}({}){spaces}hs-poss{spaces}", letter.to_ascii_uppercase());
            prop_assert_eq!(parse(&tight).citations, parse(&loose).citations);
        }
    }
}
