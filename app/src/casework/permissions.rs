//! Who may do what: one table of role × action, beside the lifecycle's
//! [`TRANSITIONS`](super::lifecycle::TRANSITIONS). Every route and server
//! function asks [`may`]; which lifecycle event a role may send is still the
//! transition table's to say ([`Action::SendEvent`] only opens the door).
//!
//! The roles as the Single Competent Authority works:
//! - caseworkers work cases: the queue, a case's file, its evidence, notes,
//!   events; they take unassigned cases for themselves;
//! - senior caseworkers do all that, review negative decisions (the transition
//!   table), see the team's workload and move cases between caseworkers;
//! - administrators manage staff accounts and do not read case files;
//! - first responders make referrals and follow the ones they sent.

use super::lifecycle::Role;

/// Something a person can ask the service to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    /// The casework queue and the Duty to Notify register.
    ViewQueue,
    /// A case's summary, status and timeline.
    ViewCase,
    /// The referral's answers about the potential victim.
    ViewAnswers,
    DownloadEvidence,
    /// Add a document to a case (information received, a decision letter, other).
    AddDocument,
    /// Take an unassigned case.
    AssignSelf,
    /// Give a case to someone else, or take one that someone holds.
    Reassign,
    AddNote,
    /// Add a flag to a case, or take one off.
    ManageFlags,
    /// Link a case to another, or remove a link (a duplicate link is an event).
    ManageLinks,
    /// Restrict a case to named caseworkers, lift it, and decide requests for access.
    RestrictCase,
    /// Ask to open a restricted case.
    AskForAccess,
    /// Send a lifecycle event (the transition table says which).
    SendEvent,
    ViewStatistics,
    /// Every caseworker's open and overdue cases.
    ViewTeam,
    ManageStaff,
    /// Find first responders' accounts, bar one and lift a bar.
    ManageResponders,
    /// Read the audit log, by case or by person, and the last check of its chain.
    ViewAuditLog,
    /// See the email the service gave up sending, and send one again.
    RetryFailedMail,
    /// Download everything held about one case (a subject access request).
    ExportCase,
    /// Start, fill in, upload to and send a referral or report.
    MakeReferral,
    /// The referrals this person sent, and the SCA's questions about them.
    ViewOwnSentCases,
}

crate::stored_names!(Action, "action", {
    ViewQueue => "view-queue",
    ViewCase => "view-case",
    ViewAnswers => "view-answers",
    DownloadEvidence => "download-evidence",
    AddDocument => "add-document",
    AssignSelf => "assign-self",
    Reassign => "reassign",
    AddNote => "add-note",
    ManageFlags => "manage-flags",
    ManageLinks => "manage-links",
    RestrictCase => "restrict-case",
    AskForAccess => "ask-for-access",
    SendEvent => "send-event",
    ViewStatistics => "view-statistics",
    ViewTeam => "view-team",
    ManageStaff => "manage-staff",
    ManageResponders => "manage-responders",
    ViewAuditLog => "view-audit-log",
    RetryFailedMail => "retry-failed-mail",
    ExportCase => "export-case",
    MakeReferral => "make-referral",
    ViewOwnSentCases => "view-own-sent-cases",
});

impl Action {
    /// What the action is, in the README's table of roles.
    pub fn label(self) -> &'static str {
        match self {
            ViewQueue => "view the queue and the Duty to Notify register",
            ViewCase => "open a case: status, dates, timeline",
            ViewAnswers => "read the referral's answers",
            DownloadEvidence => "download a case's evidence",
            AddDocument => "add a document to a case",
            AssignSelf => "take an unassigned case",
            Reassign => "give a case to someone else",
            AddNote => "add an internal note",
            ManageFlags => "add and remove a case's flags",
            ManageLinks => "link cases, and remove links",
            RestrictCase => "restrict a case, and grant or refuse access to it",
            AskForAccess => "ask to open a restricted case",
            SendEvent => "send a lifecycle event (as `TRANSITIONS` allows)",
            ViewStatistics => "statistics",
            ViewTeam => "see the team's workload",
            ManageStaff => "manage staff accounts",
            ManageResponders => "bar a first responder, or lift a bar",
            ViewAuditLog => "read the audit log",
            RetryFailedMail => "see failed email and send it again",
            ExportCase => "export everything held about a case",
            MakeReferral => "make a referral",
            ViewOwnSentCases => "see the referrals they sent",
        }
    }
}

use Action::*;
use Role::*;

const CASEWORKERS: &[Role] = &[Caseworker, SeniorCaseworker];

