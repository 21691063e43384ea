//! Work as tasks with statutory clocks, held as data beside the lifecycle's
//! [`TRANSITIONS`](super::lifecycle::TRANSITIONS): each accepted event keeps,
//! opens or closes the case's task ([`TASK_RULES`]), and each kind of task has
//! its clock ([`due`]). A case holds at most one open task, and its holder is
//! the case's caseworker.
//!
//! The queue, My work, Available work and the statistics all read the dates
//! made here, so a deadline is computed in one place.

use serde::{Deserialize, Serialize};

use super::calendar::{add_working_days, working_days_between, Calendar};
use super::lifecycle::{Event, Role, State};
use super::policy::Policy;
use super::referral::AgeGroup;
use crate::dates::{add_days, Ymd};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum TaskKind {
    RgDecision,
    ReviewNegative,
    InformationFollowUp,
    CgDecision,
    Reconsideration,
}

crate::stored_names!(TaskKind, "task kind", {
    RgDecision => "rg-decision",
    ReviewNegative => "review-negative",
    InformationFollowUp => "information-follow-up",
    CgDecision => "cg-decision",
    Reconsideration => "reconsideration",
});

use Event::*;
use TaskKind::*;

const CASEWORKERS: &[Role] = &[Role::Caseworker, Role::SeniorCaseworker];
const SENIORS: &[Role] = &[Role::SeniorCaseworker];

impl TaskKind {
    /// What the task asks, as lists and the case page name it.
    pub fn label(self) -> &'static str {
        match self {
            RgDecision => "Make the reasonable grounds decision",
            ReviewNegative => "Review a proposed negative decision",
            InformationFollowUp => "Information requested: follow up",
            CgDecision => "Make the conclusive grounds decision",
            Reconsideration => "Reconsider the decision",
        }
    }

    /// Who may hold the task: a review is a senior caseworker's (the
    /// transition table lets only them confirm or overturn).
    pub fn for_roles(self) -> &'static [Role] {
        match self {
            ReviewNegative => SENIORS,
            _ => CASEWORKERS,
        }
    }

    /// The kinds `role` may hold, in declaration order.
    pub fn held_by(role: Role) -> Vec<TaskKind> {
        TaskKind::ALL
            .iter()
            .copied()
            .filter(|kind| kind.for_roles().contains(&role))
            .collect()
    }

    /// The task a case in `state` holds when nothing says otherwise: for
    /// cases that arrive with a state (those received before tasks existed,
    /// and generated volumes), never for live events, which [`TASK_RULES`] rule.
    pub fn usual_for(state: State) -> Option<TaskKind> {
        match state {
            State::Submitted | State::RgPending => Some(RgDecision),
            State::InformationRequested => Some(InformationFollowUp),
            State::RgNegativeInReview | State::CgNegativeInReview => Some(ReviewNegative),
            State::RecoveryPeriod | State::CgPending => Some(CgDecision),
            State::RgNegative
            | State::CgNegative
            | State::CgPositive
            | State::Withdrawn
            | State::Duplicate => None,
        }
    }
}

/// Who holds a task an event opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holder {
    /// The case's caseworker keeps it.
    Same,
    /// Nobody: it waits in Available work.
    Nobody,
    /// The caseworker who proposed the negative decision just reviewed.
    Proposer,
}

/// What an accepted event does to the case's task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskChange {
    /// The open task goes on (its clock unchanged).
    Keep,
    /// The open task, if any, closes and this one opens.
    Opens(TaskKind, Holder),
    /// The open task closes and none follows.
    Closes,
}

use Holder::*;
use TaskChange::*;

/// What each event does to the task. Whatever the row says, an event that
/// leaves the case closed closes its task ([`change_after`]).
pub const TASK_RULES: &[(Event, TaskChange)] = &[
    (Submit, Opens(RgDecision, Nobody)),
    (Event::Open, Keep),
    (RequestInformation, Opens(InformationFollowUp, Same)),
    (ReceiveInformation, Opens(RgDecision, Same)),
    (DecideRgPositive, Opens(CgDecision, Same)),
    (ProposeRgNegative, Opens(ReviewNegative, Nobody)),
    (ConfirmNegative, Closes),
    (OverturnNegative, Opens(CgDecision, Proposer)),
    (StartConclusiveGrounds, Keep),
    (DecideCgPositive, Closes),
    (ProposeCgNegative, Opens(ReviewNegative, Nobody)),
    (RequestReconsideration, Opens(Reconsideration, Nobody)),
    (Withdraw, Closes),
    (LinkAsDuplicate, Closes),
];

