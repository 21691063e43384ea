//! Decision letters: which decisions are written, to whom, by which routes,
//! and what they say. A letter goes only by a route the first responder marked
//! safe (the potential victim's email or post with its safety tick) or one the
//! potential victim agreed to (a third party with the permission tick). The
//! first responder always hears at their work address. Children are never
//! written to directly: their first responder is.

use super::lifecycle::State;
use crate::journey::fields::TICKED;
use crate::journey::route::Answers;

/// A decision that is issued (and so written about).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    RgPositive,
    RgNegative,
    CgPositive,
    CgNegative,
}

impl Decision {
    /// The decision a move into `to` issues, if any (proposals in review are not issued).
    pub fn issued_by(from: State, to: State) -> Option<Decision> {
        match (from, to) {
            (State::RgPending | State::RgNegativeInReview, State::RecoveryPeriod) => {
                Some(Decision::RgPositive)
            }
            (_, State::RgNegative) => Some(Decision::RgNegative),
            (_, State::CgPositive) => Some(Decision::CgPositive),
            (_, State::CgNegative) => Some(Decision::CgNegative),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Decision::RgPositive => "RgPositive",
            Decision::RgNegative => "RgNegative",
            Decision::CgPositive => "CgPositive",
            Decision::CgNegative => "CgNegative",
        }
    }
}

/// Who a letter is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recipient {
    FirstResponder,
    PotentialVictim,
    /// Someone the potential victim chose to get the decision for them.
    DecisionRecipient,
}

impl Recipient {
    pub fn name(self) -> &'static str {
        match self {
            Recipient::FirstResponder => "first responder",
            Recipient::PotentialVictim => "potential victim",
            Recipient::DecisionRecipient => "decision recipient",
        }
    }
}

/// How a letter travels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Email(String),
    /// Lines of a postal address, printed and posted by the SCA.
    Post(Vec<String>),
}

/// One letter to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Letter {
    pub recipient: Recipient,
    pub route: Route,
    pub subject: String,
    pub body: String,
}

/// What a letter may say about the case.
#[derive(Clone, Debug)]
pub struct LetterFacts<'a> {
    pub reference: &'a str,
    pub decision: Decision,
    /// The recovery period's minimum length under the policy of the case's date.
    pub recovery_days: u32,
    /// Where the first responder reads the case: the full address of their page.
    pub case_address: &'a str,
}

fn ticked(answers: &Answers, name: &str) -> bool {
    answers.get(name).map(String::as_str) == Some(TICKED)
}

fn answer<'a>(answers: &'a Answers, name: &str) -> &'a str {
    answers.get(name).map(|v| v.trim()).unwrap_or_default()
}

/// The email and postal routes of one contact (`prefix` is its field group),
/// each only if chosen, filled in and allowed by `allowed(route_name)`.
fn contact_routes(answers: &Answers, prefix: &str, allowed: impl Fn(&str) -> bool) -> Vec<Route> {
    let mut routes = Vec::new();
    let email = answer(answers, &format!("{prefix}-email-input"));
    if ticked(answers, &format!("{prefix}-email")) && !email.is_empty() && allowed("email") {
        routes.push(Route::Email(email.to_owned()));
    }
    let lines: Vec<String> = ["street", "town", "county", "postcode"]
        .iter()
        .map(|part| answer(answers, &format!("{prefix}-{part}")).to_owned())
        .filter(|line| !line.is_empty())
        .collect();
    let complete = ["street", "town", "postcode"]
        .iter()
        .all(|part| !answer(answers, &format!("{prefix}-{part}")).is_empty());
    if ticked(answers, &format!("{prefix}-post")) && complete && allowed("post") {
        routes.push(Route::Post(lines));
    }
    routes
}

