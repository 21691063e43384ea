//! The journey without a signal, in the browser: the phone's encrypted copy
//! of the draft (kept by `public/offline-store.js`), the pages drawn from it
//! when the server cannot be reached, and sending what waits, in order, once
//! it can. The rules that run on the copy are the server's own
//! ([`crate::journey::offline`]).

use std::cell::RefCell;

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;

use crate::api::{CheckAnswersLoad, SaveOutcome, StepLoad};
use crate::forms::FormValues;
use crate::journey::offline::OfflineCopy;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = nrmOffline, js_name = begin)]
    async fn js_begin(key: &str, ends_at: f64) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = nrmOffline, js_name = resume)]
    async fn js_resume() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = nrmOffline, js_name = put)]
    async fn js_put(text: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = nrmOffline, js_name = get)]
    async fn js_get() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = nrmOffline, js_name = register)]
    async fn js_register(worker: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = nrmOffline, js_name = putFile)]
    async fn js_put_file(id: &str, input: JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = nrmOffline, js_name = uploadFile)]
    async fn js_upload_file(
        id: &str,
        name: &str,
        action: &str,
        field: &str,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = nrmOffline, js_name = dropFile)]
    async fn js_drop_file(id: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = nrmOffline, js_name = post)]
    async fn js_post(action: &str, fields: JsValue) -> Result<JsValue, JsValue>;
}

thread_local! {
    /// The copy as last read or written this page's life.
    static COPY: RefCell<Option<OfflineCopy>> = const { RefCell::new(None) };
}

/// What the status line says: the pages and the send waiting on the phone.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Waiting {
    /// The pages and files waiting, as the status line lists them.
    pub items: Vec<String>,
    pub send: bool,
}

/// The status the journey's pages show (empty: nothing waits). Counted by
/// reference, not owned by a page: it outlives every page that shows it.
pub fn waiting() -> ArcRwSignal<Waiting> {
    thread_local! {
        static WAITING: ArcRwSignal<Waiting> = ArcRwSignal::new(Waiting::default());
    }
    WAITING.with(Clone::clone)
}

fn set(copy: Option<OfflineCopy>) {
    let status = copy
        .as_ref()
        .map(|c| Waiting {
            items: c.waiting_items(),
            send: c.send_pressed,
        })
        .unwrap_or_default();
    if waiting().get_untracked() != status {
        waiting().set(status);
    }
    COPY.with_borrow_mut(|held| *held = copy);
}

/// The phone's copy: the one in memory, else the stored one if this tab
/// still holds its key.
async fn copy() -> Option<OfflineCopy> {
    if let Some(copy) = COPY.with_borrow(Clone::clone) {
        return Some(copy);
    }
    if !js_resume().await.ok()?.is_truthy() {
        return None;
    }
    let text = js_get().await.ok()?.as_string()?;
    let copy: OfflineCopy = serde_json::from_str(&text).ok()?;
    set(Some(copy.clone()));
    Some(copy)
}

async fn keep(copy: OfflineCopy) -> bool {
    let Ok(text) = serde_json::to_string(&copy) else {
        return false;
    };
    let kept = js_put(&text).await.is_ok();
    set(Some(copy));
    kept
}

/// A future of this module, for a `Resource` (the browser has one thread).
pub fn sendable<F: std::future::Future>(future: F) -> SendWrapper<F> {
    SendWrapper::new(future)
}

/// Whether steps or a send wait on the phone (so the server's copy is behind).
pub async fn is_waiting() -> bool {
    copy().await.is_some_and(|c| c.is_waiting())
}

/// A step page drawn from the phone's copy (`None`: there is none).
pub async fn load_step(slug: &str, changing: bool) -> Option<StepLoad> {
    Some(copy().await?.load(slug, changing))
}

/// Check-your-answers from the phone's copy.
pub async fn check_answers() -> Option<CheckAnswersLoad> {
    Some(copy().await?.check_answers())
}

/// Saves a step on the phone (checked by the same rules as on the server).
pub async fn save_step(slug: &str, changing: bool, values: &FormValues) -> Option<SaveOutcome> {
    let mut copy = copy().await?;
    let now = (js_sys::Date::now() / 1000.0) as i64;
    let outcome = copy.save(slug, changing, values, crate::dates::today(), now);
    if matches!(outcome, SaveOutcome::GoTo(_)) && !keep(copy).await {
        return None;
    }
    Some(outcome)
}

/// Keeps the phone's copy in step with a save the server has just made.
pub async fn saved_online(slug: &str, changing: bool, values: &FormValues, went_to: &str) {
    if let Some(mut copy) = copy().await {
        if copy.saved_online(slug, changing, values, crate::dates::today(), went_to) {
            keep(copy).await;
            return;
        }
    }
    // No copy yet, or one that missed a save: the server's, afresh.
    take_afresh().await;
}

/// Takes the server's copy of the draft and the session's key.
async fn take_afresh() {
    let Ok(Some(start)) = crate::api::start_offline().await else {
        return;
    };
    if js_begin(&start.key, start.ends_at as f64).await.is_ok() {
        keep(start.copy).await;
    }
}

/// What became of a file added on the upload step through the phone's copy.
pub enum Queued {
    /// Sealed on the phone, to be uploaded with what else waits.
    Queued,
    /// Refused by the checks the server makes.
    Refused(crate::limits::UploadRefusal),
    /// There is no copy to queue it in: the form goes as a plain post.
    NoCopy,
}

