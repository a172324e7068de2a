//! The population: people with their identity, their cases and their charges.
//!
//! Person number `index` is generated from its own random stream, seeded by the run's
//! seed and `index` alone. So any person can be generated again on demand, identically,
//! which lets the writers of case-ordered formats revisit people without holding them.

use jiff::civil::{Date, date};
use rand::rngs::ChaCha8Rng;
use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};

use crate::dates::{Recorded, add_days, add_years};
use crate::offenses::{self, Level, Offense};

/// The most cases one person has. Case numbers are `slot * people + index`, so this bounds
/// the population at 100,000,000 / `MAX_CASES` people for 8-digit case numbers.
pub const MAX_CASES: u32 = 8;

/// Counties other than the one under review where people also have cases.
const OTHER_COUNTIES: [&str; 6] = ["LOS ANGELES", "SACRAMENTO", "SAN JOAQUIN", "CONTRA COSTA", "FRESNO", "ORANGE"];

const LAST_NAMES: [&str; 24] = [
    "GARCIA", "NGUYEN", "SMITH", "JOHNSON", "LOPEZ", "WASHINGTON", "KIM", "PATEL", "O'BRIEN", "HERNANDEZ",
    "WILLIAMS", "CHEN", "JACKSON", "RAMIREZ", "BROWN", "DAVIS", "MARTINEZ", "LEE", "WONG", "ANDERSON",
    "MUÑOZ", "PEÑA", "IBÁÑEZ", "DE LA CRUZ",
];
const FIRST_NAMES: [&str; 20] = [
    "MARIA", "JAMES", "LINH", "DAVID", "ANA", "MICHAEL", "KEISHA", "JOSE", "SARAH", "ROBERT", "MEI", "CARLOS",
    "JENNIFER", "DARNELL", "PRIYA", "THOMAS", "ROSA", "KEVIN", "ANGELA", "JOSÉ",
];
const MIDDLE_INITIALS: [&str; 8] = ["A", "J", "L", "M", "R", "S", "T", "LEE"];
const SUFFIXES: [&str; 3] = ["JR", "SR", "III"];

/// The facts that settle who is in the population and where their cases are.
#[derive(Clone, Debug)]
pub struct Population {
    pub seed: u64,
    pub people: u64,
    /// The county under review, as records spell it.
    pub county: String,
    /// The date the records are extracted as of; no event falls after it.
    pub as_of: Date,
}

#[derive(Clone, Debug)]
pub struct Person {
    pub index: u64,
    /// Ten digits, the same in every format.
    pub id: String,
    pub last: &'static str,
    pub first: &'static str,
    pub middle: Option<&'static str>,
    pub suffix: Option<&'static str>,
    pub date_of_birth: Recorded,
    pub cii: String,
    pub sex: &'static str,
    pub race: &'static str,
    pub deceased: Option<Date>,
    /// The date of the PC 290 registration event, for a registrant.
    pub registration: Option<Date>,
    pub cases: Vec<Case>,
}

