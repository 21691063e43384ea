//! The record a sent report carries (spec §4 "Payload"), built from the
//! answers: the shape the Home Office's case system takes. Yes/no answers are
//! sent as Yes/No; unset values are left out; the report's own name never goes.

use app::casework::referral::{AgeGroup, Nation, ReferralKind, LOCATION_FIELD};
use app::journey::progress::Progress;
use app::journey::route::Answers;
use app::session::SignedIn;
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::collections::BTreeSet;

use crate::evidence::EvidenceFile;
use crate::platform::db::DbError;

/// A choice question's answers as the record writes them.
struct ChoiceMap {
    field: &'static str,
    /// (choice value, record value)
    values: &'static [(&'static str, &'static str)],
    /// For any other answer.
    other: &'static str,
}

impl ChoiceMap {
    fn map(&self, answer: &str) -> &'static str {
        self.values
            .iter()
            .find(|(value, _)| *value == answer)
            .map_or(self.other, |(_, out)| out)
    }
}

const GENDER: ChoiceMap = ChoiceMap {
    field: "pv-gender",
    values: &[("female", "Female"), ("male", "Male")],
    other: "Other",
};
const MULTIPLE: ChoiceMap = ChoiceMap {
    field: "potential-victim-exploitative-situation-multiple",
    values: &[("yes", "Yes"), ("no", "No")],
    other: "DontKnow",
};
const WHERE_EXPLOITED: ChoiceMap = ChoiceMap {
    field: "where-exploitation-happened",
    values: &[("uk", "UK"), ("overseas", "OVERSEAS")],
    other: "BOTH",
};
const WHO_CONTACT: ChoiceMap = ChoiceMap {
    field: "who-contact",
    values: &[("someone-else", "Someone else")],
    other: "PV",
};
const UNDER_18: &str = "pv-under-age";
const FIRST_NAME: &str = "pv-name-first-name";
const LAST_NAME: &str = "pv-name-last-name";
const NATIONALITY: &str = "pv-nationality";
const UNDER_18_THEN: &str = "pv-under-age-at-time-of-exploitation";

struct Builder<'a> {
    answers: &'a Answers,
    out: Map<String, Value>,
    /// Every field read, for the test that holds them to the journey's steps.
    read: RefCell<BTreeSet<String>>,
}

impl<'a> Builder<'a> {
    fn get(&self, field: &str) -> Option<&'a str> {
        self.read.borrow_mut().insert(field.to_owned());
        self.answers
            .get(field)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// A choice question's answer, mapped.
    fn choice(&self, map: &ChoiceMap) -> Option<&'static str> {
        self.get(map.field).map(|answer| map.map(answer))
    }

    /// Copies a field as it is.
    fn text(&mut self, key: &str, field: &str) {
        if let Some(value) = self.get(field) {
            self.out.insert(key.to_owned(), Value::from(value));
        }
    }

    /// Copies a yes/no field as Yes/No (other values as they are).
    fn yes_no(&mut self, key: &str, field: &str) {
        if let Some(value) = self.get(field) {
            self.out.insert(key.to_owned(), Value::from(yes_no(value)));
        }
    }

    fn set(&mut self, key: &str, value: impl Into<Value>) {
        self.out.insert(key.to_owned(), value.into());
    }

    /// "Yes" when a box is ticked, otherwise left out.
    fn ticked(&mut self, key: &str, field: &str) {
        if self.get(field) == Some("true") {
            self.set(key, "Yes");
        }
    }
}

fn yes_no(value: &str) -> String {
    match value {
        "yes" => "Yes".to_owned(),
        "no" => "No".to_owned(),
        "not-sure" => "Not sure".to_owned(),
        other => other.to_owned(),
    }
}

/// The potential victim's gender as the statistics count it.
pub fn gender(progress: &Progress) -> &'static str {
    progress
        .answers
        .get(GENDER.field)
        .map_or("Not known", |g| GENDER.map(g))
}

