//! The legacy mainframe extract: Latin-1 fixed-width records of 120 characters, `H`, then
//! per person a `P` and its `C` cases each followed by their `K` charges, then `T`.

use std::io::Write;

use crate::faults::{FaultKind, FaultLog, FaultRates, Format, RowPlace};
use crate::people::{Disposition, Person, SentenceKind, stream};
use crate::sink::{LineSink, fixed, latin1};

const FORMAT: Format = Format::Legacy;
const RECORD_WIDTH: usize = 120;

/// California's alphabetical county numbers, which the header's county code uses.
const COUNTY_CODES: [(&str, &str); 9] = [
    ("ALAMEDA", "01"),
    ("CONTRA COSTA", "07"),
    ("FRESNO", "10"),
    ("LOS ANGELES", "19"),
    ("ORANGE", "30"),
    ("SACRAMENTO", "34"),
    ("SAN FRANCISCO", "38"),
    ("SAN JOAQUIN", "39"),
    ("SANTA CLARA", "43"),
];

/// Returns the two-digit county code of a county name, when the table has it.
pub fn county_code(name: &str) -> Option<&'static str> {
    COUNTY_CODES.iter().find(|(county, _)| county.eq_ignore_ascii_case(name)).map(|(_, code)| *code)
}

pub struct LegacyWriter {
    pub sink: LineSink,
    seed: u64,
    /// Records written after the header, which the trailer counts.
    records: u64,
    rows: u64,
}

impl LegacyWriter {
    pub fn new(mut sink: LineSink, seed: u64, county: &str, as_of: jiff::civil::Date) -> anyhow::Result<LegacyWriter> {
        let code = county_code(county).ok_or_else(|| anyhow::anyhow!("no county code for {county}; the legacy format needs one of {COUNTY_CODES:?}"))?;
        let header = format!("H{}{code}{}", crate::dates::yymmdd(as_of), fixed(&format!("SYN{seed:07}"), 10));
        sink.line(&record(&header), false)?;
        Ok(LegacyWriter { sink, seed, records: 0, rows: 0 })
    }

    /// The number of `K` charge records written.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    pub fn write_person(&mut self, person: &Person, rates: &FaultRates, log: &mut FaultLog<impl Write>) -> anyhow::Result<()> {
        if person.county_cases().next().is_none() {
            return Ok(());
        }
        let mut rng = stream(self.seed, [person.index, FORMAT.stream(), 0]);
        let person_place = RowPlace { subject_id: Some(person.id.clone()), ..RowPlace::default() };
        let text = format!(
            "P{}{}{}{}{}{}{}{}{}",
            person.id,
            fixed(person.last, 20),
            fixed(person.first, 15),
            fixed(person.middle.unwrap_or(""), 15),
            fixed(person.suffix.unwrap_or(""), 3),
            person.date_of_birth.yymmdd(),
            fixed(&format!("{:09}", person.cii.parse::<u64>().unwrap_or(0)), 9),
            if person.deceased.is_some() { "Y" } else { "N" },
            if person.registration.is_some() { "Y" } else { "N" },
        );
        self.write(&record(&text), &person_place, rates, &mut rng, log)?;

        for case in person.county_cases() {
            let text = format!("C{}{}{}{}", person.id, fixed(&case.number, 12), "0001", crate::dates::yymmdd(case.filing_date));
            let case_place = RowPlace { case_number: Some(case.number.clone()), ..person_place.clone() };
            self.write(&record(&text), &case_place, rates, &mut rng, log)?;

            for charge in &case.charges {
                let place = RowPlace { count: Some(charge.count), ..case_place.clone() };
                let offense = charge.offense();
                let mut section = offense.section_text();
                let spelled = rates.roll(FaultKind::StatuteSpelling, FORMAT, &mut rng);
                if spelled {
                    let letters: String = offense.subsections.chars().filter(char::is_ascii_alphanumeric).collect();
                    section = format!("{}{letters}", offense.section);
                }
                let (disposition, date) = match charge.disposition {
                    Disposition::Convicted => ("CV", case.disposition_date.yymmdd()),
                    Disposition::Dismissed => ("DS", case.disposition_date.yymmdd()),
                    Disposition::Acquitted => ("AQ", case.disposition_date.yymmdd()),
                    Disposition::Pending => ("PD", "000000".to_string()),
                };
                let part = |kind: SentenceKind| charge.sentence.iter().find(|p| p.kind == kind).map_or(0, |p| p.length);
                let mut text = format!(
                    "K{}{:02}{}{}{}{}{}{:04}{:03}{:03}{}",
                    fixed(&case.number, 12),
                    charge.count,
                    fixed(offense.code, 3),
                    fixed(&section, 12),
                    offense.level.letter(),
                    disposition,
                    date,
                    part(SentenceKind::Jail),
                    part(SentenceKind::Probation),
                    part(SentenceKind::Prison),
                    fixed(offense.description, 40),
                );
                let damage = rates.roll_damage(
                    FORMAT,
                    &[FaultKind::TruncatedRow, FaultKind::BadDate, FaultKind::UnknownCode, FaultKind::NulByte, FaultKind::ShiftedRow],
                    &mut rng,
                );
                let mut bytes = match damage {
                    Some(FaultKind::BadDate) => {
                        text.replace_range(33..39, "091345");
                        record(&text)
                    }
                    Some(FaultKind::UnknownCode) => {
                        text.replace_range(31..33, "ZZ");
                        record(&text)
                    }
                    Some(FaultKind::NulByte) => {
                        text.replace_range(52..53, "\0");
                        record(&text)
                    }
                    Some(FaultKind::ShiftedRow) => {
                        text.insert_str(1, "  ");
                        record(&text.chars().take(RECORD_WIDTH).collect::<String>())
                    }
                    _ => record(&text),
                };
                if damage == Some(FaultKind::TruncatedRow) {
                    bytes.truncate(bytes.len() - 30);
                }
                let line = self.write(&bytes, &place, rates, &mut rng, log)?;
                self.rows += 1;
                if let Some(kind) = damage {
                    log.record(FORMAT, line, kind, &place)?;
                }
                if spelled {
                    log.record(FORMAT, line, FaultKind::StatuteSpelling, &place)?;
                }
            }
        }
        Ok(())
    }

    fn write(&mut self, bytes: &[u8], place: &RowPlace, rates: &FaultRates, rng: &mut rand::rngs::ChaCha8Rng, log: &mut FaultLog<impl Write>) -> anyhow::Result<u64> {
        let crlf = rates.roll(FaultKind::Crlf, FORMAT, rng);
        let line = self.sink.line(bytes, crlf)?;
        self.records += 1;
        if crlf {
            log.record(FORMAT, line, FaultKind::Crlf, place)?;
        }
        Ok(line)
    }

    /// Writes the trailer with the number of records between the header and it.
    pub fn finish(mut self) -> anyhow::Result<LineSink> {
        let trailer = format!("T{:09}", self.records);
        self.sink.line(&record(&trailer), false)?;
        Ok(self.sink)
    }
}

/// Pads a record to 120 characters and encodes it as Latin-1.
fn record(text: &str) -> Vec<u8> {
    latin1(&fixed(text, RECORD_WIDTH))
}
