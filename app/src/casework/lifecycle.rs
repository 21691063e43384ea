//! The case lifecycle as one state machine, held as data: each row says from
//! which state an event leads where, and who may send it. The server records
//! every accepted event (who, when, reasons) and refuses everything else.

use serde::{Deserialize, Serialize};

use super::policy::Policy;
use crate::dates::add_days;
use crate::dates::Ymd;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum State {
    Submitted,
    RgPending,
    InformationRequested,
    RgNegativeInReview,
    RgNegative,
    RecoveryPeriod,
    CgPending,
    CgNegativeInReview,
    CgNegative,
    CgPositive,
    Withdrawn,
    Duplicate,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Event {
    /// The referral arrived (recorded when it is sent; not a move of the table).
    Submit,
    Open,
    RequestInformation,
    ReceiveInformation,
    DecideRgPositive,
    ProposeRgNegative,
    ConfirmNegative,
    OverturnNegative,
    StartConclusiveGrounds,
    DecideCgPositive,
    ProposeCgNegative,
    RequestReconsideration,
    Withdraw,
    LinkAsDuplicate,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    Caseworker,
    SeniorCaseworker,
    Admin,
    FirstResponder,
    SupportProvider,
}

/// One allowed move.
#[derive(Clone, Copy, Debug)]
pub struct Transition {
    pub from: State,
    pub event: Event,
    pub to: State,
    pub by: &'static [Role],
    /// The event must carry reasons (decisions, reviews, reconsiderations, withdrawals).
    pub needs_reasons: bool,
}

use Event::*;
use Role::*;
use State::*;

const CASEWORKERS: &[Role] = &[Caseworker, SeniorCaseworker];
const SENIORS: &[Role] = &[SeniorCaseworker];
const REFERRERS: &[Role] = &[FirstResponder, SupportProvider];

const fn t(
    from: State,
    event: Event,
    to: State,
    by: &'static [Role],
    needs_reasons: bool,
) -> Transition {
    Transition {
        from,
        event,
        to,
        by,
        needs_reasons,
    }
}

/// Every allowed transition.
pub const TRANSITIONS: &[Transition] = &[
    t(Submitted, Open, RgPending, CASEWORKERS, false),
    t(
        RgPending,
        RequestInformation,
        InformationRequested,
        CASEWORKERS,
        true,
    ),
    t(
        InformationRequested,
        ReceiveInformation,
        RgPending,
        &[FirstResponder, Caseworker, SeniorCaseworker],
        true,
    ),
    t(
        RgPending,
        DecideRgPositive,
        RecoveryPeriod,
        CASEWORKERS,
        true,
    ),
    t(
        RgPending,
        ProposeRgNegative,
        RgNegativeInReview,
        CASEWORKERS,
        true,
    ),
    t(
        RgNegativeInReview,
        ConfirmNegative,
        RgNegative,
        SENIORS,
        true,
    ),
    t(
        RgNegativeInReview,
        OverturnNegative,
        RecoveryPeriod,
        SENIORS,
        true,
    ),
    t(
        RecoveryPeriod,
        StartConclusiveGrounds,
        CgPending,
        CASEWORKERS,
        false,
    ),
    t(CgPending, DecideCgPositive, CgPositive, CASEWORKERS, true),
    t(
        CgPending,
        ProposeCgNegative,
        CgNegativeInReview,
        CASEWORKERS,
        true,
    ),
    t(
        CgNegativeInReview,
        ConfirmNegative,
        CgNegative,
        SENIORS,
        true,
    ),
    t(
        CgNegativeInReview,
        OverturnNegative,
        CgPositive,
        SENIORS,
        true,
    ),
    t(
        RgNegative,
        RequestReconsideration,
        RgPending,
        REFERRERS,
        true,
    ),
    t(
        CgNegative,
        RequestReconsideration,
        CgPending,
        REFERRERS,
        true,
    ),
    t(Submitted, Withdraw, Withdrawn, CASEWORKERS, true),
    t(RgPending, Withdraw, Withdrawn, CASEWORKERS, true),
    t(InformationRequested, Withdraw, Withdrawn, CASEWORKERS, true),
    t(RecoveryPeriod, Withdraw, Withdrawn, CASEWORKERS, true),
    t(CgPending, Withdraw, Withdrawn, CASEWORKERS, true),
    t(Submitted, LinkAsDuplicate, Duplicate, CASEWORKERS, true),
    t(RgPending, LinkAsDuplicate, Duplicate, CASEWORKERS, true),
    t(
        InformationRequested,
        LinkAsDuplicate,
        Duplicate,
        CASEWORKERS,
        true,
    ),
];

crate::stored_names!(State, "state", {
    Submitted => "Submitted",
    RgPending => "RgPending",
    InformationRequested => "InformationRequested",
    RgNegativeInReview => "RgNegativeInReview",
    RgNegative => "RgNegative",
    RecoveryPeriod => "RecoveryPeriod",
    CgPending => "CgPending",
    CgNegativeInReview => "CgNegativeInReview",
    CgNegative => "CgNegative",
    CgPositive => "CgPositive",
    Withdrawn => "Withdrawn",
    Duplicate => "Duplicate",
});

crate::stored_names!(Event, "event", {
    Submit => "Submitted",
    Open => "Open",
    RequestInformation => "RequestInformation",
    ReceiveInformation => "ReceiveInformation",
    DecideRgPositive => "DecideRgPositive",
    ProposeRgNegative => "ProposeRgNegative",
    ConfirmNegative => "ConfirmNegative",
    OverturnNegative => "OverturnNegative",
    StartConclusiveGrounds => "StartConclusiveGrounds",
    DecideCgPositive => "DecideCgPositive",
    ProposeCgNegative => "ProposeCgNegative",
    RequestReconsideration => "RequestReconsideration",
    Withdraw => "Withdraw",
    LinkAsDuplicate => "LinkAsDuplicate",
});

crate::stored_names!(Role, "role", {
    Caseworker => "caseworker",
    SeniorCaseworker => "senior_caseworker",
    Admin => "admin",
    FirstResponder => "first_responder",
    SupportProvider => "support_provider",
});

impl Role {
    /// Works for the Single Competent Authority (signs in to the casework desk).
    pub fn is_staff(self) -> bool {
        matches!(self, Caseworker | SeniorCaseworker | Admin)
    }

    /// How the role is named to people.
    pub fn label(self) -> &'static str {
        match self {
            Caseworker => "Caseworker",
            SeniorCaseworker => "Senior caseworker",
            Admin => "Administrator",
            FirstResponder => "First responder",
            SupportProvider => "Support provider",
        }
    }
}

