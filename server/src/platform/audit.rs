//! The audit log (`audit_log`, migration 0017), which this module owns: one
//! row per read of a case file or change, appended in the same transaction as
//! the change, each row chained to the one before by a SHA-256 hash.
//!
//! - [`record`] appends within a caller's transaction; [`record_alone`] as
//!   its own (reads, and failed sign-ins, which change nothing else), shared
//!   with the other entries recorded at that moment.
//! - Appending takes `audit_head` first (an `UPDATE … RETURNING`), so two
//!   writers wait for one another and the chain never forks.
//! - Triggers refuse `UPDATE` and `DELETE` on the log ([`install_guards`]).
//! - [`verify`] walks the chain and names the first row that does not hold.

use app::audit::AuditAction;
use futures::future::BoxFuture;
use sqlx::Row;

use crate::platform::db::{placeholder_rows, Conn, Db, DbError, GroupWrite};
use crate::platform::secrets;

/// The hash before the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The role of someone not signed in yet (an address typed at sign-in).
pub const UNVERIFIED: &str = "unverified";
/// The role of the service's own scheduled work.
pub const SERVICE: &str = "service";

/// Who did something: the account (an email address, or "" for nobody) and
/// the role it acted in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub email: String,
    pub role: String,
}

impl Actor {
    /// The service itself (a scheduled job): no account.
    pub fn service() -> Self {
        Self {
            email: String::new(),
            role: SERVICE.to_owned(),
        }
    }

    pub fn new(email: &str, role: &str) -> Self {
        Self {
            email: email.trim().to_lowercase(),
            role: role.to_owned(),
        }
    }
}

/// Where a request came from: the client's address and the request's id
/// (`x-request-id`, which the log lines carry too).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    pub client: String,
    pub request_id: String,
}

/// What an entry is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target<'a> {
    /// A case, by its reference.
    Case(&'a str),
    /// A person's account, by email address.
    Person(&'a str),
    /// An evidence file, by its id.
    File(&'a str),
    /// A draft referral, by its id (it has no reference until it is sent).
    Draft(&'a str),
    /// An email in the outbox, by its id.
    Mail(&'a str),
    /// A scheduled job, by its name.
    Job(&'a str),
}

impl Target<'_> {
    /// As stored: `case:<reference>`, `person:<email>`, `file:<id>`.
    pub fn stored(self) -> String {
        match self {
            Target::Case(reference) => format!("case:{reference}"),
            Target::Person(email) => format!("person:{}", email.trim().to_lowercase()),
            Target::File(id) => format!("file:{id}"),
            Target::Draft(id) => format!("draft:{id}"),
            Target::Mail(id) => format!("mail:{id}"),
            Target::Job(name) => format!("job:{name}"),
        }
    }
}

/// One entry to append.
#[derive(Clone, Copy, Debug)]
pub struct Entry<'a> {
    pub actor: &'a Actor,
    pub action: AuditAction,
    pub target: Target<'a>,
    /// A few words more (the event sent, the file's name); never a victim's details.
    pub detail: &'a str,
    pub origin: &'a Origin,
    pub at: i64,
}

impl<'a> Entry<'a> {
    /// Something a person did to or for their own account (signing in or
    /// out, a failed attempt, a password change).
    pub fn on_own_account(
        actor: &'a Actor,
        action: AuditAction,
        origin: &'a Origin,
        at: i64,
    ) -> Self {
        Entry {
            actor,
            action,
            target: Target::Person(&actor.email),
            detail: "",
            origin,
            at,
        }
    }
}

/// Who acts, and from where: with an action and a target, an entry.
#[derive(Clone, Copy, Debug)]
pub struct By<'a> {
    pub actor: &'a Actor,
    pub origin: &'a Origin,
}

impl<'a> By<'a> {
    pub fn entry(
        self,
        action: AuditAction,
        target: Target<'a>,
        detail: &'a str,
        at: i64,
    ) -> Entry<'a> {
        Entry {
            actor: self.actor,
            action,
            target,
            detail,
            origin: self.origin,
            at,
        }
    }
}

/// The content a row's hash covers, in one fixed order.
struct Hashed<'a> {
    seq: i64,
    at: i64,
    actor: &'a str,
    role: &'a str,
    action: &'a str,
    target: &'a str,
    client: &'a str,
    request_id: &'a str,
    detail: &'a str,
    prev_hash: &'a str,
}

