//! Streaming input files through an adapter, with row accounting.
//!
//! Both `clearway run` and `clearway explain` read inputs this way. The file goes to the
//! adapter in chunks, and each person comes back as soon as the adapter completes them.
//! Memory therefore holds only the people in flight, except for formats that spread a
//! person through the file, where every person is held until the end.

use std::fs::{self, File};
use std::io::Read;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, bail};
use clearway_core::diagnostic::{RowDiagnostic, Severity};
use clearway_core::schema::Subject;
use clearway_host::{AdapterError, HostBatch, LoadedAdapter, UnmappedCode};
use indicatif::ProgressBar;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// A receiver of the people and diagnostics the adapter returns for an input.
pub trait Consumer {
    /// Takes one person. `complete` is true when the adapter's format keeps each person's
    /// rows together, so the person has all their entries from this file.
    fn subject(&mut self, subject: Subject, complete: bool) -> anyhow::Result<()>;

    /// Takes one diagnostic.
    fn diagnostic(&mut self, diagnostic: &RowDiagnostic) -> anyhow::Result<()>;

    /// Takes one code that the county's code tables lack.
    fn unmapped(&mut self, code: &UnmappedCode);
}

/// What happened to one input file.
#[derive(Serialize, Default)]
pub struct FileReport {
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
    pub rows_read: u64,
    pub rows_used: u64,
    pub rows_rejected: u64,
    pub complete: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// A problem with the file as a whole that did not stop the run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
}

/// Checks that every input exists and that no file is given twice.
///
/// Two files of the same size are compared by SHA-256, so a copy under another name is
/// caught too. Files of different sizes are never read here.
pub fn check_inputs(inputs: &[PathBuf]) -> anyhow::Result<()> {
    let mut seen: Vec<(u64, u64, u64, &Path)> = Vec::new();
    for input in inputs {
        let metadata = fs::metadata(input).with_context(|| format!("input file {} not found or unreadable", input.display()))?;
        if !metadata.is_file() {
            bail!("input {} is not a file", input.display());
        }
        let identity = (metadata.dev(), metadata.ino());
        if let Some((_, _, _, first)) = seen.iter().find(|(dev, ino, _, _)| (*dev, *ino) == identity) {
            bail!("input {} is given twice (also as {}); give each file once", input.display(), first.display());
        }
        for (_, _, _, earlier) in seen.iter().filter(|(_, _, size, _)| *size == metadata.len()) {
            if metadata.len() > 0 && file_sha256(earlier)? == file_sha256(input)? {
                bail!(
                    "input {} has the same content as {}; give each file once, or its people would be counted twice",
                    input.display(),
                    earlier.display()
                );
            }
        }
        seen.push((identity.0, identity.1, metadata.len(), input));
    }
    Ok(())
}

fn file_sha256(path: &Path) -> anyhow::Result<String> {
    let mut file = File::open(path).with_context(|| format!("cannot open input {}", path.display()))?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut file, &mut hasher).with_context(|| format!("reading input {}", path.display()))?;
    Ok(hex(&hasher.finalize()))
}

/// An error that stops a pass over the inputs because one person's rows came back in two
/// pieces, so the run must read the inputs again holding every person until the end.
#[derive(Debug)]
pub struct SplitPerson {
    pub file: String,
    pub row: u64,
}

impl std::fmt::Display for SplitPerson {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the rows of one person are not all together: {} row {} continues a person seen earlier", self.file, self.row)
    }
}

impl std::error::Error for SplitPerson {}

/// Puts people together from what the adapter returns: a person the format delivers whole
/// goes on at once, and the pieces of people whose rows may be spread are held, merged by
/// id, until every input is read.
pub struct Assembler {
    held: std::collections::HashMap<String, Subject>,
    held_entries: u64,
    /// Entries held at most, and the county file that sets the limit.
    max_entries: u64,
    county_file: PathBuf,
    /// True on a second pass over inputs in which a person's rows were found split: every
    /// person is then held until the end, whatever the format promises.
    hold_all: bool,
    seen: SeenPeople,
}

impl Assembler {
    pub fn new(max_entries: u64, county_file: &Path, hold_all: bool) -> Assembler {
        Assembler {
            held: std::collections::HashMap::new(),
            held_entries: 0,
            max_entries,
            county_file: county_file.to_path_buf(),
            hold_all,
            seen: SeenPeople::default(),
        }
    }

