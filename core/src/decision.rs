//! What the classifier decides for one in-scope conviction, and why.

use serde::Serialize;

/// The four outcomes a conviction in scope can get.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Dismiss,
    Reduce,
    NotEligible,
    HandReview,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [Outcome::Dismiss, Outcome::Reduce, Outcome::NotEligible, Outcome::HandReview];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Dismiss => "dismiss",
            Outcome::Reduce => "reduce",
            Outcome::NotEligible => "not_eligible",
            Outcome::HandReview => "hand_review",
        }
    }

    /// True for the outcomes that give relief.
    pub fn is_relief(self) -> bool {
        matches!(self, Outcome::Dismiss | Outcome::Reduce)
    }
}

/// Where a fact came from in the input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FactSource {
    pub file: String,
    pub row: u64,
    pub field: String,
}

/// One fact the decision used, with its value as the rules read it and its source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fact {
    pub name: &'static str,
    pub value: String,
    pub source: Option<FactSource>,
}

/// An outcome with the stable reason code that explains it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Ruling {
    pub outcome: Outcome,
    pub code: ReasonCode,
}

impl Ruling {
    pub fn new(outcome: Outcome, code: ReasonCode) -> Ruling {
        Ruling { outcome, code }
    }
}

/// The classifier's result for one in-scope conviction: the statute's outcome and the
/// county policy's outcome side by side, with the reason, the citation and the facts used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// Index into `Subject::charges` of the row that stands for this count.
    pub charge_index: usize,
    /// The input file and every row of the count.
    pub source: crate::schema::SourceRef,
    /// The statute as Clearway normalizes it (`HS 11357(b)`), or the best rendering of a
    /// string that goes to hand review.
    pub statute: String,
    /// The Proposition 64 base section, when one section is known.
    pub section: Option<crate::policy::Prop64Section>,
    /// The outcome under the statute alone.
    pub law: Ruling,
    /// The outcome after the county's policy.
    pub policy: Ruling,
    /// Names of the policy options that changed the outcome, such as
    /// `additional_relief.age_at_least`.
    pub overrides: Vec<&'static str>,
    /// One sentence that says why, for the policy outcome.
    pub reason: String,
    /// The legal citation for the policy outcome, such as `H&S 11361.8(e); H&S 11362.1(a)(1)`.
    pub citation: String,
    pub flags: Vec<Flag>,
    pub facts: Vec<Fact>,
    /// The rules that fired, law first and then policy, one line each.
    pub trace: Vec<String>,
}

/// Why a conviction got its outcome. Each code has a stable id, a description and the law
/// behind it; `docs/reason-codes.md` lists them all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReasonCode {
    // Statute: dismiss.
    LawfulAdultPossession,
    LawfulAdultGiftOrTransport,
    // Statute: reduce.
    PossessionReducedToInfraction,
    SchoolPossessionReducedToInfraction,
    PossessionFelonyReduced,
    CultivationFelonyReduced,
    PossessionForSaleFelonyReduced,
    TransportFelonyReduced,
    GiftOrTransportReducedToInfraction,
    // Statute: not eligible.
    NoLesserOffense,
    SameOffenseUnderAct,
    OffenseAfterAct,
    LetteredUnderAct,
    AlreadyGranted,
    PriorSuperStrike,
    PriorRegistrableOffense,
    TwoPriorConvictions,
    NotProp64Conviction,
    // Statute: hand review.
    Attempt,
    Conspiracy,
    WrongCode,
    SeveralSections,
    EnhancementAttached,
    FieldsDisagree,
    CommentAmbiguous,
    FormerMarijuanaSection,
    OffenseDateUnknown,
    AgeUnknown,
    SubsectionUnknown,
    SubsectionUnrecognized,
    ConcentrateAmountUnknown,
    SchoolPossessionFineOnly,
    LevelUnknown,
    LevelConflictsWithSection,
    PriorTimingUnknown,
    PriorSubsectionUnknown,
    RegistrationWithoutConviction,
    PriorsUncertain,
    MinorSignal,
    ImportExportSignal,
    EnvironmentalSignal,
    // County policy.
    PolicyDismissSection,
    PolicyDismissMisdemeanor,
    PolicyUnder21AtConviction,
    PolicyAgeAtLeast,
    PolicyYearsSinceConviction,
    PolicyYearsCrimeFree,
    PolicyOnlyProp64,
    PolicyDeceased,
    PossiblePleaBargain,
}

