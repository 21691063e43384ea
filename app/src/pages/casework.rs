//! The casework desk: staff sign-in, the queue and one case.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::{
    casework_case, casework_dtn, casework_queue, casework_team, CaseView, DocumentLink, DtnView,
    DuplicateCandidate, FilterOption, LetterEntry, QueueQuery, QueueView, WorkloadRow,
};
use crate::casework::case_forms::{
    reasons_field, CaseForm, ASSIGNEE, DUPLICATE_OF, EVENT, FORM, NOTE, REASONS,
};
use crate::casework::lifecycle::Event;
use crate::casework::staff::{EMAIL, PASSWORD};
use crate::casework::statistics::EXPLOITATION_TYPES;
use crate::components::fields::list_options;
use crate::components::{use_form_state, ErrorSummary, Page};
use crate::journey::validate::thousands;
use crate::pages::{LoadProblem, NotFound};
use crate::reference::List;
use crate::routes;

/// `/staff/sign-in`: email and password for caseworkers, reviewers and admins.
#[component]
pub fn StaffSignIn() -> impl IntoView {
    // A refused sign-in comes back as this page (422) with the address typed.
    let (posted, sign_in_errors) = use_form_state();
    let email = posted.get(EMAIL).to_owned();
    let has_errors = Signal::derive(move || !sign_in_errors.read().is_empty());
    view! {
        <Page title="Sign in to the casework desk" has_errors>
            <ErrorSummary errors=sign_in_errors />
            <h1 class="govuk-heading-l">"Sign in to the casework desk"</h1>
            <p class="govuk-body">"For staff of the Single Competent Authority. First responders sign in from the start page."</p>
            <form method="post" action=routes::STAFF_SIGN_IN novalidate=true>
                <div class="govuk-form-group">
                    <label class="govuk-label" for=EMAIL>"Email address"</label>
                    <input class="govuk-input" id=EMAIL name=EMAIL type="email" autocomplete="username" spellcheck="false" value=email />
                </div>
                <div class="govuk-form-group">
                    <label class="govuk-label" for=PASSWORD>"Password"</label>
                    <input class="govuk-input govuk-input--width-20" id=PASSWORD name=PASSWORD type="password" autocomplete="current-password" />
                </div>
                <button type="submit" class="govuk-button" data-module="govuk-button">"Sign in"</button>
            </form>
            <p class="govuk-body">
                <a class="govuk-link" href=routes::STAFF_PASSWORD>"Change your password"</a>
            </p>
        </Page>
    }
}

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
        sort: text("sort"),
        page: text("page").parse().unwrap_or(0),
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

fn page_href(query: &QueueQuery, page: i64) -> String {
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
    add("sort", &query.sort);
    if query.overdue {
        add("overdue", "true");
    }
    if query.mine {
        add("mine", "true");
    }
    add("page", &page.to_string());
    format!("{}?{}", routes::CASEWORK, parts.join("&"))
}

#[component]
fn QueueTable(view: QueueView) -> impl IntoView {
    let QueueView {
        me,
        rows,
        total,
        more_than,
        page,
        pages,
        query,
        statuses,
        ages,
        links,
        caseworkers,
    } = view;
    let previous = (page > 0).then(|| page_href(&query, page - 1));
    let next = (page + 1 < pages).then(|| page_href(&query, page + 1));
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
            0,
        );
        (href, (key == "received") == by_received)
    };
    let (due_href, due_sorted) = sorted_by("");
    let (received_href, received_sorted) = sorted_by("received");
    view! {
        <div class="govuk-width-container">
            <main class="govuk-main-wrapper" id="main-content" tabindex="-1">
                <leptos_meta::Title text="Cases" />
                <h1 class="govuk-heading-l">"Cases"</h1>
                <p class="govuk-body">"Signed in as " <strong>{me}</strong></p>
                <nav aria-label="Casework desk">
                    <ul class="govuk-list nrm-inline-list">
                        {links.into_iter().map(|(href, label)| view! {
                            <li><a class="govuk-link" href=href>{label}</a></li>
                        }).collect_view()}
                    </ul>
                </nav>
                <QueueFilters query=query.clone() statuses ages caseworkers />
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
                                    <a class="govuk-link" href=due_href>"RG due"<span class="govuk-visually-hidden">", sort soonest first"</span></a>
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
                                            {row.rg_due}
                                            {row.overdue.then(|| view! { " " <strong class="govuk-tag govuk-tag--red">"Overdue"</strong> })}
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
            </main>
        </div>
    }
}

