//! The adapter on the checked-in fixture files of invented people.

mod common;

use clearway_sdk::{Disposition, Level, PartialDate, StepKind};
use common::*;

fn date(date: Option<PartialDate>) -> Option<(u16, Option<u8>, Option<u8>)> {
    date.map(|date| (date.year, date.month, date.day))
}

fn ymd(year: u16, month: u8, day: u8) -> Option<(u16, Option<u8>, Option<u8>)> {
    Some((year, Some(month), Some(day)))
}

fn text(field: &Option<clearway_sdk::FieldText>) -> Option<(&str, &str)> {
    field.as_ref().map(|field| (field.field.as_str(), field.text.as_str()))
}

#[test]
fn sample_rows_all_used() {
    let output = parse(&fixture("sample.txt"));
    assert_rows_accounted(&output, 9);
    assert!(output.diagnostics.is_empty(), "{:?}", output.diagnostics);
}

#[test]
fn sample_people_spread_through_file() {
    let output = parse(&fixture("sample.txt"));
    let ids: Vec<&str> = output.subjects.iter().map(|subject| subject.id.as_str()).collect();
    assert_eq!(ids, ["500101", "500202", "500101", "500303", "500404", "500505", "500101"]);
    let rowan_rows: Vec<u64> = output
        .subjects
        .iter()
        .filter(|subject| subject.id == "500101")
        .flat_map(|subject| &subject.charges)
        .filter(|charge| charge.step == StepKind::Court)
        .flat_map(|charge| charge.rows.clone())
        .collect();
    assert_eq!(rowan_rows, [2, 5, 10]);
}

#[test]
fn sample_conviction_fields() {
    let output = parse(&fixture("sample.txt"));
    let court = output.court_at(2);
    assert_eq!(court.cycle_id, "00012345");
    assert_eq!(court.case_number.as_deref(), Some("00012345"));
    assert_eq!(court.count_id, "00012345-01-1");
    assert_eq!(court.county.as_deref(), Some("SAN FRANCISCO"));
    assert_eq!(court.step_raw, "COURT");
    assert_eq!(text(&court.charged), Some(("Current Charge", "11357(C)HS")));
    assert!(court.convicted.is_none());
    assert_eq!(text(&court.comment), Some(("Current Charge Description", "POSSESS MARIJUANA 28.5 GRAMS OR LESS")));
    assert_eq!(court.level, Level::Misdemeanor);
    assert_eq!(court.level_field.as_deref(), Some("Current Level"));
    assert_eq!(court.disposition, Disposition::Convicted);
    assert_eq!(text(&court.disposition_raw), Some(("Chg Disp", "110 PLEA GUILTY")));
    assert_eq!(date(court.disposition_date), ymd(1999, 4, 20));
    assert_eq!(court.disposition_date_field.as_deref(), Some("Ch Dispo Date"));
    assert_eq!(date(court.step_date), ymd(1999, 4, 20));
    assert_eq!(date(court.cycle_date), ymd(1999, 3, 8));
    assert!(court.sentence.is_empty());
}

#[test]
fn sample_person_fields() {
    let output = parse(&fixture("sample.txt"));
    let rowan = output.subject_at(2);
    assert_eq!(rowan.name.as_deref(), Some("QUILLFEATHER, ROWAN T JR"));
    assert_eq!(date(rowan.date_of_birth), ymd(1980, 7, 15));
    // A Windows-1252 right single quotation mark (byte 0x92) in the name.
    let maeve = output.subject_at(3);
    assert_eq!(maeve.name.as_deref(), Some("O\u{2019}BRIANNE, MAEVE"));
    assert_eq!(date(maeve.date_of_birth), ymd(1984, 2, 29));
    assert!(output.subject_at(9).date_of_birth.is_none());
}

