//! `clearway run` and `clearway check`.

use std::fs;
use std::io::IsTerminal;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clearway_core::classify::{RunContext, classify_subject};
use clearway_core::config::CountyConfig;
use clearway_core::diagnostic::{RowDiagnostic, Severity};
use clearway_core::output::{DiagnosticWriter, ResultsWriter, write_summary};
use clearway_core::schema::Subject;
use clearway_core::summary::Figures;
use clearway_host::{AdapterHost, HostConfig, LoadedAdapter, UnmappedCode};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

use crate::cli::{CheckArgs, RunArgs};
use crate::county;
use crate::exit::Status;
use crate::pipeline::{Assembler, Consumer, FileReport, SplitPerson, check_inputs, read_input};

/// Everything `summary.json` holds.
#[derive(Serialize)]
struct Summary<'a> {
    county: &'a str,
    as_of: String,
    /// False when an input could not be read to its end.
    complete: bool,
    #[serde(flatten)]
    figures: &'a Figures,
    files: &'a [FileReport],
    provenance: Provenance<'a>,
}

#[derive(Serialize)]
struct Provenance<'a> {
    program: &'static str,
    program_version: &'static str,
    adapter: AdapterProvenance<'a>,
    inputs: Vec<InputProvenance<'a>>,
    config: ConfigProvenance<'a>,
    as_of: String,
}

#[derive(Serialize)]
struct AdapterProvenance<'a> {
    name: &'a str,
    version: &'a str,
    interface_version: &'a str,
    sha256: &'a str,
}

#[derive(Serialize)]
struct InputProvenance<'a> {
    path: &'a str,
    sha256: &'a str,
}

#[derive(Serialize)]
struct ConfigProvenance<'a> {
    path: String,
    sha256: &'a str,
}

/// The writers and counters one run shares across its input files.
struct Sink<'a> {
    county: &'a CountyConfig,
    context: RunContext,
    results: ResultsWriter,
    rejects: DiagnosticWriter,
    warnings: DiagnosticWriter,
    figures: Figures,
    assembler: Assembler,
}

impl Consumer for Sink<'_> {
    fn subject(&mut self, subject: Subject, complete: bool) -> anyhow::Result<()> {
        match self.assembler.accept(subject, complete)? {
            Some(subject) => self.classify(&subject),
            None => Ok(()),
        }
    }

    fn diagnostic(&mut self, diagnostic: &RowDiagnostic) -> anyhow::Result<()> {
        self.figures.add_diagnostic(diagnostic);
        match diagnostic.severity {
            Severity::Error => self.rejects.write(diagnostic).context("writing rejects.csv"),
            Severity::Warning => self.warnings.write(diagnostic).context("writing warnings.csv"),
        }
    }

    fn unmapped(&mut self, code: &UnmappedCode) {
        self.figures.add_unmapped(&code.table, &code.code, code.description.as_deref(), &code.file, code.row);
    }
}

impl Sink<'_> {
    fn classify(&mut self, subject: &Subject) -> anyhow::Result<()> {
        let outcome = classify_subject(subject, &self.county.policy, &self.context);
        for decision in &outcome.decisions {
            self.results.write(subject, decision).context("writing results.csv")?;
        }
        self.figures.add_subject(&outcome);
        Ok(())
    }

    /// Classifies the people held until the end because their rows could be anywhere.
    fn classify_held(&mut self) -> anyhow::Result<()> {
        for subject in self.assembler.take_held() {
            self.classify(&subject)?;
        }
        Ok(())
    }
}

