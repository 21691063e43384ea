//! The thin API the pages use once the wasm has loaded: server functions for
//! reading and saving journey steps and for the dashboard and check-answers.
//! On the server, the same functions run in-process while a page renders.
//!
//! The functions' bodies call a [`Backend`] that the server crate provides
//! (it owns the database), so this crate stays free of storage code.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use crate::forms::FormValues;
use crate::journey::offline::{OfflineStart, PendingSave};
use crate::journey::summary::SummarySection;
// The journey's page views are the journey's own; the server functions carry them.
pub use crate::journey::views::{
    CheckAnswersLoad, CheckAnswersView, SaveOutcome, StepLoad, StepView, UploadedFile,
};

/// One saved draft on the dashboard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftSummary {
    pub id: String,
    pub name: String,
    pub created: String,
    pub expires: String,
    pub days_left: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportsView {
    pub email: String,
    pub organisation: String,
    pub drafts: Vec<DraftSummary>,
}

/// A submitted referral or report, for its confirmation page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submitted {
    pub reference: String,
    pub duty_to_notify: bool,
    pub email: String,
}

/// The casework queue's filters, as the page's address carries them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueQuery {
    pub status: String,
    pub overdue: bool,
    pub age: String,
    pub mine: bool,
    /// Cases held by this member of staff (from the team's workload).
    pub assignee: String,
    pub search: String,
    pub nationality: String,
    pub organisation: String,
    pub exploitation: String,
    /// Cases carrying this flag now (`Flag::as_str`).
    pub flag: String,
    pub sort: String,
    pub at: PageAt,
}

/// Which page of one of the desk's long lists to show, as its address says:
/// its number (from 0) and, from the pager's links, the case it comes after
/// (Next) or before (Previous), so that the server reads on from that case
/// rather than counting rows to the page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageAt {
    pub page: i64,
    pub after: String,
    pub before: String,
}

impl PageAt {
    /// The address's part for this page (`page=2&after=NRM-2026-000123`);
    /// empty for the first.
    pub fn query(&self) -> String {
        if self.page <= 0 {
            return String::new();
        }
        let mut query = format!("page={}", self.page);
        for (name, value) in [("after", &self.after), ("before", &self.before)] {
            if !value.is_empty() {
                query.push_str(&format!("&{name}={}", crate::routes::encode(value)));
            }
        }
        query
    }

    /// The next page, going on after the last case shown.
    pub fn next(&self, last: &str) -> PageAt {
        PageAt {
            page: self.page + 1,
            after: last.to_owned(),
            before: String::new(),
        }
    }

    /// The page before, coming back from the first case shown (the first
    /// page is simply the first).
    pub fn previous(&self, first: &str) -> PageAt {
        let page = (self.page - 1).max(0);
        PageAt {
            page,
            after: String::new(),
            before: if page == 0 {
                String::new()
            } else {
                first.to_owned()
            },
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRow {
    pub reference: String,
    pub received: String,
    /// The open task and its clock (every case in the queue has one).
    pub clock: TaskClock,
    pub status: String,
    pub adult_or_child: String,
    pub nationality: String,
    pub organisation: String,
    pub assignee: String,
}

/// An open task and its clock, as a list or a case shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskClock {
    /// What is to be done (`TaskKind::label`).
    pub task: String,
    pub due: String,
    pub urgency: crate::casework::tasks::Urgency,
    /// The task cannot be done before this day (a conclusive grounds decision
    /// in the recovery period), if it is still to come.
    pub not_before: Option<String>,
}

/// One task in My work or Available work.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskRow {
    pub reference: String,
    pub clock: TaskClock,
    /// Why it comes first (`Priority::reasons`).
    pub priority: Vec<String>,
    pub status: String,
    pub adult_or_child: String,
}

/// My work (the tasks this member of staff holds) or Available work (the
/// tasks nobody holds that their role may take).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkView {
    pub mine: bool,
    pub rows: Vec<TaskRow>,
    pub total: i64,
    /// The total is a lower bound: counting stopped there.
    pub more_than: bool,
    /// The page shown.
    pub at: PageAt,
    pub pages: i64,
}

