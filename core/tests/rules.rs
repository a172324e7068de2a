//! One case per rule of the classifier, each with the statute behind it, as of 2020-07-01
//! in San Joaquin. `law` is the statute alone; `policy` is the case's county policy.

mod common;

use clearway_core::decision::Outcome;
use clearway_core::policy::{Policy, Prop64Section};

use common::{D, HR, NE, R, classify, person, policy_p};

/// Which policy a case runs under.
#[derive(Clone, Copy)]
enum Use {
    Statute,
    P,
    PWithPostAct,
    YearsCrimeFree(u8),
    AgeOnly,
    RelatedPc148,
    DismissOnly11357,
}

fn policy_for(choice: Use) -> Policy {
    match choice {
        Use::Statute => Policy::default(),
        Use::P => policy_p(),
        Use::PWithPostAct => Policy { include_post_act: true, ..policy_p() },
        Use::YearsCrimeFree(years) => {
            let mut policy = Policy::default();
            policy.additional_relief.years_crime_free = Some(years);
            policy
        }
        Use::AgeOnly => {
            let mut policy = Policy::default();
            policy.additional_relief.age_at_least = Some(50);
            policy.additional_relief.under_21_at_conviction = true;
            policy
        }
        Use::RelatedPc148 => Policy { related_charges: vec!["PC 148".to_string()], ..Policy::default() },
        Use::DismissOnly11357 => Policy { dismiss: vec![Prop64Section::S11357], ..Policy::default() },
    }
}