/// Previous and next links with "Page n of m" (GOV.UK pagination).
#[component]
fn Pagination(
    previous: Option<String>,
    next: Option<String>,
    page: i64,
    pages: i64,
    label: &'static str,
) -> impl IntoView {
    view! {
        <nav class="govuk-pagination" aria-label=label>
            {previous.map(|href| view! {
                <div class="govuk-pagination__prev">
                    <a class="govuk-link govuk-pagination__link" href=href rel="prev">
                        <span class="govuk-pagination__link-title">"Previous"<span class="govuk-visually-hidden">" page"</span></span>
                    </a>
                </div>
            })}
            <p class="govuk-body govuk-!-margin-bottom-0">{format!("Page {} of {}", page + 1, pages.max(1))}</p>
            {next.map(|href| view! {
                <div class="govuk-pagination__next">
                    <a class="govuk-link govuk-pagination__link" href=href rel="next">
                        <span class="govuk-pagination__link-title">"Next"<span class="govuk-visually-hidden">" page"</span></span>
                    </a>
                </div>
            })}
        </nav>
    }
}

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
            <div class="nrm-table-scroll" role="region" aria-labelledby="dtn-count" tabindex="0">
                <table class="govuk-table" id="dtn-register">
                    <caption class="govuk-table__caption govuk-visually-hidden">"Duty to Notify reports, newest first"</caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">"Reference"</th>
                            <th scope="col" class="govuk-table__header">"Received"</th>
                            <th scope="col" class="govuk-table__header">"Nation"</th>
                            <th scope="col" class="govuk-table__header">"Reported by"</th>
                            <th scope="col" class="govuk-table__header">"Exploitation"</th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
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
                    </tbody>
                </table>
            </div>
            <Pagination previous next page pages label="Pages of reports" />
        </Page>
    }
}