impl Hashed<'_> {
    fn hash(&self) -> String {
        // A JSON array of the fields: no two different rows read the same.
        let text = serde_json::to_string(&(
            self.seq,
            self.at,
            self.actor,
            self.role,
            self.action,
            self.target,
            self.client,
            self.request_id,
            self.detail,
            self.prev_hash,
        ))
        .unwrap_or_default();
        secrets::hash(&text)
    }
}

/// Appends `entry` in the caller's transaction (`&mut *tx`): it stands or
/// falls with the change it records.
pub async fn record(conn: &mut Conn, entry: &Entry<'_>) -> Result<(), DbError> {
    record_all(conn, std::slice::from_ref(entry)).await
}

/// Appends `entries`, in order, in the caller's transaction.
pub async fn record_all(conn: &mut Conn, entries: &[Entry<'_>]) -> Result<(), DbError> {
    let appended: Vec<Appended> = entries.iter().map(Appended::from).collect();
    append(conn, &appended).await
}

/// An entry as appended: what it names, stored as the log stores it.
#[derive(Clone, Debug)]
struct Appended {
    at: i64,
    actor: String,
    role: String,
    action: AuditAction,
    target: String,
    client: String,
    request_id: String,
    detail: String,
}

impl From<&Entry<'_>> for Appended {
    fn from(entry: &Entry<'_>) -> Self {
        Appended {
            at: entry.at,
            actor: entry.actor.email.clone(),
            role: entry.actor.role.clone(),
            action: entry.action,
            target: entry.target.stored(),
            client: entry.origin.client.clone(),
            request_id: entry.origin.request_id.clone(),
            detail: entry.detail.to_owned(),
        }
    }
}

/// Appends `entries` in their order: the head is taken once for all of
/// them, their rows go in one statement, and the head is left at the last.
async fn append(conn: &mut Conn, entries: &[Appended]) -> Result<(), DbError> {
    let Ok(n) = i64::try_from(entries.len()) else {
        return Err(DbError::Corrupt("too many audit rows at once".into()));
    };
    if n == 0 {
        return Ok(());
    }
    let head = sqlx::query("UPDATE audit_head SET seq = seq + $1 WHERE id = 1 RETURNING seq, hash")
        .bind(n)
        .fetch_one(&mut *conn)
        .await?;
    let last: i64 = head.try_get("seq")?;
    let mut prev_hash: String = head.try_get("hash")?;
    let mut rows = Vec::with_capacity(entries.len());
    for (seq, entry) in (last - n + 1..).zip(entries) {
        let row = Hashed {
            seq,
            at: entry.at,
            actor: &entry.actor,
            role: &entry.role,
            action: entry.action.as_str(),
            target: &entry.target,
            client: &entry.client,
            request_id: &entry.request_id,
            detail: &entry.detail,
            prev_hash: &prev_hash,
        };
        let hash = row.hash();
        rows.push((seq, prev_hash, hash.clone()));
        prev_hash = hash;
    }
    let mut insert = sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO audit_log (seq, at, actor, role, action, target, client, request_id, \
         detail, prev_hash, hash) VALUES {}",
        placeholder_rows(entries.len(), 11)
    )));
    for (entry, (seq, prev, hash)) in entries.iter().zip(&rows) {
        insert = insert
            .bind(*seq)
            .bind(entry.at)
            .bind(&entry.actor)
            .bind(&entry.role)
            .bind(entry.action.as_str())
            .bind(&entry.target)
            .bind(&entry.client)
            .bind(&entry.request_id)
            .bind(&entry.detail)
            .bind(prev)
            .bind(hash);
    }
    // A group's statement differs with its size: kept prepared, each size
    // would take a place in the connection's statement cache.
    insert.persistent(n == 1).execute(&mut *conn).await?;
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
        .bind(&prev_hash)
        .execute(&mut *conn)
        .await?;
    count_views(conn, entries).await
}

