//! The superior court's tilde-delimited case-management export: Windows-1252, one row per
//! charge, rows sorted by court number and not by person.

use std::io::Write;

use rand::RngExt;
use rand::seq::IndexedRandom;

use crate::faults::{FaultKind, FaultLog, FaultRates, Format, RowPlace};
use crate::offenses::{Level, Offense};
use crate::people::{Case, Charge, Disposition, Person, stream};
use crate::sink::{LineSink, fixed, latin1, respell};

const FORMAT: Format = Format::CourtCms;

const HEADER: &str = "Court Number~Ind~Incident Number~Truename~Case Level~Case Dispo~Case Disposition Description~\
Dispo Date~Action Number~1st Filed~Charge Level~Charge Date~Current Charge~Current Level~Current Charge Description~\
Chg Disp~Charge Disposition Description~Ch Dispo Date~Booked Charge~Booked Charge Level~Booked Charge Date~Race~Sex~\
DOB~SFNO~CII~FBI~SSN~DL Number~EOR";

/// Disposition codes of the sample table, which the San Francisco county file also uses.
const CONVICTED: [(&str, &str); 4] =
    [("110", "PLEA GUILTY"), ("111", "PLEA NOLO CONTENDERE"), ("120", "FOUND GUILTY - COURT"), ("121", "FOUND GUILTY - JURY")];
const DISMISSED: [(&str, &str); 3] =
    [("210", "DISMISSED - FURTHERANCE OF JUSTICE (1385 PC)"), ("220", "DISMISSED - PLEA BARGAIN"), ("230", "DISCHARGED - NOT FILED")];
const ACQUITTED: (&str, &str) = ("310", "ACQUITTED");

pub struct CourtCmsWriter {
    pub sink: LineSink,
    seed: u64,
    rows: u64,
}

impl CourtCmsWriter {
    pub fn new(mut sink: LineSink, seed: u64) -> anyhow::Result<CourtCmsWriter> {
        sink.line(HEADER.as_bytes(), false)?;
        Ok(CourtCmsWriter { sink, seed, rows: 0 })
    }

    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Writes one case's rows. Cases must come in court-number order.
    pub fn write_case(&mut self, person: &Person, case: &Case, rates: &FaultRates, log: &mut FaultLog<impl Write>) -> anyhow::Result<()> {
        let mut rng = stream(self.seed, [person.index, FORMAT.stream(), u64::from(case.slot) + 1]);
        let case_level = if case.charges.iter().any(|c| c.charged.level == Level::Felony) { "FEL" } else { "MISD" };
        let first_code = disposition_code(&case.charges[0], &mut rng);
        let incident = if rng.random_bool(0.7) { format!("{:09}", rng.random_range(0..1_000_000_000u32)) } else { String::new() };
        let action = format!("{:06}", rng.random_range(0..1_000_000u32));

        for charge in &case.charges {
            let place = RowPlace { subject_id: Some(person.id.clone()), case_number: Some(case.number.clone()), count: Some(charge.count) };
            let line = self.sink.next_line();
            let mut benign = Vec::new();
            let spelled = rates.roll(FaultKind::StatuteSpelling, FORMAT, &mut rng);
            if spelled {
                benign.push(FaultKind::StatuteSpelling);
            }
            let statute = |offense: &Offense, rng: &mut rand::rngs::ChaCha8Rng| {
                if spelled { respell(offense, rng) } else { format!("{}{}", offense.section_text(), offense.code) }
            };
            let (code, description) = disposition_code(charge, &mut rng);
            let description = if rng.random_bool(0.2) { format!(" {description}") } else { description.to_string() };
            let mut name = truename(person);
            if rates.roll(FaultKind::NonBreakingSpace, FORMAT, &mut rng) {
                name.push_str("\u{A0}\u{A0}");
                benign.push(FaultKind::NonBreakingSpace);
            }
            let disposed = charge.disposition != Disposition::Pending;
            let mut fields: Vec<String> = vec![
                case.number.clone(),
                "01".into(),
                incident.clone(),
                fixed(&name, 40),
                case_level.into(),
                first_code.0.into(),
                first_code.1.into(),
                case.disposition_date.mmddyy(),
                action.clone(),
                crate::dates::mmddyy(case.filing_date),
                charge.charged.level.letter().into(),
                crate::dates::mmddyy(case.offense_date),
                statute(charge.offense(), &mut rng),
                charge.level().letter().into(),
                fixed(charge.offense().description, 30),
                code.into(),
                description,
                if disposed { case.disposition_date.mmddyy() } else { String::new() },
                statute(&charge.charged, &mut rng),
                charge.charged.level.letter().into(),
                crate::dates::mmddyy(case.offense_date),
                person.race.into(),
                person.sex.into(),
                person.date_of_birth.mmddyy(),
                person.id.clone(),
                person.cii.clone(),
                String::new(),
                format!("9{:02}-{:02}-{:04}", rng.random_range(0..100), rng.random_range(1..100), rng.random_range(1..10000)),
                format!("X{:07} CA", rng.random_range(0..10_000_000u32)),
                "EOR".into(),
            ];

            let damage = rates.roll_damage(FORMAT, &[FaultKind::FieldCount, FaultKind::TruncatedRow, FaultKind::BadDate, FaultKind::UnknownCode], &mut rng);
            match damage {
                Some(FaultKind::FieldCount) => fields.insert(fields.len() - 1, String::new()),
                Some(FaultKind::BadDate) => fields[17] = "133209".into(),
                Some(FaultKind::UnknownCode) => {
                    fields[15] = "999".into();
                    fields[16] = "DISPOSITION NOT IN TABLE".into();
                }
                _ => {}
            }
            let mut bytes = latin1(&fields.join("~"));
            if damage == Some(FaultKind::TruncatedRow) {
                // Cut inside the DL Number, so the row loses its last two fields.
                bytes.truncate(bytes.len() - 8);
            }
            let crlf = rates.roll(FaultKind::Crlf, FORMAT, &mut rng);
            self.sink.line(&bytes, crlf)?;
            self.rows += 1;
            for kind in damage.into_iter().chain(benign).chain(crlf.then_some(FaultKind::Crlf)) {
                log.record(FORMAT, line, kind, &place)?;
            }
        }
        Ok(())
    }
}

/// `LAST/FIRST/MIDDLE`, with a fourth part for a suffix.
fn truename(person: &Person) -> String {
    let mut name = format!("{}/{}/{}", person.last, person.first, person.middle.unwrap_or(""));
    if let Some(suffix) = person.suffix {
        name = format!("{name}/{suffix}");
    }
    name
}

fn disposition_code(charge: &Charge, rng: &mut rand::rngs::ChaCha8Rng) -> (&'static str, &'static str) {
    match charge.disposition {
        Disposition::Convicted => CONVICTED.choose(rng).copied().unwrap_or(CONVICTED[0]),
        Disposition::Dismissed => DISMISSED.choose(rng).copied().unwrap_or(DISMISSED[0]),
        Disposition::Acquitted => ACQUITTED,
        Disposition::Pending => ("", ""),
    }
}
