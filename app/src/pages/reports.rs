//! The first responder's dashboard and the pages around a saved report.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{reports, DraftSummary, ReportsView};
use crate::components::Page;
use crate::pages::step::ServiceProblem;
use crate::routes;

/// `/nrm/reports`: the responder's saved reports, and a way to start one.
#[component]
pub fn Reports() -> impl IntoView {
    let load = Resource::new(|| (), |_| reports());
    let query = use_query_map();
    let deleted = move || query.read().get("deleted").is_some();
    view! {
        <Suspense fallback=|| ()>
            {move || {
                // Read while the page's scope is live (see casework::case).
                let deleted = deleted();
                Suspend::new(async move {
                    match load.await {
                        Ok(view) => view! { <ReportsList view deleted /> }.into_any(),
                        Err(_) => view! { <ServiceProblem /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn ReportsList(view: ReportsView, deleted: bool) -> impl IntoView {
    let ReportsView {
        email,
        organisation,
        drafts,
    } = view;
    let empty = drafts.is_empty();
    view! {
        <Page title="Your reports">
            {deleted.then(|| view! {
                <div class="govuk-notification-banner govuk-notification-banner--success" role="alert"
                    aria-labelledby="deleted-title" data-module="govuk-notification-banner">
                    <div class="govuk-notification-banner__header">
                        <h2 class="govuk-notification-banner__title" id="deleted-title">"Success"</h2>
                    </div>
                    <div class="govuk-notification-banner__content">
                        <p class="govuk-notification-banner__heading">"The report has been deleted"</p>
                    </div>
                </div>
            })}
            <h1 class="govuk-heading-l">"Your reports"</h1>
            <p class="govuk-body" id="signed-in-as">
                "Signed in as " <strong>{email}</strong> " (" {organisation} ")"
            </p>
            <form method="post" action=routes::NEW_REPORT>
                <button type="submit" class="govuk-button" data-module="govuk-button">
                    "Start a new report"
                </button>
            </form>
            <h2 class="govuk-heading-m">"Saved reports"</h2>
            {if empty {
                view! { <p class="govuk-body">"You have no saved reports."</p> }.into_any()
            } else {
                view! {
                    <p class="govuk-body">
                        "Reports you have not sent are deleted when they expire. Changing a report moves its expiry date on."
                    </p>
                    {drafts.into_iter().map(|draft| view! { <DraftCard draft /> }).collect_view()}
                }
                .into_any()
            }}
            <p class="govuk-body">
                <a class="govuk-link" href=routes::SENT_CASES>"Your sent referrals"</a>
            </p>
        </Page>
    }
}

#[component]
fn DraftCard(draft: DraftSummary) -> impl IntoView {
    let days = match draft.days_left {
        0 => "Expires today".to_owned(),
        1 => "1 day".to_owned(),
        n => format!("{n} days"),
    };
    let delete_href = format!("{}?id={}", routes::DELETE_REPORT, draft.id);
    view! {
        <div class="govuk-summary-card">
            <div class="govuk-summary-card__title-wrapper">
                <h3 class="govuk-summary-card__title">{draft.name.clone()}</h3>
                <ul class="govuk-summary-card__actions">
                    <li class="govuk-summary-card__action">
                        <a class="govuk-link" href=delete_href>
                            "Delete" <span class="govuk-visually-hidden">" " {draft.name.clone()}</span>
                        </a>
                    </li>
                </ul>
            </div>
            <div class="govuk-summary-card__content">
                <dl class="govuk-summary-list">
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">"Started"</dt>
                        <dd class="govuk-summary-list__value">{draft.created}</dd>
                    </div>
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">"Expires"</dt>
                        <dd class="govuk-summary-list__value">{draft.expires}</dd>
                    </div>
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">"Days left"</dt>
                        <dd class="govuk-summary-list__value">{days}</dd>
                    </div>
                </dl>
                <form method="post" action=routes::CONTINUE_REPORT>
                    <input type="hidden" name="id" value=draft.id />
                    <button type="submit" class="govuk-button govuk-!-margin-bottom-0" data-module="govuk-button">
                        "Continue" <span class="govuk-visually-hidden">" " {draft.name}</span>
                    </button>
                </form>
            </div>
        </div>
    }
}

/// `/nrm/are-you-sure?id=`: asks before deleting a saved report.
#[component]
pub fn DeleteReport() -> impl IntoView {
    let query = use_query_map();
    let id = move || query.read().get("id").unwrap_or_default();
    let load = Resource::new(|| (), |_| reports());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let id = id();
                match load.await {
                    Ok(view) => match view.drafts.into_iter().find(|d| d.id == id) {
                        Some(draft) => view! { <ConfirmDelete draft /> }.into_any(),
                        None => view! { <crate::pages::NotFound /> }.into_any(),
                    },
                    Err(_) => view! { <ServiceProblem /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ConfirmDelete(draft: DraftSummary) -> impl IntoView {
    view! {
        <Page title="Are you sure you want to delete this report?" back=routes::REPORTS.to_owned()>
            <h1 class="govuk-heading-l">"Are you sure you want to delete this report?"</h1>
            <p class="govuk-body">
                "You are deleting " <strong>{draft.name}</strong>
                ". Its answers and any files you uploaded will be deleted. You cannot undo this."
            </p>
            <form method="post" action=routes::DELETE_REPORT>
                <input type="hidden" name="id" value=draft.id />
                <div class="govuk-button-group">
                    <button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button">
                        "Yes, delete the report"
                    </button>
                    <a class="govuk-link" href=routes::REPORTS>"No, keep it"</a>
                </div>
            </form>
        </Page>
    }
}

/// `/report-saved?until=YYYY-MM-DD`: after "Save and exit", once signed out.
#[component]
pub fn ReportSaved() -> impl IntoView {
    let query = use_query_map();
    let until = move || {
        query
            .read()
            .get("until")
            .and_then(|text| crate::dates::parse_iso(&text))
            .map(crate::dates::long_date)
    };
    view! {
        <Page title="Your report has been saved">
            <div class="govuk-panel govuk-panel--confirmation">
                <h1 class="govuk-panel__title">"Your report has been saved"</h1>
            </div>
            {move || until().map(|date| view! {
                <p class="govuk-body" id="saved-until">
                    "We will keep it until the end of " <strong>{date}</strong>
                    ". If you change it, we will keep it for longer."
                </p>
            })}
            <p class="govuk-body">
                "You have been signed out. To carry on, sign in again with the same work email address and choose the report from your list."
            </p>
            <p class="govuk-body">
                <a class="govuk-link" href=routes::WHO_DO_YOU_WORK_FOR>"Sign in again"</a>
            </p>
        </Page>
    }
}
