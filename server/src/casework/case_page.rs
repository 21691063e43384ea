//! One tab of a case for its page: what is above every tab (the identity
//! bar, who else is here) and what that tab shows, read from only the
//! records that tab needs.

use app::api::{
    AccessRequestEntry, AccessTab, CaseAction, CaseLoad, CaseTabView, CaseTask, CaseView,
    DocumentLink, DocumentsTab, DuplicateCandidate, FlagEntry, LetterEntry, LinkEntry, LinksTab,
    RestrictedCase, RestrictionView, ShareEntry, SummaryTab, TimelineEntry,
};
use app::audit::AuditAction;
use app::casework::case_forms::HERE_RECENTLY_SECONDS;
use app::casework::documents::DocumentCategory;
use app::casework::duplicates::{name_key, Person};
use app::casework::lifecycle::{available, transition, Event, Role};
use app::casework::permissions::Action;
use app::casework::referral::ReferralKind;
use app::casework::tasks::{may_hand, Clock, Handover, TaskKind};
use app::dates::{long_date, long_date_time, parse_iso, time_of_day, ymd_from_unix};
use app::journey::progress::Progress;
use app::journey::summary::{sections, SummarySection};
use app::routes::{self, CaseTab};

use crate::casework::cases;
use crate::casework::desk::{iso, task_clock, today};
use crate::casework::flags::FlagRecord;
use crate::casework::{audit_views, records, restriction};
use crate::identity::access::Staff;
use crate::identity::accounts;
use crate::platform::audit::{self, Entry, Origin, Target};
use crate::platform::clock::now_seconds;
use crate::platform::db::DbError;
use crate::web::context::AppState;

/// The case `reference` as `tab` shows it to `staff`, or only that it exists
/// if it is restricted and closed to them. Opening it is recorded.
pub async fn case(
    state: &AppState,
    staff: &Staff,
    origin: &Origin,
    reference: &str,
    tab: CaseTab,
) -> Result<Option<CaseLoad>, DbError> {
    let Some(case) = cases::find(&state.db, reference).await? else {
        return Ok(None);
    };
    if !restriction::may_open_case(&state.db, staff, &case).await? {
        return Ok(Some(CaseLoad::Restricted(
            restricted_case(state, staff, &case).await?,
        )));
    }
    let now = now_seconds();
    audit::record_alone(
        &state.db,
        &Entry {
            actor: &audit::Actor::new(&staff.email, staff.role.as_str()),
            action: AuditAction::CaseViewed,
            target: Target::Case(&case.row.reference),
            // Which tab was read (the Summary's is empty): whoever read the
            // referral's answers, or its documents, is on record as having done so.
            detail: tab.as_str(),
            origin,
            at: now,
        },
    )
    .await?;
    let viewers = audit::viewers(&state.db, Target::Case(&case.row.reference)).await?;
    let flags = crate::casework::flags::of_case(&state.db, &case.id).await?;
    let others_here = viewers
        .iter()
        .filter(|v| v.actor != staff.email && v.last > now - HERE_RECENTLY_SECONDS)
        .map(|v| {
            let role = audit_views::role_named(&v.role)?;
            Ok(format!("{} ({role}), at {}", v.actor, time_of_day(v.last)))
        })
        .collect::<Result<_, DbError>>()?;
    let open = case.redacted_at.is_none();
    let tab = match tab {
        CaseTab::Summary => CaseTabView::Summary(Box::new(summary(state, staff, &case).await?)),
        CaseTab::Referral => CaseTabView::Referral(referral(state, &case).await?),
        CaseTab::Timeline => CaseTabView::Timeline(timeline(state, &case, &flags).await?),
        CaseTab::Documents => CaseTabView::Documents(DocumentsTab {
            documents: documents(state, &case).await?,
            can_add: staff.may(Action::AddDocument) && open,
        }),
        CaseTab::Letters => CaseTabView::Letters(
            records::letters(&state.db, &case.id)
                .await?
                .into_iter()
                .map(|l| LetterEntry {
                    when: long_date(ymd_from_unix(l.at)),
                    to: l.recipient,
                    route: if l.route == "post" { "Post" } else { "Email" }.to_owned(),
                    address: l.address.lines().map(str::to_owned).collect(),
                    subject: l.subject,
                })
                .collect(),
        ),
        CaseTab::LinkedCases => CaseTabView::LinkedCases(linked(state, staff, &case).await?),
        CaseTab::Access => {
            let mut access = access(state, staff, &case).await?;
            access.viewed_by = viewers
                .iter()
                .map(audit_views::viewer_entry)
                .collect::<Result<_, _>>()?;
            CaseTabView::Access(Box::new(access))
        }
    };
    Ok(Some(CaseLoad::Open(Box::new(CaseView {
        reference: case.row.reference.clone(),
        version: case.version,
        others_here,
        name: case.pv_name.clone(),
        adult_or_child: case.row.adult_or_child.clone(),
        nationality: case.row.nationality.clone(),
        status: case.row.state.label().to_owned(),
        flags: flags
            .into_iter()
            .filter(|f| f.removed_at.is_none())
            .map(flag_entry)
            .collect(),
        task: case_task(&case, staff),
        redacted_on: case.redacted_at.map(|at| long_date(ymd_from_unix(at))),
        tab,
    }))))
}

