//! The few things the browser side does by hand with web-sys.

use wasm_bindgen::JsCast;
use web_sys::{FormData, HtmlElement, HtmlFormElement};

use crate::components::ERROR_SUMMARY_ID;
use crate::forms::FormValues;

/// The named fields' values from the form being submitted.
pub fn submitted_values(event: &leptos::ev::SubmitEvent, fields: &[&str]) -> Option<FormValues> {
    let form: HtmlFormElement = event.target()?.dyn_into().ok()?;
    let data = FormData::new_with_form(&form).ok()?;
    Some(FormValues::from_pairs(
        fields
            .iter()
            .map(|name| (*name, data.get(name).as_string().unwrap_or_default())),
        fields,
    ))
}

/// Moves focus to the error summary once it has been drawn.
pub fn focus_error_summary() {
    leptos::prelude::request_animation_frame(|| {
        let summary = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(ERROR_SUMMARY_ID))
            .and_then(|e| e.dyn_into::<HtmlElement>().ok());
        if let Some(summary) = summary {
            let _ = summary.focus();
        }
    });
}
