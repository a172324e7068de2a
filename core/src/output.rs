//! The files a run writes: `results.csv`, `rejects.csv`, `warnings.csv` and `summary.json`.
//!
//! Each file is written under a temporary name in the output folder and renamed into
//! place only when it is complete, so a reader never sees half a file. Files are created
//! readable and writable by their owner only (mode 0600), because they hold personal
//! records.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use crate::decision::Decision;
use crate::diagnostic::RowDiagnostic;
use crate::schema::{Charge, Subject};

/// Columns of `results.csv`, in order.
pub const RESULTS_COLUMNS: [&str; 18] = [
    "subject_id",
    "county",
    "case_number",
    "count_id",
    "source_file",
    "source_rows",
    "statute_raw",
    "statute",
    "level",
    "disposition",
    "disposition_date",
    "law_outcome",
    "law_reason_code",
    "policy_outcome",
    "policy_reason_code",
    "reason",
    "citation",
    "flags",
];

/// Columns of `rejects.csv` and `warnings.csv`, in order.
pub const DIAGNOSTIC_COLUMNS: [&str; 5] = ["source_file", "source_row", "code", "field", "message"];

/// A file written under a temporary name and renamed into place by [`AtomicFile::commit`].
/// Dropped without a commit, it removes the temporary file.
pub struct AtomicFile {
    temporary: PathBuf,
    target: PathBuf,
    writer: Option<BufWriter<File>>,
}

impl AtomicFile {
    /// Creates `<folder>/.<name>.partial` with mode 0600, replacing a stale one.
    pub fn create(folder: &Path, name: &str) -> io::Result<AtomicFile> {
        let temporary = folder.join(format!(".{name}.partial"));
        let target = folder.join(name);
        match fs::remove_file(&temporary) {
            Err(error) if error.kind() != io::ErrorKind::NotFound => return Err(error),
            _ => {}
        }
        let file = OpenOptions::new().write(true).create_new(true).mode(0o600).open(&temporary)?;
        Ok(AtomicFile { temporary, target, writer: Some(BufWriter::with_capacity(256 << 10, file)) })
    }

    /// Flushes the file to disk and renames it to its final name.
    pub fn commit(mut self) -> io::Result<PathBuf> {
        let writer = self.writer.take().expect("an AtomicFile is committed once");
        let file = writer.into_inner().map_err(|error| error.into_error())?;
        file.sync_all()?;
        fs::rename(&self.temporary, &self.target)?;
        Ok(self.target.clone())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer.as_mut().expect("written after commit").write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.as_mut().expect("flushed after commit").flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.writer.is_some() {
            let _ = fs::remove_file(&self.temporary);
        }
    }
}

/// A CSV output file with its header, written atomically, that counts its data rows.
struct CsvFile {
    csv: csv::Writer<AtomicFile>,
    rows: u64,
}

impl CsvFile {
    fn create(folder: &Path, name: &str, header: &[&str]) -> io::Result<CsvFile> {
        let mut csv = csv::Writer::from_writer(AtomicFile::create(folder, name)?);
        csv.write_record(header)?;
        Ok(CsvFile { csv, rows: 0 })
    }

    fn write<'a>(&mut self, record: impl IntoIterator<Item = &'a str>) -> io::Result<()> {
        self.csv.write_record(record)?;
        self.rows += 1;
        Ok(())
    }

    fn commit(self) -> io::Result<PathBuf> {
        let file = self.csv.into_inner().map_err(|error| error.into_error())?;
        file.commit()
    }
}

/// Writes `results.csv`: one row per in-scope conviction.
pub struct ResultsWriter(CsvFile);

impl ResultsWriter {
    pub fn create(folder: &Path) -> io::Result<ResultsWriter> {
        Ok(ResultsWriter(CsvFile::create(folder, "results.csv", &RESULTS_COLUMNS)?))
    }

    /// Writes one decision on one of the subject's charges.
    pub fn write(&mut self, subject: &Subject, decision: &Decision) -> io::Result<()> {
        let charge: &Charge = &subject.charges[decision.charge_index];
        let statute_raw = charge.offense_text().or(charge.comment.as_ref()).map_or("", |text| text.text.as_str());
        let disposition = charge.disposition_raw.as_ref().map_or(charge.disposition.as_str(), |raw| raw.text.as_str());
        let disposition_date = charge.disposition_date.map(|date| date.to_string()).unwrap_or_default();
        let flags: Vec<&str> = decision.flags.iter().map(|flag| flag.as_str()).collect();
        self.0.write([
            subject.id.as_str(),
            charge.county.as_deref().unwrap_or(""),
            charge.case_number.as_deref().unwrap_or(""),
            charge.count_id.as_str(),
            &decision.source.file,
            &decision.source.rows_joined(),
            statute_raw,
            decision.statute.as_str(),
            charge.level.as_str(),
            disposition,
            &disposition_date,
            decision.law.outcome.as_str(),
            decision.law.code.as_str(),
            decision.policy.outcome.as_str(),
            decision.policy.code.as_str(),
            decision.reason.as_str(),
            decision.citation.as_str(),
            &flags.join(";"),
        ])
    }

    /// Returns the number of data rows written.
    pub fn rows(&self) -> u64 {
        self.0.rows
    }

    pub fn commit(self) -> io::Result<PathBuf> {
        self.0.commit()
    }
}

/// Writes `rejects.csv` or `warnings.csv`: one row per diagnostic, with no personal data.
pub struct DiagnosticWriter(CsvFile);

impl DiagnosticWriter {
    pub fn create(folder: &Path, name: &str) -> io::Result<DiagnosticWriter> {
        Ok(DiagnosticWriter(CsvFile::create(folder, name, &DIAGNOSTIC_COLUMNS)?))
    }

    pub fn write(&mut self, diagnostic: &RowDiagnostic) -> io::Result<()> {
        self.0.write([
            &*diagnostic.file,
            &diagnostic.row.to_string(),
            diagnostic.code.as_str(),
            diagnostic.field.as_deref().unwrap_or(""),
            diagnostic.message.as_str(),
        ])
    }

    pub fn commit(self) -> io::Result<PathBuf> {
        self.0.commit()
    }
}

/// Writes `summary.json`, pretty-printed with a final newline.
pub fn write_summary<T: serde::Serialize>(folder: &Path, summary: &T) -> io::Result<PathBuf> {
    let mut file = AtomicFile::create(folder, "summary.json")?;
    serde_json::to_writer_pretty(&mut file, summary)?;
    file.write_all(b"\n")?;
    file.commit()
}
