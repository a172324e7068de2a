//! The curated section tables the rules match against, each in one place.
//!
//! Every match is anchored: code, section and, where the statute turns on it, subsection.
//! `37 PC` (treason) never matches PC 237 or PC 537, because the parser yields whole
//! section numbers and these tables compare them for equality.

use crate::schema::Level;
use crate::statute::{Citation, Code};

/// How a conviction's statute matches a table. A `Yes` text is `CITATION: what it is`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Match {
    Yes(&'static str),
    /// The section is in the table but only some subsections are, and the record lacks the
    /// one that decides it (`288 PC`, `245 PC`).
    SubsectionUnknown(&'static str),
    No,
}

fn penal(citation: &Citation) -> bool {
    citation.code_is_or_missing(Code::Penal)
}

/// Matches a super strike, PC 667(e)(2)(C)(iv), clauses (I) to (VIII).
///
/// Clauses (I) to (III), the sexually violent offenses and the sex offenses against a child
/// under 14, are all offenses that also require registration under PC 290(c), so
/// [`registrable_offense`] catches every form of them; only the subsections that surely
/// fall under clause (II) or (III) are listed here. An attempt is a super strike only for a
/// homicide, clause (IV).
pub fn super_strike(citation: &Citation, level: Level) -> Match {
    if !penal(citation) {
        return Match::No;
    }
    if let Some((whole, fraction)) = citation.section_number()
        && is_homicide(whole, fraction, &citation.section)
    {
        return Match::Yes(if citation.attempt {
            "PC 667(e)(2)(C)(iv)(IV): attempted homicide"
        } else {
            "PC 667(e)(2)(C)(iv)(IV): homicide"
        });
    }
    if citation.attempt {
        return Match::No;
    }

    let subs = |prefix: &[&str]| citation.subsections_start_with(prefix);
    let bare = citation.subsections.is_empty();
    match citation.section.as_str() {
        "288" if subs(&["a"]) || subs(&["b", "1"]) => Match::Yes("PC 667(e)(2)(C)(iv)(III): lewd act on a child under 14"),
        "286" | "287" | "288a" if subs(&["c", "1"]) => {
            Match::Yes("PC 667(e)(2)(C)(iv)(II): sex offense against a child under 14")
        }
        "289" if subs(&["j"]) => Match::Yes("PC 667(e)(2)(C)(iv)(II): sex offense against a child under 14"),
        "653f" if subs(&["b"]) => Match::Yes("PC 667(e)(2)(C)(iv)(V): solicitation of murder"),
        "653f" if bare => Match::SubsectionUnknown("PC 653f: subdivision (b) is a super strike"),
        "245" if subs(&["d", "3"]) => Match::Yes("PC 667(e)(2)(C)(iv)(VI): assault with a machine gun on an officer"),
        "245" if bare || citation.subsections == ["d"] => {
            Match::SubsectionUnknown("PC 245: subdivision (d)(3) is a super strike")
        }
        "11418" if subs(&["a", "1"]) => Match::Yes("PC 667(e)(2)(C)(iv)(VII): weapon of mass destruction"),
        "11418" if bare || citation.subsections == ["a"] => {
            Match::SubsectionUnknown("PC 11418: subdivision (a)(1) is a super strike")
        }
        "217.1" if subs(&["b"]) => Match::Yes("PC 667(e)(2)(C)(iv)(VIII): offense punishable by life"),
        "217.1" if bare => Match::SubsectionUnknown("PC 217.1: subdivision (b) is punishable by life"),
        "186.22" if subs(&["b", "4"]) => {
            Match::SubsectionUnknown("PC 186.22(b)(4): a life term depends on the underlying felony")
        }
        section if LIFE_OR_DEATH.contains(&section) && level != Level::Misdemeanor && level != Level::Infraction => {
            Match::Yes("PC 667(e)(2)(C)(iv)(VIII): offense punishable by life or death")
        }
        _ => Match::No,
    }
}

/// Penal Code sections punishable by life imprisonment or death in every form, for
/// PC 667(e)(2)(C)(iv)(VIII). Keep this list in one place so it can be corrected.
/// NOTE: curated, not exhaustive; a life term reached only through Three Strikes
/// sentencing is never visible in a record.
const LIFE_OR_DEATH: &[&str] = &[
    "37", "128", "205", "206", "209", "209.5", "218", "219", "269", "273ab", "288.7", "4500", "12310", "18755",
    "667.61", "667.7", "667.71",
];

/// PC 187 to 191.5, the homicide sections of clause (IV): 187, 188, 189, 190 and its
/// decimal sections, 191 and 191.5.
fn is_homicide(whole: u32, fraction: Option<u32>, section: &str) -> bool {
    match whole {
        187..=190 => true,
        191 => fraction.is_none() || section == "191.5",
        _ => false,
    }
}

/// Matches an offense that requires registration under PC 290(c), attempts included.
///
/// The list follows PC 290(c) as in force before the 2021 tiering: 236.1(b) and (c),
/// 243.4, 261(a)(1)-(4) and (6), 264.1, 266, 266c, 266h(b), 266i(b), 266j, 267, 269, 285,
/// 286, 287, 288, former 288a, 288.3, 288.4, 288.5, 288.7, 289, 311.1, 311.2(b)-(d),
/// 311.3, 311.4, 311.10, 311.11, 314(1) and (2), 647.6, 653f(c), felony
/// 288.2, and 220 other than assault to commit mayhem.
/// NOTE: PC 262(a)(1) and PC 272 register only for facts a record does not show (force
/// with a prison sentence, lewd conduct), so they go to hand review.
pub fn registrable_offense(citation: &Citation, level: Level) -> Match {
    if !penal(citation) {
        return Match::No;
    }
    let subs = |prefix: &[&str]| citation.subsections_start_with(prefix);
    let bare = citation.subsections.is_empty();
    const WHY: &str = "PC 290(c): registrable offense";
    match citation.section.as_str() {
        "243.4" | "264.1" | "266" | "266c" | "266j" | "267" | "269" | "285" | "286" | "287" | "288" | "288a"
        | "288.3" | "288.4" | "288.5" | "288.7" | "289" | "311.1" | "311.3" | "311.4" | "311.10" | "311.11"
        | "647.6" | "314.1" | "314.2" => Match::Yes(WHY),
        "236.1" if subs(&["b"]) || subs(&["c"]) => Match::Yes(WHY),
        "236.1" if bare => Match::SubsectionUnknown("PC 236.1: subdivisions (b) and (c) are registrable"),
        "261" if ["1", "2", "3", "4", "6"].iter().any(|p| subs(&["a", p])) => Match::Yes(WHY),
        "261" if bare || citation.subsections == ["a"] => {
            Match::SubsectionUnknown("PC 261: subdivision (a)(1)-(4) and (6) are registrable")
        }
        "266h" | "266i" if subs(&["b"]) => Match::Yes(WHY),
        "266h" | "266i" if bare => Match::SubsectionUnknown("PC 266h and 266i: subdivision (b) is registrable"),
        "311.2" if subs(&["b"]) || subs(&["c"]) || subs(&["d"]) => Match::Yes(WHY),
        "311.2" if bare => Match::SubsectionUnknown("PC 311.2: subdivisions (b)-(d) are registrable"),
        "314" if subs(&["1"]) || subs(&["2"]) => Match::Yes(WHY),
        "314" if bare => Match::SubsectionUnknown("PC 314: subdivisions 1 and 2 are registrable"),
        "653f" if subs(&["c"]) => Match::Yes(WHY),
        "288.2" if level == Level::Felony => Match::Yes(WHY),
        "288.2" if level == Level::Unknown => Match::SubsectionUnknown("PC 288.2 registers only as a felony"),
        "220" if subs(&["b"]) => Match::Yes(WHY),
        "220" => Match::SubsectionUnknown("PC 220 registers unless it was assault to commit mayhem"),
        "262" => Match::SubsectionUnknown("PC 262(a)(1) registers only with force and a prison sentence"),
        "272" => Match::SubsectionUnknown("PC 272 registers only for lewd or lascivious conduct"),
        _ => Match::No,
    }
}

/// Sentence enhancements, which add to a count and are never a conviction of their own:
/// PC 12022 to 12022.95 (arms, injury), PC 186.22(b) and (d) (gang), PC 667(a) and 667.5
/// (prior terms), H&S 11370.2 and 11370.4 (drug priors and quantities).
pub fn is_enhancement(citation: &Citation) -> bool {
    let section = citation.section.as_str();
    if citation.code_is_or_missing(Code::Penal) {
        let arms = section == "12022" || (section.starts_with("12022.") && citation.section_number().is_some());
        let gang = section == "186.22" && (citation.subsections_start_with(&["b"]) || citation.subsections_start_with(&["d"]));
        let prior_term = (section == "667" && citation.subsections_start_with(&["a"])) || section == "667.5";
        if arms || gang || prior_term {
            return true;
        }
    }
    citation.code == Some(Code::HealthAndSafety) && matches!(section, "11370.2" | "11370.4")
}

/// Relief provisions: a row citing one records relief already granted, not an offense.
/// H&S 11361.8 and 11361.9 (Proposition 64), PC 1170.18 (Proposition 47).
pub fn is_relief_provision(citation: &Citation) -> bool {
    let section = citation.section.as_str();
    (citation.code_is_or_missing(Code::HealthAndSafety) && matches!(section, "11361.8" | "11361.9"))
        || (citation.code_is_or_missing(Code::Penal) && section == "1170.18")
}

/// Marijuana sections repealed by the 1972 recodification: former H&S 11530, 11530.5 and
/// 11531, which H&S 11361.8 does not name.
pub fn is_former_marijuana_section(citation: &Citation) -> bool {
    citation.code_is_or_missing(Code::HealthAndSafety) && matches!(citation.section.as_str(), "11530" | "11530.5" | "11531")
}

/// Companion offenses that signal a sale to a minor or use of a minor, for H&S 11359(c)(3),
/// 11359(d) and 11360(a)(3)(C): H&S 11361, 11353, 11354, 11380 and PC 272.
pub fn is_minor_signal(citation: &Citation) -> bool {
    let section = citation.section.as_str();
    (citation.code_is_or_missing(Code::HealthAndSafety) && matches!(section, "11361" | "11353" | "11354" | "11380"))
        || (citation.code_is_or_missing(Code::Penal) && section == "272")
}

/// Companion offenses that signal environmental harm during cultivation, for H&S
/// 11358(d)(3): Water Code 1052, 13260, 13264, 13272, 13387; Fish and Game Code 1602,
/// 5650, 5652, 2000, 3513; PC 374.8; H&S 25189.5 to 25189.7.
/// NOTE: this starting table is not checked against the official statute text; correct it here.
pub fn is_environmental_signal(citation: &Citation) -> bool {
    let section = citation.section.as_str();
    match citation.code {
        Some(Code::Water) => matches!(section, "1052" | "13260" | "13264" | "13272" | "13387"),
        Some(Code::FishAndGame) => matches!(section, "1602" | "5650" | "5652" | "2000" | "3513"),
        Some(Code::Penal) => section == "374.8",
        Some(Code::HealthAndSafety) => matches!(section, "25189.5" | "25189.6" | "25189.7"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::statute::parse;

    fn first(raw: &str) -> Citation {
        parse(raw).citations.into_iter().next().expect("a citation")
    }

    #[test]
    fn super_strike_table() {
        let cases: &[(&str, bool)] = &[
            ("187 PC", true),
            ("187(A) PC", true),
            ("664/187 PC", true),
            ("191.5(A) PC", true),
            ("192(A) PC", false),
            ("37 PC", true),
            ("237 PC", false),
            ("537 PC", false),
            ("209(B)(1) PC", true),
            ("245(D)(3) PC", true),
            ("245(A)(1) PC", false),
            ("653F(B) PC", true),
            ("653F(A) PC", false),
            ("11418(A)(1) PC", true),
            ("288(A) PC", true),
            ("664/288(A) PC", false),
            ("459 PC", false),
            ("187 VC", false),
        ];
        for (raw, expected) in cases {
            let found = matches!(super_strike(&first(raw), Level::Felony), Match::Yes(_));
            assert_eq!(found, *expected, "super strike {raw}");
        }
    }

    #[test]
    fn super_strike_needs_deciding_subsection() {
        for raw in ["245 PC", "653F PC", "11418 PC", "186.22(B)(4) PC"] {
            assert!(matches!(super_strike(&first(raw), Level::Felony), Match::SubsectionUnknown(_)), "{raw}");
        }
    }

    #[test]
    fn registrable_table() {
        let cases: &[(&str, Level, bool)] = &[
            ("288(A) PC", Level::Felony, true),
            ("261(A)(2) PC", Level::Felony, true),
            ("261(A)(5) PC", Level::Felony, false),
            ("243.4(A) PC", Level::Misdemeanor, true),
            ("647.6 PC", Level::Misdemeanor, true),
            ("664/261(A)(2) PC", Level::Felony, true),
            ("314.1 PC", Level::Misdemeanor, true),
            ("288.2 PC", Level::Felony, true),
            ("288.2 PC", Level::Misdemeanor, false),
            ("236.1(A) PC", Level::Felony, false),
            ("11359 HS", Level::Felony, false),
        ];
        for (raw, level, expected) in cases {
            let found = matches!(registrable_offense(&first(raw), *level), Match::Yes(_));
            assert_eq!(found, *expected, "registrable {raw}");
        }
        assert!(matches!(registrable_offense(&first("261 PC"), Level::Felony), Match::SubsectionUnknown(_)));
    }

    #[test]
    fn enhancement_table() {
        for raw in ["12022(C) PC", "12022.1 PC", "12022.53(D) PC", "186.22(B)(1) PC", "667.5(B) PC", "11370.2 HS"] {
            assert!(is_enhancement(&first(raw)), "{raw}");
        }
        for raw in ["186.22(A) PC", "12020 PC", "11359 HS", "667(E)(2) PC"] {
            assert!(!is_enhancement(&first(raw)), "{raw}");
        }
    }

    #[test]
    fn relief_and_former_tables() {
        assert!(is_relief_provision(&first("11361.8 HS")));
        assert!(is_relief_provision(&first("1170.18 PC")));
        assert!(!is_relief_provision(&first("11361 HS")));
        assert!(is_former_marijuana_section(&first("11530 HS")));
        assert!(!is_former_marijuana_section(&first("11350 HS")));
    }

    #[test]
    fn signal_tables() {
        assert!(is_minor_signal(&first("11361(A) HS")));
        assert!(is_minor_signal(&first("272 PC")));
        assert!(!is_minor_signal(&first("11361.5 HS")));
        assert!(is_environmental_signal(&first("1602 FG")));
        assert!(is_environmental_signal(&first("13260 WC")));
        assert!(!is_environmental_signal(&first("1602 PC")));
    }
}