/// A choice in one of the queue's filters, with how many open cases it holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterOption {
    pub value: String,
    pub label: String,
    pub count: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueView {
    pub rows: Vec<QueueRow>,
    pub total: i64,
    /// The total is a lower bound: counting stopped there.
    pub more_than: bool,
    pub page: i64,
    pub pages: i64,
    pub query: QueueQuery,
    pub statuses: Vec<FilterOption>,
    pub ages: Vec<FilterOption>,
    /// Everyone who can hold cases (for the assignee filter).
    pub caseworkers: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub title: String,
    pub when: String,
    pub who: String,
    pub reasons: String,
}

/// An event the signed-in caseworker may send now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseAction {
    pub event: String,
    pub label: String,
    pub needs_reasons: bool,
}

/// An evidence file on a case, downloaded by its link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentLink {
    pub href: String,
    pub name: String,
    pub size: String,
    pub category: crate::casework::documents::DocumentCategory,
    /// Who added it (the referrer, or a caseworker), by email address.
    pub added_by: String,
    /// When, as shown.
    pub added: String,
}

/// A decision letter written for a case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterEntry {
    pub when: String,
    pub to: String,
    /// "Email" or "Post".
    pub route: String,
    /// The email address, or the postal address's lines.
    pub address: Vec<String>,
    pub subject: String,
}

/// Another referral that may be about the same person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateCandidate {
    pub reference: String,
    pub name: String,
    pub date_of_birth: String,
    pub nationality: String,
    pub organisation: String,
    pub why: String,
}

/// A case's open task, as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseTask {
    pub clock: TaskClock,
    /// The viewer may take it (nobody holds it, or a senior takes it over).
    pub can_claim: bool,
    /// The viewer may put it back in Available work.
    pub can_release: bool,
}

/// One tab of a case as its page gets it: what is above every tab (the
/// identity bar, who else is here) and what that tab shows. A tab loads only
/// its own records, so opening the Summary does not read the referral's
/// answers, the letters or the duplicate candidates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseView {
    pub reference: String,
    /// The case's version, which every form but a hand-over's sends back.
    pub version: i64,
    /// The other staff who opened the case in the last few minutes, as shown
    /// ("jo@… (caseworker), at 10:32").
    pub others_here: Vec<String>,
    /// The potential victim's name (empty: not given, or removed).
    pub name: String,
    pub adult_or_child: String,
    pub nationality: String,
    pub status: String,
    /// The flags the case carries now, oldest first.
    pub flags: Vec<FlagEntry>,
    pub task: Option<CaseTask>,
    /// When the retention schedule removed the case's personal details.
    pub redacted_on: Option<String>,
    pub tab: CaseTabView,
}

/// What one tab of a case shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CaseTabView {
    Summary(Box<SummaryTab>),
    /// The referral's answers, section by section.
    Referral(Vec<SummarySection>),
    /// Events, internal notes, letters, flags and links, newest first.
    Timeline(Vec<TimelineEntry>),
    Documents(DocumentsTab),
    Letters(Vec<LetterEntry>),
    LinkedCases(LinksTab),
    Access(Box<AccessTab>),
}

impl CaseTabView {
    /// The tab this is the view of.
    pub fn tab(&self) -> crate::routes::CaseTab {
        use crate::routes::CaseTab;
        match self {
            CaseTabView::Summary(_) => CaseTab::Summary,
            CaseTabView::Referral(_) => CaseTab::Referral,
            CaseTabView::Timeline(_) => CaseTab::Timeline,
            CaseTabView::Documents(_) => CaseTab::Documents,
            CaseTabView::Letters(_) => CaseTab::Letters,
            CaseTabView::LinkedCases(_) => CaseTab::LinkedCases,
            CaseTabView::Access(_) => CaseTab::Access,
        }
    }
}

/// The Summary tab: the case's dates, flags, task and next steps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryTab {
    pub received: String,
    pub rg_due: String,
    pub overdue: bool,
    /// Who holds the case's task (empty: nobody).
    pub assignee: String,
    /// The viewer may add and remove flags.
    pub can_flag: bool,
    /// The days a request for information may be followed up by: (ISO date,
    /// as shown, whether it is the policy's default).
    pub follow_up: Vec<(String, String, bool)>,
    /// Whom a senior caseworker may give the task to (empty for others).
    pub caseworkers: Vec<String>,
    pub actions: Vec<CaseAction>,
}