const ACT_TEST: &str = "H&S 11361.8(a), (e)";
const EXCLUSION_SECTIONS: &str = "H&S 11358(d), 11359(c)-(d), 11360(a)(3)";
const POLICY_BASIS: &str = "county policy; H&S 11361.9 (prosecutor may decline to challenge)";

impl ReasonCode {
    pub const ALL: [ReasonCode; 50] = [
        ReasonCode::LawfulAdultPossession,
        ReasonCode::LawfulAdultGiftOrTransport,
        ReasonCode::PossessionReducedToInfraction,
        ReasonCode::SchoolPossessionReducedToInfraction,
        ReasonCode::PossessionFelonyReduced,
        ReasonCode::CultivationFelonyReduced,
        ReasonCode::PossessionForSaleFelonyReduced,
        ReasonCode::TransportFelonyReduced,
        ReasonCode::GiftOrTransportReducedToInfraction,
        ReasonCode::NoLesserOffense,
        ReasonCode::SameOffenseUnderAct,
        ReasonCode::OffenseAfterAct,
        ReasonCode::LetteredUnderAct,
        ReasonCode::AlreadyGranted,
        ReasonCode::PriorSuperStrike,
        ReasonCode::PriorRegistrableOffense,
        ReasonCode::TwoPriorConvictions,
        ReasonCode::NotProp64Conviction,
        ReasonCode::Attempt,
        ReasonCode::Conspiracy,
        ReasonCode::WrongCode,
        ReasonCode::SeveralSections,
        ReasonCode::EnhancementAttached,
        ReasonCode::FieldsDisagree,
        ReasonCode::CommentAmbiguous,
        ReasonCode::FormerMarijuanaSection,
        ReasonCode::OffenseDateUnknown,
        ReasonCode::AgeUnknown,
        ReasonCode::SubsectionUnknown,
        ReasonCode::SubsectionUnrecognized,
        ReasonCode::ConcentrateAmountUnknown,
        ReasonCode::SchoolPossessionFineOnly,
        ReasonCode::LevelUnknown,
        ReasonCode::LevelConflictsWithSection,
        ReasonCode::PriorTimingUnknown,
        ReasonCode::PriorSubsectionUnknown,
        ReasonCode::RegistrationWithoutConviction,
        ReasonCode::PriorsUncertain,
        ReasonCode::MinorSignal,
        ReasonCode::ImportExportSignal,
        ReasonCode::EnvironmentalSignal,
        ReasonCode::PolicyDismissSection,
        ReasonCode::PolicyDismissMisdemeanor,
        ReasonCode::PolicyUnder21AtConviction,
        ReasonCode::PolicyAgeAtLeast,
        ReasonCode::PolicyYearsSinceConviction,
        ReasonCode::PolicyYearsCrimeFree,
        ReasonCode::PolicyOnlyProp64,
        ReasonCode::PolicyDeceased,
        ReasonCode::PossiblePleaBargain,
    ];

