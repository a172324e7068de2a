//! The adapter on small hand-built files of invented people, one edge case each.

mod common;

use clearway_adapter_ca_doj_research::DojResearch;
use clearway_adapter_ca_doj_research::columns;
use clearway_sdk::{Adapter, Disposition, Level, OpenSettings, Parser, StepKind};
use common::*;

/// Values of the invented default person that no diagnostic may repeat.
const PERSONAL_VALUES: &[&str] = &["QUILL", "ADA", "19800101", "700001", "700002", "ZED"];

fn assert_no_personal_data(output: &Output) {
    for diagnostic in &output.diagnostics {
        for value in PERSONAL_VALUES {
            assert!(
                !diagnostic.message.contains(value),
                "message repeats personal data: {}",
                diagnostic.message
            );
        }
    }
}

#[test]
fn wrong_field_count_mid_file() {
    let short = row(&[]).rsplit_once(',').unwrap().0.to_string();
    let long = format!("{},extra", row(&[(columns::CNT_ORDER, "101001003000")]));
    let input = file(&[
        header(),
        row(&[]),
        short,
        row(&[(columns::CNT_ORDER, "101001002000")]),
        long,
        row(&[(columns::CNT_ORDER, "101001004000")]),
    ]);
    let output = parse(&input);
    assert_rows_accounted(&output, 5);

    let errors = output.errors();
    assert_eq!(errors.len(), 2);
    assert_eq!((errors[0].row, errors[0].code.as_str()), (3, "field-count"));
    assert_eq!(
        errors[0].message,
        "expected 95 fields, found 94; fields are never shifted to fit"
    );
    assert_eq!((errors[1].row, errors[1].code.as_str()), (5, "field-count"));
    assert_eq!(
        errors[1].message,
        "expected 95 fields, found 96; fields are never shifted to fit"
    );

    assert_eq!(output.subjects.len(), 1);
    let lines: Vec<Vec<u64>> = output.subjects[0]
        .charges
        .iter()
        .map(|charge| charge.rows.clone())
        .collect();
    assert_eq!(lines, vec![vec![2], vec![4], vec![6]]);
    assert_chunk_invariant(&input);
}

#[test]
fn quoted_newline_keeps_line_numbers() {
    let input = file(&[
        row(&[(
            columns::COMMENT_TEXT,
            "\"FIRST LINE\nSECOND LINE, WITH A COMMA\"",
        )]),
        row(&[(columns::CNT_ORDER, "101001002000")]),
        row(&[(columns::CNT_ORDER, "bad")]),
    ]);
    let output = parse(&input);
    assert_rows_accounted(&output, 3);
    let comment = output.charge_at(1).comment.as_ref().expect("comment");
    assert_eq!(comment.text, "FIRST LINE\nSECOND LINE, WITH A COMMA");
    assert_eq!(output.charge_at(3).count_id, "101001002000");
    assert_eq!(output.errors()[0].row, 4);
    assert_chunk_invariant(&input);
}

#[test]
fn invalid_utf8_rejects_row() {
    let mut input = file(&[row(&[])]);
    let bad = row(&[
        (columns::PRI_NAME, "\"QUILL,ADA\""),
        (columns::CNT_ORDER, "101001002000"),
    ])
    .replace("QUILL", "QU\u{1}LL");
    let mut bad = bad.into_bytes();
    let position = bad.iter().position(|&byte| byte == 1).unwrap();
    bad[position] = 0xFF;
    input.extend_from_slice(&bad);
    input.push(b'\n');
    input.extend_from_slice(&file(&[row(&[(columns::CNT_ORDER, "101001003000")])]));

    let output = parse(&input);
    assert_rows_accounted(&output, 3);
    let errors = output.errors();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].row, 2);
    assert_eq!(errors[0].code, "invalid-utf8");
    assert_eq!(errors[0].field.as_deref(), Some("PRI_NAME"));
    assert_no_personal_data(&output);
    assert_chunk_invariant(&input);
}

