//! The California DOJ research file: 95 comma-separated fields, one row per person, cycle,
//! step, count and sentence part, the rows of one person together.

use std::io::Write;

use rand::RngExt;

use crate::dates::Recorded;
use crate::faults::{FaultKind, FaultLog, FaultRates, Format, RowPlace};
use crate::offenses::{self, Offense};
use crate::people::{Case, Charge, Disposition, Person, SentenceKind, stream};
use crate::sink::{LineSink, respell};

const FORMAT: Format = Format::Doj;
const FIELD_COUNT: usize = 95;

/// Column positions of the fields the generator fills.
mod col {
    pub const RECORD_ID: usize = 0;
    pub const SUBJECT_ID: usize = 2;
    pub const REQ_SEG_SEP: usize = 3;
    pub const PII_SEG_SEP: usize = 10;
    pub const CII_NUMBER: usize = 11;
    pub const PRI_NAME: usize = 12;
    pub const GENDER: usize = 13;
    pub const PRI_DOB: usize = 14;
    pub const PDR_SEG_SEP: usize = 20;
    pub const RACE_CODE: usize = 21;
    pub const CYC_SEG_SEP: usize = 35;
    pub const CYC_ORDER: usize = 36;
    pub const CYC_DATE: usize = 37;
    pub const STP_SEG_SEP: usize = 38;
    pub const STP_ORDER: usize = 39;
    pub const STP_EVENT_DATE: usize = 40;
    pub const STP_TYPE_DESCR: usize = 42;
    pub const STP_ORI_DESCR: usize = 46;
    pub const STP_ORI_CNTY_NAME: usize = 48;
    pub const CNT_SEG_SEP: usize = 49;
    pub const CNT_ORDER: usize = 50;
    pub const OFN: usize = 52;
    pub const OFFENSE_DESCR: usize = 54;
    pub const OFFENSE_TOC: usize = 55;
    pub const CONV_OFFENSE_DESCR: usize = 63;
    pub const CONV_OFFENSE_TOC: usize = 64;
    pub const DISP_DESCR: usize = 80;
    pub const CONV_STAT_DESCR: usize = 82;
    pub const SENT_SEG_SEP: usize = 83;
    pub const SENT_ORDER: usize = 84;
    pub const SENT_LOC_DESCR: usize = 86;
    pub const SENT_LENGTH: usize = 87;
    pub const SENT_TIME_CODE: usize = 88;
    pub const SENT_TIME_DESCR: usize = 89;
    pub const COMMENT_TEXT: usize = 93;
    pub const END_OF_REC: usize = 94;
}

/// The header row, as the DOJ layout names its columns.
const HEADER: &str = "RECORD_ID,SUBJECT_STATUS,SUBJECT_ID,REQ_SEG_SEP,REQ_CII_NUMBER,REQ_NAME,REQ_GENDER,REQ_DOB,REQ_CDL,REQ_SSN,\
PII_SEG_SEP,CII_NUMBER,PRI_NAME,GENDER,PRI_DOB,PRI_SSN,PRI_CDL,PRI_IDN,PRI_INN,FBI_NUMBER,\
PDR_SEG_SEP,RACE_CODE,RACE_DESCR,EYE_COLOR_CODE,EYE_COLOR_DESCR,HAIR_COLOR_CODE,HAIR_COLOR_DESCR,HEIGHT,WEIGHT,SINGLE_SOURCE,\
MULTI_SOURCE,POB_CODE,POB_NAME,POB_TYPE,CITIZENSHIP_LIST,CYC_SEG_SEP,CYC_ORDER,CYC_DATE,STP_SEG_SEP,STP_ORDER,\
STP_EVENT_DATE,STP_TYPE_CODE,STP_TYPE_DESCR,STP_ORI_TYPE,STP_ORI_TYPE_DESCR,STP_ORI_CODE,STP_ORI_DESCR,STP_ORI_CNTY_CODE,STP_ORI_CNTY_NAME,CNT_SEG_SEP,\
CNT_ORDER,DISP_DATE,OFN,OFFENSE_CODE,OFFENSE_DESCR,OFFENSE_TOC,OFFENSE_QUAL_LST,DISP_OFFENSE_CODE,DISP_OFFENSE_DESCR,DISP_OFFENSE_TOC,\
DISP_OFFENSE_QUAL_LST,CONV_OFFENSE_ORDER,CONV_OFFENSE_CODE,CONV_OFFENSE_DESCR,CONV_OFFENSE_TOC,CONV_OFFENSE_QUAL_LST,FE_NUM_ORDER,FE_NUM_ARR_AGY,FE_NUM_BNCH_WARR,FE_NUM_CITE,\
FE_NUM_DOCKET,FE_NUM_INCIDENT,FE_NUM_BOOKING,FE_NUM_NUMBER,FE_NUM_REMAND,FE_NUM_OOS_INN,FE_NUM_CRT_CASE,FE_NUM_WARRANT,DISP_ORDER,DISP_CODE,\
DISP_DESCR,CONV_STAT_CODE,CONV_STAT_DESCR,SENT_SEG_SEP,SENT_ORDER,SENT_LOC_CODE,SENT_LOC_DESCR,SENT_LENGTH,SENT_TIME_CODE,SENT_TIME_DESCR,\
CYC_AGE,CII_TYPE,CII_TYPE_ALPHA,COMMENT_TEXT,END_OF_REC";

