//! Line output with line numbers, and the text helpers the formats share.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use rand::RngExt;
use rand::rngs::ChaCha8Rng;

use crate::offenses::Offense;

/// A file written line by line, which knows the number of the next line and where the
/// last line starts, so that a truncated-file fault can cut it.
pub struct LineSink {
    path: PathBuf,
    out: BufWriter<File>,
    /// The number of lines written so far.
    pub lines: u64,
    bytes: u64,
    last_line_start: u64,
}

impl LineSink {
    pub fn create(path: &Path) -> anyhow::Result<LineSink> {
        let file = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
        Ok(LineSink { path: path.to_path_buf(), out: BufWriter::with_capacity(1 << 20, file), lines: 0, bytes: 0, last_line_start: 0 })
    }

    /// Writes bytes that are not a line of their own, such as a byte-order mark.
    pub fn prefix(&mut self, bytes: &[u8]) -> anyhow::Result<()> {
        self.out.write_all(bytes)?;
        self.bytes += bytes.len() as u64;
        Ok(())
    }

    /// Writes one line with its end, and returns its 1-based number.
    pub fn line(&mut self, content: &[u8], crlf: bool) -> anyhow::Result<u64> {
        self.last_line_start = self.bytes;
        self.out.write_all(content)?;
        let end: &[u8] = if crlf { b"\r\n" } else { b"\n" };
        self.out.write_all(end)?;
        self.bytes += (content.len() + end.len()) as u64;
        self.lines += 1;
        Ok(self.lines)
    }

    /// The number the next line will have.
    pub fn next_line(&self) -> u64 {
        self.lines + 1
    }

    /// Flushes the file, cutting the last line to half its length when `truncate` is set.
    pub fn finish(mut self, truncate: bool) -> anyhow::Result<()> {
        self.out.flush().with_context(|| format!("cannot write {}", self.path.display()))?;
        let file = self.out.into_inner().map_err(|error| error.into_error())?;
        if truncate && self.lines > 0 {
            let last_length = self.bytes - self.last_line_start;
            file.set_len(self.last_line_start + last_length / 2)
                .with_context(|| format!("cannot truncate {}", self.path.display()))?;
        }
        file.sync_all().ok();
        Ok(())
    }
}

/// The ways clerks write a statute, for the statute-spelling fault. Each names the same
/// code, section and subsections as [`Offense::canonical`].
pub fn respell(offense: &Offense, rng: &mut ChaCha8Rng) -> String {
    let section = offense.section_text();
    let bare_letters: String = offense.subsections.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    let code = offense.code;
    match rng.random_range(0..6) {
        0 => format!("{section}{code}"),
        1 => format!("{code} {section}"),
        2 if code == "HS" => format!("H&S {}", lower_subsections(offense)),
        2 => format!("{code} {}", lower_subsections(offense)),
        3 => format!("{}{bare_letters} {code}", offense.section),
        4 => format!("{} {code}", lower_subsections(offense)),
        _ => format!("{code}{section}"),
    }
}

/// The section with lower-case subsection letters: `11357(c)`.
fn lower_subsections(offense: &Offense) -> String {
    format!("{}{}", offense.section, offense.subsections.to_ascii_lowercase())
}

/// Encodes text as Latin-1 (ISO-8859-1), which also serves for Windows-1252 here because
/// the generator's text uses no character from 0x80 to 0x9F.
pub fn latin1(text: &str) -> Vec<u8> {
    text.chars().map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?')).collect()
}

/// Pads or cuts text to exactly `width` characters, left-justified.
pub fn fixed(text: &str, width: usize) -> String {
    let mut out: String = text.chars().take(width).collect();
    let length = out.chars().count();
    out.extend(std::iter::repeat_n(' ', width - length));
    out
}