    /// Returns the person when they can be processed now, or keeps them and returns `None`.
    /// Fails with [`SplitPerson`] when a person delivered whole turns up a second time, and
    /// when the held entries pass the limit.
    pub fn accept(&mut self, subject: Subject, complete: bool) -> anyhow::Result<Option<Subject>> {
        if complete && !self.hold_all {
            self.seen.check(&subject)?;
            return Ok(Some(subject));
        }
        // A person with no entries still takes memory, so it counts as one.
        self.held_entries += subject.charges.len().max(1) as u64;
        let max = self.max_entries;
        if self.held_entries > max {
            bail!(
                "more than {max} entries are held in memory, because this format spreads a person's rows \
                 through the file and every person must be read before anyone is classified; raise \
                 limits.max_held_entries in {} if the machine has the memory (about 1 KiB per entry), \
                 or split the input into files that each hold whole people",
                self.county_file.display()
            );
        }
        match self.held.get_mut(&subject.id) {
            Some(existing) => existing.absorb(subject),
            None => {
                self.held.insert(subject.id.clone(), subject);
            }
        }
        Ok(None)
    }

    /// Returns the held people in the order of their first row, so that the output does not
    /// depend on hashing.
    pub fn take_held(&mut self) -> Vec<Subject> {
        let mut subjects: Vec<Subject> = std::mem::take(&mut self.held).into_values().collect();
        subjects.sort_by(|a, b| first_source(a).cmp(&first_source(b)).then_with(|| a.id.cmp(&b.id)));
        subjects
    }
}

/// Returns the file and row where a person's record starts.
pub fn first_source(subject: &Subject) -> (Arc<str>, u64) {
    subject
        .charges
        .iter()
        .map(|charge| (Arc::clone(&charge.source.file), charge.source.first_row()))
        .min()
        .unwrap_or_else(|| (Arc::from(""), 0))
}

/// The people already handed over, as 64-bit hashes of their ids, to notice a person whose
/// rows are split across files or across a file. About 16 bytes a person.
#[derive(Default)]
pub struct SeenPeople(std::collections::HashSet<u64>);

impl SeenPeople {
    /// Records the person, or returns [`SplitPerson`] if their id was seen before.
    pub fn check(&mut self, subject: &Subject) -> anyhow::Result<()> {
        use std::hash::{Hash, Hasher};
        // NOTE: two different ids with the same 64-bit hash would be taken for one split
        // person; the only effect is a needless second pass that keeps everyone in memory.
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        subject.id.hash(&mut hasher);
        if self.0.insert(hasher.finish()) {
            return Ok(());
        }
        let (file, row) = subject
            .charges
            .iter()
            .map(|charge| (charge.source.file.to_string(), charge.source.first_row()))
            .min()
            .unwrap_or_default();
        Err(anyhow::Error::new(SplitPerson { file, row }))
    }
}

