//! The crash test's load and its check (`scripts/crash-test.sh` runs it).
//!
//! `crash_load load`: N first responders at once, each signing in through
//! an emailed link, filling a referral through the real form posts (as a
//! browser with JavaScript off does), uploading one file and sending it. A
//! request that fails because the server is down (the script kills it) is
//! tried again until the server is back. Each reference a responder is shown
//! is written to the results file the moment it is shown.
//!
//! `crash_load check`: reads the results and the database and mail folder,
//! and says `<n> shown, <l> lost, <d> duplicated, <m> mails twice`; it exits
//! non-zero unless all three are 0. With `--servers` naming two addresses,
//! it also signs a caseworker in on one and works a case on the other.
//!
//! Settings come from the environment: `CRASH_SERVERS` (comma-separated base
//! URLs; requests go to them in turn), `CRASH_SUBMITTERS`, `CRASH_RESULTS`,
//! `MAIL_DIR`, `FILE_DIR`, `DATABASE_URL`, `CRASH_RUN` (a tag in addresses).

#[path = "../tests/api/answers.rs"]
#[allow(dead_code)]
mod answers;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use answers::{ADULT_NRM_END, ADULT_START};

/// A PNG's first bytes, and a body: the file every responder uploads.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR crash-test evidence";
/// What the file is, as its responder describes it.
const EVIDENCE_DESCRIPTION: &str = "A witness statement from the crash test";
/// How long a responder waits for a server that is down before giving up.
const PATIENCE: Duration = Duration::from_secs(120);

type Failure = Box<dyn std::error::Error + Send + Sync>;

fn env(name: &str) -> Result<String, Failure> {
    std::env::var(name).map_err(|_| format!("{name} is not set").into())
}

/// The servers, taken in turn, and a client that never follows redirects.
#[derive(Clone)]
struct Servers {
    bases: Arc<Vec<String>>,
    next: Arc<AtomicUsize>,
    client: reqwest::Client,
}

impl Servers {
    fn from_env() -> Result<Self, Failure> {
        let bases: Vec<String> = env("CRASH_SERVERS")?
            .split(',')
            .map(|b| b.trim().trim_end_matches('/').to_owned())
            .filter(|b| !b.is_empty())
            .collect();
        Ok(Self {
            bases: Arc::new(bases),
            next: Arc::new(AtomicUsize::new(0)),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(Duration::from_secs(60))
                .build()?,
        })
    }

    fn base(&self) -> String {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        self.bases[n % self.bases.len()].clone()
    }

    /// Sends a request built by `make` for a base URL, again and again while
    /// no server answers (or one answers 5xx while it starts); returns the
    /// status, the `location` header and the body.
    async fn send(
        &self,
        make: impl Fn(&reqwest::Client, &str) -> reqwest::RequestBuilder,
    ) -> Result<(u16, String, String, Vec<String>), Failure> {
        let began = Instant::now();
        loop {
            let base = self.base();
            let outcome = make(&self.client, &base)
                .header("origin", &base)
                .send()
                .await;
            match outcome {
                Ok(response) if response.status().as_u16() < 500 => {
                    let status = response.status().as_u16();
                    let location = response
                        .headers()
                        .get("location")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_owned();
                    let cookies = response
                        .headers()
                        .get_all("set-cookie")
                        .iter()
                        .filter_map(|v| v.to_str().ok())
                        .map(str::to_owned)
                        .collect();
                    let body = response.text().await.unwrap_or_default();
                    return Ok((status, location, body, cookies));
                }
                Ok(_) | Err(_) if began.elapsed() < PATIENCE => {
                    tokio::time::sleep(Duration::from_millis(250)).await;
                }
                Ok(response) => return Err(format!("server answered {}", response.status()).into()),
                Err(error) => return Err(format!("no server answered: {error}").into()),
            }
        }
    }
}

fn session_of(cookies: &[String]) -> Option<String> {
    cookies
        .iter()
        .find(|c| c.starts_with("nrm_session=") && !c.contains("Max-Age=0"))
        .map(|c| c.split(';').next().unwrap_or_default().to_owned())
}

/// A message's text with quoted-printable's folds and `=3D` undone.
fn unfolded(email: &str) -> String {
    email
        .replace("=\r\n", "")
        .replace("=\n", "")
        .replace("=3D", "=")
}