struct Case {
    rule: &'static str,
    citation: &'static str,
    dob: &'static str,
    rows: &'static [&'static str],
    policy: Use,
    /// Outcome and reason code of the last decision, under the statute and under the policy.
    law: (Outcome, &'static str),
    after_policy: (Outcome, &'static str),
    flags: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        rule: "adult possession of 28.5 g or less is lawful",
        citation: "H&S 11362.1(a)(1)",
        dob: "1980-01-01",
        rows: &["11357(B) HS | M | 2008-01-01 | arrest=2007-12-01"],
        policy: Use::Statute,
        law: (D, "LAWFUL_ADULT_POSSESSION"),
        after_policy: (D, "LAWFUL_ADULT_POSSESSION"),
        flags: &[],
    },
    Case {
        rule: "concentrate misdemeanor: amount unknown",
        citation: "H&S 11362.1(a)(2); H&S 11357(b)(2)",
        dob: "1980-01-01",
        rows: &["11357(A) HS | M | 2015-01-01 | arrest=2014-12-01"],
        policy: Use::Statute,
        law: (HR, "CONCENTRATE_AMOUNT_UNKNOWN"),
        after_policy: (HR, "CONCENTRATE_AMOUNT_UNKNOWN"),
        flags: &[],
    },
    Case {
        rule: "adult school-grounds possession: only the fine fell",
        citation: "H&S 11357(c)",
        dob: "1980-01-01",
        rows: &["11357(D) HS | M | 2008-01-01 | arrest=2007-12-01"],
        policy: Use::P,
        law: (HR, "SCHOOL_POSSESSION_FINE_ONLY"),
        after_policy: (D, "POLICY_DISMISS_MISDEMEANOR"),
        flags: &[],
    },
    Case {
        rule: "description hint gives old (c)",
        citation: "H&S 11357(b)(2)",
        dob: "1980-01-01",
        rows: &["11357 HS-POSS MARIJUANA OVER 1 OZ/28.5 GRAM | M | 2008-01-01 | arrest=2007-12-01"],
        policy: Use::Statute,
        law: (NE, "SAME_OFFENSE_UNDER_ACT"),
        after_policy: (NE, "SAME_OFFENSE_UNDER_ACT"),
        flags: &["SUBSECTION_FROM_DESCRIPTION"],
    },
    Case {
        rule: "explicit letter beats the description",
        citation: "H&S 11362.1(a)(1)",
        dob: "1980-01-01",
        rows: &["11357(B) HS-POSS MARIJUANA OVER 1 OZ | M | 2008-01-01 | arrest=2007-12-01"],
        policy: Use::Statute,
        law: (D, "LAWFUL_ADULT_POSSESSION"),
        after_policy: (D, "LAWFUL_ADULT_POSSESSION"),
        flags: &[],
    },
    Case {
        rule: "Act lettering before the Act",
        citation: "H&S 11357",
        dob: "1980-01-01",
        rows: &["11357B2 HS | M | 2008-01-01 | arrest=2007-12-01"],
        policy: Use::Statute,
        law: (HR, "SUBSECTION_UNRECOGNIZED"),
        after_policy: (HR, "SUBSECTION_UNRECOGNIZED"),
        flags: &[],
    },
    Case {
        rule: "straight felony recorded as a misdemeanor: the misdemeanor rule needs a trusted level",
        citation: "H&S 11359 (old law)",
        dob: "1980-01-01",
        rows: &["11359 HS | M | 2012-01-01 | arrest=2011-12-01", "459 PC | F | 2015-01-01"],
        policy: Use::P,
        law: (HR, "LEVEL_CONFLICTS_WITH_SECTION"),
        after_policy: (HR, "LEVEL_CONFLICTS_WITH_SECTION"),
        flags: &[],
    },
    Case {
        rule: "level conflict: a rule that does not read the level still applies",
        citation: "county policy",
        dob: "1980-01-01",
        rows: &["11359 HS | M | 2008-01-01 | arrest=2007-12-01", "459 PC | F | 2015-01-01"],
        policy: Use::P,
        law: (HR, "LEVEL_CONFLICTS_WITH_SECTION"),
        after_policy: (D, "POLICY_YEARS_SINCE_CONVICTION"),
        flags: &[],
    },
    Case {
        rule: "level unknown",
        citation: "H&S 11361.8(e)",
        dob: "1980-01-01",
        rows: &["11359 HS | - | 2008-01-01 | arrest=2007-12-01"],
        policy: Use::Statute,
        law: (HR, "LEVEL_UNKNOWN"),
        after_policy: (HR, "LEVEL_UNKNOWN"),
        flags: &[],
    },
    Case {
        rule: "letters on 11359 before the Act are ignored",
        citation: "H&S 11359 (old law)",
        dob: "1980-01-01",
        rows: &["11359(A) HS | F | 2008-01-01 | arrest=2007-12-01"],
        policy: Use::Statute,
        law: (R, "POSSESSION_FOR_SALE_FELONY_REDUCED"),
        after_policy: (R, "POSSESSION_FOR_SALE_FELONY_REDUCED"),
        flags: &["SUBSECTION_ERA_MISMATCH"],
    },
    Case {
        rule: "gift or transport under 21 becomes an infraction",
        citation: "H&S 11360(b)",
        dob: "1990-01-01",
        rows: &["11360(B) HS | M | 2009-01-01 | arrest=2008-12-01"],
        policy: Use::Statute,
        law: (R, "GIFT_OR_TRANSPORT_REDUCED_TO_INFRACTION"),
        after_policy: (R, "GIFT_OR_TRANSPORT_REDUCED_TO_INFRACTION"),
        flags: &[],
    },
    Case {
        rule: "11360 misdemeanor without subsection",
        citation: "H&S 11360",
        dob: "1980-01-01",
        rows: &["11360 HS | M | 2008-01-01 | arrest=2007-12-01"],
        policy: Use::Statute,
        law: (HR, "SUBSECTION_UNKNOWN"),
        after_policy: (HR, "SUBSECTION_UNKNOWN"),
        flags: &[],
    },
    Case {
        rule: "age from disposition date with the margin",
        citation: "H&S 11362.1(a)(1)",
        dob: "1980-01-01",
        rows: &["11357(B) HS | M | 2003-06-01"],
        policy: Use::Statute,
        law: (D, "LAWFUL_ADULT_POSSESSION"),
        after_policy: (D, "LAWFUL_ADULT_POSSESSION"),
        flags: &["AGE_FROM_DISPOSITION_DATE"],
    },
    Case {
        rule: "age inside the margin is unknown",
        citation: "H&S 11362.1(a)(1)",
        dob: "1980-01-01",
        rows: &["11357(B) HS | M | 2002-06-01"],
        policy: Use::Statute,
        law: (HR, "AGE_UNKNOWN"),
        after_policy: (HR, "AGE_UNKNOWN"),
        flags: &[],
    },
    Case {
        rule: "age at the cycle from the record",
        citation: "H&S 11362.1(a)(1)",
        dob: "",
        rows: &["11357(B) HS | M | 2008-01-01 | age=25"],
        policy: Use::Statute,
        law: (D, "LAWFUL_ADULT_POSSESSION"),
        after_policy: (D, "LAWFUL_ADULT_POSSESSION"),
        flags: &[],
    },
    Case {
        rule: "offense on the effective date is under the Act",
        citation: "H&S 11361.8(a); Proposition 64 effective 2016-11-09",
        dob: "1980-01-01",
        rows: &["11359 HS | F | 2017-02-01 | arrest=2016-11-09"],
        policy: Use::P,
        law: (NE, "OFFENSE_AFTER_ACT"),
        after_policy: (NE, "OFFENSE_AFTER_ACT"),
        flags: &[],
    },
    Case {
        rule: "offense the day before the Act",
        citation: "H&S 11361.8(e)",
        dob: "1980-01-01",
        rows: &["11359 HS | F | 2017-02-01 | arrest=2016-11-08"],
        policy: Use::Statute,
        law: (R, "POSSESSION_FOR_SALE_FELONY_REDUCED"),
        after_policy: (R, "POSSESSION_FOR_SALE_FELONY_REDUCED"),
        flags: &[],
    },
    Case {
        rule: "disposition after the Act, offense date unknown",
        citation: "H&S 11361.8(a), (e)",
        dob: "1980-01-01",
        rows: &["11357(B) HS | M | 2017-02-01"],
        policy: Use::P,
        law: (HR, "OFFENSE_DATE_UNKNOWN"),
        after_policy: (HR, "OFFENSE_DATE_UNKNOWN"),
        flags: &[],
    },
    Case {
        rule: "post-Act misdemeanor dismissed only with include_post_act",
        citation: "county policy",
        dob: "1980-01-01",
        rows: &["11357(B) HS | M | 2017-02-01"],
        policy: Use::PWithPostAct,
        law: (HR, "OFFENSE_DATE_UNKNOWN"),
        after_policy: (D, "POLICY_DISMISS_MISDEMEANOR"),
        flags: &[],
    },
    Case {
        rule: "Act-only letters after the Act",
        citation: "H&S 11359(b) as enacted by Proposition 64",
        dob: "1980-01-01",
        rows: &["11359(B) HS | M | 2017-02-01"],
        policy: Use::Statute,
        law: (NE, "LETTERED_UNDER_ACT"),
        after_policy: (NE, "LETTERED_UNDER_ACT"),
        flags: &[],
    },
    Case {
        rule: "conspiracy with the target in the comment",
        citation: "PC 182",
        dob: "1980-01-01",
        rows: &["182(A)(1) PC-CONSPIRACY | F | 2008-01-01 | arrest=2007-12-01 | comment=TARGET 11359 HS"],
        policy: Use::P,
        law: (HR, "CONSPIRACY"),
        after_policy: (HR, "CONSPIRACY"),
        flags: &["CONSPIRACY"],
    },
    Case {
        rule: "wrong code without the opt-in",
        citation: "H&S 11361.8(a), (e)",
        dob: "1980-01-01",
        rows: &["11358 PC | F | 2008-01-01 | arrest=2007-12-01"],
        policy: Use::Statute,
        law: (HR, "WRONG_CODE"),
        after_policy: (HR, "WRONG_CODE"),
        flags: &["CODE_CORRECTED"],
    },
    Case {
        rule: "wrong code accepted by policy",
        citation: "H&S 11358(c); county policy",
        dob: "1980-01-01",
        rows: &["11358 PC | F | 2008-01-01 | arrest=2007-12-01", "459 PC | F | 2015-01-01"],
        policy: Use::P,
        law: (HR, "WRONG_CODE"),
        after_policy: (D, "POLICY_DISMISS_SECTION"),
        flags: &["CODE_CORRECTED"],
    },
    Case {
        rule: "Prop 64 section joined to an enhancement",
        citation: "H&S 11361.8(e); PC 12022",
        dob: "1980-01-01",
        rows: &["11359 HS+12022(C) PC | F | 2008-01-01 | arrest=2007-12-01"],
        policy: Use::P,
        law: (HR, "SEVERAL_SECTIONS"),
        after_policy: (HR, "SEVERAL_SECTIONS"),
        flags: &[],
    },
    Case {
        rule: "enhancement on its own row in the same step",
        citation: "PC 12022(c)",
        dob: "1980-01-01",
        rows: &[
            "11359 HS | F | 2008-01-01 | arrest=2007-12-01 | cycle=a | count=1",
            "12022(C) PC | F | 2008-01-01 | arrest=2007-12-01 | cycle=a | count=2",
        ],
        policy: Use::P,
        law: (HR, "ENHANCEMENT_ATTACHED"),
        after_policy: (HR, "ENHANCEMENT_ATTACHED"),
        flags: &[],
    },
    Case {
        rule: "comment names another marijuana section",
        citation: "H&S 11361.8",
        dob: "1980-01-01",
        rows: &["11357(B) HS | M | 2008-01-01 | arrest=2007-12-01 | comment=ORIG 11359 HS"],
        policy: Use::P,
        law: (HR, "FIELDS_DISAGREE"),
        after_policy: (HR, "FIELDS_DISAGREE"),
        flags: &[],
    },
    Case {
        rule: "convicted offense wins over the charged one",
        citation: "H&S 11357(b)(2)",
        dob: "1980-01-01",
        rows: &["11359 HS | M | 2008-01-01 | arrest=2007-12-01 | convicted=11357(C) HS | comment=ORIG CHARGE 11359 HS"],
        policy: Use::Statute,
        law: (NE, "SAME_OFFENSE_UNDER_ACT"),
        after_policy: (NE, "SAME_OFFENSE_UNDER_ACT"),
        flags: &["CONVICTED_DIFFERS_FROM_CHARGED"],
    },
    Case {
        rule: "comment names two sections",
        citation: "H&S 11361.8",
        dob: "1980-01-01",
        rows: &["SEE COMMENT FOR CHARGE | F | 2008-01-01 | arrest=2007-12-01 | comment=PLED TO 11359 HS AND 11360 HS"],
        policy: Use::P,
        law: (HR, "COMMENT_AMBIGUOUS"),
        after_policy: (HR, "COMMENT_AMBIGUOUS"),
        flags: &["STATUTE_FROM_COMMENT"],
    },
    Case {
        rule: "former marijuana section",
        citation: "former H&S 11530",
        dob: "1945-01-01",
        rows: &["11530 HS | F | 1968-01-01 | arrest=1967-12-01"],
        policy: Use::P,
        law: (HR, "FORMER_MARIJUANA_SECTION"),
        after_policy: (HR, "FORMER_MARIJUANA_SECTION"),
        flags: &[],
    },
    Case {
        rule: "prior attempted murder is a super strike",
        citation: "H&S 11360(a)(3)(A); PC 667(e)(2)(C)(iv)(IV)",
        dob: "1970-01-01",
        rows: &["664/187(A) PC | F | 1995-01-01", "11360 HS | F | 2005-01-01 | arrest=2004-12-01"],
        policy: Use::P,
        law: (NE, "PRIOR_SUPER_STRIKE"),
        after_policy: (NE, "PRIOR_SUPER_STRIKE"),
        flags: &[],
    },
    Case {
        rule: "PC 237 is not PC 37",
        citation: "PC 667(e)(2)(C)(iv)(VIII)",
        dob: "1970-01-01",
        rows: &["237 PC | F | 1995-01-01", "11360 HS | F | 2005-01-01 | arrest=2004-12-01"],
        policy: Use::Statute,
        law: (R, "TRANSPORT_FELONY_REDUCED"),
        after_policy: (R, "TRANSPORT_FELONY_REDUCED"),
        flags: &[],
    },
    Case {
        rule: "prior registrable misdemeanor",
        citation: "H&S 11359(c)(1); PC 290(c)",
        dob: "1970-01-01",
        rows: &["243.4(E)(1) PC | M | 1995-01-01", "11359 HS | F | 2005-01-01 | arrest=2004-12-01"],
        policy: Use::P,
        law: (NE, "PRIOR_REGISTRABLE_OFFENSE"),
        after_policy: (NE, "PRIOR_REGISTRABLE_OFFENSE"),
        flags: &[],
    },
    Case {
        rule: "prior without the deciding subsection",
        citation: "PC 667(e)(2)(C)(iv)(VI)",
        dob: "1970-01-01",
        rows: &["245 PC | F | 1995-01-01", "11359 HS | F | 2005-01-01 | arrest=2004-12-01"],
        policy: Use::P,
        law: (HR, "PRIOR_SUBSECTION_UNKNOWN"),
        after_policy: (HR, "PRIOR_SUBSECTION_UNKNOWN"),
        flags: &[],
    },
    Case {
        rule: "super strike never excludes 11357",
        citation: "H&S 11357(b)(2)",
        dob: "1970-01-01",
        rows: &["187 PC | F | 1995-01-01", "11357(A) HS | F | 2005-01-01 | arrest=2004-12-01"],
        policy: Use::Statute,
        law: (R, "POSSESSION_FELONY_REDUCED"),
        after_policy: (R, "POSSESSION_FELONY_REDUCED"),
        flags: &[],
    },
    Case {
        rule: "same-case disqualifier is not a prior",
        citation: "H&S 11359(c)(1)",
        dob: "1970-01-01",
        rows: &[
            "187 PC | F | 2005-01-01 | arrest=2004-12-01 | cycle=a | count=1",
            "11359 HS | F | 2005-01-01 | arrest=2004-12-01 | cycle=a | count=2",
        ],
        policy: Use::Statute,
        law: (R, "POSSESSION_FOR_SALE_FELONY_REDUCED"),
        after_policy: (R, "POSSESSION_FOR_SALE_FELONY_REDUCED"),
        flags: &["SAME_DAY_DISQUALIFIER"],
    },
    Case {
        rule: "disqualifier between arrest and conviction",
        citation: "H&S 11359(c)(1)",
        dob: "1970-01-01",
        rows: &["187 PC | F | 2005-03-01", "11359 HS | F | 2005-06-01 | arrest=2005-01-01"],
        policy: Use::Statute,
        law: (HR, "PRIOR_TIMING_UNKNOWN"),
        after_policy: (HR, "PRIOR_TIMING_UNKNOWN"),
        flags: &[],
    },
    Case {
        rule: "later disqualifier while serving",
        citation: "H&S 11361.8(b)",
        dob: "1970-01-01",
        rows: &["11359 HS | F | 2005-06-01 | arrest=2005-01-01 | prison=25", "187 PC | F | 2008-01-01"],
        policy: Use::Statute,
        law: (R, "POSSESSION_FOR_SALE_FELONY_REDUCED"),
        after_policy: (R, "POSSESSION_FOR_SALE_FELONY_REDUCED"),
        flags: &["LATER_DISQUALIFIER", "CURRENTLY_SERVING"],
    },
    Case {
        rule: "registration with no registrable conviction",
        citation: "H&S 11359(c)(1); PC 290(c); W&I 203",
        dob: "1970-01-01",
        rows: &["290 PC | - | 1995-01-01 | step=registration", "11359 HS | F | 2005-06-01 | arrest=2005-01-01"],
        policy: Use::P,
        law: (HR, "REGISTRATION_WITHOUT_CONVICTION"),
        after_policy: (HR, "REGISTRATION_WITHOUT_CONVICTION"),
        flags: &[],
    },
    Case {
        rule: "old 11360(b) and infractions are not priors",
        citation: "H&S 11360(a)(3)(B)",
        dob: "1970-01-01",
        rows: &[
            "11360(B) HS | M | 1998-01-01 | arrest=1997-12-01",
            "11360(A) HS | I | 2000-01-01 | arrest=1999-12-01",
            "11360(A) HS | F | 2005-01-01 | arrest=2004-12-01",
        ],
        policy: Use::Statute,
        law: (R, "TRANSPORT_FELONY_REDUCED"),
        after_policy: (R, "TRANSPORT_FELONY_REDUCED"),
        flags: &[],
    },
    Case {
        rule: "two 11360(a) priors",
        citation: "H&S 11360(a)(3)(B)",
        dob: "1970-01-01",
        rows: &[
            "11360(A) HS | F | 1998-01-01 | arrest=1997-12-01",
            "11360(A) HS | F | 2000-01-01 | arrest=1999-12-01",
            "11360(A) HS | F | 2005-01-01 | arrest=2004-12-01",
        ],
        policy: Use::P,
        law: (NE, "TWO_PRIOR_CONVICTIONS"),
        after_policy: (NE, "TWO_PRIOR_CONVICTIONS"),
        flags: &[],
    },
    Case {
        rule: "two priors from one earlier case",
        citation: "H&S 11359(c)(2)",
        dob: "1970-01-01",
        rows: &[
            "11359 HS | F | 1998-01-01 | arrest=1997-12-01 | cycle=a | count=1",
            "11359 HS | F | 1998-01-01 | arrest=1997-12-01 | cycle=a | count=2",
            "11359 HS | F | 2005-01-01 | arrest=2004-12-01",
        ],
        policy: Use::Statute,
        law: (HR, "PRIORS_UNCERTAIN"),
        after_policy: (HR, "PRIORS_UNCERTAIN"),
        flags: &[],
    },
    Case {
        rule: "11358 priors cannot show the plant count",
        citation: "H&S 11358(d)(2)",
        dob: "1970-01-01",
        rows: &[
            "11358 HS | F | 1998-01-01 | arrest=1997-12-01",
            "11358 HS | F | 2000-01-01 | arrest=1999-12-01",
            "11358 HS | F | 2005-01-01 | arrest=2004-12-01",
        ],
        policy: Use::Statute,
        law: (HR, "PRIORS_UNCERTAIN"),
        after_policy: (HR, "PRIORS_UNCERTAIN"),
        flags: &[],
    },
    Case {
        rule: "companion count signals a minor",
        citation: "H&S 11359(c)(3)",
        dob: "1970-01-01",
        rows: &[
            "11359 HS | F | 2005-01-01 | arrest=2004-12-01 | cycle=a | count=1",
            "11361(A) HS | F | 2005-01-01 | arrest=2004-12-01 | cycle=a | count=2 | disp=dismissed",
        ],
        policy: Use::P,
        law: (HR, "MINOR_SIGNAL"),
        after_policy: (HR, "MINOR_SIGNAL"),
        flags: &[],
    },
    Case {
        rule: "import in the offense text",
        citation: "H&S 11360(a)(3)(D)",
        dob: "1970-01-01",
        rows: &["11360(A) HS-IMPORT MARIJUANA | F | 2005-01-01 | arrest=2004-12-01"],
        policy: Use::P,
        law: (HR, "IMPORT_EXPORT_SIGNAL"),
        after_policy: (HR, "IMPORT_EXPORT_SIGNAL"),
        flags: &[],
    },
    Case {
        rule: "later dismissal of the same section",
        citation: "H&S 11361.8",
        dob: "1970-01-01",
        rows: &[
            "11359 HS | F | 2005-01-01 | arrest=2004-12-01 | cycle=a | count=1",
            "11359 HS | F | 2019-05-01 | cycle=a | count=2 | disp=dismissed",
        ],
        policy: Use::P,
        law: (NE, "ALREADY_GRANTED"),
        after_policy: (NE, "ALREADY_GRANTED"),
        flags: &[],
    },
    Case {
        rule: "crime-free years are strictly before the limit",
        citation: "county policy",
        dob: "1970-01-01",
        rows: &["11359 HS | F | 2005-01-01 | arrest=2004-12-01", "459 PC | M | 2010-06-30"],
        policy: Use::YearsCrimeFree(10),
        law: (R, "POSSESSION_FOR_SALE_FELONY_REDUCED"),
        after_policy: (D, "POLICY_YEARS_CRIME_FREE"),
        flags: &[],
    },
    Case {
        rule: "crime-free years broken by a recent conviction",
        citation: "county policy",
        dob: "1970-01-01",
        rows: &["11359 HS | F | 2005-01-01 | arrest=2004-12-01", "459 PC | M | 2010-07-01"],
        policy: Use::YearsCrimeFree(10),
        law: (R, "POSSESSION_FOR_SALE_FELONY_REDUCED"),
        after_policy: (R, "POSSESSION_FOR_SALE_FELONY_REDUCED"),
        flags: &[],
    },
    Case {
        rule: "age rules need the date of birth",
        citation: "county policy",
        dob: "",
        rows: &["11359 HS | F | 2005-01-01 | arrest=2004-12-01"],
        policy: Use::AgeOnly,
        law: (R, "POSSESSION_FOR_SALE_FELONY_REDUCED"),
        after_policy: (R, "POSSESSION_FOR_SALE_FELONY_REDUCED"),
        flags: &["AGE_RULES_NOT_EVALUATED"],
    },
    Case {
        rule: "section in neither list keeps the statute's outcome",
        citation: "county policy",
        dob: "1970-01-01",
        rows: &["11359 HS | F | 2005-01-01 | arrest=2004-12-01"],
        policy: Use::DismissOnly11357,
        law: (R, "POSSESSION_FOR_SALE_FELONY_REDUCED"),
        after_policy: (R, "POSSESSION_FOR_SALE_FELONY_REDUCED"),
        flags: &[],
    },
    Case {
        rule: "related charge after a marijuana arrest",
        citation: "county policy related_charges",
        dob: "1970-01-01",
        rows: &[
            "11359 HS | F | | arrest=2004-12-01 | cycle=a | count=1 | step=arrest",
            "148 PC | M | 2005-01-01 | arrest=2004-12-01 | cycle=a | count=2",
        ],
        policy: Use::RelatedPc148,
        law: (NE, "NOT_PROP64_CONVICTION"),
        after_policy: (HR, "POSSIBLE_PLEA_BARGAIN"),
        flags: &["POSSIBLE_PLEA_BARGAIN"],
    },
];

