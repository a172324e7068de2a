//! `clearway records`: the normalized records an adapter makes of the inputs, as JSON Lines.
//!
//! Adapter authors compare this output with what they expect of their fixtures, and the
//! cross-format tests compare it with a generator's ground truth. Each line is one person
//! in the core schema, with every entry and the rows it came from. The file holds personal
//! data, so it is written with mode 0600 like every other output.

use std::io::Write;

use anyhow::Context;
use clearway_core::diagnostic::{RowDiagnostic, Severity};
use clearway_core::output::AtomicFile;
use clearway_core::schema::Subject;
use clearway_host::UnmappedCode;
use indicatif::ProgressBar;

use crate::cli::RecordsArgs;
use crate::county;
use crate::exit::Status;
use crate::pipeline::{Assembler, Consumer, SplitPerson, check_inputs, read_input};
use crate::run::load_adapter;

/// Writes each person as one JSON line, holding people whose rows may be spread until the end.
struct RecordsWriter {
    file: AtomicFile,
    assembler: Assembler,
    people: u64,
    rejected_rows: u64,
}

impl RecordsWriter {
    fn write(&mut self, subject: &Subject) -> anyhow::Result<()> {
        serde_json::to_writer(&mut self.file, subject).context("writing records")?;
        self.file.write_all(b"\n").context("writing records")?;
        self.people += 1;
        Ok(())
    }
}

impl Consumer for RecordsWriter {
    fn subject(&mut self, subject: Subject, complete: bool) -> anyhow::Result<()> {
        match self.assembler.accept(subject, complete)? {
            Some(subject) => self.write(&subject),
            None => Ok(()),
        }
    }

    fn diagnostic(&mut self, diagnostic: &RowDiagnostic) -> anyhow::Result<()> {
        if diagnostic.severity == Severity::Error {
            self.rejected_rows += 1;
        }
        Ok(())
    }

    fn unmapped(&mut self, _code: &UnmappedCode) {}
}

pub fn records(args: &RecordsArgs) -> anyhow::Result<Status> {
    let county = county::load(&args.county.county)?;
    let as_of = county::as_of(args.as_of, &county)?;
    check_inputs(&args.input)?;
    let (_host, adapter) = load_adapter(&county)?;

    let (people, rejected_rows, complete) = match write_records(args, &county, &adapter, as_of, false) {
        Err(error) if error.is::<SplitPerson>() => {
            tracing::warn!("{error}; reading the inputs again and holding every person until the end");
            write_records(args, &county, &adapter, as_of, true)?
        }
        other => other?,
    };

    eprintln!("{people} people written to {}; {rejected_rows} rows rejected", args.out.display());
    Ok(if !complete {
        Status::InputIncomplete
    } else if rejected_rows > 0 {
        Status::RowsRejected
    } else {
        Status::Clean
    })
}

/// Reads every input and writes the records file; returns the people written, the rows
/// rejected and whether every input was read to its end.
fn write_records(
    args: &RecordsArgs,
    county: &clearway_core::config::CountyConfig,
    adapter: &clearway_host::LoadedAdapter,
    as_of: jiff::civil::Date,
    hold_all: bool,
) -> anyhow::Result<(u64, u64, bool)> {
    let folder = args.out.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let name = args.out.file_name().context("--out must name a file")?.to_string_lossy().into_owned();
    let file = AtomicFile::create(folder, &name).with_context(|| format!("cannot write {}", args.out.display()))?;
    let assembler = Assembler::new(county.limits.max_held_entries, &county.path, hold_all);
    let mut writer = RecordsWriter { file, assembler, people: 0, rejected_rows: 0 };

    let mut complete = true;
    for input in &args.input {
        let report = read_input(input, adapter, &county.adapter_options, as_of, 1 << 20, &mut writer, &ProgressBar::hidden())?;
        complete &= report.complete;
    }

    for subject in writer.assembler.take_held() {
        writer.write(&subject)?;
    }
    let (people, rejected_rows) = (writer.people, writer.rejected_rows);
    writer.file.commit().with_context(|| format!("cannot write {}", args.out.display()))?;
    Ok((people, rejected_rows, complete))
}