/// What `event`, having moved the case to `to`, does to its task.
pub fn change_after(event: Event, to: State) -> TaskChange {
    if !to.is_open() {
        return Closes;
    }
    TASK_RULES
        .iter()
        .find(|(e, _)| *e == event)
        .map_or(Keep, |(_, change)| *change)
}

/// What a task's clock needs to know about its case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clock {
    pub received_on: Ymd,
    /// The working days of the case's nation.
    pub calendar: Calendar,
    /// The day the task opens.
    pub opened_on: Ymd,
    /// When the positive RG decision started the recovery period.
    pub recovery_started_on: Option<Ymd>,
    /// The follow-up date the caseworker chose when asking for information.
    pub follow_up_on: Option<Ymd>,
}

/// A task's dates: when it is due, and the day before which it cannot be done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dates {
    pub due_on: Ymd,
    pub not_before: Option<Ymd>,
}

/// The dates of a task of `kind`, by the policy in force when the case was
/// received.
pub fn due(kind: TaskKind, clock: &Clock) -> Dates {
    let policy = Policy::on(clock.received_on);
    let working = |from: Ymd, n: u32| add_working_days(from, n, clock.calendar);
    match kind {
        RgDecision => Dates {
            due_on: working(clock.received_on, policy.rg_target_working_days),
            not_before: None,
        },
        ReviewNegative => Dates {
            due_on: working(clock.opened_on, policy.review_working_days),
            not_before: None,
        },
        InformationFollowUp => Dates {
            due_on: clock
                .follow_up_on
                .filter(|chosen| *chosen > clock.opened_on)
                .unwrap_or_else(|| working(clock.opened_on, policy.follow_up_working_days)),
            not_before: None,
        },
        CgDecision => {
            let started = clock.recovery_started_on.unwrap_or(clock.opened_on);
            let ends = add_days(started, i64::from(policy.recovery_min_days));
            let target = add_days(started, i64::from(policy.cg_target_days));
            Dates {
                // Never due before the recovery period lets it be made.
                due_on: target.max(ends),
                not_before: Some(ends),
            }
        }
        Reconsideration => Dates {
            due_on: working(clock.opened_on, policy.reconsideration_working_days),
            not_before: None,
        },
    }
}

/// The days a follow-up can be set for, as the request-for-information form
/// offers them: 5, 10, 15 and 20 working days from `today`.
pub fn follow_up_choices(today: Ymd, received_on: Ymd, calendar: Calendar) -> Vec<Ymd> {
    let default = Policy::on(received_on).follow_up_working_days;
    let mut days: Vec<u32> = vec![5, 10, 15, 20, default];
    days.sort_unstable();
    days.dedup();
    days.into_iter()
        .map(|n| add_working_days(today, n, calendar))
        .collect()
}

/// The follow-up day chosen on the request-for-information form: one of the
/// `choices` offered, or none (the policy's default applies).
pub fn check_follow_up(
    value: &str,
    choices: &[Ymd],
) -> Result<Option<Ymd>, crate::forms::FieldError> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    crate::dates::parse_iso(value)
        .filter(|day| choices.contains(day))
        .map(Some)
        .ok_or_else(|| {
            crate::forms::FieldError::new(
                super::case_forms::FOLLOW_UP_ON,
                "Select when to follow up the request from the list",
            )
        })
}

/// How urgent a task is: a child, and a person still being exploited, come
/// first. Higher is sooner; lists then take the earliest due date first, so
/// overdue tasks lead each band.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Priority(pub u8);

impl Priority {
    pub fn of(age: AgeGroup, still_exploited: bool) -> Self {
        let child = u8::from(age == AgeGroup::Child) * 2;
        Priority(child + u8::from(still_exploited))
    }

    /// The reasons, as tags on a list's row.
    pub fn reasons(self) -> Vec<&'static str> {
        let mut reasons = Vec::new();
        if self.0 & 2 != 0 {
            reasons.push("Child");
        }
        if self.0 & 1 != 0 {
            reasons.push("Still being exploited");
        }
        reasons
    }
}

/// The referral's answer that says the person is still being exploited.
pub const STILL_EXPLOITED_FIELD: &str = "still-in-exploitative-situation";