#[test]
fn every_rule_case() {
    for case in CASES {
        let subject = person(case.dob, case.rows);
        let outcome = classify(&subject, &policy_for(case.policy));
        let label = format!("{} ({})", case.rule, case.citation);
        let decision = outcome.decisions.last().unwrap_or_else(|| panic!("{label}: no decision"));

        assert_eq!((decision.law.outcome, decision.law.code.as_str()), case.law, "{label}: statute");
        assert_eq!((decision.policy.outcome, decision.policy.code.as_str()), case.after_policy, "{label}: policy");
        let flags = common::flags(decision);
        for flag in case.flags {
            assert!(flags.contains(flag), "{label}: flag {flag} missing from {flags:?}");
        }
        assert!(!decision.trace.is_empty(), "{label}: trace");
        assert!(!decision.citation.is_empty(), "{label}: citation");
    }
}

#[test]
fn look_alikes_get_no_decision() {
    for statute in ["11357.5(B) HS", "11361 HS", "11362.3 HS", "111357 HS", "113570 HS", "4573.6 PC", "23222(B) VC", "11364 HS"] {
        let line = format!("{statute} | M | 2015-01-01 | arrest=2014-12-01");
        let outcome = classify(&person("1980-01-01", &[&line]), &policy_p());
        assert!(outcome.decisions.is_empty(), "{statute} must be out of scope");
    }
}

