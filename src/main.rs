//! `clearway`: finds the convictions that Proposition 64 lets a California county clear.
//!
//! The program is a thin layer over the library crates: it resolves the county's
//! configuration, loads the county's adapter through `clearway-host`, streams each input
//! file through it, classifies each person with `clearway-core`, and writes the results.

mod cli;
mod county;
mod exit;
mod explain;
mod pipeline;
mod records;
mod run;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    init_logging(cli.verbose);

    let result = match &cli.command {
        cli::Command::Run(args) => run::run(args),
        cli::Command::Check(args) => run::check(args),
        cli::Command::Explain(args) => explain::explain(args),
        cli::Command::Records(args) => records::records(args),
    };
    match result {
        Ok(code) => code.into(),
        Err(error) => {
            eprintln!("error: {error:#}");
            exit::Status::Failed.into()
        }
    }
}

/// Logs to stderr. `RUST_LOG` sets the filter when present; otherwise each `-v` raises
/// Clearway's own level from warnings to info, debug and trace, while the libraries it uses
/// (wasmtime and its compiler) stay at warnings. Colours are used only on a terminal.
fn init_logging(verbose: u8) {
    let level = match verbose {
        0 => "warn",
        1 => "info",
        2 => "debug",
        _ => "trace",
    };
    let default = format!("warn,clearway={level},clearway_host={level},clearway_core={level}");
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .init();
}
