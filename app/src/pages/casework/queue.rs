//! `/casework`: the queue of open cases, its filters and pages.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::pagination::{ends, page_at, Pagination};
use super::work::TaskDue;
use crate::api::{casework_queue, FilterOption, PageAt, QueueQuery, QueueView};
use crate::casework::flags::Flag;
use crate::casework::statistics::EXPLOITATION_TYPES;
use crate::components::fields::list_options;
use crate::journey::validate::thousands;
use crate::pages::LoadProblem;
use crate::reference::List;
use crate::routes;

fn query_from(map: &leptos_router::params::ParamsMap) -> QueueQuery {
    let text = |name: &str| map.get(name).unwrap_or_default();
    QueueQuery {
        status: text("status"),
        overdue: text("overdue") == "true",
        age: text("age"),
        mine: text("mine") == "true",
        assignee: text("assignee"),
        search: text("search"),
        nationality: text("nationality"),
        organisation: text("organisation"),
        exploitation: text("exploitation"),
        flag: text("flag"),
        sort: text("sort"),
        at: page_at(map),
    }
}

/// `/casework`: open cases, soonest reasonable grounds deadline first.
#[component]
pub fn CaseQueue() -> impl IntoView {
    let query = use_query_map();
    let load = Resource::new(move || query_from(&query.read()), casework_queue);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match load.await {
                    Ok(view) => view! { <QueueTable view /> }.into_any(),
                    Err(error) => view! { <LoadProblem error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn page_href(query: &QueueQuery, at: &PageAt) -> String {
    let mut parts = Vec::new();
    let mut add = |name: &str, value: &str| {
        if !value.is_empty() {
            parts.push(format!("{name}={}", routes::encode(value)));
        }
    };
    add("status", &query.status);
    add("age", &query.age);
    add("search", &query.search);
    add("assignee", &query.assignee);
    add("nationality", &query.nationality);
    add("organisation", &query.organisation);
    add("exploitation", &query.exploitation);
    add("flag", &query.flag);
    add("sort", &query.sort);
    if query.overdue {
        add("overdue", "true");
    }
    if query.mine {
        add("mine", "true");
    }
    parts.push(at.query());
    parts.retain(|part| !part.is_empty());
    format!("{}?{}", routes::CASEWORK, parts.join("&"))
}

#[component]
fn QueueTable(view: QueueView) -> impl IntoView {
    let QueueView {
        rows,
        total,
        more_than,
        page,
        pages,
        query,
        statuses,
        ages,
        caseworkers,
    } = view;
    let (first, last) = ends(rows.iter().map(|row| row.reference.as_str()));
    let previous = (page > 0).then(|| page_href(&query, &query.at.previous(first)));
    let next = (page + 1 < pages).then(|| page_href(&query, &query.at.next(last)));
    let count = thousands(usize::try_from(total).unwrap_or_default());
    let count = match (more_than, total) {
        (true, _) => format!("More than {count} open cases match"),
        (false, 1) => "1 open case".to_owned(),
        (false, _) => format!("{count} open cases"),
    };
    let by_received = query.sort == "received";
    let sorted_by = |key: &str| {
        let href = page_href(
            &QueueQuery {
                sort: key.to_owned(),
                ..query.clone()
            },
            &PageAt::default(),
        );
        (href, (key == "received") == by_received)
    };
    let (due_href, due_sorted) = sorted_by("");
    let (received_href, received_sorted) = sorted_by("received");
    let main = crate::components::use_main_landmark();
    view! {
        <div class="govuk-width-container">
            <main class="govuk-main-wrapper" id="main-content" tabindex="-1" node_ref=main>
                <leptos_meta::Title text="Cases" />
                <h1 class="govuk-heading-l">"Cases"</h1>
                // MoJ's "filter a list": the filters beside the table, those
                // chosen shown above them as tags that each remove one.
                <div class="nrm-filter-layout">
                    <div class="nrm-filter-layout__filter">
                        <QueueFilters query=query.clone() statuses ages caseworkers />
                    </div>
                    <div class="nrm-filter-layout__content">
                        <p class="govuk-body" id="case-count">{count}</p>
                        <div class="nrm-table-scroll" role="region" aria-labelledby="case-count" tabindex="0">
                            <table class="govuk-table">
                                <caption class="govuk-table__caption govuk-visually-hidden">"Open cases"</caption>
                                <thead class="govuk-table__head">
                                    <tr class="govuk-table__row">
                                        <th scope="col" class="govuk-table__header">"Reference"</th>
                                        <th scope="col" class="govuk-table__header" aria-sort=if received_sorted { "descending" } else { "none" }>
                                            <a class="govuk-link" href=received_href>"Received"<span class="govuk-visually-hidden">", sort newest first"</span></a>
                                        </th>
                                        <th scope="col" class="govuk-table__header" aria-sort=if due_sorted { "ascending" } else { "none" }>
                                            <a class="govuk-link" href=due_href>"Task due"<span class="govuk-visually-hidden">", sort soonest first"</span></a>
                                        </th>
                                        <th scope="col" class="govuk-table__header">"Status"</th>
                                        <th scope="col" class="govuk-table__header">"Adult or child"</th>
                                        <th scope="col" class="govuk-table__header">"Nationality"</th>
                                        <th scope="col" class="govuk-table__header">"Referred by"</th>
                                        <th scope="col" class="govuk-table__header">"Assigned to"</th>
                                    </tr>
                                </thead>
                                <tbody class="govuk-table__body">
                                    {rows.into_iter().map(|row| {
                                        let href = format!("{}/{}", routes::CASES, row.reference);
                                        view! {
                                            <tr class="govuk-table__row">
                                                <td class="govuk-table__cell"><a class="govuk-link" href=href>{row.reference}</a></td>
                                                <td class="govuk-table__cell">{row.received}</td>
                                                <td class="govuk-table__cell">
                                                    <span class="govuk-body-s nrm-secondary-text">{row.clock.task.clone()}</span><br />
                                                    <TaskDue clock=row.clock />
                                                </td>
                                                <td class="govuk-table__cell">{row.status}</td>
                                                <td class="govuk-table__cell">{row.adult_or_child}</td>
                                                <td class="govuk-table__cell">{row.nationality}</td>
                                                <td class="govuk-table__cell">{row.organisation}</td>
                                                <td class="govuk-table__cell">{if row.assignee.is_empty() { "Nobody".to_owned() } else { row.assignee }}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <Pagination previous next page pages label="Pages of cases" />
                    </div>
                </div>
            </main>
        </div>
    }
}

/// One filter chosen, as a tag that removes it.
struct Chosen {
    /// What the filter is ("Status").
    heading: &'static str,
    /// What was chosen ("Reasonable grounds pending").
    text: String,
    /// The list without it.
    href: String,
}

/// The filters chosen in `query`, each with the address of the list without it.
fn chosen_filters(
    query: &QueueQuery,
    statuses: &[FilterOption],
    ages: &[FilterOption],
) -> Vec<Chosen> {
    let label = |options: &[FilterOption], value: &str| {
        options
            .iter()
            .find(|o| o.value == value)
            .map_or_else(|| value.to_owned(), |o| o.label.clone())
    };
    let without = |change: fn(&mut QueueQuery)| {
        let mut rest = query.clone();
        change(&mut rest);
        page_href(&rest, &PageAt::default())
    };
    let mut chosen = Vec::new();
    let mut add = |heading, value: &str, text: String, change: fn(&mut QueueQuery)| {
        if !value.is_empty() {
            chosen.push(Chosen {
                heading,
                text,
                href: without(change),
            });
        }
    };
    add(
        "Status",
        &query.status,
        label(statuses, &query.status),
        |q| q.status.clear(),
    );
    add("Adult or child", &query.age, label(ages, &query.age), |q| {
        q.age.clear()
    });
    let flag = query
        .flag
        .parse::<Flag>()
        .map_or_else(|_| query.flag.clone(), |f| f.label().to_owned());
    add("Flag", &query.flag, flag, |q| q.flag.clear());
    add(
        "Type of exploitation",
        &query.exploitation,
        query.exploitation.clone(),
        |q| q.exploitation.clear(),
    );
    add(
        "Nationality",
        &query.nationality,
        query.nationality.clone(),
        |q| q.nationality.clear(),
    );
    add(
        "Referring organisation",
        &query.organisation,
        query.organisation.clone(),
        |q| q.organisation.clear(),
    );
    // "My cases" stands in for a named holder (the server reads it first).
    let assignee = if query.mine { "" } else { &query.assignee };
    add("Assigned to", assignee, query.assignee.clone(), |q| {
        q.assignee.clear()
    });
    add(
        "Reference or name",
        &query.search,
        query.search.clone(),
        |q| q.search.clear(),
    );
    let overdue = if query.overdue { "true" } else { "" };
    add("Overdue", overdue, "Overdue only".to_owned(), |q| {
        q.overdue = false
    });
    let mine = if query.mine { "true" } else { "" };
    add("Assigned to", mine, "My cases".to_owned(), |q| {
        q.mine = false
    });
    chosen
}

/// The queue's filters (MoJ Frontend's filter component): a plain GET form,
/// so every filtered view has an address; the chosen filters above it as
/// tags, each a link to the list without it.
#[component]
fn QueueFilters(
    query: QueueQuery,
    statuses: Vec<FilterOption>,
    ages: Vec<FilterOption>,
    caseworkers: Vec<String>,
) -> impl IntoView {
    let chosen = chosen_filters(&query, &statuses, &ages);
    let exploitation = query.exploitation.clone();
    let flag = query.flag.clone();
    let assignee = query.assignee.clone();
    let status = query.status.clone();
    let age = query.age.clone();
    let sort = query.sort.clone();
    let selected = (!chosen.is_empty()).then(|| {
        view! {
            <div class="moj-filter__selected">
                <div class="moj-filter__selected-heading">
                    <div class="moj-filter__heading-title">
                        <h2 class="govuk-heading-m">"Selected filters"</h2>
                    </div>
                    <div class="moj-filter__heading-action">
                        <p><a class="govuk-link govuk-link--no-visited-state" href=routes::CASEWORK>"Clear filters"</a></p>
                    </div>
                </div>
                {chosen.into_iter().map(|c| view! {
                    <h3 class="govuk-heading-s govuk-!-margin-bottom-0">{c.heading}</h3>
                    <ul class="moj-filter-tags">
                        <li>
                            <a class="moj-filter__tag" href=c.href>
                                <span class="govuk-visually-hidden">"Remove this filter: "</span>{c.text}
                            </a>
                        </li>
                    </ul>
                }).collect_view()}
            </div>
        }
    });
    view! {
        <form method="get" action=routes::CASEWORK id="queue-filters">
            <div class="moj-filter">
                <div class="moj-filter__header">
                    <div class="moj-filter__header-title">
                        <h2 class="govuk-heading-m">"Filter"</h2>
                    </div>
                    <div class="moj-filter__header-action"></div>
                </div>
                <div class="moj-filter__content">
                    {selected}
                    <div class="moj-filter__options">
                        <button type="submit" class="govuk-button" data-module="govuk-button">"Apply filters"</button>
                        <div class="govuk-form-group">
                            <label class="govuk-label govuk-label--s" for="search">"Reference or name"</label>
                            <input class="govuk-input" id="search" name="search" type="search" value=query.search.clone() />
                        </div>
                        <div class="govuk-form-group">
                            <label class="govuk-label govuk-label--s" for="status">"Status"</label>
                            <select class="govuk-select govuk-!-width-full" id="status" name="status">
                                <FilterOptions options=statuses chosen=status />
                            </select>
                        </div>
                        <div class="govuk-form-group">
                            <label class="govuk-label govuk-label--s" for="age">"Adult or child"</label>
                            <select class="govuk-select govuk-!-width-full" id="age" name="age">
                                <FilterOptions options=ages chosen=age />
                            </select>
                        </div>
                        <div class="govuk-form-group">
                            <fieldset class="govuk-fieldset">
                                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Deadlines and holders"</legend>
                                <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                                    <div class="govuk-checkboxes__item">
                                        <input class="govuk-checkboxes__input" id="overdue" name="overdue" type="checkbox" value="true" checked=query.overdue />
                                        <label class="govuk-label govuk-checkboxes__label" for="overdue">"Overdue only"</label>
                                    </div>
                                    <div class="govuk-checkboxes__item">
                                        <input class="govuk-checkboxes__input" id="mine" name="mine" type="checkbox" value="true" checked=query.mine />
                                        <label class="govuk-label govuk-checkboxes__label" for="mine">"My cases"</label>
                                    </div>
                                </div>
                            </fieldset>
                        </div>
                        <div class="govuk-form-group">
                            <label class="govuk-label govuk-label--s" for="flag">"Flag"</label>
                            <select class="govuk-select govuk-!-width-full" id="flag" name="flag">
                                <option value="" selected=flag.is_empty()>"Any or none"</option>
                                {Flag::ALL.iter().map(|f| view! {
                                    <option value=f.as_str() selected=f.as_str() == flag>{f.label()}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="govuk-form-group">
                            <label class="govuk-label govuk-label--s" for="exploitation">"Type of exploitation"</label>
                            <select class="govuk-select govuk-!-width-full" id="exploitation" name="exploitation">
                                <option value="" selected=exploitation.is_empty()>"Any"</option>
                                {EXPLOITATION_TYPES.iter().map(|(name, _)| view! {
                                    <option value=*name selected=*name == exploitation>{*name}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="govuk-form-group">
                            <label class="govuk-label govuk-label--s" for="nationality">"Nationality"</label>
                            <input class="govuk-input" id="nationality" name="nationality" type="text" list="nationalities" autocomplete="off" value=query.nationality.clone() />
                            {list_options("nationalities".to_owned(), List::Nationalities)}
                        </div>
                        <div class="govuk-form-group">
                            <label class="govuk-label govuk-label--s" for="organisation">"Referring organisation"</label>
                            <input class="govuk-input" id="organisation" name="organisation" type="text" autocomplete="off" value=query.organisation.clone() />
                        </div>
                        <div class="govuk-form-group">
                            <label class="govuk-label govuk-label--s" for="assignee">"Assigned to"</label>
                            <select class="govuk-select govuk-!-width-full" id="assignee" name="assignee">
                                <option value="" selected=assignee.is_empty()>"Anyone"</option>
                                {caseworkers.into_iter().map(|email| {
                                    let selected = email == assignee;
                                    view! { <option value=email.clone() selected=selected>{email.clone()}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="govuk-form-group">
                            <label class="govuk-label govuk-label--s" for="sort">"Order"</label>
                            <select class="govuk-select govuk-!-width-full" id="sort" name="sort">
                                <option value="" selected=sort.is_empty()>"Reasonable grounds due, soonest first"</option>
                                <option value="received" selected=sort == "received">"Received, newest first"</option>
                            </select>
                        </div>
                    </div>
                </div>
            </div>
        </form>
    }
}

/// A filter's choices, each with its count of open cases.
#[component]
fn FilterOptions(options: Vec<FilterOption>, chosen: String) -> impl IntoView {
    options
        .into_iter()
        .map(|option| {
            let selected = option.value == chosen;
            let label = format!(
                "{} ({})",
                option.label,
                thousands(usize::try_from(option.count).unwrap_or_default())
            );
            view! { <option value=option.value selected=selected>{label}</option> }
        })
        .collect_view()
}
