//! The case-management register of actions: UTF-8 JSON Lines, one case per line, in
//! case-number order, so one person's cases are spread through the file.

use std::io::Write;

use rand::RngExt;
use serde_json::{Value, json};

use crate::dates::{add_days, slashed};
use crate::faults::{FaultKind, FaultLog, FaultRates, Format, RowPlace};
use crate::offenses::Level;
use crate::people::{Case, Charge, Disposition, Person, SentenceKind, stream};
use crate::sink::{LineSink, respell};

const FORMAT: Format = Format::Odyssey;

pub struct OdysseyWriter {
    pub sink: LineSink,
    seed: u64,
    rows: u64,
    court_name: String,
}

impl OdysseyWriter {
    pub fn new(mut sink: LineSink, seed: u64, county: &str, rates: &FaultRates, log: &mut FaultLog<impl Write>) -> anyhow::Result<OdysseyWriter> {
        let mut rng = stream(seed, [u64::MAX, FORMAT.stream(), 0]);
        if rates.roll(FaultKind::ByteOrderMark, FORMAT, &mut rng) {
            sink.prefix("\u{FEFF}".as_bytes())?;
            log.record(FORMAT, 1, FaultKind::ByteOrderMark, &RowPlace::default())?;
        }
        Ok(OdysseyWriter { sink, seed, rows: 0, court_name: format!("Superior Court of California, County of {}", title_case(county)) })
    }

    /// The number of charges written, which is what a row of the other formats holds.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    pub fn write_case(&mut self, person: &Person, case: &Case, rates: &FaultRates, log: &mut FaultLog<impl Write>) -> anyhow::Result<()> {
        let mut rng = stream(self.seed, [person.index, FORMAT.stream(), u64::from(case.slot) + 1]);
        let line = self.sink.next_line();
        let case_place = RowPlace { subject_id: Some(person.id.clone()), case_number: Some(case.number.clone()), count: None };
        let mut logged: Vec<(FaultKind, RowPlace)> = Vec::new();

        let mut charges = Vec::new();
        for charge in &case.charges {
            let statute = if rates.roll(FaultKind::StatuteSpelling, FORMAT, &mut rng) {
                logged.push((FaultKind::StatuteSpelling, charge_place(person, case, charge)));
                respell(charge.offense(), &mut rng)
            } else {
                format!("{} {}", charge.offense().code, charge.offense().section_text())
            };
            let level = charge.level();
            let (word, description) = match level {
                Level::Felony => ("F", "Felony"),
                Level::Misdemeanor if rng.random_bool(0.2) => ("MNC", "Misdemeanor Non-Criminal"),
                Level::Misdemeanor => ("M", "Misdemeanor"),
                Level::Infraction => ("I", "Infraction"),
            };
            charges.push(json!({
                "ChargeNumber": format!("{:02}", charge.count),
                "Statute": statute,
                "Description": charge.offense().description,
                "Degree": {"Word": word, "Description": description},
                "OffenseDate": slashed(case.offense_date),
            }));
        }

