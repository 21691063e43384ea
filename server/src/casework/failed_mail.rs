//! Administrators' list of the email the outbox gave up on (past its last
//! attempt: a refused address, a mail server down for hours), each with a
//! button that puts it back in the queue. The outbox itself is
//! `platform::outbox`'s; the health check reports how many there are.

use app::api::FailedMailRow;
use app::audit::AuditAction;
use app::casework::permissions::Action;
use app::dates::long_date_time;
use app::routes;
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
};

use crate::identity::access::Staff;
use crate::platform::audit::{self, By, Origin, Target};
use crate::platform::clock::now_seconds;
use crate::platform::db::{Db, DbError};
use crate::platform::outbox;
use crate::web::context::AppState;
use crate::web::error::AppError;

/// Messages shown at most.
const SHOWN: i64 = 200;

/// The page's rows.
pub async fn list(db: &Db) -> Result<Vec<FailedMailRow>, DbError> {
    Ok(outbox::failed(db, SHOWN)
        .await?
        .into_iter()
        .map(|message| FailedMailRow {
            retry_href: format!("{}/{}/retry", routes::FAILED_MAIL, message.id),
            recipient: message.recipient,
            subject: message.subject,
            queued: long_date_time(message.created_at),
            attempts: message.attempts,
            last_error: message.last_error.unwrap_or_default(),
        })
        .collect())
}

/// `POST /casework/admin/failed-mail/<id>/retry`: the message goes back in
/// the queue (on record, in the same change), and the worker is woken.
pub async fn post_retry(
    State(state): State<AppState>,
    admin: Staff,
    origin: Origin,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    admin.require(Action::RetryFailedMail)?;
    let now = now_seconds();
    let actor = admin.audit_actor();
    let by = By {
        actor: &actor,
        origin: &origin,
    };
    let mut tx = state.db.pool().begin().await.map_err(DbError::from)?;
    let retried = outbox::retry(&mut tx, &id, now).await?;
    if retried {
        audit::record(
            &mut tx,
            &by.entry(AuditAction::MailRetried, Target::Mail(&id), "", now),
        )
        .await?;
    }
    tx.commit().await.map_err(DbError::from)?;
    if retried {
        state.mail_wake.notify_one();
        tracing::info!(admin = %admin.email, message = %id, "failed email queued again");
    }
    // Sent or retried meanwhile by someone else: the list shows where it stands.
    Ok(Redirect::to(routes::FAILED_MAIL).into_response())
}