#[test]
fn two_digit_years_either_side_of_2000() {
    let output = parse(&fixture("sample.txt"));
    assert_eq!(date(output.court_at(2).cycle_date), ymd(1999, 3, 8));
    assert_eq!(date(output.court_at(3).cycle_date), ymd(2003, 1, 9));
    assert_eq!(date(output.court_at(5).cycle_date), ymd(2019, 2, 1));
    // Born in 02, with events in 2020: 2002 is 10 years before them, so 2002 it is.
    assert_eq!(date(output.subject_at(7).date_of_birth), ymd(2002, 3, 5));
    assert_eq!(date(output.subject_at(6).date_of_birth), ymd(1985, 12, 12));
}

#[test]
fn reduction_under_17b() {
    let output = parse(&fixture("sample.txt"));
    let court = output.court_at(3);
    assert_eq!(court.disposition, Disposition::Convicted);
    assert_eq!(court.level, Level::Misdemeanor);
    assert_eq!(court.level_field.as_deref(), Some("Chg Disp"));
    assert_eq!(text(&court.disposition_raw), Some(("Chg Disp", "150 CONVICTED - REDUCED 17(B) PC")));
    let booking = output.booking_at(3).expect("booking entry");
    assert_eq!(booking.level, Level::Felony);
    assert_eq!(text(&booking.charged), Some(("Booked Charge", "11359HS")));
}

#[test]
fn charges_numbered_within_case() {
    let output = parse(&fixture("sample.txt"));
    assert_eq!(output.court_at(3).count_id, "00012346-01-1");
    assert_eq!(output.court_at(4).count_id, "00012346-01-2");
    assert_eq!(output.court_at(4).disposition, Disposition::Dismissed);
    assert_eq!(output.court_at(9).count_id, "00012350-01-1");
    assert_eq!(output.court_at(10).count_id, "00012350-02-1");
}

#[test]
fn pending_charge() {
    let output = parse(&fixture("sample.txt"));
    let court = output.court_at(5);
    assert_eq!(court.disposition, Disposition::Pending);
    assert!(court.disposition_raw.is_none());
    assert!(court.disposition_date.is_none());
    assert!(court.disposition_date_field.is_none());
    assert_eq!(date(court.step_date), ymd(2019, 2, 20));
    assert_eq!(court.level, Level::Felony);
    assert_eq!(court.level_field.as_deref(), Some("Charge Level"));
}

#[test]
fn booking_entry_shares_cycle() {
    let output = parse(&fixture("sample.txt"));
    let court = output.court_at(6);
    let booking = output.booking_at(6).expect("booking entry");
    assert_eq!(text(&court.charged), Some(("Current Charge", "148(A)(1)PC")));
    assert_eq!(booking.step, StepKind::Arrest);
    assert_eq!(booking.step_raw, "BOOKED");
    assert_eq!(booking.cycle_id, court.cycle_id);
    assert_eq!(booking.count_id, court.count_id);
    assert_eq!(text(&booking.charged), Some(("Booked Charge", "11359HS")));
    assert_eq!(booking.disposition, Disposition::Unknown);
    assert_eq!(date(booking.step_date), ymd(2012, 6, 30));
    assert_eq!(booking.level_field.as_deref(), Some("Booked Charge Level"));
    assert!(output.booking_at(8).is_none(), "a row without Booked Charge has no booking entry");
}

#[test]
fn unknown_code_unrecognized_and_reported() {
    let output = parse(&fixture("sample.txt"));
    let court = output.court_at(7);
    assert_eq!(court.disposition, Disposition::Unrecognized);
    assert_eq!(text(&court.disposition_raw), Some(("Chg Disp", "999 DISMISSED - INTEREST OF JUSTICE")));
    assert_eq!(output.unmapped.len(), 1);
    let unmapped = &output.unmapped[0];
    assert_eq!(unmapped.table, "dispositions");
    assert_eq!(unmapped.code, "999");
    assert_eq!(unmapped.description.as_deref(), Some("DISMISSED - INTEREST OF JUSTICE"));
    assert_eq!(unmapped.row, 7);
}

