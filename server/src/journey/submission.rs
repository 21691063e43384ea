//! Sending a report: one transaction turns the draft into a referral (or a
//! Duty to Notify report) with a human reference, moves its files, deletes
//! the draft and queues the confirmation email. A draft is sent once: a
//! second send finds the first and creates nothing.

use app::api::Submitted;
use app::casework::calendar::add_working_days;
use app::casework::lifecycle::State;
use app::casework::lifecycle::{Actor, Event, Role};
use app::casework::policy::Policy;
use app::casework::referral::ReferralKind;
use app::casework::{duplicates, statistics};
use app::dates::ymd_from_unix;
use app::journey::route::CONFIRM;
use sqlx::Row;

use crate::casework::cases::EventRecord;
use crate::identity::access::Responder;
use crate::journey::payload;
use crate::journey::steps::{current_draft, href, progress_of};
use crate::platform::clock::now_seconds;
use crate::platform::db::DbError;
use crate::platform::outbox;
use crate::web::context::AppState;

/// Where the responder goes after pressing send.
pub enum Sent {
    /// The confirmation page of this reference.
    Reference(String),
    /// Not ready to send (or nothing to send): this page instead.
    GoTo(String),
}

pub async fn submit(state: &AppState, who: &Responder) -> Result<Sent, DbError> {
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
    let files = crate::evidence::list_for_draft(state, &draft.id).await?;
    let payload = payload::build(&progress, &draft.id, &who.user, &files);

    let mut tx = state.db.pool().begin().await?;
    // The first statement writes, so that SQLite takes its write lock now
    // (waiting its busy timeout if need be) rather than failing later when a
    // transaction that has only read tries to write.
    let number: i64 = sqlx::query(
        "INSERT INTO reference_counter (kind, year, last_number) VALUES ($1, $2, 1) \
         ON CONFLICT (kind, year) DO UPDATE SET last_number = reference_counter.last_number + 1 \
         RETURNING last_number",
    )
    .bind(kind.as_str())
    .bind(year)
    .fetch_one(&mut *tx)
    .await?
    .try_get("last_number")?;
    let existing = sqlx::query("SELECT reference FROM referral WHERE draft_id = $1")
        .bind(&draft.id)
        .fetch_optional(&mut *tx)
        .await?;
    if let Some(row) = existing {
        // Already sent: the number taken above is given back with the rollback.
        return Ok(Sent::Reference(row.try_get("reference")?));
    }
    let reference = kind.reference(year, number);
    let id = uuid::Uuid::new_v4().to_string();
    let received_on = ymd_from_unix(now);
    let nation = payload::nation(&progress)?;
    let rg_due = add_working_days(
        received_on,
        Policy::on(received_on).rg_target_working_days,
        nation.calendar(),
    );
    let rg_due = format!("{:04}-{:02}-{:02}", rg_due.0, rg_due.1, rg_due.2);
    let answer = |name: &str| progress.answers.get(name).cloned().unwrap_or_default();
    let pv_name = format!(
        "{} {}",
        answer("pv-name-first-name"),
        answer("pv-name-last-name")
    )
    .trim()
    .to_owned();
    let domain = crate::casework::sent_cases::domain_of(&who.user.email).unwrap_or_default();
    let inserted = sqlx::query(
        "INSERT INTO referral (id, reference, kind, draft_id, received_at, nation, adult_or_child, \
         adult_or_child_during_exploitation, referrer_email, referrer_organisation, answers, payload, \
         state, rg_due_on, nationality, pv_name, in_queue, pv_name_key, pv_dob, pv_gender, \
         exploitation, organisation_type, referrer_domain) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, \
         $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)",
    )
    .bind(&id)
    .bind(&reference)
    .bind(kind.as_str())
    .bind(&draft.id)
    .bind(now)
    .bind(nation.as_str())
    .bind(payload::adult_or_child(&progress).as_str())
    .bind(payload::adult_or_child_during_exploitation(&progress).as_str())
    .bind(&who.user.email)
    .bind(&who.user.organisation)
    .bind(serde_json::to_string(&progress.answers).map_err(|e| DbError::Corrupt(e.to_string()))?)
    .bind(payload.to_string())
    .bind(State::Submitted.as_str())
    .bind(&rg_due)
    .bind(answer("pv-nationality"))
    .bind(&pv_name)
    .bind(i32::from(kind == ReferralKind::Nrm))
    .bind(duplicates::name_key(&pv_name))
    .bind(duplicates::dob_key(&progress.answers))
    .bind(payload::gender(&progress))
    .bind(statistics::exploitation_types(&progress.answers))
    .bind(statistics::organisation_type(&domain))
    .bind(&domain)
    .execute(&mut *tx)
    .await;
    if let Err(error) = inserted {
        // A send racing this one for the same draft won: show its reference.
        drop(tx);
        if let Some(reference) = reference_for_draft(state, &who.user.email, &draft.id).await? {
            return Ok(Sent::Reference(reference));
        }
        return Err(error.into());
    }
    sqlx::query("UPDATE evidence_file SET referral_id = $1, draft_id = NULL WHERE draft_id = $2")
        .bind(&id)
        .bind(&draft.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM draft WHERE id = $1 AND owner_email = $2")
        .bind(&draft.id)
        .bind(&who.user.email)
        .execute(&mut *tx)
        .await?;
    crate::casework::cases::record_event(
        &mut tx,
        EventRecord {
            referral_id: &id,
            at: now,
            actor: &Actor {
                id: who.user.email.clone(),
                role: Role::FirstResponder,
            },
            event: Event::Submit,
            from: None,
            to: State::Submitted,
            reasons: "",
        },
    )
    .await?;
    if kind == ReferralKind::Nrm {
        crate::casework::cases::tally(
            &mut tx,
            State::Submitted,
            payload::adult_or_child(&progress).as_str(),
            1,
        )
        .await?;
    }
    let (subject, body) =
        confirmation_email(kind, &reference, received_on, &state.config.public_url);
    outbox::enqueue(&mut tx, &who.user.email, &subject, &body, now).await?;
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
    let row =
        sqlx::query("SELECT reference FROM referral WHERE draft_id = $1 AND referrer_email = $2")
            .bind(draft_id)
            .bind(email)
            .fetch_optional(state.db.pool())
            .await?;
    Ok(row.map(|r| r.try_get("reference")).transpose()?)
}

/// A sent report, for the responder who sent it (nobody else).
pub async fn find_for(
    state: &AppState,
    email: &str,
    reference: &str,
) -> Result<Option<Submitted>, DbError> {
    let row = sqlx::query(
        "SELECT reference, kind FROM referral WHERE reference = $1 AND referrer_email = $2",
    )
    .bind(reference)
    .bind(email)
    .fetch_optional(state.db.pool())
    .await?;
    let Some(row) = row else { return Ok(None) };
    let kind: ReferralKind = row.try_get::<String, _>("kind")?.parse()?;
    Ok(Some(Submitted {
        reference: row.try_get("reference")?,
        duty_to_notify: kind == ReferralKind::Dtn,
        email: email.to_owned(),
    }))
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
