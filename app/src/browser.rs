//! The few things the browser side does by hand with web-sys.

use wasm_bindgen::JsCast;
use web_sys::{FormData, HtmlElement, HtmlFormElement};

use crate::components::ERROR_SUMMARY_ID;
use crate::forms::FormValues;
use crate::reference::List;

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

thread_local! {
    /// When the session ends (ms since the epoch, the page's clock). Timers
    /// act only if their moment has really come, so a "Stay signed in" simply
    /// moves the deadline and the older timers do nothing when they fire.
    static IDLE_DEADLINE: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
}

/// Starts the idle timers for the signed-in user; returns the "Stay signed in" handler.
pub fn idle_timer(
    timeout: crate::session::IdleTimeout,
) -> impl Fn(leptos::ev::MouseEvent) + Clone + 'static {
    restart_idle_timers(timeout);
    move |_| {
        close_dialog();
        keep_alive();
        restart_idle_timers(timeout);
    }
}

thread_local! {
    /// The signed-in user's idle timeout, once the timers have started.
    static IDLE_TIMEOUT: std::cell::Cell<Option<crate::session::IdleTimeout>> = const { std::cell::Cell::new(None) };
}

/// The user just did something the server saw (a page or a save without a
/// page load): the idle clock starts again, as the server's did.
pub fn note_activity() {
    if let Some(timeout) = IDLE_TIMEOUT.get() {
        restart_idle_timers(timeout);
    }
}

fn restart_idle_timers(timeout: crate::session::IdleTimeout) {
    use leptos::prelude::set_timeout;
    use std::time::Duration;

    IDLE_TIMEOUT.set(Some(timeout));
    let idle_ms = f64::from(timeout.idle_seconds) * 1000.0;
    let warning_ms = f64::from(timeout.warning_seconds) * 1000.0;
    IDLE_DEADLINE.set(js_sys::Date::now() + idle_ms);
    let remaining = || IDLE_DEADLINE.get() - js_sys::Date::now();
    set_timeout(
        move || {
            if remaining() <= warning_ms {
                open_dialog();
            }
        },
        Duration::from_secs(
            timeout
                .idle_seconds
                .saturating_sub(timeout.warning_seconds)
                .into(),
        ),
    );
    set_timeout(
        move || {
            if remaining() <= 0.0 {
                sign_out();
            }
        },
        Duration::from_secs(timeout.idle_seconds.into()),
    );
}

/// Posts the dialog's sign-out form, so the server ends the session too
/// (its clock may be a moment behind ours).
fn sign_out() {
    let form = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(crate::components::SIGN_OUT_FORM_ID))
        .and_then(|e| e.dyn_into::<web_sys::HtmlFormElement>().ok());
    match form {
        Some(form) => {
            let _ = form.submit();
        }
        None => {
            if let Some(window) = web_sys::window() {
                let _ = window.location().assign(crate::routes::SIGNED_OUT);
            }
        }
    }
}

fn dialog() -> Option<web_sys::HtmlDialogElement> {
    web_sys::window()?
        .document()?
        .get_element_by_id(crate::components::DIALOG_ID)?
        .dyn_into()
        .ok()
}

fn open_dialog() {
    if let Some(dialog) = dialog() {
        if !dialog.open() {
            let _ = dialog.show_modal();
        }
    }
}

fn close_dialog() {
    if let Some(dialog) = dialog() {
        dialog.close();
    }
}

/// Tells the server the user is still here (any request by them slides the session on).
fn keep_alive() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);
    let _ = window.fetch_with_str_and_init(crate::routes::KEEP_ALIVE, &init);
}

/// Moves focus to the element with this id once it has been drawn.
pub fn focus_by_id(id: &str) {
    let id = id.to_owned();
    leptos::prelude::request_animation_frame(move || {
        let element = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&id))
            .and_then(|e| e.dyn_into::<HtmlElement>().ok());
        if let Some(element) = element {
            let _ = element.focus();
        }
    });
}

/// The name of the button that submitted the form, if it has one.
pub fn submitter_name(event: &leptos::ev::SubmitEvent) -> String {
    event
        .submitter()
        .and_then(|e| e.get_attribute("name"))
        .unwrap_or_default()
}

/// Sends the form as a plain post (no submit event): the fallback when the
/// server function cannot be reached.
pub fn post_form_plainly(event: &leptos::ev::SubmitEvent) {
    if let Some(form) = event
        .target()
        .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
    {
        let _ = form.submit();
    }
}

thread_local! {
    /// Set when the next submission goes to the server unchecked (see [`submit_once_lists_arrive`]).
    static SEND_UNCHECKED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Holds the submission until the reference lists its answers are checked
/// against have arrived, then submits the form again with the same button. If a
/// list cannot be fetched, that second submission is a plain post unchecked
/// here: the server checks every post anyway.
pub fn submit_once_lists_arrive(event: &leptos::ev::SubmitEvent, lists: Vec<List>) {
    event.prevent_default();
    let Some(form) = event
        .target()
        .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
    else {
        return;
    };
    let button = event
        .submitter()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok());
    leptos::task::spawn_local(async move {
        let mut arrived = true;
        for list in lists {
            arrived &= list.load().await;
        }
        // The submit event runs the handler before `requestSubmit` returns, so
        // the flag never outlives this submission (nor leaks into another form's).
        SEND_UNCHECKED.set(!arrived);
        let _ = form.request_submit_with_submitter(button.as_ref());
        SEND_UNCHECKED.set(false);
    });
}

/// Whether this submission is to go to the server unchecked (and so as a plain post).
pub fn take_send_unchecked() -> bool {
    SEND_UNCHECKED.replace(false)
}

thread_local! {
    /// Whether the first page (the one the browser loaded) has been drawn.
    static FIRST_PAGE_SHOWN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Called when a page has been drawn, with its `<main>`. Every page after the
/// first came from a client-side navigation, which talked to the server: the
/// idle clock restarts, and focus moves to the new content as a full page
/// load would reset it. It is this page's own `<main>` that takes the focus
/// (by reference, not by id): while one page replaces another both can be in
/// the document for a moment, and focusing the old one lost the focus to the
/// page's body when it went, leaving Tab to start at the end of the page.
pub fn page_shown(main: HtmlElement) {
    if FIRST_PAGE_SHOWN.replace(true) {
        note_activity();
        leptos::prelude::request_animation_frame(move || {
            // Someone quick (or a busy phone's late frame) may already be in
            // the new page's content: the focus stays where they put it.
            let landmark: &web_sys::Element = main.as_ref();
            let already_in = leptos::prelude::document()
                .active_element()
                .is_some_and(|active| active != *landmark && main.contains(Some(&active)));
            if main.is_connected() && !already_in {
                let _ = main.focus();
            }
        });
    }
}
