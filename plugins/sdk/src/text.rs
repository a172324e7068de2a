//! Line framing and text decoding for single-byte and UTF-8 record files.
//!
//! [`LineReader`] cuts chunks of bytes into lines, whatever the chunk sizes. [`decode`] turns
//! one line's or field's bytes into text in the file's declared encoding and lists every byte
//! that did not decode, or decoded to a control character, with its offset, so that an
//! adapter can report it on that row.
//!
//! The single-byte decoders come from the `encoding_rs` crate, which needs no imports in a
//! `wasm32-wasip2` component.

use std::borrow::Cow;

/// The default maximum length of one line in bytes, without its line end: 1 MiB.
pub const DEFAULT_MAX_LINE_BYTES: usize = 1 << 20;

/// A text encoding that an input file declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// ISO-8859-1: every byte is the code point of the same number, so bytes 0x80 to 0x9F
    /// are C1 control characters.
    Latin1,
    /// Microsoft's code page 1252: ISO-8859-1 with printable characters (curly quotes, the
    /// euro sign, dashes) at 0x80 to 0x9F, where five bytes are undefined.
    Windows1252,
}

/// What is wrong with one character of decoded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextProblemKind {
    /// The bytes are not a character in the encoding: an invalid UTF-8 sequence, or one of
    /// the bytes 0x81, 0x8D, 0x8F, 0x90 and 0x9D that Windows-1252 leaves undefined. The
    /// decoded text has U+FFFD in its place for UTF-8, and the C1 control of the same number
    /// for Windows-1252, as the WHATWG encoding standard decodes it.
    Undecodable,
    /// A control character other than tab: U+0000 to U+001F, U+007F, or U+0080 to U+009F.
    Control,
}

/// One problem found while decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextProblem {
    /// The offset in the input bytes where the character starts.
    pub offset: usize,
    pub kind: TextProblemKind,
}

/// Decoded text and the problems found in it, in input order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub problems: Vec<TextProblem>,
}

impl Decoded<'_> {
    /// True when every byte decoded to a character that is not a control character.
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Decodes `bytes` in `encoding` and lists each undecodable or control character. Text that
/// is all ASCII is borrowed, not copied.
pub fn decode(bytes: &[u8], encoding: Encoding) -> Decoded<'_> {
    match encoding {
        Encoding::Utf8 => decode_utf8(bytes),
        Encoding::Latin1 => Decoded {
            text: encoding_rs::mem::decode_latin1(bytes),
            problems: single_byte_problems(bytes, |_| Some(TextProblemKind::Control)),
        },
        Encoding::Windows1252 => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            let problems = single_byte_problems(bytes, |byte| {
                is_undefined_in_windows_1252(byte).then_some(TextProblemKind::Undecodable)
            });
            Decoded { text, problems }
        }
    }
}

/// Returns true for a character that [`decode`] reports as [`TextProblemKind::Control`].
pub fn is_reported_control(character: char) -> bool {
    character != '\t' && character.is_control()
}

fn is_undefined_in_windows_1252(byte: u8) -> bool {
    matches!(byte, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D)
}

/// Lists the problems of single-byte text. `high_byte` classifies the bytes 0x80 to 0x9F,
/// whose meaning differs between the single-byte encodings.
fn single_byte_problems(bytes: &[u8], high_byte: impl Fn(u8) -> Option<TextProblemKind>) -> Vec<TextProblem> {
    if bytes.iter().all(|&byte| (0x20..0x7F).contains(&byte) || byte == b'\t') {
        return Vec::new();
    }
    bytes
        .iter()
        .enumerate()
        .filter_map(|(offset, &byte)| {
            let kind = match byte {
                0x80..=0x9F => high_byte(byte)?,
                b'\t' => return None,
                0x00..=0x1F | 0x7F => TextProblemKind::Control,
                _ => return None,
            };
            Some(TextProblem { offset, kind })
        })
        .collect()
}

fn decode_utf8(bytes: &[u8]) -> Decoded<'_> {
    let mut problems = Vec::new();
    let mut offset = 0;
    while offset < bytes.len() {
        match std::str::from_utf8(&bytes[offset..]) {
            Ok(valid) => {
                push_controls(valid, offset, &mut problems);
                break;
            }
            Err(error) => {
                let valid_len = error.valid_up_to();
                let valid = std::str::from_utf8(&bytes[offset..offset + valid_len]).unwrap_or_default();
                push_controls(valid, offset, &mut problems);
                offset += valid_len;
                problems.push(TextProblem { offset, kind: TextProblemKind::Undecodable });
                offset += error.error_len().unwrap_or(bytes.len() - offset);
            }
        }
    }
    Decoded { text: String::from_utf8_lossy(bytes), problems }
}

