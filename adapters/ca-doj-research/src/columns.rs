//! The 95 columns of the research file, in order, and the positions of those the adapter reads.

/// The number of fields in every data row.
pub const FIELD_COUNT: usize = 95;

/// The column names in file order, as a header row spells them.
#[rustfmt::skip]
pub const NAMES: [&str; FIELD_COUNT] = [
    "RECORD_ID", "SUBJECT_STATUS", "SUBJECT_ID", "REQ_SEG_SEP", "REQ_CII_NUMBER",
    "REQ_NAME", "REQ_GENDER", "REQ_DOB", "REQ_CDL", "REQ_SSN",
    "PII_SEG_SEP", "CII_NUMBER", "PRI_NAME", "GENDER", "PRI_DOB",
    "PRI_SSN", "PRI_CDL", "PRI_IDN", "PRI_INN", "FBI_NUMBER",
    "PDR_SEG_SEP", "RACE_CODE", "RACE_DESCR", "EYE_COLOR_CODE", "EYE_COLOR_DESCR",
    "HAIR_COLOR_CODE", "HAIR_COLOR_DESCR", "HEIGHT", "WEIGHT", "SINGLE_SOURCE",
    "MULTI_SOURCE", "POB_CODE", "POB_NAME", "POB_TYPE", "CITIZENSHIP_LIST",
    "CYC_SEG_SEP", "CYC_ORDER", "CYC_DATE", "STP_SEG_SEP", "STP_ORDER",
    "STP_EVENT_DATE", "STP_TYPE_CODE", "STP_TYPE_DESCR", "STP_ORI_TYPE", "STP_ORI_TYPE_DESCR",
    "STP_ORI_CODE", "STP_ORI_DESCR", "STP_ORI_CNTY_CODE", "STP_ORI_CNTY_NAME", "CNT_SEG_SEP",
    "CNT_ORDER", "DISP_DATE", "OFN", "OFFENSE_CODE", "OFFENSE_DESCR",
    "OFFENSE_TOC", "OFFENSE_QUAL_LST", "DISP_OFFENSE_CODE", "DISP_OFFENSE_DESCR", "DISP_OFFENSE_TOC",
    "DISP_OFFENSE_QUAL_LST", "CONV_OFFENSE_ORDER", "CONV_OFFENSE_CODE", "CONV_OFFENSE_DESCR", "CONV_OFFENSE_TOC",
    "CONV_OFFENSE_QUAL_LST", "FE_NUM_ORDER", "FE_NUM_ARR_AGY", "FE_NUM_BNCH_WARR", "FE_NUM_CITE",
    "FE_NUM_DOCKET", "FE_NUM_INCIDENT", "FE_NUM_BOOKING", "FE_NUM_NUMBER", "FE_NUM_REMAND",
    "FE_NUM_OOS_INN", "FE_NUM_CRT_CASE", "FE_NUM_WARRANT", "DISP_ORDER", "DISP_CODE",
    "DISP_DESCR", "CONV_STAT_CODE", "CONV_STAT_DESCR", "SENT_SEG_SEP", "SENT_ORDER",
    "SENT_LOC_CODE", "SENT_LOC_DESCR", "SENT_LENGTH", "SENT_TIME_CODE", "SENT_TIME_DESCR",
    "CYC_AGE", "CII_TYPE", "CII_TYPE_ALPHA", "COMMENT_TEXT", "END_OF_REC",
];

pub const RECORD_ID: usize = 0;
pub const SUBJECT_ID: usize = 2;
pub const PRI_NAME: usize = 12;
pub const PRI_DOB: usize = 14;
pub const CYC_ORDER: usize = 36;
pub const CYC_DATE: usize = 37;
pub const STP_EVENT_DATE: usize = 40;
pub const STP_TYPE_DESCR: usize = 42;
pub const STP_ORI_CNTY_NAME: usize = 48;
pub const CNT_ORDER: usize = 50;
pub const DISP_DATE: usize = 51;
pub const OFN: usize = 52;
pub const OFFENSE_DESCR: usize = 54;
pub const OFFENSE_TOC: usize = 55;
pub const CONV_OFFENSE_DESCR: usize = 63;
pub const CONV_OFFENSE_TOC: usize = 64;
pub const FE_NUM_CRT_CASE: usize = 76;
pub const DISP_DESCR: usize = 80;
pub const CONV_STAT_DESCR: usize = 82;
pub const SENT_LOC_CODE: usize = 85;
pub const SENT_LOC_DESCR: usize = 86;
pub const SENT_LENGTH: usize = 87;
pub const SENT_TIME_CODE: usize = 88;
pub const SENT_TIME_DESCR: usize = 89;
pub const CYC_AGE: usize = 90;
pub const COMMENT_TEXT: usize = 93;

