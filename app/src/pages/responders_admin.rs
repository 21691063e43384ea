//! `/casework/admin/responders`: administrators find a first responder by
//! their email address and bar them (their sessions end at once and no link
//! works for them) or lift the bar. Finding is a plain GET form.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{responder_accounts, ResponderRow};
use crate::casework::responders::{LEAVER, SUCCESSOR};
use crate::components::{use_form_state, ErrorSummary, Page, RowAction, TextInput};
use crate::pages::LoadProblem;
use crate::routes;

/// The search box's name (and the query string's).
pub const SEARCH: &str = "email";
/// After a hand-over: how many referrals went, and to whom (the query string's).
pub const HANDED: &str = "handed";
pub const HANDED_TO: &str = "to";

#[component]
pub fn RespondersAdmin() -> impl IntoView {
    let query = use_query_map();
    let search = move || query.read().get(SEARCH).unwrap_or_default();
    let load = Resource::new(search, responder_accounts);
    view! {
        <Suspense fallback=|| ()>
            {move || {
                // Read while the page's scope is live (see casework::case).
                let search = search();
                let (handed, handed_to) = query.with_untracked(|query| {
                    (query.get(HANDED), query.get(HANDED_TO).unwrap_or_default())
                });
                Suspend::new(async move {
                    match load.await {
                        Ok(accounts) => view! { <Responders accounts search handed handed_to /> }.into_any(),
                        Err(error) => view! { <LoadProblem error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Responders(
    accounts: Vec<ResponderRow>,
    search: String,
    handed: Option<String>,
    handed_to: String,
) -> impl IntoView {
    let searched = !search.trim().is_empty();
    let found = accounts.len();
    let (posted, errors) = use_form_state();
    let (leaver, successor) = (
        posted.get(LEAVER).to_owned(),
        posted.get(SUCCESSOR).to_owned(),
    );
    let has_errors = Signal::derive(move || !errors.read().is_empty());
    view! {
        <Page title="First responders" back=routes::STAFF_ADMIN.to_owned() has_errors>
            <ErrorSummary errors />
            {handed.map(|n| view! {
                <div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="handed-title" data-module="govuk-notification-banner">
                    <div class="govuk-notification-banner__header">
                        <h2 class="govuk-notification-banner__title" id="handed-title">"Success"</h2>
                    </div>
                    <div class="govuk-notification-banner__content">
                        <p class="govuk-notification-banner__heading" id="handed">{format!("{n} referrals handed to {handed_to}.")}</p>
                    </div>
                </div>
            })}
            <h1 class="govuk-heading-l">"First responders"</h1>
            <p class="govuk-body">
                "A barred first responder is signed out at once, and no sign-in link works for them until the bar is lifted. Their referrals stay with the Single Competent Authority."
            </p>
            <form method="get" action=routes::RESPONDERS_ADMIN>
                <div class="govuk-form-group">
                    <label class="govuk-label govuk-label--s" for=SEARCH>"Email address, or part of it"</label>
                    <input class="govuk-input govuk-!-width-two-thirds" id=SEARCH name=SEARCH type="search" spellcheck="false" autocomplete="off" value=search.clone() />
                </div>
                <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">"Find"</button>
            </form>
            {if !searched {
                view! { <p class="govuk-body">"Find a first responder by their email address."</p> }.into_any()
            } else if accounts.is_empty() {
                view! { <p class="govuk-body" id="responder-count">"No first responder has an address like that."</p> }.into_any()
            } else {
                view! {
                    <p class="govuk-body" id="responder-count">
                        {if found == 1 { "1 first responder".to_owned() } else { format!("{found} first responders (at most 50 are shown)") }}
                    </p>
                    <div class="nrm-table-scroll" role="region" aria-label="First responders found" tabindex="0">
                        <table class="govuk-table" id="responders">
                            <caption class="govuk-table__caption govuk-visually-hidden">"First responders found"</caption>
                            <thead class="govuk-table__head">
                                <tr class="govuk-table__row">
                                    <th scope="col" class="govuk-table__header">"Email"</th>
                                    <th scope="col" class="govuk-table__header">"Organisation"</th>
                                    <th scope="col" class="govuk-table__header">"Status"</th>
                                    <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">"Action"</span></th>
                                </tr>
                            </thead>
                            <tbody class="govuk-table__body">
                                {accounts.into_iter().map(|a| {
                                    let label = if a.barred { "Lift the bar" } else { "Bar" };
                                    view! {
                                        <tr class="govuk-table__row">
                                            <td class="govuk-table__cell">{a.email.clone()}</td>
                                            <td class="govuk-table__cell">{a.organisation}</td>
                                            <td class="govuk-table__cell">
                                                {if a.barred {
                                                    view! { <strong class="govuk-tag govuk-tag--red">"Barred"</strong> }.into_any()
                                                } else {
                                                    view! { <strong class="govuk-tag govuk-tag--green">"Active"</strong> }.into_any()
                                                }}
                                            </td>
                                            <td class="govuk-table__cell">
                                                <RowAction action=a.action_href label about=a.email.clone() />
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            <h2 class="govuk-heading-m" id="hand-over">"Hand a leaver's referrals to a colleague"</h2>
            <p class="govuk-body">
                "The colleague, at the same organisation, then sees the leaver's referrals, the Single Competent Authority's questions about them and its decisions, and answers for them."
            </p>
            <form method="post" action=routes::RESPONDERS_ADMIN novalidate=true>
                <TextInput name=LEAVER label="The leaver's work email address" value=leaver input_type="email" autocomplete="off" spellcheck_off=true errors />
                <TextInput name=SUCCESSOR label="The colleague's work email address" value=successor input_type="email" autocomplete="off" spellcheck_off=true errors />
                <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">"Hand over their referrals"</button>
            </form>
        </Page>
    }
}
