//! Sending a report: one transaction turns the draft into a referral (or a
//! Duty to Notify report) with a human reference, moves its files, deletes
//! the draft and queues the confirmation email. A draft is sent once: a
//! second send finds the first and creates nothing.

use app::api::Submitted;
use app::audit::AuditAction;
use app::casework::lifecycle::State;
use app::casework::policy::Policy;
use app::casework::referral::ReferralKind;
use app::casework::tasks::{self, Priority};
use app::casework::{duplicates, statistics};
use app::dates::ymd_from_unix;
use app::journey::progress::Progress;
use app::journey::route::CONFIRM;
use app::session::SignedIn;

use crate::casework::cases::intake::{self, IntakeError, NewReferral};
use crate::evidence;
use crate::identity::access::Responder;
use crate::journey::drafts;
use crate::journey::payload;
use crate::journey::steps::{current_draft, progress_of};
use crate::platform::audit::{self, By, Origin, Target};
use crate::platform::clock::now_seconds;
use crate::platform::db::DbError;
use crate::platform::outbox;
use crate::web::context::AppState;
use app::journey::views::href;

/// Where the responder goes after pressing send.
pub enum Sent {
    /// The confirmation page of this reference.
    Reference(String),
    /// Not ready to send (or nothing to send): this page instead.
    GoTo(String),
}

pub async fn submit(state: &AppState, who: &Responder, origin: &Origin) -> Result<Sent, DbError> {
    let Some(draft) = current_draft(state, who).await? else {
        // Already sent (a second press, or a retry after a lost response)?
        if let Some(draft_id) = &who.session.current_draft {
            if let Some(reference) = reference_for_draft(state, &who.user.email, draft_id).await? {
                return Ok(Sent::Reference(reference));
            }
        }
        return Ok(Sent::GoTo(app::routes::REPORTS.to_owned()));
    };
    let progress = progress_of(Some(&draft));
    if progress.resume_at() != CONFIRM {
        return Ok(Sent::GoTo(href(progress.resume_at(), false)));
    }
    let now = now_seconds();
    let (year, _, _) = ymd_from_unix(now);
    let kind = ReferralKind::of(progress.is_duty_to_notify());
    let files = crate::evidence::list_for_draft(&state.db, &draft.id).await?;
    let payload = payload::build(&progress, &draft.id, &who.user, &files);

    let mut tx = state.db.pool().begin().await?;
    // The first statement writes, so that SQLite takes its write lock now
    // (waiting its busy timeout if need be) rather than failing later when a
    // transaction that has only read tries to write.
    let number = intake::next_number(&mut tx, kind, year).await?;
    if let Some(reference) = intake::reference_of_draft(&mut tx, &draft.id, &who.user.email).await?
    {
        // Already sent: the number taken above is given back with the rollback.
        return Ok(Sent::Reference(reference));
    }
    let referral = new_referral(
        &progress,
        kind.reference(year, number),
        &draft.id,
        &who.user,
        payload.to_string(),
        now,
    )?;
    match intake::receive(&mut tx, &referral).await {
        Ok(()) => {}
        Err(IntakeError::Refused(error)) => {
            // A send racing this one for the same draft won: show its reference.
            drop(tx);
            return match reference_for_draft(state, &who.user.email, &draft.id).await? {
                Some(reference) => Ok(Sent::Reference(reference)),
                None => Err(error.into()),
            };
        }
        Err(IntakeError::Db(error)) => return Err(error),
    }
    evidence::store::attach_to_referral(&mut tx, &draft.id, &referral.id).await?;
    drafts::delete_within(&mut tx, &who.user.email, &draft.id).await?;
    let reference = referral.reference;
    let received_on = ymd_from_unix(now);
    let (subject, body) =
        confirmation_email(kind, &reference, received_on, &state.config.public_url);
    outbox::enqueue(&mut tx, &who.user.email, &subject, &body, now).await?;
    let actor = who.audit_actor();
    let by = By {
        actor: &actor,
        origin,
    };
    // The draft's id links this to the draft's own records (started, files).
    let entry = by.entry(
        AuditAction::ReferralSent,
        Target::Case(&reference),
        &draft.id,
        now,
    );
    audit::record(&mut tx, &entry).await?;
    tx.commit().await?;
    state.mail_wake.notify_one();
    tracing::info!(kind = kind.as_str(), %reference, "report sent");
    Ok(Sent::Reference(reference))
}