/// Returns true for the `*_SEG_SEP` columns, which only mark where a segment starts.
pub fn is_segment_separator(index: usize) -> bool {
    NAMES[index].ends_with("_SEG_SEP")
}

/// Placeholder values that mean "no value" in any column. The generated sample files write
/// `-` padded with spaces where real extracts leave a field empty.
const FILLERS: &[&str] = &["x", "NULL", "-"];
const SEPARATOR_FILLERS: &[&str] = &["x", "NULL", "-", "#"];
const OFN_FILLERS: &[&str] = &["x", "NULL", "-", "FILE NBR NOT REPORTD"];

/// Returns the placeholder values that mean "no value" in column `index`, compared after
/// trimming.
pub fn fillers(index: usize) -> &'static [&'static str] {
    if index == OFN {
        OFN_FILLERS
    } else if is_segment_separator(index) {
        SEPARATOR_FILLERS
    } else {
        FILLERS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_match_names() {
        assert_eq!(NAMES[RECORD_ID], "RECORD_ID");
        assert_eq!(NAMES[SUBJECT_ID], "SUBJECT_ID");
        assert_eq!(NAMES[PRI_NAME], "PRI_NAME");
        assert_eq!(NAMES[PRI_DOB], "PRI_DOB");
        assert_eq!(NAMES[CYC_ORDER], "CYC_ORDER");
        assert_eq!(NAMES[CYC_DATE], "CYC_DATE");
        assert_eq!(NAMES[STP_EVENT_DATE], "STP_EVENT_DATE");
        assert_eq!(NAMES[STP_TYPE_DESCR], "STP_TYPE_DESCR");
        assert_eq!(NAMES[STP_ORI_CNTY_NAME], "STP_ORI_CNTY_NAME");
        assert_eq!(NAMES[CNT_ORDER], "CNT_ORDER");
        assert_eq!(NAMES[DISP_DATE], "DISP_DATE");
        assert_eq!(NAMES[OFN], "OFN");
        assert_eq!(NAMES[OFFENSE_DESCR], "OFFENSE_DESCR");
        assert_eq!(NAMES[OFFENSE_TOC], "OFFENSE_TOC");
        assert_eq!(NAMES[CONV_OFFENSE_DESCR], "CONV_OFFENSE_DESCR");
        assert_eq!(NAMES[CONV_OFFENSE_TOC], "CONV_OFFENSE_TOC");
        assert_eq!(NAMES[FE_NUM_CRT_CASE], "FE_NUM_CRT_CASE");
        assert_eq!(NAMES[DISP_DESCR], "DISP_DESCR");
        assert_eq!(NAMES[CONV_STAT_DESCR], "CONV_STAT_DESCR");
        assert_eq!(NAMES[SENT_LOC_CODE], "SENT_LOC_CODE");
        assert_eq!(NAMES[SENT_LOC_DESCR], "SENT_LOC_DESCR");
        assert_eq!(NAMES[SENT_LENGTH], "SENT_LENGTH");
        assert_eq!(NAMES[SENT_TIME_CODE], "SENT_TIME_CODE");
        assert_eq!(NAMES[SENT_TIME_DESCR], "SENT_TIME_DESCR");
        assert_eq!(NAMES[CYC_AGE], "CYC_AGE");
        assert_eq!(NAMES[COMMENT_TEXT], "COMMENT_TEXT");
    }

    #[test]
    fn separator_columns_end_in_seg_sep() {
        let separators: Vec<usize> = (0..FIELD_COUNT)
            .filter(|&index| is_segment_separator(index))
            .collect();
        assert_eq!(separators, vec![3, 10, 20, 35, 38, 49, 83]);
    }
}