/// Whether the answers say the person is still being exploited.
pub fn still_exploited(answers: &crate::journey::route::Answers) -> bool {
    answers.get(STILL_EXPLOITED_FIELD).map(String::as_str) == Some("yes")
}

/// Moving a task between people.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Handover<'a> {
    /// The actor takes it.
    Claim,
    /// Whoever holds it puts it back in Available work.
    Release,
    /// A senior caseworker gives it to someone (their address and role).
    Give(&'a str, Role),
}

/// Why a task cannot change hands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TaskRefusal {
    #[error("This case has no open task")]
    NoTask,
    #[error("Someone else has already taken this task")]
    Taken,
    #[error("Only a senior caseworker can take this task")]
    NotYourRole,
    #[error("Only a senior caseworker can hold this task")]
    CannotHold,
    #[error("The person who proposed a negative decision cannot review it")]
    OwnProposal,
    #[error("Only the person who holds this task, or a senior caseworker, can release it")]
    NotYours,
}

/// Whether `actor` may make `handover` of a task of `kind` that `holder`
/// holds (a negative decision's review: `proposer` proposed it). Giving a
/// task needs the permission table's `Reassign`, which the caller asks.
pub fn may_hand(
    kind: TaskKind,
    holder: Option<&str>,
    proposer: Option<&str>,
    actor: &super::lifecycle::Actor,
    handover: Handover<'_>,
) -> Result<(), TaskRefusal> {
    let senior = super::permissions::may(actor.role, super::permissions::Action::Reassign);
    let proposed_by = |who: &str| kind == ReviewNegative && proposer == Some(who);
    match handover {
        Handover::Claim => {
            if !kind.for_roles().contains(&actor.role) {
                Err(TaskRefusal::NotYourRole)
            } else if proposed_by(&actor.id) {
                Err(TaskRefusal::OwnProposal)
            } else if holder.is_some_and(|h| h != actor.id) && !senior {
                Err(TaskRefusal::Taken)
            } else {
                Ok(())
            }
        }
        Handover::Release => {
            if holder.is_some_and(|h| h != actor.id) && !senior {
                Err(TaskRefusal::NotYours)
            } else {
                Ok(())
            }
        }
        Handover::Give(to, role) => {
            if !kind.for_roles().contains(&role) {
                Err(TaskRefusal::CannotHold)
            } else if proposed_by(to) {
                Err(TaskRefusal::OwnProposal)
            } else {
                Ok(())
            }
        }
    }
}

/// How a task's due date stands today.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Urgency {
    Overdue,
    /// Due within [`DUE_SOON_WORKING_DAYS`] working days (today included).
    DueSoon,
    OnTime,
}

/// How near a due date counts as soon.
pub const DUE_SOON_WORKING_DAYS: u32 = 2;

pub fn urgency(due_on: Ymd, today: Ymd, calendar: Calendar) -> Urgency {
    if due_on < today {
        Urgency::Overdue
    } else if working_days_between(today, due_on, calendar) <= DUE_SOON_WORKING_DAYS {
        Urgency::DueSoon
    } else {
        Urgency::OnTime
    }
}

