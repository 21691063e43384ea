//! The browser entry point: hydrates the server-rendered page.

// The pages' view types nest deeply (the casework queue most).
#![recursion_limit = "512"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Some routes are lazy (their code is fetched when first needed), so
    // hydration waits for the current route's code before it starts.
    wasm_bindgen_futures::spawn_local(async {
        let Some(body) = leptos::prelude::document().body() else {
            return;
        };
        let owner = leptos::mount::hydrate_from_async(body, app::App).await;
        owner.forget();
        // Marks the page as interactive, for tests and for styles that need JavaScript.
        if let Some(root) = leptos::prelude::document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
}