impl Event {
    /// What the event is called on buttons and in the timeline.
    pub fn label(self) -> &'static str {
        match self {
            Submit => "Referral received",
            Open => "Start work on the case",
            RequestInformation => "Ask the first responder for more information",
            ReceiveInformation => "Record the information received",
            DecideRgPositive => "Positive reasonable grounds decision",
            ProposeRgNegative => "Propose a negative reasonable grounds decision",
            ConfirmNegative => "Confirm the negative decision",
            OverturnNegative => "Overturn the negative decision",
            StartConclusiveGrounds => "Start the conclusive grounds decision",
            DecideCgPositive => "Positive conclusive grounds decision",
            ProposeCgNegative => "Propose a negative conclusive grounds decision",
            RequestReconsideration => "Ask for reconsideration",
            Withdraw => "Withdraw the case",
            LinkAsDuplicate => "Link as a duplicate",
        }
    }
}

/// The row of [`TRANSITIONS`] for `event` from `from`, if the move exists.
pub fn transition(from: State, event: Event) -> Option<&'static Transition> {
    TRANSITIONS
        .iter()
        .find(|t| t.from == from && t.event == event)
}

/// What the machine needs to know about a case beyond its state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseFacts {
    pub state: State,
    pub received_on: Ymd,
    /// When the positive RG decision started the recovery period.
    pub recovery_started_on: Option<Ymd>,
    /// Who proposed the negative decision now in review.
    pub negative_proposed_by: Option<String>,
}

/// Who is acting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub id: String,
    pub role: Role,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("This cannot be done to the case now: it may have changed since you opened it")]
    NotFromThisState,
    #[error("Your role cannot do this")]
    NotYourRole,
    #[error("Enter the reasons")]
    ReasonsNeeded,
    #[error(
        "A negative decision must be reviewed by someone other than the person who proposed it"
    )]
    OwnProposal,
    #[error("The recovery period runs until {}: the conclusive grounds decision cannot start before then", crate::dates::long_date(*.0))]
    RecoveryPeriodRunning(Ymd),
}

