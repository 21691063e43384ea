//! The browser entry point: hydrates the server-rendered page, or, on the
//! offline shell the service worker shows without a signal, draws the page
//! that was asked for in the browser.

// The pages' view types nest deeply (the casework queue most).
#![recursion_limit = "512"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    let document = leptos::prelude::document();
    let Some(body) = document.body() else {
        return;
    };
    let path = document.location().and_then(|l| l.pathname().ok());
    let shell_marker = format!("[{}]", app::pages::offline_shell::OFFLINE_SHELL_MARKER);
    let is_shell = document
        .query_selector(&shell_marker)
        .ok()
        .flatten()
        .is_some();
    if is_shell && path.as_deref() != Some(app::routes::OFFLINE_SHELL) {
        // The shell stands in for another page: its markup is not that
        // page's, so the page is drawn afresh rather than hydrated.
        body.set_inner_html("");
        leptos::mount::mount_to_body(app::App);
        mark_interactive();
        return;
    }
    // Some routes are lazy (their code is fetched when first needed), so
    // hydration waits for the current route's code before it starts.
    wasm_bindgen_futures::spawn_local(async move {
        let owner = leptos::mount::hydrate_from_async(body, app::App).await;
        owner.forget();
        mark_interactive();
    });
}

/// Marks the page as interactive, for tests and for styles that need JavaScript.
fn mark_interactive() {
    if let Some(root) = leptos::prelude::document().document_element() {
        let _ = root.set_attribute("data-hydrated", "true");
    }
}
