//! `clearway run` and `clearway check`.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::{IsTerminal, Read};
use std::os::unix::fs::{DirBuilderExt, MetadataExt};
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
use clearway_host::{AdapterError, AdapterHost, HostBatch, HostConfig, LoadedAdapter};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::cli::{CheckArgs, RunArgs};
use crate::county;
use crate::exit::Status;

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

/// What happened to one input file.
#[derive(Serialize, Default)]
struct FileReport {
    path: String,
    sha256: String,
    bytes: u64,
    rows_read: u64,
    rows_used: u64,
    rows_rejected: u64,
    complete: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    duplicate_of: Option<String>,
}

/// The writers and counters one run shares across its input files.
struct Sink<'a> {
    county: &'a CountyConfig,
    context: RunContext,
    results: ResultsWriter,
    rejects: DiagnosticWriter,
    warnings: DiagnosticWriter,
    figures: Figures,
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

    fn diagnostic(&mut self, diagnostic: &RowDiagnostic) -> anyhow::Result<()> {
        self.figures.add_diagnostic(diagnostic);
        match diagnostic.severity {
            Severity::Error => self.rejects.write(diagnostic).context("writing rejects.csv"),
            Severity::Warning => self.warnings.write(diagnostic).context("writing warnings.csv"),
        }
    }
}

pub fn run(args: &RunArgs) -> anyhow::Result<Status> {
    let county = county::load(&args.county.county)?;
    let Some(as_of) = args.as_of.or(county.as_of) else {
        bail!(
            "no as-of date: set `as_of` in {} or pass --as-of YYYY-MM-DD (the rules are never applied as of the system clock)",
            county.path.display()
        );
    };
    check_inputs(&args.input)?;
    if args.chunk_size == 0 {
        bail!("--chunk-size must be at least 1 byte");
    }

    let host = AdapterHost::new(host_config(&county))?;
    let (label, bytes) = county::adapter_bytes(&county.adapter)?;
    let adapter = host.load(&label, &bytes)?;
    tracing::info!(adapter = adapter.info().name, version = adapter.info().version, "adapter loaded");

    prepare_output_folder(&args.out)?;
    let mut sink = Sink {
        county: &county,
        context: RunContext { county: county.name.clone(), as_of },
        results: ResultsWriter::create(&args.out).with_context(|| cannot_write(&args.out))?,
        rejects: DiagnosticWriter::create(&args.out, "rejects.csv").with_context(|| cannot_write(&args.out))?,
        warnings: DiagnosticWriter::create(&args.out, "warnings.csv").with_context(|| cannot_write(&args.out))?,
        figures: Figures::default(),
    };

    let progress = progress_bar(args, total_bytes(&args.input));
    let started = Instant::now();
    let mut held: HashMap<String, Subject> = HashMap::new();
    let mut reports: Vec<FileReport> = Vec::new();
    for input in &args.input {
        let mut report = read_input(input, &adapter, &county, args.chunk_size, &mut sink, &mut held, &progress)?;
        if let Some(earlier) = reports.iter().find(|earlier| earlier.sha256 == report.sha256) {
            tracing::warn!(file = %input.display(), earlier = earlier.path, "input has the same content as an earlier input");
            report.duplicate_of = Some(earlier.path.clone());
        }
        reports.push(report);
    }
    classify_held(held, &mut sink)?;
    progress.finish_and_clear();

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
    Ok(if !complete {
        Status::InputIncomplete
    } else if figures.rows.rejected > 0 {
        Status::RowsRejected
    } else {
        Status::Clean
    })
}

