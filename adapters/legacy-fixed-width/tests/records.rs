//! The adapter on small files built record by record, one rule each.

mod common;

use clearway_adapter_legacy_fixed_width::LegacyFixedWidth;
use clearway_sdk::{Adapter, OpenSettings, Severity, StepKind};
use common::*;

const FRESNO: &str = "10";

/// Moves everything after column 1 one column right, dropping the last character.
fn shift_right(record: &[u8]) -> Vec<u8> {
    let mut shifted = vec![record[0], b' '];
    shifted.extend_from_slice(&record[1..record.len() - 1]);
    shifted
}

/// Moves everything after column 2 one column left, padding the end with a space.
fn shift_left(record: &[u8]) -> Vec<u8> {
    let mut shifted = vec![record[0]];
    shifted.extend_from_slice(&record[2..]);
    shifted.push(b' ');
    shifted
}

fn ordinary_person() -> Vec<Vec<u8>> {
    vec![
        person("0000000001", "800101", "N", "N"),
        case("0000000001", "F15000001", "150102"),
        charge("F15000001", "01", &[]),
    ]
}

#[test]
fn shifted_records_fail_field_checks() {
    let [person_row, case_row, charge_row] = <[Vec<u8>; 3]>::try_from(ordinary_person()).unwrap();
    let cases: Vec<(&str, Vec<Vec<u8>>, u64, &str)> = vec![
        ("P right", vec![shift_right(&person_row)], 2, "person_number"),
        ("P left", vec![shift_left(&person_row)], 2, "person_number"),
        ("C right", vec![person_row.clone(), shift_right(&case_row)], 3, "person_number"),
        ("C left", vec![person_row.clone(), shift_left(&case_row)], 3, "person_number"),
        ("K right", vec![person_row.clone(), case_row.clone(), shift_right(&charge_row)], 4, "case_number"),
        ("K left", vec![person_row.clone(), case_row.clone(), shift_left(&charge_row)], 4, "charge_sequence"),
    ];
    for (name, records, line, field) in cases {
        let output = parse(&file(header("200115", FRESNO), &records));
        assert_eq!(output.error, None, "{name}");
        let error = output.error_at(line);
        assert_eq!(error.code, "invalid-field", "{name}");
        assert_eq!(error.field.as_deref(), Some(field), "{name}");
    }
}

#[test]
fn whole_record_shift_fails_record_type() {
    let mut records = ordinary_person();
    let mut shifted = vec![b' '];
    shifted.extend_from_slice(&records[2][..119]);
    records[2] = shifted;
    let output = parse(&file(header("200115", FRESNO), &records));
    assert_eq!(
        output.error_codes(),
        vec![(4, "record-type"), (3, "case-without-charges")],
        "the case has no other charge, so it is rejected with it"
    );
    assert_eq!(output.error_at(4).field.as_deref(), Some("record_type"));
}

#[test]
fn every_charge_field_is_checked() {
    let cases: &[(usize, &str, &str, &str)] = &[
        (14, "00", "charge_sequence", "invalid-field"),
        (16, "XX ", "code", "invalid-field"),
        (19, "(C)11357    ", "section", "invalid-field"),
        (19, "            ", "section", "invalid-field"),
        (31, "m", "level", "invalid-field"),
        (32, "cv", "disposition", "invalid-field"),
        (34, "151301", "disposition_date", "invalid-date"),
        (34, "150229", "disposition_date", "invalid-date"),
        (40, "003 ", "jail_days", "invalid-field"),
        (44, "O12", "probation_months", "invalid-field"),
        (47, "-01", "prison_months", "invalid-field"),
        (50, " POSS", "description", "invalid-field"),
    ];
    let mut records = ordinary_person();
    for (index, (column, value, _, _)) in cases.iter().enumerate() {
        let sequence = format!("{:02}", index + 2);
        records.push(charge("F15000001", &sequence, &[(*column, value)]));
    }
    let output = parse(&file(header("200115", FRESNO), &records));
    assert_eq!(output.errors().len(), cases.len());
    for (index, (_, value, field, code)) in cases.iter().enumerate() {
        let error = output.error_at(index as u64 + 5);
        assert_eq!(error.code, *code, "value {value:?}");
        assert_eq!(error.field.as_deref(), Some(*field), "value {value:?}");
        // Values shorter than 3 characters occur inside ordinary words of any message.
        if value.trim().len() >= 3 {
            assert!(!error.message.contains(value.trim()), "message repeats the value {value:?}");
        }
    }
    assert_eq!(output.rows_used, 3);
}