async fn reference_for_draft(
    state: &AppState,
    email: &str,
    draft_id: &str,
) -> Result<Option<String>, DbError> {
    let mut conn = state.db.pool().acquire().await?;
    intake::reference_of_draft(&mut conn, draft_id, email).await
}

/// A sent report, for the responder who sent it (nobody else).
pub async fn find_for(
    state: &AppState,
    email: &str,
    reference: &str,
) -> Result<Option<Submitted>, DbError> {
    Ok(intake::kind_sent_by(&state.db, reference, email)
        .await?
        .map(|kind| Submitted {
            reference: reference.to_owned(),
            duty_to_notify: kind == ReferralKind::Dtn,
            email: email.to_owned(),
        }))
}

/// The referral a finished draft becomes.
fn new_referral(
    progress: &Progress,
    reference: String,
    draft_id: &str,
    referrer: &SignedIn,
    payload: String,
    now: i64,
) -> Result<NewReferral, DbError> {
    let kind = ReferralKind::of(progress.is_duty_to_notify());
    let nation = payload::nation(progress)?;
    let pv_name = payload::pv_name(progress);
    let domain = crate::casework::sent_cases::domain_of(&referrer.email).unwrap_or_default();
    Ok(NewReferral {
        id: uuid::Uuid::new_v4().to_string(),
        reference,
        kind,
        draft_id: draft_id.to_owned(),
        received_at: now,
        nation,
        adult_or_child: payload::adult_or_child(progress),
        adult_or_child_during_exploitation: payload::adult_or_child_during_exploitation(progress),
        referrer_email: referrer.email.clone(),
        referrer_organisation: referrer.organisation.clone(),
        answers: serde_json::to_string(&progress.answers)
            .map_err(|e| DbError::Corrupt(e.to_string()))?,
        payload,
        state: State::Submitted,
        nationality: payload::nationality(progress),
        pv_name_key: duplicates::name_key(&pv_name),
        pv_name,
        pv_dob: duplicates::dob_key(&progress.answers),
        pv_gender: payload::gender(progress).to_owned(),
        exploitation: statistics::exploitation_types(&progress.answers),
        organisation_type: statistics::organisation_type(&domain).to_owned(),
        referrer_domain: domain,
        priority: Priority::of(
            payload::adult_or_child(progress),
            tasks::still_exploited(&progress.answers),
        ),
        assignee: None,
    })
}

/// The confirmation email. It carries the reference and nothing about the person.
pub fn confirmation_email(
    kind: ReferralKind,
    reference: &str,
    received_on: app::dates::Ymd,
    public_url: &str,
) -> (String, String) {
    let (what, next) = match kind {
        ReferralKind::Nrm => (
            "referral to the National Referral Mechanism".to_owned(),
            format!(
                "The Single Competent Authority aims to decide within {} working days whether there are reasonable grounds to believe the person is a victim of modern slavery.",
                Policy::on(received_on).rg_target_working_days
            ),
        ),
        ReferralKind::Dtn => (
            ReferralKind::Dtn.label().to_owned(),
            "The Home Office uses Duty to Notify reports to understand modern slavery and shares them with law enforcement to help tackle it.".to_owned(),
        ),
    };
    let subject = format!("Your {what} has been sent: {reference}");
    let body = format!(
        "We have received your {what}.\n\nReference number: {reference}\n\nKeep this reference: you will need it if you contact us about this report.\n\n{next}\n\nYour reports: {public_url}{}\n",
        app::routes::REPORTS
    );
    (subject, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_confirmation_states_the_target_in_force_when_received() {
        let (subject, body) = confirmation_email(
            ReferralKind::Nrm,
            "NRM-2026-000123",
            (2026, 1, 5),
            "https://x",
        );
        assert!(subject.ends_with("NRM-2026-000123"));
        let days = Policy::on((2026, 1, 5)).rg_target_working_days;
        assert!(
            body.contains(&format!("within {days} working days")),
            "{body}"
        );
        let (subject, _) = confirmation_email(
            ReferralKind::Dtn,
            "DTN-2026-000045",
            (2026, 1, 5),
            "https://x",
        );
        assert_eq!(
            subject,
            "Your Duty to Notify report has been sent: DTN-2026-000045"
        );
    }
}
