//! Measures how fast the adapter parses an extract natively.
//!
//! Usage: `cargo run --release -p clearway-adapter-legacy-fixed-width --example legacy_fixed_width_throughput -- FILE [COPIES] [ROUNDS]`.
//! Builds one extract from the header of `FILE`, its records between the header and the
//! trailer repeated `COPIES` times (default 1000), and a trailer that counts them. Prints the
//! median time of `ROUNDS` (default 10) whole-extract parses in 1 MiB chunks.

use std::time::Instant;

use clearway_adapter_legacy_fixed_width::LegacyFixedWidth;
use clearway_sdk::{Adapter, OpenSettings, Parser};

fn main() {
    let mut arguments = std::env::args().skip(1);
    let path = arguments.next().expect("usage: throughput FILE [COPIES] [ROUNDS]");
    let number = |argument: Option<String>, default: usize| {
        argument.map_or(default, |value| value.parse().expect("COPIES and ROUNDS must be whole numbers"))
    };
    let copies = number(arguments.next(), 1000);
    let rounds = number(arguments.next(), 10);
    let input = repeated_extract(&std::fs::read(&path).unwrap_or_else(|error| panic!("cannot read {path}: {error}")), copies);

    let mut times = Vec::with_capacity(rounds);
    let mut rows = 0;
    for _ in 0..rounds {
        let start = Instant::now();
        let mut parser = LegacyFixedWidth::open(&OpenSettings::new("{}", (2021, 7, 1))).expect("empty options are accepted");
        rows = 0;
        for chunk in input.chunks(1 << 20) {
            rows += parser.feed(chunk).expect("feed succeeds").rows_read;
        }
        rows += parser.finish().expect("the repeated extract is complete").rows_read;
        times.push(start.elapsed());
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "{path} x {copies}: {} bytes, {rows} rows, median {:.2} ms over {rounds} rounds, {:.0} MB/s, {:.0} rows/s",
        input.len(),
        median.as_secs_f64() * 1e3,
        input.len() as f64 / 1e6 / median.as_secs_f64(),
        rows as f64 / median.as_secs_f64()
    );
}

/// Returns the first line of `file`, its lines between the first and the last repeated
/// `copies` times, and a trailer with their count.
fn repeated_extract(file: &[u8], copies: usize) -> Vec<u8> {
    let lines: Vec<&[u8]> = file.split(|&byte| byte == b'\n').filter(|line| !line.is_empty()).collect();
    let (header, rest) = lines.split_first().expect("the file has a header");
    let body = &rest[..rest.len() - 1];

    let mut output = Vec::with_capacity(file.len() * copies);
    output.extend_from_slice(header);
    output.push(b'\n');
    for _ in 0..copies {
        for line in body {
            output.extend_from_slice(line);
            output.push(b'\n');
        }
    }
    let count = body.len() * copies;
    output.extend_from_slice(format!("T{count:09}{:110}\n", "").as_bytes());
    output
}