/// The Documents tab.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentsTab {
    pub documents: Vec<DocumentLink>,
    /// The viewer may add a document to the case.
    pub can_add: bool,
}

/// The Linked cases tab: links, and referrals that may be the same person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinksTab {
    /// The cases this one is linked to now, oldest link first.
    pub links: Vec<LinkEntry>,
    /// The viewer may link the case to others and remove links.
    pub can_manage: bool,
    pub duplicates: Vec<DuplicateCandidate>,
    /// The case can be linked as a duplicate now.
    pub can_link: bool,
}

/// The Access tab: the restriction, requests to open the case, the
/// referrer's shares and who has opened it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessTab {
    /// The case's restriction, if it has one.
    pub restriction: Option<RestrictionView>,
    /// Requests to open the case (senior caseworkers see them).
    pub requests: Vec<AccessRequestEntry>,
    /// The viewer may restrict the case, lift it, and decide requests.
    pub can_restrict: bool,
    /// Whom a senior may name on a restriction (empty for others).
    pub caseworkers: Vec<String>,
    /// Who the referrer shared the referral with, and when (withdrawn ones too).
    pub shares: Vec<ShareEntry>,
    /// Who has opened the case (from the audit log), the latest first.
    pub viewed_by: Vec<ViewerEntry>,
}

/// A case as its page gets it: whole, or, restricted and not open to the
/// viewer, only that it exists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CaseLoad {
    Open(Box<CaseView>),
    Restricted(RestrictedCase),
}

/// A restricted case someone may not open: its reference and where their
/// request for access stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestrictedCase {
    pub reference: String,
    /// "You asked on …; a senior caseworker will decide", or the refusal.
    pub asked: Option<String>,
    /// The viewer may ask now (no request of theirs is waiting).
    pub can_ask: bool,
}

/// A case's restriction, on its Access tab.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestrictionView {
    /// "Restricted by … on 3 March 2026".
    pub by: String,
    pub reason: String,
    /// Who may open it, each with who let them and when.
    pub named: Vec<String>,
}

/// A request to open a restricted case, on its Access tab.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessRequestEntry {
    pub id: String,
    /// "jo@… asked on 3 March 2026 at 9:05am".
    pub asked: String,
    pub reason: String,
    /// "Granted by … on …", or None while it waits.
    pub decided: Option<String>,
}

/// A link to another case, as the case's page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkEntry {
    /// The link's id, which its remove form sends.
    pub id: String,
    pub kind: crate::casework::links::LinkKind,
    /// The other case's reference.
    pub other: String,
    pub reasons: String,
    /// "Linked by …, 4 March 2026".
    pub added: String,
}

/// A flag a case carries, as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlagEntry {
    /// The flag's id, which its remove button sends.
    pub id: String,
    pub kind: crate::casework::flags::Flag,
    /// The flag with its text ("Interpreter needed: Tigrinya").
    pub shown: String,
    /// "From the referral, 3 March 2026" or "Added by …, 4 March 2026".
    pub added: String,
}

/// A referral shared by its referrer with a colleague, as the SCA sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareEntry {
    pub with: String,
    pub by: String,
    pub since: String,
    /// When the share was withdrawn, if it was.
    pub until: Option<String>,
}

/// One table of the statistics page, with its chart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatTable {
    /// Names the table's CSV download: `/casework/statistics/<id>.csv`.
    pub id: String,
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// A bar chart of the table as SVG markup drawn by the server.
    pub chart: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatisticsView {
    /// When the figures were counted.
    pub counted: String,
    pub tables: Vec<StatTable>,
}

/// A Duty to Notify report in the register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DtnRow {
    pub reference: String,
    pub received: String,
    pub nation: String,
    pub organisation: String,
    pub exploitation: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DtnView {
    pub rows: Vec<DtnRow>,
    pub total: i64,
    pub more_than: bool,
    pub page: i64,
    pub pages: i64,
    pub search: String,
}

/// A staff account as administrators see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffAccountRow {
    pub email: String,
    pub name: String,
    pub role: String,
    pub active: bool,
    /// Where the disable (or enable) button posts.
    pub action_href: String,
    /// The second factor's standing, in words ("Set up on …", "Reset by … on …").
    pub second_factor: String,
    /// Where an administrator resets it (only once it is set up).
    pub reset_href: Option<String>,
}

