//! `/casework/statistics`: the Home Office quarterly statistics' tables, each
//! with a chart (drawn by the server, hidden from screen readers, which read
//! the table) and a CSV download.

use leptos::prelude::*;

use crate::api::{casework_statistics, StatTable, StatisticsView};
use crate::components::Page;
use crate::pages::LoadProblem;
use crate::routes;

#[component]
pub fn Statistics() -> impl IntoView {
    let load = Resource::new(|| (), |_| casework_statistics());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match load.await {
                    Ok(view) => view! { <StatisticsPage view /> }.into_any(),
                    Err(error) => view! { <LoadProblem error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn StatisticsPage(view: StatisticsView) -> impl IntoView {
    view! {
        <Page title="Statistics" back=routes::CASEWORK.to_owned()>
            <h1 class="govuk-heading-l">"Statistics"</h1>
            <p class="govuk-body">{format!("Counted on {}. Figures are refreshed every few minutes.", view.counted)}</p>
            <ul class="govuk-list">
                {view.tables.iter().map(|t| {
                    let href = format!("#{}", t.id);
                    view! { <li><a class="govuk-link" href=href>{t.title.clone()}</a></li> }
                }).collect_view()}
            </ul>
            {view.tables.into_iter().map(|table| view! { <Figure table /> }).collect_view()}
        </Page>
    }
}

#[component]
fn Figure(table: StatTable) -> impl IntoView {
    let StatTable {
        id,
        title,
        columns,
        rows,
        chart,
    } = table;
    let csv = format!("{}/{id}.csv", routes::STATISTICS);
    let region_label = id.clone();
    let caption = title.clone();
    view! {
        <section class="govuk-!-margin-bottom-9">
            <h2 class="govuk-heading-m" id=id>{title}</h2>
            {(!chart.is_empty()).then(|| view! { <div class="nrm-chart-box" inner_html=chart></div> })}
            <div class="nrm-table-scroll" role="region" aria-labelledby=region_label tabindex="0">
                <table class="govuk-table">
                    <caption class="govuk-table__caption govuk-visually-hidden">{caption}</caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            {columns.into_iter().enumerate().map(|(i, c)| {
                                let class = if i == 0 { "govuk-table__header" } else { "govuk-table__header govuk-table__header--numeric" };
                                view! { <th scope="col" class=class>{c}</th> }
                            }).collect_view()}
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        {rows.into_iter().map(|row| view! {
                            <tr class="govuk-table__row">
                                {row.into_iter().enumerate().map(|(i, cell)| if i == 0 {
                                    view! { <th scope="row" class="govuk-table__header">{cell}</th> }.into_any()
                                } else {
                                    view! { <td class="govuk-table__cell govuk-table__cell--numeric">{cell}</td> }.into_any()
                                }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <p class="govuk-body"><a class="govuk-link" href=csv download="">"Download this table as a spreadsheet (CSV)"</a></p>
        </section>
    }
}