#[test]
fn conspiracy_without_marijuana_target_is_out_of_scope() {
    let outcome = classify(&person("1980-01-01", &["182(A)(1) PC | F | 2008-01-01 | arrest=2007-12-01"]), &policy_p());
    assert!(outcome.decisions.is_empty());
}

#[test]
fn only_court_convictions_in_county_are_decided() {
    let rows = [
        "11359 HS | F | 2005-01-01 | arrest=2004-12-01 | disp=dismissed",
        "11359 HS | F | 2005-01-01 | arrest=2004-12-01 | disp=pending",
        "11359 HS | F | 2005-01-01 | arrest=2004-12-01 | step=arrest",
        "11359 HS | F | 2005-01-01 | arrest=2004-12-01 | county=YOLO",
        "11359 HS | F | 2005-01-01 | arrest=2004-12-01 | county= san  joaquin ",
    ];
    let outcome = classify(&person("1980-01-01", &rows), &policy_p());
    assert_eq!(outcome.decisions.len(), 1);
    assert_eq!(outcome.decisions[0].source.rows, vec![6]);
}

#[test]
fn out_of_county_prior_still_disqualifies() {
    let rows = ["187 PC | F | 1995-01-01 | county=LOS ANGELES", "11359 HS | F | 2005-01-01 | arrest=2004-12-01"];
    let outcome = classify(&person("1970-01-01", &rows), &policy_p());
    assert_eq!(outcome.decisions.len(), 1);
    assert_eq!(outcome.decisions[0].law.code.as_str(), "PRIOR_SUPER_STRIKE");
}

