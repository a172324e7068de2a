//! Measures how fast the adapter parses an export natively.
//!
//! Usage: `cargo run --release -p clearway-adapter-odyssey-json --example odyssey_json_throughput -- FILE [ROUNDS]`.
//! Reads FILE with the code tables of `config/counties/alameda.toml` and prints the median
//! time of `ROUNDS` (default 20) whole-file parses in 1 MiB chunks.

use std::time::Instant;

use clearway_adapter_odyssey_json::OdysseyJson;
use clearway_sdk::{Adapter, OpenSettings, Parser};

/// The `[adapter.options]` of `config/counties/alameda.toml`, as JSON.
const OPTIONS: &str = r#"{"degrees":{"F":"felony","M":"misdemeanor","I":"infraction","MNC":"misdemeanor"},
"dispositions":{"CONV":"convicted","GUILTY":"convicted","DISM":"dismissed","DPD":"dismissed","ACQ":"acquitted","DIV":"diverted"}}"#;

fn main() {
    let mut arguments = std::env::args().skip(1);
    let path = arguments.next().expect("usage: throughput FILE [ROUNDS]");
    let rounds: usize = arguments
        .next()
        .map_or(20, |rounds| rounds.parse().expect("ROUNDS must be a whole number"));
    let input = std::fs::read(&path).unwrap_or_else(|error| panic!("cannot read {path}: {error}"));

    let mut times = Vec::with_capacity(rounds);
    let mut rows = 0;
    for _ in 0..rounds {
        let start = Instant::now();
        let mut parser = OdysseyJson::open(&OpenSettings::new(OPTIONS, (2020, 7, 1))).expect("options are accepted");
        rows = 0;
        for chunk in input.chunks(1 << 20) {
            rows += parser.feed(chunk).expect("feed succeeds").rows_read;
        }
        rows += parser.finish().expect("finish succeeds").rows_read;
        times.push(start.elapsed());
    }
    times.sort();
    let median = times[times.len() / 2];
    let megabytes = input.len() as f64 / 1e6;
    println!(
        "{path}: {} bytes, {rows} rows, median {:.2} ms over {rounds} rounds, {:.0} MB/s, {:.0} rows/s",
        input.len(),
        median.as_secs_f64() * 1e3,
        megabytes / median.as_secs_f64(),
        rows as f64 / median.as_secs_f64()
    );
}