impl Urgency {
    /// The tag a list shows beside the date, and its colour class.
    pub fn tag(self) -> Option<(&'static str, &'static str)> {
        match self {
            Urgency::Overdue => Some(("Overdue", "govuk-tag--red")),
            Urgency::DueSoon => Some(("Due soon", "govuk-tag--yellow")),
            Urgency::OnTime => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::casework::lifecycle::TRANSITIONS;
    use crate::names::tests::round_trips;
    use Calendar::*;

    #[test]
    fn kinds_are_stored_by_their_names() {
        round_trips(TaskKind::ALL, |k| k.as_str());
        assert_eq!(TaskKind::held_by(Role::Caseworker).len(), 4);
        assert_eq!(TaskKind::held_by(Role::SeniorCaseworker).len(), 5);
        assert!(TaskKind::held_by(Role::Admin).is_empty());
    }

    /// Which event opens and closes which task: every move of the lifecycle.
    #[test]
    fn each_move_of_the_lifecycle_keeps_opens_or_closes_a_task() {
        let table: &[(State, Event, State, TaskChange)] = &[
            (State::Submitted, Event::Open, State::RgPending, Keep),
            (
                State::RgPending,
                RequestInformation,
                State::InformationRequested,
                Opens(InformationFollowUp, Same),
            ),
            (
                State::InformationRequested,
                ReceiveInformation,
                State::RgPending,
                Opens(RgDecision, Same),
            ),
            (
                State::RgPending,
                DecideRgPositive,
                State::RecoveryPeriod,
                Opens(CgDecision, Same),
            ),
            (
                State::RgPending,
                ProposeRgNegative,
                State::RgNegativeInReview,
                Opens(ReviewNegative, Nobody),
            ),
            // Where policy asks no review, the negative is issued at once.
            (
                State::RgPending,
                ProposeRgNegative,
                State::RgNegative,
                Closes,
            ),
            (
                State::RgNegativeInReview,
                ConfirmNegative,
                State::RgNegative,
                Closes,
            ),
            (
                State::RgNegativeInReview,
                OverturnNegative,
                State::RecoveryPeriod,
                Opens(CgDecision, Proposer),
            ),
            (
                State::RecoveryPeriod,
                StartConclusiveGrounds,
                State::CgPending,
                Keep,
            ),
            (
                State::CgPending,
                DecideCgPositive,
                State::CgPositive,
                Closes,
            ),
            (
                State::CgPending,
                ProposeCgNegative,
                State::CgNegativeInReview,
                Opens(ReviewNegative, Nobody),
            ),
            (
                State::CgNegativeInReview,
                OverturnNegative,
                State::CgPositive,
                Closes,
            ),
            (
                State::RgNegative,
                RequestReconsideration,
                State::RgPending,
                Opens(Reconsideration, Nobody),
            ),
            (
                State::CgNegative,
                RequestReconsideration,
                State::CgPending,
                Opens(Reconsideration, Nobody),
            ),
            (State::RgPending, Withdraw, State::Withdrawn, Closes),
            (State::Submitted, LinkAsDuplicate, State::Duplicate, Closes),
        ];
        for (from, event, to, change) in table {
            assert_eq!(
                change_after(*event, *to),
                *change,
                "{from:?} --{event:?}--> {to:?}"
            );
        }
        assert_eq!(
            change_after(Submit, State::Submitted),
            Opens(RgDecision, Nobody)
        );
        // Every event has its row, and every move of the lifecycle leaves an
        // open case with a task it may hold and a closed one with none.
        for event in Event::ALL {
            assert_eq!(
                TASK_RULES.iter().filter(|(e, _)| e == event).count(),
                1,
                "{event}"
            );
        }
        for t in TRANSITIONS {
            let change = change_after(t.event, t.to);
            assert_eq!(
                change == Closes,
                !t.to.is_open(),
                "{:?} {:?}",
                t.from,
                t.event
            );
            if let Opens(kind, _) = change {
                assert!(!kind.for_roles().is_empty());
            }
        }
    }

    #[test]
    fn every_open_state_usually_holds_a_task_and_no_closed_one_does() {
        for state in State::ALL {
            assert_eq!(
                TaskKind::usual_for(*state).is_some(),
                state.is_open(),
                "{state:?}"
            );
        }
    }

    fn clock(received_on: Ymd, opened_on: Ymd) -> Clock {
        Clock {
            received_on,
            calendar: EnglandAndWales,
            opened_on,
            recovery_started_on: None,
            follow_up_on: None,
        }
    }

    /// Each kind's clock: (kind, received, opened, recovery started, chosen
    /// follow-up, nation) → (due, not before).
    #[test]
    fn due_dates_follow_working_days_bank_holidays_and_the_recovery_floor() {
        type Row = (
            TaskKind,
            Ymd,
            Ymd,
            Option<Ymd>,
            Option<Ymd>,
            Calendar,
            Ymd,
            Option<Ymd>,
        );
        let table: &[Row] = &[
            // 5 working days from receipt, across Christmas 2020 (25, 28 December, 1 January).
            (
                RgDecision,
                (2020, 12, 23),
                (2020, 12, 23),
                None,
                None,
                EnglandAndWales,
                (2021, 1, 4),
                None,
            ),
            // Easter Monday 2024 is a holiday in England, not in Scotland.
            (
                RgDecision,
                (2024, 3, 28),
                (2024, 3, 28),
                None,
                None,
                EnglandAndWales,
                (2024, 4, 8),
                None,
            ),
            (
                RgDecision,
                (2024, 3, 28),
                (2024, 3, 28),
                None,
                None,
                Scotland,
                (2024, 4, 5),
                None,
            ),
            // A review: 5 working days from the proposal (St Andrew's Day in Scotland).
            (
                ReviewNegative,
                (2023, 11, 1),
                (2023, 11, 27),
                None,
                None,
                Scotland,
                (2023, 12, 5),
                None,
            ),
            // A follow-up: 10 working days unless the caseworker chose a later day.
            (
                InformationFollowUp,
                (2026, 11, 2),
                (2026, 12, 7),
                None,
                None,
                EnglandAndWales,
                (2026, 12, 21),
                None,
            ),
            (
                InformationFollowUp,
                (2026, 11, 2),
                (2026, 12, 7),
                None,
                Some((2026, 12, 14)),
                EnglandAndWales,
                (2026, 12, 14),
                None,
            ),
            // A chosen day that is not after today is no choice.
            (
                InformationFollowUp,
                (2026, 11, 2),
                (2026, 12, 7),
                None,
                Some((2026, 12, 7)),
                EnglandAndWales,
                (2026, 12, 21),
                None,
            ),
            // CG: not before the recovery period ends (30 days since 13 December 2022), due 90 days on.
            (
                CgDecision,
                (2023, 2, 1),
                (2023, 2, 6),
                Some((2023, 2, 6)),
                None,
                EnglandAndWales,
                (2023, 5, 7),
                Some((2023, 3, 8)),
            ),
            // Received before 13 December 2022: the recovery period was 45 days.
            (
                CgDecision,
                (2022, 11, 1),
                (2022, 11, 7),
                Some((2022, 11, 7)),
                None,
                EnglandAndWales,
                (2023, 2, 5),
                Some((2022, 12, 22)),
            ),
            // Reopened after an overturned negative: the recovery period starts that day.
            (
                CgDecision,
                (2026, 1, 5),
                (2026, 3, 2),
                None,
                None,
                EnglandAndWales,
                (2026, 5, 31),
                Some((2026, 4, 1)),
            ),
            // Reconsideration: 20 working days; Good Friday and Easter Monday 2026 skipped.
            (
                Reconsideration,
                (2026, 1, 5),
                (2026, 3, 30),
                None,
                None,
                EnglandAndWales,
                (2026, 4, 29),
                None,
            ),
        ];
        for (kind, received, opened, recovery, chosen, calendar, due_on, not_before) in table {
            let clock = Clock {
                recovery_started_on: *recovery,
                follow_up_on: *chosen,
                calendar: *calendar,
                ..clock(*received, *opened)
            };
            assert_eq!(
                due(*kind, &clock),
                Dates {
                    due_on: *due_on,
                    not_before: *not_before
                },
                "{kind:?} received {received:?} opened {opened:?}"
            );
        }
    }

    #[test]
    fn a_conclusive_grounds_task_is_never_due_before_the_recovery_period_ends() {
        // Whatever the target, the floor holds for every policy ever in force.
        for received in [(2010, 6, 1), (2022, 12, 12), (2022, 12, 13), (2026, 12, 6)] {
            let dates = due(
                CgDecision,
                &Clock {
                    recovery_started_on: Some(received),
                    ..clock(received, received)
                },
            );
            let floor = add_days(received, i64::from(Policy::on(received).recovery_min_days));
            assert_eq!(dates.not_before, Some(floor));
            assert!(dates.due_on >= floor, "{received:?}");
        }
        assert!(Policy::on((2026, 12, 6)).recovery_min_days >= 30);
    }

    #[test]
    fn the_follow_up_choices_are_working_days_ahead() {
        // Monday 21 December 2026: Christmas Day and Boxing Day (moved to Monday 28) skipped.
        let choices = follow_up_choices((2026, 12, 21), (2026, 12, 1), EnglandAndWales);
        assert_eq!(
            choices,
            vec![(2026, 12, 30), (2027, 1, 7), (2027, 1, 14), (2027, 1, 21)]
        );
    }

    #[test]
    fn a_follow_up_day_must_be_one_offered() {
        let choices = follow_up_choices((2026, 12, 21), (2026, 12, 1), EnglandAndWales);
        assert_eq!(check_follow_up("", &choices), Ok(None));
        assert_eq!(
            check_follow_up("2027-01-07", &choices),
            Ok(Some((2027, 1, 7)))
        );
        for hostile in ["2027-01-08", "2026-12-25", "tomorrow", "2027-13-01"] {
            let refused = check_follow_up(hostile, &choices).unwrap_err();
            assert_eq!(
                refused.field,
                crate::casework::case_forms::FOLLOW_UP_ON,
                "{hostile}"
            );
        }
    }

    #[test]
    fn children_and_people_still_exploited_come_first() {
        let adult = Priority::of(AgeGroup::Adult, false);
        let exploited = Priority::of(AgeGroup::Adult, true);
        let child = Priority::of(AgeGroup::Child, false);
        let both = Priority::of(AgeGroup::Child, true);
        assert!(adult < exploited && exploited < child && child < both);
        assert_eq!(both.reasons(), vec!["Child", "Still being exploited"]);
        assert!(adult.reasons().is_empty());
        assert_eq!(Priority::of(AgeGroup::Unknown, false), adult);
    }

    #[test]
    fn overdue_and_due_soon_count_working_days() {
        // Friday 4 December 2026: due Tuesday 8th is two working days away.
        let friday = (2026, 12, 4);
        assert_eq!(
            urgency((2026, 12, 3), friday, EnglandAndWales),
            Urgency::Overdue
        );
        assert_eq!(urgency(friday, friday, EnglandAndWales), Urgency::DueSoon);
        assert_eq!(
            urgency((2026, 12, 8), friday, EnglandAndWales),
            Urgency::DueSoon
        );
        assert_eq!(
            urgency((2026, 12, 9), friday, EnglandAndWales),
            Urgency::OnTime
        );
    }

    #[test]
    fn who_may_take_release_and_be_given_a_task() {
        use crate::casework::lifecycle::Actor;
        let jo = Actor {
            id: "jo".into(),
            role: Role::Caseworker,
        };
        let sam = Actor {
            id: "sam".into(),
            role: Role::SeniorCaseworker,
        };
        let claim = Handover::Claim;
        type Row<'a> = (
            TaskKind,
            Option<&'a str>,
            Option<&'a str>,
            &'a Actor,
            Handover<'a>,
            Result<(), TaskRefusal>,
        );
        let table: &[Row<'_>] = &[
            (RgDecision, None, None, &jo, claim, Ok(())),
            (RgDecision, Some("jo"), None, &jo, claim, Ok(())),
            (
                RgDecision,
                Some("ali"),
                None,
                &jo,
                claim,
                Err(TaskRefusal::Taken),
            ),
            // A senior caseworker may take over a task someone holds.
            (RgDecision, Some("ali"), None, &sam, claim, Ok(())),
            (
                ReviewNegative,
                None,
                Some("ali"),
                &jo,
                claim,
                Err(TaskRefusal::NotYourRole),
            ),
            (
                ReviewNegative,
                None,
                Some("sam"),
                &sam,
                claim,
                Err(TaskRefusal::OwnProposal),
            ),
            (ReviewNegative, None, Some("ali"), &sam, claim, Ok(())),
            (CgDecision, Some("jo"), None, &jo, Handover::Release, Ok(())),
            (
                CgDecision,
                Some("ali"),
                None,
                &jo,
                Handover::Release,
                Err(TaskRefusal::NotYours),
            ),
            (
                CgDecision,
                Some("ali"),
                None,
                &sam,
                Handover::Release,
                Ok(()),
            ),
            (
                CgDecision,
                None,
                None,
                &sam,
                Handover::Give("jo", Role::Caseworker),
                Ok(()),
            ),
            (
                ReviewNegative,
                None,
                Some("ali"),
                &sam,
                Handover::Give("jo", Role::Caseworker),
                Err(TaskRefusal::CannotHold),
            ),
            (
                ReviewNegative,
                None,
                Some("ali"),
                &sam,
                Handover::Give("ali", Role::SeniorCaseworker),
                Err(TaskRefusal::OwnProposal),
            ),
            (
                ReviewNegative,
                None,
                Some("ali"),
                &sam,
                Handover::Give("kim", Role::SeniorCaseworker),
                Ok(()),
            ),
        ];
        for (kind, holder, proposer, actor, handover, outcome) in table {
            assert_eq!(
                may_hand(*kind, *holder, *proposer, actor, *handover),
                *outcome,
                "{kind:?} held by {holder:?}: {} {handover:?}",
                actor.id
            );
        }
    }

    #[test]
    fn the_still_exploited_answer_is_the_journeys() {
        let field = crate::journey::steps::find_field(STILL_EXPLOITED_FIELD);
        assert!(field.is_some_and(|f| f.choice_values().contains(&"yes")));
    }
}
