//! Problems with input rows, as data.

use std::sync::Arc;

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The row is used, but one field was unusable and is treated as missing.
    Warning,
    /// The row is rejected and nothing of it is used.
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A problem with one input row: a stable code, the row, the field and what was expected.
///
/// Messages carry no personal data, only a row number and field names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RowDiagnostic {
    pub file: Arc<str>,
    /// The 1-based line number where the row starts.
    pub row: u64,
    pub code: String,
    pub severity: Severity,
    pub field: Option<String>,
    pub message: String,
}