#[test]
fn crlf_matches_lf() {
    let rows = [
        header(),
        row(&[]),
        row(&[
            (columns::SUBJECT_ID, "700002"),
            (columns::COMMENT_TEXT, "\"A\r\nB\""),
        ]),
    ];
    let lf = file(&rows);
    let crlf = lf.iter().fold(Vec::new(), |mut bytes, &byte| {
        if byte == b'\n' {
            bytes.push(b'\r');
        }
        bytes.push(byte);
        bytes
    });
    let lf_output = parse(&lf);
    let crlf_output = parse(&crlf);
    assert_rows_accounted(&crlf_output, 2);
    assert_eq!(crlf_output.subjects.len(), 2);
    assert_eq!(crlf_output.charge_at(3).rows, vec![3]);
    assert_eq!(
        format!("{:?}", crlf_output.subjects[0]),
        format!("{:?}", lf_output.subjects[0])
    );
    assert_eq!(
        crlf_output.charge_at(2).county.as_deref(),
        Some("KINGS"),
        "no CR left in the last fields"
    );
    assert_chunk_invariant(&crlf);
}

#[test]
fn bom_before_header() {
    let mut input = b"\xEF\xBB\xBF".to_vec();
    input.extend_from_slice(&file(&[header(), row(&[])]));
    let output = parse(&input);
    assert!(output.diagnostics.is_empty(), "{:?}", output.diagnostics);
    assert_rows_accounted(&output, 1);
    assert_eq!(output.charge_at(2).rows, vec![2]);
    assert_chunk_invariant(&input);
}

#[test]
fn out_of_domain_fields_reject_row() {
    let cases: &[(usize, &str, &str)] = &[
        (columns::SUBJECT_ID, "   ", "missing-value"),
        (columns::CNT_ORDER, "", "missing-value"),
        (columns::CNT_ORDER, "10100100100", "invalid-value"),
        (columns::CNT_ORDER, "10100100100A", "invalid-value"),
        (columns::OFFENSE_TOC, "Z", "invalid-value"),
        (columns::CONV_OFFENSE_TOC, "FELONY", "invalid-value"),
        (columns::CONV_STAT_DESCR, "FELONEY", "invalid-value"),
        (columns::CONV_STAT_DESCR, "20010412", "invalid-value"),
        (columns::SENT_LENGTH, "6X", "invalid-value"),
        (columns::SENT_LENGTH, "-6", "invalid-value"),
        (columns::SENT_LENGTH, "99999999999", "invalid-value"),
        (columns::SENT_TIME_CODE, "W", "invalid-value"),
        (columns::CYC_AGE, "2O", "invalid-value"),
        (columns::CYC_AGE, "151", "invalid-value"),
    ];
    let mut rows = vec![row(&[])];
    for (column, value, _) in cases {
        rows.push(row(&[
            (*column, value),
            (
                columns::SUBJECT_ID,
                if *column == columns::SUBJECT_ID {
                    value
                } else {
                    "700001"
                },
            ),
        ]));
    }
    rows.push(row(&[(columns::CNT_ORDER, "101001009000")]));
    let input = file(&rows);
    let output = parse(&input);
    assert_rows_accounted(&output, cases.len() as u64 + 2);

    let errors = output.errors();
    assert_eq!(errors.len(), cases.len());
    for ((column, value, code), (index, error)) in cases.iter().zip(errors.iter().enumerate()) {
        assert_eq!(error.row, index as u64 + 2, "{value:?}");
        assert_eq!(error.code, *code, "{value:?}");
        assert_eq!(
            error.field.as_deref(),
            Some(columns::NAMES[*column]),
            "{value:?}"
        );
        assert!(
            error.message.contains("expected") || error.message.contains("missing"),
            "{}",
            error.message
        );
        if !value.trim().is_empty() {
            assert!(
                !error.message.contains(value),
                "message repeats the value: {}",
                error.message
            );
        }
    }
    assert_eq!(
        output.subjects.len(),
        1,
        "rejected rows do not split the person"
    );
    assert_no_personal_data(&output);
}

#[test]
fn nul_padding_trimmed_inner_rejected() {
    let input = file(&[
        row(&[(columns::STP_ORI_CNTY_NAME, "KINGS\0\0\0")]),
        row(&[
            (columns::CNT_ORDER, "101001002000"),
            (columns::STP_ORI_CNTY_NAME, "KI\0NGS"),
        ]),
    ]);
    let output = parse(&input);
    assert_rows_accounted(&output, 2);
    assert_eq!(output.charge_at(1).county.as_deref(), Some("KINGS"));
    let errors = output.errors();
    assert_eq!((errors[0].row, errors[0].code.as_str()), (2, "nul-byte"));
    assert_eq!(errors[0].field.as_deref(), Some("STP_ORI_CNTY_NAME"));
}

