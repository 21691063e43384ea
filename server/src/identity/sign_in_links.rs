//! Single-use sign-in links: issued by email, redeemed once within 30 minutes.

use app::domain::{OrganisationName, WorkEmail};
use app::routes;

use crate::platform::db::{Conn, Db, DbError};
use crate::platform::outbox;
use crate::platform::secrets;

/// How long a link works.
pub const LINK_LIFETIME_SECONDS: i64 = 30 * 60;

#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    #[error("the link is unknown, used or expired")]
    Invalid,
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("no randomness available: {0}")]
    Random(#[from] getrandom::Error),
}

impl From<sqlx::Error> for LinkError {
    fn from(error: sqlx::Error) -> Self {
        LinkError::Db(error.into())
    }
}

/// Who a redeemed link signs in.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Redeemed {
    pub email: String,
    pub organisation: String,
}

/// Stores a new link's hash, revokes the address's older unused links, and
/// queues the email carrying it, in one transaction.
pub async fn issue(
    db: &Db,
    email: &WorkEmail,
    organisation: &OrganisationName,
    public_url: &str,
    now: i64,
) -> Result<(), LinkError> {
    let token = secrets::generate()?;
    let link = format!(
        "{}{}?{}={token}",
        public_url.trim_end_matches('/'),
        routes::SIGN_IN_LINK,
        routes::TOKEN_PARAM
    );
    let mut tx = db.pool().begin().await?;
    // Only the newest link works: any earlier one unused stops working.
    revoke_all_for(&mut tx, email.as_str(), now).await?;
    sqlx::query(
        "INSERT INTO sign_in_token (token_hash, email, organisation, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(secrets::hash(&token))
    .bind(email.as_str())
    .bind(organisation.as_str())
    .bind(now)
    .bind(now + LINK_LIFETIME_SECONDS)
    .execute(&mut *tx)
    .await?;
    outbox::enqueue(
        &mut tx,
        email.as_str(),
        "Your link to sign in and make a referral",
        &email_body(&link),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

fn email_body(link: &str) -> String {
    format!(
        "Use this link to sign in and refer a potential victim of modern slavery:\n\n\
         {link}\n\n\
         The link works once and stops working after 30 minutes.\n\n\
         If you did not ask to sign in, you can ignore this email. Nobody can sign in \
         without the link.\n"
    )
}

/// Revokes every unused link of an address (its owner was barred).
pub async fn revoke_all_for(conn: &mut Conn, email: &str, now: i64) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE sign_in_token SET used_at = $1 WHERE LOWER(email) = LOWER($2) AND used_at IS NULL",
    )
    .bind(now)
    .bind(email.trim())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Uses a link up: it works only if it exists, has not been used and has not expired.
pub async fn redeem(db: &Db, token: &str, now: i64) -> Result<Redeemed, LinkError> {
    if !secrets::looks_valid(token) {
        return Err(LinkError::Invalid);
    }
    let hash = secrets::hash(token);
    let mut tx = db.pool().begin().await?;
    // The conditional update is the claim: of two simultaneous presses, one wins.
    let used = sqlx::query(
        "UPDATE sign_in_token SET used_at = $1 \
         WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $3",
    )
    .bind(now)
    .bind(&hash)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if used.rows_affected() != 1 {
        return Err(LinkError::Invalid);
    }
    let redeemed = sqlx::query_as::<_, Redeemed>(
        "SELECT email, organisation FROM sign_in_token WHERE token_hash = $1",
    )
    .bind(&hash)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(redeemed)
}

/// Removes links that can no longer be used.
pub async fn delete_expired(db: &Db, now: i64) -> Result<u64, DbError> {
    let result = sqlx::query("DELETE FROM sign_in_token WHERE expires_at <= $1")
        .bind(now)
        .execute(db.pool())
        .await?;
    Ok(result.rows_affected())
}
