//! The offenses the generator draws from: Proposition 64 sections with the subsection
//! letters of their era, other common offenses, and the priors that exclude relief.

use jiff::civil::{Date, date};
use serde::Serialize;

/// The effective date of Proposition 64: offenses from this day on were sentenced under it.
pub const ACT_EFFECTIVE: Date = date(2016, 11, 9);
/// From this day SB 1449 made possession of 28.5 g or less an infraction.
pub const SB1449_EFFECTIVE: Date = date(2011, 1, 1);
/// From this day Proposition 47 made possession of concentrated cannabis a misdemeanor.
pub const PROP47_EFFECTIVE: Date = date(2014, 11, 5);
/// The Moscone Act: before it, any marijuana possession could be a felony.
pub const MOSCONE_EFFECTIVE: Date = date(1976, 1, 1);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Felony,
    Misdemeanor,
    Infraction,
}

impl Level {
    /// `F`, `M` or `I`.
    pub fn letter(self) -> &'static str {
        match self {
            Level::Felony => "F",
            Level::Misdemeanor => "M",
            Level::Infraction => "I",
        }
    }

    /// `FELONY`, `MISDEMEANOR` or `INFRACTION`.
    pub fn word(self) -> &'static str {
        match self {
            Level::Felony => "FELONY",
            Level::Misdemeanor => "MISDEMEANOR",
            Level::Infraction => "INFRACTION",
        }
    }
}

/// One offense: a code section with its subsections, its description and its level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Offense {
    /// The code designator: `HS`, `PC` or `VC`.
    pub code: &'static str,
    /// The section number, with a `664/` prefix for an attempt.
    pub section: &'static str,
    /// Subsections in upper case with their brackets, such as `(C)` or `(A)(2)`; empty for none.
    pub subsections: &'static str,
    pub description: &'static str,
    pub level: Level,
}

impl Offense {
    /// The section and subsections as the DOJ file writes them: `11357(C)`.
    pub fn section_text(&self) -> String {
        format!("{}{}", self.section, self.subsections)
    }

    /// The canonical statute text of the truth file: `11357(C) HS`.
    pub fn canonical(&self) -> String {
        format!("{} {}", self.section_text(), self.code)
    }
}

const fn offense(code: &'static str, section: &'static str, subsections: &'static str, description: &'static str, level: Level) -> Offense {
    Offense { code, section, subsections, description, level }
}

use Level::{Felony, Infraction, Misdemeanor};

pub const POSSESS_CONCENTRATE_FELONY: Offense = offense("HS", "11357", "(A)", "POSSESS CONCENTRATED CANNABIS", Felony);
pub const POSSESS_CONCENTRATE_MISD: Offense = offense("HS", "11357", "(A)", "POSSESS CONCENTRATED CANNABIS", Misdemeanor);
pub const POSSESS_SMALL_MISD: Offense = offense("HS", "11357", "(B)", "POSSESS MARIJUANA 28.5 GRAMS OR LESS", Misdemeanor);
pub const POSSESS_SMALL_INFRACTION: Offense = offense("HS", "11357", "(B)", "POSSESS MARIJUANA 28.5 GRAMS OR LESS", Infraction);
pub const POSSESS_OVER_OUNCE: Offense = offense("HS", "11357", "(C)", "POSSESS MARIJUANA OVER 28.5 GRAMS", Misdemeanor);
pub const POSSESS_SCHOOL: Offense = offense("HS", "11357", "(D)", "POSSESS MARIJUANA ON SCHOOL GROUNDS", Misdemeanor);
pub const POSSESS_NO_LETTER_FELONY: Offense = offense("HS", "11357", "", "POSSESSION OF MARIJUANA", Felony);
pub const CULTIVATE: Offense = offense("HS", "11358", "", "CULTIVATE MARIJUANA", Felony);
pub const POSSESS_FOR_SALE: Offense = offense("HS", "11359", "", "POSSESS MARIJUANA FOR SALE", Felony);
pub const SELL_TRANSPORT: Offense = offense("HS", "11360", "(A)", "SELL/TRANSPORT MARIJUANA", Felony);
pub const GIVE_AWAY_SMALL: Offense = offense("HS", "11360", "(B)", "GIVE AWAY 28.5 GRAMS OR LESS MARIJUANA", Misdemeanor);

