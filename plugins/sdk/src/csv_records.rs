//! An incremental CSV record reader that takes its input in chunks of any size.
//!
//! Built on `csv-core`, whose parser keeps its state between calls, so a chunk may end
//! anywhere: inside a quoted field, between the CR and LF of a line end, or inside a
//! multi-byte character. Each record is handed to a callback with the 1-based physical
//! line where it starts, which is what a diagnostic must name.
//!
//! The reader accepts RFC 4180 CSV: `"` quotes a field, `""` inside a quoted field is a
//! quote, and a quoted field may hold commas and line ends. CRLF, LF and a lone CR each end
//! a line and a record. Empty lines produce no record. A UTF-8 byte-order mark at the very
//! start is dropped. Field bytes are handed over as they are, without any UTF-8 check.
//!
//! Memory is bounded: the reader holds only the unfinished record. A record longer than
//! [`CsvReader::with_limits`] allows is consumed to its end and reported with
//! [`CsvRecord::too_long`] set and no fields, so the rest of the input goes on.

use csv_core::{ReadRecordResult, Reader, ReaderBuilder};

/// The default maximum size of one record's field bytes: 1 MiB.
pub const DEFAULT_MAX_RECORD_BYTES: usize = 1 << 20;

/// The default maximum number of fields in one record.
pub const DEFAULT_MAX_FIELDS: usize = 4096;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// One CSV record, borrowed from the reader until the callback returns.
#[derive(Debug, Clone, Copy)]
pub struct CsvRecord<'a> {
    line: u64,
    too_long: bool,
    data: &'a [u8],
    ends: &'a [usize],
}

impl<'a> CsvRecord<'a> {
    /// Returns the 1-based physical line number where the record starts.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// True when the record exceeded the reader's limits; it then has no fields.
    pub fn too_long(&self) -> bool {
        self.too_long
    }

    /// Returns the number of fields.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when the record has no fields, which happens only for a record that is too long.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Returns the bytes of field `index`, with quoting removed, or `None` past the last field.
    pub fn get(&self, index: usize) -> Option<&'a [u8]> {
        let end = *self.ends.get(index)?;
        let start = if index == 0 { 0 } else { self.ends[index - 1] };
        Some(&self.data[start..end])
    }

    /// Returns an iterator over the fields in order.
    pub fn iter(&self) -> impl Iterator<Item = &'a [u8]> + '_ {
        (0..self.len()).filter_map(|index| self.get(index))
    }
}

/// The reader's progress through a possible UTF-8 byte-order mark at the start.
#[derive(Debug)]
enum BomState {
    /// Fewer than three bytes seen so far, and all of them match the start of a mark.
    Pending(Vec<u8>),
    Done,
}

/// Reads CSV records from chunks of bytes; see the module documentation.
#[derive(Debug)]
pub struct CsvReader {
    parser: Reader,
    bom: BomState,
    /// Set once `csv-core` has been handed its first byte. `csv-core` drops a mark itself
    /// only when its first call contains all three bytes, which would make the output depend
    /// on chunk sizes, so its first call is always given a single byte.
    started: bool,
    /// The line the next byte is on.
    line: u64,
    /// True when the last byte seen was a CR, so that a following LF ends no new line.
    after_cr: bool,
    /// True between records, while line ends before the next record are skipped.
    between_records: bool,
    record_line: u64,
    record_too_long: bool,
    output: Vec<u8>,
    output_len: usize,
    ends: Vec<usize>,
    ends_len: usize,
    max_record_bytes: usize,
    max_fields: usize,
    finished: bool,
}

impl Default for CsvReader {
    fn default() -> Self {
        CsvReader::new()
    }
}

impl CsvReader {
    /// Creates a reader for comma-separated, double-quoted records with the default limits.
    pub fn new() -> CsvReader {
        CsvReader::with_limits(DEFAULT_MAX_RECORD_BYTES, DEFAULT_MAX_FIELDS)
    }

