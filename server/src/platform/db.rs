//! The database: one pool for SQLite or PostgreSQL, the same migrations and queries on both.

use futures::future::BoxFuture;
use sqlx::any::AnyPoolOptions;
use sqlx::AnyConnection;
use sqlx::{AnyPool, Connection, Executor};
use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database error: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("could not create the database folder: {0}")]
    Folder(#[from] std::io::Error),
    /// A stored value names nothing this version knows: never read as a default.
    #[error("unreadable stored value: {0}")]
    Unreadable(#[from] app::names::UnknownName),
    #[error("unreadable stored value: {0}")]
    Corrupt(String),
    /// A password could not be hashed for storing.
    #[error("could not hash a password: {0}")]
    PasswordHash(String),
}

impl DbError {
    /// A stored value this version cannot read (a name it does not know, or
    /// broken JSON): the data needs mending, so it is a 500, never a retry.
    pub fn is_unreadable(&self) -> bool {
        matches!(
            self,
            DbError::Unreadable(_)
                | DbError::Corrupt(_)
                | DbError::Sqlx(sqlx::Error::ColumnDecode { .. } | sqlx::Error::Decode(_))
        )
    }
}

/// Which database a [`Db`] talks to, where a query must differ (row locks).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DbKind {
    /// One writer at a time, one server process per file.
    Sqlite,
    /// Row locks: several server processes may share it.
    Postgres,
}

/// A handle on the database, cheap to clone.
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    kind: DbKind,
    /// Where [`Db::in_group`] queues each kind of write: a
    /// `mpsc::UnboundedSender<Grouped<W>>` for each kind `W`, its writing
    /// task started on first use.
    groups: Arc<Mutex<HashMap<TypeId, Box<dyn Any + Send + Sync>>>>,
    /// What [`Db::kept`] keeps: one value of each type `T`.
    kept: Arc<Mutex<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>>,
}

impl Db {
    /// Connects, creating a SQLite file if needed, and brings the schema up to date.
    pub async fn connect(url: &str) -> Result<Self, DbError> {
        sqlx::any::install_default_drivers();
        let url = with_sqlite_create(url);
        let is_sqlite = url.starts_with("sqlite:");
        let pool = AnyPoolOptions::new()
            // SQLite allows one writer at a time; a small pool avoids lock contention.
            .max_connections(if is_sqlite { 4 } else { 16 })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(|conn, _meta| Box::pin(async move { prepare(conn).await }))
            .connect(&url)
            .await?;
        MIGRATOR.run(&pool).await?;
        let kind = if is_sqlite {
            DbKind::Sqlite
        } else {
            DbKind::Postgres
        };
        Ok(Self {
            pool,
            kind,
            groups: Arc::default(),
            kept: Arc::default(),
        })
    }

