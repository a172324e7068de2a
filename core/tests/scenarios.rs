//! The worked cases of the Proposition 64 rules: each record classified under the statute
//! alone and under policy P (see `common::policy_p`), as of 2020-07-01 in San Joaquin.
//!
//! Where Code for America's gogen decides otherwise, the `gogen` column says what it gives
//! and the expected outcome follows the statute.

mod common;

use clearway_core::decision::Outcome;
use clearway_core::policy::Policy;

use common::{D, HR, NE, R, classify, person, policy_p};

struct Scenario {
    id: u32,
    citation: &'static str,
    dob: &'static str,
    rows: &'static [&'static str],
    /// For each decision in source order: (statute alone, policy P).
    expected: &'static [(Outcome, Outcome)],
    /// The reason code of the first decision under the statute alone, where it matters.
    law_code: Option<&'static str>,
    gogen: &'static str,
}

const SCENARIOS: &[Scenario] = &[
    Scenario {
        id: 1,
        citation: "H&S 11361.8(e); H&S 11362.1(a)(1)",
        dob: "1980-03-15",
        rows: &["11357(B) HS | M | 2008-04-14 | arrest=2008-03-01"],
        expected: &[(D, D)],
        law_code: Some("LAWFUL_ADULT_POSSESSION"),
        gogen: "",
    },
    Scenario {
        id: 2,
        citation: "H&S 11357(a)(2)",
        dob: "1995-01-10",
        rows: &["11357(B) HS | I | 2014-05-01 | arrest=2014-04-01"],
        expected: &[(NE, D)],
        law_code: Some("NO_LESSER_OFFENSE"),
        gogen: "",
    },
    Scenario {
        id: 3,
        citation: "H&S 11357(a)",
        dob: "1990-06-01",
        rows: &["11357(B) HS | M | 2009-03-01 | arrest=2009-02-01"],
        expected: &[(R, D)],
        law_code: Some("POSSESSION_REDUCED_TO_INFRACTION"),
        gogen: "",
    },
    Scenario {
        id: 4,
        citation: "H&S 11357(b)(2); H&S 11362.1(a)(2)",
        dob: "1970-07-01",
        rows: &["11357(A) HS-POSSESS CONCENTRATED CANNABIS | F | 1999-05-04 | arrest=1999-01-10"],
        expected: &[(R, D)],
        law_code: Some("POSSESSION_FELONY_REDUCED"),
        gogen: "",
    },
    Scenario {
        id: 5,
        citation: "H&S 11357(b)(2)",
        dob: "1970-07-01",
        rows: &["11357(C) HS | M | 2005-02-02 | arrest=2005-01-02"],
        expected: &[(NE, D)],
        law_code: Some("SAME_OFFENSE_UNDER_ACT"),
        gogen: "",
    },
    Scenario {
        id: 7,
        citation: "H&S 11357",
        dob: "1960-01-01",
        rows: &["11357 HS | M | 1990-01-01 | arrest=1989-12-01"],
        expected: &[(HR, D)],
        law_code: Some("SUBSECTION_UNKNOWN"),
        gogen: "",
    },
    Scenario {
        id: 8,
        citation: "H&S 11357(b)(2)",
        dob: "1950-01-01",
        rows: &["11357 HS | F | 1974-06-01 | arrest=1974-01-01"],
        expected: &[(R, D)],
        law_code: Some("POSSESSION_FELONY_REDUCED"),
        gogen: "",
    },
    Scenario {
        id: 9,
        citation: "H&S 11357(d)",
        dob: "1993-03-01",
        rows: &["11357(E) HS | M | 2009-10-01 | arrest=2009-09-01"],
        expected: &[(R, D)],
        law_code: Some("SCHOOL_POSSESSION_REDUCED_TO_INFRACTION"),
        gogen: "",
    },
    Scenario {
        id: 11,
        citation: "H&S 11358(c)",
        dob: "1970-07-01",
        rows: &["11358 HS | F | 2009-05-04 | arrest=2009-01-04", "459 PC | F | 2012-03-03 | arrest=2012-01-01"],
        expected: &[(R, D)],
        law_code: Some("CULTIVATION_FELONY_REDUCED"),
        gogen: "",
    },
    Scenario {
        id: 12,
        citation: "H&S 11359(b)",
        dob: "1975-02-02",
        rows: &["11359 HS | F | 2012-08-20 | arrest=2012-06-01", "459 PC | F | 2015-01-10 | arrest=2014-12-01"],
        expected: &[(R, R)],
        law_code: Some("POSSESSION_FOR_SALE_FELONY_REDUCED"),
        gogen: "",
    },
    Scenario {
        id: 13,
        citation: "H&S 11359(b)",
        dob: "1975-02-02",
        rows: &["11359 HS | F | 2001-05-04 | arrest=2001-02-01", "459 PC | F | 2015-01-10 | arrest=2014-12-01"],
        expected: &[(R, D)],
        law_code: None,
        gogen: "",
    },
    Scenario {
        id: 14,
        citation: "H&S 11360(a)(2)",
        dob: "1985-01-01",
        rows: &["11360(A) HS | F | 2011-05-12 | arrest=2011-03-01"],
        expected: &[(R, D)],
        law_code: Some("TRANSPORT_FELONY_REDUCED"),
        gogen: "",
    },
    Scenario {
        id: 15,
        citation: "H&S 11362.1(a)(1)",
        dob: "1980-01-01",
        rows: &["11360(B) HS | M | 2010-03-03 | arrest=2010-02-01"],
        expected: &[(D, D)],
        law_code: Some("LAWFUL_ADULT_GIFT_OR_TRANSPORT"),
        gogen: "",
    },
    Scenario {
        id: 16,
        citation: "H&S 11359(b)",
        dob: "1990-01-15",
        rows: &["11359 HS | F | 2010-09-01 | arrest=2010-06-01", "148 PC | M | 2014-02-02 | arrest=2014-01-01"],
        expected: &[(R, D)],
        law_code: None,
        gogen: "",
    },
    Scenario {
        id: 18,
        citation: "H&S 11360(a)(2)",
        dob: "1963-07-01",
        rows: &["11360 HS | F | 2013-01-01 | arrest=2012-10-01", "23152(A) VC | M | 2015-05-05 | arrest=2015-04-01"],
        expected: &[(R, D)],
        law_code: None,
        gogen: "",
    },
    Scenario {
        id: 20,
        citation: "H&S 11359(b)",
        dob: "1980-01-01",
        rows: &["11359 HS | F | 2010-07-01 | arrest=2010-05-01", "242 PC | M | 2012-01-01 | arrest=2011-12-01"],
        expected: &[(R, D)],
        law_code: None,
        gogen: "",
    },
    Scenario {
        id: 23,
        citation: "H&S 11362.1(a)(1)",
        dob: "",
        rows: &["11357(B) HS | I | 2012-05-05 | arrest=2012-04-01"],
        expected: &[(HR, D)],
        law_code: Some("AGE_UNKNOWN"),
        gogen: "",
    },
    Scenario {
        id: 24,
        citation: "H&S 11361.8(a), (e)",
        dob: "1980-01-01",
        rows: &["11359 HS | F | "],
        expected: &[(HR, HR)],
        law_code: Some("OFFENSE_DATE_UNKNOWN"),
        gogen: "DISMISS, because a missing date passes the under-21 test",
    },
    Scenario {
        id: 27,
        citation: "H&S 11359(b)",
        dob: "1980-01-01",
        rows: &["11360 HS | F | 2016-11-08 | arrest=2016-09-01", "459 PC | F | 2015-01-01 | arrest=2014-12-01"],
        expected: &[(R, R)],
        law_code: None,
        gogen: "",
    },
    Scenario {
        id: 28,
        citation: "H&S 11361.8(a), (e)",
        dob: "1980-01-01",
        rows: &["459 PC | F | 2015-01-01 | arrest=2014-12-01", "11359(B) HS | M | 2017-03-01 | arrest=2017-01-15"],
        expected: &[(NE, NE)],
        law_code: Some("OFFENSE_AFTER_ACT"),
        gogen: "DISMISS, with no effective-date gate",
    },
    Scenario {
        id: 29,
        citation: "H&S 11361.8(a), (e)",
        dob: "1980-01-01",
        rows: &["459 PC | F | 2015-01-01 | arrest=2014-12-01", "11359(C) HS | F | 2018-05-01 | arrest=2018-02-01"],
        expected: &[(NE, NE)],
        law_code: Some("OFFENSE_AFTER_ACT"),
        gogen: "REDUCE",
    },
    Scenario {
        id: 30,
        citation: "H&S 11359(c)(1); PC 667(e)(2)(C)(iv)(IV)",
        dob: "1970-01-01",
        rows: &["187 PC | F | 1995-03-01 | arrest=1994-06-01", "11359 HS | F | 2005-06-01 | arrest=2005-01-01"],
        expected: &[(NE, NE)],
        law_code: Some("PRIOR_SUPER_STRIKE"),
        gogen: "DISMISS (10 years since conviction); no exclusion is applied",
    },
    Scenario {
        id: 33,
        citation: "H&S 11358(d)(1); PC 667(e)(2)(C)(iv)(III); PC 290(c)",
        dob: "1965-01-01",
        rows: &[
            "288(A) PC | F | 2000-01-01 | arrest=1999-06-01",
            "290 PC | - | 2001-01-01 | step=registration",
            "11358 HS | F | 2008-01-01 | arrest=2007-10-01",
        ],
        expected: &[(NE, NE)],
        law_code: Some("PRIOR_SUPER_STRIKE"),
        gogen: "DISMISS",
    },
    Scenario {
        id: 35,
        citation: "H&S 11357(b)(2): 11357 has no felony tier, so no exclusion applies",
        dob: "1972-01-01",
        rows: &["261(A)(2) PC | F | 2000-01-01 | arrest=1999-06-01", "11357(A) HS | F | 2010-02-01 | arrest=2009-12-01"],
        expected: &[(R, D)],
        law_code: Some("POSSESSION_FELONY_REDUCED"),
        gogen: "",
    },
    Scenario {
        id: 36,
        citation: "H&S 11359(c)(2)",
        dob: "1970-01-01",
        rows: &[
            "11359 HS | F | 1998-01-01 | arrest=1997-11-01",
            "11359 HS | F | 2001-01-01 | arrest=2000-11-01",
            "11359 HS | F | 2004-01-01 | arrest=2003-11-01",
        ],
        expected: &[(R, D), (R, D), (NE, NE)],
        law_code: None,
        gogen: "all DISMISS",
    },
    Scenario {
        id: 37,
        citation: "H&S 11359(c)(2); H&S 11360(a)(3)(B)",
        dob: "1970-01-01",
        rows: &[
            "11359 HS | F | 1998-01-01 | arrest=1997-11-01",
            "11360 HS | F | 2001-01-01 | arrest=2000-11-01",
            "11359 HS | F | 2004-01-01 | arrest=2003-11-01",
        ],
        expected: &[(R, D), (R, D), (R, D)],
        law_code: None,
        gogen: "",
    },
    Scenario {
        id: 39,
        citation: "H&S 11359(b); one count on several sentence rows",
        dob: "1980-01-01",
        rows: &[
            "11359 HS | F | 2006-01-01 | arrest=2005-11-01 | cycle=a | count=1 | prison=2",
            "11359 HS | F | 2006-01-01 | arrest=2005-11-01 | cycle=a | count=1 | prison=3",
            "11359 HS | F | 2006-01-01 | arrest=2005-11-01 | cycle=a | count=1",
        ],
        expected: &[(R, D)],
        law_code: None,
        gogen: "",
    },
    Scenario {
        id: 40,
        citation: "PC 664; H&S 11361.8(a), (e)",
        dob: "1980-01-01",
        rows: &["664/11359 HS | F | 2009-01-01 | arrest=2008-11-01"],
        expected: &[(HR, HR)],
        law_code: Some("ATTEMPT"),
        gogen: "DISMISS, treating the attempt as the completed offense",
    },
    Scenario {
        id: 42,
        citation: "H&S 11359(b); statute from the comment",
        dob: "1980-01-01",
        rows: &["SEE COMMENT FOR CHARGE | F | 2007-01-01 | arrest=2006-11-01 | comment=11359 HS-POSSESS MARIJUANA FOR SALE"],
        expected: &[(R, D)],
        law_code: None,
        gogen: "",
    },
    Scenario {
        id: 43,
        citation: "H&S 11361.8(a), (e)",
        dob: "1980-01-01",
        rows: &["SEE COMMENT FOR CHARGE | F | 2007-01-01 | arrest=2006-11-01 | comment=11359/11360 HS"],
        expected: &[(HR, HR)],
        law_code: Some("SEVERAL_SECTIONS"),
        gogen: "",
    },
    Scenario {
        id: 44,
        citation: "H&S 11357.5 is not listed in H&S 11361.8",
        dob: "1980-01-01",
        rows: &["11357.5(B) HS | M | 2015-01-01 | arrest=2014-12-01"],
        expected: &[],
        law_code: None,
        gogen: "DISMISS, matching 11357 inside 11357.5",
    },
    Scenario {
        id: 47,
        citation: "H&S 11359(b)",
        dob: "1980-01-01",
        rows: &[
            "11359 HS | F | 2015-01-01 | arrest=2014-10-01",
            "459 PC | F | 2016-01-01 | arrest=2015-12-01",
            "- | - | 2017-01-01 | step=deceased",
        ],
        expected: &[(R, D)],
        law_code: None,
        gogen: "",
    },
    Scenario {
        id: 48,
        citation: "H&S 11360(a)(2)",
        dob: "1980-01-01",
        rows: &[
            "11360 HS | F | 2012-01-01 | arrest=2011-10-01",
            "11360 HS | F | 2014-01-01 | arrest=2013-10-01 | county=CONTRA COSTA",
        ],
        expected: &[(R, D)],
        law_code: None,
        gogen: "",
    },
    Scenario {
        id: 50,
        citation: "H&S 11358(d)(3)",
        dob: "1975-01-01",
        rows: &[
            "11358 HS | F | 2012-01-01 | arrest=2011-09-01 | cycle=a | count=1",
            "1602 FG | M | 2012-01-01 | arrest=2011-09-01 | cycle=a | count=2",
            "5650 FG | M | 2012-01-01 | arrest=2011-09-01 | cycle=a | count=3",
        ],
        expected: &[(HR, HR)],
        law_code: Some("ENVIRONMENTAL_SIGNAL"),
        gogen: "",
    },
    Scenario {
        id: 52,
        citation: "H&S 11361.8",
        dob: "1975-01-01",
        rows: &[
            "11359 HS | F | 2005-01-01 | arrest=2004-10-01 | cycle=a | count=1",
            "REDUCED TO MISD 11361.8 HS | M | 2019-01-01 | cycle=a | count=2",
        ],
        expected: &[(NE, NE)],
        law_code: Some("ALREADY_GRANTED"),
        gogen: "",
    },
];

