//! Signed-in sessions: a random id in an HttpOnly cookie, its hash in the
//! `user_session` table, which this module owns.

use crate::platform::db::{Conn, Db, DbError};
use crate::platform::secrets;
use app::casework::lifecycle::Role;
use app::names::UnknownName;
use app::session::SignedIn;
use axum::http::{header, HeaderMap, HeaderValue};

pub const COOKIE: &str = "nrm_session";
/// The cookie's name over HTTPS.
pub const SECURE_COOKIE: &str = "__Host-nrm_session";
/// How often a session's expiry is pushed back at most.
const SLIDE_EVERY_SECONDS: i64 = 60;

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("no randomness available: {0}")]
    Random(#[from] getrandom::Error),
    #[error("a stored session is unreadable: {0}")]
    Unreadable(#[from] UnknownName),
}

impl From<sqlx::Error> for SessionError {
    fn from(error: sqlx::Error) -> Self {
        SessionError::Db(error.into())
    }
}

/// How long a session lasts: `idle` without a request, `max` at most.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lifetime {
    pub idle: i64,
    pub max: i64,
}

/// Starts a first responder's session (browser unknown); returns the cookie value to send.
pub async fn start(
    db: &Db,
    user: &SignedIn,
    lifetime: Lifetime,
    now: i64,
) -> Result<String, SessionError> {
    let session = NewSession {
        user,
        staff_role: None,
        second_factor_due: false,
        lifetime,
        browser: "",
    };
    start_with(db, &session, now).await
}

/// A session to start.
pub struct NewSession<'a> {
    pub user: &'a SignedIn,
    /// The staff role it acts in (`None` for a first responder).
    pub staff_role: Option<Role>,
    /// The password was right and the second factor is still to come.
    pub second_factor_due: bool,
    pub lifetime: Lifetime,
    /// The browser's `User-Agent`, as sent.
    pub browser: &'a str,
}

/// The longest `User-Agent` kept (characters).
const BROWSER_CHARS: usize = 200;

/// Starts a session; returns the cookie value to send.
pub async fn start_with(
    db: &Db,
    session: &NewSession<'_>,
    now: i64,
) -> Result<String, SessionError> {
    let id = secrets::generate()?;
    let lifetime = session.lifetime;
    let browser: String = session
        .browser
        .chars()
        .filter(|c| !c.is_control())
        .take(BROWSER_CHARS)
        .collect();
    sqlx::query(
        "INSERT INTO user_session (id_hash, email, organisation, created_at, last_seen_at, \
         expires_at, ends_at, staff_role, second_factor_due, user_agent) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(secrets::hash(&id))
    .bind(&session.user.email)
    .bind(&session.user.organisation)
    .bind(now)
    .bind(now)
    .bind(now + lifetime.idle.min(lifetime.max))
    .bind(now + lifetime.max)
    .bind(session.staff_role.map(Role::as_str))
    .bind(i32::from(session.second_factor_due))
    .bind(browser)
    .execute(db.pool())
    .await?;
    Ok(id)
}

/// A live session as the server sees it: which row, and the report being worked on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActiveSession {
    pub id_hash: String,
    pub current_draft: Option<String>,
    /// The staff role the session acts in (`None` for a first responder).
    pub staff_role: Option<Role>,
    /// Only the password was checked: the second factor is still due.
    pub second_factor_due: bool,
}

/// The session the cookie names, if it is live; each use pushes its expiry back.
pub async fn find(
    db: &Db,
    id: &str,
    idle_seconds: i64,
    now: i64,
) -> Result<Option<SignedIn>, SessionError> {
    Ok(find_active(db, id, idle_seconds, now)
        .await?
        .map(|(user, _)| user))
}

