//! `/sessions`: where the signed-in person is signed in (started, last used,
//! which browser), and a button to end any other session. Ending one is a
//! plain post to this page's own address.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{my_sessions, SessionEntry};
use crate::components::Page;
use crate::pages::LoadProblem;
use crate::routes;

/// The form field naming the session to end.
pub const SESSION: &str = "session";
/// The field that ends every other session at once.
pub const ALL_OTHERS: &str = "all-others";

#[component]
pub fn YourSessions() -> impl IntoView {
    let load = Resource::new(|| (), |_| my_sessions());
    let query = use_query_map();
    view! {
        <Suspense fallback=|| ()>
            {move || {
                // Read while the page's scope is live (see casework::case).
                let ended = query.read_untracked().get("ended").unwrap_or_default();
                Suspend::new(async move {
                    match load.await {
                        Ok(sessions) => view! { <SessionList sessions ended /> }.into_any(),
                        Err(error) => view! { <LoadProblem error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn SessionList(sessions: Vec<SessionEntry>, ended: String) -> impl IntoView {
    let others = sessions.iter().filter(|s| !s.this_one).count();
    view! {
        <Page title="Where you are signed in">
            {(!ended.is_empty()).then(|| view! {
                <div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="ended-title" data-module="govuk-notification-banner">
                    <div class="govuk-notification-banner__header">
                        <h2 class="govuk-notification-banner__title" id="ended-title">"Success"</h2>
                    </div>
                    <div class="govuk-notification-banner__content">
                        <p class="govuk-notification-banner__heading">
                            {if ended == "all" { "Your other sessions have ended." } else { "The session has ended." }}
                        </p>
                    </div>
                </div>
            })}
            <h1 class="govuk-heading-l">"Where you are signed in"</h1>
            <p class="govuk-body">"If you see a session you do not recognise, end it and tell your manager."</p>
            <dl class="govuk-summary-list" id="sessions">
                {sessions.into_iter().map(|s| view! { <SessionRow session=s /> }).collect_view()}
            </dl>
            {(others > 1).then(|| view! {
                <form method="post" action=routes::SESSIONS>
                    <input type="hidden" name=ALL_OTHERS value="true" />
                    <button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button">
                        "End all your other sessions"
                    </button>
                </form>
            })}
            {(others == 0).then(|| view! {
                <p class="govuk-body" id="no-other-sessions">"You are not signed in anywhere else."</p>
            })}
        </Page>
    }
}

#[component]
fn SessionRow(session: SessionEntry) -> impl IntoView {
    let about = format!("{}, started {}", session.browser, session.started);
    view! {
        <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key">
                {session.browser.clone()}
                {session.this_one.then(|| view! { <strong class="govuk-tag govuk-tag--green govuk-!-margin-left-2">"This browser"</strong> })}
            </dt>
            <dd class="govuk-summary-list__value">
                <p class="govuk-body govuk-!-margin-bottom-1">{format!("Started {}", session.started)}</p>
                <p class="govuk-body govuk-!-margin-bottom-0">{format!("Last used {}", session.last_used)}</p>
            </dd>
            <dd class="govuk-summary-list__actions">
                {(!session.this_one).then(|| view! {
                    <form method="post" action=routes::SESSIONS>
                        <input type="hidden" name=SESSION value=session.handle.clone() />
                        <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
                            "End session"<span class="govuk-visually-hidden">{format!(" in {about}")}</span>
                        </button>
                    </form>
                })}
            </dd>
        </div>
    }
}
