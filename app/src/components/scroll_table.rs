//! A GOV.UK table that scrolls sideways inside its own region on a narrow
//! screen instead of the page (WCAG 1.4.10 reflow): the region is focusable,
//! so it scrolls by keyboard, and named by the element that introduces it.

use leptos::prelude::*;

/// The table `id`, its region named by the element `labelled_by`, a caption
/// for screen readers, one plain column header per `headers`, and its rows
/// (`<tr>`s) as children. `actions` heads a last column of buttons, its
/// header for screen readers only.
#[component]
pub fn ScrollTable(
    #[prop(into)] labelled_by: String,
    #[prop(into)] id: String,
    #[prop(into)] caption: String,
    headers: &'static [&'static str],
    #[prop(default = None)] actions: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="nrm-table-scroll" role="region" aria-labelledby=labelled_by tabindex="0">
            <table class="govuk-table" id=id>
                <caption class="govuk-table__caption govuk-visually-hidden">{caption}</caption>
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        {headers.iter().map(|header| view! {
                            <th scope="col" class="govuk-table__header">{*header}</th>
                        }).collect_view()}
                        {actions.map(|header| view! {
                            <th scope="col" class="govuk-table__header">
                                <span class="govuk-visually-hidden">{header}</span>
                            </th>
                        })}
                    </tr>
                </thead>
                <tbody class="govuk-table__body">{children()}</tbody>
            </table>
        </div>
    }
}
