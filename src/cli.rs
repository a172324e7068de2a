//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Finds the convictions that California's Proposition 64 lets a county dismiss or
/// reduce, with the reason for each one.
#[derive(Parser, Debug)]
#[command(name = "clearway", version, about, long_about = None)]
pub struct Cli {
    /// Log more: -v info, -vv debug, -vvv trace. `RUST_LOG` overrides it.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Classify every in-scope conviction in the input files and write the results.
    Run(RunArgs),
    /// Check a county file and its adapter, and print the resolved configuration.
    Check(CheckArgs),
    /// Print one person's in-scope convictions with the facts and rules behind each outcome.
    Explain(ExplainArgs),
    /// Write the normalized records the county's adapter makes of the inputs, as JSON Lines.
    Records(RecordsArgs),
}

#[derive(Args, Debug)]
pub struct CountyArg {
    /// County name (looked up as `counties/<name>.toml` in $CLEARWAY_CONFIG_DIR, then in
    /// ./config, then among the counties built into the program) or a path to a TOML file.
    #[arg(long, value_name = "NAME|PATH")]
    pub county: String,
}

#[derive(Args, Debug)]
pub struct RunArgs {
    #[command(flatten)]
    pub county: CountyArg,

    /// Input files, read in the order given.
    #[arg(long, value_name = "FILE", required = true, num_args = 1..)]
    pub input: Vec<PathBuf>,

    /// Output folder; created if missing. Existing result files in it are replaced.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// Apply the rules as of this date (YYYY-MM-DD), overriding the county file's `as_of`.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<jiff::civil::Date>,

    /// No progress bar and no closing summary on the terminal.
    #[arg(short, long)]
    pub quiet: bool,

    /// Bytes handed to the adapter per call.
    #[arg(long, value_name = "BYTES", default_value_t = 1 << 20, hide = true)]
    pub chunk_size: usize,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub county: CountyArg,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    #[command(flatten)]
    pub county: CountyArg,

    /// Input files, read in the order given.
    #[arg(long, value_name = "FILE", required = true, num_args = 1..)]
    pub input: Vec<PathBuf>,

    /// The person's id as the source writes it (`SUBJECT_ID` in the DOJ file).
    #[arg(long, value_name = "ID")]
    pub subject: String,

    /// Apply the rules as of this date (YYYY-MM-DD), overriding the county file's `as_of`.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<jiff::civil::Date>,
}

#[derive(Args, Debug)]
pub struct RecordsArgs {
    #[command(flatten)]
    pub county: CountyArg,

    /// Input files, read in the order given.
    #[arg(long, value_name = "FILE", required = true, num_args = 1..)]
    pub input: Vec<PathBuf>,

    /// The JSON Lines file to write, one person per line; created with mode 0600.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,

    /// The as-of date (YYYY-MM-DD) adapters resolve two-digit years against, overriding
    /// the county file's `as_of`.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<jiff::civil::Date>,
}