#[test]
fn long_field_kept_whole() {
    let comment = "C".repeat(20_000);
    let input = file(&[
        row(&[(columns::COMMENT_TEXT, &comment)]),
        row(&[(columns::CNT_ORDER, "101001002000")]),
    ]);
    let output = parse(&input);
    assert_rows_accounted(&output, 2);
    assert_eq!(
        output
            .charge_at(1)
            .comment
            .as_ref()
            .map(|text| text.text.len()),
        Some(20_000)
    );
    assert_chunk_invariant(&input);
}

#[test]
fn unclosed_quote_rejects_rest() {
    let mut input = file(&[row(&[])]);
    input.extend_from_slice(b"\"never closed,");
    input.extend_from_slice(&vec![b'y'; 2 << 20]);
    let output = parse_in_chunks(&input, 64 * 1024);
    assert_rows_accounted(&output, 2);
    let errors = output.errors();
    assert_eq!(
        (errors[0].row, errors[0].code.as_str()),
        (2, "row-too-long")
    );
}

#[test]
fn last_line_without_newline() {
    let input = format!(
        "{}\n{}",
        row(&[]),
        row(&[(columns::CNT_ORDER, "101001002000")])
    );
    let output = parse(input.as_bytes());
    assert_rows_accounted(&output, 2);
    assert_eq!(output.charge_at(2).count_id, "101001002000");
    assert_chunk_invariant(input.as_bytes());
}

#[test]
fn blank_lines_are_not_rows() {
    let input = format!(
        "\n{}\n   \n\n{}\n\t\n",
        row(&[]),
        row(&[(columns::CNT_ORDER, "101001002000")])
    );
    let output = parse(input.as_bytes());
    assert!(output.diagnostics.is_empty(), "{:?}", output.diagnostics);
    assert_rows_accounted(&output, 2);
    assert_eq!(output.charge_at(2).rows, vec![2]);
    assert_eq!(output.charge_at(5).rows, vec![5]);
}

#[test]
fn dates_keep_their_precision() {
    let input = file(&[
        row(&[
            (columns::PRI_DOB, "19800000"),
            (columns::CYC_DATE, "00000000"),
            (columns::STP_EVENT_DATE, "20011300"),
            (columns::DISP_DATE, "20010400"),
        ]),
        row(&[
            (columns::CNT_ORDER, "101001002000"),
            (columns::DISP_DATE, "2001O412"),
            (columns::CYC_DATE, ""),
        ]),
    ]);
    let output = parse(&input);
    assert_rows_accounted(&output, 2);

    let dob = output.subjects[0]
        .date_of_birth
        .as_ref()
        .expect("date of birth");
    assert_eq!((dob.year, dob.month, dob.day), (1980, None, None));

    let first = output.charge_at(1);
    assert!(first.cycle_date.is_none());
    assert!(first.step_date.is_none());
    let disposition_date = first.disposition_date.as_ref().expect("disposition date");
    assert_eq!(
        (
            disposition_date.year,
            disposition_date.month,
            disposition_date.day
        ),
        (2001, Some(4), None)
    );
    assert_eq!(first.disposition_date_field.as_deref(), Some("DISP_DATE"));

    let second = output.charge_at(2);
    assert_eq!(
        second.disposition_date_field.as_deref(),
        Some("STP_EVENT_DATE")
    );

    let warnings = output.warnings();
    let found: Vec<(u64, &str, Option<&str>)> = warnings
        .iter()
        .map(|warning| (warning.row, warning.code.as_str(), warning.field.as_deref()))
        .collect();
    assert_eq!(
        found,
        vec![
            (1, "invalid-date", Some("STP_EVENT_DATE")),
            (2, "invalid-date", Some("DISP_DATE"))
        ]
    );
    assert!(
        warnings[0].message.contains("treated as missing"),
        "{}",
        warnings[0].message
    );
    assert!(
        !warnings[1].message.contains("2001"),
        "{}",
        warnings[1].message
    );
}

