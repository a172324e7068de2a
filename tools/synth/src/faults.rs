//! The faults the generator injects, the formats each can occur in, and the log of every
//! fault it wrote (`faults.jsonl`).

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::{Context, bail};
use rand::RngExt;
use rand::rngs::ChaCha8Rng;
use serde::Serialize;

/// One of the four formats the generator writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// The California DOJ research file, `doj.csv`.
    Doj,
    /// The tilde-delimited court case-management export, `court-cms.txt`.
    CourtCms,
    /// The JSON Lines register of actions, `odyssey.jsonl`.
    Odyssey,
    /// The fixed-width mainframe extract, `legacy.dat`.
    Legacy,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Doj, Format::CourtCms, Format::Odyssey, Format::Legacy];

    pub fn file_name(self) -> &'static str {
        match self {
            Format::Doj => "doj.csv",
            Format::CourtCms => "court-cms.txt",
            Format::Odyssey => "odyssey.jsonl",
            Format::Legacy => "legacy.dat",
        }
    }

    /// A number that keeps each format's random stream apart from the others'.
    pub fn stream(self) -> u64 {
        self as u64 + 1
    }
}

/// A kind of fault from the catalogue of what real record files carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FaultKind {
    /// The statute written another way: `11357(C)HS`, `HS 11357(C)`, `H&S 11357(c)`, `11357C HS`.
    StatuteSpelling,
    /// The offense field says `SEE COMMENT FOR CHARGE` and the comment holds the statute.
    ChargeInComment,
    /// A row with one field too many.
    FieldCount,
    /// A row cut short: no end-of-record marker, a short fixed-width record, or broken JSON.
    TruncatedRow,
    /// A disposition date that is not a date: a letter O for a zero, month 13, or the wrong form.
    BadDate,
    /// A disposition code or text missing from the format's code table.
    UnknownCode,
    /// Latin-1 bytes in a UTF-8 file.
    Latin1InUtf8,
    /// A NUL byte inside a field's value.
    NulByte,
    /// A fixed-width record shifted right by two columns.
    ShiftedRow,
    /// Non-breaking spaces padding a field.
    NonBreakingSpace,
    /// A line ending in CRLF in a file of LF lines.
    Crlf,
    /// A UTF-8 byte-order mark at the start of the file.
    ByteOrderMark,
    /// The file ends in the middle of its last line.
    TruncatedFile,
}

impl FaultKind {
    pub const ALL: [FaultKind; 13] = [
        FaultKind::StatuteSpelling,
        FaultKind::ChargeInComment,
        FaultKind::FieldCount,
        FaultKind::TruncatedRow,
        FaultKind::BadDate,
        FaultKind::UnknownCode,
        FaultKind::Latin1InUtf8,
        FaultKind::NulByte,
        FaultKind::ShiftedRow,
        FaultKind::NonBreakingSpace,
        FaultKind::Crlf,
        FaultKind::ByteOrderMark,
        FaultKind::TruncatedFile,
    ];

    pub fn name(self) -> &'static str {
        match self {
            FaultKind::StatuteSpelling => "statute-spelling",
            FaultKind::ChargeInComment => "charge-in-comment",
            FaultKind::FieldCount => "field-count",
            FaultKind::TruncatedRow => "truncated-row",
            FaultKind::BadDate => "bad-date",
            FaultKind::UnknownCode => "unknown-code",
            FaultKind::Latin1InUtf8 => "latin1-in-utf8",
            FaultKind::NulByte => "nul-byte",
            FaultKind::ShiftedRow => "shifted-row",
            FaultKind::NonBreakingSpace => "non-breaking-space",
            FaultKind::Crlf => "crlf",
            FaultKind::ByteOrderMark => "byte-order-mark",
            FaultKind::TruncatedFile => "truncated-file",
        }
    }

    /// The formats where this fault can occur. A fault that a format's layout cannot
    /// express (a field count in fixed-width records, Latin-1 bytes in a Latin-1 file) is
    /// never written to it.
    pub fn formats(self) -> &'static [Format] {
        use Format::{CourtCms, Doj, Legacy, Odyssey};
        match self {
            FaultKind::StatuteSpelling => &[Doj, CourtCms, Odyssey, Legacy],
            FaultKind::ChargeInComment => &[Doj],
            FaultKind::FieldCount => &[Doj, CourtCms],
            FaultKind::TruncatedRow => &[CourtCms, Odyssey, Legacy],
            FaultKind::BadDate => &[Doj, CourtCms, Odyssey, Legacy],
            FaultKind::UnknownCode => &[Doj, CourtCms, Odyssey, Legacy],
            FaultKind::Latin1InUtf8 => &[Doj, Odyssey],
            FaultKind::NulByte => &[Doj, Legacy],
            FaultKind::ShiftedRow => &[Legacy],
            FaultKind::NonBreakingSpace => &[Doj, CourtCms],
            FaultKind::Crlf => &[Doj, CourtCms, Odyssey, Legacy],
            FaultKind::ByteOrderMark => &[Doj, Odyssey],
            FaultKind::TruncatedFile => &[Doj, CourtCms, Odyssey, Legacy],
        }
    }

    /// True for faults that leave every value readable: the row must give the same
    /// normalized record as without the fault.
    pub fn is_benign(self) -> bool {
        matches!(
            self,
            FaultKind::StatuteSpelling
                | FaultKind::ChargeInComment
                | FaultKind::NonBreakingSpace
                | FaultKind::Crlf
                | FaultKind::ByteOrderMark
        )
    }

    /// Row faults that damage a value, in the order they are tried on a row. At most one of
    /// them is written to any row.
    pub const DAMAGING_ROW_FAULTS: [FaultKind; 7] = [
        FaultKind::FieldCount,
        FaultKind::TruncatedRow,
        FaultKind::BadDate,
        FaultKind::UnknownCode,
        FaultKind::Latin1InUtf8,
        FaultKind::NulByte,
        FaultKind::ShiftedRow,
    ];
}

