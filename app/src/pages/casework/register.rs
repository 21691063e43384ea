//! `/casework/duty-to-notify`: the register of Duty to Notify reports.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::pagination::Pagination;
use crate::api::{casework_dtn, DtnView};
use crate::components::Page;
use crate::journey::validate::thousands;
use crate::pages::LoadProblem;
use crate::routes;

/// `/casework/duty-to-notify`: the register of Duty to Notify reports.
#[component]
pub fn DtnRegister() -> impl IntoView {
    let query = use_query_map();
    let address = move || {
        let q = query.read();
        (
            q.get("search").unwrap_or_default(),
            q.get("page").and_then(|p| p.parse().ok()).unwrap_or(0),
        )
    };
    let load = Resource::new(address, |(search, page)| casework_dtn(search, page));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match load.await {
                    Ok(view) => view! { <DtnTable view /> }.into_any(),
                    Err(error) => view! { <LoadProblem error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DtnTable(view: DtnView) -> impl IntoView {
    let DtnView {
        rows,
        total,
        more_than,
        page,
        pages,
        search,
    } = view;
    let href = |page: i64| {
        format!(
            "{}?search={}&page={page}",
            routes::DTN_REGISTER,
            routes::encode(&search)
        )
    };
    let previous = (page > 0).then(|| href(page - 1));
    let next = (page + 1 < pages).then(|| href(page + 1));
    let count = thousands(usize::try_from(total).unwrap_or_default());
    let count = match (more_than, total) {
        (true, _) => format!("More than {count} reports match"),
        (false, 1) => "1 report".to_owned(),
        (false, _) => format!("{count} reports"),
    };
    view! {
        <Page title="Duty to Notify register" back=routes::CASEWORK.to_owned()>
            <h1 class="govuk-heading-l">"Duty to Notify register"</h1>
            <p class="govuk-body">"Anonymous reports of adults who did not want to be referred. They are counted and kept; no decisions are made on them."</p>
            <form method="get" action=routes::DTN_REGISTER>
                <div class="govuk-form-group">
                    <label class="govuk-label" for="search">"Reference"</label>
                    <input class="govuk-input govuk-input--width-20" id="search" name="search" type="search" value=search.clone() />
                </div>
                <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">"Search"</button>
            </form>
            <p class="govuk-body" id="dtn-count">{count}</p>
            <crate::components::ScrollTable
                labelled_by="dtn-count".to_owned()
                id="dtn-register".to_owned()
                caption="Duty to Notify reports, newest first".to_owned()
                headers=&["Reference", "Received", "Nation", "Reported by", "Exploitation"]
            >
                {rows.into_iter().map(|row| {
                    let href = format!("{}/{}", routes::CASES, row.reference);
                    view! {
                        <tr class="govuk-table__row">
                            <td class="govuk-table__cell"><a class="govuk-link" href=href>{row.reference}</a></td>
                            <td class="govuk-table__cell">{row.received}</td>
                            <td class="govuk-table__cell">{row.nation}</td>
                            <td class="govuk-table__cell">{row.organisation}</td>
                            <td class="govuk-table__cell">{row.exploitation}</td>
                        </tr>
                    }
                }).collect_view()}
            </crate::components::ScrollTable>
            <Pagination previous next page pages label="Pages of reports" />
        </Page>
    }
}
