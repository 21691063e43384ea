//! GOV.UK pagination for the desk's long lists.

use leptos::prelude::*;
use leptos_router::params::ParamsMap;

use crate::api::PageAt;

/// Which page a list's address asks for (`page`, `after`, `before`).
pub(super) fn page_at(map: &ParamsMap) -> PageAt {
    let text = |name: &str| map.get(name).unwrap_or_default();
    PageAt {
        page: text("page").parse().unwrap_or(0),
        after: text("after"),
        before: text("before"),
    }
}

/// The first and last of a page's references (the pager's links go on
/// from them); empty for an empty page.
pub(super) fn ends<'a>(mut references: impl Iterator<Item = &'a str>) -> (&'a str, &'a str) {
    let first = references.next().unwrap_or_default();
    (first, references.last().unwrap_or(first))
}

/// Previous and next links with "Page n of m" (GOV.UK pagination).
#[component]
pub(super) fn Pagination(
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
