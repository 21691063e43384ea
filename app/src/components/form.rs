use leptos::prelude::*;

use crate::forms::{FieldError, FormState, FormValues};

/// The state a form page starts with: empty on a first visit, or the values and
/// errors the server found in a plain form post (JavaScript off). The server's
/// state is serialised into the page so the browser hydrates the same markup.
pub fn use_form_state() -> (FormValues, RwSignal<Vec<FieldError>>) {
    let initial = SharedValue::new(|| use_context::<FormState>().unwrap_or_default()).into_inner();
    (initial.values, RwSignal::new(initial.errors))
}

/// A real `<form method="post">` that works with JavaScript off. Once the wasm
/// has loaded, the same rules the server applies (`check`) run on submit: if
/// they find errors the post is not sent, the errors show and focus moves to
/// the summary; if not, the post goes ahead and the server checks again.
#[component]
pub fn CheckedForm(
    errors: RwSignal<Vec<FieldError>>,
    fields: &'static [&'static str],
    check: fn(&FormValues) -> Vec<FieldError>,
    children: Children,
) -> impl IntoView {
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            let Some(values) = crate::browser::submitted_values(&event, fields) else {
                return;
            };
            let found = check(&values);
            if !found.is_empty() {
                event.prevent_default();
                errors.set(found);
                crate::browser::focus_error_summary();
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (event, fields, check, errors);
    };
    view! {
        <form method="post" novalidate=true on:submit=on_submit>
            {children()}
        </form>
    }
}
