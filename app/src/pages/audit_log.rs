//! `/casework/admin/audit`: administrators read the audit log, by case
//! (a reference) or by person (an email address), newest first, and see
//! when its hash chain was last checked. Filtering is a plain GET form.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{audit_log, AuditCheck, AuditRow, AuditView};
use crate::components::Page;
use crate::pages::LoadProblem;
use crate::routes;

/// The filters' names (and the query string's).
pub const CASE: &str = "case";
pub const PERSON: &str = "person";

#[component]
pub fn AuditLog() -> impl IntoView {
    let query = use_query_map();
    let filter = move || {
        let query = query.read();
        (
            query.get(CASE).unwrap_or_default(),
            query.get(PERSON).unwrap_or_default(),
        )
    };
    let load = Resource::new(filter, |(case, person)| audit_log(case, person));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match load.await {
                    Ok(view) => {
                        let (case, person) = filter();
                        view! { <Log view case person /> }.into_any()
                    }
                    Err(error) => view! { <LoadProblem error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Log(view: AuditView, case: String, person: String) -> impl IntoView {
    let AuditView { rows, check } = view;
    let count = rows.len();
    let exported = case.trim().to_owned();
    view! {
        <Page title="Audit log" back=routes::STAFF_ADMIN.to_owned()>
            <h1 class="govuk-heading-l">"Audit log"</h1>
            <p class="govuk-body">
                "Every time someone opens a case or changes anything, it is recorded here: who, what, when and from where. Nobody can change or remove a record."
            </p>
            <Check check />
            <form method="get" action=routes::AUDIT_LOG>
                <div class="govuk-form-group">
                    <label class="govuk-label govuk-label--s" for=CASE>"Case reference"</label>
                    <input class="govuk-input govuk-input--width-20" id=CASE name=CASE type="search" spellcheck="false" autocomplete="off" value=case />
                </div>
                <div class="govuk-form-group">
                    <label class="govuk-label govuk-label--s" for=PERSON>"Email address of a person"</label>
                    <div id="person-hint" class="govuk-hint">"What they did, and what was done to their account"</div>
                    <input class="govuk-input govuk-!-width-two-thirds" id=PERSON name=PERSON type="search" spellcheck="false" autocomplete="off" aria-describedby="person-hint" value=person />
                </div>
                <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">"Show records"</button>
            </form>
            <p class="govuk-body" id="audit-count">
                {match count {
                    0 => "No records match.".to_owned(),
                    1 => "1 record".to_owned(),
                    n => format!("The newest {n} records (at most 200 are shown)"),
                }}
            </p>
            {(!exported.is_empty()).then(|| {
                let reference = exported;
                let href = routes::case_export(&reference);
                view! {
                    <p class="govuk-body">
                        <a class="govuk-link" id="case-export" href=href download="">
                            {format!("Download everything held about {reference} (zip)")}
                        </a>
                    </p>
                    <p class="govuk-body-s">"The referral, its timeline, notes, letters, shares and files, and these records. Downloading it is recorded."</p>
                }
            })}
            {(count > 0).then(|| view! { <Rows rows /> })}
        </Page>
    }
}

#[component]
fn Check(check: Option<AuditCheck>) -> impl IntoView {
    match check {
        None => view! {
            <p class="govuk-body" id="audit-check">"The chain of records has not been checked yet."</p>
        }
        .into_any(),
        Some(AuditCheck { at, rows, broken_at: None }) => view! {
            <p class="govuk-body" id="audit-check">
                <strong class="govuk-tag govuk-tag--green govuk-!-margin-right-2">"Intact"</strong>
                {format!("Last checked {at}: all {rows} records follow from the ones before.")}
            </p>
        }
        .into_any(),
        Some(AuditCheck { at, broken_at: Some(seq), .. }) => view! {
            <div class="govuk-warning-text" id="audit-check">
                <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                <strong class="govuk-warning-text__text">
                    <span class="govuk-visually-hidden">"Warning"</span>
                    {format!("Checked {at}: record {seq} does not follow from the one before. Someone changed the records outside the service. Tell your security team.")}
                </strong>
            </div>
        }
        .into_any(),
    }
}

#[component]
fn Rows(rows: Vec<AuditRow>) -> impl IntoView {
    view! {
        <div class="nrm-table-scroll" role="region" aria-label="Audit records" tabindex="0">
            <table class="govuk-table" id="audit-rows">
                <caption class="govuk-table__caption govuk-visually-hidden">"Audit records, newest first"</caption>
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">"When"</th>
                        <th scope="col" class="govuk-table__header">"Who"</th>
                        <th scope="col" class="govuk-table__header">"What"</th>
                        <th scope="col" class="govuk-table__header">"To what"</th>
                        <th scope="col" class="govuk-table__header">"From"</th>
                    </tr>
                </thead>
                <tbody class="govuk-table__body">
                    {rows.into_iter().map(|row| view! {
                        <tr class="govuk-table__row">
                            <td class="govuk-table__cell">{row.at}</td>
                            <td class="govuk-table__cell nrm-answer">{row.who}<br /><span class="govuk-hint govuk-!-margin-bottom-0">{row.role}</span></td>
                            <td class="govuk-table__cell">{row.what}{(!row.detail.is_empty()).then(|| view! { <br /><span class="govuk-hint govuk-!-margin-bottom-0">{row.detail}</span> })}</td>
                            <td class="govuk-table__cell nrm-answer">{row.target}</td>
                            <td class="govuk-table__cell nrm-answer">{row.client}<br /><span class="govuk-hint govuk-!-margin-bottom-0">{row.request_id}</span></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