#[test]
fn every_person_field_is_checked() {
    let cases: &[(usize, &str, &str)] = &[
        (2, "00000000A1", "person_number"),
        (12, "                    ", "last_name"),
        (62, "ESQ", "suffix"),
        (65, "801232", "date_of_birth"),
        (80, "X", "deceased"),
        (81, " ", "pc_290_registrant"),
    ];
    for (column, value, field) in cases {
        let mut records = ordinary_person();
        let mut row = records[0].clone();
        row[column - 1..column - 1 + value.len()].copy_from_slice(value.as_bytes());
        records[0] = row;
        let output = parse(&file(header("200115", FRESNO), &records));
        assert_eq!(output.error_at(2).field.as_deref(), Some(*field), "value {value:?}");
        assert_eq!(output.error_at(3).code, "parent-rejected", "value {value:?}");
        assert_eq!(output.error_at(4).code, "parent-rejected", "value {value:?}");
        assert!(output.subjects.is_empty(), "value {value:?}");
        assert_eq!(output.rows_read, 3);
    }
}

#[test]
fn tab_is_allowed_but_not_other_controls() {
    let descriptions = ["POSS\tMARIJUANA", "POSS\u{7F}MARIJUANA", "POSS\u{9F}MARIJUANA", "POSS\u{A0}MARIJUANA \u{FF}"];
    let mut records = ordinary_person();
    for (index, description) in descriptions.iter().enumerate() {
        let sequence = format!("{:02}", index + 2);
        records.push(charge("F15000001", &sequence, &[(50, &format!("{description:40}"))]));
    }
    let output = parse(&file(header("200115", FRESNO), &records));
    assert_eq!(output.error_codes(), vec![(6, "control-character"), (7, "control-character")]);
    let description = |line| output.charge_at(line).charged.as_ref().unwrap().text.clone();
    assert_eq!(description(5), "11357(C) HS-POSS\tMARIJUANA");
    assert_eq!(description(8), "11357(C) HS-POSS\u{A0}MARIJUANA \u{FF}");
}

#[test]
fn stray_carriage_return_is_a_control_character() {
    let mut records = ordinary_person();
    records.push(charge("F15000001", "02", &[(50, "POSS\rMARIJUANA")]));
    let output = parse(&file(header("200115", FRESNO), &records));
    assert_eq!(output.error_codes(), vec![(5, "control-character")]);
}

#[test]
fn very_long_line_is_rejected_by_length() {
    let mut records = ordinary_person();
    records.insert(2, vec![b'K'; 5000]);
    let input = file(header("200115", FRESNO), &records);
    let output = parse(&input);
    assert_eq!(output.error_codes(), vec![(4, "record-length")]);
    assert!(output.error_at(4).message.starts_with("the record is longer than 1024 characters"));
    assert_eq!(output.rows_used, 3);
    assert_chunk_invariant(&input);
}

#[test]
fn charge_after_rejected_case_has_no_parent() {
    let records = vec![
        person("0000000001", "800101", "N", "N"),
        case("0000000001", "F15000001", "150102"),
        charge("F15000001", "01", &[]),
        case("0000000001", "F15000002", "151399"),
        charge("F15000002", "01", &[]),
        charge("F15000001", "02", &[]),
    ];
    let output = parse(&file(header("200115", FRESNO), &records));
    assert_eq!(
        output.error_codes(),
        vec![(5, "invalid-date"), (6, "parent-rejected"), (7, "parent-rejected")],
        "a charge of the earlier case after a rejected case does not join the earlier case"
    );
    assert_eq!(output.rows_used, 3);
}