#[test]
fn other_dispositions_mapped() {
    let output = parse(&fixture("sample.txt"));
    assert_eq!(output.court_at(8).disposition, Disposition::Diverted);
    assert_eq!(output.court_at(9).disposition, Disposition::Acquitted);
    assert_eq!(output.court_at(10).disposition, Disposition::Convicted);
}

#[test]
fn ssn_and_licence_never_copied() {
    let output = parse(&fixture("sample.txt"));
    let everything = format!("{output:?}");
    for value in ["900112222", "900223333", "900445555", "F1111111", "F2222222", "0098765432", "FB12345"] {
        assert!(!everything.contains(value), "output contains {value}");
    }
}

#[test]
fn lf_file_matches_crlf_file() {
    let crlf = parse(&fixture("sample.txt"));
    let lf = parse(&fixture("sample-lf.txt"));
    assert_eq!(format!("{lf:?}"), format!("{crlf:?}"));
}

#[test]
fn sample_chunk_invariant() {
    assert_chunk_invariant(&fixture("sample.txt"));
    assert_chunk_invariant(&fixture("sample-lf.txt"));
}

#[test]
fn faults_accounted() {
    let output = parse(&fixture("faults.txt"));
    assert_rows_accounted(&output, 8);
    assert_eq!(output.rows_used, 3);
    let errors: Vec<(u64, &str, Option<&str>)> = output
        .errors()
        .iter()
        .map(|diagnostic| (diagnostic.row, diagnostic.code.as_str(), diagnostic.field.as_deref()))
        .collect();
    assert_eq!(
        errors,
        [
            (3, "missing-eor", None),
            (4, "missing-value", Some("SFNO")),
            (5, "invalid-value", Some("Current Level")),
            (8, "field-count", None),
            (9, "invalid-value", Some("Court Number")),
        ]
    );
}

#[test]
fn faults_warnings_keep_row() {
    let output = parse(&fixture("faults.txt"));
    assert_eq!(output.codes_at(7), ["invalid-cii", "invalid-date", "invalid-date", "level-conflict"]);
    let fields: Vec<Option<&str>> =
        output.diagnostics.iter().filter(|diagnostic| diagnostic.row == 7).map(|diagnostic| diagnostic.field.as_deref()).collect();
    assert_eq!(fields, [Some("CII"), Some("Dispo Date"), Some("1st Filed"), Some("Current Level")]);
    let court = output.court_at(7);
    assert_eq!(court.level, Level::Misdemeanor);
    assert_eq!(court.level_field.as_deref(), Some("Chg Disp"));
    assert_eq!(date(court.disposition_date), ymd(2018, 5, 1));
}

#[test]
fn undefined_and_control_bytes_replaced() {
    let output = parse(&fixture("faults.txt"));
    assert_eq!(output.codes_at(10), ["invalid-character"]);
    assert_eq!(output.diagnostics.iter().find(|d| d.row == 10).and_then(|d| d.field.as_deref()), Some("Current Charge Description"));
    let comment = output.court_at(10).comment.as_ref().expect("comment");
    assert_eq!(comment.text, "POSSESS\u{FFFD}MARI\u{FFFD}UANA");
}

#[test]
fn faults_chunk_invariant() {
    assert_chunk_invariant(&fixture("faults.txt"));
}

#[test]
fn diagnostics_omit_personal_data() {
    let output = parse(&fixture("faults.txt"));
    assert!(!output.diagnostics.is_empty());
    for diagnostic in &output.diagnostics {
        for value in ["MARLOWE", "JUNE", "BRANT", "OTIS", "500404", "500303", "030502", "121285", "A123", "O50118"] {
            assert!(!diagnostic.message.contains(value), "message repeats personal data: {}", diagnostic.message);
        }
    }
}