/// Keeps [`viewers`]' summary with the views' rows (in their transaction):
/// one row a case and viewer, however many of their views came together.
async fn count_views(conn: &mut Conn, entries: &[Appended]) -> Result<(), DbError> {
    let mut viewers: Vec<(&str, &str, &str, i64, i64)> = Vec::new();
    for entry in entries
        .iter()
        .filter(|e| e.action == AuditAction::CaseViewed)
    {
        let key = (
            entry.target.as_str(),
            entry.actor.as_str(),
            entry.role.as_str(),
        );
        match viewers.iter_mut().find(|v| (v.0, v.1, v.2) == key) {
            Some(seen) => {
                seen.3 = seen.3.max(entry.at);
                seen.4 += 1;
            }
            None => viewers.push((key.0, key.1, key.2, entry.at, 1)),
        }
    }
    if viewers.is_empty() {
        return Ok(());
    }
    let mut upsert = sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO case_viewer (target, actor, role, last_at, times) VALUES {} \
         ON CONFLICT (target, actor, role) DO UPDATE SET \
         times = case_viewer.times + excluded.times, \
         last_at = CASE WHEN excluded.last_at > case_viewer.last_at \
         THEN excluded.last_at ELSE case_viewer.last_at END",
        placeholder_rows(viewers.len(), 5)
    )));
    let one = viewers.len() == 1;
    for (target, actor, role, at, times) in viewers {
        upsert = upsert
            .bind(target)
            .bind(actor)
            .bind(role)
            .bind(at)
            .bind(times);
    }
    upsert.persistent(one).execute(&mut *conn).await?;
    Ok(())
}

/// Appends `entry` as a transaction of its own, and returns once it is
/// committed. Entries recorded at the same moment share a transaction and
/// are appended together ([`Db::in_group`]): the log's head is one row
/// every entry updates, so with one transaction each, a busy desk's reads
/// queued one behind another's commit.
pub async fn record_alone(db: &Db, entry: &Entry<'_>) -> Result<(), DbError> {
    db.in_group(Appended::from(entry)).await
}

impl GroupWrite for Appended {
    fn write_all<'c>(group: &'c [Self], conn: &'c mut Conn) -> BoxFuture<'c, Result<(), DbError>> {
        Box::pin(append(conn, group))
    }
}

/// A row of the log as stored.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct LogRow {
    pub seq: i64,
    pub at: i64,
    pub actor: String,
    pub role: String,
    pub action: String,
    pub target: String,
    pub client: String,
    pub request_id: String,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

impl LogRow {
    fn expected_hash(&self) -> String {
        Hashed {
            seq: self.seq,
            at: self.at,
            actor: &self.actor,
            role: &self.role,
            action: &self.action,
            target: &self.target,
            client: &self.client,
            request_id: &self.request_id,
            detail: &self.detail,
            prev_hash: &self.prev_hash,
        }
        .hash()
    }
}

/// What a walk of the chain found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Every row holds, and the head names the last.
    Intact { rows: i64 },
    /// The first row that does not hold, and why.
    Broken {
        seq: i64,
        rows: i64,
        why: &'static str,
    },
}

/// Rows read at a time while verifying.
const PAGE: i64 = 1000;

/// Walks the whole chain from the first row, and keeps the result for the
/// administrators' page.
pub async fn verify(db: &Db, now: i64) -> Result<Verdict, DbError> {
    let verdict = walk(db).await?;
    let (rows, broken) = match &verdict {
        Verdict::Intact { rows } => (*rows, None),
        Verdict::Broken { seq, rows, .. } => (*rows, Some(*seq)),
    };
    sqlx::query(
        "INSERT INTO audit_verification (id, at, rows_checked, broken_seq) VALUES (1, $1, $2, $3) \
         ON CONFLICT (id) DO UPDATE SET at = excluded.at, rows_checked = excluded.rows_checked, \
         broken_seq = excluded.broken_seq",
    )
    .bind(now)
    .bind(rows)
    .bind(broken)
    .execute(db.pool())
    .await?;
    Ok(verdict)
}