/// Queues the file chosen in `input` (the upload form's file field).
pub async fn queue_file(input: JsValue) -> Queued {
    use crate::journey::offline::QueuedFile;
    use crate::limits::UploadRefusal;
    let Some(mut copy) = copy().await else {
        return Queued::NoCopy;
    };
    let id = format!(
        "{:016x}{:013x}",
        (js_sys::Math::random() * 2f64.powi(53)) as u64,
        js_sys::Date::now() as u64
    );
    let Ok(info) = js_put_file(&id, input).await else {
        return Queued::NoCopy;
    };
    if info.is_null() || info.is_undefined() {
        return Queued::Refused(UploadRefusal::NoFile);
    }
    let field = |name: &str| js_sys::Reflect::get(&info, &JsValue::from_str(name)).ok();
    let name = field("name")
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    let size = field("size").and_then(|v| v.as_f64()).unwrap_or_default() as u64;
    let head = field("head")
        .map(|v| js_sys::Uint8Array::new(&v).to_vec())
        .unwrap_or_default();
    match copy.queue_file(
        QueuedFile {
            id: id.clone(),
            name,
            size,
            after_steps: 0,
        },
        &head,
    ) {
        Ok(()) => {
            keep(copy).await;
            Queued::Queued
        }
        Err(refusal) => {
            let _ = js_drop_file(&id).await;
            Queued::Refused(refusal)
        }
    }
}

/// Send was pressed without a signal: the report goes once the steps are through.
pub async fn press_send() -> bool {
    let Some(mut copy) = copy().await else {
        return false;
    };
    copy.send_pressed = true;
    keep(copy).await
}

/// Online and nothing waiting: takes a fresh copy of the draft (and the
/// session's key) from the server, and registers the worker that keeps the
/// journey's files. Called once as a journey page is first opened.
pub async fn refresh() {
    thread_local! {
        static DONE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if DONE.replace(true) {
        return;
    }
    let _ = js_register(crate::routes::OFFLINE_WORKER).await;
    if is_waiting().await {
        // What waits goes first (see `watch`); the copy is the newer.
        return;
    }
    take_afresh().await;
}

/// Sends what waits on the phone: the steps, in order, where the server
/// saves each as online unless the step was changed elsewhere later (the
/// newer answer wins; the older is kept in the draft's history), then the
/// send, whose server side sends a draft once however often it is pressed.
/// Stops at the first failure, to go on at the next chance.
/// Returns the page to show when the report has been sent.
pub async fn sync() -> Option<String> {
    thread_local! {
        static RUNNING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if RUNNING.replace(true) {
        return None;
    }
    let sent = sync_once().await;
    RUNNING.set(false);
    sent
}

async fn sync_once() -> Option<String> {
    let mut copy = copy().await?;
    // The steps saved before the files were added, the files, then the rest.
    let before = copy.split_at_files();
    sync_steps(&mut copy, before).await?;
    for file in copy.queued_files.clone() {
        // Checked on the phone as the server checks it; should the server
        // refuse it all the same (a full quota), the upload step says so.
        js_upload_file(
            &file.id,
            &file.name,
            crate::routes::UPLOAD,
            crate::journey::views::UPLOAD_FIELD,
        )
        .await
        .ok()?;
        copy.unqueue_file(&file.id);
        keep(copy.clone()).await;
    }
    let rest = copy.pending.len();
    sync_steps(&mut copy, rest).await?;
    if !copy.send_pressed {
        // The server's copy, with any answers it kept over the phone's.
        take_afresh().await;
        return None;
    }
    let fields = js_sys::Array::new();
    let to = js_post(crate::routes::CONFIRM, fields.into()).await.ok()?;
    let to = to.as_string()?;
    copy.send_pressed = false;
    keep(copy).await;
    // The draft has gone from the server: start afresh from its copy.
    take_afresh().await;
    Some(to)
}

/// Sends the first `count` steps waiting, all at once, so that the server
/// judges each against its draft as it was before any arrived; sending them
/// again changes nothing.
async fn sync_steps(copy: &mut OfflineCopy, count: usize) -> Option<()> {
    if count == 0 {
        return Some(());
    }
    let saves: Vec<_> = copy.pending[..count].to_vec();
    crate::api::sync_steps(saves).await.ok()?;
    copy.pending.drain(..count);
    for file in &mut copy.queued_files {
        file.after_steps = file.after_steps.saturating_sub(count);
    }
    keep(copy.clone()).await;
    Some(())
}

/// Tries to send what waits whenever the browser says it is back online,
/// and every so often (a phone's "online" is not always true).
pub fn watch(on_sent: impl Fn(String) + 'static) {
    thread_local! {
        static WATCHING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if WATCHING.replace(true) {
        return;
    }
    let on_sent = std::rc::Rc::new(on_sent);
    let attempt = move || {
        let on_sent = on_sent.clone();
        leptos::task::spawn_local(async move {
            if !is_waiting().await {
                return;
            }
            if let Some(to) = sync().await {
                on_sent(to);
            }
        });
    };
    let on_online = attempt.clone();
    let _ = window_event_listener(leptos::ev::online, move |_| on_online());
    attempt();
    let _ = set_interval_with_handle(attempt, std::time::Duration::from_secs(10));
}

/// Starts the phone's side of a journey page: the copy, the worker, and
/// sending what waits. Once the report has gone, its reference is shown with
/// a full page load (the signal is back; the page that started the watch may
/// be long gone).
pub fn on_journey_page() {
    leptos::task::spawn_local(refresh());
    watch(|to| {
        let _ = window().location().assign(&to);
    });
}
