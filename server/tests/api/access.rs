//! The authorisation matrix: every route and every server function, called
//! as nobody, as the referrer, as a colleague at the same organisation it was
//! not shared with, as a barred responder, as each staff role and as a
//! member of staff whose password was right but who has not passed the
//! second factor yet. What each
//! gets is compared with what the permission table in `app` says, so a
//! route or server function added without a row here fails this test.

use std::collections::BTreeSet;

use app::casework::lifecycle::Role;
use app::casework::permissions::{may, Action};
use app::routes;

use crate::common::{location, TestApp};

const REFERENCE: &str = "NRM-1999-000042";
const REFERRER: &str = "jo@met.police.uk";
const COLLEAGUE: &str = "sam@met.police.uk";
const BARRED: &str = "gone@met.police.uk";
const PASSWORD: &str = server::identity::staff::DEMO_PASSWORD;

/// Who is asking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Nobody,
    /// The first responder who sent the case.
    Referrer,
    /// A first responder at the referrer's email domain it was not shared with.
    Colleague,
    /// A first responder an administrator barred.
    Barred,
    Staff(Role),
    /// A caseworker after the password, before the second factor.
    HalfSignedIn,
}

/// What a route or server function asks of the person.
#[derive(Clone, Copy, Debug)]
enum Needs {
    /// Any live session.
    Session,
    /// A first responder's session whose role may do the action.
    Responder(Action),
    /// The same, and the case must be theirs.
    Referrer(Action),
    /// A staff session whose role may do the action.
    Staff(Action),
    /// A password checked and the second factor still due.
    SecondFactorDue,
}

impl Needs {
    /// What the permission table lets `who` do here.
    fn lets(self, who: Who) -> bool {
        let responder = matches!(who, Who::Referrer | Who::Colleague);
        match self {
            Needs::Session => responder || matches!(who, Who::Staff(_)),
            Needs::Responder(action) => responder && may(Role::FirstResponder, action),
            Needs::Referrer(action) => who == Who::Referrer && may(Role::FirstResponder, action),
            Needs::Staff(action) => matches!(who, Who::Staff(role) if may(role, action)),
            Needs::SecondFactorDue => who == Who::HalfSignedIn,
        }
    }
}

/// One request to make.
struct Call {
    /// The route as the router names it (or the server function's path).
    route: &'static str,
    get: bool,
    path: String,
    form: Vec<(&'static str, String)>,
    needs: Needs,
}

fn post(route: &'static str, path: &str, form: &[(&'static str, &str)], needs: Needs) -> Call {
    Call {
        route,
        get: false,
        path: path.to_owned(),
        form: form.iter().map(|(k, v)| (*k, (*v).to_owned())).collect(),
        needs,
    }
}

fn get(route: &'static str, path: &str, needs: Needs) -> Call {
    Call {
        route,
        get: true,
        path: path.to_owned(),
        form: Vec::new(),
        needs,
    }
}