async fn walk(db: &Db) -> Result<Verdict, DbError> {
    let (mut last_seq, mut last_hash, mut rows) = (0_i64, GENESIS.to_owned(), 0_i64);
    loop {
        let page: Vec<LogRow> = sqlx::query_as(
            "SELECT seq, at, actor, role, action, target, client, request_id, detail, \
             prev_hash, hash FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(last_seq)
        .bind(PAGE)
        .fetch_all(db.pool())
        .await?;
        let Some(end) = page.last().map(|row| row.seq) else {
            break;
        };
        for row in page {
            let broken = |why| Verdict::Broken {
                seq: row.seq,
                rows,
                why,
            };
            if row.seq != last_seq + 1 {
                return Ok(broken("the row before it is missing"));
            }
            if row.prev_hash != last_hash {
                return Ok(broken("it does not follow from the row before"));
            }
            if row.hash != row.expected_hash() {
                return Ok(broken("its content does not match its hash"));
            }
            rows += 1;
            last_seq = row.seq;
            last_hash = row.hash;
        }
        debug_assert_eq!(end, last_seq);
    }
    let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_one(db.pool())
        .await?;
    let (head_seq, head_hash): (i64, String) = (head.try_get("seq")?, head.try_get("hash")?);
    if head_seq != last_seq || head_hash != last_hash {
        return Ok(Verdict::Broken {
            seq: last_seq + 1,
            rows,
            why: "rows after it were removed",
        });
    }
    Ok(Verdict::Intact { rows })
}

const COLUMNS: &str = "seq, at, actor, role, action, target, client, request_id, detail, \
                       prev_hash, hash";

/// The newest entries about a target (a person: by them or about them), or
/// the newest of all.
pub async fn about(
    db: &Db,
    target: Option<Target<'_>>,
    limit: i64,
) -> Result<Vec<LogRow>, DbError> {
    let rows = match target {
        Some(Target::Person(email)) => {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {COLUMNS} FROM audit_log WHERE actor = $1 OR target = $2 \
                 ORDER BY seq DESC LIMIT $3"
            )))
            .bind(email.trim().to_lowercase())
            .bind(Target::Person(email).stored())
            .bind(limit)
            .fetch_all(db.pool())
            .await?
        }
        Some(target) => {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {COLUMNS} FROM audit_log WHERE target = $1 ORDER BY seq DESC LIMIT $2"
            )))
            .bind(target.stored())
            .bind(limit)
            .fetch_all(db.pool())
            .await?
        }
        None => {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {COLUMNS} FROM audit_log ORDER BY seq DESC LIMIT $1"
            )))
            .bind(limit)
            .fetch_all(db.pool())
            .await?
        }
    };
    Ok(rows)
}

/// Someone who opened a target: when last, and how many times.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Viewer {
    pub actor: String,
    pub role: String,
    pub last: i64,
    pub times: i64,
}

/// Who opened `target` (a case), the latest first: the summary kept with
/// each case-viewed row of the log (`case_viewer`), so reading it costs the
/// same however often the case was opened.
pub async fn viewers(db: &Db, target: Target<'_>) -> Result<Vec<Viewer>, DbError> {
    Ok(sqlx::query_as(
        "SELECT actor, role, last_at AS last, times FROM case_viewer \
         WHERE target = $1 ORDER BY last_at DESC, actor",
    )
    .bind(target.stored())
    .fetch_all(db.pool())
    .await?)
}

/// The last walk of the chain.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct LastCheck {
    pub at: i64,
    pub rows: i64,
    pub broken_seq: Option<i64>,
}

pub async fn last_check(db: &Db) -> Result<Option<LastCheck>, DbError> {
    Ok(sqlx::query_as(
        "SELECT at, rows_checked AS rows, broken_seq FROM audit_verification WHERE id = 1",
    )
    .fetch_optional(db.pool())
    .await?)
}

/// The triggers that make the log append-only, in each database's own
/// syntax (so not in the shared migrations); run at every start, idempotent.
pub async fn install_guards(db: &Db) -> Result<(), DbError> {
    let backend = db.backend().await?;
    let mut tx = db.pool().begin().await?;
    let statements: &[&str] = if backend == "postgres" {
        &[
            // Servers starting at once take turns (one would otherwise see
            // "tuple concurrently updated").
            "SELECT pg_advisory_xact_lock(8231017)",
            "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger \
             LANGUAGE plpgsql AS $$ BEGIN \
             RAISE EXCEPTION 'the audit log is append-only'; END $$",
            "CREATE OR REPLACE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE \
             ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
            "CREATE OR REPLACE TRIGGER audit_log_no_truncate BEFORE TRUNCATE \
             ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
        ]
    } else {
        &[
            "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log \
             BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
            "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log \
             BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
        ]
    };
    for statement in statements.iter().copied() {
        sqlx::query(statement).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}