/// One cycle of a person's record: a case, a PC 290 registration or a death.
enum Cycle<'a> {
    Case(&'a Case),
    Registration(jiff::civil::Date, &'a str),
    Deceased(jiff::civil::Date),
}

pub struct DojWriter {
    pub sink: LineSink,
    seed: u64,
    rows: u64,
    /// The entry of the last row written, for the truncated-file fault.
    pub last_place: RowPlace,
}

impl DojWriter {
    pub fn new(mut sink: LineSink, seed: u64, rates: &FaultRates, log: &mut FaultLog<impl Write>) -> anyhow::Result<DojWriter> {
        let mut rng = stream(seed, [u64::MAX, FORMAT.stream(), 0]);
        if rates.roll(FaultKind::ByteOrderMark, FORMAT, &mut rng) {
            sink.prefix("\u{FEFF}".as_bytes())?;
            log.record(FORMAT, 1, FaultKind::ByteOrderMark, &RowPlace::default())?;
        }
        sink.line(HEADER.as_bytes(), false)?;
        Ok(DojWriter { sink, seed, rows: 0, last_place: RowPlace::default() })
    }

    /// The number of data rows written.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    pub fn write_person(&mut self, person: &Person, rates: &FaultRates, log: &mut FaultLog<impl Write>) -> anyhow::Result<()> {
        let mut rng = stream(self.seed, [person.index, FORMAT.stream(), 0]);
        let mut cycles: Vec<(jiff::civil::Date, Cycle)> = person.cases.iter().map(|case| (case.offense_date, Cycle::Case(case))).collect();
        if let Some(at) = person.registration {
            let county = person.cases.iter().find(|case| case.charges.iter().any(|c| c.charged == offenses::LEWD_ACT_CHILD)).map_or("", |c| c.county);
            cycles.push((at, Cycle::Registration(at, county)));
        }
        if let Some(at) = person.deceased {
            cycles.push((at, Cycle::Deceased(at)));
        }
        cycles.sort_by_key(|(at, _)| *at);

        let person_fields = self.person_fields(person);
        for (position, (_, cycle)) in cycles.iter().enumerate() {
            let cycle_number = position + 1;
            match cycle {
                Cycle::Case(case) => self.write_case(person, &person_fields, cycle_number, case, rates, log, &mut rng)?,
                Cycle::Registration(at, county) => {
                    let mut row = person_fields.clone();
                    set_cycle(&mut row, cycle_number, *at);
                    set_step(&mut row, 1, Recorded::Day(*at), "REGISTRATION", county, cycle_number, 1);
                    row[col::OFFENSE_DESCR] = format!("{}-{}", offenses::REGISTRATION.canonical(), offenses::REGISTRATION.description);
                    self.write_row(row, &mut rng, rates, log, &place(person, None, None))?;
                }
                Cycle::Deceased(at) => {
                    let mut row = person_fields.clone();
                    set_cycle(&mut row, cycle_number, *at);
                    set_step(&mut row, 1, Recorded::Day(*at), "DECEASED", "", cycle_number, 1);
                    self.write_row(row, &mut rng, rates, log, &place(person, None, None))?;
                }
            }
        }
        Ok(())
    }

    fn person_fields(&self, person: &Person) -> Vec<String> {
        let mut row = vec![String::new(); FIELD_COUNT];
        row[col::SUBJECT_ID] = person.id.clone();
        for sep in [col::REQ_SEG_SEP, col::PII_SEG_SEP, col::PDR_SEG_SEP, col::CYC_SEG_SEP, col::STP_SEG_SEP, col::CNT_SEG_SEP, col::SENT_SEG_SEP] {
            row[sep] = "#".into();
        }
        row[col::CII_NUMBER] = person.cii.clone();
        let mut name = format!("{},{}", person.last, person.first);
        if let Some(middle) = person.middle {
            name = format!("{name} {middle}");
        }
        if let Some(suffix) = person.suffix {
            name = format!("{name} {suffix}");
        }
        row[col::PRI_NAME] = name;
        row[col::GENDER] = person.sex.into();
        row[col::PRI_DOB] = person.date_of_birth.yyyymmdd();
        row[col::RACE_CODE] = person.race.into();
        row[col::END_OF_REC] = "x".into();
        row
    }

    #[allow(clippy::too_many_arguments)]
    fn write_case(
        &mut self,
        person: &Person,
        person_fields: &[String],
        cycle_number: usize,
        case: &Case,
        rates: &FaultRates,
        log: &mut FaultLog<impl Write>,
        rng: &mut rand::rngs::ChaCha8Rng,
    ) -> anyhow::Result<()> {
        let mut base = person_fields.to_vec();
        set_cycle(&mut base, cycle_number, case.offense_date);

        // Step 1: the arrest, with the charged offenses.
        for charge in &case.charges {
            let mut row = base.clone();
            set_step(&mut row, 1, Recorded::Day(case.offense_date), "ARREST/DETAINED/CITED", case.county, cycle_number, charge.count);
            row[col::STP_ORI_DESCR] = "POLICE DEPARTMENT".into();
            row[col::OFFENSE_DESCR] = offense_text(&charge.charged, &charge.charged.canonical());
            row[col::OFFENSE_TOC] = charge.charged.level.letter().into();
            self.write_row(row, rng, rates, log, &place(person, Some(case), None))?;
        }

        // Step 2: the court, one row per count and sentence part.
        for charge in &case.charges {
            let mut row = base.clone();
            set_step(&mut row, 2, case.disposition_date, "COURT ACTION", case.county, cycle_number, charge.count);
            row[col::STP_ORI_DESCR] = "SUPERIOR COURT".into();
            row[col::OFN] = case.number.clone();
            let entry_place = place(person, Some(case), Some(charge));
            let mut benign = Vec::new();
            self.fill_court_offense(&mut row, charge, rates, rng, &mut benign);
            if charge.disposition == Disposition::Pending {
                row[col::STP_EVENT_DATE].clear();
            }
            row[col::DISP_DESCR] = disposition_text(charge).into();
            if charge.disposition == Disposition::Convicted {
                row[col::CONV_STAT_DESCR] = charge.level().word().into();
            }

            let damage = rates.roll_damage(FORMAT, &[FaultKind::FieldCount, FaultKind::BadDate, FaultKind::UnknownCode, FaultKind::Latin1InUtf8, FaultKind::NulByte], rng);
            let parts: Vec<Option<&crate::people::SentencePart>> =
                if charge.sentence.is_empty() { vec![None] } else { charge.sentence.iter().map(Some).collect() };
            for (part_index, part) in parts.into_iter().enumerate() {
                let mut part_row = row.clone();
                if let Some(part) = part {
                    part_row[col::SENT_ORDER] = format!("{}", part_index + 1);
                    let (location, code, unit) = match part.kind {
                        SentenceKind::Jail => ("JAIL", "D", "DAYS"),
                        SentenceKind::Probation => ("PROBATION", "M", "MONTHS"),
                        SentenceKind::Prison => ("PRISON", "M", "MONTHS"),
                    };
                    part_row[col::SENT_LOC_DESCR] = location.into();
                    part_row[col::SENT_LENGTH] = part.length.to_string();
                    part_row[col::SENT_TIME_CODE] = code.into();
                    part_row[col::SENT_TIME_DESCR] = unit.into();
                }
                let line = self.sink.next_line();
                self.last_place = entry_place.clone();
                // The damaging fault goes on the count's first row; benign ones are on every row.
                let damage_here = if part_index == 0 { damage } else { None };
                let bytes = match damage_here {
                    Some(kind) => damage_row(&mut part_row, kind, case.disposition_date),
                    None => None,
                };
                let crlf = rates.roll(FaultKind::Crlf, FORMAT, rng);
                match bytes {
                    Some(bytes) => {
                        self.sink.line(&bytes, crlf)?;
                        self.rows += 1;
                    }
                    None => self.write_fields(&part_row, crlf)?,
                }
                if let Some(kind) = damage_here {
                    log.record(FORMAT, line, kind, &entry_place)?;
                }
                for &kind in &benign {
                    log.record(FORMAT, line, kind, &entry_place)?;
                }
                if crlf {
                    log.record(FORMAT, line, FaultKind::Crlf, &entry_place)?;
                }
            }
        }
        Ok(())
    }

    /// Fills the offense fields of a court row, with the benign faults the draw gives.
    fn fill_court_offense(&self, row: &mut [String], charge: &Charge, rates: &FaultRates, rng: &mut rand::rngs::ChaCha8Rng, benign: &mut Vec<FaultKind>) {
        let spelled = rates.roll(FaultKind::StatuteSpelling, FORMAT, rng);
        let statute = |offense: &Offense, rng: &mut rand::rngs::ChaCha8Rng| if spelled { respell(offense, rng) } else { offense.canonical() };
        if spelled {
            benign.push(FaultKind::StatuteSpelling);
        }
        let charged_statute = statute(&charge.charged, rng);
        if charge.convicted.is_none() && rates.roll(FaultKind::ChargeInComment, FORMAT, rng) {
            row[col::OFFENSE_DESCR] = if rng.random_bool(0.5) { "SEE COMMENT FOR CHARGE".into() } else { String::new() };
            row[col::COMMENT_TEXT] = offense_text(&charge.charged, &charged_statute);
            benign.push(FaultKind::ChargeInComment);
        } else {
            row[col::OFFENSE_DESCR] = offense_text(&charge.charged, &charged_statute);
        }
        row[col::OFFENSE_TOC] = charge.charged.level.letter().into();
        if let Some(convicted) = &charge.convicted {
            row[col::CONV_OFFENSE_DESCR] = offense_text(convicted, &statute(convicted, rng));
            row[col::CONV_OFFENSE_TOC] = convicted.level.letter().into();
        }
        if rates.roll(FaultKind::NonBreakingSpace, FORMAT, rng) {
            let field = if row[col::OFFENSE_DESCR].is_empty() { col::COMMENT_TEXT } else { col::OFFENSE_DESCR };
            row[field].push_str("\u{A0}\u{A0}");
            benign.push(FaultKind::NonBreakingSpace);
        }
    }

    fn write_row(&mut self, row: Vec<String>, rng: &mut rand::rngs::ChaCha8Rng, rates: &FaultRates, log: &mut FaultLog<impl Write>, place: &RowPlace) -> anyhow::Result<()> {
        let crlf = rates.roll(FaultKind::Crlf, FORMAT, rng);
        let line = self.sink.next_line();
        self.last_place = place.clone();
        self.write_fields(&row, crlf)?;
        if crlf {
            log.record(FORMAT, line, FaultKind::Crlf, place)?;
        }
        Ok(())
    }

    fn write_fields(&mut self, row: &[String], crlf: bool) -> anyhow::Result<()> {
        let mut row = row.to_vec();
        self.rows += 1;
        row[col::RECORD_ID] = self.rows.to_string();
        self.sink.line(join_csv(&row).as_bytes(), crlf)?;
        Ok(())
    }
}