#[test]
fn enhancement_row_is_not_a_conviction_for_only_prop64() {
    let rows = [
        "11359 HS | F | 2008-01-01 | arrest=2007-12-01 | cycle=a | count=1",
        "12022(C) PC | F | 2008-01-01 | arrest=2007-12-01 | cycle=a | count=2",
        "11360 HS | F | 2012-01-01 | arrest=2011-12-01",
    ];
    let mut policy = clearway_core::policy::Policy::default();
    policy.additional_relief.only_prop64_convictions = true;
    let outcome = classify(&person("1980-01-01", &rows), &policy);
    assert_eq!(outcome.decisions.len(), 2);
    assert_eq!(outcome.decisions[1].policy.outcome, D);
    assert_eq!(outcome.decisions[1].overrides, vec!["additional_relief.only_prop64_convictions"]);
}

#[test]
fn policy_never_lowers_a_dismissal() {
    let mut policy = policy_p();
    policy.reduce = vec![Prop64Section::S11357];
    let outcome = classify(&person("1980-01-01", &["11357(B) HS | M | 2008-01-01 | arrest=2007-12-01"]), &policy);
    assert_eq!(outcome.decisions[0].policy.outcome, D);
    assert!(outcome.decisions[0].overrides.is_empty());
}

#[test]
fn figures_after_dismissal() {
    let outcome = classify(&person("1980-01-01", &["11359 HS | F | 2015-01-01 | arrest=2014-12-01"]), &policy_p());
    let figures = outcome.figures;
    assert!(figures.with_relief);
    assert!(figures.no_felony_after);
    assert!(figures.no_conviction_after);
    assert!(figures.no_conviction_last_7_years_after);
}