    /// The stable id written to every output.
    pub fn as_str(self) -> &'static str {
        match self {
            ReasonCode::LawfulAdultPossession => "LAWFUL_ADULT_POSSESSION",
            ReasonCode::LawfulAdultGiftOrTransport => "LAWFUL_ADULT_GIFT_OR_TRANSPORT",
            ReasonCode::PossessionReducedToInfraction => "POSSESSION_REDUCED_TO_INFRACTION",
            ReasonCode::SchoolPossessionReducedToInfraction => "SCHOOL_POSSESSION_REDUCED_TO_INFRACTION",
            ReasonCode::PossessionFelonyReduced => "POSSESSION_FELONY_REDUCED",
            ReasonCode::CultivationFelonyReduced => "CULTIVATION_FELONY_REDUCED",
            ReasonCode::PossessionForSaleFelonyReduced => "POSSESSION_FOR_SALE_FELONY_REDUCED",
            ReasonCode::TransportFelonyReduced => "TRANSPORT_FELONY_REDUCED",
            ReasonCode::GiftOrTransportReducedToInfraction => "GIFT_OR_TRANSPORT_REDUCED_TO_INFRACTION",
            ReasonCode::NoLesserOffense => "NO_LESSER_OFFENSE",
            ReasonCode::SameOffenseUnderAct => "SAME_OFFENSE_UNDER_ACT",
            ReasonCode::OffenseAfterAct => "OFFENSE_AFTER_ACT",
            ReasonCode::LetteredUnderAct => "LETTERED_UNDER_ACT",
            ReasonCode::AlreadyGranted => "ALREADY_GRANTED",
            ReasonCode::PriorSuperStrike => "PRIOR_SUPER_STRIKE",
            ReasonCode::PriorRegistrableOffense => "PRIOR_REGISTRABLE_OFFENSE",
            ReasonCode::TwoPriorConvictions => "TWO_PRIOR_CONVICTIONS",
            ReasonCode::NotProp64Conviction => "NOT_PROP64_CONVICTION",
            ReasonCode::Attempt => "ATTEMPT",
            ReasonCode::Conspiracy => "CONSPIRACY",
            ReasonCode::WrongCode => "WRONG_CODE",
            ReasonCode::SeveralSections => "SEVERAL_SECTIONS",
            ReasonCode::EnhancementAttached => "ENHANCEMENT_ATTACHED",
            ReasonCode::FieldsDisagree => "FIELDS_DISAGREE",
            ReasonCode::CommentAmbiguous => "COMMENT_AMBIGUOUS",
            ReasonCode::FormerMarijuanaSection => "FORMER_MARIJUANA_SECTION",
            ReasonCode::OffenseDateUnknown => "OFFENSE_DATE_UNKNOWN",
            ReasonCode::AgeUnknown => "AGE_UNKNOWN",
            ReasonCode::SubsectionUnknown => "SUBSECTION_UNKNOWN",
            ReasonCode::SubsectionUnrecognized => "SUBSECTION_UNRECOGNIZED",
            ReasonCode::ConcentrateAmountUnknown => "CONCENTRATE_AMOUNT_UNKNOWN",
            ReasonCode::SchoolPossessionFineOnly => "SCHOOL_POSSESSION_FINE_ONLY",
            ReasonCode::LevelUnknown => "LEVEL_UNKNOWN",
            ReasonCode::LevelConflictsWithSection => "LEVEL_CONFLICTS_WITH_SECTION",
            ReasonCode::PriorTimingUnknown => "PRIOR_TIMING_UNKNOWN",
            ReasonCode::PriorSubsectionUnknown => "PRIOR_SUBSECTION_UNKNOWN",
            ReasonCode::RegistrationWithoutConviction => "REGISTRATION_WITHOUT_CONVICTION",
            ReasonCode::PriorsUncertain => "PRIORS_UNCERTAIN",
            ReasonCode::MinorSignal => "MINOR_SIGNAL",
            ReasonCode::ImportExportSignal => "IMPORT_EXPORT_SIGNAL",
            ReasonCode::EnvironmentalSignal => "ENVIRONMENTAL_SIGNAL",
            ReasonCode::PolicyDismissSection => "POLICY_DISMISS_SECTION",
            ReasonCode::PolicyDismissMisdemeanor => "POLICY_DISMISS_MISDEMEANOR",
            ReasonCode::PolicyUnder21AtConviction => "POLICY_UNDER_21_AT_CONVICTION",
            ReasonCode::PolicyAgeAtLeast => "POLICY_AGE_AT_LEAST",
            ReasonCode::PolicyYearsSinceConviction => "POLICY_YEARS_SINCE_CONVICTION",
            ReasonCode::PolicyYearsCrimeFree => "POLICY_YEARS_CRIME_FREE",
            ReasonCode::PolicyOnlyProp64 => "POLICY_ONLY_PROP64",
            ReasonCode::PolicyDeceased => "POLICY_DECEASED",
            ReasonCode::PossiblePleaBargain => "POSSIBLE_PLEA_BARGAIN",
        }
    }

    /// What the code means, in one sentence.
    pub fn description(self) -> &'static str {
        match self {
            ReasonCode::LawfulAdultPossession => {
                "Possession of 28.5 grams or less by a person 21 or older at the offense is lawful under the Act."
            }
            ReasonCode::LawfulAdultGiftOrTransport => {
                "Giving away or transporting 28.5 grams or less by a person 21 or older at the offense is lawful under the Act."
            }
            ReasonCode::PossessionReducedToInfraction => {
                "Possession of 28.5 grams or less by a person under 21 is an infraction under the Act, so the misdemeanor is reduced."
            }
            ReasonCode::SchoolPossessionReducedToInfraction => {
                "Possession on school grounds by a person under 18 is an infraction under the Act, so the misdemeanor is reduced."
            }
            ReasonCode::PossessionFelonyReduced => {
                "Possession has no felony tier under the Act, so the felony is reduced to a misdemeanor; dismissal needs proof of 8 grams of concentrate or less and age 21 or older."
            }
            ReasonCode::CultivationFelonyReduced => {
                "Cultivation is a misdemeanor under the Act unless an exclusion applies, so the felony is reduced; dismissal needs proof of six plants or fewer and age 21 or older."
            }
            ReasonCode::PossessionForSaleFelonyReduced => {
                "Possession for sale is a misdemeanor under the Act unless an exclusion applies, so the felony is reduced."
            }
            ReasonCode::TransportFelonyReduced => {
                "Sale, transport or gift is a misdemeanor under the Act unless an exclusion applies, so the felony is reduced."
            }
            ReasonCode::GiftOrTransportReducedToInfraction => {
                "Giving away or transporting 28.5 grams or less by a person under 21 is an infraction under the Act, so the misdemeanor is reduced."
            }
            ReasonCode::NoLesserOffense => {
                "The conviction was already an infraction, the lowest level the Act gives the same conduct."
            }
            ReasonCode::SameOffenseUnderAct => {
                "Possession of more than 28.5 grams is the same misdemeanor under the Act, so there is no lesser offense."
            }
            ReasonCode::OffenseAfterAct => {
                "The offense was on or after 2016-11-09, so the conviction is under the Act itself."
            }
            ReasonCode::LetteredUnderAct => {
                "The conviction is dated on or after 2016-11-09 and carries a subsection that exists only in the Act's version of the section."
            }
            ReasonCode::AlreadyGranted => {
                "A later court entry on the same case shows the conviction was already dismissed, reduced or resentenced."
            }
            ReasonCode::PriorSuperStrike => {
                "A conviction before the offense for a super strike (PC 667(e)(2)(C)(iv)) keeps the felony under the Act."
            }
            ReasonCode::PriorRegistrableOffense => {
                "A conviction before the offense for an offense requiring registration under PC 290(c) keeps the felony under the Act."
            }
            ReasonCode::TwoPriorConvictions => {
                "Two or more convictions of the same offense, in separate earlier cases before the offense, keep the felony under the Act."
            }
            ReasonCode::NotProp64Conviction => {
                "The conviction is for an offense that Proposition 64 does not list."
            }
            ReasonCode::Attempt => {
                "The conviction is an attempt under PC 664; the Act lists only the completed offenses."
            }
            ReasonCode::Conspiracy => {
                "The conviction is a conspiracy under PC 182, not one of the sections the Act lists."
            }
            ReasonCode::WrongCode => {
                "The section is written under a code other than Health and Safety, where no such marijuana offense exists."
            }
            ReasonCode::SeveralSections => {
                "The statute text names several sections, or a section joined to an enhancement, for one count."
            }
            ReasonCode::EnhancementAttached => {
                "An enhancement is attached to the count; a misdemeanor cannot carry a felony enhancement, so the court must decide."
            }
            ReasonCode::FieldsDisagree => {
                "Two fields of the record name different marijuana sections for one count."
            }
            ReasonCode::CommentAmbiguous => {
                "The offense field names no statute, and the comment does not name exactly one Proposition 64 section."
            }
            ReasonCode::FormerMarijuanaSection => {
                "The conviction is under a marijuana section repealed in 1972, which H&S 11361.8 does not name."
            }
            ReasonCode::OffenseDateUnknown => {
                "The record cannot show whether the offense was before 2016-11-09."
            }
            ReasonCode::AgeUnknown => {
                "The outcome depends on whether the person was 21 at the offense, and the record cannot show it."
            }
            ReasonCode::SubsectionUnknown => {
                "The outcome depends on the subsection, and the record gives none."
            }
            ReasonCode::SubsectionUnrecognized => {
                "The subsection does not exist in the version of the section in force at the offense."
            }
            ReasonCode::ConcentrateAmountUnknown => {
                "Misdemeanor possession of concentrate is lawful at 8 grams or less for a person 21 or older, and the record does not show the amount."
            }
            ReasonCode::SchoolPossessionFineOnly => {
                "Adult possession on school grounds is still a misdemeanor under the Act with a lower maximum fine; whether that is a lesser offense is unsettled."
            }
            ReasonCode::LevelUnknown => {
                "The outcome depends on the offense level (felony, misdemeanor or infraction), and the record does not give it."
            }
            ReasonCode::LevelConflictsWithSection => {
                "The recorded level is one the section could not carry before the Act, such as a misdemeanor for a straight felony."
            }
            ReasonCode::PriorTimingUnknown => {
                "A conviction that would keep the felony cannot be placed before or after the offense with the dates on record."
            }
            ReasonCode::PriorSubsectionUnknown => {
                "An earlier conviction may be a super strike or a PC 290(c) offense, but its subsection, which decides that, is missing."
            }
            ReasonCode::RegistrationWithoutConviction => {
                "The record shows a PC 290 registration but no California conviction that requires it."
            }
            ReasonCode::PriorsUncertain => {
                "Earlier convictions of the same section may make two priors, but the record cannot settle it."
            }
            ReasonCode::MinorSignal => {
                "The case shows a sign of sale to a minor or of employing a person under 21, which keeps the felony under the Act."
            }
            ReasonCode::ImportExportSignal => {
                "The case shows a sign of import into or export out of California, which keeps the felony under the Act."
            }
            ReasonCode::EnvironmentalSignal => {
                "The case has a companion count for environmental harm, which keeps a cultivation felony under the Act."
            }
            ReasonCode::PolicyDismissSection => "The county dismisses eligible felonies of this section.",
            ReasonCode::PolicyDismissMisdemeanor => {
                "The county dismisses every in-scope misdemeanor and infraction conviction."
            }
            ReasonCode::PolicyUnder21AtConviction => {
                "The county dismisses when the person was under 21 on the disposition date."
            }
            ReasonCode::PolicyAgeAtLeast => "The county dismisses when the person has reached its age threshold on the as-of date.",
            ReasonCode::PolicyYearsSinceConviction => {
                "The county dismisses when the conviction is at least its threshold of years before the as-of date."
            }
            ReasonCode::PolicyYearsCrimeFree => {
                "The county dismisses when the person's latest conviction of any kind is more than its threshold of years before the as-of date."
            }
            ReasonCode::PolicyOnlyProp64 => {
                "The county dismisses when every conviction on the person's record, in any county, is a Proposition 64 conviction."
            }
            ReasonCode::PolicyDeceased => "The county dismisses when the record shows the person has died.",
            ReasonCode::PossiblePleaBargain => {
                "The cycle began with a marijuana arrest but ended in a conviction only for a related charge, a possible plea bargain."
            }
        }
    }

    /// The law behind the code.
    pub fn citation(self) -> &'static str {
        match self {
            ReasonCode::LawfulAdultPossession | ReasonCode::LawfulAdultGiftOrTransport => {
                "H&S 11361.8(e); H&S 11362.1(a)(1)"
            }
            ReasonCode::PossessionReducedToInfraction => "H&S 11361.8(e); H&S 11357(a)",
            ReasonCode::SchoolPossessionReducedToInfraction => "H&S 11361.8(e); H&S 11357(d)",
            ReasonCode::PossessionFelonyReduced => "H&S 11361.8(e); H&S 11357(b)(2); H&S 11362.1(a)(2)",
            ReasonCode::CultivationFelonyReduced => "H&S 11361.8(e); H&S 11358(c)",
            ReasonCode::PossessionForSaleFelonyReduced => "H&S 11361.8(e); H&S 11359(b)",
            ReasonCode::TransportFelonyReduced => "H&S 11361.8(e); H&S 11360(a)(2)",
            ReasonCode::GiftOrTransportReducedToInfraction => "H&S 11361.8(e); H&S 11360(b)",
            ReasonCode::NoLesserOffense => "H&S 11361.8(e); H&S 11357(a)",
            ReasonCode::SameOffenseUnderAct => "H&S 11361.8(e); H&S 11357(b)(2)",
            ReasonCode::OffenseAfterAct | ReasonCode::LetteredUnderAct => ACT_TEST,
            ReasonCode::AlreadyGranted => "H&S 11361.8; H&S 11361.9",
            ReasonCode::PriorSuperStrike => {
                "H&S 11358(d)(1), 11359(c)(1), 11360(a)(3)(A); PC 667(e)(2)(C)(iv)"
            }
            ReasonCode::PriorRegistrableOffense => "H&S 11358(d)(1), 11359(c)(1), 11360(a)(3)(A); PC 290(c)",
            ReasonCode::TwoPriorConvictions => "H&S 11359(c)(2), 11360(a)(3)(B)",
            ReasonCode::NotProp64Conviction => ACT_TEST,
            ReasonCode::Attempt => "PC 664; H&S 11361.8(a), (e)",
            ReasonCode::Conspiracy => "PC 182; H&S 11361.8(a), (e)",
            ReasonCode::WrongCode
            | ReasonCode::SeveralSections
            | ReasonCode::FieldsDisagree
            | ReasonCode::CommentAmbiguous
            | ReasonCode::OffenseDateUnknown => ACT_TEST,
            ReasonCode::EnhancementAttached => "H&S 11361.8(e); PC 12022; PC 186.22",
            ReasonCode::FormerMarijuanaSection => "former H&S 11530, 11530.5, 11531; H&S 11361.8(a), (e)",
            ReasonCode::AgeUnknown => "H&S 11361.8(e); H&S 11362.1(a)",
            ReasonCode::SubsectionUnknown | ReasonCode::SubsectionUnrecognized => {
                "H&S 11361.8(e); H&S 11357; H&S 11360"
            }
            ReasonCode::ConcentrateAmountUnknown => "H&S 11361.8(e); H&S 11362.1(a)(2); H&S 11357(b)(2)",
            ReasonCode::SchoolPossessionFineOnly => "H&S 11361.8(e); H&S 11357(c)",
            ReasonCode::LevelUnknown | ReasonCode::LevelConflictsWithSection => "H&S 11361.8(e)",
            ReasonCode::PriorTimingUnknown | ReasonCode::PriorsUncertain => EXCLUSION_SECTIONS,
            ReasonCode::PriorSubsectionUnknown => {
                "H&S 11358(d)(1), 11359(c)(1), 11360(a)(3)(A); PC 667(e)(2)(C)(iv); PC 290(c)"
            }
            ReasonCode::RegistrationWithoutConviction => "H&S 11358(d)(1), 11359(c)(1), 11360(a)(3)(A); PC 290(c); W&I 203",
            ReasonCode::MinorSignal => "H&S 11359(c)(3), 11359(d), 11360(a)(3)(C)",
            ReasonCode::ImportExportSignal => "H&S 11360(a)(3)(D)",
            ReasonCode::EnvironmentalSignal => "H&S 11358(d)(3)",
            ReasonCode::PolicyDismissSection
            | ReasonCode::PolicyDismissMisdemeanor
            | ReasonCode::PolicyUnder21AtConviction
            | ReasonCode::PolicyAgeAtLeast
            | ReasonCode::PolicyYearsSinceConviction
            | ReasonCode::PolicyYearsCrimeFree
            | ReasonCode::PolicyOnlyProp64
            | ReasonCode::PolicyDeceased
            | ReasonCode::PossiblePleaBargain => POLICY_BASIS,
        }
    }
}

