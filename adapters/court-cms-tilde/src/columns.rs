//! The 30 columns of the export, in order, and the positions of those the adapter reads.

/// The number of fields in every line, the closing `EOR` included.
pub const FIELD_COUNT: usize = 30;

/// The column names in file order, as the header line spells them.
#[rustfmt::skip]
pub const NAMES: [&str; FIELD_COUNT] = [
    "Court Number", "Ind", "Incident Number", "Truename", "Case Level",
    "Case Dispo", "Case Disposition Description", "Dispo Date", "Action Number", "1st Filed",
    "Charge Level", "Charge Date", "Current Charge", "Current Level", "Current Charge Description",
    "Chg Disp", "Charge Disposition Description", "Ch Dispo Date", "Booked Charge", "Booked Charge Level",
    "Booked Charge Date", "Race", "Sex", "DOB", "SFNO",
    "CII", "FBI", "SSN", "DL Number", "EOR",
];

pub const COURT_NUMBER: usize = 0;
pub const IND: usize = 1;
pub const TRUENAME: usize = 3;
pub const DISPO_DATE: usize = 7;
pub const FIRST_FILED: usize = 9;
pub const CHARGE_LEVEL: usize = 10;
pub const CHARGE_DATE: usize = 11;
pub const CURRENT_CHARGE: usize = 12;
pub const CURRENT_LEVEL: usize = 13;
pub const CURRENT_CHARGE_DESCRIPTION: usize = 14;
pub const CHG_DISP: usize = 15;
pub const CHARGE_DISPOSITION_DESCRIPTION: usize = 16;
pub const CH_DISPO_DATE: usize = 17;
pub const BOOKED_CHARGE: usize = 18;
pub const BOOKED_CHARGE_LEVEL: usize = 19;
pub const BOOKED_CHARGE_DATE: usize = 20;
pub const DOB: usize = 23;
pub const SFNO: usize = 24;
pub const CII: usize = 25;
pub const SSN: usize = 27;
pub const DL_NUMBER: usize = 28;
pub const EOR: usize = 29;

/// The literal value of the last field of every line.
pub const END_OF_RECORD: &str = "EOR";

/// Returns true for the columns whose values are never decoded, copied or reported:
/// the Social Security number and the driver's licence number.
pub fn is_never_read(index: usize) -> bool {
    index == SSN || index == DL_NUMBER
}