/// Each of the case page's forms, posted to the case's address: each asks
/// for its own permission, and is refused with its problem (nothing changes)
/// when let through. A new form must be added here to compile.
fn case_forms(case: &str) -> Vec<Call> {
    use app::casework::case_forms::{CaseForm, ASSIGNEE, EVENT, FORM, NOTE};
    use app::casework::flags::{FLAG, FLAG_ID};
    use app::casework::links::{LINK_ID, LINK_TO};
    use app::casework::restriction::{ACCESS_REASON, DECISION, REQUEST_ID, RESTRICT_REASON};
    CaseForm::ALL
        .iter()
        .map(|&form| {
            let (fields, action): (&[(&'static str, &str)], Action) = match form {
                CaseForm::Note => (&[(NOTE, "")], Action::AddNote),
                // No such event.
                CaseForm::Event => (&[(EVENT, "None")], Action::SendEvent),
                // To someone else (no such caseworker): a senior's hand-over.
                CaseForm::Assign => (&[(ASSIGNEE, "nobody@sca.example.gov.uk")], Action::Reassign),
                CaseForm::Flag => (&[(FLAG, "")], Action::ManageFlags),
                CaseForm::Unflag => (&[(FLAG_ID, "none")], Action::ManageFlags),
                CaseForm::Link => (&[(LINK_TO, "")], Action::ManageLinks),
                CaseForm::Unlink => (&[(LINK_ID, "none")], Action::ManageLinks),
                CaseForm::Restrict => (&[(RESTRICT_REASON, "")], Action::RestrictCase),
                // Without the case's version: refused as stale.
                CaseForm::Unrestrict => (&[], Action::RestrictCase),
                CaseForm::AskAccess => (&[(ACCESS_REASON, "")], Action::AskForAccess),
                CaseForm::DecideAccess => (
                    &[(REQUEST_ID, "none"), (DECISION, "none")],
                    Action::RestrictCase,
                ),
            };
            let mut posted = vec![(FORM, form.as_str())];
            posted.extend_from_slice(fields);
            post(
                "/casework/cases/{reference}",
                case,
                &posted,
                Needs::Staff(action),
            )
        })
        .collect()
}

/// Every plain route that checks who is asking, with a request that changes
/// nothing of note when let through (a refused form, an unknown account).
fn routes_called() -> Vec<Call> {
    use Needs::*;
    let case = format!("{}/{REFERENCE}", routes::CASES);
    let sent = format!("{}/{REFERENCE}", routes::SENT_CASES);
    let journey = |route: &'static str, form: &[(&'static str, &str)]| {
        post(route, route, form, Responder(Action::MakeReferral))
    };
    let mut calls = vec![
        post(routes::KEEP_ALIVE, routes::KEEP_ALIVE, &[], Session),
        post(
            routes::SESSIONS,
            routes::SESSIONS,
            &[("session", "none")],
            Session,
        ),
        post(
            routes::SECOND_FACTOR,
            routes::SECOND_FACTOR,
            &[("code", "")],
            SecondFactorDue,
        ),
        post(
            routes::SECOND_FACTOR_SET_UP,
            routes::SECOND_FACTOR_SET_UP,
            &[("code", "")],
            SecondFactorDue,
        ),
        post(
            routes::RECOVERY_CODE,
            routes::RECOVERY_CODE,
            &[("recovery-code", "")],
            SecondFactorDue,
        ),
        journey(routes::NEW_REPORT, &[]),
        journey(routes::CONTINUE_REPORT, &[("id", "none")]),
        journey(routes::DELETE_REPORT, &[("id", "none")]),
        journey(routes::CONFIRM, &[]),
        journey(routes::UPLOAD, &[]),
        journey(routes::REMOVE_UPLOAD, &[("id", "none")]),
        post(
            "/nrm/{step}",
            "/nrm/reference",
            &[],
            Responder(Action::MakeReferral),
        ),
        post(
            "/nrm/cases/{reference}",
            &sent,
            &[("form", "answer"), ("answer", "")],
            Referrer(Action::ViewOwnSentCases),
        ),
        post(
            routes::ADD_DOCUMENT_ROUTE,
            &routes::add_document_href(REFERENCE),
            &[],
            Staff(Action::AddDocument),
        ),
        get(
            "/casework/statistics/{file}",
            "/casework/statistics/quarters.csv",
            Staff(Action::ViewStatistics),
        ),
        post(
            routes::STAFF_ADMIN,
            routes::STAFF_ADMIN,
            &[],
            Staff(Action::ManageStaff),
        ),
        post(
            "/casework/admin/staff/{email}/{action}",
            "/casework/admin/staff/nobody@sca.example.gov.uk/enable",
            &[],
            Staff(Action::ManageStaff),
        ),
        post(
            routes::RESPONDERS_ADMIN,
            routes::RESPONDERS_ADMIN,
            &[],
            Staff(Action::ManageResponders),
        ),
        post(
            "/casework/admin/responders/{email}/{action}",
            "/casework/admin/responders/nobody@met.police.uk/lift",
            &[],
            Staff(Action::ManageResponders),
        ),
        post(
            "/casework/admin/failed-mail/{id}/retry",
            "/casework/admin/failed-mail/none/retry",
            &[],
            Staff(Action::RetryFailedMail),
        ),
        get(
            "/casework/admin/export/{file}",
            &routes::case_export(REFERENCE),
            Staff(Action::ExportCase),
        ),
    ];
    calls.extend(case_forms(&case));
    calls
}

