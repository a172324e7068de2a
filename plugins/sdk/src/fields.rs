//! Trimming of field values and removal of filler values.
//!
//! Record exports pad fields with spaces, tabs or NUL bytes, and write placeholders such as
//! `x` or `NULL` where a value is absent. An adapter trims every field with [`trim`] and
//! turns its format's placeholders into the empty string with [`strip_filler`], so that
//! "absent" has one spelling everywhere after it.

/// Returns `value` without leading and trailing padding: ASCII whitespace (space, tab, CR,
/// LF, vertical tab, form feed), NUL bytes and no-break spaces (U+00A0).
pub fn trim(value: &str) -> &str {
    value.trim_matches(is_padding)
}

/// Returns true for a character that [`trim`] removes.
pub fn is_padding(character: char) -> bool {
    matches!(
        character,
        ' ' | '\t' | '\r' | '\n' | '\u{0B}' | '\u{0C}' | '\0' | '\u{A0}'
    )
}

/// Trims `value` and returns the empty string when what is left equals one of `fillers`
/// exactly (case-sensitive). Fillers are compared after trimming, so `"NULL"` also
/// matches `"NULL  "`.
pub fn strip_filler<'a>(value: &'a str, fillers: &[&str]) -> &'a str {
    let trimmed = trim(value);
    if fillers.contains(&trimmed) {
        ""
    } else {
        trimmed
    }
}

/// Returns `None` for an empty string and `Some(value)` otherwise.
pub fn non_empty(value: &str) -> Option<&str> {
    if value.is_empty() { None } else { Some(value) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trim_removes_padding() {
        assert_eq!(trim("  MISDEMEANOR   "), "MISDEMEANOR");
        assert_eq!(trim("\t\t\t"), "");
        assert_eq!(trim("\0\0ABC\0"), "ABC");
        assert_eq!(trim("\u{A0}JAIL\u{A0}"), "JAIL");
        assert_eq!(trim("\r\n 12 \r\n"), "12");
    }

    #[test]
    fn trim_keeps_inner_spaces() {
        assert_eq!(trim(" COURT ACTION "), "COURT ACTION");
    }

    #[test]
    fn filler_becomes_empty() {
        let fillers = ["x", "NULL", "-"];
        assert_eq!(strip_filler("x       ", &fillers), "");
        assert_eq!(strip_filler("NULL  ", &fillers), "");
        assert_eq!(strip_filler("  -  ", &fillers), "");
        assert_eq!(strip_filler("   ", &fillers), "");
    }

    #[test]
    fn filler_match_is_whole_and_exact() {
        let fillers = ["x", "NULL"];
        assert_eq!(strip_filler("X", &fillers), "X");
        assert_eq!(strip_filler("xx", &fillers), "xx");
        assert_eq!(strip_filler("NULLS", &fillers), "NULLS");
        assert_eq!(strip_filler(" 503 VC ", &fillers), "503 VC");
    }

    #[test]
    fn non_empty_values() {
        assert_eq!(non_empty(""), None);
        assert_eq!(non_empty("a"), Some("a"));
    }
}
