//! Personal names split into last, first, middle and suffix.
//!
//! Two spellings are read: `LAST/FIRST/MIDDLE/SUFFIX` (court exports) and
//! `LAST,FIRST M JR` (state criminal-history files). Both are tolerant: every part is
//! trimmed of padding, runs of spaces inside a part become one space, and an empty or
//! absent part is `None`. Letter case is kept as the record has it.
//!
//! People are grouped by the source's person id, never by name, so a name only travels to
//! the output for an attorney to read.

/// Suffixes recognized at the end of a name, compared without a trailing period and
/// ignoring case.
pub const SUFFIXES: &[&str] = &["JR", "SR", "II", "III", "IV"];

/// A name split into its parts. A part the record does not have is `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameParts {
    pub last: Option<String>,
    pub first: Option<String>,
    /// Every middle name or initial, separated by single spaces.
    pub middle: Option<String>,
    pub suffix: Option<String>,
}

impl NameParts {
    /// Formats the name as `LAST, FIRST MIDDLE SUFFIX`, leaving out absent parts, or returns
    /// `None` when every part is absent.
    pub fn to_last_first(&self) -> Option<String> {
        let given: Vec<&str> = [&self.first, &self.middle, &self.suffix]
            .into_iter()
            .filter_map(|part| part.as_deref())
            .collect();
        match (&self.last, given.is_empty()) {
            (None, true) => None,
            (Some(last), true) => Some(last.clone()),
            (None, false) => Some(given.join(" ")),
            (Some(last), false) => Some(format!("{last}, {}", given.join(" "))),
        }
    }

    /// True when every part is absent.
    pub fn is_empty(&self) -> bool {
        self.last.is_none() && self.first.is_none() && self.middle.is_none() && self.suffix.is_none()
    }
}

/// Splits `LAST/FIRST/MIDDLE/SUFFIX`. Parts after the fourth join the suffix. With exactly
/// three parts whose third is a known suffix (`LAST/FIRST/JR`), that part is the suffix,
/// not a middle name.
pub fn parse_slashed(value: &str) -> NameParts {
    let parts: Vec<Option<String>> = value.split('/').map(clean).collect();
    let part = |index: usize| parts.get(index).cloned().flatten();
    let mut name = NameParts {
        last: part(0),
        first: part(1),
        middle: part(2),
        suffix: join(parts.iter().skip(3)),
    };
    if parts.len() == 3 && name.middle.as_deref().is_some_and(is_suffix) {
        name.suffix = name.middle.take();
    }
    name
}

/// Splits `LAST,FIRST MIDDLE SUFFIX`. The first word after the comma is the first name, a
/// known suffix at the end is the suffix, and the words between are the middle name. A
/// suffix written after the last name (`LAST JR,FIRST`) is also found. A value without a
/// comma is all last name.
pub fn parse_comma(value: &str) -> NameParts {
    let (last_part, given_part) = match value.split_once(',') {
        Some((last, given)) => (last, given),
        None => (value, ""),
    };
    let mut last_words: Vec<&str> = last_part.split_whitespace().collect();
    let mut given_words: Vec<&str> = given_part
        .split(|character: char| character.is_whitespace() || character == ',')
        .filter(|word| !word.is_empty())
        .collect();

    let mut suffix = None;
    if given_words.len() > 1 && given_words.last().is_some_and(|word| is_suffix(word)) {
        suffix = given_words.pop();
    } else if last_words.len() > 1 && last_words.last().is_some_and(|word| is_suffix(word)) {
        suffix = last_words.pop();
    }
    let first = (!given_words.is_empty()).then(|| given_words.remove(0));
    NameParts {
        last: clean(&last_words.join(" ")),
        first: first.and_then(clean),
        middle: clean(&given_words.join(" ")),
        suffix: suffix.and_then(clean),
    }
}

/// Returns true when `word` is one of [`SUFFIXES`], ignoring case and a trailing period.
pub fn is_suffix(word: &str) -> bool {
    let word = word.trim().trim_end_matches('.');
    SUFFIXES.iter().any(|suffix| suffix.eq_ignore_ascii_case(word))
}

