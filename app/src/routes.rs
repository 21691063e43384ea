//! The service's addresses, named once.

pub const START: &str = "/";
pub const START_ALIAS: &str = "/start";
pub const WHO_DO_YOU_WORK_FOR: &str = "/verify/who-do-you-work-for";
pub const CHECK_INBOX: &str = "/verify/check-inbox";
pub const ACCESSIBILITY: &str = "/accessibility";
pub const PRIVACY: &str = "/privacy";
pub const EMAIL_NOT_RECOGNISED: &str = "/verify/email-not-recognised";
/// Where a sign-in link points: `/nrm/start?token=…`.
pub const SIGN_IN_LINK: &str = "/nrm/start";
pub const TOKEN_INVALID: &str = "/nrm/token-invalid";
pub const REPORTS: &str = "/nrm/reports";
pub const SIGN_OUT: &str = "/sign-out";
pub const SIGNED_OUT: &str = "/signed-out";

/// The query parameter that carries a sign-in link's token.
pub const TOKEN_PARAM: &str = "token";
/// Keeps a session alive without leaving the page (POST, answers 204).
pub const KEEP_ALIVE: &str = "/session/keep-alive";
/// The health check (JSON, for monitoring).
pub const HEALTHZ: &str = "/healthz";

/// Starts a new report (POST): forgets the report being worked on.
pub const NEW_REPORT: &str = "/nrm/new";
/// Picks a saved report to carry on with (POST, field `id`).
pub const CONTINUE_REPORT: &str = "/nrm/continue-report";
/// Asks before deleting a saved report (GET `?id=`), and deletes it (POST).
pub const DELETE_REPORT: &str = "/nrm/are-you-sure";
/// Check your answers (GET) and send (POST).
pub const CONFIRM: &str = "/nrm/confirm";
/// What was sent, with its reference: `/nrm/confirmation?reference=…`.
pub const CONFIRMATION: &str = "/nrm/confirmation";
/// The page a phone without a signal is shown in place of any journey page,
/// which then draws the page asked for from the phone's copy.
pub const OFFLINE_SHELL: &str = "/nrm/offline";
/// The service worker that keeps the journey's files on the phone; it
/// serves the pages under `/nrm/`.
pub const OFFLINE_WORKER: &str = "/nrm/offline-worker.js";
/// The script that keeps the phone's sealed copy of a draft (`public/`).
pub const OFFLINE_STORE: &str = "/offline-store.js";
/// Shown after "Save and exit", once signed out: `/report-saved?until=YYYY-MM-DD`.
pub const REPORT_SAVED: &str = "/report-saved";
/// Evidence files: upload (POST, multipart) and remove (POST `/nrm/upload-evidence/remove`).
pub const UPLOAD: &str = "/nrm/upload-evidence/upload";
pub const REMOVE_UPLOAD: &str = "/nrm/upload-evidence/remove";

/// Staff sign-in (email and password).
pub const STAFF_SIGN_IN: &str = "/staff/sign-in";
/// Staff choose their own password here (and must, after an administrator sets one).
pub const STAFF_PASSWORD: &str = "/staff/change-password";
/// After the password, the second factor: a code from an authenticator app.
pub const SECOND_FACTOR: &str = "/staff/second-factor";
/// A first sign-in sets the second factor up here (the QR code, the secret
/// typed out, a code to confirm it); the answer shows the recovery codes.
pub const SECOND_FACTOR_SET_UP: &str = "/staff/second-factor/set-up";
/// Instead of the app's code, one of the recovery codes.
pub const RECOVERY_CODE: &str = "/staff/second-factor/recovery-code";
/// Everyone signed in: their sessions in other browsers, to end any of them.
pub const SESSIONS: &str = "/sessions";
/// The casework queue; one case is `/casework/cases/<reference>`.
pub const CASEWORK: &str = "/casework";
pub const CASES: &str = "/casework/cases";
/// A case's tabs (MoJ sub-navigation), each its own address:
/// `/casework/cases/<reference>` for the summary, `/<tab>` below it for the rest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CaseTab {
    Summary,
    Referral,
    Timeline,
    Documents,
    Letters,
    LinkedCases,
    Access,
}