    /// Something worked out from this database and kept beside it (one `T`
    /// per database, made empty on first use), such as what is remembered
    /// of its searches. Each database has its own: a test's fresh database
    /// starts with nothing remembered.
    pub fn kept<T: Default + Send + Sync + 'static>(&self) -> Arc<T> {
        let mut kept = self
            .kept
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let value = kept
            .entry(TypeId::of::<T>())
            .or_insert_with(|| Arc::new(T::default()))
            .clone();
        match value.downcast::<T>() {
            Ok(value) => value,
            Err(_) => unreachable!("each type's value is kept under its own TypeId"),
        }
    }

    pub fn kind(&self) -> DbKind {
        self.kind
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// "sqlite" or "postgres".
    pub async fn backend(&self) -> Result<String, DbError> {
        let conn = self.pool.acquire().await?;
        Ok(backend_of(&conn))
    }

    /// Proves the database answers a query.
    pub async fn check(&self) -> Result<(), DbError> {
        let mut conn = self.pool.acquire().await?;
        conn.ping().await?;
        sqlx::query("SELECT 1").execute(&mut *conn).await?;
        Ok(())
    }

    /// Refreshes the query planner's statistics after a bulk load; on
    /// PostgreSQL also vacuums, as its autovacuum would before long (an
    /// index-only read of rows never vacuumed still visits the table).
    pub async fn analyze(&self) -> Result<(), DbError> {
        let sql = match self.kind() {
            DbKind::Sqlite => "ANALYZE",
            DbKind::Postgres => "VACUUM ANALYZE",
        };
        sqlx::query(sql).execute(&self.pool).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Makes a small write that needs a transaction of its own (an audit
    /// row, say) and returns once it is committed, as a transaction of its
    /// own would. Writes of a kind that arrive together are made together
    /// ([`GroupWrite::write_all`]) in one transaction, by one task in their
    /// order: a burst of them pays for one commit (a disk flush) rather than
    /// one each, and takes a contended row lock once. When the shared
    /// transaction fails, each write is made again alone, so one write's
    /// failure is its own (a commit that failed after it was made, as a
    /// dropped connection can, writes the group twice: never lost). The
    /// writing task runs on the runtime of the first call.
    pub async fn in_group<W: GroupWrite>(&self, write: W) -> Result<(), DbError> {
        let queue = self.group_queue::<W>();
        let (done, result) = oneshot::channel();
        queue
            .send(Grouped { write, done })
            .map_err(|_| sqlx::Error::PoolClosed)?;
        result.await.map_err(|_| sqlx::Error::PoolClosed)?
    }

    /// The queue of writes of kind `W`, started the first time.
    fn group_queue<W: GroupWrite>(&self) -> mpsc::UnboundedSender<Grouped<W>> {
        let mut groups = self
            .groups
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let queue = groups.entry(TypeId::of::<W>()).or_insert_with(|| {
            let (queue, waiting) = mpsc::unbounded_channel::<Grouped<W>>();
            tokio::spawn(write_groups(self.pool.clone(), waiting));
            Box::new(queue)
        });
        match queue.downcast_ref::<mpsc::UnboundedSender<Grouped<W>>>() {
            Some(queue) => queue.clone(),
            None => unreachable!("each kind's queue is kept under its own TypeId"),
        }
    }
}

/// A kind of write for [`Db::in_group`]: several made together on the
/// shared transaction's connection, in order, or one alone if that fails.
pub trait GroupWrite: Send + Sync + Sized + 'static {
    fn write_all<'c>(group: &'c [Self], conn: &'c mut Conn) -> BoxFuture<'c, Result<(), DbError>>;
}

/// A queued write and whom to tell when it is committed.
struct Grouped<W> {
    write: W,
    done: oneshot::Sender<Result<(), DbError>>,
}

/// At most this many writes share a transaction.
const GROUP_MOST: usize = 64;

/// The one task that makes a kind's queued writes: whatever has queued
/// while the last group was being committed is the next group.
async fn write_groups<W: GroupWrite>(
    pool: AnyPool,
    mut waiting: mpsc::UnboundedReceiver<Grouped<W>>,
) {
    let mut group = Vec::with_capacity(GROUP_MOST);
    while waiting.recv_many(&mut group, GROUP_MOST).await > 0 {
        let (writes, done): (Vec<W>, Vec<_>) = group.drain(..).map(|g| (g.write, g.done)).unzip();
        match write_in_one(&pool, &writes).await {
            Ok(()) => {
                for done in done {
                    // The asker may have gone (its request was dropped); the write stands.
                    let _ = done.send(Ok(()));
                }
            }
            Err(error) => {
                tracing::warn!(%error, writes = writes.len(), "a group of writes failed: making each alone");
                for (write, done) in writes.chunks(1).zip(done) {
                    let _ = done.send(write_in_one(&pool, write).await);
                }
            }
        }
    }
}

/// Makes `writes` in one transaction, in order.
async fn write_in_one<W: GroupWrite>(pool: &AnyPool, writes: &[W]) -> Result<(), DbError> {
    let mut tx = pool.begin().await?;
    W::write_all(writes, &mut tx).await?;
    tx.commit().await?;
    Ok(())
}

/// One connection, or a transaction's (`&mut *tx`): what a table's owner takes
/// when its write is part of a larger change.
pub type Conn = AnyConnection;

/// `'a', 'b'` for an SQL `IN (…)`, from names an enum in `app` owns (they are
/// `'static` and never contain a quote; a name that did would be refused).
pub fn sql_list(names: impl IntoIterator<Item = &'static str>) -> String {
    names
        .into_iter()
        .inspect(|name| assert!(!name.contains('\''), "a stored name holds a quote"))
        .map(|name| format!("'{name}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `($1, $2), ($3, $4)`: the placeholders of a multi-row `VALUES` for
/// `rows` rows of `columns` values each, numbered in order.
pub fn placeholder_rows(rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|row| {
            let params: Vec<String> = (1..=columns)
                .map(|n| format!("${}", row * columns + n))
                .collect();
            format!("({})", params.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn backend_of(conn: &AnyConnection) -> String {
    match conn.backend_name().to_ascii_lowercase().as_str() {
        name if name.contains("sqlite") => "sqlite".into(),
        name if name.contains("postgres") => "postgres".into(),
        other => other.into(),
    }
}

/// SQLite settings every connection needs: write-ahead logging so readers never
/// wait for the writer, foreign keys enforced, a wait instead of an instant
/// "database is locked" when two writers meet, and `synchronous = FULL`: the
/// log is synced at every commit, so a referral whose reference was shown
/// survives a power cut (`NORMAL` may lose the last commits; README, Durability).
async fn prepare(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    if backend_of(conn) == "sqlite" {
        conn.execute("PRAGMA journal_mode = WAL").await?;
        conn.execute("PRAGMA foreign_keys = ON").await?;
        conn.execute("PRAGMA busy_timeout = 5000").await?;
        conn.execute("PRAGMA synchronous = FULL").await?;
    } else {
        // Every execution is planned for its own values. After five runs of a
        // prepared statement PostgreSQL may switch to one generic plan, blind
        // to how many cases a term holds: for a person search by two names
        // it hashes every case holding the second name (at 200,000 cases,
        // 17,000 rows and 19 ms) where the plan made for the values probes
        // the newest holders of the first one by one (a name and a date of
        // birth: 2.9 ms generic, 0.2 ms planned for its values).
        conn.execute("SET plan_cache_mode = force_custom_plan")
            .await?;
        // No parallel workers for one request: the desk's reads are short,
        // and starting workers made the same two-name search 4-6 ms serially
        // without them and 18-24 ms with them; under load the workers only
        // add to the processes queueing for the cores.
        conn.execute("SET max_parallel_workers_per_gather = 0")
            .await?;
        // No memoizing of a join's inner rows: the desk's joins look each
        // case up once, and a cache sized for the planner's guess at how
        // many there are took 2.3 ms to set up and clear around a 1.2 ms
        // count (the queue's count of a common name, 1,000,000 cases).
        conn.execute("SET enable_memoize = off").await?;
    }
    Ok(())
}

/// A `sqlite://` URL opens read-write and creates the file unless told otherwise.
fn with_sqlite_create(url: &str) -> String {
    if url.starts_with("sqlite:") && !url.contains("mode=") && !url.contains(":memory:") {
        let sep = if url.contains('?') { '&' } else { '?' };
        format!("{url}{sep}mode=rwc")
    } else {
        url.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::{placeholder_rows, with_sqlite_create};

    #[test]
    fn placeholders_number_every_value_row_by_row() {
        assert_eq!(placeholder_rows(2, 3), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(placeholder_rows(1, 1), "($1)");
        assert_eq!(placeholder_rows(0, 4), "");
    }

    #[test]
    fn sqlite_urls_create_the_file() {
        assert_eq!(
            with_sqlite_create("sqlite://data/nrm.db"),
            "sqlite://data/nrm.db?mode=rwc"
        );
        assert_eq!(
            with_sqlite_create("sqlite://x.db?mode=ro"),
            "sqlite://x.db?mode=ro"
        );
        assert_eq!(with_sqlite_create("postgres://h/db"), "postgres://h/db");
    }
}