/// The newest sign-in link mailed to `email`, waiting up to `wait`.
async fn link_for(mail_dir: &Path, email: &str, wait: Duration) -> Option<String> {
    let began = Instant::now();
    while began.elapsed() < wait {
        let mut found: Vec<(std::time::SystemTime, String)> = std::fs::read_dir(mail_dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|entry| {
                let text = unfolded(&std::fs::read_to_string(entry.path()).ok()?);
                let modified = entry.metadata().ok()?.modified().ok()?;
                text.contains(&format!("To: {email}"))
                    .then_some((modified, text))
            })
            .filter_map(|(at, text)| {
                let token = text
                    .split_whitespace()
                    .find(|w| w.contains("/nrm/start?token="))?
                    .rsplit_once("token=")?
                    .1
                    .to_owned();
                Some((at, token))
            })
            .collect();
        found.sort();
        if let Some((_, token)) = found.pop() {
            return Some(token);
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    None
}

/// One responder's whole referral; the reference shown at the end.
async fn one_responder(
    servers: &Servers,
    mail_dir: &Path,
    email: &str,
    own_reference: &str,
) -> Result<(String, Duration), Failure> {
    // Sign in: ask for a link (again if none came: the server may have died
    // before it queued one), then open it.
    let cookie = loop {
        servers
            .send(|c, base| {
                c.post(format!("{base}{}", app::routes::WHO_DO_YOU_WORK_FOR))
                    .form(&[("organisation", "Police Scotland"), ("email", email)])
            })
            .await?;
        let Some(token) = link_for(mail_dir, email, Duration::from_secs(20)).await else {
            continue;
        };
        let (_, _, _, cookies) = servers
            .send(|c, base| {
                c.post(format!("{base}{}", app::routes::SIGN_IN_LINK))
                    .form(&[("token", token.as_str())])
            })
            .await?;
        if let Some(cookie) = session_of(&cookies) {
            break cookie;
        }
    };
    let post = |path: String, form: Vec<(&'static str, String)>| {
        let cookie = cookie.clone();
        async move {
            servers
                .send(|c, base| {
                    c.post(format!("{base}{path}"))
                        .header("cookie", &cookie)
                        .form(&form)
                })
                .await
        }
    };
    post(app::routes::NEW_REPORT.to_owned(), Vec::new()).await?;
    let steps = ADULT_START.iter().chain(ADULT_NRM_END.iter());
    for (slug, fields) in steps {
        let form: Vec<(&'static str, String)> = fields
            .iter()
            .map(|(name, value)| match *name {
                "reference" => (*name, own_reference.to_owned()),
                _ => (*name, (*value).to_owned()),
            })
            .collect();
        if *slug == "upload-evidence" {
            let (status, location, _, _) = servers
                .send(|c, base| {
                    let part = reqwest::multipart::Part::bytes(PNG.to_vec())
                        .file_name("statement.png")
                        .mime_str("image/png")
                        .expect("a media type");
                    c.post(format!("{base}{}", app::routes::UPLOAD))
                        .header("cookie", &cookie)
                        .multipart(
                            reqwest::multipart::Form::new().part(server::evidence::FIELD, part),
                        )
                })
                .await?;
            if status != 303 || location.contains("upload-refused") {
                return Err(format!("{email}: upload refused: {status} {location}").into());
            }
        }
        let (status, location, body, _) = post(format!("/nrm/{slug}"), form).await?;
        if status != 303 {
            return Err(format!("{email}: {slug} answered {status}: {}", first_line(&body)).into());
        }
        let _ = location;
    }
    // With a file, the step after the upload asks what it is.
    let described = vec![(
        "what-evidence-you-will-submit",
        EVIDENCE_DESCRIPTION.to_owned(),
    )];
    let (status, location, _, _) =
        post("/nrm/what-evidence-you-will-submit".to_owned(), described).await?;
    if status != 303 || location != app::routes::CONFIRM {
        return Err(format!("{email}: the description answered {status} {location}").into());
    }
    let began = Instant::now();
    let (status, location, _, _) = post(app::routes::CONFIRM.to_owned(), Vec::new()).await?;
    let sending = began.elapsed();
    match location.split_once("reference=") {
        Some((_, reference)) if status == 303 => Ok((reference.to_owned(), sending)),
        _ => Err(format!("{email}: sending answered {status} {location}").into()),
    }
}

fn first_line(body: &str) -> String {
    body.lines()
        .find(|l| l.contains("govuk-error-summary__list") || l.contains("error"))
        .unwrap_or_default()
        .chars()
        .take(200)
        .collect()
}

/// The line a shown reference is written as, and the answers posted.
#[derive(serde::Serialize, serde::Deserialize)]
struct Shown {
    email: String,
    own_reference: String,
    reference: String,
}

async fn load() -> Result<(), Failure> {
    let servers = Servers::from_env()?;
    let submitters: usize = env("CRASH_SUBMITTERS")?.parse()?;
    let run = env("CRASH_RUN")?;
    let mail_dir = PathBuf::from(env("MAIL_DIR")?);
    let results = Arc::new(Mutex::new(
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(env("CRASH_RESULTS")?)?,
    ));
    let sends: Arc<Mutex<Vec<Duration>>> = Arc::default();
    let began = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for n in 0..submitters {
        let (servers, mail_dir, results) = (servers.clone(), mail_dir.clone(), results.clone());
        let email = format!("crash.{run}.{n}@met.police.uk");
        let own_reference = format!("crash-{run}-{n}");
        let sends = sends.clone();
        tasks.spawn(async move {
            let (reference, sending) =
                one_responder(&servers, &mail_dir, &email, &own_reference).await?;
            sends.lock().expect("timings").push(sending);
            let line = serde_json::to_string(&Shown {
                email,
                own_reference,
                reference,
            })?;
            let mut file = results.lock().expect("results file");
            writeln!(file, "{line}")?;
            file.sync_data()?;
            Ok::<(), Failure>(())
        });
    }
    let mut failed = 0;
    while let Some(done) = tasks.join_next().await {
        if let Err(error) = done.map_err(Failure::from).and_then(|r| r) {
            eprintln!("a responder could not finish: {error}");
            failed += 1;
        }
    }
    println!(
        "load: {} responders finished, {failed} could not",
        submitters - failed
    );
    // The send (the confirm post: the referral, its files and its email
    // stored in one transaction) as each responder waited for it.
    let mut sends = sends.lock().expect("timings").clone();
    sends.sort();
    let at = |q: f64| {
        sends
            .get(((sends.len() as f64 * q).ceil() as usize).saturating_sub(1))
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    println!(
        "sending: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms; {} whole referrals in {:.1} s",
        at(0.5),
        at(0.95),
        at(1.0),
        sends.len(),
        began.elapsed().as_secs_f64()
    );
    if failed > 0 {
        return Err(format!("{failed} responders could not finish").into());
    }
    Ok(())
}

async fn check() -> Result<(), Failure> {
    sqlx::any::install_default_drivers();
    let db = sqlx::AnyPool::connect(&env("DATABASE_URL")?).await?;
    let mail_dir = PathBuf::from(env("MAIL_DIR")?);
    let file_dir = PathBuf::from(env("FILE_DIR")?);
    let shown: Vec<Shown> = std::fs::read_to_string(env("CRASH_RESULTS")?)?
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;

    // Let the outbox finish: every message sent, or a minute gone.
    let began = Instant::now();
    loop {
        let waiting: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")
            .fetch_one(&db)
            .await?;
        if waiting == 0 || began.elapsed() > Duration::from_secs(60) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let mails: Vec<String> = std::fs::read_dir(&mail_dir)?
        .flatten()
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .map(|m| unfolded(&m))
        .collect();

    let posted: Vec<(&str, &str)> = ADULT_START
        .iter()
        .chain(ADULT_NRM_END.iter())
        .flat_map(|(_, fields)| fields.iter().copied())
        .filter(|(name, _)| *name != "reference")
        .chain([("what-evidence-you-will-submit", EVIDENCE_DESCRIPTION)])
        .collect();
    let (mut lost, mut duplicated, mut twice) = (Vec::new(), Vec::new(), Vec::new());
    for one in &shown {
        let rows: Vec<(String, String, String)> =
            sqlx::query_as("SELECT id, reference, answers FROM referral WHERE referrer_email = $1")
                .bind(&one.email)
                .fetch_all(&db)
                .await?;
        if rows.len() > 1 {
            duplicated.push(one.email.clone());
        }
        let Some((id, _, answers)) = rows.iter().find(|(_, r, _)| *r == one.reference) else {
            lost.push(format!("{}: no case", one.reference));
            continue;
        };
        // Every answer posted is kept as it was posted.
        let answers: BTreeMap<String, String> = serde_json::from_str(answers)?;
        let missing: Vec<&str> = posted
            .iter()
            .copied()
            .chain([("reference", one.own_reference.as_str())])
            .filter(|(name, value)| answers.get(*name).map(String::as_str) != Some(*value))
            .map(|(name, _)| name)
            .collect();
        if !missing.is_empty() {
            lost.push(format!("{}: answers missing {missing:?}", one.reference));
        }
        let files: Vec<(String, i64)> = sqlx::query_as(
            "SELECT storage_key, size_bytes FROM evidence_file WHERE referral_id = $1",
        )
        .bind(id)
        .fetch_all(&db)
        .await?;
        let whole = files.iter().any(|(key, size)| {
            std::fs::metadata(file_dir.join(key)).is_ok_and(|m| m.len() == *size as u64)
        });
        if !whole {
            lost.push(format!("{}: its file is missing", one.reference));
        }
        let confirmations = mails
            .iter()
            .filter(|m| m.contains(&format!("To: {}", one.email)) && m.contains(&one.reference))
            .count();
        match confirmations {
            1 => {}
            0 => lost.push(format!("{}: no confirmation email", one.reference)),
            _ => twice.push(one.reference.clone()),
        }
    }
    // Cases nobody was shown (the server died before answering) are not lost:
    // the responder pressed again and was shown the same one.
    let references: BTreeSet<&str> = shown.iter().map(|s| s.reference.as_str()).collect();
    let mut by_email: BTreeMap<&str, usize> = BTreeMap::new();
    for one in &shown {
        *by_email.entry(one.email.as_str()).or_default() += 1;
    }
    for (email, times) in by_email {
        if times > 1 {
            duplicated.push(format!("{email} shown {times} references"));
        }
    }
    for problem in lost.iter().chain(&duplicated).chain(&twice) {
        eprintln!("problem: {problem}");
    }
    println!(
        "{} shown, {} lost, {} duplicated, {} mails twice",
        references.len(),
        lost.len(),
        duplicated.len(),
        twice.len()
    );
    if servers_check(&db).await? {
        println!("casework: a case opened on one server and assigned on the other");
    }
    let runs: Vec<(String,)> =
        sqlx::query_as("SELECT detail FROM audit_log WHERE action = 'scheduled-job-run'")
            .fetch_all(&db)
            .await?;
    let periods: BTreeSet<&str> = runs.iter().map(|(d,)| d.as_str()).collect();
    println!(
        "scheduled jobs: {} runs in {} periods",
        runs.len(),
        periods.len()
    );
    if runs.len() != periods.len() {
        return Err("a scheduled period ran twice".into());
    }
    if !(lost.is_empty() && duplicated.is_empty() && twice.is_empty()) {
        return Err("referrals lost or duplicated, or mail sent twice".into());
    }
    Ok(())
}

/// With several servers: a caseworker signs in (password and code) through
/// them in turn, opens a case and takes it; the database shows it taken.
async fn servers_check(db: &sqlx::AnyPool) -> Result<bool, Failure> {
    let servers = Servers::from_env()?;
    if servers.bases.len() < 2 {
        return Ok(false);
    }
    let email = "demo.caseworker@sca.example.gov.uk";
    let (_, location, _, cookies) = servers
        .send(|c, base| {
            c.post(format!("{base}{}", app::routes::STAFF_SIGN_IN))
                .form(&[
                    ("email", email),
                    ("password", server::identity::staff::DEMO_PASSWORD),
                ])
        })
        .await?;
    let half = session_of(&cookies).ok_or("no half-open session")?;
    if location != app::routes::SECOND_FACTOR {
        return Err(format!("after the password: {location}").into());
    }
    let now = server::platform::clock::now_seconds();
    let code = server::identity::totp::code_at(
        server::tools::demo::DEMO_SECOND_FACTOR_SECRET,
        server::identity::totp::step_at(now),
    )?;
    let (_, _, _, cookies) = servers
        .send(|c, base| {
            c.post(format!("{base}{}", app::routes::SECOND_FACTOR))
                .header("cookie", &half)
                .form(&[("code", code.as_str())])
        })
        .await?;
    let desk = session_of(&cookies).ok_or("the code was refused")?;
    let reference: String = sqlx::query_scalar(
        "SELECT reference FROM referral WHERE kind = 'NRM' AND state = 'Submitted' \
         AND assignee_email IS NULL ORDER BY reference LIMIT 1",
    )
    .fetch_one(db)
    .await?;
    let page = format!("{}/{reference}", app::routes::CASES);
    let (status, _, _, _) = servers
        .send(|c, base| c.get(format!("{base}{page}")).header("cookie", &desk))
        .await?;
    if status != 200 {
        return Err(format!("the case page answered {status}").into());
    }
    let (status, _, _, _) = servers
        .send(|c, base| {
            c.post(format!("{base}{page}"))
                .header("cookie", &desk)
                .form(&[("form", "assign"), ("assignee", "me")])
        })
        .await?;
    let assignee: Option<String> =
        sqlx::query_scalar("SELECT assignee_email FROM referral WHERE reference = $1")
            .bind(&reference)
            .fetch_one(db)
            .await?;
    if status != 303 || assignee.as_deref() != Some(email) {
        return Err(format!("assigning answered {status}; assignee {assignee:?}").into());
    }
    Ok(true)
}

#[tokio::main]
async fn main() {
    let outcome = match std::env::args().nth(1).as_deref() {
        Some("load") => load().await,
        Some("check") => check().await,
        _ => Err("usage: crash_load load|check".into()),
    };
    if let Err(error) = outcome {
        eprintln!("crash_load: {error}");
        std::process::exit(1);
    }
}