fn push_controls(text: &str, base: usize, problems: &mut Vec<TextProblem>) {
    problems.extend(
        text.char_indices()
            .filter(|&(_, character)| is_reported_control(character))
            .map(|(offset, _)| TextProblem { offset: base + offset, kind: TextProblemKind::Control }),
    );
}

/// One line handed out by [`LineReader`], borrowed until the callback returns.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// The 1-based line number.
    pub number: u64,
    /// The line's bytes without its LF or CRLF line end. Empty for a line that is too long.
    pub bytes: &'a [u8],
    /// True when the line exceeded the reader's maximum length; its bytes were dropped.
    pub too_long: bool,
}

/// Cuts chunks of bytes into lines ended by LF or CRLF.
///
/// A chunk may end anywhere, including between a CR and its LF, and the lines are the same
/// for any chunking. A CR that is not followed by LF stays in the line. A last line without a
/// line end is handed out by [`LineReader::finish`]; an empty last line is not. Memory is
/// bounded: a line longer than the maximum is consumed to its end and handed out with
/// [`Line::too_long`] set and no bytes.
#[derive(Debug)]
pub struct LineReader {
    /// The start of a line that the previous chunks left unfinished.
    pending: Vec<u8>,
    /// True while the rest of a too-long line is being skipped.
    skipping: bool,
    next_number: u64,
    max_line_bytes: usize,
    finished: bool,
}

impl Default for LineReader {
    fn default() -> Self {
        LineReader::new()
    }
}

impl LineReader {
    /// Creates a reader with a maximum line length of [`DEFAULT_MAX_LINE_BYTES`].
    pub fn new() -> LineReader {
        LineReader::with_max_line_bytes(DEFAULT_MAX_LINE_BYTES)
    }

    /// Creates a reader that reports a line as too long past `max_line_bytes` bytes, counting
    /// a CR of its CRLF line end.
    pub fn with_max_line_bytes(max_line_bytes: usize) -> LineReader {
        LineReader {
            pending: Vec::new(),
            skipping: false,
            next_number: 1,
            max_line_bytes: max_line_bytes.max(1),
            finished: false,
        }
    }