/// Trims a part, collapses inner runs of spaces and returns `None` when nothing is left.
fn clean(part: &str) -> Option<String> {
    let words: Vec<&str> = part
        .split(|character: char| character.is_whitespace() || crate::fields::is_padding(character))
        .filter(|word| !word.is_empty())
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

fn join<'a>(parts: impl Iterator<Item = &'a Option<String>>) -> Option<String> {
    let words: Vec<&str> = parts.filter_map(|part| part.as_deref()).collect();
    (!words.is_empty()).then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(last: Option<&str>, first: Option<&str>, middle: Option<&str>, suffix: Option<&str>) -> NameParts {
        let own = |part: Option<&str>| part.map(str::to_string);
        NameParts { last: own(last), first: own(first), middle: own(middle), suffix: own(suffix) }
    }

    #[test]
    fn slashed_all_parts() {
        assert_eq!(
            parse_slashed("QUILLFEATHER/ROWAN/T/JR"),
            name(Some("QUILLFEATHER"), Some("ROWAN"), Some("T"), Some("JR"))
        );
    }

    #[test]
    fn slashed_padded_and_missing_parts() {
        assert_eq!(parse_slashed("  MARLOWE / JUNE  /  /   "), name(Some("MARLOWE"), Some("JUNE"), None, None));
        assert_eq!(parse_slashed("MARLOWE/JUNE"), name(Some("MARLOWE"), Some("JUNE"), None, None));
        assert_eq!(parse_slashed("MARLOWE"), name(Some("MARLOWE"), None, None, None));
        assert_eq!(parse_slashed("/JUNE"), name(None, Some("JUNE"), None, None));
        assert!(parse_slashed("   ").is_empty());
        assert!(parse_slashed("///").is_empty());
    }

    #[test]
    fn slashed_inner_spaces_collapse() {
        assert_eq!(
            parse_slashed("DE LA  CRUZ/ANA MARIA/  LUZ"),
            name(Some("DE LA CRUZ"), Some("ANA MARIA"), Some("LUZ"), None)
        );
    }

    #[test]
    fn slashed_three_parts_with_suffix() {
        assert_eq!(parse_slashed("BRANT/OTIS/III"), name(Some("BRANT"), Some("OTIS"), None, Some("III")));
        assert_eq!(parse_slashed("BRANT/OTIS/JAY"), name(Some("BRANT"), Some("OTIS"), Some("JAY"), None));
    }

    #[test]
    fn slashed_extra_parts_join_suffix() {
        assert_eq!(parse_slashed("A/B/C/JR/ESQ"), name(Some("A"), Some("B"), Some("C"), Some("JR ESQ")));
    }

    #[test]
    fn comma_all_parts() {
        assert_eq!(parse_comma("PELLWORTH,DORA M JR"), name(Some("PELLWORTH"), Some("DORA"), Some("M"), Some("JR")));
        assert_eq!(
            parse_comma("PELLWORTH, DORA ANN MAE"),
            name(Some("PELLWORTH"), Some("DORA"), Some("ANN MAE"), None)
        );
    }

    #[test]
    fn comma_missing_parts() {
        assert_eq!(parse_comma("PELLWORTH,DORA"), name(Some("PELLWORTH"), Some("DORA"), None, None));
        assert_eq!(parse_comma("PELLWORTH,"), name(Some("PELLWORTH"), None, None, None));
        assert_eq!(parse_comma("PELLWORTH"), name(Some("PELLWORTH"), None, None, None));
        assert_eq!(parse_comma(",DORA"), name(None, Some("DORA"), None, None));
        assert!(parse_comma("  ").is_empty());
    }

    #[test]
    fn comma_suffix_positions() {
        assert_eq!(parse_comma("PELLWORTH JR,DORA"), name(Some("PELLWORTH"), Some("DORA"), None, Some("JR")));
        assert_eq!(parse_comma("PELLWORTH,DORA Sr."), name(Some("PELLWORTH"), Some("DORA"), None, Some("Sr.")));
        // A lone given word is the first name even when it looks like a suffix.
        assert_eq!(parse_comma("PELLWORTH,IV"), name(Some("PELLWORTH"), Some("IV"), None, None));
    }

    #[test]
    fn comma_padding() {
        assert_eq!(
            parse_comma("  PELLWORTH  ,  DORA   M  "),
            name(Some("PELLWORTH"), Some("DORA"), Some("M"), None)
        );
    }

    #[test]
    fn last_first_formatting() {
        assert_eq!(
            parse_slashed("QUILLFEATHER/ROWAN/T/JR").to_last_first().as_deref(),
            Some("QUILLFEATHER, ROWAN T JR")
        );
        assert_eq!(parse_slashed("QUILLFEATHER").to_last_first().as_deref(), Some("QUILLFEATHER"));
        assert_eq!(parse_slashed("/ROWAN").to_last_first().as_deref(), Some("ROWAN"));
        assert_eq!(parse_slashed("").to_last_first(), None);
    }
}