/// Routes open to everyone, or checked elsewhere, and why.
const NOT_CALLED: &[(&str, &str)] = &[
    (
        routes::HEALTHZ,
        "open to all: says whether the database answers",
    ),
    (
        routes::WHO_DO_YOU_WORK_FOR,
        "open to all: asks for a sign-in link",
    ),
    (
        routes::SIGN_IN_LINK,
        "open to all: a link's token is the key",
    ),
    (
        routes::SIGN_OUT,
        "open to all: ends whatever session the cookie names",
    ),
    (routes::STAFF_SIGN_IN, "open to all: a password is the key"),
    (
        routes::STAFF_PASSWORD,
        "open to all: the current password is the key",
    ),
    (
        "/evidence/{id}",
        "by file: journey.rs's evidence tests (uploader and caseworkers only)",
    ),
    ("/api/{*function}", "every server function is called below"),
    (
        routes::OFFLINE_WORKER,
        "open to all: the service worker's script, which holds no data",
    ),
];

/// Every server function, with arguments that decode, and what it needs.
fn server_functions_called() -> Vec<Call> {
    use Action as A;
    use Needs::*;
    let api = |name: &'static str, form: &[(&'static str, &str)], needs| Call {
        route: name,
        get: false,
        path: format!("/api/{name}"),
        form: form.iter().map(|(k, v)| (*k, (*v).to_owned())).collect(),
        needs,
    };
    vec![
        api("sent-cases", &[], Responder(A::ViewOwnSentCases)),
        api(
            "sent-case",
            &[("reference", REFERENCE)],
            Referrer(A::ViewOwnSentCases),
        ),
        api(
            "casework-queue",
            &crate::common::QUEUE_FORM,
            Staff(A::ViewQueue),
        ),
        api(
            "casework-case",
            &[("reference", REFERENCE), ("tab", "")],
            Staff(A::ViewCase),
        ),
        api(
            "casework-work",
            &[
                ("mine", "true"),
                ("at[page]", "0"),
                ("at[after]", ""),
                ("at[before]", ""),
            ],
            Staff(A::ViewQueue),
        ),
        api(
            "casework-person-search",
            &[
                ("query[name]", "hoxha"),
                ("query[dob_day]", ""),
                ("query[dob_month]", ""),
                ("query[dob_year]", ""),
                ("query[nationality]", ""),
                ("query[ho_reference]", ""),
                ("query[crime_reference]", ""),
                ("query[phone]", ""),
                ("query[email]", ""),
            ],
            Staff(A::ViewQueue),
        ),
        api("casework-statistics", &[], Staff(A::ViewStatistics)),
        api(
            "casework-dtn",
            &[("search", ""), ("page", "0")],
            Staff(A::ViewQueue),
        ),
        api("staff-accounts", &[], Staff(A::ManageStaff)),
        api(
            "audit-log",
            &[("case", ""), ("person", "")],
            Staff(A::ViewAuditLog),
        ),
        api("failed-mail", &[], Staff(A::RetryFailedMail)),
        api(
            "responder-accounts",
            &[("search", "met")],
            Staff(A::ManageResponders),
        ),
        api("casework-team", &[], Staff(A::ViewTeam)),
        api("second-factor", &[], SecondFactorDue),
        api("my-sessions", &[], Session),
        api(
            "load-step",
            &[("slug", "reference"), ("changing", "false")],
            Responder(A::MakeReferral),
        ),
        api("reports", &[], Responder(A::MakeReferral)),
        api("check-answers", &[], Responder(A::MakeReferral)),
        api("start-offline", &[], Responder(A::MakeReferral)),
        api(
            "find-submitted",
            &[("reference", REFERENCE)],
            Responder(A::MakeReferral),
        ),
    ]
}