#[test]
fn comment_fallback_and_plea() {
    let input = file(&[
        row(&[
            (columns::OFFENSE_DESCR, "SEE COMMENT FOR CHARGE"),
            (columns::COMMENT_TEXT, "11359 HS-POSSESS FOR SALE"),
        ]),
        row(&[
            (columns::CNT_ORDER, "101001002000"),
            (columns::OFFENSE_DESCR, "  "),
        ]),
        row(&[
            (columns::CNT_ORDER, "101001003000"),
            (columns::OFFENSE_DESCR, "11359 HS-POSSESS FOR SALE"),
            (
                columns::CONV_OFFENSE_DESCR,
                "11357(C) HS-POSSESS OVER 28.5 GRAMS",
            ),
            (columns::CONV_STAT_DESCR, ""),
            (columns::CONV_OFFENSE_TOC, "M"),
            (columns::OFFENSE_TOC, "F"),
        ]),
    ]);
    let output = parse(&input);
    assert_rows_accounted(&output, 3);

    let see_comment = output.charge_at(1);
    assert!(see_comment.charged.is_none());
    assert_eq!(
        see_comment.comment.as_ref().map(|text| text.text.as_str()),
        Some("11359 HS-POSSESS FOR SALE")
    );
    assert!(output.charge_at(2).charged.is_none());

    let plea = output.charge_at(3);
    assert_eq!(
        plea.charged.as_ref().map(|text| text.text.as_str()),
        Some("11359 HS-POSSESS FOR SALE")
    );
    let convicted = plea.convicted.as_ref().expect("convicted offense");
    assert_eq!(convicted.field, "CONV_OFFENSE_DESCR");
    assert_eq!(convicted.text, "11357(C) HS-POSSESS OVER 28.5 GRAMS");
    assert_eq!(plea.level, Level::Misdemeanor);
    assert_eq!(plea.level_field.as_deref(), Some("CONV_OFFENSE_TOC"));
}

#[test]
fn multi_part_sentence_one_count() {
    let count = [(columns::CNT_ORDER, "102001001000")];
    let input = file(&[
        row(&[
            count[0],
            (columns::SENT_LOC_DESCR, "JAIL"),
            (columns::SENT_LENGTH, "30"),
            (columns::SENT_TIME_CODE, "D"),
        ]),
        row(&[
            count[0],
            (columns::SENT_LOC_DESCR, "PROBATION"),
            (columns::SENT_LENGTH, "3"),
            (columns::SENT_TIME_DESCR, "YEARS"),
        ]),
        row(&[
            count[0],
            (columns::DISP_DESCR, "DISMISSED"),
            (columns::SENT_LOC_DESCR, "FINE"),
        ]),
        row(&[(columns::CNT_ORDER, "102001002000")]),
    ]);
    let output = parse(&input);
    assert_rows_accounted(&output, 4);
    let subject = &output.subjects[0];
    assert_eq!(subject.charges.len(), 2);

    let merged = &subject.charges[0];
    assert_eq!(merged.rows, vec![1, 2, 3]);
    assert_eq!(merged.cycle_id, "102");
    assert_eq!(
        merged.disposition,
        Disposition::Convicted,
        "the earlier row's disposition is kept"
    );
    let parts: Vec<String> = merged
        .sentence
        .iter()
        .map(|part| format!("{:?} {:?} {:?}", part.kind, part.length, part.unit))
        .collect();
    assert_eq!(
        parts,
        vec![
            "SentenceKind::Jail Some(30) TimeUnit::Days",
            "SentenceKind::Probation Some(3) TimeUnit::Years",
            "SentenceKind::Fine None TimeUnit::Unknown",
        ]
    );
    assert_eq!(merged.sentence[0].raw, "JAIL 30 D");

    let warnings = output.warnings();
    assert_eq!(warnings.len(), 1);
    assert_eq!(
        (warnings[0].row, warnings[0].code.as_str()),
        (3, "count-conflict")
    );
    assert_eq!(warnings[0].field.as_deref(), Some("DISP_DESCR"));
}

#[test]
fn subjects_emitted_as_id_changes() {
    let first = row(&[]);
    let second = row(&[
        (columns::SUBJECT_ID, "700002"),
        (columns::PRI_NAME, "\"ZED,BO\""),
    ]);
    let mut parser = DojResearch::open(&OpenSettings::new("{}", (2020, 7, 1))).unwrap();

    let batch = parser.feed(format!("{first}\n").as_bytes()).unwrap();
    assert!(
        batch.subjects.is_empty(),
        "the first person may have more rows"
    );
    assert_eq!(batch.rows_read, 0);

    let batch = parser.feed(format!("{second}\n").as_bytes()).unwrap();
    assert_eq!(batch.subjects.len(), 1);
    assert_eq!(batch.subjects[0].id, "700001");
    assert_eq!(batch.rows_read, 1);

    let batch = parser.finish().unwrap();
    assert_eq!(batch.subjects.len(), 1);
    assert_eq!(batch.subjects[0].id, "700002");
    assert_eq!(batch.subjects[0].name.as_deref(), Some("ZED,BO"));
    assert_eq!(batch.rows_read, 1);

    assert!(parser.feed(b"more").is_err());
    assert_eq!(parser.finish().unwrap().rows_read, 0);
}