/// Like [`find`], with the session's row and current report.
pub async fn find_active(
    db: &Db,
    id: &str,
    idle_seconds: i64,
    now: i64,
) -> Result<Option<(SignedIn, ActiveSession)>, SessionError> {
    if !secrets::looks_valid(id) {
        return Ok(None);
    }
    let hash = secrets::hash(id);
    let row = sqlx::query_as::<_, SessionRow>(
        "SELECT email, organisation, current_draft_id, staff_role, last_seen_at, ends_at, \
         second_factor_due FROM user_session WHERE id_hash = $1 AND expires_at > $2 AND ends_at > $2",
    )
    .bind(&hash)
    .bind(now)
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    // The expiry slides with use, written at most once a minute: a page and
    // its server-function calls do not each write to the session table.
    if now - row.last_seen_at >= SLIDE_EVERY_SECONDS {
        sqlx::query(
            "UPDATE user_session SET last_seen_at = $1, expires_at = $2 WHERE id_hash = $3",
        )
        .bind(now)
        .bind((now + idle_seconds).min(row.ends_at))
        .bind(&hash)
        .execute(db.pool())
        .await?;
    }
    let user = SignedIn {
        email: row.email,
        organisation: row.organisation,
    };
    let active = ActiveSession {
        id_hash: hash,
        current_draft: row.current_draft_id,
        staff_role: row
            .staff_role
            .map(|name| name.parse::<Role>())
            .transpose()?,
        second_factor_due: row.second_factor_due != 0,
    };
    Ok(Some((user, active)))
}

/// A session row as stored.
#[derive(sqlx::FromRow)]
struct SessionRow {
    email: String,
    organisation: String,
    current_draft_id: Option<String>,
    staff_role: Option<String>,
    last_seen_at: i64,
    ends_at: i64,
    second_factor_due: i32,
}