/// Server functions not called here, and why.
const SERVER_FUNCTIONS_NOT_CALLED: &[(&str, &str)] = &[
    ("reference-list", "open to all: the journey's public lists"),
    (
        "save-step",
        "JSON input: journey.rs saves steps as a responder and as staff",
    ),
    (
        "sync-steps",
        "JSON input: offline.rs syncs steps as a responder and is refused as staff",
    ),
];

/// What someone got: let through, or turned away (and how).
fn refused(call: &Call, status: u16, location: &str, body: &str) -> bool {
    let to_sign_in = [
        routes::STAFF_SIGN_IN,
        routes::WHO_DO_YOU_WORK_FOR,
        routes::START,
    ];
    let turned_away = status == 403
        // The second-factor pages tell anyone else to sign in first.
        || body.contains("\"SignInFirst\"")
        || status == 401
        || (status == 303 && to_sign_in.contains(&location))
        || body.contains(app::casework::permissions::NOT_PERMITTED)
        || body.contains("You are signed out")
        || body.contains("Sign in as a member of staff")
        // load-step and check-answers send a signed-out person to sign in.
        || body.contains(routes::WHO_DO_YOU_WORK_FOR);
    match call.needs {
        // Someone else's case is answered as if it did not exist.
        Needs::Referrer(_) => {
            turned_away || status == 404 || (status == 200 && !body.contains(REFERENCE))
        }
        _ => turned_away,
    }
}

async fn sessions(app: &TestApp) -> Vec<(Who, Option<String>)> {
    let mut who = vec![
        (Who::Nobody, None),
        (
            Who::Referrer,
            Some(crate::common::signed_in(app, REFERRER).await),
        ),
        (
            Who::Colleague,
            Some(crate::common::signed_in(app, COLLEAGUE).await),
        ),
    ];
    // Barred after signing in: the session they had is what they would try.
    let barred = crate::common::signed_in(app, BARRED).await;
    let email = app::domain::WorkEmail::parse(BARRED).unwrap();
    server::identity::accounts::add_if_absent(&app.db, &email, "Gone", Role::FirstResponder, "Met")
        .await
        .unwrap();
    let admin = server::platform::audit::Actor::new("demo.admin@sca.example.gov.uk", "admin");
    let by = server::platform::audit::By {
        actor: &admin,
        origin: &Default::default(),
    };
    server::identity::responder_admin::set_barred(&app.db, BARRED, true, by, 1)
        .await
        .unwrap();
    who.push((Who::Barred, Some(barred)));
    for (email, role) in [
        ("demo.caseworker@sca.example.gov.uk", Role::Caseworker),
        ("demo.reviewer@sca.example.gov.uk", Role::SeniorCaseworker),
        ("demo.admin@sca.example.gov.uk", Role::Admin),
    ] {
        let cookie = crate::common::staff_sign_in(app, email, PASSWORD).await;
        who.push((Who::Staff(role), cookie));
    }
    let half = app
        .post_form(
            routes::STAFF_SIGN_IN,
            &[
                ("email", "demo.caseworker@sca.example.gov.uk"),
                ("password", PASSWORD),
            ],
        )
        .await;
    who.push((Who::HalfSignedIn, crate::common::session_cookie(&half)));
    who
}

