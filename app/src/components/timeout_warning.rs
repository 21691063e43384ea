use leptos::prelude::*;

use crate::components::SignOut;
use crate::session::use_idle_timeout;

pub const DIALOG_ID: &str = "timeout-warning";
/// The dialog's sign-out form, which the page submits itself when time runs out.
pub const SIGN_OUT_FORM_ID: &str = "timeout-sign-out";

/// Warns a signed-in user before an idle sign-out and lets them stay signed in.
///
/// Without JavaScript there is no warning: the server signs the user out after
/// the idle time and their saved answers are kept. With it, a modal dialog
/// opens `warning_seconds` before the end (screen readers announce its title
/// and text, and focus moves into it); "Stay signed in" tells the server
/// without leaving the page, so nothing typed is lost. "Sign out", and the
/// time running out, post the sign-out form: the server ends the session.
#[component]
pub fn TimeoutWarning() -> impl IntoView {
    let Some(timeout) = use_idle_timeout() else {
        return ().into_any();
    };
    let minutes = timeout.warning_seconds.div_ceil(60);
    #[cfg(feature = "hydrate")]
    let stay = crate::browser::idle_timer(timeout);
    #[cfg(not(feature = "hydrate"))]
    let stay = move |_: leptos::ev::MouseEvent| {};
    view! {
        <dialog
            id=DIALOG_ID
            class="nrm-timeout-dialog"
            aria-labelledby="timeout-warning-title"
            aria-describedby="timeout-warning-text"
        >
            <h2 class="govuk-heading-m" id="timeout-warning-title">
                "You will be signed out soon"
            </h2>
            <p class="govuk-body" id="timeout-warning-text">
                {format!(
                    "You have not done anything for a while. To protect the information you have given, we will sign you out in {minutes} minutes. Answers you have saved will be kept."
                )}
            </p>
            <div class="govuk-button-group">
                <button type="button" class="govuk-button" data-module="govuk-button" on:click=stay>
                    "Stay signed in"
                </button>
                <SignOut id=SIGN_OUT_FORM_ID />
            </div>
        </dialog>
    }
    .into_any()
}