#[derive(Clone, Debug)]
pub struct Case {
    /// The case's position among the person's cases, from 0, in date order.
    pub slot: u32,
    /// Eight digits, the same in every format.
    pub number: String,
    pub county: &'static str,
    /// True when the case is in the county under review, so the county's court exports hold it.
    pub in_county: bool,
    pub offense_date: Date,
    pub filing_date: Date,
    /// The disposition date of every ruled charge in the case.
    pub disposition_date: Recorded,
    pub charges: Vec<Charge>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Disposition {
    Convicted,
    Dismissed,
    Acquitted,
    Pending,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SentenceKind {
    Jail,
    Probation,
    Prison,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SentencePart {
    pub kind: SentenceKind,
    /// Days for jail, months for probation and prison.
    pub length: u32,
}

#[derive(Clone, Debug)]
pub struct Charge {
    /// The count number within the case, from 1.
    pub count: u32,
    pub charged: Offense,
    /// The offense pleaded to, when it is not the charged one.
    pub convicted: Option<Offense>,
    pub disposition: Disposition,
    pub sentence: Vec<SentencePart>,
}

impl Charge {
    /// The offense the rules read: the one convicted of, else the one charged.
    pub fn offense(&self) -> &Offense {
        self.convicted.as_ref().unwrap_or(&self.charged)
    }

    pub fn level(&self) -> Level {
        self.offense().level
    }
}

impl Person {
    /// The cases in the county under review, which the court formats hold.
    pub fn county_cases(&self) -> impl Iterator<Item = &Case> {
        self.cases.iter().filter(|case| case.in_county)
    }
}

/// A random stream derived from the seed and up to three numbers, so that each person,
/// format and case draws independently of every other.
pub fn stream(seed: u64, parts: [u64; 3]) -> ChaCha8Rng {
    let mut mixed = seed ^ 0x9e37_79b9_7f4a_7c15;
    for part in parts {
        mixed = splitmix(mixed ^ part);
    }
    ChaCha8Rng::seed_from_u64(mixed)
}

/// One round of the SplitMix64 finaliser.
fn splitmix(value: u64) -> u64 {
    let mut z = value.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Returns the ten-digit id of person `index`: a permutation of the indexes, so ids are
/// unique but not in file order.
pub fn person_id(index: u64) -> String {
    const SPAN: u64 = 8_999_999_999;
    const STRIDE: u64 = 2_654_435_761; // prime, so coprime with SPAN
    format!("{}", 1_000_000_000 + (index.wrapping_mul(STRIDE) % SPAN))
}

impl Population {
    /// Generates person `index`, the same way every time.
    pub fn person(&self, index: u64) -> Person {
        let mut rng = stream(self.seed, [index, 0, 0]);
        let born = self.birth_date(&mut rng);
        let date_of_birth = match rng.random_range(0..100) {
            0..3 => Recorded::Missing,
            3..5 => Recorded::YearOnly(born),
            _ => Recorded::Day(born),
        };

        let mut person = Person {
            index,
            id: person_id(index),
            last: LAST_NAMES.choose(&mut rng).copied().unwrap_or("DOE"),
            first: FIRST_NAMES.choose(&mut rng).copied().unwrap_or("ALEX"),
            middle: rng.random_bool(0.7).then(|| MIDDLE_INITIALS.choose(&mut rng).copied().unwrap_or("A")),
            suffix: rng.random_bool(0.04).then(|| SUFFIXES.choose(&mut rng).copied().unwrap_or("JR")),
            date_of_birth,
            cii: format!("{:08}", rng.random_range(10_000_000..100_000_000u32)),
            sex: ["M", "M", "F", "X"].choose(&mut rng).copied().unwrap_or("M"),
            race: ["W", "B", "H", "A", "O"].choose(&mut rng).copied().unwrap_or("O"),
            deceased: None,
            registration: None,
            cases: Vec::new(),
        };
        self.add_cases(&mut person, born, &mut rng);
        if rng.random_bool(0.02) {
            let last_event = person.cases.last().map_or(born, |case| case.filing_date);
            let span = (self.as_of - last_event).get_days().max(2);
            person.deceased = Some(add_days(last_event, i64::from(rng.random_range(1..span))));
        }
        person
    }

    /// A birth date 19 to 80 years before the as-of date.
    fn birth_date(&self, rng: &mut ChaCha8Rng) -> Date {
        let oldest = add_years(self.as_of, -80);
        add_days(oldest, rng.random_range(0..(61 * 365)))
    }

    fn add_cases(&self, person: &mut Person, born: Date, rng: &mut ChaCha8Rng) {
        // Records start in 1972; a person's first case is at 14 or older.
        let start = add_years(born, 14).max(date(1972, 1, 1));
        let end = add_days(self.as_of, -30);
        let mut case_dates: Vec<Date> = Vec::new();

        let history = rng.random_range(0..100);
        let case_count = match history {
            0..45 => 1,
            45..70 => 2,
            70..85 => 3,
            85..95 => 4,
            _ => rng.random_range(5..=6),
        };
        let span = (end - start).get_days().max(1);
        for _ in 0..case_count {
            case_dates.push(add_days(start, i64::from(rng.random_range(0..span))));
        }

        // A prior super strike, a PC 290 registrant, or two priors of the same section.
        let pattern = rng.random_range(0..100);
        let mut specials: Vec<(Date, Vec<Offense>)> = Vec::new();
        if pattern < 2 {
            let strike = [offenses::MURDER, offenses::ATTEMPTED_MURDER].choose(rng).copied().unwrap_or(offenses::MURDER);
            specials.push((add_days(start, i64::from(rng.random_range(0..span / 3 + 1))), vec![strike]));
        } else if pattern < 4 {
            let at = add_days(start, i64::from(rng.random_range(0..span / 3 + 1)));
            specials.push((at, vec![offenses::LEWD_ACT_CHILD]));
            person.registration = Some(add_days(at, rng.random_range(200..400)));
        } else if pattern < 7 && start < date(2010, 1, 1) {
            // Three 11359 felonies a few years apart: the third has two priors.
            let mut at = add_days(start, i64::from(rng.random_range(0..365)));
            for _ in 0..3 {
                specials.push((at, vec![offenses::POSSESS_FOR_SALE]));
                at = add_days(at, rng.random_range(700..1400));
            }
            case_dates.truncate(1);
        }

        let mut planned: Vec<(Date, Option<Vec<Offense>>)> = case_dates.into_iter().map(|at| (at, None)).collect();
        planned.extend(specials.into_iter().map(|(at, charges)| (at.min(end), Some(charges))));
        planned.sort_by_key(|(at, _)| *at);
        planned.truncate(MAX_CASES as usize);

        for (slot, (offense_date, fixed)) in planned.into_iter().enumerate() {
            let slot = slot as u32;
            let case = self.case(person, slot, offense_date, fixed, rng);
            person.cases.push(case);
        }
    }

    fn case(&self, person: &Person, slot: u32, offense_date: Date, fixed: Option<Vec<Offense>>, rng: &mut ChaCha8Rng) -> Case {
        let in_county = fixed.is_some() || rng.random_bool(0.85);
        let county = if in_county {
            // The name is leaked once per population, so every person shares one allocation.
            county_name(&self.county)
        } else {
            OTHER_COUNTIES.choose(rng).copied().unwrap_or("FRESNO")
        };
        let filing_date = add_days(offense_date, rng.random_range(0..45)).min(self.as_of);
        let ruled = add_days(filing_date, rng.random_range(14..400));
        let pending = ruled >= self.as_of;
        let disposition_date = if pending {
            Recorded::Missing
        } else {
            match rng.random_range(0..100) {
                0..2 => Recorded::YearOnly(ruled),
                2..4 => Recorded::Missing,
                _ => Recorded::Day(ruled),
            }
        };

        let offenses: Vec<Offense> = match fixed {
            Some(offenses) => offenses,
            None => {
                let count = match rng.random_range(0..100) {
                    0..60 => 1,
                    60..85 => 2,
                    85..98 => 3,
                    _ => rng.random_range(10..=12),
                };
                (0..count).map(|_| random_offense(offense_date, rng)).collect()
            }
        };

        let mut charges = Vec::with_capacity(offenses.len());
        for (position, charged) in offenses.into_iter().enumerate() {
            let disposition = if pending {
                Disposition::Pending
            } else {
                match rng.random_range(0..100) {
                    0..80 => Disposition::Convicted,
                    80..95 => Disposition::Dismissed,
                    _ => Disposition::Acquitted,
                }
            };
            // A plea to a lesser charge: charged with possession for sale, convicted of possession.
            let convicted = (disposition == Disposition::Convicted
                && charged == offenses::POSSESS_FOR_SALE
                && rng.random_bool(0.2))
            .then_some(offenses::POSSESS_OVER_OUNCE);
            let mut charge = Charge { count: position as u32 + 1, charged, convicted, disposition, sentence: Vec::new() };
            if disposition == Disposition::Convicted {
                charge.sentence = sentence(charge.level(), rng);
            }
            charges.push(charge);
        }
        Case {
            slot,
            number: format!("{:08}", u64::from(slot) * self.people + person.index),
            county,
            in_county,
            offense_date,
            filing_date,
            disposition_date,
            charges,
        }
    }
}

/// Returns the county name as a `'static` string, leaking it once per distinct name.
fn county_name(name: &str) -> &'static str {
    use std::sync::Mutex;
    static NAMES: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());
    let mut names = NAMES.lock().expect("the county-name table is never poisoned");
    if let Some(found) = names.iter().find(|known| **known == name) {
        return found;
    }
    let leaked: &'static str = Box::leak(name.to_string().into_boxed_str());
    names.push(leaked);
    leaked
}

/// Draws one offense: about half are Proposition 64 sections.
fn random_offense(offense_date: Date, rng: &mut ChaCha8Rng) -> Offense {
    if rng.random_bool(0.5) {
        offenses::prop64_for(offense_date, rng.random_range(0..100))
    } else {
        offenses::OTHER_OFFENSES.choose(rng).copied().unwrap_or(offenses::OTHER_OFFENSES[0])
    }
}

/// Draws a sentence for a conviction of the given level; felonies and misdemeanors often
/// have several parts.
fn sentence(level: Level, rng: &mut ChaCha8Rng) -> Vec<SentencePart> {
    let mut parts = Vec::new();
    match level {
        Level::Felony => {
            if rng.random_bool(0.4) {
                parts.push(SentencePart { kind: SentenceKind::Prison, length: rng.random_range(16..=48) });
            } else {
                parts.push(SentencePart { kind: SentenceKind::Jail, length: rng.random_range(30..=365) });
                parts.push(SentencePart { kind: SentenceKind::Probation, length: 36 });
            }
        }
        Level::Misdemeanor => {
            if rng.random_bool(0.6) {
                parts.push(SentencePart { kind: SentenceKind::Jail, length: rng.random_range(1..=180) });
            }
            if rng.random_bool(0.6) {
                parts.push(SentencePart { kind: SentenceKind::Probation, length: rng.random_range(12..=36) });
            }
        }
        Level::Infraction => {}
    }
    parts
}