pub fn check(args: &CheckArgs) -> anyhow::Result<Status> {
    let county = county::load(&args.county.county)?;
    let host = AdapterHost::new(host_config(&county))?;
    let (label, bytes) = county::adapter_bytes(&county.adapter)?;
    let adapter = host.load(&label, &bytes)?;

    #[derive(Serialize)]
    struct Resolved<'a> {
        file: String,
        name: &'a str,
        as_of: Option<String>,
        adapter: &'a clearway_host::AdapterInfo,
        adapter_sha256: &'a str,
        adapter_options: serde_json::Value,
        policy: &'a clearway_core::policy::Policy,
        adapter_memory_mib: u32,
        adapter_call_seconds: u32,
    }
    let resolved = Resolved {
        file: county.path.display().to_string(),
        name: &county.name,
        as_of: county.as_of.map(|date| date.to_string()),
        adapter: adapter.info(),
        adapter_sha256: adapter.sha256(),
        adapter_options: serde_json::from_str(&county.adapter_options)?,
        policy: &county.policy,
        adapter_memory_mib: county.limits.adapter_memory_mib,
        adapter_call_seconds: county.limits.adapter_call_seconds,
    };
    println!("{}", serde_json::to_string_pretty(&resolved)?);
    Ok(Status::Clean)
}

fn host_config(county: &CountyConfig) -> HostConfig {
    HostConfig {
        memory_limit: (county.limits.adapter_memory_mib as usize) << 20,
        call_timeout: Duration::from_secs(u64::from(county.limits.adapter_call_seconds)),
        cache_dir: cache_dir(),
    }
}

/// The compiled-adapter cache: `$CLEARWAY_CACHE_DIR` (empty turns the cache off), else
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

/// Checks that every input exists and that no file is given twice.
fn check_inputs(inputs: &[PathBuf]) -> anyhow::Result<()> {
    let mut seen: Vec<(u64, u64, &Path)> = Vec::new();
    for input in inputs {
        let metadata = fs::metadata(input).with_context(|| format!("input file {} not found or unreadable", input.display()))?;
        if !metadata.is_file() {
            bail!("input {} is not a file", input.display());
        }
        let identity = (metadata.dev(), metadata.ino());
        if let Some((_, _, first)) = seen.iter().find(|(dev, ino, _)| (*dev, *ino) == identity) {
            bail!("input {} is given twice (also as {}); give each file once", input.display(), first.display());
        }
        seen.push((identity.0, identity.1, input));
    }
    Ok(())
}

