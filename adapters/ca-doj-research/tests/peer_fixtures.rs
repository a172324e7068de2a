//! The adapter on research files written by another team (Code for America's gogen and
//! gogen_pilots): the four checked in beside these tests, and the whole shared set of peer
//! fixtures when it is present beside the repository.

mod common;

use clearway_sdk::{Disposition, Level, SentenceKind, Severity, StepKind, TimeUnit};
use common::*;

/// Data rows (all rows but a header) in each peer fixture, counted with a separate CSV
/// reader.
const DATA_ROWS: &[(&str, u64)] = &[
    ("gogen/bad.csv", 37),
    ("gogen/configurable_flow.input.csv", 38),
    ("gogen/extra_comma.csv", 38),
    ("gogen/no_headers.csv", 38),
    ("gogen/generated/los_angeles_sample.csv", 1000),
    ("gogen/generated/san_joaquin_sample.csv", 1000),
    ("gogen_pilots/bad.csv", 39),
    ("gogen_pilots/extra_comma.csv", 38),
    ("gogen_pilots/los_angeles.input.csv", 35),
    ("gogen_pilots/no_headers.csv", 38),
];

/// Returns every available fixture with its expected data-row count: the checked-in copies
/// always, and the shared ones when present.
fn all_fixtures() -> Vec<(String, Vec<u8>, u64)> {
    let mut fixtures: Vec<(String, Vec<u8>, u64)> = [
        "bad.csv",
        "configurable_flow.input.csv",
        "extra_comma.csv",
        "no_headers.csv",
    ]
    .iter()
    .map(|name| {
        let rows = DATA_ROWS
            .iter()
            .find(|(path, _)| path.ends_with(name))
            .map(|(_, rows)| *rows)
            .unwrap();
        (format!("checked-in {name}"), checked_in_fixture(name), rows)
    })
    .collect();
    if let Some(dir) = peer_fixture_dir() {
        for (path, rows) in DATA_ROWS {
            let bytes = std::fs::read(dir.join(path))
                .unwrap_or_else(|error| panic!("cannot read {path}: {error}"));
            fixtures.push((path.to_string(), bytes, *rows));
        }
    } else {
        eprintln!("the shared peer fixtures are absent; only the checked-in copies are tested");
    }
    fixtures
}

#[test]
fn every_fixture_accounts_for_rows() {
    for (name, bytes, rows) in all_fixtures() {
        let output = parse(&bytes);
        println!(
            "{name}: {} subjects, {} diagnostics",
            output.subjects.len(),
            output.diagnostics.len()
        );
        assert_rows_accounted(&output, rows);
    }
}

#[test]
fn every_fixture_chunk_invariant() {
    for (name, bytes, _) in all_fixtures() {
        println!("{name}");
        assert_chunk_invariant(&bytes);
    }
}

#[test]
fn bad_rejects_every_data_row() {
    let output = parse(&checked_in_fixture("bad.csv"));
    let errors = output.errors();
    let lines: Vec<u64> = errors.iter().map(|diagnostic| diagnostic.row).collect();
    assert_eq!(lines, (2..=38).collect::<Vec<u64>>());
    for error in &errors {
        assert_eq!(error.code, "field-count");
        assert_eq!(
            error.message,
            "expected 95 fields, found 94; fields are never shifted to fit"
        );
    }
    assert!(output.subjects.is_empty());
    let header_warnings = output.diagnostics_at(1);
    assert_eq!(header_warnings.len(), 1);
    assert_eq!(header_warnings[0].code, "header-field-count");
    assert_eq!(header_warnings[0].severity, Severity::Warning);
}

#[test]
fn pilots_bad_rejects_unlabelled_header() {
    let Some(dir) = peer_fixture_dir() else {
        eprintln!("the shared peer fixtures are absent; skipped");
        return;
    };
    let output = parse(&std::fs::read(dir.join("gogen_pilots/bad.csv")).unwrap());
    let errors = output.errors();
    let lines: Vec<u64> = errors.iter().map(|diagnostic| diagnostic.row).collect();
    assert_eq!(lines, (1..=39).collect::<Vec<u64>>());
    // The first line contains column names shifted by one, so it is a data row with a column
    // name in CNT_ORDER.
    assert_eq!(errors[0].code, "invalid-value");
    assert_eq!(errors[0].field.as_deref(), Some("CNT_ORDER"));
    assert!(errors[1..].iter().all(|error| error.code == "field-count"));
}

#[test]
fn extra_comma_header_accepted() {
    let output = parse(&checked_in_fixture("extra_comma.csv"));
    assert!(output.diagnostics.is_empty(), "{:?}", output.diagnostics);
    assert_eq!(output.rows_read, 38);
    let first = output.charge_at(2);
    assert_eq!(first.rows, vec![2]);
    assert_eq!(first.county.as_deref(), Some("SAN JOAQUIN"));
    assert!(output.charges().any(|charge| charge.rows == vec![39]));
}

#[test]
fn no_headers_first_line_is_data() {
    let output = parse(&checked_in_fixture("no_headers.csv"));
    assert!(output.errors().is_empty(), "{:?}", output.errors());
    assert_eq!(output.rows_read, 38);
    let first = output.charge_at(1);
    assert_eq!(first.step, StepKind::Arrest);
    assert_eq!(output.subjects[0].name.as_deref(), Some("SKYWALKER,LUKE S"));
}