#[test]
fn steps_and_dispositions_mapped() {
    let cases: &[(&str, &str, StepKind, Disposition)] = &[
        (
            "ARREST/DETAINED/CITED",
            "PROS REJ-LACK OF SUFF EVIDENCE",
            StepKind::Arrest,
            Disposition::Other,
        ),
        (
            "COURT ACTION",
            "CONVICTED-PROBATION",
            StepKind::Court,
            Disposition::Convicted,
        ),
        (
            "COURT ACTION",
            "DISMISSED/CHARGE DROPPED",
            StepKind::Court,
            Disposition::Dismissed,
        ),
        (
            "COURT ACTION",
            "ACQUITTED",
            StepKind::Court,
            Disposition::Acquitted,
        ),
        (
            "COURT ACTION",
            "NOT GUILTY",
            StepKind::Court,
            Disposition::Acquitted,
        ),
        (
            "REGISTRATION",
            "",
            StepKind::Registration,
            Disposition::Unknown,
        ),
        ("DECEASED", "", StepKind::Deceased, Disposition::Unknown),
        (
            "PROBATION",
            "REL/TOT OTHER JURIS/AUTH",
            StepKind::Other,
            Disposition::Other,
        ),
        (
            "COURT ACTION",
            "DIVERTED",
            StepKind::Court,
            Disposition::Unrecognized,
        ),
    ];
    let rows: Vec<String> = cases
        .iter()
        .enumerate()
        .map(|(index, (step, disposition, _, _))| {
            let count = format!("1010010{:02}000", index + 1);
            row(&[
                (columns::CNT_ORDER, &count),
                (columns::STP_TYPE_DESCR, step),
                (columns::DISP_DESCR, disposition),
            ])
        })
        .collect();
    let output = parse(&file(&rows));
    assert_rows_accounted(&output, cases.len() as u64);
    for (index, (step, disposition, step_kind, expected)) in cases.iter().enumerate() {
        let charge = output.charge_at(index as u64 + 1);
        assert_eq!(charge.step, *step_kind, "{step}");
        assert_eq!(charge.step_raw, *step);
        assert_eq!(charge.disposition, *expected, "{disposition}");
        let raw = charge
            .disposition_raw
            .as_ref()
            .map(|raw| (raw.field.as_str(), raw.text.as_str()));
        let expected_raw = (!disposition.is_empty()).then_some(("DISP_DESCR", *disposition));
        assert_eq!(raw, expected_raw);
    }
}

#[test]
fn header_variants_reported() {
    let renamed = header().replace("PRI_NAME", "FULL_NAME");
    let output = parse(&file(&[renamed, row(&[])]));
    let warnings = output.warnings();
    assert_eq!(warnings.len(), 1);
    assert_eq!(
        (warnings[0].row, warnings[0].code.as_str()),
        (1, "header-column")
    );
    assert_eq!(warnings[0].field.as_deref(), Some("PRI_NAME"));
    assert_rows_accounted(&output, 1);

    let extra_value = format!("{},EXTRA", header());
    let output = parse(&file(&[extra_value, row(&[])]));
    assert_eq!(output.warnings()[0].code, "header-field-count");
    assert_rows_accounted(&output, 1);

    let extra_empty = format!("{},  ", header());
    let output = parse(&file(&[extra_empty, row(&[])]));
    assert!(output.diagnostics.is_empty(), "{:?}", output.diagnostics);
}

#[test]
fn options_must_be_empty() {
    assert!(DojResearch::open(&OpenSettings::new("{}", (2020, 7, 1))).is_ok());
    assert!(DojResearch::open(&OpenSettings::new(" { } ", (2020, 7, 1))).is_ok());
    assert!(DojResearch::open(&OpenSettings::new("", (2020, 7, 1))).is_ok());
    let error = DojResearch::open(&OpenSettings::new("{\"county\": \"KINGS\"}", (2020, 7, 1)))
        .err()
        .expect("unknown key rejected");
    assert!(error.contains("`county`"), "{error}");
    assert!(DojResearch::open(&OpenSettings::new("[]", (2020, 7, 1))).is_err());
}