pub fn run(args: &RunArgs) -> anyhow::Result<Status> {
    let county = county::load(&args.county.county)?;
    let as_of = county::as_of(args.as_of, &county)?;
    check_inputs(&args.input)?;
    if args.chunk_size == 0 {
        bail!("--chunk-size must be at least 1 byte");
    }

    let (_host, adapter) = load_adapter(&county)?;

    check_outputs_are_not_inputs(&args.input, &args.out)?;
    prepare_output_folder(&args.out)?;
    let started = Instant::now();
    let (mut sink, reports) = match read_inputs(args, &county, &adapter, as_of, false) {
        Err(error) if error.is::<SplitPerson>() => {
            tracing::warn!("{error}; reading the inputs again and holding every person until the end");
            read_inputs(args, &county, &adapter, as_of, true)?
        }
        other => other?,
    };

    let complete = reports.iter().all(|report| report.complete);
    for report in &reports {
        sink.figures.rows.read += report.rows_read;
        sink.figures.rows.used += report.rows_used;
        sink.figures.rows.rejected += report.rows_rejected;
    }
    let Sink { results, rejects, warnings, figures, .. } = sink;
    let conviction_rows = results.rows();
    results.commit().with_context(|| cannot_write(&args.out))?;
    rejects.commit().with_context(|| cannot_write(&args.out))?;
    warnings.commit().with_context(|| cannot_write(&args.out))?;

    let summary = Summary {
        county: &county.name,
        as_of: as_of.to_string(),
        complete,
        figures: &figures,
        files: &reports,
        provenance: Provenance {
            program: env!("CARGO_PKG_NAME"),
            program_version: env!("CARGO_PKG_VERSION"),
            adapter: AdapterProvenance {
                name: &adapter.info().name,
                version: &adapter.info().version,
                interface_version: &adapter.info().interface_version,
                sha256: adapter.sha256(),
            },
            inputs: reports.iter().map(|r| InputProvenance { path: &r.path, sha256: &r.sha256 }).collect(),
            config: ConfigProvenance { path: county.path.display().to_string(), sha256: &county.sha256 },
            as_of: as_of.to_string(),
        },
    };
    write_summary(&args.out, &summary).with_context(|| cannot_write(&args.out))?;

    if !args.quiet {
        print_closing_summary(&summary, conviction_rows, &args.out, started.elapsed());
    }
    let unmapped = figures.unmapped_total();
    let too_many_unmapped = county.limits.max_unmapped_codes.is_some_and(|max| unmapped > max);
    if too_many_unmapped {
        eprintln!(
            "error: {unmapped} rows carry codes missing from the county's code tables, more than \
             limits.max_unmapped_codes allows; summary.json lists them under unmapped_codes"
        );
    }
    Ok(if !complete {
        Status::InputIncomplete
    } else if too_many_unmapped {
        Status::TooManyUnmappedCodes
    } else if figures.rows.rejected > 0 {
        Status::RowsRejected
    } else {
        Status::Clean
    })
}

pub fn check(args: &CheckArgs) -> anyhow::Result<Status> {
    let county = county::load(&args.county.county)?;
    let (_host, adapter) = load_adapter(&county)?;

    #[derive(Serialize)]
    struct Resolved<'a> {
        file: String,
        name: &'a str,
        as_of: Option<String>,
        adapter: &'a clearway_host::AdapterInfo,
        adapter_sha256: &'a str,
        adapter_options: serde_json::Value,
        policy: &'a clearway_core::policy::Policy,
        limits: &'a clearway_core::config::Limits,
    }
    let resolved = Resolved {
        file: county.path.display().to_string(),
        name: &county.name,
        as_of: county.as_of.map(|date| date.to_string()),
        adapter: adapter.info(),
        adapter_sha256: adapter.sha256(),
        adapter_options: serde_json::from_str(&county.adapter_options)?,
        policy: &county.policy,
        limits: &county.limits,
    };
    println!("{}", serde_json::to_string_pretty(&resolved)?);
    Ok(Status::Clean)
}

/// Loads the county's adapter and checks that it accepts the county's adapter options, so
/// that a mistake in `[adapter.options]` stops the run before any input is read. The host
/// is returned too and must outlive every call into the adapter, because its thread drives
/// the call deadlines.
pub fn load_adapter(county: &CountyConfig) -> anyhow::Result<(AdapterHost, LoadedAdapter)> {
    let host = AdapterHost::new(host_config(county))?;
    let (label, bytes) = county::adapter_bytes(&county.adapter)?;
    let adapter = host.load(&label, &bytes)?;
    tracing::info!(adapter = adapter.info().name, version = adapter.info().version, "adapter loaded");

    // The date only matters to parsing, and nothing is parsed here.
    let as_of = county.as_of.unwrap_or(jiff::civil::date(2000, 1, 1));
    match adapter.open(Arc::from("(options check)"), &county.adapter_options, as_of) {
        Ok(parser) => drop(parser),
        Err(clearway_host::AdapterError::Rejected { message, .. }) => {
            bail!("{}: [adapter.options] rejected by adapter `{}`: {message}", county.path.display(), adapter.name());
        }
        Err(clearway_host::AdapterError::Fault { detail, .. }) => {
            bail!("adapter `{}` failed while opening a parser with the county's options: {detail}", adapter.name());
        }
        Err(error) => return Err(error.into()),
    }
    Ok((host, adapter))
}

fn host_config(county: &CountyConfig) -> HostConfig {
    HostConfig {
        memory_limit: (county.limits.adapter_memory_mib as usize) << 20,
        call_timeout: Duration::from_secs(u64::from(county.limits.adapter_call_seconds)),
        cache_dir: cache_dir(),
    }
}