fn flag_entry(f: FlagRecord) -> FlagEntry {
    let on = long_date(ymd_from_unix(f.added_at));
    FlagEntry {
        shown: f.kind.shown(&f.detail),
        added: match &f.added_by {
            Some(by) => format!("Added by {by}, {on}"),
            None => format!("From the referral, {on}"),
        },
        id: f.id,
        kind: f.kind,
    }
}

/// The Summary tab: dates, the task and who may hand it, the next steps.
async fn summary(
    state: &AppState,
    staff: &Staff,
    case: &cases::CaseRecord,
) -> Result<SummaryTab, DbError> {
    let today = today();
    Ok(SummaryTab {
        received: long_date(ymd_from_unix(case.row.received_at)),
        // The statutory RG date (the RG task's clock, and what the
        // timeliness statistics measure against).
        overdue: case.row.state.awaits_rg_decision() && case.row.rg_due_on < today,
        rg_due: parse_iso(&case.row.rg_due_on)
            .map(long_date)
            .unwrap_or_default(),
        assignee: case.row.assignee.clone().unwrap_or_default(),
        can_flag: staff.may(Action::ManageFlags) && case.redacted_at.is_none(),
        follow_up: follow_up_offer(case),
        caseworkers: caseworkers(state, staff).await?,
        actions: buttons(case, staff.role),
    })
}

/// Whom a senior may hand a task to or name on a restriction (nobody for
/// those who may not).
async fn caseworkers(state: &AppState, staff: &Staff) -> Result<Vec<String>, DbError> {
    if !staff.may(Action::Reassign) {
        return Ok(Vec::new());
    }
    accounts::case_holder_emails(&state.db).await
}

/// The Referral tab: the answers as sent, without change links.
async fn referral(
    state: &AppState,
    case: &cases::CaseRecord,
) -> Result<Vec<SummarySection>, DbError> {
    // A case whose details the retention schedule removed has no answers.
    if case.redacted_at.is_some() {
        return Ok(Vec::new());
    }
    let mut progress = Progress {
        answers: case.answers(&state.db).await?.clone(),
        completed: Vec::new(),
    };
    // Every step the answers reach was done before sending.
    while progress.resume_at() != app::journey::route::CONFIRM {
        let slug = progress.resume_at();
        progress.completed.push(slug.to_owned());
    }
    // The answers name the files the referrer sent with the referral.
    let names: Vec<String> = crate::evidence::list_for_referral(&state.db, &case.id)
        .await?
        .into_iter()
        .filter(|d| d.file.category == DocumentCategory::FromReferrer)
        .map(|d| d.file.file_name)
        .collect();
    let mut sections = sections(&progress, &case.referrer_email, &names);
    for section in &mut sections {
        for row in &mut section.rows {
            row.change = None;
        }
    }
    Ok(sections)
}

/// The Documents tab's files, each with who added it and when.
async fn documents(
    state: &AppState,
    case: &cases::CaseRecord,
) -> Result<Vec<DocumentLink>, DbError> {
    Ok(crate::evidence::list_for_referral(&state.db, &case.id)
        .await?
        .into_iter()
        .map(|d| DocumentLink {
            href: format!("{}/{}", routes::EVIDENCE, d.file.id),
            size: crate::evidence::human_size(d.file.size_bytes),
            name: d.file.file_name,
            category: d.file.category,
            added_by: d.added_by,
            added: long_date(ymd_from_unix(d.added_at)),
        })
        .collect())
}

fn entry(title: String, at: i64, who: &str, reasons: &str) -> TimelineEntry {
    TimelineEntry {
        title,
        when: long_date(ymd_from_unix(at)),
        who: who.to_owned(),
        reasons: reasons.to_owned(),
    }
}

