//! `/nrm/cases`: referrals the responder sent or a colleague shared with
//! them, and one of them with the Single Competent Authority's requests and
//! decisions, and whom it is shared with.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::{find_sent_case, list_sent_cases, SentCase, SentCaseView};
use crate::casework::case_forms::{SentCaseForm, ANSWER, COLLEAGUE, FORM};
use crate::components::{use_form_state, ErrorSummary, Page, Problem, TextArea};
use crate::pages::{LoadProblem, NotFound};
use crate::routes;

#[component]
pub fn SentCases() -> impl IntoView {
    let load = Resource::new(|| (), |_| list_sent_cases());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match load.await {
                    Ok(cases) => view! { <SentList cases /> }.into_any(),
                    Err(error) => view! { <LoadProblem error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SentList(cases: Vec<SentCase>) -> impl IntoView {
    let empty = cases.is_empty();
    view! {
        <Page title="Your sent referrals" back=routes::REPORTS.to_owned()>
            <h1 class="govuk-heading-l">"Your sent referrals"</h1>
            <p class="govuk-body">"Referrals you sent, and those a colleague has shared with you."</p>
            {if empty {
                view! { <p class="govuk-body">"You have no sent referrals yet."</p> }.into_any()
            } else {
                view! {
                    <dl class="govuk-summary-list">
                        {cases.into_iter().map(|case| {
                            let href = format!("{}/{}", routes::SENT_CASES, case.reference);
                            view! {
                                <div class="govuk-summary-list__row">
                                    <dt class="govuk-summary-list__key">
                                        <a class="govuk-link" href=href>{case.reference}</a>
                                    </dt>
                                    <dd class="govuk-summary-list__value">{case.status}</dd>
                                    <dd class="govuk-summary-list__value">{format!("Sent {}", case.received)}</dd>
                                </div>
                            }
                        }).collect_view()}
                    </dl>
                }.into_any()
            }}
        </Page>
    }
}

#[component]
pub fn SentCaseDetail() -> impl IntoView {
    let params = use_params_map();
    let reference = move || params.read().get("reference").unwrap_or_default();
    let load = Resource::new(reference, find_sent_case);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match load.await {
                    Ok(Some(case)) => view! { <SentCasePage case /> }.into_any(),
                    Ok(None) => view! { <NotFound /> }.into_any(),
                    Err(error) => view! { <LoadProblem error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SentCasePage(case: SentCaseView) -> impl IntoView {
    // The answer posts to this page's own address; a refused one comes back
    // here (422) with its error and what was typed.
    let case_href = format!("{}/{}", routes::SENT_CASES, case.reference);
    let (posted, errors) = use_form_state();
    let error = errors.with_untracked(|list| {
        list.iter()
            .find(|e| e.field == ANSWER)
            .map(|e| e.message.clone())
    });
    let typed = posted.get(ANSWER).to_owned();
    let colleague_error = errors.with_untracked(|list| {
        list.iter()
            .find(|e| e.field == COLLEAGUE)
            .map(|e| e.message.clone())
    });
    let typed_colleague = posted.get(COLLEAGUE).to_owned();
    let share_href = case_href.clone();
    let shared_with = case.shared_with.clone();
    view! {
        <Page title="Referral" back=routes::SENT_CASES.to_owned() has_errors=Signal::derive(move || errors.with(|e| !e.is_empty()))>
            <ErrorSummary errors />
            <span class="govuk-caption-l">"Referral"</span>
            <h1 class="govuk-heading-l">{case.reference.clone()}</h1>
            <dl class="govuk-summary-list">
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">"Status"</dt>
                    <dd class="govuk-summary-list__value" id="sent-status">{case.status}</dd>
                </div>
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">"Sent"</dt>
                    <dd class="govuk-summary-list__value">{case.received}</dd>
                </div>
            </dl>
            <h2 class="govuk-heading-m">"Messages and decisions"</h2>
            {if case.thread.is_empty() {
                view! { <p class="govuk-body">"Nothing yet."</p> }.into_any()
            } else {
                view! { <crate::components::Timeline id="thread" entries=case.thread /> }.into_any()
            }}
            {case.can_answer.then(|| view! {
                <form method="post" action=case_href novalidate=true>
                    <input type="hidden" name=FORM value=SentCaseForm::Answer.as_str() />
                    <TextArea id=ANSWER name=ANSWER label="Answer the request for information" heading=true value=typed problem=error rows=5 />
                    <button type="submit" class="govuk-button" data-module="govuk-button">"Send the answer"</button>
                </form>
            })}
            {case.can_share.then(|| view! {
                <SharePanel
                    action=share_href
                    shared_with
                    error=colleague_error
                    typed=typed_colleague
                />
            })}
        </Page>
    }
}

/// Who the referral is shared with, a "Stop sharing" button for each, and
/// the form to share it with a colleague at the same organisation.
#[component]
fn SharePanel(
    action: String,
    shared_with: Vec<String>,
    error: Option<String>,
    typed: String,
) -> impl IntoView {
    let group = crate::components::group_class(error.is_some());
    let input = if error.is_some() {
        "govuk-input govuk-input--error"
    } else {
        "govuk-input"
    };
    let stop_action = action.clone();
    view! {
        <h2 class="govuk-heading-m" id="sharing">"Colleagues who can see this referral"</h2>
        {if shared_with.is_empty() {
            view! { <p class="govuk-body">"Only you can see this referral."</p> }.into_any()
        } else {
            view! {
                <dl class="govuk-summary-list" id="shared-with">
                    {shared_with.into_iter().map(|email| {
                        let action = stop_action.clone();
                        view! {
                            <div class="govuk-summary-list__row">
                                <dt class="govuk-summary-list__key">{email.clone()}</dt>
                                <dd class="govuk-summary-list__actions">
                                    <form method="post" action=action>
                                        <input type="hidden" name=FORM value=SentCaseForm::StopSharing.as_str() />
                                        <input type="hidden" name=COLLEAGUE value=email.clone() />
                                        <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
                                            "Stop sharing"
                                            <span class="govuk-visually-hidden">{format!(" with {email}")}</span>
                                        </button>
                                    </form>
                                </dd>
                            </div>
                        }
                    }).collect_view()}
                </dl>
            }.into_any()
        }}
        <form method="post" action=action novalidate=true>
            <input type="hidden" name=FORM value=SentCaseForm::Share.as_str() />
            <div class=group>
                <label class="govuk-label govuk-label--s" for=COLLEAGUE>"Share with a colleague"</label>
                <div id="colleague-hint" class="govuk-hint">
                    "Their work email address. They will see this referral and its messages when they sign in, and can answer for you."
                </div>
                {error.clone().map(|message| view! { <Problem id=COLLEAGUE message /> })}
                <input
                    class=input
                    id=COLLEAGUE
                    name=COLLEAGUE
                    type="email"
                    spellcheck="false"
                    autocomplete="off"
                    value=typed
                    aria-describedby=if error.is_some() { "colleague-hint colleague-error" } else { "colleague-hint" }
                />
            </div>
            <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">"Share"</button>
        </form>
    }
}