/// Every route a decision on this referral may be sent by.
pub fn routes(answers: &Answers, referrer_email: &str) -> Vec<(Recipient, Route)> {
    let mut out = vec![(
        Recipient::FirstResponder,
        Route::Email(referrer_email.to_owned()),
    )];
    match answer(answers, "who-contact") {
        "someone-else" if ticked(answers, "someone-else-permission-check") => {
            out.extend(
                contact_routes(answers, "someone-else", |_| true)
                    .into_iter()
                    .map(|r| (Recipient::DecisionRecipient, r)),
            );
        }
        "potential-victim" => {
            out.extend(
                contact_routes(answers, "pv-contact-details", |route| {
                    ticked(answers, &format!("pv-contact-details-{route}-check"))
                })
                .into_iter()
                .map(|r| (Recipient::PotentialVictim, r)),
            );
        }
        _ => {}
    }
    out
}

fn outcome(facts: &LetterFacts) -> String {
    match facts.decision {
        Decision::RgPositive => format!(
            "We have decided that there are reasonable grounds to believe this person is a \
             victim of modern slavery. They are now in a recovery period of at least {} days, \
             when they can get support and cannot be removed from the UK. We will make a \
             conclusive grounds decision after the recovery period.",
            facts.recovery_days
        ),
        Decision::RgNegative => "We have decided that there are not reasonable grounds to believe \
             this person is a victim of modern slavery. A second, more senior decision maker has \
             reviewed this decision."
            .to_owned(),
        Decision::CgPositive => {
            "We have decided, on the balance of probabilities, that this person \
             is a victim of modern slavery. Support to move on from the National Referral \
             Mechanism will be arranged."
                .to_owned()
        }
        Decision::CgNegative => {
            "We have decided, on the balance of probabilities, that this person \
             is not a victim of modern slavery. A second, more senior decision maker has reviewed \
             this decision."
                .to_owned()
        }
    }
}

fn title(decision: Decision) -> &'static str {
    match decision {
        Decision::RgPositive | Decision::RgNegative => "reasonable grounds decision",
        Decision::CgPositive | Decision::CgNegative => "conclusive grounds decision",
    }
}