/// One of the signed-in person's sessions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionEntry {
    /// What the end-session form sends back to name it.
    pub handle: String,
    pub started: String,
    pub last_used: String,
    pub browser: String,
    /// The session this page was asked for in.
    pub this_one: bool,
}

/// Someone who opened a case: when last, and how often.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewerEntry {
    pub who: String,
    pub role: String,
    pub last: String,
    pub times: i64,
}

/// One row of the audit log as administrators read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub seq: i64,
    pub at: String,
    pub who: String,
    pub role: String,
    /// What was done, as a sentence.
    pub what: String,
    /// What it was done to (`case:<reference>`, `person:<email>`, `file:<id>`).
    pub target: String,
    pub detail: String,
    /// The client's address and the request's id.
    pub client: String,
    pub request_id: String,
}

/// The last walk of the audit log's hash chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditCheck {
    pub at: String,
    pub rows: i64,
    /// The first row that did not hold.
    pub broken_at: Option<i64>,
}

/// The audit log page: the newest rows for the filter, and the last check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditView {
    pub rows: Vec<AuditRow>,
    pub check: Option<AuditCheck>,
}

/// An email the service gave up sending, as administrators see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedMailRow {
    pub recipient: String,
    pub subject: String,
    /// When it was queued.
    pub queued: String,
    pub attempts: i64,
    /// What the mail server last said.
    pub last_error: String,
    /// Where its retry button posts.
    pub retry_href: String,
}

/// A first responder's account as administrators see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponderRow {
    pub email: String,
    pub organisation: String,
    pub barred: bool,
    /// Where the bar (or lift) button posts.
    pub action_href: String,
}

/// One member of staff's open cases, for the team's workload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkloadRow {
    pub email: String,
    pub open: i64,
    pub overdue: i64,
    pub href: String,
}

/// A referral sent by the responder's organisation, as they see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentCase {
    pub reference: String,
    pub received: String,
    pub status: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentCaseView {
    pub reference: String,
    pub received: String,
    pub status: String,
    /// Requests for information, answers and decisions, oldest first.
    pub thread: Vec<TimelineEntry>,
    /// The SCA is waiting for this organisation's answer.
    pub can_answer: bool,
    /// The viewer sent it, so may share it (a colleague it is shared with may not).
    pub can_share: bool,
    /// The colleagues it is shared with now.
    pub shared_with: Vec<String>,
}

#[server(endpoint = "sent-cases")]
pub async fn list_sent_cases() -> Result<Vec<SentCase>, ServerFnError> {
    let (backend, parts) = backend::here()?;
    backend.sent_cases(&parts).await
}

#[server(endpoint = "sent-case")]
pub async fn find_sent_case(reference: String) -> Result<Option<SentCaseView>, ServerFnError> {
    let (backend, parts) = backend::here()?;
    backend.sent_case(&parts, &reference).await
}

#[server(endpoint = "casework-queue")]
pub async fn casework_queue(query: QueueQuery) -> Result<QueueView, ServerFnError> {
    let (backend, parts) = backend::here()?;
    backend.queue(&parts, query).await
}

/// My work (`mine`) or Available work: for caseworkers.
#[server(endpoint = "casework-work")]
pub async fn casework_work(mine: bool, at: PageAt) -> Result<WorkView, ServerFnError> {
    let (backend, parts) = backend::here()?;
    backend.work(&parts, mine, at).await
}

/// Find a person across every case: for caseworkers.
#[server(endpoint = "casework-person-search")]
pub async fn casework_person_search(
    query: crate::casework::person_search::PersonQuery,
) -> Result<crate::casework::person_search::PersonSearchView, ServerFnError> {
    let (backend, parts) = backend::here()?;
    backend.person_search(&parts, query).await
}

#[server(endpoint = "casework-case")]
pub async fn casework_case(
    reference: String,
    tab: String,
) -> Result<Option<CaseLoad>, ServerFnError> {
    let (backend, parts) = backend::here()?;
    backend.case(&parts, &reference, &tab).await
}

/// The statistics: for staff.
#[server(endpoint = "casework-statistics")]
pub async fn casework_statistics() -> Result<StatisticsView, ServerFnError> {
    let (backend, parts) = backend::here()?;
    backend.statistics(&parts).await
}