fn check(scenario: &Scenario, policy: &Policy) {
    let subject = person(scenario.dob, scenario.rows);
    let bare = classify(&subject, &Policy::default());
    let county = classify(&subject, policy);
    let label = format!("scenario {} ({}; gogen: {})", scenario.id, scenario.citation, scenario.gogen);

    assert_eq!(bare.decisions.len(), scenario.expected.len(), "{label}: decisions under the statute");
    assert_eq!(county.decisions.len(), scenario.expected.len(), "{label}: decisions under policy P");
    for (index, (law, with_policy)) in scenario.expected.iter().enumerate() {
        assert_eq!(bare.decisions[index].law.outcome, *law, "{label}: decision {index} under the statute");
        assert_eq!(bare.decisions[index].policy, bare.decisions[index].law, "{label}: no policy, no change");
        assert_eq!(county.decisions[index].law.outcome, *law, "{label}: decision {index} law column");
        assert_eq!(county.decisions[index].policy.outcome, *with_policy, "{label}: decision {index} under policy P");
    }
    if let Some(code) = scenario.law_code {
        assert_eq!(bare.decisions[0].law.code.as_str(), code, "{label}: reason code");
    }
}

#[test]
fn every_scenario_under_law_and_policy() {
    for scenario in SCENARIOS {
        check(scenario, &policy_p());
    }
}

