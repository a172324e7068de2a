//! The adapter on the checked-in fixture files, which tests/fixtures/README.md describes.

mod common;

use clearway_adapter_legacy_fixed_width::OFFENSE_FIELD;
use clearway_sdk::{Disposition, Level, PartialDate, SentenceKind, StepKind, TimeUnit};
use common::*;

/// Values of the invented people that no diagnostic may repeat.
const PERSONAL_VALUES: &[&str] =
    &["QUILL", "ADA", "ABARA", "NIA", "BELL", "OMAR", "CRUZ", "0000000201", "0000000202", "900101", "F21000"];

fn date(partial: Option<PartialDate>) -> Option<(u16, u8, u8)> {
    partial.map(|date| (date.year, date.month.expect("a month"), date.day.expect("a day")))
}

#[test]
fn valid_file_subjects() {
    let output = parse(&fixture("valid.txt"));
    assert_eq!(output.error, None);
    assert!(output.diagnostics.is_empty(), "{:?}", output.diagnostics);
    assert_eq!(output.rows_read, 17);
    assert_eq!(output.rows_used, 17);

    let ids: Vec<&str> = output.subjects.iter().map(|subject| subject.id.as_str()).collect();
    assert_eq!(ids, ["0000000101", "0000000102", "0000000103", "0000000104", "0000000105"]);

    let quill = output.subject("0000000101");
    assert_eq!(quill.name.as_deref(), Some("QUILL, ADA MAE"));
    assert_eq!(date(quill.date_of_birth), Some((1985, 4, 12)));
    assert_eq!(quill.charges.len(), 2);

    let vance = output.subject("0000000104");
    assert!(vance.charges.is_empty());
    assert_eq!(vance.date_of_birth.map(|date| date.year), None);
}

#[test]
fn valid_file_charge_fields() {
    let output = parse(&fixture("valid.txt"));
    let charge = output.charge_at(4);
    assert_eq!(charge.rows, vec![4]);
    assert_eq!(charge.step, StepKind::Court);
    assert_eq!(charge.cycle_id, "F09000123");
    assert_eq!(charge.count_id, "F09000123-01");
    assert_eq!(charge.case_number.as_deref(), Some("F09000123"));
    assert_eq!(charge.county.as_deref(), Some("FRESNO"));
    assert_eq!(date(charge.cycle_date), None, "the filing date is not the offense date");
    assert_eq!(date(charge.step_date), Some((2009, 3, 2)));
    assert_eq!(date(charge.disposition_date), Some((2009, 4, 15)));
    assert_eq!(charge.disposition_date_field.as_deref(), Some("disposition_date"));

    let offense = charge.charged.as_ref().expect("an offense");
    assert_eq!(offense.field, OFFENSE_FIELD);
    assert_eq!(offense.text, "11357(C) HS-POSS MARIJUANA OVER 1 OZ");
    assert_eq!(charge.level, Level::Misdemeanor);
    assert_eq!(charge.level_field.as_deref(), Some("level"));
    assert_eq!(charge.disposition, Disposition::Convicted);
    assert_eq!(charge.disposition_raw.as_ref().map(|raw| raw.text.as_str()), Some("CV"));

    let sentence: Vec<(SentenceKind, Option<u32>, TimeUnit)> =
        charge.sentence.iter().map(|part| (part.kind, part.length, part.unit)).collect();
    assert_eq!(
        sentence,
        vec![(SentenceKind::Jail, Some(10), TimeUnit::Days), (SentenceKind::Probation, Some(36), TimeUnit::Months)]
    );

    let dismissed = output.charge_at(5);
    assert_eq!(dismissed.disposition, Disposition::Dismissed);
    assert!(dismissed.sentence.is_empty());
    assert_eq!(dismissed.charged.as_ref().map(|text| text.text.as_str()), Some("23152(A) VC-DUI ALCOHOL"));
}

#[test]
fn latin1_name_and_years_across_2000() {
    let output = parse(&fixture("valid.txt"));
    let munoz = output.subject("0000000102");
    assert_eq!(munoz.name.as_deref(), Some("MU\u{D1}OZ, JOS\u{C9} JR"));
    assert_eq!(date(munoz.date_of_birth), Some((1978, 12, 31)));

    let sale = output.charge_at(8);
    assert_eq!(date(sale.step_date), Some((1999, 12, 15)));
    assert_eq!(date(sale.disposition_date), Some((2000, 1, 10)));
    assert_eq!(sale.level, Level::Felony);
    assert_eq!(sale.sentence[0].kind, SentenceKind::Prison);
    assert_eq!(sale.sentence[0].length, Some(16));

    let pending = output.charge_at(10);
    assert_eq!(pending.disposition, Disposition::Pending);
    assert_eq!(date(pending.disposition_date), None);
    assert_eq!(pending.disposition_date_field, None);

    let tran = output.subject("0000000105");
    assert_eq!(date(tran.date_of_birth), Some((2001, 6, 15)), "born 18 years before the first event");
    assert_eq!(output.charge_at(18).disposition, Disposition::Diverted);
    assert_eq!(output.charge_at(18).level, Level::Infraction);
}