/// The Timeline tab: events, notes, letters, flags and links, newest first.
async fn timeline(
    state: &AppState,
    case: &cases::CaseRecord,
    flags: &[FlagRecord],
) -> Result<Vec<TimelineEntry>, DbError> {
    let notes = records::notes(&state.db, &case.id).await?;
    let letters = records::letters(&state.db, &case.id).await?;
    let links = crate::casework::links::of_case(&state.db, &case.id).await?;
    let mut timeline: Vec<(i64, TimelineEntry)> = case
        .events(&state.db)
        .await?
        .iter()
        .map(|e| {
            let title = e.event.label().to_owned();
            (e.at, entry(title, e.at, &e.actor_email, &e.reasons))
        })
        .collect();
    timeline.extend(notes.iter().map(|n| {
        (
            n.at,
            entry("Internal note".into(), n.at, &n.author_email, &n.body),
        )
    }));
    timeline.extend(letters.iter().map(|l| {
        let title = format!("Letter to the {} by {}", l.recipient, l.route);
        (l.at, entry(title, l.at, "Sent by the service", &l.subject))
    }));
    for flag in flags {
        let shown = flag.kind.shown(&flag.detail);
        let by = flag
            .added_by
            .as_deref()
            .unwrap_or("From the referral's answers");
        let title = format!("Flag added: {shown}");
        timeline.push((flag.added_at, entry(title, flag.added_at, by, "")));
        if let (Some(at), Some(by)) = (flag.removed_at, &flag.removed_by) {
            timeline.push((at, entry(format!("Flag removed: {shown}"), at, by, "")));
        }
    }
    for link in &links {
        let what = format!("{}, {}", link.kind.label(), link.other);
        let title = format!("Linked: {what}");
        let added = entry(title, link.added_at, &link.added_by, &link.reasons);
        timeline.push((link.added_at, added));
        if let (Some(at), Some(by)) = (link.removed_at, &link.removed_by) {
            let why = link.removed_reasons.as_deref().unwrap_or_default();
            timeline.push((at, entry(format!("Link removed: {what}"), at, by, why)));
        }
    }
    timeline.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
    Ok(timeline.into_iter().map(|(_, e)| e).collect())
}

/// The Linked cases tab: the case's links and the referrals that may be the
/// same person.
async fn linked(
    state: &AppState,
    staff: &Staff,
    case: &cases::CaseRecord,
) -> Result<LinksTab, DbError> {
    let person = Person {
        name_key: name_key(&case.pv_name),
        dob: case.pv_dob.clone(),
        nationality: case.row.nationality.clone(),
    };
    let duplicates = cases::candidates(&state.db, &case.id, &person)
        .await?
        .into_iter()
        .map(|c| DuplicateCandidate {
            date_of_birth: parse_iso(&c.dob)
                .map(long_date)
                .unwrap_or_else(|| "Not known".into()),
            reference: c.reference,
            name: c.name,
            nationality: c.nationality,
            organisation: c.organisation,
            why: c.why.to_owned(),
        })
        .collect();
    let links = crate::casework::links::of_case(&state.db, &case.id)
        .await?
        .into_iter()
        .filter(|l| l.removed_at.is_none())
        .map(|l| LinkEntry {
            added: format!(
                "Linked by {}, {}",
                l.added_by,
                long_date(ymd_from_unix(l.added_at))
            ),
            id: l.id,
            kind: l.kind,
            other: l.other,
            reasons: l.reasons,
        })
        .collect();
    Ok(LinksTab {
        links,
        can_manage: staff.may(Action::ManageLinks) && case.redacted_at.is_none(),
        duplicates,
        can_link: events_for(case, staff.role).contains(&Event::LinkAsDuplicate),
    })
}

/// The Access tab but who has opened the case (the caller has that).
async fn access(
    state: &AppState,
    staff: &Staff,
    case: &cases::CaseRecord,
) -> Result<AccessTab, DbError> {
    let restriction = restriction::of_case(&state.db, case).await?;
    let requests = if staff.may(Action::RestrictCase) {
        restriction::requests(&state.db, &case.id).await?
    } else {
        Vec::new()
    };
    let shares = crate::casework::shares::of_referral(&state.db, &case.id)
        .await?
        .into_iter()
        .map(|share| ShareEntry {
            with: share.shared_with,
            by: share.shared_by,
            since: long_date(ymd_from_unix(share.shared_at)),
            until: share.withdrawn_at.map(|at| long_date(ymd_from_unix(at))),
        })
        .collect();
    Ok(AccessTab {
        restriction: restriction.map(|r| RestrictionView {
            by: format!(
                "Restricted by {} on {}",
                r.by,
                long_date(ymd_from_unix(r.at))
            ),
            reason: r.reason,
            named: r
                .named
                .into_iter()
                .map(|(email, by, at)| {
                    format!(
                        "{email}, let in by {by} on {}",
                        long_date(ymd_from_unix(at))
                    )
                })
                .collect(),
        }),
        requests: requests
            .into_iter()
            .map(|request| {
                let decided = match (request.decision()?, &request.decided_by, request.decided_at) {
                    (Some(decision), Some(by), Some(at)) => Some(format!(
                        "{} by {by} on {}",
                        decision.label(),
                        long_date_time(at)
                    )),
                    _ => None,
                };
                Ok(AccessRequestEntry {
                    asked: format!(
                        "{} asked on {}",
                        request.email,
                        long_date_time(request.asked_at)
                    ),
                    id: request.id,
                    reason: request.reason,
                    decided,
                })
            })
            .collect::<Result<_, DbError>>()?,
        can_restrict: staff.may(Action::RestrictCase) && case.redacted_at.is_none(),
        caseworkers: caseworkers(state, staff).await?,
        shares,
        viewed_by: Vec::new(),
    })
}