impl Serialize for ReasonCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A note on a decision that does not change its outcome, or that explains a hand review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Flag {
    /// The sentence (disposition date plus its longest part) runs past the as-of date; the
    /// court may weigh public safety on that path (H&S 11361.8(b)).
    CurrentlyServing,
    /// A super strike, PC 290(c) offense or same-section conviction in the same case or on
    /// the same day: not a prior, but worth a look.
    SameDayDisqualifier,
    /// A disqualifying conviction after this one while the person is still serving.
    LaterDisqualifier,
    /// A Proposition 64 section written under the wrong code (`11358 PC`), read as H&S.
    CodeCorrected,
    /// The statute text names no code; it was read as H&S.
    CodeMissing,
    Attempt,
    Conspiracy,
    /// The statute came from the comment, because the offense fields name none.
    StatuteFromComment,
    /// The subsection came from the canned description, not from an explicit letter.
    SubsectionFromDescription,
    /// Letters on 11358 or 11359 before the Act, when those sections had no subsections;
    /// the letters were ignored.
    SubsectionEraMismatch,
    /// An age rule of the county policy could not be evaluated: date of birth or
    /// disposition date missing.
    AgeRulesNotEvaluated,
    /// A years rule of the county policy could not be evaluated: a conviction date missing.
    DateRulesNotEvaluated,
    PossiblePleaBargain,
    /// The convicted offense differs from the charged offense, as after a plea to a lesser charge.
    ConvictedDiffersFromCharged,
    /// The age at the offense was inferred from the disposition date with the policy's margin.
    AgeFromDispositionDate,
}