#[test]
fn scenario_39_is_one_count() {
    let scenario = SCENARIOS.iter().find(|s| s.id == 39).unwrap();
    let outcome = classify(&person(scenario.dob, scenario.rows), &policy_p());
    assert_eq!(outcome.decisions.len(), 1);
    assert_eq!(outcome.decisions[0].source.rows, vec![2, 3, 4]);
    assert_eq!(outcome.decisions[0].law.code.as_str(), "POSSESSION_FOR_SALE_FELONY_REDUCED");
}

#[test]
fn scenario_40_attempt_spellings_and_opt_in() {
    let mut policy = policy_p();
    for spelling in ["664/11359 HS", "66411359 HS", "664.11359 HS", "664-11359 HS"] {
        let line = format!("{spelling} | F | 2009-01-01 | arrest=2008-11-01");
        let subject = person("1980-01-01", &[&line]);

        policy.attempts_as_target = false;
        let plain = classify(&subject, &policy);
        assert_eq!(plain.decisions.len(), 1, "{spelling}");
        assert_eq!(plain.decisions[0].law.code.as_str(), "ATTEMPT", "{spelling}");
        assert_eq!(plain.decisions[0].policy.outcome, HR, "{spelling}");
        assert!(common::flags(&plain.decisions[0]).contains(&"ATTEMPT"), "{spelling}");

        policy.attempts_as_target = true;
        let target = classify(&subject, &policy);
        assert_eq!(target.decisions[0].law.outcome, HR, "{spelling}: the law column never reads the target");
        assert_eq!(target.decisions[0].policy.outcome, D, "{spelling}");
        assert!(target.decisions[0].overrides.contains(&"attempts_as_target"), "{spelling}");
    }
}

