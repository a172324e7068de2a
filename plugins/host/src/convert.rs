//! Conversion of the adapter interface's records into the core schema.
//!
//! The conversion is total: every value of the interface has a core value. Dates whose
//! parts do not form a calendar date become missing, with a warning for the row.

use std::sync::Arc;

use clearway_core::date::PartialDate;
use clearway_core::schema::{
    Charge, Disposition, FieldText, Level, SentenceKind, SentencePart, SourceRef, StepKind, Subject, TimeUnit,
};

pub use clearway_core::diagnostic::{RowDiagnostic, Severity};

use crate::sandbox::bindings_types as wit;

/// What one call returned, in core types.
#[derive(Debug, Default)]
pub struct HostBatch {
    pub subjects: Vec<Subject>,
    pub diagnostics: Vec<RowDiagnostic>,
    /// Data rows whose handling the call completed.
    pub rows_read: u64,
    /// Of those, the rows whose content went into the subjects.
    pub rows_used: u64,
    pub unmapped: Vec<UnmappedCode>,
}

/// A code missing from one of the county's code tables, seen on one row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnmappedCode {
    pub table: String,
    pub code: String,
    pub description: Option<String>,
    pub file: Arc<str>,
    pub row: u64,
}

pub(crate) fn batch(batch: wit::Batch, file: &Arc<str>) -> HostBatch {
    let mut diagnostics: Vec<RowDiagnostic> = batch.diagnostics.into_iter().map(|d| diagnostic(d, file)).collect();
    let subjects = batch.subjects.into_iter().map(|s| subject(s, file, &mut diagnostics)).collect();
    let unmapped = batch
        .unmapped
        .into_iter()
        .map(|code| UnmappedCode {
            table: code.table,
            code: code.code,
            description: code.description,
            file: Arc::clone(file),
            row: code.row,
        })
        .collect();
    HostBatch { subjects, diagnostics, rows_read: batch.rows_read, rows_used: batch.rows_used, unmapped }
}

fn diagnostic(diagnostic: wit::Diagnostic, file: &Arc<str>) -> RowDiagnostic {
    RowDiagnostic {
        file: Arc::clone(file),
        row: diagnostic.row,
        code: diagnostic.code,
        severity: match diagnostic.severity {
            wit::Severity::Warning => Severity::Warning,
            wit::Severity::Error => Severity::Error,
        },
        field: diagnostic.field,
        message: diagnostic.message,
    }
}

/// Collects the warnings for dates with impossible parts while converting one row group.
struct DateCheck<'a> {
    file: &'a Arc<str>,
    row: u64,
    diagnostics: &'a mut Vec<RowDiagnostic>,
}

impl DateCheck<'_> {
    fn date(&mut self, value: Option<wit::PartialDate>, field: &str) -> Option<PartialDate> {
        let value = value?;
        let month = value.month.map(|m| m as i8);
        let day = value.day.map(|d| d as i8);
        let year = i16::try_from(value.year).ok();
        let date = year.and_then(|year| PartialDate::from_parts(year, month, day));
        if date.is_none() {
            self.diagnostics.push(RowDiagnostic {
                file: Arc::clone(self.file),
                row: self.row,
                code: "invalid-date".to_string(),
                severity: Severity::Warning,
                field: Some(field.to_string()),
                message: format!("the adapter returned a {field} that is not a calendar date; it is treated as missing"),
            });
        }
        date
    }
}

fn subject(subject: wit::Subject, file: &Arc<str>, diagnostics: &mut Vec<RowDiagnostic>) -> Subject {
    let first_row = subject.charges.first().and_then(|c| c.rows.first().copied()).unwrap_or(0);
    let date_of_birth = DateCheck { file, row: first_row, diagnostics }.date(subject.date_of_birth, "date of birth");
    let charges = subject.charges.into_iter().map(|c| charge(c, file, diagnostics)).collect();
    Subject { id: subject.id, name: subject.name, date_of_birth, charges }
}

fn charge(charge: wit::Charge, file: &Arc<str>, diagnostics: &mut Vec<RowDiagnostic>) -> Charge {
    let row = charge.rows.first().copied().unwrap_or(0);
    let mut dates = DateCheck { file, row, diagnostics };
    let cycle_date = dates.date(charge.cycle_date, "cycle date");
    let step_date = dates.date(charge.step_date, "step date");
    let disposition_date = dates.date(charge.disposition_date, "disposition date");

    Charge {
        source: SourceRef { file: Arc::clone(file), rows: charge.rows },
        cycle_id: charge.cycle_id,
        cycle_date,
        cycle_age: charge.cycle_age,
        step: step(charge.step),
        step_raw: charge.step_raw,
        step_date,
        count_id: charge.count_id,
        case_number: charge.case_number,
        county: charge.county,
        charged: charge.charged.map(field_text),
        convicted: charge.convicted.map(field_text),
        comment: charge.comment.map(field_text),
        level: level(charge.level),
        level_field: charge.level_field,
        disposition: disposition(charge.disposition),
        disposition_raw: charge.disposition_raw.map(field_text),
        disposition_date,
        disposition_date_field: charge.disposition_date_field,
        sentence: charge.sentence.into_iter().map(sentence_part).collect(),
    }
}

fn field_text(text: wit::FieldText) -> FieldText {
    FieldText { field: text.field, text: text.text }
}

fn level(level: wit::Level) -> Level {
    match level {
        wit::Level::Felony => Level::Felony,
        wit::Level::Misdemeanor => Level::Misdemeanor,
        wit::Level::Infraction => Level::Infraction,
        wit::Level::Unknown => Level::Unknown,
    }
}

fn disposition(disposition: wit::Disposition) -> Disposition {
    match disposition {
        wit::Disposition::Convicted => Disposition::Convicted,
        wit::Disposition::Dismissed => Disposition::Dismissed,
        wit::Disposition::Acquitted => Disposition::Acquitted,
        wit::Disposition::Diverted => Disposition::Diverted,
        wit::Disposition::Pending => Disposition::Pending,
        wit::Disposition::Other => Disposition::Other,
        wit::Disposition::Unrecognized => Disposition::Unrecognized,
        wit::Disposition::Unknown => Disposition::Unknown,
    }
}

fn step(step: wit::StepKind) -> StepKind {
    match step {
        wit::StepKind::Arrest => StepKind::Arrest,
        wit::StepKind::Court => StepKind::Court,
        wit::StepKind::Registration => StepKind::Registration,
        wit::StepKind::Deceased => StepKind::Deceased,
        wit::StepKind::Custody => StepKind::Custody,
        wit::StepKind::Probation => StepKind::Probation,
        wit::StepKind::Other => StepKind::Other,
    }
}

fn sentence_part(part: wit::SentencePart) -> SentencePart {
    SentencePart {
        kind: match part.kind {
            wit::SentenceKind::Jail => SentenceKind::Jail,
            wit::SentenceKind::Prison => SentenceKind::Prison,
            wit::SentenceKind::Probation => SentenceKind::Probation,
            wit::SentenceKind::Fine => SentenceKind::Fine,
            wit::SentenceKind::Other => SentenceKind::Other,
        },
        length: part.length,
        unit: match part.unit {
            wit::TimeUnit::Days => TimeUnit::Days,
            wit::TimeUnit::Months => TimeUnit::Months,
            wit::TimeUnit::Years => TimeUnit::Years,
            wit::TimeUnit::Unknown => TimeUnit::Unknown,
        },
        raw: part.raw,
    }
}