fn total_bytes(inputs: &[PathBuf]) -> u64 {
    inputs.iter().filter_map(|input| fs::metadata(input).ok()).map(|metadata| metadata.len()).sum()
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

/// Streams one input through the adapter, classifying and writing as subjects complete.
fn read_input(
    path: &Path,
    adapter: &LoadedAdapter,
    county: &CountyConfig,
    chunk_size: usize,
    sink: &mut Sink<'_>,
    held: &mut HashMap<String, Subject>,
    progress: &ProgressBar,
) -> anyhow::Result<FileReport> {
    let label: Arc<str> = Arc::from(path.display().to_string());
    let _span = tracing::info_span!("input", file = %label).entered();
    let mut file = File::open(path).with_context(|| format!("cannot open input {}", path.display()))?;
    let mut report = FileReport { path: label.to_string(), ..FileReport::default() };
    let mut accounting = Accounting::default();
    let mut hasher = Sha256::new();
    let started = Instant::now();

    let mut parser = match adapter.open(Arc::clone(&label), &county.adapter_options) {
        Ok(parser) => Some(parser),
        Err(error) => {
            record_failure(&mut report, &error, sink)?;
            None
        }
    };

    let mut buffer = vec![0u8; chunk_size];
    loop {
        let read = file.read(&mut buffer).with_context(|| format!("reading input {}", path.display()))?;
        if read == 0 {
            break;
        }
        let chunk = &buffer[..read];
        hasher.update(chunk);
        report.bytes += read as u64;
        progress.inc(read as u64);
        let Some(active) = parser.as_mut() else { continue };
        match active.feed(chunk) {
            Ok(batch) => accept_batch(batch, adapter, &mut accounting, sink, held)?,
            Err(error) => {
                parser = None;
                record_failure(&mut report, &error, sink)?;
            }
        }
        let rows = accounting.read;
        let rate = rows as f64 / started.elapsed().as_secs_f64().max(1e-3);
        progress.set_message(format!("{rows} rows ({rate:.0} rows/s)"));
    }
    if let Some(active) = parser {
        match active.finish() {
            Ok(batch) => accept_batch(batch, adapter, &mut accounting, sink, held)?,
            Err(error) => record_failure(&mut report, &error, sink)?,
        }
    }

    report.sha256 = hex(&hasher.finalize());
    report.rows_read = accounting.read;
    report.rows_used = accounting.used;
    report.rows_rejected = accounting.rejected;
    if report.error.is_none() {
        report.complete = true;
        if accounting.read != accounting.used + accounting.rejected {
            report.complete = false;
            report.error = Some(format!(
                "adapter `{}` accounted for {} rows used and {} rejected, but reported {} rows read",
                adapter.name(),
                accounting.used,
                accounting.rejected,
                accounting.read
            ));
            tracing::error!(file = %label, "{}", report.error.as_deref().unwrap_or_default());
        }
    }
    tracing::info!(rows_read = report.rows_read, rows_rejected = report.rows_rejected, "input finished");
    Ok(report)
}

/// Row counts of one input, from what the adapter returned.
#[derive(Default)]
struct Accounting {
    read: u64,
    used: u64,
    rejected: u64,
    last_rejected_row: Option<u64>,
}

fn accept_batch(
    batch: HostBatch,
    adapter: &LoadedAdapter,
    accounting: &mut Accounting,
    sink: &mut Sink<'_>,
    held: &mut HashMap<String, Subject>,
) -> anyhow::Result<()> {
    accounting.read += batch.rows_read;
    for diagnostic in &batch.diagnostics {
        // Adapters report diagnostics in row order; a row with several errors is
        // rejected once.
        if diagnostic.severity == Severity::Error && accounting.last_rejected_row != Some(diagnostic.row) {
            accounting.rejected += 1;
            accounting.last_rejected_row = Some(diagnostic.row);
        }
        sink.diagnostic(diagnostic)?;
    }
    for subject in batch.subjects {
        accounting.used += subject.charges.iter().map(|charge| charge.source.rows.len() as u64).sum::<u64>();
        if adapter.info().subjects_contiguous {
            // NOTE: a person whose rows reappear later in a file that should keep them
            // together is classified twice, each time on part of the record.
            sink.classify(&subject)?;
        } else {
            match held.get_mut(&subject.id) {
                Some(existing) => existing.charges.extend(subject.charges),
                None => {
                    held.insert(subject.id.clone(), subject);
                }
            }
        }
    }
    Ok(())
}

/// Classifies the people held until the end because their rows could be anywhere, in the
/// order of their first row so that the output does not depend on hashing.
fn classify_held(held: HashMap<String, Subject>, sink: &mut Sink<'_>) -> anyhow::Result<()> {
    let mut subjects: Vec<Subject> = held.into_values().collect();
    subjects.sort_by(|a, b| first_source(a).cmp(&first_source(b)).then_with(|| a.id.cmp(&b.id)));
    for subject in &subjects {
        sink.classify(subject)?;
    }
    Ok(())
}

fn first_source(subject: &Subject) -> (Arc<str>, u64) {
    subject
        .charges
        .iter()
        .map(|charge| (Arc::clone(&charge.source.file), charge.source.first_row()))
        .min()
        .unwrap_or_else(|| (Arc::from(""), 0))
}

/// Records an adapter failure on a file: in the file's report, in the log, and as a
/// row in `rejects.csv` that points at the first row not processed.
fn record_failure(report: &mut FileReport, error: &AdapterError, sink: &mut Sink<'_>) -> anyhow::Result<()> {
    tracing::error!("{error}");
    let (code, row) = match error {
        AdapterError::Fault { kind, after_row, .. } => (kind.code(), after_row + 1),
        AdapterError::Rejected { .. } => ("input-unusable", 0),
        AdapterError::Poisoned { .. } => ("adapter-poisoned", 0),
    };
    report.complete = false;
    report.error = Some(error.to_string());
    sink.diagnostic(&RowDiagnostic {
        file: Arc::from(report.path.as_str()),
        row,
        code: code.to_string(),
        severity: Severity::Error,
        field: None,
        message: error.to_string(),
    })
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
    for file in summary.files.iter().filter(|file| !file.complete) {
        println!("incomplete: {}: {}", file.path, file.error.as_deref().unwrap_or("not read to its end"));
    }
    println!("results in {}", out.display());
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}