/// The letter to one recipient. Letters carry the reference and the decision,
/// nothing else about the person: email is not a safe place for the reasons,
/// which the first responder reads after signing in.
pub fn write(facts: &LetterFacts, recipient: Recipient, route: Route) -> Letter {
    let subject = format!(
        "National Referral Mechanism {}: {}",
        title(facts.decision),
        facts.reference
    );
    let reconsider = matches!(facts.decision, Decision::RgNegative | Decision::CgNegative);
    let mut body = match recipient {
        Recipient::FirstResponder => format!(
            "The Single Competent Authority has made a {} on referral {}.\n\n{}\n\n\
             Sign in to read the reasons: {}\n",
            title(facts.decision),
            facts.reference,
            outcome(facts),
            facts.case_address
        ),
        Recipient::PotentialVictim | Recipient::DecisionRecipient => format!(
            "This letter is about the National Referral Mechanism referral with reference {}.\n\n\
             {}\n\nYour first responder or support worker can explain what this means and \
             answer your questions. You can also call the Modern Slavery Helpline free on \
             08000 121 700, at any time.\n",
            facts.reference,
            outcome(facts)
        ),
    };
    if reconsider {
        body.push_str(
            "\nIf there is new information, the first responder or a support provider can ask \
             us to reconsider this decision.\n",
        );
    }
    Letter {
        recipient,
        route,
        subject,
        body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(pairs: &[(&str, &str)]) -> Answers {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    const FR: &str = "jo@met.police.uk";

    #[test]
    fn decisions_are_issued_only_when_final() {
        use State::*;
        assert_eq!(
            Decision::issued_by(RgPending, RecoveryPeriod),
            Some(Decision::RgPositive)
        );
        assert_eq!(
            Decision::issued_by(RgNegativeInReview, RecoveryPeriod),
            Some(Decision::RgPositive),
            "an overturned negative is a positive decision"
        );
        assert_eq!(Decision::issued_by(RgPending, RgNegativeInReview), None);
        assert_eq!(Decision::issued_by(CgPending, CgNegativeInReview), None);
        assert_eq!(
            Decision::issued_by(CgNegativeInReview, CgNegative),
            Some(Decision::CgNegative)
        );
        assert_eq!(
            Decision::issued_by(CgNegativeInReview, CgPositive),
            Some(Decision::CgPositive)
        );
        assert_eq!(Decision::issued_by(RecoveryPeriod, CgPending), None);
    }

    #[test]
    fn the_first_responder_always_hears() {
        assert_eq!(
            routes(&answers(&[]), FR),
            vec![(Recipient::FirstResponder, Route::Email(FR.into()))]
        );
    }

    #[test]
    fn the_potential_victim_only_by_routes_marked_safe() {
        let safe_email = answers(&[
            ("who-contact", "potential-victim"),
            ("pv-contact-details-email", "true"),
            ("pv-contact-details-email-input", "ana@example.com"),
            ("pv-contact-details-email-check", "true"),
            ("pv-contact-details-post", "true"),
            ("pv-contact-details-street", "1 High Street"),
            ("pv-contact-details-town", "Leeds"),
            ("pv-contact-details-postcode", "LS1 1AA"),
        ]);
        let got = routes(&safe_email, FR);
        assert_eq!(got.len(), 2, "post was not marked safe: {got:?}");
        assert_eq!(
            got[1],
            (
                Recipient::PotentialVictim,
                Route::Email("ana@example.com".into())
            )
        );
        let mut both = safe_email.clone();
        both.insert("pv-contact-details-post-check".into(), "true".into());
        assert_eq!(
            routes(&both, FR)[2],
            (
                Recipient::PotentialVictim,
                Route::Post(vec![
                    "1 High Street".into(),
                    "Leeds".into(),
                    "LS1 1AA".into()
                ])
            )
        );
        let mut unsafe_email = safe_email;
        unsafe_email.remove("pv-contact-details-email-check");
        assert_eq!(routes(&unsafe_email, FR).len(), 1);
    }

    #[test]
    fn someone_else_only_with_the_victims_permission() {
        let mut chosen = answers(&[
            ("who-contact", "someone-else"),
            ("someone-else-email", "true"),
            ("someone-else-email-input", "helper@charity.example.org"),
            ("pv-contact-details-email", "true"),
            ("pv-contact-details-email-input", "ana@example.com"),
            ("pv-contact-details-email-check", "true"),
        ]);
        assert_eq!(routes(&chosen, FR).len(), 1, "no permission tick");
        chosen.insert("someone-else-permission-check".into(), "true".into());
        assert_eq!(
            routes(&chosen, FR),
            vec![
                (Recipient::FirstResponder, Route::Email(FR.into())),
                (
                    Recipient::DecisionRecipient,
                    Route::Email("helper@charity.example.org".into())
                ),
            ],
            "the victim's own details are not used when someone else gets the decision"
        );
    }

    #[test]
    fn letters_say_the_decision_and_where_to_read_more() {
        let facts = LetterFacts {
            reference: "NRM-2026-000001",
            decision: Decision::RgPositive,
            recovery_days: 30,
            case_address: "https://nrm.example/nrm/cases/NRM-2026-000001",
        };
        let to_fr = write(&facts, Recipient::FirstResponder, Route::Email(FR.into()));
        assert!(to_fr.subject.contains("NRM-2026-000001"));
        assert!(to_fr.body.contains("at least 30 days"));
        assert!(to_fr.body.contains(facts.case_address));
        let to_pv = write(
            &facts,
            Recipient::PotentialVictim,
            Route::Email("ana@example.com".into()),
        );
        assert!(!to_pv.body.contains("reconsider"));
        let negative = LetterFacts {
            decision: Decision::CgNegative,
            ..facts
        };
        assert!(
            write(&negative, Recipient::PotentialVictim, Route::Post(vec![]))
                .body
                .contains("reconsider")
        );
    }
}
