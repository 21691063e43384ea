use leptos::prelude::*;

use crate::forms::FieldError;

pub const ERROR_SUMMARY_ID: &str = "error-summary";

/// The GOV.UK error summary: a list of links to the fields with errors.
///
/// Rendered by the server it carries `autofocus`, so that the browser moves
/// focus to it even with JavaScript off; in the browser the form moves focus
/// to it after a failed check.
#[component]
pub fn ErrorSummary(errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    move || {
        let list = errors.get();
        (!list.is_empty()).then(|| {
            view! {
                <div
                    class="govuk-error-summary"
                    id=ERROR_SUMMARY_ID
                    tabindex="-1"
                    autofocus=true
                    data-module="govuk-error-summary"
                >
                    <div role="alert">
                        <h2 class="govuk-error-summary__title">"There is a problem"</h2>
                        <div class="govuk-error-summary__body">
                            <ul class="govuk-list govuk-error-summary__list">
                                {list
                                    .into_iter()
                                    .map(|error| {
                                        let href = format!("#{}", error.field);
                                        view! {
                                            <li>
                                                <a href=href target="_self">
                                                    {error.message}
                                                </a>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </div>
                    </div>
                </div>
            }
        })
    }
}