impl State {
    /// Still being worked (not issued, withdrawn or linked).
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            RgNegative | CgNegative | CgPositive | Withdrawn | Duplicate
        )
    }

    /// The reasonable grounds decision is still to come, so its due date applies.
    pub fn awaits_rg_decision(self) -> bool {
        matches!(
            self,
            Submitted | RgPending | InformationRequested | RgNegativeInReview
        )
    }

    pub fn label(self) -> &'static str {
        match self {
            Submitted => "New",
            RgPending => "Reasonable grounds pending",
            InformationRequested => "Further information requested",
            RgNegativeInReview => "Negative RG in review",
            RgNegative => "Negative reasonable grounds",
            RecoveryPeriod => "Recovery period",
            CgPending => "Conclusive grounds pending",
            CgNegativeInReview => "Negative CG in review",
            CgNegative => "Negative conclusive grounds",
            CgPositive => "Positive conclusive grounds",
            Withdrawn => "Withdrawn",
            Duplicate => "Linked as duplicate",
        }
    }
}

/// The events an actor could send now (for the buttons a page shows).
pub fn available(facts: &CaseFacts, role: Role) -> Vec<Event> {
    TRANSITIONS
        .iter()
        .filter(|t| t.from == facts.state && t.by.contains(&role))
        .map(|t| t.event)
        .collect()
}