/// Streams one input through the adapter, classifying and writing as subjects complete.
pub fn read_input(
    path: &Path,
    adapter: &LoadedAdapter,
    adapter_options: &str,
    as_of: jiff::civil::Date,
    chunk_size: usize,
    consumer: &mut dyn Consumer,
    progress: &ProgressBar,
) -> anyhow::Result<FileReport> {
    let label: Arc<str> = Arc::from(path.display().to_string());
    let _span = tracing::info_span!("input", file = %label).entered();
    let mut file = File::open(path).with_context(|| format!("cannot open input {}", path.display()))?;
    let mut report = FileReport { path: label.to_string(), ..FileReport::default() };
    let mut accounting = Accounting::default();
    let mut hasher = Sha256::new();
    let started = Instant::now();

    let mut parser = match adapter.open(Arc::clone(&label), adapter_options, as_of) {
        Ok(parser) => Some(parser),
        Err(error) => {
            record_failure(&mut report, &error, consumer)?;
            None
        }
    };

    let mut buffer = vec![0u8; chunk_size];
    let mut ends_with_line_end = false;
    loop {
        let read = file.read(&mut buffer).with_context(|| format!("reading input {}", path.display()))?;
        if read == 0 {
            break;
        }
        let chunk = &buffer[..read];
        hasher.update(chunk);
        ends_with_line_end = chunk.last() == Some(&b'\n');
        report.bytes += read as u64;
        progress.inc(read as u64);
        let Some(active) = parser.as_mut() else { continue };
        match active.feed(chunk) {
            Ok(batch) => accept_batch(batch, adapter, &mut accounting, consumer)?,
            Err(error) => {
                parser = None;
                record_failure(&mut report, &error, consumer)?;
            }
        }
        let rows = accounting.read;
        let rate = rows as f64 / started.elapsed().as_secs_f64().max(1e-3);
        progress.set_message(format!("{rows} rows ({rate:.0} rows/s)"));
    }
    if let Some(active) = parser {
        match active.finish() {
            Ok(batch) => accept_batch(batch, adapter, &mut accounting, consumer)?,
            Err(error) => record_failure(&mut report, &error, consumer)?,
        }
    }

    report.sha256 = hex(&hasher.finalize());
    report.rows_read = accounting.read;
    report.rows_used = accounting.used;
    report.rows_rejected = accounting.rejected;
    if report.error.is_none() {
        report.complete = true;
        if accounting.read == 0 {
            report.complete = false;
            report.error = Some("the input has no data rows; check that it is the right file for this county's format".into());
            tracing::error!(file = %label, "the input has no data rows");
        } else if let Some(row) = cut_off_row(&accounting, ends_with_line_end) {
            report.complete = false;
            report.error = Some(format!(
                "the input does not end with a line end and its last row, row {row}, could not be read, so \
                 the file was probably cut off; ask for a complete copy"
            ));
            tracing::error!(file = %label, row, "the input looks cut off");
        } else if accounting.used == 0 {
            // Every row is in rejects.csv, so the run is complete, but an input none of
            // whose rows fit is more likely the wrong file than a file of bad rows.
            report.warning = Some(format!(
                "none of the input's {} rows could be used; check that it is the right file for this county's format",
                accounting.read
            ));
            tracing::warn!(file = %label, "no row of the input could be used");
        } else if accounting.read != accounting.used + accounting.rejected {
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

/// Returns the last row when the input looks cut off in transfer: it does not end with a
/// line end, and its last row was rejected. Formats with a trailer record catch a cut file
/// themselves; for the others, such as CSV and JSON Lines, this is the only sign.
///
/// NOTE: this reads the input as lines. A format that is not line-based and ends without a
/// line end after a rejected last record would be reported as cut off too.
fn cut_off_row(accounting: &Accounting, ends_with_line_end: bool) -> Option<u64> {
    let last_rejected = accounting.last_rejected_row?;
    (!ends_with_line_end && last_rejected > accounting.last_used_row).then_some(last_rejected)
}

/// Row counts of one input, from what the adapter returned.
#[derive(Default)]
struct Accounting {
    read: u64,
    used: u64,
    rejected: u64,
    last_rejected_row: Option<u64>,
    /// The highest row number of any entry the adapter returned.
    last_used_row: u64,
}

fn accept_batch(
    batch: HostBatch,
    adapter: &LoadedAdapter,
    accounting: &mut Accounting,
    consumer: &mut dyn Consumer,
) -> anyhow::Result<()> {
    accounting.read += batch.rows_read;
    for diagnostic in &batch.diagnostics {
        // Adapters report diagnostics in row order; a row with several errors is
        // rejected once.
        if diagnostic.severity == Severity::Error && accounting.last_rejected_row != Some(diagnostic.row) {
            accounting.rejected += 1;
            accounting.last_rejected_row = Some(diagnostic.row);
        }
        consumer.diagnostic(diagnostic)?;
    }
    accounting.used += batch.rows_used;
    for code in &batch.unmapped {
        consumer.unmapped(code);
    }
    for subject in batch.subjects {
        let last_row = subject.charges.iter().flat_map(|charge| charge.source.rows.iter().copied()).max().unwrap_or(0);
        accounting.last_used_row = accounting.last_used_row.max(last_row);
        consumer.subject(subject, adapter.info().subjects_contiguous)?;
    }
    Ok(())
}

/// Records an adapter failure on a file: in the file's report, in the log, and as a
/// row in `rejects.csv` that points at the first row not processed.
fn record_failure(report: &mut FileReport, error: &AdapterError, consumer: &mut dyn Consumer) -> anyhow::Result<()> {
    tracing::error!("{error}");
    let (code, row) = match error {
        AdapterError::Fault { kind, after_row, .. } => (kind.code(), after_row + 1),
        AdapterError::Rejected { .. } => ("input-unusable", 0),
        AdapterError::Poisoned { .. } => ("adapter-poisoned", 0),
    };
    report.complete = false;
    report.error = Some(error.to_string());
    consumer.diagnostic(&RowDiagnostic {
        file: Arc::from(report.path.as_str()),
        row,
        code: code.to_string(),
        severity: Severity::Error,
        field: None,
        message: error.to_string(),
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}
