//! The items of a GOV.UK radio group, for a fieldset that holds them.

use leptos::prelude::*;

/// A radio group's items: `(value, label)` each, the one whose value is
/// `checked` chosen. The first item carries the field's name as its id, for
/// the error summary's link; the others add their value.
#[component]
pub fn RadioItems(
    name: &'static str,
    checked: String,
    choices: Vec<(&'static str, String)>,
) -> impl IntoView {
    choices
        .into_iter()
        .enumerate()
        .map(|(i, (value, label))| {
            let id = if i == 0 { name.to_owned() } else { format!("{name}-{value}") };
            view! {
                <div class="govuk-radios__item">
                    <input class="govuk-radios__input" id=id.clone() name=name type="radio" value=value checked=checked == value />
                    <label class="govuk-label govuk-radios__label" for=id>{label}</label>
                </div>
            }
        })
        .collect_view()
}
