//! The adapter on the checked-in fixtures of invented people, read with Alameda County's
//! code tables.

mod common;

use clearway_core::statute;
use clearway_sdk::{Disposition, Level, SentenceKind, Severity, StepKind, TimeUnit};
use common::*;

/// Names, dates of birth and ids of the fixtures' people, which no diagnostic may repeat.
const PERSONAL_VALUES: &[&str] = &[
    "FIXTURE", "EMERY", "HARPER", "INDIGO", "GRAY", "P91000", "1985", "1980", "1983", "1975",
];

fn date(charge_date: Option<clearway_sdk::PartialDate>) -> Option<(u16, u8, u8)> {
    charge_date.map(|date| (date.year, date.month.unwrap(), date.day.unwrap()))
}

#[test]
fn cases_rows_and_fragments() {
    let output = parse(&fixture("cases.jsonl"));
    assert_rows(&output, 5, 0);
    assert!(output.diagnostics.is_empty(), "{:?}", output.diagnostics);

    let ids: Vec<&str> = output.subjects.iter().map(|subject| subject.id.as_str()).collect();
    assert_eq!(ids, ["P90000001", "P90000002", "P90000003", "P90000001", "P90000004"]);
    let spread = output.fragments("P90000001");
    assert_eq!(spread[0].charges[0].rows, vec![1]);
    assert_eq!(spread[1].charges[0].rows, vec![4]);
    assert_eq!(spread[1].charges[0].county.as_deref(), Some("CONTRA COSTA"));
    assert_eq!(spread[0].name.as_deref(), Some("TESTER, ALEX Q"));
    assert_eq!(output.fragments("P90000002")[0].name.as_deref(), Some("SAMPLE, BLAIR JR"));
}

#[test]
fn cases_charge_fields() {
    let output = parse(&fixture("cases.jsonl"));
    let charge = output.charge("09CR000101", "01");
    assert_eq!(charge.cycle_id, "09CR000101");
    assert_eq!(charge.step, StepKind::Court);
    assert_eq!(charge.county.as_deref(), Some("ALAMEDA"));
    assert_eq!(date(charge.cycle_date), Some((2009, 3, 2)));
    let charged = charge.charged.as_ref().unwrap();
    assert_eq!((charged.field.as_str(), charged.text.as_str()), ("Charges[0].Statute", "HS 11359"));
    assert_eq!(charge.level, Level::Felony);
    assert_eq!(charge.level_field.as_deref(), Some("Charges[0].Degree.Word"));
    assert_eq!(charge.disposition, Disposition::Convicted);
    let raw = charge.disposition_raw.as_ref().unwrap();
    assert_eq!(raw.field, "Events[0].Dispositions[0].Word");
    assert_eq!(raw.text, "CONV (Convicted - Plea Guilty)");
    assert_eq!(date(charge.disposition_date), Some((2009, 4, 15)));
    assert_eq!(charge.disposition_date_field.as_deref(), Some("Events[0].Date"));
    assert_eq!(charge.comment.as_ref().unwrap().text, "POSSESS MARIJUANA FOR SALE");
    assert_eq!(output.charge("09CR000101", "02").disposition, Disposition::Dismissed);
}

#[test]
fn cases_sentences() {
    let output = parse(&fixture("cases.jsonl"));
    let parts: Vec<_> = output
        .charge("09CR000101", "01")
        .sentence
        .iter()
        .map(|part| (part.kind, part.length, part.unit, part.raw.as_str()))
        .collect();
    assert_eq!(
        parts,
        [
            (SentenceKind::Jail, Some(90), TimeUnit::Days, "JAIL 90 Days"),
            (SentenceKind::Probation, Some(36), TimeUnit::Months, "PROBATION 36 Months"),
        ]
    );
    assert!(output.charge("09CR000101", "02").sentence.is_empty());

    let prison = &output.charge("12CR000202", "10").sentence;
    assert_eq!(prison.len(), 1, "the deleted sentence event is ignored");
    assert_eq!((prison[0].kind, prison[0].length, prison[0].unit), (SentenceKind::Prison, Some(2), TimeUnit::Years));
    let fine = &output.charge("12CR000202", "11").sentence;
    assert_eq!((fine[0].kind, fine[0].length, fine[0].raw.as_str()), (SentenceKind::Fine, None, "FINE Amount 250"));
}

