//! Black-box test harness: the real router on a real port, a fresh database per test.

#![allow(dead_code)]

use server::platform::config::Config;
use server::platform::db::Db;
use server::prepare;
use server::serve;
use sqlx::Connection;
use tokio::{net::TcpListener, sync::oneshot, task::JoinHandle};

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub base: String,
    /// Where this test's email lands (no SMTP in tests).
    pub mail_dir: std::path::PathBuf,
    pub client: reqwest::Client,
    pub db: Db,
    /// The test's own database (for running the server binary's commands on it).
    pub database_url: String,
    shutdown: Option<oneshot::Sender<()>>,
    pub server: Option<JoinHandle<Result<(), server::StartError>>>,
    cleanup: Cleanup,
}

enum Cleanup {
    File(std::path::PathBuf),
    Postgres { admin_url: String, name: String },
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request sent")
    }

    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .form(form)
            .send()
            .await
            .expect("request sent")
    }

    /// A form post with one extra request header.
    pub async fn post_form_with_header(
        &self,
        path: &str,
        form: &[(&str, &str)],
        header: &str,
        value: &str,
    ) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header(header, value)
            .form(form)
            .send()
            .await
            .expect("request sent")
    }

    /// A GET with a session cookie (`nrm_session=…`).
    pub async fn get_as(&self, cookie: &str, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .header("cookie", cookie)
            .send()
            .await
            .expect("request sent")
    }

    /// A multipart post (a file upload) with a session cookie.
    pub async fn upload_as(
        &self,
        cookie: &str,
        path: &str,
        file_name: &str,
        bytes: Vec<u8>,
    ) -> reqwest::Response {
        self.upload_with(cookie, path, &[], (file_name, bytes))
            .await
    }

    /// A multipart post of text fields (first, as a browser sends a form's
    /// fields in order) and a file (an empty name: none chosen).
    pub async fn upload_with(
        &self,
        cookie: &str,
        path: &str,
        fields: &[(&str, &str)],
        (file_name, bytes): (&str, Vec<u8>),
    ) -> reqwest::Response {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in fields {
            form = form.text((*name).to_owned(), (*value).to_owned());
        }
        let part = reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_owned());
        let form = form.part("upload-file", part);
        self.client
            .post(self.url(path))
            .header("cookie", cookie)
            .multipart(form)
            .send()
            .await
            .expect("request sent")
    }

    /// Posts a form. A form posted to a case's page carries the case's
    /// version as it is now, as the page just loaded would; a test of a
    /// write against an older version sends its own `version`.
    pub async fn post_as(
        &self,
        cookie: &str,
        path: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        let mut form: Vec<(&str, String)> =
            form.iter().map(|(k, v)| (*k, (*v).to_owned())).collect();
        let case = path.strip_prefix("/casework/cases/");
        if let (Some(reference), false) = (case, form.iter().any(|(k, _)| *k == "version")) {
            let version: Option<i64> =
                sqlx::query_scalar("SELECT version FROM referral WHERE reference = $1")
                    .bind(reference.split('/').next().unwrap_or_default())
                    .fetch_optional(self.db.pool())
                    .await
                    .expect("the case's version");
            if let Some(version) = version {
                form.push(("version", version.to_string()));
            }
        }
        self.client
            .post(self.url(path))
            .header("cookie", cookie)
            .form(&form)
            .send()
            .await
            .expect("request sent")
    }

    /// The emails sent to `to` so far, oldest first, waiting up to 5 s for at least one.
    pub async fn emails_to(&self, to: &str) -> Vec<String> {
        for _ in 0..50 {
            let mut found: Vec<(std::time::SystemTime, String)> = std::fs::read_dir(&self.mail_dir)
                .into_iter()
                .flatten()
                .flatten()
                .filter_map(|entry| {
                    let text = std::fs::read_to_string(entry.path()).ok()?;
                    let modified = entry.metadata().ok()?.modified().ok()?;
                    text.contains(&format!("To: {to}"))
                        .then_some((modified, text))
                })
                .collect();
            if !found.is_empty() {
                found.sort();
                return found.into_iter().map(|(_, text)| text).collect();
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        Vec::new()
    }

    /// Asks the server to stop and waits for it, as SIGTERM would.
    pub async fn stop(&mut self) -> Result<(), server::StartError> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        match self.server.take() {
            Some(handle) => handle.await.expect("server task"),
            None => Ok(()),
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = std::fs::remove_dir_all(&self.mail_dir);
        let _ = std::fs::remove_dir_all(format!("{}-files", self.mail_dir.display()));
        match &self.cleanup {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::Postgres { admin_url, name } => {
                let (admin_url, name) = (admin_url.clone(), name.clone());
                // Drop runs inside the test's runtime: use a thread with its own.
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .expect("runtime");
                    rt.block_on(async {
                        if let Ok(mut conn) = sqlx::PgConnection::connect(&admin_url).await {
                            // The name is ours (a UUID), never input.
                            let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                                "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                            )))
                            .execute(&mut conn)
                            .await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

/// The PostgreSQL server for tests, when `NRM_TEST_POSTGRES_URL` is set.
pub fn postgres_url() -> Option<String> {
    std::env::var("NRM_TEST_POSTGRES_URL")
        .ok()
        .filter(|v| !v.is_empty())
}

/// A fresh, empty database of the given kind, and what removes it afterwards.
async fn fresh_database(backend: Backend) -> Option<(String, Cleanup)> {
    let id = uuid::Uuid::new_v4().simple().to_string();
    match backend {
        Backend::Sqlite => {
            let path = std::env::temp_dir().join(format!("nrm-test-{id}.db"));
            Some((format!("sqlite://{}", path.display()), Cleanup::File(path)))
        }
        Backend::Postgres => {
            let admin_url = postgres_url()?;
            let name = format!("nrm_test_{id}");
            let mut conn = sqlx::PgConnection::connect(&admin_url)
                .await
                .expect("NRM_TEST_POSTGRES_URL must reach a PostgreSQL server");
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
                .execute(&mut conn)
                .await
                .expect("create test database");
            let url = with_database(&admin_url, &name);
            Some((url, Cleanup::Postgres { admin_url, name }))
        }
    }
}

/// The same server URL with another database name.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let server = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    match query {
        Some(q) => format!("{server}/{name}?{q}"),
        None => format!("{server}/{name}"),
    }
}

pub fn test_config(database_url: &str, demo_data: bool) -> Config {
    test_config_with_mail(
        database_url,
        demo_data,
        &std::env::temp_dir().join("nrm-test-mail"),
    )
}

pub fn test_config_with_mail(
    database_url: &str,
    demo_data: bool,
    mail_dir: &std::path::Path,
) -> Config {
    test_config_full(database_url, demo_data, mail_dir, true, None, &[])
}

fn test_config_full(
    database_url: &str,
    demo_data: bool,
    mail_dir: &std::path::Path,
    background_jobs: bool,
    public_url: Option<&str>,
    settings: &[(&'static str, &'static str)],
) -> Config {
    let settings = settings.to_vec();
    let database_url = database_url.to_owned();
    let public_url = public_url.map(str::to_owned);
    let mail_dir = mail_dir.display().to_string();
    Config::from_lookup(move |name| match name {
        _ if settings.iter().any(|(n, _)| *n == name) => settings
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| (*v).to_owned()),
        "BACKGROUND_JOBS" => Some(background_jobs.to_string()),
        "DATABASE_URL" => Some(database_url.clone()),
        "MAIL_DIR" => Some(mail_dir.clone()),
        "FILE_DIR" => Some(format!("{mail_dir}-files")),
        "LEPTOS_SITE_ADDR" => Some("127.0.0.1:0".into()),
        "DEMO_DATA" => Some(demo_data.to_string()),
        "STATISTICS_CACHE_SECONDS" => Some("0".into()),
        "PUBLIC_URL" => public_url.clone(),
        _ => None,
    })
    .expect("test config")
}

/// Starts the service on a free port with a fresh database. `None` when the
/// backend is PostgreSQL and no test server is configured.
pub async fn spawn(backend: Backend) -> Option<TestApp> {
    spawn_with(backend, false).await
}

pub async fn spawn_with(backend: Backend, demo_data: bool) -> Option<TestApp> {
    spawn_full(backend, demo_data, true, None).await
}

/// Starts the service without its background jobs, for tests that drive them by hand.
pub async fn spawn_without_jobs(backend: Backend) -> Option<TestApp> {
    spawn_full(backend, false, false, None).await
}

/// With the demo accounts, and without background jobs (the outbox keeps its messages).
pub async fn spawn_without_jobs_with_demo(backend: Backend) -> Option<TestApp> {
    spawn_full(backend, true, false, None).await
}

/// The address people reach the service by when it is served over HTTPS (by
/// a proxy in front of it; the test still speaks plain HTTP to it).
pub const HTTPS_PUBLIC_URL: &str = "https://nrm.example.gov.uk";

/// Starts the service as if served at [`HTTPS_PUBLIC_URL`]; the client posts
/// with that Origin, as a browser there would.
pub async fn spawn_https(backend: Backend) -> Option<TestApp> {
    spawn_full(backend, false, true, Some(HTTPS_PUBLIC_URL)).await
}

/// With some settings of its own (`("EVIDENCE_QUOTA_MB", "1")`).
#[allow(dead_code)]
pub async fn spawn_with_settings(
    backend: Backend,
    settings: &[(&'static str, &'static str)],
) -> Option<TestApp> {
    spawn_configured(backend, false, true, None, settings).await
}

/// With the demo accounts and some settings of its own.
#[allow(dead_code)]
pub async fn spawn_demo_with_settings(
    backend: Backend,
    settings: &[(&'static str, &'static str)],
) -> Option<TestApp> {
    spawn_configured(backend, true, true, None, settings).await
}

async fn spawn_full(
    backend: Backend,
    demo_data: bool,
    background_jobs: bool,
    public_url: Option<&str>,
) -> Option<TestApp> {
    spawn_configured(backend, demo_data, background_jobs, public_url, &[]).await
}

async fn spawn_configured(
    backend: Backend,
    demo_data: bool,
    background_jobs: bool,
    public_url: Option<&str>,
    settings: &[(&'static str, &'static str)],
) -> Option<TestApp> {
    let (database_url, cleanup) = fresh_database(backend).await?;
    let mail_dir =
        std::env::temp_dir().join(format!("nrm-test-mail-{}", uuid::Uuid::new_v4().simple()));
    let config = test_config_full(
        &database_url,
        demo_data,
        &mail_dir,
        background_jobs,
        public_url,
        settings,
    );
    let state = prepare(&config).await.expect("service prepares");
    let db = state.db.clone();
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let (tx, rx) = oneshot::channel::<()>();
    let server = tokio::spawn(serve(listener, state, async {
        let _ = rx.await;
    }));
    // As a browser posting from our own pages does: with our Origin.
    let mut origin = reqwest::header::HeaderMap::new();
    origin.insert(
        reqwest::header::ORIGIN,
        reqwest::header::HeaderValue::from_str(public_url.unwrap_or(&base)).expect("origin"),
    );
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(origin)
        .build()
        .expect("client");
    Some(TestApp {
        base,
        mail_dir,
        client,
        db,
        database_url,
        shutdown: Some(tx),
        server: Some(server),
        cleanup,
    })
}

/// Runs a test once on SQLite and once on PostgreSQL (when configured).
/// `on_both_databases!(name, spawner, test)` starts the app with another spawner.
#[macro_export]
macro_rules! on_both_databases {
    ($name:ident, $test:expr) => {
        $crate::on_both_databases!($name, $crate::common::spawn, $test);
    };
    ($name:ident, $spawn:path, $test:expr) => {
        mod $name {
            use super::*;

            #[tokio::test]
            async fn sqlite() {
                let app = $spawn($crate::common::Backend::Sqlite)
                    .await
                    .expect("sqlite app");
                ($test)(app).await;
            }

            #[tokio::test]
            async fn postgres() {
                let Some(app) = $spawn($crate::common::Backend::Postgres).await else {
                    // CI always has PostgreSQL: a missing URL there is a broken run, not a skip.
                    assert!(
                        std::env::var("CI").map_or(true, |ci| ci != "true"),
                        "CI=true but NRM_TEST_POSTGRES_URL is not set"
                    );
                    eprintln!("NRM_TEST_POSTGRES_URL is not set: PostgreSQL run skipped");
                    return;
                };
                ($test)(app).await;
            }
        }
    };
}

#[test]
fn with_database_swaps_only_the_name() {
    assert_eq!(
        with_database("postgres://postgres@127.0.0.1:5432/postgres", "x"),
        "postgres://postgres@127.0.0.1:5432/x"
    );
    assert_eq!(
        with_database("postgres://root@localhost/test?sslmode=disable", "y"),
        "postgres://root@localhost/y?sslmode=disable"
    );
    assert_eq!(with_database("postgres://h", "z"), "postgres://h/z");
}

/// A signed-in session for `email`, made in the session store; returns the cookie to send.
pub async fn signed_in(app: &TestApp, email: &str) -> String {
    let user = app::session::SignedIn {
        email: email.to_owned(),
        organisation: "Metropolitan Police Service".to_owned(),
    };
    let id = server::identity::sessions::start(
        &app.db,
        &user,
        server::identity::sessions::Lifetime {
            idle: 3600,
            max: 12 * 3600,
        },
        server::platform::clock::now_seconds(),
    )
    .await
    .expect("session started");
    format!("nrm_session={id}")
}

/// Where a redirect points.
/// The live session cookie a response sets (`nrm_session=…`), if any.
#[allow(dead_code)]
pub fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("nrm_session=") && !v.contains("Max-Age=0"))
        .map(|v| v.split(';').next().unwrap_or_default().to_owned())
}

/// Asserts the page was drawn again with a problem (422) that says `message`.
#[allow(dead_code)]
pub async fn assert_refused_with(response: reqwest::Response, message: &str) {
    assert_eq!(response.status().as_u16(), 422, "{message}");
    let page = response.text().await.expect("body");
    assert!(page.contains(message), "{message}: {page}");
}

/// Signs in at the staff sign-in page and passes the second factor (setting
/// it up first if need be): the full session's cookie, or `None` when the
/// password is refused (or must be changed first).
#[allow(dead_code)]
pub async fn staff_sign_in(app: &TestApp, email: &str, password: &str) -> Option<String> {
    let response = app
        .post_form(
            "/staff/sign-in",
            &[("email", email), ("password", password)],
        )
        .await;
    let half = session_cookie(&response)?;
    pass_second_factor(app, email, &half, &location(&response)).await
}

/// The demo caseworker, signed in with password and code: the cookie to send.
pub async fn demo_caseworker(app: &TestApp) -> String {
    staff_sign_in(
        app,
        "demo.caseworker@sca.example.gov.uk",
        server::identity::staff::DEMO_PASSWORD,
    )
    .await
    .expect("the demo caseworker signs in")
}

/// The second-factor secret the set-up page shows a half-signed-in person.
#[allow(dead_code)]
pub async fn secret_on_set_up_page(app: &TestApp, half: &str) -> String {
    let page = app
        .get_as(half, app::routes::SECOND_FACTOR_SET_UP)
        .await
        .text()
        .await
        .unwrap();
    // The element's text, whatever order its attributes are written in.
    let after = page
        .split("id=\"setup-key\"")
        .nth(1)
        .and_then(|rest| rest.split_once('>'))
        .unwrap_or_else(|| panic!("no setup key: {page}"))
        .1;
    after.split('<').next().unwrap().replace(' ', "")
}

/// The app's code for `secret` now.
#[allow(dead_code)]
pub fn code_now(secret: &str) -> String {
    use server::identity::totp;
    totp::code_at(
        secret,
        totp::step_at(server::platform::clock::now_seconds()),
    )
    .unwrap()
}

/// Passes the second factor for a half-open session that was sent to `at`
/// (the code page, or the set-up page): the full session's cookie.
#[allow(dead_code)]
pub async fn pass_second_factor(
    app: &TestApp,
    email: &str,
    half: &str,
    at: &str,
) -> Option<String> {
    let (page, secret) = if at == app::routes::SECOND_FACTOR_SET_UP {
        (at, secret_on_set_up_page(app, half).await)
    } else {
        assert_eq!(at, app::routes::SECOND_FACTOR, "after the password");
        // The secret the person's app holds: the one stored for them.
        let secret: String =
            sqlx::query_scalar("SELECT secret FROM staff_second_factor WHERE email = $1")
                .bind(email.to_lowercase())
                .fetch_one(app.db.pool())
                .await
                .expect("a second factor set up");
        (at, secret)
    };
    // Each sign-in here stands for one in its own 30-second step: the step
    // last used is forgotten first (tests of a code used twice post their own).
    sqlx::query("UPDATE staff_second_factor SET last_step = NULL WHERE email = $1")
        .bind(email.to_lowercase())
        .execute(app.db.pool())
        .await
        .unwrap();
    let response = app
        .post_as(half, page, &[("code", &code_now(&secret))])
        .await;
    let status = response.status();
    let cookie = session_cookie(&response);
    if !(status.is_success() || status.is_redirection()) {
        let page = response.text().await.unwrap_or_default();
        panic!(
            "the second factor was refused: {status}: {}",
            first_problem(&page)
        );
    }
    cookie
}

pub fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// The casework queue server function's form with every filter empty.
#[allow(dead_code)]
pub const QUEUE_FORM: [(&str, &str); 14] = [
    ("query[status]", ""),
    ("query[overdue]", "false"),
    ("query[age]", ""),
    ("query[mine]", "false"),
    ("query[assignee]", ""),
    ("query[search]", ""),
    ("query[nationality]", ""),
    ("query[organisation]", ""),
    ("query[exploitation]", ""),
    ("query[flag]", ""),
    ("query[sort]", ""),
    ("query[at][page]", "0"),
    ("query[at][after]", ""),
    ("query[at][before]", ""),
];

/// The first entry of a page's error summary: "#<field> <message>".
#[allow(dead_code)]
pub fn first_problem(html: &str) -> String {
    let list = html
        .split_once("govuk-error-summary__list")
        .expect("an error summary")
        .1;
    let link = list.split_once("href=\"").expect("a link").1;
    let (href, rest) = link.split_once('"').unwrap();
    let text = rest
        .split_once('>')
        .unwrap()
        .1
        .split_once("</a>")
        .unwrap()
        .0;
    let text = text.replace("<!>", "");
    format!("{href} {}", text.trim())
}

/// Posts one of a case page's forms as `cookie`: "done" for a redirect back
/// to the case (any of its tabs or parts), the first problem the refused page
/// shows (422) as "#<field> <message>", else "status <code>".
#[allow(dead_code)]
pub async fn case_form(
    app: &TestApp,
    cookie: &str,
    reference: &str,
    fields: &[(&str, &str)],
) -> String {
    let page = format!("/casework/cases/{reference}");
    let response = app.post_as(cookie, &page, fields).await;
    match response.status().as_u16() {
        303 => {
            let to = location(&response);
            assert!(to.starts_with(&page), "{to}");
            "done".to_owned()
        }
        422 => first_problem(&response.text().await.unwrap()),
        other => format!("status {other}"),
    }
}

/// A page `cookie` may see (200), as text.
#[allow(dead_code)]
pub async fn page_as(app: &TestApp, cookie: &str, path: &str) -> String {
    let response = app.get_as(cookie, path).await;
    assert_eq!(response.status().as_u16(), 200, "{path}");
    response.text().await.unwrap()
}

/// A referral as intake receives it, about a person (name, ISO date of
/// birth) with these answers: an open adult NRM case from England, sent by
/// jo@met.police.uk. Tests change what they need.
#[allow(dead_code)]
pub fn new_referral(
    reference: &str,
    received_at: i64,
    answers: &[(&str, &str)],
    (name, dob): (&str, &str),
) -> server::casework::cases::intake::NewReferral {
    use app::casework::lifecycle::State;
    use app::casework::referral::{AgeGroup, Nation, ReferralKind};
    let answers: std::collections::BTreeMap<&str, &str> = answers.iter().copied().collect();
    server::casework::cases::intake::NewReferral {
        id: uuid::Uuid::new_v4().to_string(),
        reference: reference.to_owned(),
        kind: ReferralKind::Nrm,
        draft_id: uuid::Uuid::new_v4().to_string(),
        received_at,
        nation: Nation::England,
        adult_or_child: AgeGroup::Adult,
        adult_or_child_during_exploitation: AgeGroup::Adult,
        referrer_email: "jo@met.police.uk".to_owned(),
        referrer_organisation: "Metropolitan Police Service".to_owned(),
        answers: serde_json::to_string(&answers).unwrap(),
        payload: "{}".to_owned(),
        state: State::Submitted,
        nationality: "Albanian".to_owned(),
        pv_name: name.to_owned(),
        pv_name_key: app::casework::duplicates::name_key(name),
        pv_dob: dob.to_owned(),
        pv_gender: String::new(),
        exploitation: String::new(),
        organisation_type: String::new(),
        referrer_domain: "met.police.uk".to_owned(),
        priority: app::casework::tasks::Priority(0),
        assignee: None,
    }
}