#[test]
fn records_after_trailer_are_out_of_order() {
    let mut input = file(header("200115", FRESNO), &ordinary_person());
    input.extend_from_slice(&person("0000000002", "800101", "N", "N"));
    input.push(b'\n');
    input.extend_from_slice(&trailer(0));
    input.push(b'\n');
    let output = parse(&input);
    assert_eq!(output.error, None);
    assert_eq!(output.error_codes(), vec![(6, "record-order"), (7, "record-order")]);
    assert_eq!(output.rows_read, 5);
    assert_eq!(output.subjects.len(), 1);
    assert_chunk_invariant(&input);
}

#[test]
fn trailer_without_line_end_is_read() {
    let mut input = file(header("200115", FRESNO), &ordinary_person());
    input.pop();
    let output = parse(&input);
    assert_eq!(output.error, None);
    assert_eq!(output.subjects.len(), 1);
    let warnings: Vec<(u64, &str)> = output
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == Severity::Warning)
        .map(|diagnostic| (diagnostic.row, diagnostic.code.as_str()))
        .collect();
    assert_eq!(warnings, vec![(5, "missing-line-end")]);
    assert_chunk_invariant(&input);
}

#[test]
fn invalid_trailer_is_an_error() {
    let mut input = file(header("200115", FRESNO), &ordinary_person());
    let trailer_start = input.len() - 121;
    input[trailer_start + 5] = b'X';
    let output = parse(&input);
    assert_eq!(
        output.error.as_deref(),
        Some("line 5: the T trailer record is invalid at columns 2-10 (record_count): expected digits in every column (zero-padded), found another character")
    );
}

#[test]
fn header_problems_make_input_unusable() {
    let records = ordinary_person();
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (header("200115", "00"), "columns 8-9 (county_code): expected a number from 1 to 58"),
        (header("200115", "59"), "columns 8-9 (county_code): expected a number from 1 to 58"),
        (header("201315", FRESNO), "columns 2-7 (extract_date): expected a date YYMMDD; the month is not 01 to 12"),
        (header("010229", FRESNO), "columns 2-7 (extract_date): expected a date YYMMDD; the day is not in the month"),
        (records[0].clone(), "the first record is not an H header record"),
        (header("200115", FRESNO)[..100].to_vec(), "the record is 100 characters long"),
    ];
    for (first, expected) in cases {
        let input = file(first, &records);
        let output = parse(&input);
        let error = output.error.as_deref().expect("the header is unusable");
        assert!(error.starts_with("line 1: "), "{error}");
        assert!(error.contains(expected), "{error}");
        assert!(output.subjects.is_empty());
        assert_chunk_invariant(&input);
    }
}

#[test]
fn empty_input_is_an_error() {
    let output = parse(b"");
    assert_eq!(
        output.error.as_deref(),
        Some("the input is empty: a legacy fixed-width extract starts with an H header record")
    );
}

#[test]
fn county_code_names_the_county() {
    for (code, county) in [("01", "ALAMEDA"), ("19", "LOS ANGELES"), ("38", "SAN FRANCISCO"), ("58", "YUBA")] {
        let output = parse(&file(header("200115", code), &ordinary_person()));
        assert_eq!(output.charge_at(4).county.as_deref(), Some(county), "code {code}");
    }
}

#[test]
fn birth_too_late_for_events_is_a_warning() {
    // Born 2014 or 1914; a 2015 event rules out 2014 and a 2015 extract rules out nothing
    // else, so 1914 is the birth year.
    let records = vec![
        person("0000000001", "140101", "N", "N"),
        case("0000000001", "F15000001", "150102"),
        charge("F15000001", "01", &[]),
    ];
    let output = parse(&file(header("200115", FRESNO), &records));
    assert_eq!(output.subjects[0].date_of_birth.map(|date| date.year), Some(1914));

    // 29 February 2000 is less than 10 years before a 2009 event, and 1900 has no 29 February.
    let records = vec![
        person("0000000001", "000229", "N", "N"),
        case("0000000001", "F09000001", "090102"),
        charge("F09000001", "01", &[(34, "090310")]),
    ];
    let output = parse(&file(header("200115", FRESNO), &records));
    assert!(output.subjects[0].date_of_birth.is_none());
    let warning = &output.diagnostics[0];
    assert_eq!((warning.row, warning.code.as_str()), (2, "invalid-date"));
    assert_eq!(warning.severity, Severity::Warning);
    assert_eq!(output.rows_used, 3);
}