    /// Creates a reader that reports a record as too long past `max_record_bytes` bytes of
    /// field content or `max_fields` fields.
    pub fn with_limits(max_record_bytes: usize, max_fields: usize) -> CsvReader {
        let max_record_bytes = max_record_bytes.max(1);
        let max_fields = max_fields.max(1);
        CsvReader {
            parser: ReaderBuilder::new().build(),
            bom: BomState::Pending(Vec::with_capacity(3)),
            started: false,
            line: 1,
            after_cr: false,
            between_records: true,
            record_line: 1,
            record_too_long: false,
            output: vec![0; 4096.min(max_record_bytes)],
            output_len: 0,
            ends: vec![0; 128.min(max_fields)],
            ends_len: 0,
            max_record_bytes,
            max_fields,
            finished: false,
        }
    }

    /// Reads `chunk` and calls `on_record` for every record it completes. The unfinished
    /// end of the chunk is kept for the next call. Input after [`CsvReader::finish`] is
    /// ignored.
    pub fn feed(&mut self, chunk: &[u8], on_record: &mut dyn FnMut(CsvRecord<'_>)) {
        if self.finished {
            return;
        }
        let (held_back, rest) = self.strip_bom(chunk);
        if let Some(bytes) = held_back {
            self.read(&bytes, on_record);
        }
        self.read(rest, on_record);
    }

    /// Ends the input: calls `on_record` for a last record that has no line end. Calls
    /// after the first do nothing.
    pub fn finish(&mut self, on_record: &mut dyn FnMut(CsvRecord<'_>)) {
        if self.finished {
            return;
        }
        if let BomState::Pending(bytes) = std::mem::replace(&mut self.bom, BomState::Done) {
            self.read(&bytes, on_record);
        }
        self.finished = true;
        // With an empty input, `csv-core` emits a last unterminated record and then ends.
        while let (Step::Continue, _) = self.step(&[], on_record) {}
    }

    /// Removes a byte-order mark at the start of the input, even one split across chunks.
    /// Returns bytes held back from earlier chunks that turned out not to be a mark, if any,
    /// and the rest of `chunk` to read after them.
    fn strip_bom<'c>(&mut self, chunk: &'c [u8]) -> (Option<Vec<u8>>, &'c [u8]) {
        let BomState::Pending(held) = &mut self.bom else {
            return (None, chunk);
        };
        let mut used = 0;
        while held.len() < UTF8_BOM.len() && used < chunk.len() {
            held.push(chunk[used]);
            used += 1;
            if held[..] != UTF8_BOM[..held.len()] {
                let not_a_mark = std::mem::take(held);
                self.bom = BomState::Done;
                return (Some(not_a_mark), &chunk[used..]);
            }
        }
        if held.len() == UTF8_BOM.len() {
            self.bom = BomState::Done;
        }
        (None, &chunk[used..])
    }

    fn read(&mut self, mut input: &[u8], on_record: &mut dyn FnMut(CsvRecord<'_>)) {
        while !input.is_empty() {
            if self.between_records {
                let skipped = self.skip_line_ends(input);
                input = &input[skipped..];
                if input.is_empty() {
                    return;
                }
                self.between_records = false;
                self.record_line = self.line;
            }
            let (_, consumed) = self.step(input, on_record);
            input = &input[consumed..];
        }
    }

    /// Skips the CR and LF bytes at the start of `input`, which `csv-core` discards between
    /// records too, and returns how many there were.
    fn skip_line_ends(&mut self, input: &[u8]) -> usize {
        let count = input
            .iter()
            .take_while(|&&byte| byte == b'\r' || byte == b'\n')
            .count();
        self.count_lines(&input[..count]);
        count
    }

    fn count_lines(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            match byte {
                b'\r' => self.line += 1,
                b'\n' if !self.after_cr => self.line += 1,
                _ => {}
            }
            self.after_cr = byte == b'\r';
        }
    }

    /// Runs `csv-core` once on `input` (empty at the end of the input) and returns what to
    /// do next and how many bytes of `input` it consumed.
    fn step(&mut self, input: &[u8], on_record: &mut dyn FnMut(CsvRecord<'_>)) -> (Step, usize) {
        let input = if self.started || input.is_empty() {
            input
        } else {
            &input[..1]
        };
        let (result, read, written, ended) = self.parser.read_record(
            input,
            &mut self.output[self.output_len..],
            &mut self.ends[self.ends_len..],
        );
        if read > 0 {
            self.started = true;
        }
        self.count_lines(&input[..read]);
        self.output_len += written;
        self.ends_len += ended;
        match result {
            ReadRecordResult::InputEmpty => (Step::NeedInput, read),
            ReadRecordResult::OutputFull => {
                self.grow_output();
                (Step::Continue, read)
            }
            ReadRecordResult::OutputEndsFull => {
                self.grow_ends();
                (Step::Continue, read)
            }
            ReadRecordResult::Record => {
                self.emit(on_record);
                (Step::Continue, read)
            }
            ReadRecordResult::End => (Step::End, read),
        }
    }

    fn grow_output(&mut self) {
        if self.output.len() < self.max_record_bytes {
            let size = (self.output.len() * 2).min(self.max_record_bytes);
            self.output.resize(size, 0);
        } else {
            // Keep consuming the record into the same buffer, whose content is dropped.
            self.record_too_long = true;
            self.output_len = 0;
        }
    }

    fn grow_ends(&mut self) {
        if self.ends.len() < self.max_fields {
            let size = (self.ends.len() * 2).min(self.max_fields);
            self.ends.resize(size, 0);
        } else {
            self.record_too_long = true;
            self.ends_len = 0;
        }
    }

    fn emit(&mut self, on_record: &mut dyn FnMut(CsvRecord<'_>)) {
        let record = if self.record_too_long {
            CsvRecord {
                line: self.record_line,
                too_long: true,
                data: &[],
                ends: &[],
            }
        } else {
            CsvRecord {
                line: self.record_line,
                too_long: false,
                data: &self.output[..self.output_len],
                ends: &self.ends[..self.ends_len],
            }
        };
        on_record(record);
        self.output_len = 0;
        self.ends_len = 0;
        self.record_too_long = false;
        self.between_records = true;
    }
}

enum Step {
    Continue,
    NeedInput,
    End,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record copied out of the callback: its line, whether it was too long, its fields.
    type Owned = (u64, bool, Vec<Vec<u8>>);

    fn read_in_chunks(input: &[u8], chunk_size: usize) -> Vec<Owned> {
        let mut reader = CsvReader::new();
        read_with(&mut reader, input, chunk_size)
    }

    fn read_with(reader: &mut CsvReader, input: &[u8], chunk_size: usize) -> Vec<Owned> {
        let mut records = Vec::new();
        let mut collect = |record: CsvRecord<'_>| {
            records.push((
                record.line(),
                record.too_long(),
                record.iter().map(<[u8]>::to_vec).collect(),
            ));
        };
        for chunk in input.chunks(chunk_size) {
            reader.feed(chunk, &mut collect);
        }
        reader.finish(&mut collect);
        records
    }

    fn fields(values: &[&str]) -> Vec<Vec<u8>> {
        values
            .iter()
            .map(|value| value.as_bytes().to_vec())
            .collect()
    }

    #[test]
    fn records_carry_start_lines() {
        let records = read_in_chunks(b"a,b\nc,d\n", 1024);
        assert_eq!(
            records,
            vec![
                (1, false, fields(&["a", "b"])),
                (2, false, fields(&["c", "d"]))
            ]
        );
    }

    #[test]
    fn quoted_newline_spans_lines() {
        let input = b"id,note\n1,\"two\nlines, and a comma\"\n2,\"say \"\"hi\"\"\"\n";
        let records = read_in_chunks(input, 1024);
        assert_eq!(records.len(), 3);
        assert_eq!(
            records[1],
            (2, false, fields(&["1", "two\nlines, and a comma"]))
        );
        assert_eq!(records[2], (4, false, fields(&["2", "say \"hi\""])));
    }

    #[test]
    fn crlf_and_blank_lines() {
        let records = read_in_chunks(b"a\r\n\r\n\nb\r\nc", 1024);
        assert_eq!(
            records,
            vec![
                (1, false, fields(&["a"])),
                (4, false, fields(&["b"])),
                (5, false, fields(&["c"]))
            ]
        );
    }

    #[test]
    fn lone_cr_ends_a_line() {
        let records = read_in_chunks(b"a\rb\r", 1024);
        assert_eq!(
            records,
            vec![(1, false, fields(&["a"])), (2, false, fields(&["b"]))]
        );
    }

    #[test]
    fn last_line_without_line_end() {
        let records = read_in_chunks(b"a,b\nc,d", 1024);
        assert_eq!(records[1], (2, false, fields(&["c", "d"])));
    }

    #[test]
    fn bom_dropped_in_any_chunking() {
        for size in [1, 2, 3, 1024] {
            let records = read_in_chunks(b"\xEF\xBB\xBFa,b\n", size);
            assert_eq!(
                records,
                vec![(1, false, fields(&["a", "b"]))],
                "chunk size {size}"
            );
        }
    }

    #[test]
    fn partial_bom_bytes_kept() {
        for size in [1, 2, 1024] {
            let records = read_in_chunks(b"\xEF\xBBx,y\n", size);
            assert_eq!(
                records,
                vec![(1, false, vec![b"\xEF\xBBx".to_vec(), b"y".to_vec()])],
                "chunk size {size}"
            );
        }
        let records = read_in_chunks(b"\xEF", 1);
        assert_eq!(records, vec![(1, false, vec![b"\xEF".to_vec()])]);
    }

    #[test]
    fn chunk_size_does_not_change_records() {
        let input = b"\xEF\xBB\xBFh1,h2\r\n\"a\r\nb\",\"c,\"\"d\"\r\n\r\nplain,\xFF\x00\r\nend,x";
        let whole = read_in_chunks(input, input.len());
        assert_eq!(whole.len(), 4);
        for size in 1..input.len() {
            assert_eq!(read_in_chunks(input, size), whole, "chunk size {size}");
        }
    }

    #[test]
    fn long_field_within_limit() {
        let long = "z".repeat(20_000);
        let input = format!("1,{long},3\n4,5,6\n");
        let records = read_in_chunks(input.as_bytes(), 7);
        assert_eq!(records[0], (1, false, fields(&["1", &long, "3"])));
        assert_eq!(records[1], (2, false, fields(&["4", "5", "6"])));
    }

    #[test]
    fn record_over_byte_limit_reported() {
        let mut reader = CsvReader::with_limits(64, 16);
        let input = format!("ok\n\"{}\nstill inside\"\nnext\n", "y".repeat(200));
        let records = read_with(&mut reader, input.as_bytes(), 5);
        assert_eq!(
            records,
            vec![
                (1, false, fields(&["ok"])),
                (2, true, vec![]),
                (4, false, fields(&["next"]))
            ]
        );
    }

    #[test]
    fn record_over_field_limit_reported() {
        let mut reader = CsvReader::with_limits(1024, 4);
        let records = read_with(&mut reader, b"a,b,c,d,e,f\ng\n", 3);
        assert_eq!(records, vec![(1, true, vec![]), (2, false, fields(&["g"]))]);
    }

    #[test]
    fn finish_twice_emits_once() {
        let mut reader = CsvReader::new();
        let mut count = 0;
        reader.feed(b"a", &mut |_| count += 1);
        reader.finish(&mut |_| count += 1);
        reader.finish(&mut |_| count += 1);
        assert_eq!(count, 1);
    }
}