/// The route patterns `server/src/web/router.rs` declares.
fn declared_routes() -> BTreeSet<String> {
    let source = include_str!("../../src/web/router.rs");
    let consts: std::collections::BTreeMap<&str, &str> = [
        ("routes::ADD_DOCUMENT_ROUTE", routes::ADD_DOCUMENT_ROUTE),
        ("routes::CONFIRM", routes::CONFIRM),
        ("routes::CONTINUE_REPORT", routes::CONTINUE_REPORT),
        ("routes::DELETE_REPORT", routes::DELETE_REPORT),
        ("routes::HEALTHZ", routes::HEALTHZ),
        ("routes::OFFLINE_WORKER", routes::OFFLINE_WORKER),
        ("routes::KEEP_ALIVE", routes::KEEP_ALIVE),
        ("routes::NEW_REPORT", routes::NEW_REPORT),
        ("routes::REMOVE_UPLOAD", routes::REMOVE_UPLOAD),
        ("routes::SIGN_IN_LINK", routes::SIGN_IN_LINK),
        ("routes::SIGN_OUT", routes::SIGN_OUT),
        ("routes::STAFF_ADMIN", routes::STAFF_ADMIN),
        ("routes::STAFF_PASSWORD", routes::STAFF_PASSWORD),
        ("routes::STAFF_SIGN_IN", routes::STAFF_SIGN_IN),
        ("routes::UPLOAD", routes::UPLOAD),
        ("routes::RESPONDERS_ADMIN", routes::RESPONDERS_ADMIN),
        ("routes::SECOND_FACTOR", routes::SECOND_FACTOR),
        ("routes::SECOND_FACTOR_SET_UP", routes::SECOND_FACTOR_SET_UP),
        ("routes::RECOVERY_CODE", routes::RECOVERY_CODE),
        ("routes::SESSIONS", routes::SESSIONS),
        ("routes::WHO_DO_YOU_WORK_FOR", routes::WHO_DO_YOU_WORK_FOR),
    ]
    .into_iter()
    .collect();
    source
        .split(".route(")
        .skip(1)
        .map(|rest| {
            let first = rest.trim_start().split([',', ')']).next().unwrap().trim();
            match first.strip_prefix('"') {
                Some(literal) => literal.trim_end_matches('"').to_owned(),
                None => consts
                    .get(first)
                    .unwrap_or_else(|| panic!("a route named by {first}: add it to this test"))
                    .to_string(),
            }
        })
        .collect()
}

#[test]
fn every_route_the_router_declares_is_in_the_matrix() {
    let covered: BTreeSet<String> = routes_called()
        .iter()
        .map(|c| c.route.to_owned())
        .chain(NOT_CALLED.iter().map(|(r, _)| (*r).to_owned()))
        .collect();
    let declared = declared_routes();
    let missing: Vec<&String> = declared.difference(&covered).collect();
    assert!(
        missing.is_empty(),
        "routes without a row in the matrix: {missing:?}"
    );
    let stale: Vec<&String> = covered.difference(&declared).collect();
    assert!(stale.is_empty(), "rows for routes that are gone: {stale:?}");
}

#[test]
fn every_server_function_is_in_the_matrix() {
    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/").to_owned())
        .collect();
    let covered: BTreeSet<String> = server_functions_called()
        .iter()
        .map(|c| c.route.to_owned())
        .chain(
            SERVER_FUNCTIONS_NOT_CALLED
                .iter()
                .map(|(f, _)| (*f).to_owned()),
        )
        .collect();
    assert_eq!(
        registered, covered,
        "server functions and the matrix's rows differ"
    );
}

on_both_databases!(
    everyone_gets_what_the_permission_table_says,
    crate::common::spawn_without_jobs_with_demo,
    |app: TestApp| async move {
        crate::casework::a_case_now(&app, REFERENCE, "2000-01-05").await;
        let people = sessions(&app).await;
        let mut wrong = Vec::new();
        for call in routes_called()
            .iter()
            .chain(server_functions_called().iter())
        {
            for (who, cookie) in &people {
                let url = app.url(&call.path);
                let mut request = if call.get {
                    app.client.get(url)
                } else {
                    app.client.post(url).form(&call.form)
                };
                if let Some(cookie) = cookie {
                    request = request.header("cookie", cookie);
                }
                let response = request.send().await.unwrap();
                let status = response.status().as_u16();
                let to = location(&response);
                let body = response.text().await.unwrap_or_default();
                let expected = call.needs.lets(*who);
                if refused(call, status, &to, &body) == expected {
                    wrong.push(format!(
                        "{} {} as {who:?}: expected {}, got {status} {to} {}",
                        if call.get { "GET" } else { "POST" },
                        call.path,
                        if expected { "let through" } else { "refused" },
                        body.chars().take(120).collect::<String>()
                    ));
                }
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }
);