        let damage = rates.roll_damage(FORMAT, &[FaultKind::TruncatedRow, FaultKind::BadDate, FaultKind::UnknownCode, FaultKind::Latin1InUtf8], &mut rng);
        let events = self.events(person, case, damage, &mut rng, &mut logged);
        let document = json!({
            "CaseNumber": case.number,
            "CourtName": self.court_name,
            "County": case.county,
            "CaseType": if case.charges.iter().any(|c| c.charged.level == Level::Felony) { "Felony" } else { "Misdemeanor" },
            "Party": {
                "PartyId": person.id,
                "Name": {"Last": person.last, "First": person.first, "Middle": person.middle, "Suffix": person.suffix},
                "DateOfBirth": person.date_of_birth.slashed(),
                "Sid": format!("A{}", person.cii),
            },
            "Charges": charges,
            "Events": events,
        });
        let mut bytes = serde_json::to_vec(&document)?;
        match damage {
            Some(FaultKind::TruncatedRow) => {
                bytes.truncate(bytes.len() * 2 / 3);
                logged.push((FaultKind::TruncatedRow, case_place.clone()));
            }
            Some(FaultKind::Latin1InUtf8) => {
                // The first letter of the last name as a Latin-1 byte for É: not valid UTF-8.
                let key = b"\"Last\":\"";
                let at = bytes.windows(key.len()).position(|window| window == key).expect("the name was written") + key.len();
                bytes[at] = 0xC9;
                logged.push((FaultKind::Latin1InUtf8, case_place.clone()));
            }
            _ => {}
        }
        let crlf = rates.roll(FaultKind::Crlf, FORMAT, &mut rng);
        if crlf {
            logged.push((FaultKind::Crlf, case_place.clone()));
        }
        self.sink.line(&bytes, crlf)?;
        self.rows += case.charges.len() as u64;
        for (kind, place) in logged {
            log.record(FORMAT, line, kind, &place)?;
        }
        Ok(())
    }

    /// The case's events: its disposition, sometimes after a deleted event or a ruling that
    /// the disposition amends, and its sentences.
    fn events(&self, person: &Person, case: &Case, damage: Option<FaultKind>, rng: &mut rand::rngs::ChaCha8Rng, logged: &mut Vec<(FaultKind, RowPlace)>) -> Vec<Value> {
        if case.charges.iter().all(|c| c.disposition == Disposition::Pending) {
            return Vec::new();
        }
        let date = case.disposition_date.day();
        let mut events = Vec::new();
        let mut sequence = 1;
        if let Some(day) = date {
            if rng.random_bool(0.05) {
                let dispositions: Vec<Value> = case.charges.iter().map(|c| json!({"ChargeNumber": format!("{:02}", c.count), "Word": "DISM", "Description": "Dismissed"})).collect();
                events.push(json!({"Type": "CriminalDispositionEvent", "Date": slashed(day), "Sequence": sequence, "Amended": false, "IsDeleted": true, "Dispositions": dispositions}));
                sequence += 1;
            }
            if rng.random_bool(0.05) {
                let dispositions: Vec<Value> = case.charges.iter().map(|c| json!({"ChargeNumber": format!("{:02}", c.count), "Word": "CONV", "Description": "Convicted - Plea Guilty"})).collect();
                events.push(json!({"Type": "CriminalDispositionEvent", "Date": slashed(add_days(day, -30)), "Sequence": sequence, "Amended": false, "IsDeleted": false, "Dispositions": dispositions}));
                sequence += 1;
            }
        }
        let amended = sequence > 1;

        let damaged_count = (damage.is_some()).then(|| rng.random_range(0..case.charges.len()));
        let mut dispositions = Vec::new();
        for (position, charge) in case.charges.iter().enumerate() {
            let (mut word, description) = match charge.disposition {
                Disposition::Convicted => (if rng.random_bool(0.5) { "CONV" } else { "GUILTY" }, "Convicted - Plea Guilty"),
                Disposition::Dismissed => (if rng.random_bool(0.5) { "DISM" } else { "DPD" }, "Dismissed"),
                Disposition::Acquitted => ("ACQ", "Acquitted"),
                Disposition::Pending => continue,
            };
            if damage == Some(FaultKind::UnknownCode) && damaged_count == Some(position) {
                word = "ZQX";
                logged.push((FaultKind::UnknownCode, charge_place(person, case, charge)));
            }
            dispositions.push(json!({"ChargeNumber": format!("{:02}", charge.count), "Word": word, "Description": description}));
        }
        let mut event_date: Value = date.map(slashed).into();
        if damage == Some(FaultKind::BadDate) {
            // An ISO date where the format wants MM/DD/YYYY; it damages every charge ruled at it.
            let day = case.disposition_date.actual().unwrap_or(case.filing_date);
            event_date = format!("{:04}-{:02}-{:02}", day.year(), day.month(), day.day()).into();
            for charge in case.charges.iter().filter(|c| c.disposition != Disposition::Pending) {
                logged.push((FaultKind::BadDate, charge_place(person, case, charge)));
            }
        }
        events.push(json!({"Type": "CriminalDispositionEvent", "Date": event_date.clone(), "Sequence": sequence, "Amended": amended, "IsDeleted": false, "Dispositions": dispositions}));
        sequence += 1;

        let sentences: Vec<Value> = case
            .charges
            .iter()
            .filter(|c| c.disposition == Disposition::Convicted && !c.sentence.is_empty())
            .map(|c| json!({"ChargeNumber": format!("{:02}", c.count), "Components": components(c)}))
            .collect();
        if !sentences.is_empty() {
            events.push(json!({"Type": "SentenceEvent", "Date": event_date, "Sequence": sequence, "IsDeleted": false, "Sentences": sentences}));
        }
        events
    }
}

fn components(charge: &Charge) -> Vec<Value> {
    charge
        .sentence
        .iter()
        .map(|part| {
            let (kind, unit) = match part.kind {
                SentenceKind::Jail => ("JAIL", "Days"),
                SentenceKind::Probation => ("PROBATION", "Months"),
                SentenceKind::Prison => ("PRISON", "Months"),
            };
            json!({"Type": kind, "Duration": {"Value": part.length, "Unit": unit}})
        })
        .collect()
}

fn charge_place(person: &Person, case: &Case, charge: &Charge) -> RowPlace {
    RowPlace { subject_id: Some(person.id.clone()), case_number: Some(case.number.clone()), count: Some(charge.count) }
}

/// `SAN FRANCISCO` as `San Francisco`.
fn title_case(name: &str) -> String {
    name.split(' ')
        .map(|word| {
            let mut letters = word.chars();
            match letters.next() {
                Some(first) => first.to_uppercase().chain(letters.flat_map(char::to_lowercase)).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}
