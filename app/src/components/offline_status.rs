//! The journey's status line for work kept on the phone: "Saved on this
//! phone, not sent yet", and what waits. A live region, present (empty) on
//! every journey page from the server, so that screen readers hear it change.

use leptos::prelude::*;

pub const OFFLINE_STATUS_ID: &str = "offline-status";

#[component]
pub fn OfflineStatus() -> impl IntoView {
    view! {
        <div id=OFFLINE_STATUS_ID role="status">
            {waiting_now}
        </div>
    }
}

#[cfg(feature = "hydrate")]
fn waiting_now() -> Option<AnyView> {
    let waiting = crate::on_device::waiting().get();
    if waiting.items.is_empty() && !waiting.send {
        return None;
    }
    Some(
        view! {
            <div class="govuk-inset-text nrm-offline-status">
                <h2 class="govuk-heading-s">"Saved on this phone, not sent yet"</h2>
                <p class="govuk-body">
                    "There is no signal. Your answers are kept on this phone, locked, and will be sent when there is a signal again. Do not sign out until they have gone."
                </p>
                {(!waiting.items.is_empty()).then(|| view! {
                    <p class="govuk-body govuk-!-margin-bottom-1">"Waiting to be sent:"</p>
                    <ul class="govuk-list govuk-list--bullet" id="waiting-pages">
                        {waiting.items.iter().map(|item| view! { <li>{item.clone()}</li> }).collect_view()}
                    </ul>
                })}
                {waiting.send.then(|| view! {
                    <p class="govuk-body" id="waiting-send">
                        "You pressed send: the report will be sent once the answers are through, and its reference shown."
                    </p>
                })}
            </div>
        }
        .into_any(),
    )
}

#[cfg(not(feature = "hydrate"))]
fn waiting_now() -> Option<AnyView> {
    None
}
