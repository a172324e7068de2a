//! Runs the real `clearway-synth` binary: the same seed gives the same bytes, another seed
//! gives other bytes, and `--rows` stops near the requested row count.

use std::path::Path;
use std::process::Command;

const FILES: [&str; 6] = ["doj.csv", "court-cms.txt", "odyssey.jsonl", "legacy.dat", "truth.jsonl", "faults.jsonl"];

fn generate(out: &Path, seed: &str) {
    let status = Command::new(env!("CARGO_BIN_EXE_clearway-synth"))
        .args(["--seed", seed, "--people", "200", "--fault-rate", "0.02", "--fault", "truncated-file=1", "--out"])
        .arg(out)
        .status()
        .expect("running clearway-synth");
    assert!(status.success(), "clearway-synth exited with {status}");
}

#[test]
fn same_seed_gives_same_bytes() {
    let temp = tempfile::tempdir().unwrap();
    let (first, second, other) = (temp.path().join("a"), temp.path().join("b"), temp.path().join("c"));
    generate(&first, "11");
    generate(&second, "11");
    generate(&other, "12");
    for name in FILES {
        let a = std::fs::read(first.join(name)).unwrap();
        let b = std::fs::read(second.join(name)).unwrap();
        assert!(!a.is_empty(), "{name} is empty");
        assert!(a == b, "{name} differs between two runs with seed 11");
        let c = std::fs::read(other.join(name)).unwrap();
        assert!(a != c, "{name} is the same for seeds 11 and 12");
    }
}

#[test]
fn rows_option_reaches_the_row_count() {
    let temp = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_clearway-synth"))
        .args(["--seed", "3", "--rows", "500", "--formats", "court-cms", "--no-truth", "--out"])
        .arg(temp.path())
        .status()
        .unwrap();
    assert!(status.success());
    let text = std::fs::read(temp.path().join("court-cms.txt")).unwrap();
    let data_rows = text.split(|&b| b == b'\n').filter(|line| !line.is_empty()).count() - 1;
    assert!((500..560).contains(&data_rows), "{data_rows} data rows for --rows 500");
    assert!(!temp.path().join("doj.csv").exists(), "only the formats asked for are written");
}