/// The Duty to Notify register: for staff.
#[server(endpoint = "casework-dtn")]
pub async fn casework_dtn(search: String, page: i64) -> Result<DtnView, ServerFnError> {
    let (backend, parts) = backend::here()?;
    backend.dtn(&parts, &search, page).await
}

/// Staff accounts: administrators only.
#[server(endpoint = "staff-accounts")]
pub async fn staff_accounts() -> Result<Vec<StaffAccountRow>, ServerFnError> {
    let (backend, parts) = backend::here()?;
    backend.staff_accounts(&parts).await
}

/// First responders whose address holds `search` (at most 50): administrators only.
#[server(endpoint = "responder-accounts")]
pub async fn responder_accounts(search: String) -> Result<Vec<ResponderRow>, ServerFnError> {
    let (backend, parts) = backend::here()?;
    backend.responder_accounts(&parts, &search).await
}

/// The audit log's newest rows about a case (`case`, a reference) or by or
/// about a person (`person`, an email address): administrators only.
#[server(endpoint = "audit-log")]
pub async fn audit_log(case: String, person: String) -> Result<AuditView, ServerFnError> {
    let (backend, parts) = backend::here()?;
    backend.audit_log(&parts, &case, &person).await
}

/// Email past its last attempt, the oldest first (at most 200): administrators only.
#[server(endpoint = "failed-mail")]
pub async fn failed_mail() -> Result<Vec<FailedMailRow>, ServerFnError> {
    let (backend, parts) = backend::here()?;
    backend.failed_mail(&parts).await
}

/// Where a member of staff stands after their password: set up a second
/// factor, or enter a code (the second-factor pages only).
#[server(endpoint = "second-factor")]
pub async fn second_factor() -> Result<crate::second_factor::SecondFactorLoad, ServerFnError> {
    let (backend, parts) = backend::here()?;
    backend.second_factor(&parts).await
}

/// The signed-in person's sessions, this one first.
#[server(endpoint = "my-sessions")]
pub async fn my_sessions() -> Result<Vec<SessionEntry>, ServerFnError> {
    let (backend, parts) = backend::here()?;
    backend.sessions(&parts).await
}

/// The team's workload: senior caseworkers only.
#[server(endpoint = "casework-team")]
pub async fn casework_team() -> Result<Vec<WorkloadRow>, ServerFnError> {
    let (backend, parts) = backend::here()?;
    backend.team(&parts).await
}

#[server(endpoint = "load-step")]
pub async fn load_step(slug: String, changing: bool) -> Result<StepLoad, ServerFnError> {
    let (backend, parts) = backend::here()?;
    backend.load_step(&parts, &slug, changing).await
}

#[server(endpoint = "save-step", input = Json)]
pub async fn save_step(
    slug: String,
    changing: bool,
    values: FormValues,
) -> Result<SaveOutcome, ServerFnError> {
    let (backend, parts) = backend::here()?;
    backend.save_step(&parts, &slug, changing, values).await
}

#[server(endpoint = "reports")]
pub async fn reports() -> Result<ReportsView, ServerFnError> {
    let (backend, parts) = backend::here()?;
    backend.reports(&parts).await
}

#[server(endpoint = "check-answers")]
pub async fn check_answers() -> Result<CheckAnswersLoad, ServerFnError> {
    let (backend, parts) = backend::here()?;
    backend.check_answers(&parts).await
}

/// The phone's copy of the current draft, and the key to keep it under.
#[server(endpoint = "start-offline")]
pub async fn start_offline() -> Result<Option<OfflineStart>, ServerFnError> {
    let (backend, parts) = backend::here()?;
    backend.offline_start(&parts).await
}

/// Saves the steps a phone kept without a signal, oldest first; the newer
/// answer wins where a step was changed elsewhere meanwhile. Returns how many
/// answers went into the draft's history.
#[server(endpoint = "sync-steps", input = Json)]
pub async fn sync_steps(saves: Vec<PendingSave>) -> Result<usize, ServerFnError> {
    let (backend, parts) = backend::here()?;
    backend.sync_steps(&parts, saves).await
}

#[server(endpoint = "find-submitted")]
pub async fn find_submitted(reference: String) -> Result<Option<Submitted>, ServerFnError> {
    let (backend, parts) = backend::here()?;
    backend.submitted(&parts, &reference).await
}

#[cfg(feature = "ssr")]
pub mod backend {
    //! What the server crate implements for the server functions.