/// The queue's filters: a plain GET form, so every filtered view has an address.
#[component]
fn QueueFilters(
    query: QueueQuery,
    statuses: Vec<FilterOption>,
    ages: Vec<FilterOption>,
    caseworkers: Vec<String>,
) -> impl IntoView {
    let exploitation = query.exploitation.clone();
    let assignee = query.assignee.clone();
    let status = query.status.clone();
    let age = query.age.clone();
    let sort = query.sort.clone();
    view! {
        <form method="get" action=routes::CASEWORK class="nrm-filters">
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-one-third">
                    <div class="govuk-form-group">
                        <label class="govuk-label" for="status">"Status"</label>
                        <select class="govuk-select" id="status" name="status">
                            <FilterOptions options=statuses chosen=status />
                        </select>
                    </div>
                </div>
                <div class="govuk-grid-column-one-third">
                    <div class="govuk-form-group">
                        <label class="govuk-label" for="age">"Adult or child"</label>
                        <select class="govuk-select" id="age" name="age">
                            <FilterOptions options=ages chosen=age />
                        </select>
                    </div>
                </div>
                <div class="govuk-grid-column-one-third">
                    <div class="govuk-form-group">
                        <label class="govuk-label" for="sort">"Order"</label>
                        <select class="govuk-select" id="sort" name="sort">
                            <option value="" selected=sort.is_empty()>"Reasonable grounds due, soonest first"</option>
                            <option value="received" selected=sort == "received">"Received, newest first"</option>
                        </select>
                    </div>
                </div>
            </div>
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-one-quarter">
                    <div class="govuk-form-group">
                        <label class="govuk-label" for="exploitation">"Type of exploitation"</label>
                        <select class="govuk-select" id="exploitation" name="exploitation">
                            <option value="" selected=exploitation.is_empty()>"Any"</option>
                            {EXPLOITATION_TYPES.iter().map(|(name, _)| view! {
                                <option value=*name selected=*name == exploitation>{*name}</option>
                            }).collect_view()}
                        </select>
                    </div>
                </div>
                <div class="govuk-grid-column-one-quarter">
                    <div class="govuk-form-group">
                        <label class="govuk-label" for="nationality">"Nationality"</label>
                        <input class="govuk-input" id="nationality" name="nationality" type="text" list="nationalities" autocomplete="off" value=query.nationality.clone() />
                        {list_options("nationalities".to_owned(), List::Nationalities)}
                    </div>
                </div>
                <div class="govuk-grid-column-one-quarter">
                    <div class="govuk-form-group">
                        <label class="govuk-label" for="organisation">"Referring organisation"</label>
                        <input class="govuk-input" id="organisation" name="organisation" type="text" autocomplete="off" value=query.organisation.clone() />
                    </div>
                </div>
                <div class="govuk-grid-column-one-quarter">
                    <div class="govuk-form-group">
                        <label class="govuk-label" for="assignee">"Assigned to"</label>
                        <select class="govuk-select" id="assignee" name="assignee">
                            <option value="" selected=assignee.is_empty()>"Anyone"</option>
                            {caseworkers.into_iter().map(|email| {
                                let selected = email == assignee;
                                view! { <option value=email.clone() selected=selected>{email.clone()}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                </div>
            </div>
            <div class="govuk-form-group">
                <label class="govuk-label" for="search">"Reference or name"</label>
                <input class="govuk-input govuk-input--width-20" id="search" name="search" type="search" value=query.search.clone() />
            </div>
            <div class="govuk-form-group">
                <div class="govuk-checkboxes govuk-checkboxes--small">
                    <div class="govuk-checkboxes__item">
                        <input class="govuk-checkboxes__input" id="overdue" name="overdue" type="checkbox" value="true" checked=query.overdue />
                        <label class="govuk-label govuk-checkboxes__label" for="overdue">"Overdue only"</label>
                    </div>
                    <div class="govuk-checkboxes__item">
                        <input class="govuk-checkboxes__input" id="mine" name="mine" type="checkbox" value="true" checked=query.mine />
                        <label class="govuk-label govuk-checkboxes__label" for="mine">"My cases"</label>
                    </div>
                </div>
            </div>
            <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">"Apply filters"</button>
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

/// `/casework/cases/<reference>`.
#[component]
pub fn CaseDetail() -> impl IntoView {
    let params = use_params_map();
    let load = Resource::new(
        move || params.read().get("reference").unwrap_or_default(),
        casework_case,
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match load.await {
                    Ok(Some(view)) => view! { <Case view /> }.into_any(),
                    Ok(None) => view! { <NotFound /> }.into_any(),
                    Err(error) => view! { <LoadProblem error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A row of a summary list.
#[component]
fn Fact(key: &'static str, children: Children) -> impl IntoView {
    view! {
        <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key">{key}</dt>
            <dd class="govuk-summary-list__value">{children()}</dd>
        </div>
    }
}

#[component]
fn Case(view: CaseView) -> impl IntoView {
    let CaseView {
        reference,
        status,
        received,
        rg_due,
        overdue,
        assignee,
        me,
        caseworkers,
        sections,
        documents,
        letters,
        duplicates,
        can_link,
        timeline,
        actions,
    } = view;
    // Every form posts to the case's own address (`FORM` says which).
    let case_href = format!("{}/{reference}", routes::CASES);
    let mine = assignee == me;
    let shown_assignee = if assignee.is_empty() {
        "Nobody".to_owned()
    } else {
        assignee.clone()
    };
    // After a refused post the server draws this page again (422) with the
    // problem and what was typed.
    let (posted, errors) = use_form_state();
    let message_for = move |field: &str| {
        errors.with_untracked(|list| {
            list.iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone())
        })
    };
    let note_problem = message_for(NOTE);
    let typed_note = posted.get(NOTE).to_owned();
    let refused_event = posted.get(EVENT).to_owned();
    let typed_reasons = posted.get(REASONS).to_owned();
    view! {
        <Page title="Case" back=routes::CASEWORK.to_owned() has_errors=Signal::derive(move || errors.with(|e| !e.is_empty()))>
            <ErrorSummary errors />
            <span class="govuk-caption-l">"Case"</span>
            <h1 class="govuk-heading-l" id="case-reference">{reference.clone()}</h1>
            <dl class="govuk-summary-list">
                <Fact key="Status"><span id="case-status">{status}</span></Fact>
                <Fact key="Received">{received}</Fact>
                <Fact key="Reasonable grounds due">
                    <span id="rg-due">
                        {rg_due}
                        {overdue.then(|| view! { " " <strong class="govuk-tag govuk-tag--red">"Overdue"</strong> })}
                    </span>
                </Fact>
                <Fact key="Assigned to">
                    <span id="assignee">{shown_assignee}</span>
                </Fact>
            </dl>
            <form method="post" action=case_href.clone()>
                <input type="hidden" name=FORM value=CaseForm::Assign.as_str() />
                <input type="hidden" name=ASSIGNEE value=if mine { "nobody" } else { "me" } />
                <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
                    {if mine { "Unassign me" } else { "Assign to me" }}
                </button>
            </form>
            {(!caseworkers.is_empty()).then(|| view! {
                <form method="post" action=case_href.clone() class="govuk-!-margin-bottom-6">
                    <input type="hidden" name=FORM value=CaseForm::Assign.as_str() />
                    <div class="govuk-form-group">
                        <label class="govuk-label" for="reassign">"Give the case to"</label>
                        <select class="govuk-select" id="reassign" name=ASSIGNEE>
                            {caseworkers.into_iter().map(|email| {
                                let selected = email == assignee;
                                view! { <option value=email.clone() selected=selected>{email.clone()}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">"Reassign"</button>
                </form>
            })}
            <h2 class="govuk-heading-m" id="next-steps" tabindex="-1">"Next steps"</h2>
            {if actions.is_empty() {
                view! { <p class="govuk-body">"There is nothing you can do to this case now."</p> }.into_any()
            } else {
                actions.into_iter().enumerate().map(|(i, action)| {
                    let id = reasons_field(i);
                    let error = message_for(&id);
                    let typed = if action.event == refused_event { typed_reasons.clone() } else { String::new() };
                    let error_id = format!("{id}-error");
                    view! {
                        <form method="post" action=case_href.clone() class="govuk-!-margin-bottom-6">
                            <input type="hidden" name=FORM value=CaseForm::Event.as_str() />
                            <input type="hidden" name=EVENT value=action.event.clone() />
                            {action.needs_reasons.then(|| view! {
                                <div class=if error.is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                                    <label class="govuk-label" for=id.clone()>{format!("Reasons: {}", action.label.to_ascii_lowercase())}</label>
                                    {error.clone().map(|message| view! {
                                        <p id=error_id.clone() class="govuk-error-message"><span class="govuk-visually-hidden">"Error: "</span>{message}</p>
                                    })}
                                    <textarea
                                        class=if error.is_some() { "govuk-textarea govuk-textarea--error" } else { "govuk-textarea" }
                                        id=id.clone() name=REASONS rows="3"
                                        aria-describedby=error.is_some().then(|| error_id.clone())
                                    >{typed}</textarea>
                                </div>
                            })}
                            <button type="submit" class="govuk-button" data-module="govuk-button">{action.label}</button>
                        </form>
                    }
                }).collect_view().into_any()
            }}
            <h2 class="govuk-heading-m">"Add an internal note"</h2>
            <form method="post" action=case_href.clone()>
                <input type="hidden" name=FORM value=CaseForm::Note.as_str() />
                <div class=if note_problem.is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                    <label class="govuk-label" for="note">"Note (first responders never see notes)"</label>
                    {note_problem.clone().map(|message| view! {
                        <p id="note-error" class="govuk-error-message"><span class="govuk-visually-hidden">"Error: "</span>{message}</p>
                    })}
                    <textarea
                        class=if note_problem.is_some() { "govuk-textarea govuk-textarea--error" } else { "govuk-textarea" }
                        id=NOTE name=NOTE rows="3"
                        aria-describedby=note_problem.as_ref().map(|_| "note-error")
                    >{typed_note}</textarea>
                </div>
                <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">"Add note"</button>
            </form>
            <h2 class="govuk-heading-m">"Timeline"</h2>
            <ol class="nrm-timeline" id="timeline">
                {timeline.into_iter().map(|entry| view! {
                    <li class="nrm-timeline__item">
                        <h3 class="govuk-heading-s govuk-!-margin-bottom-1">{entry.title}</h3>
                        <p class="govuk-body-s govuk-!-margin-bottom-1">{entry.who} ", " {entry.when}</p>
                        {(!entry.reasons.is_empty()).then(|| view! { <p class="govuk-body nrm-answer">{entry.reasons}</p> })}
                    </li>
                }).collect_view()}
            </ol>
            <CaseLetters letters />
            <CaseDocuments documents />
            <PossibleDuplicates duplicates can_link case_href />
            <h2 class="govuk-heading-m">"The referral"</h2>
            {sections.into_iter().map(|section| view! {
                <h3 class="govuk-heading-s">{section.title}</h3>
                <dl class="govuk-summary-list govuk-!-margin-bottom-6">
                    {section.rows.into_iter().map(|row| view! {
                        <div class="govuk-summary-list__row">
                            <dt class="govuk-summary-list__key">{row.key}</dt>
                            <dd class="govuk-summary-list__value nrm-answer">
                                {row.lines.into_iter().map(|line| view! { <p class="govuk-body">{line}</p> }).collect_view()}
                            </dd>
                        </div>
                    }).collect_view()}
                </dl>
            }).collect_view()}
        </Page>
    }
}

#[component]
fn CaseLetters(letters: Vec<LetterEntry>) -> impl IntoView {
    view! {
        <h2 class="govuk-heading-m" id="letters-heading">"Letters"</h2>
        {if letters.is_empty() {
            view! { <p class="govuk-body">"No letters yet: letters are written when a decision is issued."</p> }.into_any()
        } else {
            view! {
                <div class="nrm-table-scroll" role="region" aria-labelledby="letters-heading" tabindex="0">
                    <table class="govuk-table" id="letters">
                        <caption class="govuk-table__caption govuk-visually-hidden">"Letters written for this case"</caption>
                        <thead class="govuk-table__head">
                            <tr class="govuk-table__row">
                                <th scope="col" class="govuk-table__header">"Written"</th>
                                <th scope="col" class="govuk-table__header">"To"</th>
                                <th scope="col" class="govuk-table__header">"By"</th>
                                <th scope="col" class="govuk-table__header">"Address"</th>
                                <th scope="col" class="govuk-table__header">"Subject"</th>
                            </tr>
                        </thead>
                        <tbody class="govuk-table__body">
                            {letters.into_iter().map(|l| view! {
                                <tr class="govuk-table__row">
                                    <td class="govuk-table__cell">{l.when}</td>
                                    <td class="govuk-table__cell">{l.to}</td>
                                    <td class="govuk-table__cell">{l.route}</td>
                                    <td class="govuk-table__cell nrm-answer">
                                        {l.address.into_iter().map(|line| view! { {line} <br /> }).collect_view()}
                                    </td>
                                    <td class="govuk-table__cell">{l.subject}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
}

#[component]
fn CaseDocuments(documents: Vec<DocumentLink>) -> impl IntoView {
    view! {
        <h2 class="govuk-heading-m">"Documents"</h2>
        {if documents.is_empty() {
            view! { <p class="govuk-body">"The first responder sent no files."</p> }.into_any()
        } else {
            view! {
                <ul class="govuk-list" id="documents">
                    {documents.into_iter().map(|d| view! {
                        <li><a class="govuk-link" href=d.href download="">{d.name}</a> {format!(" ({})", d.size)}</li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

#[component]
fn PossibleDuplicates(
    duplicates: Vec<DuplicateCandidate>,
    can_link: bool,
    case_href: String,
) -> impl IntoView {
    view! {
        <h2 class="govuk-heading-m">"Possible duplicates"</h2>
        {if duplicates.is_empty() {
            view! { <p class="govuk-body" id="duplicates">"No other referral has a similar name with the same date of birth or nationality."</p> }.into_any()
        } else {
            view! {
                <ul class="govuk-list" id="duplicates">
                    {duplicates.into_iter().map(|d| {
                        let href = format!("{}/{}", routes::CASES, d.reference);
                        view! {
                            <li class="govuk-!-margin-bottom-4">
                                <a class="govuk-link" href=href>{d.reference.clone()}</a>
                                {format!(": {}, born {}, {}, referred by {}. {}.", d.name, d.date_of_birth, d.nationality, d.organisation, d.why)}
                                {can_link.then(|| view! {
                                    <form method="post" action=case_href.clone()>
                                        <input type="hidden" name=FORM value=CaseForm::Event.as_str() />
                                        <input type="hidden" name=EVENT value=Event::LinkAsDuplicate.as_str() />
                                        <input type="hidden" name=DUPLICATE_OF value=d.reference.clone() />
                                        <button type="submit" class="govuk-button govuk-button--warning govuk-!-margin-bottom-0" data-module="govuk-button">
                                            "Link this case as a duplicate of " {d.reference.clone()}
                                        </button>
                                    </form>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

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
                        <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Reasonable grounds overdue"</th>
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
