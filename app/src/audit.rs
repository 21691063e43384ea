//! What the audit log records: every read of a case file and every change,
//! by whom, to what, when and from where. The names are stored, so they live
//! here once; the server's `platform::audit` writes and verifies the log.

use serde::{Deserialize, Serialize};

/// What happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuditAction {
    /// A member of staff opened a case.
    CaseViewed,
    /// An evidence file was downloaded.
    EvidenceDownloaded,
    /// A case was given to someone, or to nobody.
    CaseAssigned,
    /// An internal note was added.
    NoteAdded,
    /// A lifecycle event was sent.
    EventSent,
    /// A member of staff gave a right password and code.
    StaffSignedIn,
    /// A wrong password (or a staff address that has no account).
    StaffSignInFailed,
    /// A wrong second-factor or recovery code.
    SecondFactorFailed,
    /// A first responder opened their emailed sign-in link.
    ResponderSignedIn,
    /// Anyone signed out (or ended one of their sessions).
    SignedOut,
    /// A second factor was set up (its secret confirmed).
    SecondFactorSetUp,
    /// A recovery code was spent to sign in.
    RecoveryCodeUsed,
    /// An administrator reset someone's second factor.
    SecondFactorReset,
    /// A staff account was added.
    StaffAccountAdded,
    /// A staff account was disabled.
    StaffAccountDisabled,
    /// A staff account was enabled again.
    StaffAccountEnabled,
    /// A member of staff changed their password.
    PasswordChanged,
    /// An administrator barred a first responder.
    ResponderBarred,
    /// An administrator lifted a first responder's bar.
    ResponderBarLifted,
    /// A leaver's referrals were handed to a colleague.
    ReferralsHandedOver,
    /// A referral was shared with a colleague.
    CaseShared,
    /// A share was withdrawn.
    ShareWithdrawn,
    /// A first responder started a referral or report.
    DraftStarted,
    /// A first responder sent a referral or report (it became a case).
    ReferralSent,
    /// A first responder deleted a draft.
    DraftDeleted,
    /// A first responder added an evidence file to a draft.
    EvidenceUploaded,
    /// A first responder removed an evidence file from a draft.
    EvidenceRemoved,
    /// A caseworker added a document to a case.
    DocumentAdded,
    /// A decision letter was written and sent.
    LetterSent,
    /// An administrator put a failed email back in the queue.
    MailRetried,
    /// The service ran a scheduled job (the clean-up that keeps the
    /// retention schedule).
    ScheduledJobRun,
    /// The retention schedule removed a closed case's personal details.
    CaseRedacted,
    /// An administrator downloaded everything held about a case.
    CaseExported,
    /// A caseworker flagged a case.
    FlagAdded,
    /// A caseworker took a flag off a case.
    FlagRemoved,
    /// Two cases were linked (recorded on both).
    LinkAdded,
    /// A link between two cases was removed (recorded on both).
    LinkRemoved,
    /// A senior caseworker restricted a case to named caseworkers.
    CaseRestricted,
    /// A senior caseworker lifted a case's restriction.
    RestrictionLifted,
    /// Someone asked to open a restricted case.
    AccessRequested,
    /// A senior caseworker let someone open a restricted case.
    AccessGranted,
    /// A senior caseworker refused someone's request to open a restricted case.
    AccessRefused,
    /// A member of staff searched for a person across every case.
    PeopleSearched,
}