#[test]
fn scenario_42_records_comment_source() {
    let scenario = SCENARIOS.iter().find(|s| s.id == 42).unwrap();
    let outcome = classify(&person(scenario.dob, scenario.rows), &policy_p());
    let decision = &outcome.decisions[0];
    assert!(common::flags(decision).contains(&"STATUTE_FROM_COMMENT"));
    assert_eq!(decision.statute, "HS 11359");
    let statute = decision.facts.iter().find(|f| f.name == "statute").expect("statute fact");
    assert_eq!(statute.source.as_ref().unwrap().field, "COMMENT_TEXT");
}

#[test]
fn scenario_18_and_20_thresholds_are_inclusive() {
    for (id, option) in [(18, "additional_relief.age_at_least"), (20, "additional_relief.years_since_conviction")] {
        let scenario = SCENARIOS.iter().find(|s| s.id == id).unwrap();
        let outcome = classify(&person(scenario.dob, scenario.rows), &policy_p());
        assert!(outcome.decisions[0].overrides.contains(&option), "scenario {id}: {:?}", outcome.decisions[0].overrides);
    }
}

#[test]
fn scenario_36_names_two_priors() {
    let scenario = SCENARIOS.iter().find(|s| s.id == 36).unwrap();
    let outcome = classify(&person(scenario.dob, scenario.rows), &policy_p());
    assert_eq!(outcome.decisions[2].law.code.as_str(), "TWO_PRIOR_CONVICTIONS");
    assert_eq!(outcome.decisions[2].citation, "H&S 11359(c)(2)");
}

#[test]
fn scenario_48_other_county_counts_for_only_prop64() {
    let scenario = SCENARIOS.iter().find(|s| s.id == 48).unwrap();
    let outcome = classify(&person(scenario.dob, scenario.rows), &policy_p());
    assert_eq!(outcome.decisions[0].source.rows, vec![2]);
    assert!(outcome.decisions[0].overrides.contains(&"additional_relief.only_prop64_convictions"));
}
