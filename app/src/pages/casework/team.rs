//! `/casework/team`: the team's workload, for senior caseworkers.

use leptos::prelude::*;

use crate::api::{casework_team, WorkloadRow};
use crate::components::Page;
use crate::pages::LoadProblem;
use crate::routes;

/// `/casework/team`: open and overdue cases per caseworker, for seniors.
#[component]
pub fn TeamWorkload() -> impl IntoView {
    let load = Resource::new(|| (), |_| casework_team());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match load.await {
                    Ok(rows) => view! { <WorkloadTable rows /> }.into_any(),
                    Err(error) => view! { <LoadProblem error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn WorkloadTable(rows: Vec<WorkloadRow>) -> impl IntoView {
    view! {
        <Page title="Team workload" back=routes::CASEWORK.to_owned()>
            <h1 class="govuk-heading-l">"Team workload"</h1>
            <div class="nrm-table-scroll" role="region" aria-label="Open cases per caseworker" tabindex="0">
            <table class="govuk-table" id="workload">
                <caption class="govuk-table__caption govuk-visually-hidden">"Open cases per caseworker"</caption>
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">"Caseworker"</th>
                        <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Open cases"</th>
                        <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Tasks overdue"</th>
                    </tr>
                </thead>
                <tbody class="govuk-table__body">
                    {rows.into_iter().map(|row| view! {
                        <tr class="govuk-table__row">
                            <td class="govuk-table__cell"><a class="govuk-link" href=row.href>{row.email}</a></td>
                            <td class="govuk-table__cell govuk-table__cell--numeric">{row.open}</td>
                            <td class="govuk-table__cell govuk-table__cell--numeric">{row.overdue}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        </Page>
    }
}