/// Every action and the roles that may do it. An action without a row is
/// done by nobody (a test insists every action has one).
pub const PERMISSIONS: &[(Action, &[Role])] = &[
    (ViewQueue, CASEWORKERS),
    (ViewCase, CASEWORKERS),
    (ViewAnswers, CASEWORKERS),
    (DownloadEvidence, CASEWORKERS),
    (AddDocument, CASEWORKERS),
    (AssignSelf, CASEWORKERS),
    (Reassign, &[SeniorCaseworker]),
    (AddNote, CASEWORKERS),
    (ManageFlags, CASEWORKERS),
    (ManageLinks, CASEWORKERS),
    (RestrictCase, &[SeniorCaseworker]),
    (AskForAccess, &[Caseworker]),
    (SendEvent, &[Caseworker, SeniorCaseworker, FirstResponder]),
    (ViewStatistics, &[Caseworker, SeniorCaseworker, Admin]),
    (ViewTeam, &[SeniorCaseworker]),
    (ManageStaff, &[Admin]),
    (ManageResponders, &[Admin]),
    (ViewAuditLog, &[Admin]),
    (RetryFailedMail, &[Admin]),
    (ExportCase, &[Admin]),
    (MakeReferral, &[FirstResponder]),
    (ViewOwnSentCases, &[FirstResponder]),
];

/// What a refusal says, to people and to the page that shows it.
pub const NOT_PERMITTED: &str = "You do not have permission to do this";

/// Whether `role` may do `action`: the one question every route asks.
pub fn may(role: Role, action: Action) -> bool {
    PERMISSIONS
        .iter()
        .find(|(a, _)| *a == action)
        .is_some_and(|(_, roles)| roles.contains(&role))
}

/// Where a member of staff lands after signing in: the first desk page their
/// role may open (their work for caseworkers, staff accounts for administrators).
pub fn landing_page(role: Role) -> &'static str {
    [
        (crate::routes::MY_WORK, ViewQueue),
        (crate::routes::STAFF_ADMIN, ManageStaff),
        (crate::routes::STATISTICS, ViewStatistics),
    ]
    .into_iter()
    .find(|(_, action)| may(role, *action))
    .map_or(crate::routes::STAFF_SIGN_IN, |(page, _)| page)
}

/// The roles that may do `action` (for the README's table and for tests).
pub fn roles_that_may(action: Action) -> Vec<Role> {
    Role::ALL
        .iter()
        .copied()
        .filter(|role| may(*role, action))
        .collect()
}

/// The table as Markdown, for the README (a test keeps the README's copy in step).
pub fn markdown_table() -> String {
    let roles: Vec<Role> = Role::ALL
        .iter()
        .copied()
        .filter(|role| Action::ALL.iter().any(|action| may(*role, *action)))
        .collect();
    let mut out = String::from("| action |");
    for role in &roles {
        out.push_str(&format!(" {} |", role.label().to_ascii_lowercase()));
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(roles.len()));
    out.push('\n');
    for action in Action::ALL {
        out.push_str(&format!("| {} |", action.label()));
        for role in &roles {
            out.push_str(if may(*role, *action) { " yes |" } else { " |" });
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::casework::lifecycle::TRANSITIONS;
    use crate::names::tests::round_trips;

    #[test]
    fn actions_are_named_once_and_each_has_one_row() {
        round_trips(Action::ALL, |a| a.as_str());
        for action in Action::ALL {
            let rows = PERMISSIONS.iter().filter(|(a, _)| a == action).count();
            assert_eq!(rows, 1, "{action}");
        }
    }

    #[test]
    fn administrators_manage_accounts_and_do_not_read_case_files() {
        assert!(may(Admin, ManageStaff));
        for action in [
            ViewQueue,
            ViewCase,
            ViewAnswers,
            DownloadEvidence,
            AddNote,
            SendEvent,
        ] {
            assert!(!may(Admin, action), "{action}");
        }
    }

    #[test]
    fn referring_needs_a_first_responder_and_staff_cannot_refer() {
        assert_eq!(roles_that_may(MakeReferral), vec![FirstResponder]);
        assert_eq!(roles_that_may(ViewOwnSentCases), vec![FirstResponder]);
        assert!(!may(FirstResponder, ViewQueue));
        assert!(!may(FirstResponder, ViewAnswers));
    }

    #[test]
    fn the_readme_shows_this_table() {
        let readme = include_str!("../../../README.md");
        let table = markdown_table();
        assert!(
            readme.contains(&table),
            "README.md's roles table differs from the permission table; it should read:\n{table}"
        );
    }

    #[test]
    fn staff_land_on_a_page_their_role_may_open() {
        assert_eq!(landing_page(Caseworker), crate::routes::MY_WORK);
        assert_eq!(landing_page(SeniorCaseworker), crate::routes::MY_WORK);
        assert_eq!(landing_page(Admin), crate::routes::STAFF_ADMIN);
    }

    #[test]
    fn only_seniors_move_cases_between_people() {
        assert_eq!(roles_that_may(Reassign), vec![SeniorCaseworker]);
        assert_eq!(roles_that_may(ViewTeam), vec![SeniorCaseworker]);
        assert!(may(Caseworker, AssignSelf));
    }

    #[test]
    fn every_role_the_transition_table_lets_send_an_event_may_send_events() {
        for t in TRANSITIONS {
            for role in t.by {
                if *role != SupportProvider {
                    assert!(may(*role, SendEvent), "{role} {}", t.event);
                }
            }
        }
        // Support providers have no sign-in yet: they may do nothing.
        assert!(Action::ALL.iter().all(|a| !may(SupportProvider, *a)));
    }
}