/// Returns the compiled-adapter cache folder: `$CLEARWAY_CACHE_DIR` (empty turns the cache off), else
/// `$XDG_CACHE_HOME/clearway/adapters`, else `~/.cache/clearway/adapters`.
fn cache_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("CLEARWAY_CACHE_DIR") {
        return if dir.is_empty() { None } else { Some(PathBuf::from(dir)) };
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))?;
    Some(base.join("clearway").join("adapters"))
}

pub fn total_bytes(inputs: &[PathBuf]) -> u64 {
    inputs.iter().filter_map(|input| fs::metadata(input).ok()).map(|metadata| metadata.len()).sum()
}

/// Reads every input into a fresh set of writers. With `hold_all`, every person is held
/// until the end; without it, a person whose rows turn out to be split stops the pass with
/// [`SplitPerson`], and the writers' partial files are removed when they are dropped.
fn read_inputs<'a>(
    args: &RunArgs,
    county: &'a CountyConfig,
    adapter: &LoadedAdapter,
    as_of: jiff::civil::Date,
    hold_all: bool,
) -> anyhow::Result<(Sink<'a>, Vec<FileReport>)> {
    let mut sink = Sink {
        county,
        context: RunContext { county: county.name.clone(), as_of },
        results: ResultsWriter::create(&args.out).with_context(|| cannot_write(&args.out))?,
        rejects: DiagnosticWriter::create(&args.out, "rejects.csv").with_context(|| cannot_write(&args.out))?,
        warnings: DiagnosticWriter::create(&args.out, "warnings.csv").with_context(|| cannot_write(&args.out))?,
        figures: Figures::default(),
        assembler: Assembler::new(county.limits.max_held_entries, &county.path, hold_all),
    };

    let progress = progress_bar(args, total_bytes(&args.input));
    let mut reports: Vec<FileReport> = Vec::new();
    for input in &args.input {
        let report = read_input(input, adapter, &county.adapter_options, as_of, args.chunk_size, &mut sink, &progress)?;
        reports.push(report);
    }
    sink.classify_held()?;
    progress.finish_and_clear();
    Ok((sink, reports))
}

/// Rejects a run whose output files would overwrite one of its inputs.
fn check_outputs_are_not_inputs(inputs: &[PathBuf], out: &Path) -> anyhow::Result<()> {
    let Ok(out) = out.canonicalize() else {
        return Ok(());
    };
    for input in inputs {
        let input = input.canonicalize().with_context(|| format!("input file {} not found", input.display()))?;
        let overwritten = ["results.csv", "rejects.csv", "warnings.csv", "summary.json"]
            .iter()
            .any(|name| out.join(name) == input);
        if overwritten {
            bail!("input {} would be overwritten by the run's outputs; choose another --out folder", input.display());
        }
    }
    Ok(())
}

/// Creates the output folder (mode 0700) if it is missing and checks that it is a folder.
fn prepare_output_folder(out: &Path) -> anyhow::Result<()> {
    if out.exists() {
        if !out.is_dir() {
            bail!("output {} exists and is not a folder", out.display());
        }
        return Ok(());
    }
    fs::DirBuilder::new().recursive(true).mode(0o700).create(out).with_context(|| cannot_write(out))
}

fn cannot_write(out: &Path) -> String {
    format!("cannot write to the output folder {}; check that it exists and that you may write to it", out.display())
}

fn progress_bar(args: &RunArgs, total: u64) -> ProgressBar {
    if args.quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {bytes}/{total_bytes} ({bytes_per_sec}, {eta} left) {msg}")
            .expect("the progress template is valid"),
    );
    bar
}

fn print_closing_summary(summary: &Summary<'_>, conviction_rows: u64, out: &Path, elapsed: Duration) {
    use clearway_core::decision::Outcome;
    let figures = summary.figures;
    let policy = &figures.outcomes.policy;
    println!(
        "{}, as of {}: {conviction_rows} in-scope convictions; county policy: {} dismiss, {} reduce, {} hand review, {} not eligible",
        summary.county,
        summary.as_of,
        policy.get(Outcome::Dismiss),
        policy.get(Outcome::Reduce),
        policy.get(Outcome::HandReview),
        policy.get(Outcome::NotEligible),
    );
    println!(
        "rows: {} read, {} used, {} rejected, {} warnings; {:.1} s",
        figures.rows.read,
        figures.rows.used,
        figures.rows.rejected,
        figures.rows.warnings,
        elapsed.as_secs_f64()
    );
    for file in summary.files.iter() {
        if let Some(warning) = &file.warning {
            println!("warning: {}: {warning}", file.path);
        }
    }
    for file in summary.files.iter().filter(|file| !file.complete) {
        println!("incomplete: {}: {}", file.path, file.error.as_deref().unwrap_or("not read to its end"));
    }
    println!("results in {}", out.display());
}
