//! The person being read: the `P` row, its cases, and the charge entries they make.

use clearway_sdk::years;
use clearway_sdk::{
    Charge, Diagnostic, Disposition, FieldText, Level, PartialDate, SentenceKind, SentencePart, Severity,
    StepKind, Subject, TimeUnit,
};

use crate::codes;
use crate::layout::{charge, person};
use crate::records::{CaseRow, ChargeRow, PersonRow};

/// The field name given to the offense text, which joins three `K` fields.
pub const OFFENSE_FIELD: &str = "section+code+description";

/// One person's rows, held until the next `P`, the trailer or the end of the input.
pub struct OpenPerson {
    row: PersonRow,
    line: u64,
    county: &'static str,
    charges: Vec<Charge>,
    /// The case whose `K` rows are being read.
    case: Option<OpenCase>,
    /// `P`, `C` and `K` rows whose content went into the subject.
    rows_used: u64,
}

/// A `C` row and what its `K` rows have added so far.
struct OpenCase {
    row: CaseRow,
    line: u64,
    /// The charge sequences seen in this case, so that a repeated one is noticed.
    sequences: [bool; 100],
    charges_used: u64,
}

/// The reason a `K` row cannot join the current case.
pub enum ChargeProblem {
    /// The case number differs from the current `C` record's.
    CaseMismatch,
    /// The case already has a charge with this sequence number.
    DuplicateSequence,
}

impl OpenPerson {
    pub fn new(row: PersonRow, line: u64, county: &'static str) -> OpenPerson {
        OpenPerson { row, line, county, charges: Vec::new(), case: None, rows_used: 1 }
    }

    pub fn person_number(&self) -> &str {
        &self.row.person_number
    }

    /// Starts a new case, closing the previous one. Returns the previous case's rejection
    /// when none of its charges was used.
    pub fn open_case(&mut self, row: CaseRow, line: u64) -> Option<Diagnostic> {
        let closed = self.close_case();
        self.case = Some(OpenCase { row, line, sequences: [false; 100], charges_used: 0 });
        closed
    }

    /// True when a case is open to take `K` rows.
    pub fn has_case(&self) -> bool {
        self.case.is_some()
    }

    /// Adds a `K` row to the open case. The caller checks [`OpenPerson::has_case`] first.
    pub fn add_charge(&mut self, row: ChargeRow, line: u64) -> Result<(), ChargeProblem> {
        let Some(case) = self.case.as_mut() else { return Err(ChargeProblem::CaseMismatch) };
        if row.case_number != case.row.case_number {
            return Err(ChargeProblem::CaseMismatch);
        }
        let seen = &mut case.sequences[usize::from(row.sequence)];
        if *seen {
            return Err(ChargeProblem::DuplicateSequence);
        }
        *seen = true;
        case.charges_used += 1;
        self.rows_used += 1;
        self.charges.push(court_charge(&case.row, row, line, self.county));
        Ok(())
    }

    /// Closes the open case. A case with no usable charge has contributed nothing, so its
    /// `C` row is rejected with the returned diagnostic; otherwise its row counts as used.
    pub fn close_case(&mut self) -> Option<Diagnostic> {
        let case = self.case.take()?;
        if case.charges_used > 0 {
            self.rows_used += 1;
            return None;
        }
        Some(Diagnostic {
            code: codes::CASE_WITHOUT_CHARGES.into(),
            severity: Severity::Error,
            row: case.line,
            field: None,
            message: "the C case record has no valid K charge record after it, so nothing of it is used".into(),
        })
    }

    /// Finishes the person: closes the open case, resolves the date of birth and adds the
    /// entries of the `P` row's flags. Returns the subject, the number of rows it uses and
    /// any diagnostics.
    pub fn close(mut self, extract: &PartialDate) -> (Subject, u64, Vec<Diagnostic>) {
        let mut diagnostics: Vec<Diagnostic> = self.close_case().into_iter().collect();
        let date_of_birth = self.row.date_of_birth.and_then(|date| {
            let earliest = self.earliest_event();
            let resolved = years::resolve_birth(date, earliest.as_ref(), extract).ok();
            if resolved.is_none() {
                diagnostics.push(Diagnostic {
                    code: codes::INVALID_DATE.into(),
                    severity: Severity::Warning,
                    row: self.line,
                    field: Some(person::DATE_OF_BIRTH.name.into()),
                    message: format!(
                        "columns {}-{} ({}): neither 19YY nor 20YY puts the birth at least {} years before the \
                         person's earliest event; the date of birth is treated as missing",
                        person::DATE_OF_BIRTH.first,
                        person::DATE_OF_BIRTH.last,
                        person::DATE_OF_BIRTH.name,
                        years::MIN_AGE_AT_FIRST_EVENT
                    ),
                });
            }
            resolved
        });

        if self.row.deceased {
            self.charges.push(self.flag_entry(StepKind::Deceased, person::DECEASED.name, None));
        }
        if self.row.registrant {
            let offense = FieldText { field: person::PC_290_REGISTRANT.name.into(), text: "290 PC".into() };
            self.charges.push(self.flag_entry(StepKind::Registration, person::PC_290_REGISTRANT.name, Some(offense)));
        }

        let subject = Subject {
            id: self.row.person_number,
            name: Some(self.row.name),
            date_of_birth,
            charges: self.charges,
        };
        (subject, self.rows_used, diagnostics)
    }

