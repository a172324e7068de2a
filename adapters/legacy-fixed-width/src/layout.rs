//! The record layout: every field of the five record types, and the county numbers.

use clearway_sdk::fixed::Field;

/// The length of every record in characters, without its line end.
pub const RECORD_LENGTH: usize = 120;

/// The record type in column 1.
pub const RECORD_TYPE: Field = Field::one_of("record_type", 1, 1, &["H", "P", "C", "K", "T"]);

/// `H` header fields, in column order.
pub mod header {
    use super::Field;

    pub const EXTRACT_DATE: Field = Field::yymmdd("extract_date", 2, 7);
    pub const COUNTY_CODE: Field = Field::digits("county_code", 8, 9).in_range(1, 58);
    pub const EXTRACT_ID: Field = Field::text("extract_id", 10, 19);

    pub const FIELDS: &[Field] = &[EXTRACT_DATE, COUNTY_CODE, EXTRACT_ID];
}

/// `P` person fields, in column order.
pub mod person {
    use super::Field;

    pub const PERSON_NUMBER: Field = Field::digits("person_number", 2, 11);
    pub const LAST_NAME: Field = Field::text("last_name", 12, 31);
    pub const FIRST_NAME: Field = Field::text("first_name", 32, 46).optional();
    pub const MIDDLE_NAME: Field = Field::text("middle_name", 47, 61).optional();
    pub const SUFFIX: Field = Field::one_of("suffix", 62, 64, &["JR ", "SR ", "III"]).optional();
    pub const DATE_OF_BIRTH: Field = Field::yymmdd("date_of_birth", 65, 70).optional();
    pub const CII_NUMBER: Field = Field::text("cii_number", 71, 79).optional();
    pub const DECEASED: Field = Field::one_of("deceased", 80, 80, &["Y", "N"]);
    pub const PC_290_REGISTRANT: Field = Field::one_of("pc_290_registrant", 81, 81, &["Y", "N"]);

    pub const FIELDS: &[Field] = &[
        PERSON_NUMBER,
        LAST_NAME,
        FIRST_NAME,
        MIDDLE_NAME,
        SUFFIX,
        DATE_OF_BIRTH,
        CII_NUMBER,
        DECEASED,
        PC_290_REGISTRANT,
    ];
}

/// `C` case fields, in column order.
pub mod case {
    use super::Field;

    pub const PERSON_NUMBER: Field = Field::digits("person_number", 2, 11);
    pub const CASE_NUMBER: Field = Field::text("case_number", 12, 23);
    pub const COURT_LOCATION: Field = Field::text("court_location", 24, 27);
    pub const FILING_DATE: Field = Field::yymmdd("filing_date", 28, 33);

    pub const FIELDS: &[Field] = &[PERSON_NUMBER, CASE_NUMBER, COURT_LOCATION, FILING_DATE];
}

/// `K` charge fields, in column order.
pub mod charge {
    use super::Field;

    pub const CASE_NUMBER: Field = Field::text("case_number", 2, 13);
    pub const SEQUENCE: Field = Field::digits("charge_sequence", 14, 15).in_range(1, 99);
    pub const CODE: Field = Field::one_of("code", 16, 18, &["HS ", "PC ", "VC ", "BP ", "WI "]);
    pub const SECTION: Field = Field::text("section", 19, 30);
    pub const LEVEL: Field = Field::one_of("level", 31, 31, &["F", "M", "I"]);
    pub const DISPOSITION: Field = Field::one_of("disposition", 32, 33, &["CV", "DS", "AQ", "DV", "PD"]);
    pub const DISPOSITION_DATE: Field = Field::yymmdd("disposition_date", 34, 39).optional();
    pub const JAIL_DAYS: Field = Field::digits("jail_days", 40, 43);
    pub const PROBATION_MONTHS: Field = Field::digits("probation_months", 44, 46);
    pub const PRISON_MONTHS: Field = Field::digits("prison_months", 47, 49);
    pub const DESCRIPTION: Field = Field::text("description", 50, 89).optional();

    pub const FIELDS: &[Field] = &[
        CASE_NUMBER,
        SEQUENCE,
        CODE,
        SECTION,
        LEVEL,
        DISPOSITION,
        DISPOSITION_DATE,
        JAIL_DAYS,
        PROBATION_MONTHS,
        PRISON_MONTHS,
        DESCRIPTION,
    ];
}