/// Decides whether `event` may happen, and the state it leads to.
pub fn decide(
    facts: &CaseFacts,
    event: Event,
    actor: &Actor,
    reasons: &str,
    today: Ymd,
) -> Result<State, Refusal> {
    let transition = transition(facts.state, event).ok_or(Refusal::NotFromThisState)?;
    if !transition.by.contains(&actor.role) {
        return Err(Refusal::NotYourRole);
    }
    if transition.needs_reasons && reasons.trim().is_empty() {
        return Err(Refusal::ReasonsNeeded);
    }
    let policy = Policy::on(facts.received_on);
    match event {
        ConfirmNegative | OverturnNegative
            if facts.negative_proposed_by.as_deref() == Some(actor.id.as_str()) =>
        {
            Err(Refusal::OwnProposal)
        }
        StartConclusiveGrounds => {
            let started = facts.recovery_started_on.unwrap_or(facts.received_on);
            let ends = add_days(started, i64::from(policy.recovery_min_days));
            if today < ends {
                Err(Refusal::RecoveryPeriodRunning(ends))
            } else {
                Ok(transition.to)
            }
        }
        // Where policy does not ask for a review, a negative decision is issued at once.
        ProposeRgNegative if !policy.negative_needs_review => Ok(RgNegative),
        ProposeCgNegative if !policy.negative_needs_review => Ok(CgNegative),
        _ => Ok(transition.to),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: Ymd = (2026, 11, 29);

    #[test]
    fn refusals_say_what_to_do() {
        assert_eq!(
            Refusal::RecoveryPeriodRunning((2026, 12, 29)).to_string(),
            "The recovery period runs until 29 December 2026: the conclusive grounds decision cannot start before then"
        );
    }

    #[test]
    fn states_events_and_roles_are_stored_by_their_names() {
        use crate::names::tests::round_trips;
        round_trips(State::ALL, |s| s.as_str());
        round_trips(Event::ALL, |e| e.as_str());
        round_trips(Role::ALL, |r| r.as_str());
        // The stored names are the ones the database already holds (migrations are history).
        assert_eq!(RgNegativeInReview.as_str(), "RgNegativeInReview");
        assert_eq!(StartConclusiveGrounds.as_str(), "StartConclusiveGrounds");
        assert_eq!(SeniorCaseworker.as_str(), "senior_caseworker");
        assert_eq!("Open".parse::<State>().map_err(|e| e.what), Err("state"));
        let awaiting: Vec<State> = State::ALL
            .iter()
            .copied()
            .filter(|s| s.awaits_rg_decision())
            .collect();
        assert!(awaiting.iter().all(|s| s.is_open()));
        assert!(!RecoveryPeriod.awaits_rg_decision());
        // Every event but the arrival itself is a move of the table.
        for event in Event::ALL.iter().filter(|e| **e != Submit) {
            assert!(TRANSITIONS.iter().any(|t| t.event == *event), "{event}");
        }
        assert!(TRANSITIONS.iter().all(|t| t.event != Submit));
    }

    fn facts(state: State) -> CaseFacts {
        CaseFacts {
            state,
            received_on: (2026, 1, 5),
            recovery_started_on: Some((2026, 1, 9)),
            negative_proposed_by: Some("proposer".into()),
        }
    }

    fn actor(role: Role) -> Actor {
        Actor {
            id: "someone".into(),
            role,
        }
    }

    #[test]
    fn every_allowed_transition_is_accepted_by_its_roles() {
        for t in TRANSITIONS {
            for role in t.by {
                let to = decide(&facts(t.from), t.event, &actor(*role), "reasons", TODAY);
                assert_eq!(to, Ok(t.to), "{:?} --{:?}--> by {role:?}", t.from, t.event);
            }
        }
    }

    #[test]
    fn a_representative_forbidden_move_per_state() {
        let forbidden = [
            (Submitted, DecideRgPositive),
            (RgPending, DecideCgPositive),
            (InformationRequested, DecideRgPositive),
            (RgNegativeInReview, DecideRgPositive),
            (RgNegative, DecideRgPositive),
            (RecoveryPeriod, DecideCgPositive),
            (CgPending, DecideRgPositive),
            (CgNegativeInReview, DecideCgPositive),
            (CgNegative, DecideCgPositive),
            (CgPositive, Withdraw),
            (Withdrawn, Open),
            (Duplicate, Open),
        ];
        for (state, event) in forbidden {
            assert_eq!(
                decide(&facts(state), event, &actor(SeniorCaseworker), "r", TODAY),
                Err(Refusal::NotFromThisState),
                "{state:?} {event:?}"
            );
        }
    }

    #[test]
    fn a_caseworker_cannot_review_and_nobody_reviews_their_own_proposal() {
        assert_eq!(
            decide(
                &facts(RgNegativeInReview),
                ConfirmNegative,
                &actor(Caseworker),
                "r",
                TODAY
            ),
            Err(Refusal::NotYourRole)
        );
        let me = Actor {
            id: "proposer".into(),
            role: SeniorCaseworker,
        };
        assert_eq!(
            decide(
                &facts(CgNegativeInReview),
                OverturnNegative,
                &me,
                "r",
                TODAY
            ),
            Err(Refusal::OwnProposal)
        );
    }

    #[test]
    fn only_the_referrer_side_asks_for_reconsideration_with_reasons() {
        assert_eq!(
            decide(
                &facts(RgNegative),
                RequestReconsideration,
                &actor(Caseworker),
                "r",
                TODAY
            ),
            Err(Refusal::NotYourRole)
        );
        assert_eq!(
            decide(
                &facts(RgNegative),
                RequestReconsideration,
                &actor(FirstResponder),
                " ",
                TODAY
            ),
            Err(Refusal::ReasonsNeeded)
        );
    }

    #[test]
    fn conclusive_grounds_wait_for_the_recovery_period_in_force_when_received() {
        let mut old = facts(RecoveryPeriod);
        old.received_on = (2022, 11, 1);
        old.recovery_started_on = Some((2022, 11, 7));
        // 45 days from 7 November 2022 is 22 December 2022.
        let caseworker = actor(Caseworker);
        assert_eq!(
            decide(
                &old,
                StartConclusiveGrounds,
                &caseworker,
                "",
                (2022, 12, 21)
            ),
            Err(Refusal::RecoveryPeriodRunning((2022, 12, 22)))
        );
        assert_eq!(
            decide(
                &old,
                StartConclusiveGrounds,
                &caseworker,
                "",
                (2022, 12, 22)
            ),
            Ok(CgPending)
        );
        let mut new = facts(RecoveryPeriod);
        new.received_on = (2023, 2, 1);
        new.recovery_started_on = Some((2023, 2, 6));
        // 30 days from 6 February 2023 is 8 March 2023.
        assert!(decide(&new, StartConclusiveGrounds, &caseworker, "", (2023, 3, 7)).is_err());
        assert_eq!(
            decide(&new, StartConclusiveGrounds, &caseworker, "", (2023, 3, 8)),
            Ok(CgPending)
        );
    }

    #[test]
    fn what_each_role_may_do_now() {
        assert_eq!(available(&facts(RgNegativeInReview), Caseworker), vec![]);
        assert_eq!(
            available(&facts(RgNegativeInReview), SeniorCaseworker),
            vec![ConfirmNegative, OverturnNegative]
        );
        assert_eq!(
            available(&facts(InformationRequested), FirstResponder),
            vec![ReceiveInformation]
        );
    }
}
