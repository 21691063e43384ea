//! A list of what happened, newest first (MoJ Frontend's timeline, in our
//! own markup): the case's timeline for caseworkers, a sent referral's
//! messages and decisions for its referrer.

use leptos::prelude::*;

use crate::api::TimelineEntry;

/// The entries as an ordered list with the id `id`: each a heading, who and
/// when, and its reasons or text when it has any.
#[component]
pub fn Timeline(id: &'static str, entries: Vec<TimelineEntry>) -> impl IntoView {
    view! {
        <ol class="nrm-timeline" id=id>
            {entries.into_iter().map(|entry| view! {
                <li class="nrm-timeline__item">
                    <h3 class="govuk-heading-s govuk-!-margin-bottom-1">{entry.title}</h3>
                    <p class="govuk-body-s govuk-!-margin-bottom-1">{entry.who} ", " {entry.when}</p>
                    {(!entry.reasons.is_empty()).then(|| view! { <p class="govuk-body nrm-answer">{entry.reasons}</p> })}
                </li>
            }).collect_view()}
        </ol>
    }
}
