//! `/nrm/offline`: the page the service worker shows in place of a journey
//! page when there is no signal. It holds no answers (it is kept on the
//! phone as it is). Its wasm sees the marker below and, instead of taking
//! over this markup, draws the page that was asked for from the phone's copy.

use leptos::prelude::*;

use crate::components::Page;
use crate::routes;

/// The attribute that marks the shell, for the browser's entry point.
pub const OFFLINE_SHELL_MARKER: &str = "data-offline-shell";

#[component]
pub fn OfflineShell() -> impl IntoView {
    view! {
        <Page title="No signal">
            <div data-offline-shell="true">
                <h1 class="govuk-heading-l">"No signal"</h1>
                <p class="govuk-body">
                    "This phone has no connection to the service. Answers you have saved on this phone are still here: the page you asked for opens from them in a moment."
                </p>
                <p class="govuk-body">
                    <a class="govuk-link" href=routes::REPORTS>"Go to your reports"</a>
                </p>
            </div>
        </Page>
    }
}