#[test]
fn charge_numbers_above_nine() {
    let output = parse(&fixture("cases.jsonl"));
    let counts: Vec<&str> = output.fragments("P90000002")[0].charges.iter().map(|c| c.count_id.as_str()).collect();
    assert_eq!(counts, ["01", "10", "11", "12"]);
    assert_eq!(output.charge("12CR000202", "01").disposition, Disposition::Dismissed);
    assert_eq!(output.charge("12CR000202", "10").disposition, Disposition::Convicted);
    assert_eq!(output.charge("12CR000202", "11").level, Level::Misdemeanor);
    assert_eq!(output.charge("12CR000202", "12").level, Level::Infraction);
}

#[test]
fn deleted_events_ignored() {
    let output = parse(&fixture("cases.jsonl"));
    let charge = output.charge("12CR000202", "11");
    assert_eq!(charge.disposition, Disposition::Convicted);
    assert_eq!(date(charge.disposition_date), Some((2012, 9, 14)));
    assert!(!charge.comment.as_ref().unwrap().text.contains("history"), "{:?}", charge.comment);
}

#[test]
fn charge_without_disposition_is_pending() {
    let output = parse(&fixture("cases.jsonl"));
    let charge = output.charge("12CR000202", "12");
    assert_eq!(charge.disposition, Disposition::Pending);
    assert!(charge.disposition_raw.is_none());
    assert!(charge.disposition_date.is_none());
    assert_eq!(charge.step_raw, "no disposition event");
}

#[test]
fn amended_disposition_supersedes() {
    let output = parse(&fixture("cases.jsonl"));
    let amended = output.charge("15CR000303", "01");
    assert_eq!(amended.disposition, Disposition::Dismissed);
    assert_eq!(date(amended.disposition_date), Some((2015, 6, 1)));
    assert_eq!(amended.disposition_raw.as_ref().unwrap().field, "Events[0].Dispositions[0].Word");
    let comment = amended.comment.as_ref().unwrap();
    assert_eq!(comment.field, "Charges[0].Description and notes");
    assert_eq!(
        comment.text,
        "SELL MARIJUANA; disposition history: 2015-04-01 sequence 1 CONV, 2015-06-01 sequence 3 amended DISM"
    );

    let diverted = output.charge("15CR000303", "02");
    assert_eq!(diverted.disposition, Disposition::Diverted);
    assert!(diverted.comment.as_ref().unwrap().text.ends_with("2015-06-01 sequence 3 DIV"));
}

/// The history in a comment must not change what the shared statute parser reads there.
#[test]
fn history_adds_no_citations() {
    let output = parse(&fixture("cases.jsonl"));
    for charge in output.charges() {
        let Some(comment) = &charge.comment else { continue };
        let notes = comment.text.split_once("; ").map_or("", |(_, notes)| notes);
        let parsed = statute::parse(notes);
        assert!(parsed.is_empty(), "notes {notes:?} give citations {parsed:?}");
    }
}

#[test]
fn charge_number_joins_without_zeros() {
    let output = parse(&fixture("cases.jsonl"));
    let charge = output.charge("16CR000404", "1");
    assert_eq!(charge.disposition, Disposition::Convicted);
}

#[test]
fn two_sections_kept_as_written() {
    let output = parse(&fixture("cases.jsonl"));
    let charge = output.charge("12CR000202", "10");
    assert_eq!(charge.charged.as_ref().unwrap().text, "HS 11359/11360");
    let sections: Vec<String> = statute::parse(&charge.charged.as_ref().unwrap().text)
        .all_citations()
        .map(|citation| citation.section.clone())
        .collect();
    assert_eq!(sections, ["11359", "11360"]);
}

#[test]
fn null_date_of_birth_is_missing() {
    let output = parse(&fixture("cases.jsonl"));
    assert!(output.fragments("P90000002")[0].date_of_birth.is_none());
    let birth = output.fragments("P90000003")[0].date_of_birth.as_ref().unwrap();
    assert_eq!((birth.year, birth.month, birth.day), (1994, Some(12), Some(5)));
}

#[test]
fn unknown_codes_reported() {
    let output = parse(&fixture("cases.jsonl"));
    let unmapped: Vec<_> = output
        .unmapped
        .iter()
        .map(|code| (code.table.as_str(), code.code.as_str(), code.description.as_deref(), code.row))
        .collect();
    assert_eq!(
        unmapped,
        [
            ("degrees", "FX", Some("Felony Wobbler"), 5),
            ("dispositions", "XFER", Some("Transferred To Other Court"), 5),
        ]
    );
    let charge = output.charge("18CR000505", "01");
    assert_eq!(charge.level, Level::Unknown);
    assert!(charge.level_field.is_none());
    assert_eq!(charge.disposition, Disposition::Unrecognized);
    assert_eq!(charge.disposition_raw.as_ref().unwrap().text, "XFER (Transferred To Other Court)");
    assert_eq!(
        charge.comment.as_ref().unwrap().text,
        "POSSESS MARIJUANA FOR SALE; degree not in the county's table: FX (Felony Wobbler)"
    );
    assert_eq!(output.charge("18CR000505", "02").disposition, Disposition::Unrecognized);
}

