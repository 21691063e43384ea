//! `/nrm/cases`: referrals the responder's organisation has sent, and one of
//! them with the Single Competent Authority's requests and decisions.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::{find_sent_case, list_sent_cases, SentCase, SentCaseView};
use crate::components::{ErrorSummary, Page};
use crate::forms::FieldError;
use crate::pages::step::ServiceProblem;
use crate::pages::NotFound;
use crate::routes;

#[component]
pub fn SentCases() -> impl IntoView {
    let load = Resource::new(|| (), |_| list_sent_cases());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match load.await {
                    Ok(cases) => view! { <SentList cases /> }.into_any(),
                    Err(_) => view! { <ServiceProblem /> }.into_any(),
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
    let query = use_query_map();
    let empty = move || query.read().get("empty").is_some();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match load.await {
                    Ok(Some(case)) => view! { <SentCasePage case empty=empty() /> }.into_any(),
                    Ok(None) => view! { <NotFound /> }.into_any(),
                    Err(_) => view! { <ServiceProblem /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SentCasePage(case: SentCaseView, empty: bool) -> impl IntoView {
    let answer_href = format!("{}/{}/answer", routes::SENT_CASES, case.reference);
    let answer_errors = RwSignal::new(if empty {
        vec![FieldError::new("answer", "Enter the information asked for")]
    } else {
        Vec::new()
    });
    view! {
        <Page title="Referral" back=routes::SENT_CASES.to_owned() has_errors=empty>
            <ErrorSummary errors=answer_errors />
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
                <form method="post" action=answer_href novalidate=true>
                    <div class=if empty { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                        <h2 class="govuk-label-wrapper">
                            <label class="govuk-label govuk-label--m" for="answer">"Answer the request for information"</label>
                        </h2>
                        {empty.then(|| view! {
                            <p id="answer-error" class="govuk-error-message">
                                <span class="govuk-visually-hidden">"Error: "</span>"Enter the information asked for"
                            </p>
                        })}
                        <textarea class="govuk-textarea" id="answer" name="answer" rows="5"
                            aria-describedby=empty.then_some("answer-error")></textarea>
                    </div>
                    <button type="submit" class="govuk-button" data-module="govuk-button">"Send the answer"</button>
                </form>
            })}
        </Page>
    }
}