/// The nation the report was made in. The journey makes the question
/// required, so a report without a known answer is refused, never defaulted.
pub fn nation(progress: &Progress) -> Result<Nation, DbError> {
    let answer = progress
        .answers
        .get(LOCATION_FIELD)
        .map_or("", String::as_str);
    Nation::from_answer(answer)
        .ok_or_else(|| DbError::Unreadable(app::names::UnknownName::new(LOCATION_FIELD, answer)))
}

/// The potential victim's name as given ("" when not given).
pub fn pv_name(progress: &Progress) -> String {
    let part = |field: &str| progress.answers.get(field).map_or("", String::as_str);
    format!("{} {}", part(FIRST_NAME), part(LAST_NAME))
        .trim()
        .to_owned()
}

/// The potential victim's nationality as given ("" when not given).
pub fn nationality(progress: &Progress) -> String {
    progress
        .answers
        .get(NATIONALITY)
        .cloned()
        .unwrap_or_default()
}

pub fn adult_or_child(progress: &Progress) -> AgeGroup {
    AgeGroup::from_under_18(progress.answers.get(UNDER_18).map(String::as_str))
}

pub fn adult_or_child_during_exploitation(progress: &Progress) -> AgeGroup {
    if progress.is_child() {
        // A child now was a child then.
        return adult_or_child(progress);
    }
    AgeGroup::from_under_18(progress.answers.get(UNDER_18_THEN).map(String::as_str))
}

pub fn build(
    progress: &Progress,
    draft_id: &str,
    referrer: &SignedIn,
    files: &[EvidenceFile],
) -> Value {
    build_reading(progress, draft_id, referrer, files).0
}