#[test]
fn cases_chunk_invariant() {
    assert_chunk_invariant(&alameda_options(), &fixture("cases.jsonl"));
}

#[test]
fn faults_diagnostics() {
    let output = parse(&fixture("faults.jsonl"));
    assert_rows(&output, 9, 5);
    let expected: Vec<(u64, Severity, &str, &str)> = vec![
        (2, Severity::Error, "invalid-json", ""),
        (3, Severity::Error, "missing-field", "Party.PartyId"),
        (4, Severity::Warning, "invalid-date", "Party.DateOfBirth"),
        (4, Severity::Warning, "invalid-date", "Charges[0].OffenseDate"),
        (4, Severity::Warning, "invalid-date", "Events[0].Date"),
        (5, Severity::Warning, "duplicate-charge", "Charges[1].ChargeNumber"),
        (5, Severity::Warning, "unknown-charge", "Events[0].Dispositions[1].ChargeNumber"),
        (5, Severity::Warning, "invalid-value", "Events[1].Sentences[0].Components[0].Duration.Value"),
        (5, Severity::Warning, "invalid-value", "Events[1].Sentences[0].Components[0].Duration.Unit"),
        (6, Severity::Error, "invalid-type", "Charges[0].ChargeNumber"),
        (8, Severity::Error, "invalid-type", "$"),
        (9, Severity::Warning, "missing-value", "Events[0].Dispositions[0].Word"),
        (10, Severity::Error, "missing-field", "Events[0].Type"),
    ];
    let expected: Vec<(u64, Severity, String, String)> =
        expected.into_iter().map(|(row, severity, code, field)| (row, severity, code.into(), field.into())).collect();
    assert_eq!(output.diagnostic_summary(), expected);
    assert_no_personal_data(&output, PERSONAL_VALUES);
}

#[test]
fn faults_messages() {
    let output = parse(&fixture("faults.jsonl"));
    let message = |row: u64| {
        output.diagnostics.iter().find(|diagnostic| diagnostic.row == row).map(|diagnostic| diagnostic.message.clone()).unwrap()
    };
    assert_eq!(message(2), "the line is not valid JSON: EOF while parsing a list at column 132");
    assert_eq!(message(3), "the required field Party.PartyId is missing, null or empty");
    assert_eq!(message(6), "Charges[0].ChargeNumber is a number, expected a string");
    assert_eq!(message(8), "$ is an array, expected an object");
}

#[test]
fn faults_used_rows() {
    let output = parse(&fixture("faults.jsonl"));
    let ids: Vec<&str> = output.subjects.iter().map(|subject| subject.id.as_str()).collect();
    assert_eq!(ids, ["P91000001", "P91000004", "P91000005", "P91000001"]);

    let bad_dates = output.charge("17CR000604", "01");
    assert!(bad_dates.cycle_date.is_none());
    assert!(bad_dates.disposition_date.is_none());
    assert!(bad_dates.disposition_date_field.is_none());
    assert_eq!(bad_dates.disposition, Disposition::Convicted);
    assert!(output.fragments("P91000004")[0].date_of_birth.is_none());

    let duplicate = output.fragments("P91000005")[0];
    assert_eq!(duplicate.charges.len(), 1);
    assert_eq!(duplicate.charges[0].charged.as_ref().unwrap().text, "HS 11358");
    let part = &duplicate.charges[0].sentence[0];
    assert_eq!((part.kind, part.length, part.unit), (SentenceKind::Jail, None, TimeUnit::Unknown));
    assert_eq!(part.raw, "JAIL \"ninety\" Weeks");

    let no_word = output.charge("17CR000609", "01");
    assert_eq!(no_word.disposition, Disposition::Unknown);
    assert!(no_word.disposition_raw.is_none());
    assert_eq!(no_word.rows, vec![9]);
    assert_eq!(no_word.county.as_deref(), Some("ALAMEDA"), "no CR left at the line end");
}

#[test]
fn faults_chunk_invariant() {
    assert_chunk_invariant(&alameda_options(), &fixture("faults.jsonl"));
}