/// Sets (or, with `None`, forgets) the report the session is working on.
pub async fn set_current_draft(
    db: &Db,
    session: &ActiveSession,
    draft_id: Option<&str>,
) -> Result<(), DbError> {
    sqlx::query("UPDATE user_session SET current_draft_id = $1 WHERE id_hash = $2")
        .bind(draft_id)
        .bind(&session.id_hash)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// The key the session's browser keeps its offline copy of a draft under,
/// made on first asking, and when the session ends whatever happens.
/// `None`: the session has ended.
pub async fn offline_key(
    db: &Db,
    session: &ActiveSession,
) -> Result<Option<(String, i64)>, SessionError> {
    let fresh = secrets::generate()?;
    sqlx::query(
        "UPDATE user_session SET offline_key = $1 WHERE id_hash = $2 AND offline_key IS NULL",
    )
    .bind(&fresh)
    .bind(&session.id_hash)
    .execute(db.pool())
    .await
    .map_err(DbError::from)?;
    let row: Option<(Option<String>, i64)> =
        sqlx::query_as("SELECT offline_key, ends_at FROM user_session WHERE id_hash = $1")
            .bind(&session.id_hash)
            .fetch_optional(db.pool())
            .await
            .map_err(DbError::from)?;
    Ok(row.and_then(|(key, ends_at)| Some((key?, ends_at))))
}

/// Ends a session found by its hash (after "Save and exit").
pub async fn end_by_hash(db: &Db, id_hash: &str) -> Result<(), DbError> {
    sqlx::query("DELETE FROM user_session WHERE id_hash = $1")
        .bind(id_hash)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Ends the session a request's cookie names, if any: a new sign-in in the
/// same browser replaces it, so an id known before signing in is worth nothing after.
pub async fn end_named(
    db: &Db,
    cookie: SessionCookie,
    headers: &HeaderMap,
) -> Result<(), SessionError> {
    match cookie.value(headers) {
        Some(id) if secrets::looks_valid(&id) => end(db, &id).await,
        _ => Ok(()),
    }
}

pub async fn end(db: &Db, id: &str) -> Result<(), SessionError> {
    sqlx::query("DELETE FROM user_session WHERE id_hash = $1")
        .bind(secrets::hash(id))
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Ends every session of one person (their account was disabled, or its password changed).
pub async fn end_all_for(conn: &mut Conn, email: &str) -> Result<(), DbError> {
    sqlx::query("DELETE FROM user_session WHERE LOWER(email) = LOWER($1)")
        .bind(email.trim())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// One of a person's live sessions, as their sessions page lists it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Listed {
    pub id_hash: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub user_agent: String,
}

/// A person's live, fully signed-in sessions, newest first.
pub async fn list_for(db: &Db, email: &str, now: i64) -> Result<Vec<Listed>, DbError> {
    Ok(sqlx::query_as::<_, Listed>(
        "SELECT id_hash, created_at, last_seen_at, user_agent FROM user_session \
         WHERE LOWER(email) = LOWER($1) AND expires_at > $2 AND ends_at > $2 \
         AND second_factor_due = 0 ORDER BY created_at DESC, id_hash",
    )
    .bind(email.trim())
    .bind(now)
    .fetch_all(db.pool())
    .await?)
}

/// Ends one of a person's sessions, named by its hash; false if they have no such session.
pub async fn end_own(db: &Db, email: &str, id_hash: &str) -> Result<bool, DbError> {
    let ended =
        sqlx::query("DELETE FROM user_session WHERE id_hash = $1 AND LOWER(email) = LOWER($2)")
            .bind(id_hash)
            .bind(email.trim())
            .execute(db.pool())
            .await?;
    Ok(ended.rows_affected() == 1)
}

/// Ends all of a person's sessions but the one named.
pub async fn end_others(db: &Db, email: &str, keep_hash: &str) -> Result<u64, DbError> {
    let ended =
        sqlx::query("DELETE FROM user_session WHERE LOWER(email) = LOWER($1) AND id_hash <> $2")
            .bind(email.trim())
            .bind(keep_hash)
            .execute(db.pool())
            .await?;
    Ok(ended.rows_affected())
}

pub async fn delete_expired(db: &Db, now: i64) -> Result<u64, DbError> {
    let result = sqlx::query("DELETE FROM user_session WHERE expires_at <= $1 OR ends_at <= $1")
        .bind(now)
        .execute(db.pool())
        .await?;
    Ok(result.rows_affected())
}

/// Whose session a cookie carries: a member of staff's is `SameSite=Strict`
/// (a link from elsewhere never arrives signed in to the desk); a first
/// responder's is `Lax`, so the link in their email opens their session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    Responder,
    Staff,
}

/// How the session cookie is named and set. Over HTTPS it is
/// `__Host-nrm_session`: `Secure`, `Path=/` and no `Domain`, so no other
/// host (a subdomain included) can set or read it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionCookie {
    pub secure: bool,
}

impl SessionCookie {
    pub fn name(self) -> &'static str {
        if self.secure {
            SECURE_COOKIE
        } else {
            COOKIE
        }
    }

    /// The session cookie's value from a request's headers.
    pub fn value(self, headers: &HeaderMap) -> Option<String> {
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == self.name())
            .map(|(_, value)| value.to_owned())
    }

    /// `Set-Cookie` for a new session.
    pub fn set(self, id: &str, audience: Audience) -> HeaderValue {
        let same_site = match audience {
            Audience::Responder => "Lax",
            Audience::Staff => "Strict",
        };
        let secure = if self.secure { "; Secure" } else { "" };
        HeaderValue::from_str(&format!(
            "{}={id}; Path=/; HttpOnly; SameSite={same_site}{secure}",
            self.name()
        ))
        .unwrap_or_else(|_| self.clear())
    }

    /// `Set-Cookie` that removes the session cookie.
    pub fn clear(self) -> HeaderValue {
        let secure = if self.secure { "; Secure" } else { "" };
        HeaderValue::from_str(&format!(
            "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}",
            self.name()
        ))
        .unwrap_or_else(|_| HeaderValue::from_static("nrm_session=; Path=/; Max-Age=0"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_session_cookie_among_others() {
        let mut headers = HeaderMap::new();
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("a=1; nrm_session=abc; b=2"),
        );
        let plain = SessionCookie { secure: false };
        assert_eq!(plain.value(&headers).as_deref(), Some("abc"));
        assert_eq!(plain.value(&HeaderMap::new()), None);
        // Over HTTPS only the __Host- cookie counts: a plain one could have
        // been set by another host.
        assert_eq!(SessionCookie { secure: true }.value(&headers), None);
    }

    #[test]
    fn cookies_are_http_only_host_bound_and_strict_for_staff() {
        let secure = SessionCookie { secure: true };
        let text = secure.set("x", Audience::Responder);
        let text = text.to_str().unwrap();
        assert!(text.starts_with("__Host-nrm_session=x; Path=/; HttpOnly"));
        assert!(text.contains("SameSite=Lax") && text.contains("Secure"));
        assert!(!text.contains("Domain"));
        let staff = secure.set("x", Audience::Staff);
        assert!(staff.to_str().unwrap().contains("SameSite=Strict"));
        let plain = SessionCookie { secure: false }.set("x", Audience::Responder);
        assert!(plain.to_str().unwrap().starts_with("nrm_session=x;"));
        assert!(!plain.to_str().unwrap().contains("Secure"));
        assert!(secure.clear().to_str().unwrap().contains("Max-Age=0"));
    }
}