/// The record, and every field it read.
fn build_reading(
    progress: &Progress,
    draft_id: &str,
    referrer: &SignedIn,
    files: &[EvidenceFile],
) -> (Value, BTreeSet<String>) {
    let mut b = Builder {
        answers: &progress.answers,
        out: Map::new(),
        read: RefCell::default(),
    };
    let kind = ReferralKind::of(progress.is_duty_to_notify());
    b.set(
        "Type",
        match kind {
            ReferralKind::Dtn => 662_265,
            ReferralKind::Nrm => 560_734,
        },
    );
    b.set("NRMOrDuty", kind.as_str());
    b.set("AdultOrChild", adult_or_child(progress).as_str());
    b.set(
        "AdultOrChildDuringExploitation",
        adult_or_child_during_exploitation(progress).as_str(),
    );
    b.set("ExternalId", draft_id);
    if let Some(nation) = b.get(LOCATION_FIELD).and_then(Nation::from_answer) {
        b.set("Case.Jurisdiction", nation.as_str());
        b.set("Country", nation.country_code());
        b.set("CountryLabel", nation.label());
    }

    // The potential victim.
    b.text("Customer.Forename1", FIRST_NAME);
    b.text("Customer.Surname", LAST_NAME);
    b.text("Customer.Alias", "pv-name-nickname");
    if let (Some(d), Some(m), Some(y)) = (
        b.get("pv-dob-day"),
        b.get("pv-dob-month"),
        b.get("pv-dob-year"),
    ) {
        let dob = format!("{y}-{:0>2}-{:0>2}", m, d);
        b.set("Customer.DOB", dob);
        b.set("Customer.Custom7", "Yes");
    }
    b.text("Customer.Nationality", NATIONALITY);
    b.text("Custom11", "pv-nationality-second");
    if let Some(gender) = b.choice(&GENDER) {
        b.set("Custom17", gender);
    }
    b.yes_no("Custom9", "does-pv-have-children");
    b.text("Custom10", "does-pv-have-children-yes-amount");
    b.yes_no("Custom13", "pv-interpreter-requirements");
    b.text("Custom14", "pv-interpreter-requirements-language");
    b.yes_no("Custom15", "pv-other-help-with-communication");
    b.text("Custom16", "pv-other-help-with-communication-aid");
    b.text("CIDReference", "pv-ho-reference-type");
    b.text("Customer.Email", "pv-contact-details-email-input");
    b.text("Customer.Address", "pv-contact-details-street");
    b.text("Customer.Town", "pv-contact-details-town");
    b.text("Customer.County", "pv-contact-details-county");
    b.text("Customer.Postcode", "pv-contact-details-postcode");
    b.text("Customer.Phone", "pv-phone-number-yes");
    let email = b.get("pv-contact-details-email") == Some("true");
    let post = b.get("pv-contact-details-post") == Some("true");
    let how = match (email, post) {
        (true, true) => Some("Email, Post"),
        (true, false) => Some("Email"),
        (false, true) => Some("Post"),
        _ => None,
    };
    if let Some(how) = how {
        b.set("HowToNotify", how);
        b.set("Customer.ContactMethod", how);
    }
    b.ticked("SafeToEmail", "pv-contact-details-email-check");
    b.ticked("SafeToPostal", "pv-contact-details-post-check");
    b.text("AlternativePhoneNumber", "pv-phone-number-alternative");
    b.text(
        "AlternativePhoneRelationshipToPV",
        "alternative-number-relation-to-pv",
    );
    b.text("CannotProvideContactDetails", "no-contact-details");
    b.yes_no("NeedSupport", "does-pv-need-support");
    if let Some(who) = b.choice(&WHO_CONTACT) {
        b.set("WhoToSendDecisionTo", who);
    }
    b.text("AltContact.FirstName", "someone-else-first-name");
    b.text("AltContact.Name", "someone-else-last-name");
    b.text("AltContact.Address", "someone-else-street");
    b.text("AltContact.Town", "someone-else-town");
    b.text("AltContact.County", "someone-else-county");
    b.text("AltContact.Postcode", "someone-else-postcode");
    b.text("AltContact.Email", "someone-else-email-input");
    b.ticked(
        "AltContact.PermissionToSend",
        "someone-else-permission-check",
    );
    let la = "local-authority-contacted-about-child-local-authority-";
    b.text("LocalAuthority", &format!("{la}name"));
    b.text("LA.FirstName", &format!("{la}first-name"));
    b.text("LA.LastName", &format!("{la}last-name"));
    b.text("LA.Phone", &format!("{la}phone"));
    b.text("LA.Email", &format!("{la}email"));

    // Their account.
    b.text("PV.Birthplace", "birthplace");
    b.text("PV.Family", "family");
    b.text("PV.Education", "education");
    b.text("PV.EmploymentHistory", "employment-history");
    let several = b.choice(&MULTIPLE);
    if let Some(value) = several {
        b.set("MoreThanOneExploitationSituations", value);
    }
    // Spec §3 rule 10: with several situations the dates come from the -multiple field.
    let dates = if several == Some(MULTIPLE.map("yes")) {
        "when-did-the-exploitation-take-place-multiple"
    } else {
        "when-did-the-exploitation-take-place"
    };
    b.text("ExploitationDates", dates);
    b.text("HowExploitationStarted", "how-did-the-exploitation-start");
    b.yes_no(
        "Exploitation.TakenSomewhere",
        "were-they-taken-somewhere-by-their-exploiter",
    );
    b.text(
        "Exploitation.JourneyDetails",
        "were-they-taken-somewhere-by-their-exploiter-journey-details",
    );
    b.text("Exploitation.AverageDay", "what-were-they-required-to-do");
    b.text("Exploitation.LivingConditions", "living-conditions");
    b.text("Exploitation.Treatment", "how-they-were-treated");
    b.text(
        "Exploitation.ReasonTheyLeft",
        "how-why-did-they-leave-the-situation",
    );
    b.yes_no(
        "PVStillInExploitativeSituation",
        "still-in-exploitative-situation",
    );
    b.text("KeepingPVInSituation", "what-is-keeping-them-in-situation");
    b.text("PVExploitersLastContact", "when-last-contact");
    b.text("DetailsLastContact", "details-last-contact");
    b.yes_no("FirstChanceToReport", "is-this-the-first-chance-to-report");
    b.text(
        "ReportedBeforeFurtherInfo",
        "yes-the-first-chance-to-report",
    );
    if !b.out.contains_key("ReportedBeforeFurtherInfo") {
        b.text(
            "ReportedBeforeFurtherInfo",
            "not-sure-the-first-chance-to-report",
        );
    }
    b.text("ReasonForReportingNow", "why-report-now");
    b.yes_no(
        "IdentifiedModernSlaveryIndicators",
        "modern-slavery-indicators",
    );
    b.text(
        "IdentifiedModernSlaveryIndicatorsDetails",
        "modern-slavery-indicators-details",
    );
    b.text("DetailsAboutInterview", "where-how-interview-carried-out");
    b.text("ProfessionalInsight", "professional-insight");
    b.yes_no("EvidenceOfDishonesty", "evidence-of-dishonesty");
    b.text(
        "DetailsOfEvidenceOfDishonesty",
        "evidence-of-dishonesty-details",
    );
    b.yes_no("ProfessionalsInvolved", "are-others-involved");
    b.text(
        "DetailsOfProfessionalsInvolved",
        "are-others-involved-details",
    );
    b.text("EvidenceSubmitted", "what-evidence-you-will-submit");

    // Places.
    if let Some(value) = b.choice(&WHERE_EXPLOITED) {
        b.set("ExploitationLocationPresented", value);
    }
    for n in 1..=10 {
        b.text(
            &format!("City{n}"),
            &format!("where-exploitation-happened-uk-city-{n}"),
        );
        b.text(
            &format!("Country{n}"),
            &format!("where-exploitation-happened-overseas-country-{n}"),
        );
    }
    b.text(
        "ExploitationUKAddress",
        "where-exploitation-happened-other-uk-other-location",
    );
    b.text(
        "ExploitationOverseasAddress",
        "where-exploitation-happened-other-overseas-other-location",
    );
    b.text("PVCurrentCityTown", "current-pv-location-uk-city");
    b.text("PVCurrentCounty", "current-pv-location-uk-region");
    b.text("ExploiterDetails", "who-exploited-pv");
    b.yes_no(
        "ExploitersLocationInformationPresent",
        "exploiters-location",
    );
    b.yes_no("ExploitersInUK", "are-exploiters-in-the-uk");
    b.text(
        "InformationOnExploitersCurrentLocation",
        "exploiters-current-location-details",
    );

    // Types (Yes only when ticked).
    for (key, value) in [
        ("Component.ForcedToWorkForNothing", "forced-to-work"),
        ("Component.WagesTaken", "wages-taken"),
        ("Component.Fraud", "forced-to-commit-fraud"),
        ("Component.Prostitution", "prostitution"),
        ("Component.ChildExploitation", "child-exploitation"),
        ("Component.Sexuallyassaulted", "taken-somewhere"),
        ("Component.ForcedCrime", "forced-to-commit-crime"),
        ("Component.OrgansRemoved", "organs-removed"),
        ("Component.DomesticServitude", "unpaid-household-work"),
    ] {
        b.ticked(key, &format!("types-of-exploitation-{value}"));
    }
    b.text("ExploitationOther", "other-exploitation-details");

    // Other.
    b.yes_no("OtherVictims", "any-other-pvs");
    b.text(
        "OtherVictimsFurtherInfo",
        "other-potential-victims-yes-details",
    );
    if !b.out.contains_key("OtherVictimsFurtherInfo") {
        b.text(
            "OtherVictimsFurtherInfo",
            "other-potential-victims-not-sure-details",
        );
    }
    b.yes_no(
        "ConcernsOfFurtherExploitationToPV",
        "future-exploitation-concerns",
    );
    b.text(
        "ReasonForConcernsReFurtherExploitation",
        "future-exploitation-reasons",
    );
    b.yes_no("ReportedCase", "reported-to-police");
    b.text("PoliceForce", "reported-to-police-police-forces");
    b.text("PoliceForceCRN", "reported-to-police-crime-reference");
    b.yes_no("WillingToCooperate", "authorities-cooperation");
    b.text("CollaborationInfo", "authorities-cooperation-details");
    b.text("DTNReason", "refuse-nrm");

    // The first responder.
    b.text("Agent.Forename1", "fr-details-first-name");
    b.text("Agent.Name", "fr-details-last-name");
    b.set("Agent.Email", referrer.email.as_str());
    b.text("Agent.Phone", "fr-details-phone");
    b.text("Agent.Jobtitle", "fr-details-role");
    b.text("Agent.Organisation", "user-organisation");
    b.text("AlternateFREmail", "fr-alternative-contact");

    for (n, file) in files.iter().enumerate() {
        let n = n + 1;
        b.set(&format!("Document{n}.Name"), file.file_name.as_str());
        b.set(&format!("Document{n}.MimeType"), file.media_type.as_str());
        b.set(
            &format!("Document{n}.URL"),
            format!("/evidence/{}", file.id),
        );
        b.set(&format!("Document{n}.URLLoadContent"), true);
    }
    let read = b.read.take();
    (Value::Object(b.out), read)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn progress(pairs: &[(&str, &str)]) -> Progress {
        Progress {
            answers: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            completed: Vec::new(),
        }
    }

    fn me() -> SignedIn {
        SignedIn {
            email: "fr@met.police.uk".into(),
            organisation: "Met".into(),
        }
    }

    /// Every field the record reads is a name some step's form sends, and
    /// every choice value it maps is one the question offers: renaming a
    /// step's field without this file following fails here.
    #[test]
    fn every_field_and_choice_read_is_in_the_journey() {
        use app::journey::steps::{find_field, STEPS};
        let sent: BTreeSet<String> = STEPS.iter().flat_map(|s| s.names()).collect();
        let mut read = BTreeSet::new();
        // Both sides of each branch: one situation and several.
        for several in ["no", "yes"] {
            let p = progress(&[(MULTIPLE.field, several)]);
            read.extend(build_reading(&p, "d1", &me(), &[]).1);
        }
        read.extend([UNDER_18.to_owned(), UNDER_18_THEN.to_owned()]);
        assert!(read.len() > 100, "only {} fields read", read.len());
        let unknown: Vec<&String> = read.iter().filter(|name| !sent.contains(*name)).collect();
        assert!(unknown.is_empty(), "not in any step: {unknown:?}");
        for map in [&GENDER, &MULTIPLE, &WHERE_EXPLOITED, &WHO_CONTACT] {
            let offered = find_field(map.field).expect(map.field).choice_values();
            for (value, _) in map.values {
                assert!(
                    offered.contains(value),
                    "{} has no choice {value}",
                    map.field
                );
            }
        }
        for field in [UNDER_18, UNDER_18_THEN] {
            let offered = find_field(field).expect(field).choice_values();
            assert!(
                offered.contains(&"yes") && offered.contains(&"no"),
                "{field}"
            );
        }
    }

    #[test]
    fn case_24_a_child_is_sent_as_a_child_nrm_referral() {
        let p = progress(&[
            ("pv-under-age", "yes"),
            ("pv-want-to-submit-nrm", "yes"),
            ("fr-location", "scotland"),
        ]);
        let out = build(&p, "d1", &me(), &[]);
        assert_eq!(out["NRMOrDuty"], "NRM");
        assert_eq!(out["Type"], 560_734);
        assert_eq!(out["AdultOrChild"], "Child");
        assert_eq!(out["Country"], "SCOT");
        let unknown = build(&progress(&[("pv-under-age", "not-sure")]), "d1", &me(), &[]);
        assert_eq!(unknown["AdultOrChild"], "Unknown");
    }

    #[test]
    fn a_refusing_adult_is_a_dtn_and_the_reference_is_never_sent() {
        let p = progress(&[
            ("pv-under-age", "no"),
            ("pv-under-age-at-time-of-exploitation", "yes"),
            ("pv-want-to-submit-nrm", "no"),
            ("reference", "My own label"),
            ("fr-location", "northern-ireland"),
            ("types-of-exploitation-taken-somewhere", "true"),
        ]);
        let out = build(&p, "d1", &me(), &[]);
        assert_eq!(out["NRMOrDuty"], "DTN");
        assert_eq!(out["Type"], 662_265);
        assert_eq!(out["AdultOrChildDuringExploitation"], "Child");
        assert_eq!(out["CountryLabel"], "Northern Ireland");
        assert_eq!(out["Component.Sexuallyassaulted"], "Yes");
        assert!(out.get("Component.WagesTaken").is_none());
        assert!(!out.to_string().contains("My own label"));
    }
}