pub const ACT_POSSESS_OVER_OUNCE: Offense = offense("HS", "11357", "(B)(2)", "POSSESS CANNABIS OVER 28.5 GRAMS", Misdemeanor);
pub const ACT_POSSESS_SCHOOL: Offense = offense("HS", "11357", "(C)", "POSSESS CANNABIS ON SCHOOL GROUNDS", Misdemeanor);
pub const ACT_CULTIVATE: Offense = offense("HS", "11358", "(C)", "CULTIVATE OVER SIX CANNABIS PLANTS", Misdemeanor);
pub const ACT_POSSESS_FOR_SALE: Offense = offense("HS", "11359", "(B)", "POSSESS CANNABIS FOR SALE", Misdemeanor);
pub const ACT_POSSESS_FOR_SALE_FELONY: Offense = offense("HS", "11359", "(C)", "POSSESS CANNABIS FOR SALE WITH PRIORS", Felony);
pub const ACT_SELL_TRANSPORT: Offense = offense("HS", "11360", "(A)(2)", "SELL/TRANSPORT CANNABIS", Misdemeanor);

/// Offenses outside Proposition 64 that records are full of.
pub const OTHER_OFFENSES: [Offense; 9] = [
    offense("PC", "459", "", "BURGLARY", Felony),
    offense("PC", "148", "(A)(1)", "RESIST/OBSTRUCT OFFICER", Misdemeanor),
    offense("VC", "23152", "(A)", "DUI ALCOHOL", Misdemeanor),
    offense("PC", "242", "", "BATTERY", Misdemeanor),
    offense("HS", "11350", "(A)", "POSSESS NARCOTIC CONTROLLED SUBSTANCE", Felony),
    offense("VC", "10851", "(A)", "TAKE VEHICLE WITHOUT CONSENT", Felony),
    offense("PC", "647", "(F)", "DRUNK IN PUBLIC", Misdemeanor),
    offense("HS", "11364", "", "POSSESS DRUG PARAPHERNALIA", Misdemeanor),
    offense("PC", "484", "(A)", "PETTY THEFT", Misdemeanor),
];

/// Super strikes under PC 667(e)(2)(C)(iv): murder, attempted murder, a lewd act on a child.
pub const MURDER: Offense = offense("PC", "187", "(A)", "MURDER", Felony);
pub const ATTEMPTED_MURDER: Offense = offense("PC", "664/187", "(A)", "ATTEMPTED MURDER", Felony);
pub const LEWD_ACT_CHILD: Offense = offense("PC", "288", "(A)", "LEWD ACT WITH CHILD UNDER 14", Felony);

/// The PC 290 registration event as the DOJ file writes its offense.
pub const REGISTRATION: Offense = offense("PC", "290", "", "SEX OFFENDER REGISTRATION", Felony);

/// Picks the Proposition 64 offense of an offense committed on `offense_date`, with the
/// subsection letters of that date's law. `draw` is a number in `0..100`.
pub fn prop64_for(offense_date: Date, draw: u32) -> Offense {
    if offense_date >= ACT_EFFECTIVE {
        return match draw {
            0..30 => ACT_POSSESS_OVER_OUNCE,
            30..40 => ACT_POSSESS_SCHOOL,
            40..55 => ACT_CULTIVATE,
            55..75 => ACT_POSSESS_FOR_SALE,
            75..85 => ACT_POSSESS_FOR_SALE_FELONY,
            _ => ACT_SELL_TRANSPORT,
        };
    }
    match draw {
        0..8 if offense_date < PROP47_EFFECTIVE => POSSESS_CONCENTRATE_FELONY,
        0..8 => POSSESS_CONCENTRATE_MISD,
        8..28 if offense_date < MOSCONE_EFFECTIVE => POSSESS_NO_LETTER_FELONY,
        8..28 if offense_date < SB1449_EFFECTIVE => POSSESS_SMALL_MISD,
        8..28 => POSSESS_SMALL_INFRACTION,
        28..40 => POSSESS_OVER_OUNCE,
        40..43 => POSSESS_SCHOOL,
        43..55 => CULTIVATE,
        55..78 => POSSESS_FOR_SALE,
        78..92 => SELL_TRANSPORT,
        _ => GIVE_AWAY_SMALL,
    }
}