#[test]
fn figures_with_remaining_convictions() {
    let rows = ["11359 HS | F | 2012-08-20 | arrest=2012-06-01", "459 PC | F | 2015-01-10 | arrest=2014-12-01"];
    let figures = classify(&person("1975-02-02", &rows), &policy_p()).figures;
    assert!(figures.with_relief, "the 11359 is reduced");
    assert!(!figures.no_felony_after, "the 459 felony remains");
    assert!(!figures.no_conviction_after);
    assert!(!figures.no_conviction_last_7_years_after);
}

#[test]
fn figures_reduce_clears_felonies_only() {
    let rows = ["11359 HS | F | 2012-08-20 | arrest=2012-06-01", "148 PC | M | 2000-01-01"];
    let figures = classify(&person("1975-02-02", &rows), &Policy::default()).figures;
    assert!(figures.no_felony_after, "reduced to a misdemeanor");
    assert!(!figures.no_conviction_after, "a reduction is still a conviction");
    assert!(!figures.no_conviction_last_7_years_after, "no conviction falls in the seven years before the as-of date");
}

#[test]
fn figures_without_decisions() {
    let figures = classify(&person("1980-01-01", &["459 PC | F | 2015-01-01"]), &policy_p()).figures;
    assert_eq!(figures, clearway_core::classify::PersonFigures::default());
}