#[test]
fn configurable_flow_fields() {
    let output = parse(&checked_in_fixture("configurable_flow.input.csv"));
    assert!(output.diagnostics.is_empty(), "{:?}", output.diagnostics);
    assert_eq!(output.subjects.len(), 13);

    let luke = &output.subjects[0];
    assert_eq!(luke.id, "18675309");
    let dob = luke.date_of_birth.as_ref().expect("date of birth");
    assert_eq!((dob.year, dob.month, dob.day), (1960, Some(3), Some(14)));
    assert_eq!(luke.charges.len(), 6);

    let arrest = output.charge_at(2);
    assert_eq!(arrest.step, StepKind::Arrest);
    assert_eq!(arrest.step_raw, "ARREST/DETAINED/CITED");
    assert_eq!(arrest.disposition, Disposition::Other);
    assert_eq!(
        arrest.disposition_raw.as_ref().map(|raw| raw.text.as_str()),
        Some("REL/TOT OTHER JURIS/AUTH")
    );
    assert_eq!(arrest.county.as_deref(), Some("SACRAMENTO"));
    assert_eq!(arrest.case_number.as_deref(), Some("140189"));
    assert_eq!(arrest.level, Level::Felony);
    assert_eq!(arrest.level_field.as_deref(), Some("CONV_STAT_DESCR"));
    assert_eq!(arrest.count_id, "101001001000");
    // CYC_ORDER is the filler `x`, so the cycle number comes from CNT_ORDER.
    assert_eq!(arrest.cycle_id, "101");
    assert_eq!(arrest.cycle_age, Some(23));
    assert!(arrest.sentence.is_empty());

    let jail = output.charge_at(3);
    assert_eq!(jail.disposition, Disposition::Convicted);
    assert_eq!(jail.case_number, None, "OFN is the filler NULL");
    let date = jail.disposition_date.as_ref().expect("disposition date");
    assert_eq!((date.year, date.month, date.day), (1979, Some(6), Some(1)));
    assert_eq!(jail.disposition_date_field.as_deref(), Some("DISP_DATE"));
    assert_eq!(jail.sentence.len(), 1);
    assert_eq!(jail.sentence[0].kind, SentenceKind::Jail);
    assert_eq!(jail.sentence[0].length, Some(90));
    assert_eq!(jail.sentence[0].unit, TimeUnit::Days);

    let deceased = output.charge_at(5);
    assert_eq!(deceased.step, StepKind::Deceased);
    assert_eq!(deceased.disposition, Disposition::Unknown);
    assert!(deceased.disposition_raw.is_none());
    assert!(deceased.disposition_date.is_none());

    let registration = output.charge_at(10);
    assert_eq!(registration.step, StepKind::Registration);
    assert_eq!(
        registration.charged.as_ref().map(|text| text.text.as_str()),
        Some("290 PC-REGISTRATION OF SEX OFFENDER")
    );
    assert_eq!(registration.level, Level::Unknown);
    assert_eq!(registration.level_field, None);
    assert!(
        registration.sentence.is_empty(),
        "tab-only SENT_TIME_DESCR is empty"
    );

    let see_comment = output.charge_at(13);
    assert!(see_comment.charged.is_none());
    let comment = see_comment.comment.as_ref().expect("comment");
    assert_eq!(comment.field, "COMMENT_TEXT");
    assert_eq!(comment.text, "11358 HS-CULTIVATE CANNABIS");

    let toc_only = output.charge_at(32);
    assert_eq!(toc_only.level, Level::Felony);
    assert_eq!(toc_only.level_field.as_deref(), Some("OFFENSE_TOC"));

    let blank_offense = output.charge_at(34);
    assert!(blank_offense.charged.is_none());
    assert_eq!(blank_offense.disposition, Disposition::Unknown);
}

#[test]
fn generated_multi_part_sentence_merged() {
    let Some(dir) = peer_fixture_dir() else {
        eprintln!("the shared peer fixtures are absent; skipped");
        return;
    };
    let output = parse(&std::fs::read(dir.join("gogen/generated/los_angeles_sample.csv")).unwrap());
    assert!(
        output.diagnostics.is_empty(),
        "{:?}",
        output.diagnostics.first()
    );
    assert_eq!(output.subjects.len(), 9);
    assert_eq!(
        output.charges().count(),
        942,
        "distinct (subject, CNT_ORDER) pairs"
    );

    let merged = output.charge_at(202);
    assert_eq!(merged.rows, vec![202, 203, 204]);
    assert_eq!(merged.count_id, "103002002000");
    let lengths: Vec<Option<u32>> = merged.sentence.iter().map(|part| part.length).collect();
    assert_eq!(lengths, vec![Some(46), Some(86), Some(64)]);
    assert!(
        merged
            .sentence
            .iter()
            .all(|part| part.unit == TimeUnit::Days)
    );

    // The generator writes "  -  " for empty fields.
    assert_eq!(merged.cycle_age, None);
    assert_eq!(
        merged.disposition_date_field.as_deref(),
        Some("STP_EVENT_DATE")
    );
}
