//! `/casework/search`: find a person across every case, by name, date of
//! birth, nationality, Home Office reference, crime reference, phone or
//! email. A plain GET form, so every search has an address.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::casework_person_search;
use crate::casework::person_search::{
    PersonQuery, PersonSearchView, CRIME_REFERENCE, DOB_DAY, DOB_MONTH, DOB_YEAR, EMAIL,
    HO_REFERENCE, NAME, NATIONALITY, PHONE, SHOWN,
};
use crate::components::fields::list_options;
use crate::components::{group_class, ErrorSummary, Problem, ScrollTable};
use crate::pages::LoadProblem;
use crate::reference::List;
use crate::routes;

fn query_from(map: &leptos_router::params::ParamsMap) -> PersonQuery {
    let text = |name: &str| map.get(name).unwrap_or_default();
    PersonQuery {
        name: text(NAME),
        dob_day: text(DOB_DAY),
        dob_month: text(DOB_MONTH),
        dob_year: text(DOB_YEAR),
        nationality: text(NATIONALITY),
        ho_reference: text(HO_REFERENCE),
        crime_reference: text(CRIME_REFERENCE),
        phone: text(PHONE),
        email: text(EMAIL),
    }
}

/// `/casework/search`: the form, and what a search found.
#[component]
pub fn PersonSearch() -> impl IntoView {
    let query = use_query_map();
    let load = Resource::new(move || query_from(&query.read()), casework_person_search);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match load.await {
                    Ok(view) => view! { <SearchPage view /> }.into_any(),
                    Err(error) => view! { <LoadProblem error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A text box of the search form.
#[component]
fn SearchField(
    id: &'static str,
    label: &'static str,
    value: String,
    #[prop(optional)] width: &'static str,
    #[prop(optional)] problem: Option<Option<String>>,
    #[prop(optional)] list: Option<&'static str>,
) -> impl IntoView {
    let problem = problem.flatten();
    let described = problem.as_ref().map(|_| format!("{id}-error"));
    let class = match (width.is_empty(), problem.is_some()) {
        (true, false) => "govuk-input".to_owned(),
        (true, true) => "govuk-input govuk-input--error".to_owned(),
        (false, false) => format!("govuk-input {width}"),
        (false, true) => format!("govuk-input {width} govuk-input--error"),
    };
    view! {
        <div class=group_class(problem.is_some())>
            <label class="govuk-label" for=id>{label}</label>
            {problem.clone().map(|message| view! { <Problem id=id message /> })}
            <input class=class id=id name=id type="text" spellcheck="false" autocomplete="off" value=value list=list
                aria-describedby=described />
        </div>
    }
}

#[component]
fn SearchPage(view: PersonSearchView) -> impl IntoView {
    let PersonSearchView {
        query,
        matches,
        more,
        searched,
        errors,
    } = view;
    let problem_for = |field: &str| {
        errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.clone())
    };
    let (name_problem, dob_problem) = (problem_for(NAME), problem_for(DOB_DAY));
    let title = match (errors.is_empty(), searched) {
        (false, _) => "Error: Find a person".to_owned(),
        (true, true) => format!("Find a person: {} found", matches.len()),
        (true, false) => "Find a person".to_owned(),
    };
    let count = match (more, matches.len()) {
        (true, n) => format!("More than {n} cases match: the newest {n} are shown. Add more to the search to narrow it."),
        (false, 0) => "No case matches.".to_owned(),
        (false, 1) => "1 case matches.".to_owned(),
        (false, n) => format!("{n} cases match."),
    };
    let errors = RwSignal::new(errors);
    let date_class = |size: &str| {
        if dob_problem.is_some() {
            format!(
                "govuk-input govuk-date-input__input govuk-input--width-{size} govuk-input--error"
            )
        } else {
            format!("govuk-input govuk-date-input__input govuk-input--width-{size}")
        }
    };
    let main = crate::components::use_main_landmark();
    view! {
        <leptos_meta::Title text=title />
        <div class="govuk-width-container">
            <main class="govuk-main-wrapper" id="main-content" tabindex="-1" node_ref=main>
                <ErrorSummary errors />
                <h1 class="govuk-heading-l">"Find a person"</h1>
                <p class="govuk-body">"Search every case. Give what you know: a case must match all of it. Names match in any order, from the start of each name, whatever their capitals."</p>
                <form method="get" action=routes::PERSON_SEARCH class="nrm-filters">
                    <div class="govuk-grid-row">
                        <div class="govuk-grid-column-one-half">
                            <SearchField id=NAME label="Name" value=query.name.clone() problem=name_problem.clone() />
                        </div>
                        <div class="govuk-grid-column-one-half">
                            <div class=group_class(dob_problem.is_some())>
                                <fieldset class="govuk-fieldset" role="group" aria-describedby=if dob_problem.is_some() { "dob-hint dob-day-error" } else { "dob-hint" }>
                                    <legend class="govuk-fieldset__legend">"Date of birth"</legend>
                                    <div id="dob-hint" class="govuk-hint">"For example, 27 3 2007"</div>
                                    {dob_problem.clone().map(|message| view! { <Problem id="dob-day" message /> })}
                                    <div class="govuk-date-input">
                                        {[(DOB_DAY, "Day", "2", query.dob_day.clone()), (DOB_MONTH, "Month", "2", query.dob_month.clone()), (DOB_YEAR, "Year", "4", query.dob_year.clone())]
                                            .into_iter()
                                            .map(|(id, label, size, value)| view! {
                                                <div class="govuk-date-input__item">
                                                    <div class="govuk-form-group">
                                                        <label class="govuk-label govuk-date-input__label" for=id>{label}</label>
                                                        <input class=date_class(size) id=id name=id type="text" inputmode="numeric" value=value />
                                                    </div>
                                                </div>
                                            })
                                            .collect_view()}
                                    </div>
                                </fieldset>
                            </div>
                        </div>
                    </div>
                    <div class="govuk-grid-row">
                        <div class="govuk-grid-column-one-quarter">
                            <SearchField id=NATIONALITY label="Nationality" value=query.nationality.clone() list="search-nationalities" />
                            {list_options("search-nationalities".to_owned(), List::Nationalities)}
                        </div>
                        <div class="govuk-grid-column-one-quarter">
                            <SearchField id=HO_REFERENCE label="Home Office reference" value=query.ho_reference.clone() />
                        </div>
                        <div class="govuk-grid-column-one-quarter">
                            <SearchField id=CRIME_REFERENCE label="Crime reference" value=query.crime_reference.clone() />
                        </div>
                        <div class="govuk-grid-column-one-quarter">
                            <SearchField id=PHONE label="Phone number" value=query.phone.clone() />
                        </div>
                    </div>
                    <div class="govuk-grid-row">
                        <div class="govuk-grid-column-one-half">
                            <SearchField id=EMAIL label="Email address" value=query.email.clone() />
                        </div>
                    </div>
                    <button type="submit" class="govuk-button" data-module="govuk-button">"Search"</button>
                </form>
                {(searched && errors.with_untracked(|e| e.is_empty())).then(|| view! {
                    <h2 class="govuk-heading-m" id="search-count">{count}</h2>
                    {(!matches.is_empty()).then(|| view! {
                        <ScrollTable
                            labelled_by="search-count"
                            id="people"
                            caption=format!("Cases that match, newest first (at most {SHOWN})")
                            headers=&["Reference", "Name", "Date of birth", "Nationality", "Status", "Received"]
                        >
                            {matches.into_iter().map(|m| view! {
                                <tr class="govuk-table__row">
                                    <td class="govuk-table__cell"><a class="govuk-link" href=format!("{}/{}", routes::CASES, m.reference)>{m.reference.clone()}</a></td>
                                    <td class="govuk-table__cell nrm-answer">{m.name}</td>
                                    <td class="govuk-table__cell">{m.date_of_birth}</td>
                                    <td class="govuk-table__cell">{m.nationality}</td>
                                    <td class="govuk-table__cell">{m.status}</td>
                                    <td class="govuk-table__cell">{m.received}</td>
                                </tr>
                            }).collect_view()}
                        </ScrollTable>
                    })}
                })}
            </main>
        </div>
    }
}