    /// Reads `chunk` and calls `on_line` for every line it completes. Input after
    /// [`LineReader::finish`] is ignored.
    pub fn feed(&mut self, mut chunk: &[u8], on_line: &mut dyn FnMut(Line<'_>)) {
        if self.finished {
            return;
        }
        while let Some(end) = chunk.iter().position(|&byte| byte == b'\n') {
            let piece = &chunk[..end];
            chunk = &chunk[end + 1..];
            if self.pending.is_empty() && !self.skipping {
                if piece.len() > self.max_line_bytes {
                    self.emit_too_long(on_line);
                } else {
                    let number = self.take_number();
                    on_line(Line { number, bytes: strip_cr(piece), too_long: false });
                }
                continue;
            }
            self.append(piece);
            self.emit_pending(on_line);
        }
        self.append(chunk);
    }

    /// Ends the input and hands out a last line that has no line end. Calls after the first
    /// do nothing.
    pub fn finish(&mut self, on_line: &mut dyn FnMut(Line<'_>)) {
        if self.finished {
            return;
        }
        self.finished = true;
        if self.skipping || !self.pending.is_empty() {
            self.emit_pending(on_line);
        }
    }

    /// Returns the number the next line will have.
    pub fn next_line_number(&self) -> u64 {
        self.next_number
    }

    fn append(&mut self, piece: &[u8]) {
        if self.skipping {
            return;
        }
        if self.pending.len() + piece.len() > self.max_line_bytes {
            self.skipping = true;
            self.pending = Vec::new();
        } else {
            self.pending.extend_from_slice(piece);
        }
    }

    fn emit_pending(&mut self, on_line: &mut dyn FnMut(Line<'_>)) {
        if self.skipping {
            self.skipping = false;
            self.emit_too_long(on_line);
            return;
        }
        let number = self.take_number();
        on_line(Line { number, bytes: strip_cr(&self.pending), too_long: false });
        self.pending.clear();
    }

    fn emit_too_long(&mut self, on_line: &mut dyn FnMut(Line<'_>)) {
        let number = self.take_number();
        on_line(Line { number, bytes: &[], too_long: true });
    }

    fn take_number(&mut self) -> u64 {
        let number = self.next_number;
        self.next_number += 1;
        number
    }
}

fn strip_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(decoded: &Decoded<'_>) -> Vec<(usize, TextProblemKind)> {
        decoded.problems.iter().map(|problem| (problem.offset, problem.kind)).collect()
    }

    #[test]
    fn windows_1252_printable_high_bytes() {
        let decoded = decode(b"O\x92BRIEN \x93X\x94 \x80 JOS\xC9", Encoding::Windows1252);
        assert_eq!(decoded.text, "O\u{2019}BRIEN \u{201C}X\u{201D} \u{20AC} JOS\u{C9}");
        assert!(decoded.is_clean());
    }

    #[test]
    fn windows_1252_undefined_and_control_bytes() {
        let decoded = decode(b"A\x81B\x00C\x9DD\tE\x7F", Encoding::Windows1252);
        assert_eq!(
            problems(&decoded),
            vec![
                (1, TextProblemKind::Undecodable),
                (3, TextProblemKind::Control),
                (5, TextProblemKind::Undecodable),
                (9, TextProblemKind::Control),
            ]
        );
        assert_eq!(decoded.text.chars().count(), 10);
    }

    #[test]
    fn latin1_maps_bytes_to_code_points() {
        let decoded = decode(b"JOS\xC9 \x92", Encoding::Latin1);
        assert_eq!(decoded.text, "JOS\u{C9} \u{92}");
        assert_eq!(problems(&decoded), vec![(5, TextProblemKind::Control)]);
    }

    #[test]
    fn ascii_is_borrowed() {
        for encoding in [Encoding::Utf8, Encoding::Latin1, Encoding::Windows1252] {
            let decoded = decode(b"PLAIN TEXT", encoding);
            assert!(matches!(decoded.text, Cow::Borrowed(_)), "{encoding:?}");
            assert!(decoded.is_clean());
        }
    }

    #[test]
    fn utf8_invalid_sequences_and_controls() {
        let decoded = decode(b"ok\xFFJ\xC3\xA9\x01\xE2\x82", Encoding::Utf8);
        assert_eq!(decoded.text, "ok\u{FFFD}J\u{E9}\u{1}\u{FFFD}");
        assert_eq!(
            problems(&decoded),
            vec![
                (2, TextProblemKind::Undecodable),
                (6, TextProblemKind::Control),
                (7, TextProblemKind::Undecodable),
            ]
        );
    }

    fn read_lines(input: &[u8], chunk_size: usize, max: usize) -> Vec<(u64, Vec<u8>, bool)> {
        let mut reader = LineReader::with_max_line_bytes(max);
        let mut lines = Vec::new();
        let mut collect = |line: Line<'_>| lines.push((line.number, line.bytes.to_vec(), line.too_long));
        for chunk in input.chunks(chunk_size) {
            reader.feed(chunk, &mut collect);
        }
        reader.finish(&mut collect);
        lines
    }

    #[test]
    fn lines_split_on_lf_and_crlf() {
        let lines = read_lines(b"a\r\nb\n\nc\rd\ne", 1024, 100);
        let expected: Vec<(u64, Vec<u8>, bool)> = vec![
            (1, b"a".to_vec(), false),
            (2, b"b".to_vec(), false),
            (3, b"".to_vec(), false),
            (4, b"c\rd".to_vec(), false),
            (5, b"e".to_vec(), false),
        ];
        assert_eq!(lines, expected);
    }

    #[test]
    fn final_line_end_adds_no_line() {
        assert_eq!(read_lines(b"a\n", 1024, 100).len(), 1);
        assert_eq!(read_lines(b"", 1024, 100).len(), 0);
    }

    #[test]
    fn too_long_line_skipped_to_its_end() {
        let lines = read_lines(b"short\nxxxxxxxxxxxx\nok\nyyyyyyyyyyyy", 3, 8);
        let expected: Vec<(u64, Vec<u8>, bool)> = vec![
            (1, b"short".to_vec(), false),
            (2, vec![], true),
            (3, b"ok".to_vec(), false),
            (4, vec![], true),
        ];
        assert_eq!(lines, expected);
    }

    #[test]
    fn line_at_maximum_length_is_kept() {
        let lines = read_lines(b"12345678\n123456789\n", 1024, 8);
        assert_eq!(lines[0], (1, b"12345678".to_vec(), false));
        assert!(lines[1].2);
    }

    #[test]
    fn chunk_size_does_not_change_lines() {
        let input = b"h1~h2\r\nrow one\r\n\r\nlong line here that is too long\nrow\x92two\r\nlast";
        let whole = read_lines(input, input.len(), 20);
        assert_eq!(whole.len(), 6);
        for size in 1..input.len() {
            assert_eq!(read_lines(input, size, 20), whole, "chunk size {size}");
        }
    }

    #[test]
    fn feed_after_finish_is_ignored() {
        let mut reader = LineReader::new();
        let mut count = 0;
        reader.feed(b"a", &mut |_| count += 1);
        reader.finish(&mut |_| count += 1);
        reader.feed(b"b\n", &mut |_| count += 1);
        reader.finish(&mut |_| count += 1);
        assert_eq!(count, 1);
    }
}