crate::stored_names!(AuditAction, "audit action", {
    CaseViewed => "case-viewed",
    EvidenceDownloaded => "evidence-downloaded",
    CaseAssigned => "case-assigned",
    NoteAdded => "note-added",
    EventSent => "event-sent",
    StaffSignedIn => "staff-signed-in",
    StaffSignInFailed => "staff-sign-in-failed",
    SecondFactorFailed => "second-factor-failed",
    ResponderSignedIn => "responder-signed-in",
    SignedOut => "signed-out",
    SecondFactorSetUp => "second-factor-set-up",
    RecoveryCodeUsed => "recovery-code-used",
    SecondFactorReset => "second-factor-reset",
    StaffAccountAdded => "staff-account-added",
    StaffAccountDisabled => "staff-account-disabled",
    StaffAccountEnabled => "staff-account-enabled",
    PasswordChanged => "password-changed",
    ResponderBarred => "responder-barred",
    ResponderBarLifted => "responder-bar-lifted",
    ReferralsHandedOver => "referrals-handed-over",
    CaseShared => "case-shared",
    ShareWithdrawn => "share-withdrawn",
    DraftStarted => "draft-started",
    ReferralSent => "referral-sent",
    DraftDeleted => "draft-deleted",
    EvidenceUploaded => "evidence-uploaded",
    EvidenceRemoved => "evidence-removed",
    DocumentAdded => "document-added",
    LetterSent => "letter-sent",
    MailRetried => "mail-retried",
    ScheduledJobRun => "scheduled-job-run",
    CaseRedacted => "case-redacted",
    CaseExported => "case-exported",
    FlagAdded => "flag-added",
    FlagRemoved => "flag-removed",
    LinkAdded => "link-added",
    LinkRemoved => "link-removed",
    CaseRestricted => "case-restricted",
    RestrictionLifted => "restriction-lifted",
    AccessRequested => "access-requested",
    AccessGranted => "access-granted",
    AccessRefused => "access-refused",
    PeopleSearched => "people-searched",
});

impl AuditAction {
    /// How the action reads in a list of the log.
    pub fn describe(self) -> &'static str {
        match self {
            AuditAction::CaseViewed => "Opened the case",
            AuditAction::EvidenceDownloaded => "Downloaded an evidence file",
            AuditAction::CaseAssigned => "Assigned the case",
            AuditAction::NoteAdded => "Added a note",
            AuditAction::EventSent => "Moved the case on",
            AuditAction::StaffSignedIn => "Signed in to the casework desk",
            AuditAction::StaffSignInFailed => "Failed to sign in (password)",
            AuditAction::SecondFactorFailed => "Failed to sign in (code)",
            AuditAction::ResponderSignedIn => "Signed in with an emailed link",
            AuditAction::SignedOut => "Signed out",
            AuditAction::SecondFactorSetUp => "Set up a second factor",
            AuditAction::RecoveryCodeUsed => "Signed in with a recovery code",
            AuditAction::SecondFactorReset => "Reset a second factor",
            AuditAction::StaffAccountAdded => "Added a staff account",
            AuditAction::StaffAccountDisabled => "Disabled a staff account",
            AuditAction::StaffAccountEnabled => "Enabled a staff account",
            AuditAction::PasswordChanged => "Changed their password",
            AuditAction::ResponderBarred => "Barred a first responder",
            AuditAction::ResponderBarLifted => "Lifted a first responder's bar",
            AuditAction::ReferralsHandedOver => "Handed a leaver's referrals over",
            AuditAction::CaseShared => "Shared a referral",
            AuditAction::ShareWithdrawn => "Withdrew a share",
            AuditAction::DraftStarted => "Started a referral",
            AuditAction::ReferralSent => "Sent a referral",
            AuditAction::DraftDeleted => "Deleted a draft referral",
            AuditAction::EvidenceUploaded => "Added an evidence file",
            AuditAction::EvidenceRemoved => "Removed an evidence file",
            AuditAction::DocumentAdded => "Added a document to the case",
            AuditAction::LetterSent => "Sent a decision letter",
            AuditAction::MailRetried => "Sent a failed email again",
            AuditAction::ScheduledJobRun => "Ran a scheduled job",
            AuditAction::CaseRedacted => "Removed a closed case's personal details",
            AuditAction::CaseExported => "Exported everything held about a case",
            AuditAction::FlagAdded => "Flagged the case",
            AuditAction::FlagRemoved => "Removed a flag from the case",
            AuditAction::LinkAdded => "Linked the case to another",
            AuditAction::LinkRemoved => "Removed a link to another case",
            AuditAction::CaseRestricted => "Restricted the case",
            AuditAction::RestrictionLifted => "Lifted the case's restriction",
            AuditAction::AccessRequested => "Asked to open a restricted case",
            AuditAction::AccessGranted => "Let someone open a restricted case",
            AuditAction::AccessRefused => "Refused someone's request to open a restricted case",
            AuditAction::PeopleSearched => "Searched for a person",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audit_actions_round_trip_and_unknown_ones_fail() {
        crate::names::tests::round_trips(AuditAction::ALL, |a| a.as_str());
    }

    #[test]
    fn every_action_reads_as_a_sentence() {
        for action in AuditAction::ALL {
            let text = action.describe();
            assert!(
                text.chars().next().is_some_and(char::is_uppercase),
                "{text}"
            );
        }
    }
}