impl std::str::FromStr for FaultKind {
    type Err = String;

    fn from_str(name: &str) -> Result<FaultKind, String> {
        FaultKind::ALL.into_iter().find(|kind| kind.name() == name).ok_or_else(|| {
            let names: Vec<&str> = FaultKind::ALL.iter().map(|kind| kind.name()).collect();
            format!("unknown fault kind `{name}`; expected one of {}", names.join(", "))
        })
    }
}

/// The probability of each fault kind: per row for row faults, per file for file faults.
#[derive(Clone, Debug)]
pub struct FaultRates {
    rates: BTreeMap<FaultKind, f64>,
}

impl FaultRates {
    /// Every kind at `rate`, then each `KIND=RATE` override in order.
    pub fn new(rate: f64, overrides: &[String]) -> anyhow::Result<FaultRates> {
        check_rate(rate, "--fault-rate")?;
        let mut rates: BTreeMap<FaultKind, f64> = FaultKind::ALL.iter().map(|&kind| (kind, rate)).collect();
        for item in overrides {
            let Some((name, value)) = item.split_once('=') else {
                bail!("invalid --fault `{item}`: expected KIND=RATE, such as bad-date=0.01");
            };
            let kind: FaultKind = name.trim().parse().map_err(anyhow::Error::msg)?;
            let value: f64 = value.trim().parse().with_context(|| format!("invalid rate in --fault `{item}`: expected a number from 0 to 1"))?;
            check_rate(value, &format!("--fault {item}"))?;
            rates.insert(kind, value);
        }
        Ok(FaultRates { rates })
    }

    pub fn rate(&self, kind: FaultKind) -> f64 {
        self.rates.get(&kind).copied().unwrap_or(0.0)
    }

    /// Draws whether `kind` occurs once, in `format`; never for a format it cannot occur in.
    pub fn roll(&self, kind: FaultKind, format: Format, rng: &mut ChaCha8Rng) -> bool {
        let rate = self.rate(kind);
        kind.formats().contains(&format) && rate > 0.0 && rng.random_bool(rate)
    }

    /// Draws the damaging fault of one row, among `allowed`, or `None`.
    pub fn roll_damage(&self, format: Format, allowed: &[FaultKind], rng: &mut ChaCha8Rng) -> Option<FaultKind> {
        FaultKind::DAMAGING_ROW_FAULTS
            .into_iter()
            .filter(|kind| allowed.contains(kind))
            .find(|&kind| self.roll(kind, format, rng))
    }
}

fn check_rate(rate: f64, option: &str) -> anyhow::Result<()> {
    if !(0.0..=1.0).contains(&rate) {
        bail!("invalid rate {rate} in {option}: expected a number from 0 to 1");
    }
    Ok(())
}

/// One written fault, as a line of `faults.jsonl`.
#[derive(Clone, Debug, Serialize)]
pub struct FaultRecord {
    pub format: Format,
    pub file: &'static str,
    /// The 1-based line the fault is on.
    pub line: u64,
    pub kind: FaultKind,
    pub benign: bool,
    /// The person, case and count whose entry the fault touches, when it touches one.
    pub subject_id: Option<String>,
    pub case_number: Option<String>,
    pub count: Option<u32>,
}

/// Where a row belongs, for the fault log.
#[derive(Clone, Debug, Default)]
pub struct RowPlace {
    pub subject_id: Option<String>,
    pub case_number: Option<String>,
    pub count: Option<u32>,
}

/// Collects faults and writes them as JSON Lines.
pub struct FaultLog<W: Write> {
    out: W,
    pub counts: BTreeMap<(Format, FaultKind), u64>,
}

impl<W: Write> FaultLog<W> {
    pub fn new(out: W) -> FaultLog<W> {
        FaultLog { out, counts: BTreeMap::new() }
    }

    pub fn record(&mut self, format: Format, line: u64, kind: FaultKind, place: &RowPlace) -> anyhow::Result<()> {
        let record = FaultRecord {
            format,
            file: format.file_name(),
            line,
            kind,
            benign: kind.is_benign(),
            subject_id: place.subject_id.clone(),
            case_number: place.case_number.clone(),
            count: place.count,
        };
        serde_json::to_writer(&mut self.out, &record)?;
        self.out.write_all(b"\n")?;
        *self.counts.entry((format, kind)).or_default() += 1;
        Ok(())
    }

    pub fn into_inner(self) -> W {
        self.out
    }
}