/// Applies a damaging fault to a row, returning the row's bytes when the fault cannot be
/// written as text (Latin-1 bytes in a UTF-8 file).
fn damage_row(row: &mut Vec<String>, kind: FaultKind, date: Recorded) -> Option<Vec<u8>> {
    match kind {
        FaultKind::FieldCount => row.push(String::new()),
        FaultKind::BadDate => row[col::STP_EVENT_DATE] = bad_yyyymmdd(date),
        FaultKind::UnknownCode => row[col::DISP_DESCR] = "DISPO 0417 SEE MINUTES".into(),
        FaultKind::NulByte => row[col::COMMENT_TEXT] = "CASE\0NOTE".into(),
        FaultKind::Latin1InUtf8 => {
            // "CAFE" with its last letter as the Latin-1 byte for É, which is not valid UTF-8.
            row[col::COMMENT_TEXT] = "CAFE".into();
            let mut bytes = join_csv(row).into_bytes();
            let at = bytes.windows(4).rposition(|window| window == b"CAFE").expect("the comment was just written");
            bytes[at + 3] = 0xC9;
            return Some(bytes);
        }
        _ => {}
    }
    None
}

/// A disposition date that is not a date: a letter O for a zero, or month 13.
fn bad_yyyymmdd(date: Recorded) -> String {
    let good = match date.actual() {
        Some(day) => crate::dates::yyyymmdd(day),
        None => "20100101".into(),
    };
    if good[4..].contains('0') {
        let position = 4 + good[4..].find('0').expect("checked above");
        format!("{}O{}", &good[..position], &good[position + 1..])
    } else {
        format!("{}13{}", &good[..4], &good[6..])
    }
}

