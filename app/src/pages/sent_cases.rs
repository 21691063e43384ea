//! `/nrm/cases`: referrals the responder's organisation has sent, and one of
//! them with the Single Competent Authority's requests and decisions.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::{find_sent_case, list_sent_cases, SentCase, SentCaseView};
use crate::casework::case_forms::ANSWER;
use crate::components::{use_form_state, ErrorSummary, Page};
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
        <Page title="Referrals your organisation has sent" back=routes::REPORTS.to_owned()>
            <h1 class="govuk-heading-l">"Referrals your organisation has sent"</h1>
            {if empty {
                view! { <p class="govuk-body">"Your organisation has not sent any referrals yet."</p> }.into_any()
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
                view! {
                    <ol class="nrm-timeline" id="thread">
                        {case.thread.into_iter().map(|entry| view! {
                            <li class="nrm-timeline__item">
                                <h3 class="govuk-heading-s govuk-!-margin-bottom-1">{entry.title}</h3>
                                <p class="govuk-body-s govuk-!-margin-bottom-1">{entry.who} ", " {entry.when}</p>
                                {(!entry.reasons.is_empty()).then(|| view! { <p class="govuk-body nrm-answer">{entry.reasons}</p> })}
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
            {case.can_answer.then(|| view! {
                <form method="post" action=case_href novalidate=true>
                    <div class=if error.is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                        <h2 class="govuk-label-wrapper">
                            <label class="govuk-label govuk-label--m" for=ANSWER>"Answer the request for information"</label>
                        </h2>
                        {error.clone().map(|message| view! {
                            <p id="answer-error" class="govuk-error-message">
                                <span class="govuk-visually-hidden">"Error: "</span>{message}
                            </p>
                        })}
                        <textarea
                            class=if error.is_some() { "govuk-textarea govuk-textarea--error" } else { "govuk-textarea" }
                            id=ANSWER name=ANSWER rows="5"
                            aria-describedby=error.is_some().then_some("answer-error")
                        >{typed}</textarea>
                    </div>
                    <button type="submit" class="govuk-button" data-module="govuk-button">"Send the answer"</button>
                </form>
            })}
        </Page>
    }
}