#[test]
fn deceased_and_registrant_entries() {
    let output = parse(&fixture("valid.txt"));
    let okafor = output.subject("0000000103");
    let steps: Vec<StepKind> = okafor.charges.iter().map(|charge| charge.step).collect();
    assert_eq!(steps, [StepKind::Court, StepKind::Court, StepKind::Deceased, StepKind::Registration]);

    let deceased = &okafor.charges[2];
    assert_eq!(deceased.rows, vec![11]);
    assert!(deceased.charged.is_none());

    let registration = &okafor.charges[3];
    assert_eq!(registration.rows, vec![11]);
    let offense = registration.charged.as_ref().expect("a registration offense");
    assert_eq!(offense.text, "290 PC");
    assert_eq!(offense.field, "pc_290_registrant");
}

#[test]
fn crlf_matches_lf() {
    let lf = parse(&fixture("valid.txt"));
    let crlf = parse(&fixture("valid-crlf.txt"));
    assert_eq!(crlf.error, None);
    assert_eq!(format!("{:?}", crlf.subjects), format!("{:?}", lf.subjects));
    assert_eq!(crlf.rows_read, lf.rows_read);
}

#[test]
fn faults_file_errors() {
    let output = parse(&fixture("faults.txt"));
    assert_eq!(output.error, None, "the trailer count matches, so the file is complete");
    let expected = vec![
        (2, "record-order"),
        (4, "record-order"),
        (6, "invalid-field"),
        (7, "invalid-field"),
        (8, "record-length"),
        (9, "record-length"),
        (11, "duplicate-charge"),
        (12, "key-mismatch"),
        (13, "invalid-field"),
        (14, "invalid-date"),
        (15, "invalid-date"),
        (16, "control-character"),
        (17, "key-mismatch"),
        (18, "parent-rejected"),
        // The case on line 19 is known to have no usable charge only once it closes.
        (20, "invalid-field"),
        (19, "case-without-charges"),
        (21, "control-character"),
        (22, "parent-rejected"),
        (23, "parent-rejected"),
        (24, "record-order"),
        (28, "record-type"),
    ];
    assert_eq!(output.error_codes(), expected);
    assert_eq!(output.rows_read, 27);
    assert_eq!(output.rows_used, 6);
}

#[test]
fn faults_file_fields_and_messages() {
    let output = parse(&fixture("faults.txt"));
    let cases: &[(u64, Option<&str>, &str)] = &[
        (6, Some("case_number"), "columns 2-13 (case_number): the value starts with a space"),
        (7, Some("charge_sequence"), "columns 14-15 (charge_sequence): expected digits"),
        (8, None, "the record is 119 characters long; every record is exactly 120"),
        (9, None, "the record is 121 characters long; every record is exactly 120"),
        (13, Some("level"), "column 31 (level): expected one of F, M, I"),
        (14, Some("disposition_date"), "columns 34-39 (disposition_date): expected a date YYMMDD; the day"),
        (15, Some("disposition_date"), "columns 34-39 (disposition_date): expected digits"),
        (16, Some("description"), "column 54 (description) contains a control character"),
        (17, Some("person_number"), "columns 2-11 (person_number): the person number differs"),
        (20, Some("disposition"), "columns 32-33 (disposition): expected one of CV, DS, AQ, DV, PD"),
        (21, Some("last_name"), "column 16 (last_name) contains a control character"),
    ];
    for (line, field, message) in cases {
        let error = output.error_at(*line);
        assert_eq!(error.field.as_deref(), *field, "field on line {line}");
        assert!(error.message.starts_with(message), "message on line {line}: {}", error.message);
    }
    for diagnostic in &output.diagnostics {
        for value in PERSONAL_VALUES {
            assert!(!diagnostic.message.contains(value), "message repeats personal data: {}", diagnostic.message);
        }
    }
}

#[test]
fn faults_file_keeps_good_rows() {
    let output = parse(&fixture("faults.txt"));
    let ids: Vec<&str> = output.subjects.iter().map(|subject| subject.id.as_str()).collect();
    assert_eq!(ids, ["0000000201", "0000000203"], "the person whose P row is rejected has no subject");
    let lines: Vec<Vec<u64>> = output.subjects[0].charges.iter().map(|charge| charge.rows.clone()).collect();
    assert_eq!(lines, vec![vec![10]]);
    assert_eq!(output.charge_at(27).case_number.as_deref(), Some("F21000006"));
}

#[test]
fn truncated_file_is_an_error() {
    let output = parse(&fixture("truncated.txt"));
    let error = output.error.as_deref().expect("a truncated file fails");
    assert!(error.contains("without a T trailer record"), "{error}");
    assert!(error.contains("truncated"), "{error}");
}

#[test]
fn wrong_trailer_count_is_an_error() {
    let output = parse(&fixture("wrong-count.txt"));
    let error = output.error.as_deref().expect("a wrong count fails");
    assert_eq!(
        error,
        "line 19: the T trailer record counts 18 records but the file has 17 between H and T, so the file is \
         truncated or corrupted and its results are incomplete"
    );
}

#[test]
fn fixtures_are_chunk_invariant() {
    for name in ["valid.txt", "valid-crlf.txt", "faults.txt", "truncated.txt", "wrong-count.txt"] {
        assert_chunk_invariant(&fixture(name));
    }
}
