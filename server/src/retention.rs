//! The retention schedule ([`app::retention::SCHEDULE`]) applied: each rule's
//! record is handed to the module that owns its table. The scheduled clean-up
//! ([`crate::jobs`]) calls [`apply`] for every rule once per period.

use app::audit::AuditAction;
use app::retention::{rule, years_in_days, Keep, Record, Rule};

use crate::casework::cases;
use crate::casework::records;
use crate::casework::shares;
use crate::evidence;
use crate::identity::{sessions, sign_in_links, throttle};
use crate::journey::drafts;
use crate::platform::audit;
use crate::platform::clock::now_seconds;
use crate::platform::db::DbError;
use crate::platform::outbox;
use crate::web::context::AppState;

/// Closed cases redacted per run at most (the next run takes the rest).
const CASES_PER_RUN: i64 = 500;

const DAY: i64 = 86_400;

/// How long a rule keeps its record, in seconds (`None`: for ever, or for as
/// long as the record can be used, which its owner knows).
pub fn keep_seconds(keep: Keep, draft_expiry_days: i64) -> Option<i64> {
    match keep {
        Keep::WhileUsable | Keep::Forever => None,
        Keep::Days(days) => Some(days * DAY),
        Keep::SettingDays(_, _) => Some(draft_expiry_days * DAY),
        Keep::Years(years) => Some(years_in_days(years) * DAY),
    }
}

/// Applies one rule; returns how many records it removed or emptied.
pub async fn apply(state: &AppState, rule: &Rule) -> Result<u64, DbError> {
    let db = &state.db;
    let now = now_seconds();
    let cutoff = keep_seconds(rule.keep, state.config.draft_expiry_days).map(|keep| now - keep);
    match (rule.record, cutoff) {
        (Record::SignInLink, _) => sign_in_links::delete_expired(db, now).await,
        (Record::Session, _) => sessions::delete_expired(db, now).await,
        (Record::GuessCount, Some(cutoff)) => throttle::forget_old(db, now, cutoff).await,
        // A draft's expiry is written with each change, from the setting.
        (Record::Draft, _) => drafts::delete_expired(db, now).await,
        (Record::SentEmail, Some(cutoff)) => outbox::delete_sent_before(db, cutoff).await,
        (Record::FailedEmail, Some(cutoff)) => outbox::delete_failed_before(db, cutoff).await,
        (Record::ClosedCase, Some(cutoff)) => redact_closed_cases(state, cutoff, now).await,
        (Record::AuditLog, _) => Ok(0),
        (record, None) => Err(DbError::Corrupt(format!(
            "the retention rule for {record:?} keeps it for ever, but its record is not kept for ever"
        ))),
    }
}

/// Removes the personal details of cases closed before `cutoff`: each case in
/// one transaction with its audit row; their files after it commits.
async fn redact_closed_cases(state: &AppState, cutoff: i64, now: i64) -> Result<u64, DbError> {
    let due = cases::retention::closed_before(&state.db, cutoff, CASES_PER_RUN).await?;
    let rule = rule(Record::ClosedCase);
    let detail = format!(
        "kept {}, then {}",
        rule.keep.describe(),
        "personal details removed"
    );
    let mut done = 0;
    for case in due {
        let mut tx = state.db.pool().begin().await?;
        if !cases::retention::redact(&mut tx, &case.id, cutoff, now).await? {
            continue;
        }
        records::delete_for_referral(&mut tx, &case.id).await?;
        crate::casework::flags::delete_for_referral(&mut tx, &case.id).await?;
        crate::casework::links::redact_for_referral(&mut tx, &case.id).await?;
        crate::casework::person_search::delete_for_referral(&mut tx, &case.id).await?;
        shares::withdraw_all(&mut tx, &case.id, now).await?;
        let keys = evidence::store::delete_for_referral(&mut tx, &case.id).await?;
        audit::record(
            &mut tx,
            &audit::Entry {
                actor: &audit::Actor::service(),
                action: AuditAction::CaseRedacted,
                target: audit::Target::Case(&case.reference),
                detail: &detail,
                origin: &audit::Origin::default(),
                at: now,
            },
        )
        .await?;
        tx.commit().await?;
        for key in keys {
            // A file left behind is found by the daily reconciliation.
            if let Err(error) = state.files.delete(&key).await {
                tracing::warn!(%error, "retention: could not delete an evidence file");
            }
        }
        done += 1;
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::retention::SCHEDULE;

    #[test]
    fn every_rule_that_counts_time_has_a_length() {
        for rule in SCHEDULE {
            let seconds = keep_seconds(rule.keep, 28);
            match rule.keep {
                Keep::WhileUsable | Keep::Forever => assert_eq!(seconds, None),
                _ => assert!(seconds.is_some_and(|s| s > 0), "{rule:?}"),
            }
        }
        assert_eq!(
            keep_seconds(Keep::SettingDays("DRAFT_EXPIRY_DAYS", 28), 10),
            Some(10 * DAY)
        );
    }
}
