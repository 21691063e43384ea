use leptos::prelude::*;

use crate::components::Problem;

/// A GOV.UK textarea with its label, an optional hint and its problem, drawn
/// as the page was asked for: `problem` is the message a refused post left
/// for it (the error summary links to `id`).
#[component]
pub fn TextArea(
    /// The textarea's id; its `-hint` and `-error` name the hint and problem.
    #[prop(into)]
    id: String,
    name: &'static str,
    #[prop(into)] label: String,
    /// What was typed, or nothing.
    value: String,
    problem: Option<String>,
    #[prop(default = 3)] rows: u8,
    #[prop(optional)] hint: Option<&'static str>,
    /// The label is the page's question, a medium heading (`<h2>`).
    #[prop(optional)]
    heading: bool,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let described_by = [
        hint.is_some().then(|| hint_id.clone()),
        problem.is_some().then(|| format!("{id}-error")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let for_id = id.clone();
    let label = if heading {
        view! {
            <h2 class="govuk-label-wrapper">
                <label class="govuk-label govuk-label--m" for=for_id>{label}</label>
            </h2>
        }
        .into_any()
    } else {
        view! { <label class="govuk-label" for=for_id>{label}</label> }.into_any()
    };
    let group = crate::components::group_class(problem.is_some());
    let area_class = if problem.is_some() {
        "govuk-textarea govuk-textarea--error"
    } else {
        "govuk-textarea"
    };
    view! {
        <div class=group>
            {label}
            {hint.map(|text| view! { <div id=hint_id class="govuk-hint">{text}</div> })}
            {problem.map(|message| view! { <Problem id=id.clone() message /> })}
            <textarea
                class=area_class
                id=id
                name=name
                rows=rows.to_string()
                aria-describedby=(!described_by.is_empty()).then_some(described_by)
            >{value}</textarea>
        </div>
    }
}