fn set_cycle(row: &mut [String], cycle_number: usize, at: jiff::civil::Date) {
    row[col::CYC_ORDER] = cycle_number.to_string();
    row[col::CYC_DATE] = crate::dates::yyyymmdd(at);
}

fn set_step(row: &mut [String], step: usize, at: Recorded, kind: &str, county: &str, cycle: usize, count: u32) {
    row[col::STP_ORDER] = step.to_string();
    row[col::STP_EVENT_DATE] = at.yyyymmdd();
    row[col::STP_TYPE_DESCR] = kind.into();
    row[col::STP_ORI_CNTY_NAME] = county.into();
    row[col::CNT_ORDER] = format!("{cycle:03}{step:03}{count:03}000");
}

fn offense_text(offense: &Offense, statute: &str) -> String {
    format!("{statute}-{}", offense.description)
}

fn disposition_text(charge: &Charge) -> &'static str {
    match charge.disposition {
        Disposition::Convicted => match charge.sentence.first().map(|part| part.kind) {
            Some(SentenceKind::Prison) => "CONVICTED-PRISON",
            Some(SentenceKind::Jail) => "CONVICTED-JAIL",
            Some(SentenceKind::Probation) => "CONVICTED-PROBATION",
            None => "CONVICTED",
        },
        Disposition::Dismissed => "DISMISSED-FURTHERANCE OF JUSTICE",
        Disposition::Acquitted => "ACQUITTED",
        Disposition::Pending => "PENDING",
    }
}

fn place(person: &Person, case: Option<&Case>, charge: Option<&Charge>) -> RowPlace {
    RowPlace { subject_id: Some(person.id.clone()), case_number: case.map(|c| c.number.clone()), count: charge.map(|c| c.count) }
}

/// Joins fields with commas, quoting a field that holds a comma, a quote or a line end.
fn join_csv(fields: &[String]) -> String {
    let mut line = String::with_capacity(fields.iter().map(String::len).sum::<usize>() + fields.len());
    for (index, field) in fields.iter().enumerate() {
        if index > 0 {
            line.push(',');
        }
        if field.contains([',', '"', '\n', '\r']) {
            line.push('"');
            line.push_str(&field.replace('"', "\"\""));
            line.push('"');
        } else {
            line.push_str(field);
        }
    }
    line
}
