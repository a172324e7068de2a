//! Measures how fast the adapter parses an export natively.
//!
//! Usage: `cargo run --release -p clearway-adapter-court-cms-tilde --example court_cms_tilde_throughput -- FILE [REPEAT] [ROUNDS]`.
//! Builds an input of FILE's header followed by its data lines repeated `REPEAT` times
//! (default 1), then prints the median time of `ROUNDS` (default 20) whole-input parses in
//! 1 MiB chunks, with the format's sample disposition table as options.

use std::time::Instant;

use clearway_adapter_court_cms_tilde::CourtCmsTilde;
use clearway_sdk::{Adapter, OpenSettings, Parser};

const OPTIONS: &str = r#"{"county": "SAN FRANCISCO", "dispositions": {
    "110": "convicted", "111": "convicted", "120": "convicted", "121": "convicted",
    "150": "convicted-misdemeanor", "210": "dismissed", "220": "dismissed", "230": "dismissed",
    "310": "acquitted", "410": "diverted"}}"#;

fn main() {
    let mut arguments = std::env::args().skip(1);
    let path = arguments.next().expect("usage: throughput FILE [REPEAT] [ROUNDS]");
    let number = |argument: Option<String>, default: usize| {
        argument.map_or(default, |value| value.parse().expect("REPEAT and ROUNDS must be whole numbers"))
    };
    let repeat = number(arguments.next(), 1);
    let rounds = number(arguments.next(), 20);
    let file = std::fs::read(&path).unwrap_or_else(|error| panic!("cannot read {path}: {error}"));

    let header_end = file.iter().position(|&byte| byte == b'\n').map_or(file.len(), |end| end + 1);
    let (header, body) = file.split_at(header_end);
    let mut input = header.to_vec();
    for _ in 0..repeat {
        input.extend_from_slice(body);
        if !body.ends_with(b"\n") {
            input.push(b'\n');
        }
    }

    let mut times = Vec::with_capacity(rounds);
    let mut rows = 0;
    for _ in 0..rounds {
        let start = Instant::now();
        let mut parser =
            CourtCmsTilde::open(&OpenSettings::new(OPTIONS, (2024, 7, 1))).expect("the sample options are accepted");
        rows = 0;
        for chunk in input.chunks(1 << 20) {
            rows += parser.feed(chunk).expect("feed succeeds").rows_read;
        }
        rows += parser.finish().expect("finish succeeds").rows_read;
        times.push(start.elapsed());
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "{path} x{repeat}: {} bytes, {rows} rows, median {:.2} ms over {rounds} rounds, {:.0} MB/s, {:.0} rows/s",
        input.len(),
        median.as_secs_f64() * 1e3,
        input.len() as f64 / 1e6 / median.as_secs_f64(),
        rows as f64 / median.as_secs_f64()
    );
}
