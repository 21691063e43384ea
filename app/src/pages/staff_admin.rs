//! `/casework/admin/staff`: administrators list, add, disable and re-enable
//! staff accounts. The add form is a plain post; a refused one comes back as
//! this page (422) with its errors and what was typed (never the password).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{staff_accounts, StaffAccountRow};
use crate::casework::staff::{EMAIL, FIRST_PASSWORD, NAME, ROLE, STAFF_ROLES};
use crate::components::{use_form_state, ErrorSummary, Page, Problem, RowAction, TextInput};
use crate::pages::LoadProblem;
use crate::routes;

#[component]
pub fn StaffAdmin() -> impl IntoView {
    let load = Resource::new(|| (), |_| staff_accounts());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match load.await {
                    Ok(accounts) => view! { <StaffAccounts accounts /> }.into_any(),
                    Err(error) => view! { <LoadProblem error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn StaffAccounts(accounts: Vec<StaffAccountRow>) -> impl IntoView {
    let query = use_query_map();
    let added = query.read_untracked().get("added").unwrap_or_default();
    let (posted, errors) = use_form_state();
    let (email, name, role) = (
        posted.get(EMAIL).to_owned(),
        posted.get(NAME).to_owned(),
        posted.get(ROLE).to_owned(),
    );
    let has_errors = Signal::derive(move || !errors.read().is_empty());
    let role_error = move || {
        errors
            .read()
            .iter()
            .find(|e| e.field == ROLE)
            .map(|e| e.message.clone())
    };
    view! {
        <Page title="Staff accounts" back=routes::CASEWORK.to_owned() has_errors>
            <ErrorSummary errors />
            {(!added.is_empty()).then(|| view! {
                <div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="added-title" data-module="govuk-notification-banner">
                    <div class="govuk-notification-banner__header">
                        <h2 class="govuk-notification-banner__title" id="added-title">"Success"</h2>
                    </div>
                    <div class="govuk-notification-banner__content">
                        <p class="govuk-notification-banner__heading">{format!("Account added for {added}. Give them their first password in person or by phone: they choose their own when they first sign in.")}</p>
                    </div>
                </div>
            })}
            <h1 class="govuk-heading-l">"Staff accounts"</h1>
            <p class="govuk-body">
                <a class="govuk-link" href=routes::RESPONDERS_ADMIN>"Find, bar or lift the bar on a first responder"</a>
            </p>
            <p class="govuk-body">
                <a class="govuk-link" href=routes::AUDIT_LOG>"Read the audit log"</a>
            </p>
            <p class="govuk-body">
                <a class="govuk-link" href=routes::FAILED_MAIL>"Email the service could not send"</a>
            </p>
            <div class="nrm-table-scroll" role="region" aria-label="Staff accounts" tabindex="0">
            <table class="govuk-table" id="staff-accounts">
                <caption class="govuk-table__caption govuk-visually-hidden">"Staff accounts"</caption>
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">"Name"</th>
                        <th scope="col" class="govuk-table__header">"Email"</th>
                        <th scope="col" class="govuk-table__header">"Role"</th>
                        <th scope="col" class="govuk-table__header">"Status"</th>
                        <th scope="col" class="govuk-table__header">"Second factor"</th>
                        <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">"Action"</span></th>
                    </tr>
                </thead>
                <tbody class="govuk-table__body">
                    {accounts.into_iter().map(|a| {
                        let label = if a.active { "Disable" } else { "Enable" };
                        view! {
                            <tr class="govuk-table__row">
                                <td class="govuk-table__cell">{a.name.clone()}</td>
                                <td class="govuk-table__cell">{a.email}</td>
                                <td class="govuk-table__cell">{a.role}</td>
                                <td class="govuk-table__cell">
                                    {if a.active {
                                        view! { <strong class="govuk-tag govuk-tag--green">"Active"</strong> }.into_any()
                                    } else {
                                        view! { <strong class="govuk-tag govuk-tag--grey">"Disabled"</strong> }.into_any()
                                    }}
                                </td>
                                <td class="govuk-table__cell">
                                    <p class="govuk-body-s govuk-!-margin-bottom-2">{a.second_factor}</p>
                                    {a.reset_href.map(|href| view! {
                                        <RowAction action=href label="Reset second factor" about=format!("for {}", a.name) />
                                    })}
                                </td>
                                <td class="govuk-table__cell">
                                    <RowAction action=a.action_href label about=a.name.clone() />
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
            <h2 class="govuk-heading-m" id="add">"Add a member of staff"</h2>
            <form method="post" action=routes::STAFF_ADMIN novalidate=true>
                <TextInput name=EMAIL label="Email address" value=email input_type="email" autocomplete="off" spellcheck_off=true errors />
                <TextInput name=NAME label="Full name" value=name autocomplete="off" errors />
                <div class=move || crate::components::group_class(role_error().is_some())>
                    <fieldset class="govuk-fieldset" aria-describedby=move || role_error().map(|_| "role-error")>
                        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Role"</legend>
                        {move || role_error().map(|message| view! { <Problem id="role" message /> })}
                        <div class="govuk-radios" data-module="govuk-radios">
                            <crate::components::RadioItems
                                name=ROLE
                                checked=role.clone()
                                choices=STAFF_ROLES.iter().map(|(value, label)| (value.as_str(), (*label).to_owned())).collect()
                            />
                        </div>
                    </fieldset>
                </div>
                <TextInput name=FIRST_PASSWORD label="First password" hint="At least 12 characters. Give it to them in person or by phone, never by email." value=String::new() input_type="password" autocomplete="new-password" errors />
                <button type="submit" class="govuk-button" data-module="govuk-button">"Add account"</button>
            </form>
        </Page>
    }
}