impl Flag {
    pub const ALL: [Flag; 15] = [
        Flag::CurrentlyServing,
        Flag::SameDayDisqualifier,
        Flag::LaterDisqualifier,
        Flag::CodeCorrected,
        Flag::CodeMissing,
        Flag::Attempt,
        Flag::Conspiracy,
        Flag::StatuteFromComment,
        Flag::SubsectionFromDescription,
        Flag::SubsectionEraMismatch,
        Flag::AgeRulesNotEvaluated,
        Flag::DateRulesNotEvaluated,
        Flag::PossiblePleaBargain,
        Flag::ConvictedDiffersFromCharged,
        Flag::AgeFromDispositionDate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Flag::CurrentlyServing => "CURRENTLY_SERVING",
            Flag::SameDayDisqualifier => "SAME_DAY_DISQUALIFIER",
            Flag::LaterDisqualifier => "LATER_DISQUALIFIER",
            Flag::CodeCorrected => "CODE_CORRECTED",
            Flag::CodeMissing => "CODE_MISSING",
            Flag::Attempt => "ATTEMPT",
            Flag::Conspiracy => "CONSPIRACY",
            Flag::StatuteFromComment => "STATUTE_FROM_COMMENT",
            Flag::SubsectionFromDescription => "SUBSECTION_FROM_DESCRIPTION",
            Flag::SubsectionEraMismatch => "SUBSECTION_ERA_MISMATCH",
            Flag::AgeRulesNotEvaluated => "AGE_RULES_NOT_EVALUATED",
            Flag::DateRulesNotEvaluated => "DATE_RULES_NOT_EVALUATED",
            Flag::PossiblePleaBargain => "POSSIBLE_PLEA_BARGAIN",
            Flag::ConvictedDiffersFromCharged => "CONVICTED_DIFFERS_FROM_CHARGED",
            Flag::AgeFromDispositionDate => "AGE_FROM_DISPOSITION_DATE",
        }
    }
}

impl Serialize for Flag {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reason_code_ids_are_unique() {
        let mut ids: Vec<&str> = ReasonCode::ALL.iter().map(|code| code.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), ReasonCode::ALL.len());
    }

    #[test]
    fn flag_ids_are_unique() {
        let mut ids: Vec<&str> = Flag::ALL.iter().map(|flag| flag.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), Flag::ALL.len());
    }

    #[test]
    fn every_code_has_text_and_citation() {
        for code in ReasonCode::ALL {
            assert!(code.description().ends_with('.'), "{} description", code.as_str());
            assert!(!code.citation().is_empty(), "{} citation", code.as_str());
        }
    }
}