/// `T` trailer fields.
pub mod trailer {
    use super::Field;

    pub const RECORD_COUNT: Field = Field::digits("record_count", 2, 10);
}

/// Returns the fields of a record type, or an empty list for a type outside the layout.
pub fn fields_of(record_type: u8) -> &'static [Field] {
    match record_type {
        b'H' => header::FIELDS,
        b'P' => person::FIELDS,
        b'C' => case::FIELDS,
        b'K' => charge::FIELDS,
        b'T' => &[trailer::RECORD_COUNT],
        _ => &[],
    }
}

/// Returns the name of the field of `record_type` that covers `column` (1-based), if any.
pub fn field_at(record_type: u8, column: usize) -> Option<&'static str> {
    fields_of(record_type)
        .iter()
        .find(|field| (field.first..=field.last).contains(&column))
        .map(|field| field.name)
}

/// California's 58 counties in alphabetical order: county code `01` is the first.
pub const COUNTIES: [&str; 58] = [
    "ALAMEDA",
    "ALPINE",
    "AMADOR",
    "BUTTE",
    "CALAVERAS",
    "COLUSA",
    "CONTRA COSTA",
    "DEL NORTE",
    "EL DORADO",
    "FRESNO",
    "GLENN",
    "HUMBOLDT",
    "IMPERIAL",
    "INYO",
    "KERN",
    "KINGS",
    "LAKE",
    "LASSEN",
    "LOS ANGELES",
    "MADERA",
    "MARIN",
    "MARIPOSA",
    "MENDOCINO",
    "MERCED",
    "MODOC",
    "MONO",
    "MONTEREY",
    "NAPA",
    "NEVADA",
    "ORANGE",
    "PLACER",
    "PLUMAS",
    "RIVERSIDE",
    "SACRAMENTO",
    "SAN BENITO",
    "SAN BERNARDINO",
    "SAN DIEGO",
    "SAN FRANCISCO",
    "SAN JOAQUIN",
    "SAN LUIS OBISPO",
    "SAN MATEO",
    "SANTA BARBARA",
    "SANTA CLARA",
    "SANTA CRUZ",
    "SHASTA",
    "SIERRA",
    "SISKIYOU",
    "SOLANO",
    "SONOMA",
    "STANISLAUS",
    "SUTTER",
    "TEHAMA",
    "TRINITY",
    "TULARE",
    "TUOLUMNE",
    "VENTURA",
    "YOLO",
    "YUBA",
];

/// Returns the county name for a county code from 1 to 58.
pub fn county_name(code: u64) -> Option<&'static str> {
    let index = usize::try_from(code).ok()?.checked_sub(1)?;
    COUNTIES.get(index).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn county_codes() {
        assert_eq!(county_name(1), Some("ALAMEDA"));
        assert_eq!(county_name(10), Some("FRESNO"));
        assert_eq!(county_name(19), Some("LOS ANGELES"));
        assert_eq!(county_name(34), Some("SACRAMENTO"));
        assert_eq!(county_name(39), Some("SAN JOAQUIN"));
        assert_eq!(county_name(58), Some("YUBA"));
        assert_eq!(county_name(0), None);
        assert_eq!(county_name(59), None);
    }

    #[test]
    fn counties_are_alphabetical() {
        let mut sorted = COUNTIES;
        sorted.sort_unstable();
        assert_eq!(sorted, COUNTIES);
    }

    #[test]
    fn fields_are_in_column_order_within_the_record() {
        for record_type in *b"HPCKT" {
            let mut previous_last = 1;
            for field in fields_of(record_type) {
                assert!(field.first > previous_last, "{} overlaps the field before it", field.name);
                assert!(field.last <= RECORD_LENGTH, "{} ends past the record", field.name);
                previous_last = field.last;
            }
        }
    }

    #[test]
    fn field_lookup_by_column() {
        assert_eq!(field_at(b'P', 65), Some("date_of_birth"));
        assert_eq!(field_at(b'P', 70), Some("date_of_birth"));
        assert_eq!(field_at(b'K', 31), Some("level"));
        assert_eq!(field_at(b'P', 100), None);
    }
}