    /// Returns the earliest filing or disposition date among the person's used charges.
    fn earliest_event(&self) -> Option<PartialDate> {
        let dates = self
            .charges
            .iter()
            .flat_map(|charge| [charge.step_date.as_ref(), charge.disposition_date.as_ref()])
            .flatten();
        years::earliest(dates)
    }

    /// Builds the entry that a `P` row flag adds: a death or a PC 290 registration.
    fn flag_entry(&self, step: StepKind, field: &str, charged: Option<FieldText>) -> Charge {
        Charge {
            rows: vec![self.line],
            cycle_id: field.into(),
            cycle_date: None,
            cycle_age: None,
            step,
            step_raw: format!("P {field} Y"),
            step_date: None,
            count_id: field.into(),
            case_number: None,
            county: Some(self.county.into()),
            charged,
            convicted: None,
            comment: None,
            level: Level::Unknown,
            level_field: None,
            disposition: Disposition::Unknown,
            disposition_raw: None,
            disposition_date: None,
            disposition_date_field: None,
            sentence: Vec::new(),
        }
    }
}

/// Builds the court entry of one `K` row in its case.
fn court_charge(case: &CaseRow, row: ChargeRow, line: u64, county: &str) -> Charge {
    let mut offense = format!("{} {}", row.section, row.code);
    if let Some(description) = &row.description {
        offense.push('-');
        offense.push_str(description);
    }
    let level = match row.level.as_str() {
        "F" => Level::Felony,
        "M" => Level::Misdemeanor,
        "I" => Level::Infraction,
        _ => Level::Unknown,
    };
    let disposition = match row.disposition.as_str() {
        "CV" => Disposition::Convicted,
        "DS" => Disposition::Dismissed,
        "AQ" => Disposition::Acquitted,
        "DV" => Disposition::Diverted,
        "PD" => Disposition::Pending,
        _ => Disposition::Unrecognized,
    };
    let disposition_date = row.disposition_date;
    let sentence = sentence(&row);

    Charge {
        rows: vec![line],
        cycle_id: case.case_number.clone(),
        // The filing date lies after the offense, and the rules read the cycle date as the
        // offense date, so it goes to the step date instead.
        cycle_date: None,
        cycle_age: None,
        step: StepKind::Court,
        step_raw: "K".into(),
        step_date: Some(case.filing_date),
        count_id: format!("{}-{:02}", case.case_number, row.sequence),
        case_number: Some(case.case_number.clone()),
        county: Some(county.into()),
        charged: Some(FieldText { field: OFFENSE_FIELD.into(), text: offense }),
        convicted: None,
        comment: None,
        level,
        level_field: Some(charge::LEVEL.name.into()),
        disposition,
        disposition_raw: Some(FieldText { field: charge::DISPOSITION.name.into(), text: row.disposition }),
        disposition_date,
        disposition_date_field: disposition_date.map(|_| charge::DISPOSITION_DATE.name.into()),
        sentence,
    }
}

/// Returns a sentence part for each of jail, probation and prison whose length is not zero.
fn sentence(row: &ChargeRow) -> Vec<SentencePart> {
    let parts = [
        (SentenceKind::Jail, row.jail_days, TimeUnit::Days, charge::JAIL_DAYS.name),
        (SentenceKind::Probation, row.probation_months, TimeUnit::Months, charge::PROBATION_MONTHS.name),
        (SentenceKind::Prison, row.prison_months, TimeUnit::Months, charge::PRISON_MONTHS.name),
    ];
    parts
        .into_iter()
        .filter(|&(_, length, _, _)| length > 0)
        .map(|(kind, length, unit, field)| SentencePart { kind, length: Some(length), unit, raw: format!("{field} {length}") })
        .collect()
}
