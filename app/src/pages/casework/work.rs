//! `/casework/my-work` and `/casework/available-work`: tasks, the most urgent
//! first (a child, someone still being exploited, then the earliest due),
//! with MoJ Frontend's sub-navigation between the two.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::pagination::{ends, page_at, Pagination};
use crate::api::{casework_work, TaskClock, TaskRow, WorkView};
use crate::casework::case_forms::{CaseForm, ASSIGNEE, FORM};
use crate::components::{ScrollTable, SubNavigation};
use crate::journey::validate::thousands;
use crate::pages::LoadProblem;
use crate::routes;

/// `/casework/my-work`: the tasks this caseworker holds.
#[component]
pub fn MyWork() -> impl IntoView {
    view! { <WorkPage mine=true /> }
}

/// `/casework/available-work`: the tasks nobody holds, to claim.
#[component]
pub fn AvailableWork() -> impl IntoView {
    view! { <WorkPage mine=false /> }
}

#[component]
fn WorkPage(mine: bool) -> impl IntoView {
    let query = use_query_map();
    let load = Resource::new(
        move || page_at(&query.read()),
        move |at| casework_work(mine, at),
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match load.await {
                    Ok(view) => view! { <WorkTable view /> }.into_any(),
                    Err(error) => view! { <LoadProblem error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn list_href(mine: bool) -> &'static str {
    if mine {
        routes::MY_WORK
    } else {
        routes::AVAILABLE_WORK
    }
}

#[component]
fn WorkTable(view: WorkView) -> impl IntoView {
    let WorkView {
        mine,
        rows,
        total,
        more_than,
        at,
        pages,
    } = view;
    let page = at.page;
    let title = if mine { "My work" } else { "Available work" };
    let here = list_href(mine);
    let (first, last) = ends(rows.iter().map(|row| row.reference.as_str()));
    let previous = (page > 0).then(|| format!("{here}?{}", at.previous(first).query()));
    let next = (page + 1 < pages).then(|| format!("{here}?{}", at.next(last).query()));
    let count = thousands(usize::try_from(total).unwrap_or_default());
    let count = match (mine, more_than, total) {
        (_, true, _) => format!("More than {count} tasks"),
        (true, false, 0) => "You hold no tasks. Claim one from Available work.".to_owned(),
        (false, false, 0) => "No task is waiting to be claimed.".to_owned(),
        (_, false, 1) => "1 task".to_owned(),
        (_, false, _) => format!("{count} tasks"),
    };
    let tabs = vec![
        (routes::MY_WORK.to_owned(), "My work".to_owned()),
        (
            routes::AVAILABLE_WORK.to_owned(),
            "Available work".to_owned(),
        ),
    ];
    let main = crate::components::use_main_landmark();
    view! {
        <div class="govuk-width-container">
            <main class="govuk-main-wrapper" id="main-content" tabindex="-1" node_ref=main>
                <leptos_meta::Title text=title />
                <h1 class="govuk-heading-l">{title}</h1>
                <SubNavigation label="Work" items=tabs current=here.to_owned() />
                <p class="govuk-body" id="task-count">{count}</p>
                {(!rows.is_empty()).then(|| view! {
                    <ScrollTable
                        labelled_by="task-count" id="tasks" caption=title
                        headers=&["Case", "Task", "Due", "Priority", "Status"]
                        actions=(!mine).then_some("Claim")
                    >
                        {rows.into_iter().map(|row| view! { <TaskLine row mine /> }).collect_view()}
                    </ScrollTable>
                })}
                <Pagination previous next page pages label="Pages of tasks" />
            </main>
        </div>
    }
}

#[component]
fn TaskLine(row: TaskRow, mine: bool) -> impl IntoView {
    let href = format!("{}/{}", routes::CASES, row.reference);
    let claim = (!mine).then(|| {
        let action = href.clone();
        let about = format!(" the task on {}", row.reference);
        view! {
            <td class="govuk-table__cell">
                <form method="post" action=action>
                    <input type="hidden" name=FORM value=CaseForm::Assign.as_str() />
                    <input type="hidden" name=ASSIGNEE value="me" />
                    <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
                        "Claim"<span class="govuk-visually-hidden">{about}</span>
                    </button>
                </form>
            </td>
        }
    });
    view! {
        <tr class="govuk-table__row">
            <td class="govuk-table__cell">
                <a class="govuk-link" href=href>{row.reference.clone()}</a>
                <span class="govuk-body-s nrm-secondary-text">{format!(" {}", row.adult_or_child)}</span>
            </td>
            <td class="govuk-table__cell">{row.clock.task.clone()}</td>
            <td class="govuk-table__cell">
                <TaskDue clock=row.clock />
            </td>
            <td class="govuk-table__cell">
                {row.priority.into_iter().map(|reason| view! {
                    <strong class="govuk-tag govuk-tag--purple nrm-tag-stack">{reason}</strong>
                }).collect_view()}
            </td>
            <td class="govuk-table__cell">{row.status}</td>
            {claim}
        </tr>
    }
}

/// A task's due date with MoJ's contextual tag (overdue, due soon), and the
/// day it may not be done before while that is still to come.
#[component]
pub fn TaskDue(clock: TaskClock) -> impl IntoView {
    view! {
        {clock.due}
        {clock.urgency.tag().map(|(text, colour)| view! {
            " " <strong class=format!("govuk-tag {colour}")>{text}</strong>
        })}
        {clock.not_before.map(|day| view! {
            <br /><span class="govuk-body-s">{format!("Not before {day}")}</span>
        })}
    }
}
