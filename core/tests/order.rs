//! The classifier's output does not depend on the order a person's rows arrive in.

mod common;

use clearway_core::classify::SubjectOutcome;
use clearway_core::schema::Subject;
use proptest::prelude::*;

use common::{classify, person, policy_p};

/// The outcome as JSON, with each `charge_index` replaced by the rows it points at, so
/// that outcomes of reordered rows can be compared byte for byte.
fn canonical(subject: &Subject, outcome: &SubjectOutcome) -> String {
    let mut outcome = outcome.clone();
    for decision in &mut outcome.decisions {
        let rows = &subject.charges[decision.charge_index].source.rows;
        assert!(rows.iter().all(|row| decision.source.rows.contains(row)), "charge_index points at the count's rows");
        decision.charge_index = usize::MAX;
    }
    serde_json::to_string(&outcome).expect("outcome serializes")
}

fn busy_person() -> Subject {
    person(
        "1970-01-01",
        &[
            "11359 HS | F | 1998-01-01 | arrest=1997-11-01",
            "11359 HS | F | 2001-01-01 | arrest=2000-11-01 | cycle=b | count=1 | prison=2",
            "11359 HS | F | 2001-01-01 | arrest=2000-11-01 | cycle=b | count=1 | prison=3",
            "12022(C) PC | F | 2001-01-01 | arrest=2000-11-01 | cycle=b | count=2",
            "11359 HS | F | 2004-01-01 | arrest=2003-11-01",
            "11357(B) HS | M | 1990-01-01 | arrest=1989-12-01",
            "11360 HS | F | 2014-01-01 | arrest=2013-10-01 | county=CONTRA COSTA",
            "288(A) PC | F | 2010-01-01",
            "11358 HS | F | 2012-01-01 | arrest=2011-09-01 | cycle=e | count=1",
            "1602 FG | M | 2012-01-01 | arrest=2011-09-01 | cycle=e | count=2",
            "SEE COMMENT FOR CHARGE | F | 2007-01-01 | arrest=2006-11-01 | comment=11359 HS-POSSESS MARIJUANA FOR SALE",
            "- | - | 2019-01-01 | step=deceased",
        ],
    )
}

proptest! {
    #[test]
    fn shuffled_rows_give_identical_output(order in Just((0..12usize).collect::<Vec<_>>()).prop_shuffle()) {
        let original = busy_person();
        let mut shuffled = original.clone();
        shuffled.charges = order.iter().map(|&i| original.charges[i].clone()).collect();

        let policy = policy_p();
        let expected = canonical(&original, &classify(&original, &policy));
        let actual = canonical(&shuffled, &classify(&shuffled, &policy));
        prop_assert_eq!(expected, actual);
    }
}

#[test]
fn reversed_rows_give_identical_output() {
    let original = busy_person();
    let mut reversed = original.clone();
    reversed.charges.reverse();
    let policy = policy_p();
    let outcome = classify(&original, &policy);
    assert!(outcome.decisions.len() >= 5, "the record yields several decisions");
    assert_eq!(canonical(&original, &outcome), canonical(&reversed, &classify(&reversed, &policy)));
}
