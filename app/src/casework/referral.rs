//! What a referral is, as stored: its kind, the nation it was made in and the
//! potential victim's age group. Each owns its stored names ([`crate::stored_names!`]).

use super::calendar::Calendar;

/// An NRM referral (with the potential victim's consent, or a child's) or an
/// anonymous Duty to Notify report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReferralKind {
    Nrm,
    Dtn,
}

crate::stored_names!(ReferralKind, "referral kind", {
    Nrm => "NRM",
    Dtn => "DTN",
});

impl ReferralKind {
    /// Whether the answers make this a Duty to Notify report.
    pub fn of(duty_to_notify: bool) -> Self {
        if duty_to_notify {
            ReferralKind::Dtn
        } else {
            ReferralKind::Nrm
        }
    }

    /// "NRM-2026-000123": the kind's name, the year, the number within the kind and year.
    pub fn reference(self, year: i32, number: i64) -> String {
        format!("{}-{year}-{number:06}", self.as_str())
    }

    /// How the kind is named in email and on pages.
    pub fn label(self) -> &'static str {
        match self {
            ReferralKind::Nrm => "National Referral Mechanism referral",
            ReferralKind::Dtn => "Duty to Notify report",
        }
    }
}

/// The part of the UK a referral is made in (the `fr-location` answer). It
/// decides the jurisdiction and the bank holidays that working days skip.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Nation {
    England,
    Wales,
    Scotland,
    NorthernIreland,
}

crate::stored_names!(Nation, "nation", {
    England => "ENGLAND",
    Wales => "WALES",
    Scotland => "SCOTLAND",
    NorthernIreland => "NORTHERNIRELAND",
});

/// The journey's question whose answer is the nation.
pub const LOCATION_FIELD: &str = "fr-location";

impl Nation {
    /// The choice value of the `fr-location` question.
    pub fn answer(self) -> &'static str {
        match self {
            Nation::England => "england",
            Nation::Wales => "wales",
            Nation::Scotland => "scotland",
            Nation::NorthernIreland => "northern-ireland",
        }
    }

    /// From the `fr-location` answer; `None` for anything the question does not offer.
    pub fn from_answer(answer: &str) -> Option<Self> {
        Nation::ALL.iter().copied().find(|n| n.answer() == answer)
    }

    /// The country code of the SCA's record.
    pub fn country_code(self) -> &'static str {
        match self {
            Nation::England => "ENG",
            Nation::Wales => "WAL",
            Nation::Scotland => "SCOT",
            Nation::NorthernIreland => "NI",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Nation::England => "England",
            Nation::Wales => "Wales",
            Nation::Scotland => "Scotland",
            Nation::NorthernIreland => "Northern Ireland",
        }
    }

    /// The bank holidays that working days skip.
    pub fn calendar(self) -> Calendar {
        match self {
            Nation::England | Nation::Wales => Calendar::EnglandAndWales,
            Nation::Scotland => Calendar::Scotland,
            Nation::NorthernIreland => Calendar::NorthernIreland,
        }
    }
}

/// The potential victim's age group, now or during the exploitation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AgeGroup {
    Adult,
    Child,
    Unknown,
}

crate::stored_names!(AgeGroup, "age group", {
    Adult => "Adult",
    Child => "Child",
    Unknown => "Unknown",
});

impl AgeGroup {
    /// From an "under 18?" answer: yes, no, or anything else (not sure, not asked).
    pub fn from_under_18(answer: Option<&str>) -> Self {
        match answer {
            Some("yes") => AgeGroup::Child,
            Some("no") => AgeGroup::Adult,
            _ => AgeGroup::Unknown,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AgeGroup::Adult => "Adult",
            AgeGroup::Child => "Child",
            AgeGroup::Unknown => "Age not known",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journey::steps::find_field;
    use crate::names::tests::round_trips;

    #[test]
    fn kinds_nations_and_age_groups_are_stored_by_their_names() {
        round_trips(ReferralKind::ALL, |k| k.as_str());
        round_trips(Nation::ALL, |n| n.as_str());
        round_trips(AgeGroup::ALL, |a| a.as_str());
        assert_eq!(ReferralKind::Dtn.reference(2026, 45), "DTN-2026-000045");
    }

    #[test]
    fn every_nation_is_a_choice_of_the_location_question_and_back() {
        let values = find_field(LOCATION_FIELD)
            .expect("the location question")
            .choice_values();
        assert_eq!(values.len(), Nation::ALL.len());
        for value in values {
            let nation = Nation::from_answer(value).expect(value);
            assert_eq!(nation.answer(), value);
        }
        assert_eq!(Nation::from_answer("atlantis"), None);
        assert_eq!(Nation::Wales.calendar(), Calendar::EnglandAndWales);
    }
}