#[test]
fn birth_without_events_is_ten_years_before_extract() {
    let records = vec![person("0000000001", "100115", "N", "N"), person("0000000002", "100116", "N", "N")];
    let output = parse(&file(header("200115", FRESNO), &records));
    let years: Vec<Option<u16>> =
        output.subjects.iter().map(|subject| subject.date_of_birth.map(|date| date.year)).collect();
    assert_eq!(years, vec![Some(2010), Some(1910)]);
}

#[test]
fn event_dates_never_follow_extract() {
    let records = vec![
        person("0000000001", "700101", "N", "N"),
        case("0000000001", "F20000001", "200115"),
        charge("F20000001", "01", &[(34, "200116")]),
    ];
    let output = parse(&file(header("200115", FRESNO), &records));
    let charge = output.charge_at(4);
    assert_eq!(charge.step_date.map(|date| date.year), Some(2020));
    assert_eq!(charge.disposition_date.map(|date| date.year), Some(1920));
}

#[test]
fn flags_row_counts_once() {
    let records = vec![person("0000000001", "700101", "Y", "Y")];
    let output = parse(&file(header("200115", FRESNO), &records));
    assert_eq!(output.rows_read, 1);
    assert_eq!(output.rows_used, 1);
    let steps: Vec<StepKind> = output.subjects[0].charges.iter().map(|charge| charge.step).collect();
    assert_eq!(steps, [StepKind::Deceased, StepKind::Registration]);
}

#[test]
fn options_are_rejected() {
    let settings = OpenSettings::new(r#"{"encoding":"latin1"}"#, (2021, 7, 1));
    let error = LegacyFixedWidth::open(&settings).err().expect("an unknown key is rejected");
    assert_eq!(
        error,
        "unknown key `encoding` in [adapter.options]: the legacy-fixed-width adapter has no options, so remove it"
    );
    assert!(LegacyFixedWidth::open(&OpenSettings::new("{ }", (2021, 7, 1))).is_ok());
}

#[test]
fn truncated_input_still_reports_row_errors() {
    let records = vec![
        person("0000000001", "800101", "N", "N"),
        case("0000000001", "F15000001", "150102"),
        charge("F15000001", "01", &[(34, "151345")]),
    ];
    let mut input = header("200115", FRESNO);
    for record in &records {
        input.push(b'\n');
        input.extend_from_slice(record);
    }
    input.push(b'\n');
    for chunk_size in [1, 7, MIB] {
        let output = parse_in_chunks(&input, chunk_size);
        assert!(output.error.is_some(), "chunks of {chunk_size}: no trailer, so the input is incomplete");
        assert_eq!(output.error_codes(), vec![(4, "invalid-date")], "chunks of {chunk_size}");
        assert!(output.subjects.is_empty(), "chunks of {chunk_size}: the last person may be cut short");
    }
}

#[test]
fn damaged_bytes_give_diagnostics_not_panics() {
    let original = fixture("faults.txt");
    // A fixed linear congruential generator, so that every run damages the same bytes.
    let mut state: u64 = 0x5EED;
    let mut next = move || {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize
    };
    for round in 0..200 {
        let mut input = original.clone();
        for _ in 0..1 + round % 8 {
            let position = next() % input.len();
            match next() % 3 {
                0 => input[position] = (next() % 256) as u8,
                1 => {
                    input.remove(position);
                }
                _ => input.insert(position, (next() % 256) as u8),
            }
        }
        // parse_in_chunks checks every batch's row accounting.
        let whole = parse_in_chunks(&input, MIB);
        let chunked = parse_in_chunks(&input, 1 + round % 13);
        assert_eq!(format!("{chunked:?}"), format!("{whole:?}"), "round {round}");
    }
}
