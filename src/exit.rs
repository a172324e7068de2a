//! Exit codes of `clearway`, also listed in the README.

use std::process::ExitCode;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// 0: the run finished and every input row was used.
    Clean = 0,
    /// 1: the run could not start or could not write its outputs (bad configuration,
    /// missing input, unwritable output folder, an adapter that would not load).
    Failed = 1,
    // 2 is clap's exit code for a command-line usage error.
    /// 3: the run finished, but some rows were rejected; `rejects.csv` lists them.
    RowsRejected = 3,
    /// 4: the run finished, but an input could not be read to its end because the adapter
    /// failed or found the input unusable. The results are incomplete.
    InputIncomplete = 4,
    /// 5: the run finished, but more rows carried codes missing from the county's code
    /// tables than `limits.max_unmapped_codes` allows; `summary.json` lists the codes.
    TooManyUnmappedCodes = 5,
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> ExitCode {
        ExitCode::from(status as u8)
    }
}