    use super::*;
    use std::{future::Future, pin::Pin, sync::Arc};

    pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;
    pub type Reply<'a, T> = BoxFuture<'a, Result<T, ServerFnError>>;
    pub type Parts = http::request::Parts;

    pub trait Backend: Send + Sync + 'static {
        fn load_step<'a>(
            &'a self,
            request: &'a Parts,
            slug: &'a str,
            changing: bool,
        ) -> Reply<'a, StepLoad>;
        fn save_step<'a>(
            &'a self,
            request: &'a Parts,
            slug: &'a str,
            changing: bool,
            values: FormValues,
        ) -> Reply<'a, SaveOutcome>;
        fn reports<'a>(&'a self, request: &'a Parts) -> Reply<'a, ReportsView>;
        fn check_answers<'a>(&'a self, request: &'a Parts) -> Reply<'a, CheckAnswersLoad>;
        fn offline_start<'a>(&'a self, request: &'a Parts) -> Reply<'a, Option<OfflineStart>>;
        fn sync_steps<'a>(
            &'a self,
            request: &'a Parts,
            saves: Vec<PendingSave>,
        ) -> Reply<'a, usize>;
        fn submitted<'a>(
            &'a self,
            request: &'a Parts,
            reference: &'a str,
        ) -> Reply<'a, Option<Submitted>>;
        fn queue<'a>(&'a self, request: &'a Parts, query: QueueQuery) -> Reply<'a, QueueView>;
        fn work<'a>(&'a self, request: &'a Parts, mine: bool, at: PageAt) -> Reply<'a, WorkView>;
        fn person_search<'a>(
            &'a self,
            request: &'a Parts,
            query: crate::casework::person_search::PersonQuery,
        ) -> Reply<'a, crate::casework::person_search::PersonSearchView>;
        fn sent_cases<'a>(&'a self, request: &'a Parts) -> Reply<'a, Vec<SentCase>>;
        fn sent_case<'a>(
            &'a self,
            request: &'a Parts,
            reference: &'a str,
        ) -> Reply<'a, Option<SentCaseView>>;
        /// One tab of a case (`tab` as in its address; an unknown one is no case).
        fn case<'a>(
            &'a self,
            request: &'a Parts,
            reference: &'a str,
            tab: &'a str,
        ) -> Reply<'a, Option<CaseLoad>>;
        fn team<'a>(&'a self, request: &'a Parts) -> Reply<'a, Vec<WorkloadRow>>;
        fn statistics<'a>(&'a self, request: &'a Parts) -> Reply<'a, StatisticsView>;
        fn dtn<'a>(&'a self, request: &'a Parts, search: &'a str, page: i64) -> Reply<'a, DtnView>;
        fn staff_accounts<'a>(&'a self, request: &'a Parts) -> Reply<'a, Vec<StaffAccountRow>>;
        fn responder_accounts<'a>(
            &'a self,
            request: &'a Parts,
            search: &'a str,
        ) -> Reply<'a, Vec<ResponderRow>>;
        fn second_factor<'a>(
            &'a self,
            request: &'a Parts,
        ) -> Reply<'a, crate::second_factor::SecondFactorLoad>;
        fn sessions<'a>(&'a self, request: &'a Parts) -> Reply<'a, Vec<SessionEntry>>;
        fn audit_log<'a>(
            &'a self,
            request: &'a Parts,
            case: &'a str,
            person: &'a str,
        ) -> Reply<'a, AuditView>;
        fn failed_mail<'a>(&'a self, request: &'a Parts) -> Reply<'a, Vec<FailedMailRow>>;
    }

    /// The backend, as the server provides it in every page's and server function's context.
    #[derive(Clone)]
    pub struct SharedBackend(pub Arc<dyn Backend>);

    /// The backend and the current request.
    pub fn here() -> Result<(SharedBackend, Parts), ServerFnError> {
        let backend = use_context::<SharedBackend>()
            .ok_or_else(|| ServerFnError::new("no backend in context"))?;
        let parts =
            use_context::<Parts>().ok_or_else(|| ServerFnError::new("no request in context"))?;
        Ok((backend, parts))
    }

    impl std::ops::Deref for SharedBackend {
        type Target = dyn Backend;
        fn deref(&self) -> &Self::Target {
            &*self.0
        }
    }
}