crate::stored_names!(CaseTab, "case tab", {
    Summary => "",
    Referral => "referral",
    Timeline => "timeline",
    Documents => "documents",
    Letters => "letters",
    LinkedCases => "linked-cases",
    Access => "access",
});

impl CaseTab {
    pub fn label(self) -> &'static str {
        match self {
            CaseTab::Summary => "Summary",
            CaseTab::Referral => "Referral",
            CaseTab::Timeline => "Timeline",
            CaseTab::Documents => "Documents",
            CaseTab::Letters => "Letters",
            CaseTab::LinkedCases => "Linked cases",
            CaseTab::Access => "Access",
        }
    }

    /// The tab's address for the case `reference`.
    pub fn href(self, reference: &str) -> String {
        match self {
            CaseTab::Summary => format!("{CASES}/{reference}"),
            tab => format!("{CASES}/{reference}/{}", tab.as_str()),
        }
    }
}

/// Where a case's add-a-document form posts (a multipart post, below the
/// Documents tab's own address): the route's pattern, and the address.
pub const ADD_DOCUMENT_ROUTE: &str = "/casework/cases/{reference}/documents/add";

pub fn add_document_href(reference: &str) -> String {
    format!("{}/add", CaseTab::Documents.href(reference))
}

/// Whether `path` is a case's add-a-document post (given more time than other requests).
pub fn is_add_document(path: &str) -> bool {
    path.strip_prefix(CASES)
        .and_then(|rest| rest.strip_suffix("/documents/add"))
        .is_some_and(|reference| reference.len() > 1 && !reference[1..].contains('/'))
}

/// The tasks a caseworker holds, most urgent first.
pub const MY_WORK: &str = "/casework/my-work";
/// The tasks nobody holds that the caseworker's role may take.
pub const AVAILABLE_WORK: &str = "/casework/available-work";
/// Find a person across every case.
pub const PERSON_SEARCH: &str = "/casework/search";
/// Administration's pages, all below this.
pub const ADMINISTRATION: &str = "/casework/admin";
/// Counts in the shape of the quarterly statistics; `<table>.csv` below it.
pub const STATISTICS: &str = "/casework/statistics";
/// Duty to Notify reports: a register, searchable by reference.
pub const DTN_REGISTER: &str = "/casework/duty-to-notify";
/// Administrators: staff accounts.
pub const STAFF_ADMIN: &str = "/casework/admin/staff";
/// Administrators find first responders, bar them and lift bars; the
/// hand-over of a leaver's referrals posts here.
pub const RESPONDERS_ADMIN: &str = "/casework/admin/responders";
/// The audit log, by case or by person (administrators).
pub const AUDIT_LOG: &str = "/casework/admin/audit";
/// Everything held about one case, as a zip: [`case_export`].
pub const CASE_EXPORT: &str = "/casework/admin/export";
/// The ending of a case export's address.
pub const CASE_EXPORT_ENDING: &str = ".zip";

/// The address of a case's export: `/casework/admin/export/<reference>.zip`.
pub fn case_export(reference: &str) -> String {
    format!("{CASE_EXPORT}/{reference}{CASE_EXPORT_ENDING}")
}
/// Email the service gave up sending, with a retry button each (administrators);
/// `<id>/retry` below it.
pub const FAILED_MAIL: &str = "/casework/admin/failed-mail";
/// Senior caseworkers: open cases per caseworker.
pub const TEAM: &str = "/casework/team";
/// Evidence files, for caseworkers and their uploader: `/evidence/<id>`.
pub const EVIDENCE: &str = "/evidence";
/// A first responder's sent referrals: their own, and those a colleague shared with them.
pub const SENT_CASES: &str = "/nrm/cases";

/// Percent-encodes a value for a page's address (everything but letters,
/// digits and `-_.`).
pub fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cases_add_document_address_is_known_as_one() {
        let href = add_document_href("NRM-2026-000001");
        assert_eq!(href, "/casework/cases/NRM-2026-000001/documents/add");
        assert!(is_add_document(&href));
        assert_eq!(
            ADD_DOCUMENT_ROUTE.replace("{reference}", "NRM-2026-000001"),
            href
        );
        assert!(!is_add_document("/casework/cases/documents/add"));
        assert!(!is_add_document("/casework/cases/a/b/documents/add"));
        assert!(!is_add_document(UPLOAD));
    }
}