/// What someone who may not open a restricted case sees of it: that it
/// exists, and where their request for access stands.
async fn restricted_case(
    state: &AppState,
    staff: &Staff,
    case: &cases::CaseRecord,
) -> Result<RestrictedCase, DbError> {
    let mine: Vec<restriction::AccessRequest> = restriction::requests(&state.db, &case.id)
        .await?
        .into_iter()
        .filter(|r| r.email == staff.email)
        .collect();
    // A request that waits, else the newest.
    let latest = mine.iter().find(|r| r.decision.is_none()).or(mine.last());
    let asked = match latest {
        None => None,
        Some(request) => Some(match (request.decision()?, request.decided_at) {
            (Some(decision), Some(at)) => format!(
                "Your request of {} was {} on {}.",
                long_date(ymd_from_unix(request.asked_at)),
                decision.label().to_ascii_lowercase(),
                long_date(ymd_from_unix(at))
            ),
            _ => format!(
                "You asked on {}. A senior caseworker will decide.",
                long_date(ymd_from_unix(request.asked_at))
            ),
        }),
    };
    Ok(RestrictedCase {
        reference: case.row.reference.clone(),
        asked,
        can_ask: staff.may(Action::AskForAccess) && latest.is_none_or(|r| r.decision.is_some()),
    })
}

/// The events the role may send to the case now. Duty to Notify reports are
/// a register: nothing happens to them.
pub(crate) fn events_for(case: &cases::CaseRecord, role: Role) -> Vec<Event> {
    if case.row.kind == ReferralKind::Nrm {
        available(&case.facts, role)
    } else {
        Vec::new()
    }
}

/// The case page's event buttons, in order (linking a duplicate has its own).
pub(crate) fn buttons(case: &cases::CaseRecord, role: Role) -> Vec<CaseAction> {
    events_for(case, role)
        .into_iter()
        .filter(|e| *e != Event::LinkAsDuplicate)
        .map(|event| CaseAction {
            event: event.as_str().to_owned(),
            label: event.label().to_owned(),
            needs_reasons: transition(case.facts.state, event).is_some_and(|t| t.needs_reasons),
        })
        .collect()
}
/// The case's task as its page shows it to `staff`.
fn case_task(case: &cases::CaseRecord, staff: &Staff) -> Option<CaseTask> {
    let task = case.task?;
    let today = ymd_from_unix(now_seconds());
    let holder = case.row.assignee.as_deref();
    let proposer = case.facts.negative_proposed_by.as_deref();
    let actor = staff.actor();
    let allowed = |handover| may_hand(task.kind, holder, proposer, &actor, handover).is_ok();
    Some(CaseTask {
        clock: task_clock(&task, case.nation.calendar(), today),
        can_claim: holder != Some(staff.email.as_str()) && allowed(Handover::Claim),
        can_release: holder.is_some() && allowed(Handover::Release),
    })
}

/// The follow-up days offered on the request-for-information form, the
/// policy's default chosen.
fn follow_up_offer(case: &cases::CaseRecord) -> Vec<(String, String, bool)> {
    let today = ymd_from_unix(now_seconds());
    let default = app::casework::tasks::due(
        TaskKind::InformationFollowUp,
        &Clock {
            received_on: case.facts.received_on,
            calendar: case.nation.calendar(),
            opened_on: today,
            recovery_started_on: None,
            follow_up_on: None,
        },
    )
    .due_on;
    follow_up_choices(case)
        .into_iter()
        .map(|day| (iso(day), long_date(day), day == default))
        .collect()
}

/// The follow-up days a request for information on `case` may choose today.
pub(crate) fn follow_up_choices(case: &cases::CaseRecord) -> Vec<app::dates::Ymd> {
    app::casework::tasks::follow_up_choices(
        ymd_from_unix(now_seconds()),
        case.facts.received_on,
        case.nation.calendar(),
    )
}
