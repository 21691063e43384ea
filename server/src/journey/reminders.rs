//! Reminders about saved reports that will soon be deleted: one email per
//! draft, 7 days before it expires (a change to the draft moves the expiry on
//! and allows a new reminder).

use crate::journey::drafts;
use crate::platform::db::{Db, DbError};
use crate::platform::outbox;
use app::dates::{long_date, ymd_from_unix};

const DAY: i64 = 86_400;
/// How long before expiry the reminder goes.
pub const REMIND_BEFORE_DAYS: i64 = 7;

/// Queues a reminder for every draft that expires within the reminder window
/// and has not had one; returns how many were queued.
pub async fn queue_due(db: &Db, public_url: &str, now: i64) -> Result<usize, DbError> {
    let due = drafts::due_for_reminder(db, now, now + REMIND_BEFORE_DAYS * DAY).await?;
    let mut queued = 0;
    for draft in due {
        let mut tx = db.pool().begin().await?;
        // Claimed here, so that two servers never both send it.
        if !drafts::claim_reminder(&mut tx, &draft.id, now).await? {
            continue;
        }
        let (subject, body) = reminder_email(draft.created_at, draft.expires_at, public_url);
        outbox::enqueue(&mut tx, &draft.owner_email, &subject, &body, now).await?;
        tx.commit().await?;
        queued += 1;
    }
    Ok(queued)
}

/// The reminder. It names the report by the day it was started, never by its
/// contents: the responder's own label may hold a name despite the advice.
pub fn reminder_email(created_at: i64, expires_at: i64, public_url: &str) -> (String, String) {
    let expires = long_date(ymd_from_unix(expires_at));
    let created = long_date(ymd_from_unix(created_at));
    let subject = format!("A saved report will be deleted on {expires}");
    let body = format!(
        "You started a report on {created} and have not sent it.\n\nIt will be deleted at the end of {expires}. To keep it, sign in, open it from your reports and save any page, or send it.\n\nYour reports: {public_url}{}\n",
        app::routes::REPORTS
    );
    (subject, body)
}
