//! The service worker that lets the journey go on without a signal
//! (`/nrm/offline-worker.js`). Plain JavaScript written here, not Workbox:
//! it does three small things, and the list of files it keeps must come from
//! the build (the names hold content hashes), which the server knows.
//!
//! - At install it keeps the offline shell page, every built file (wasm, JS,
//!   CSS, split chunks) and the sealed-copy script.
//! - A journey page is fetched from the network; without one, the shell is
//!   shown instead, and the wasm draws the page from the phone's copy.
//! - Built files and the reference lists (public data, by version) come from
//!   what it keeps; a list of another version is kept as it is first fetched.
//!
//! Nothing it keeps holds an answer: pages are never stored (the shell has
//! none), and server functions pass straight through.

use app::reference::{List, ReferenceList};
use axum::{
    extract::State,
    http::{header, HeaderName, HeaderValue},
    response::{IntoResponse, Response},
};
use leptos::server_fn::ServerFn;
use sha2::{Digest, Sha256};

use crate::web::context::AppState;

/// The header that has the browser forget everything the service kept on it
/// (the sealed copy, its key, the worker and its files): sent when a session
/// ends by sign-out and when one begins, so that whoever signs in next on a
/// shared phone finds nothing of the last person's.
pub fn forget_on_device() -> (HeaderName, HeaderValue) {
    (
        HeaderName::from_static("clear-site-data"),
        HeaderValue::from_static("\"storage\""),
    )
}

/// `GET /nrm/offline-worker.js`.
pub async fn get_worker(State(state): State<AppState>) -> Response {
    let options = &state.leptos_options;
    let folder =
        std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    let mut built: Vec<String> = std::fs::read_dir(&folder)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| !name.ends_with(".br") && !name.ends_with(".gz"))
        .map(|name| format!("/{}/{name}", options.site_pkg_dir))
        .collect();
    built.sort();
    let mut keep = vec![
        app::routes::OFFLINE_SHELL.to_owned(),
        app::routes::OFFLINE_STORE.to_owned(),
    ];
    keep.extend(built);
    // The reference lists, at the addresses the list pickers ask for them.
    keep.extend(List::fetched().map(|list| {
        format!(
            "{}?list={list:?}&version={}",
            <ReferenceList as ServerFn>::PATH,
            list.version()
        )
    }));
    let script = worker_script(&keep);
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/javascript; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        script,
    )
        .into_response()
}

/// The worker's source for a list of files to keep. Its cache is named by a
/// hash of the list, so a new build (new names) gets a new cache and the old
/// one goes when the new worker takes over.
pub fn worker_script(keep: &[String]) -> String {
    let list = serde_json::to_string(keep).unwrap_or_else(|_| "[]".to_owned());
    let version = Sha256::digest(list.as_bytes())
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect::<String>();
    format!(
        r#"'use strict';
const CACHE = 'nrm-{version}';
const KEEP = {list};
const SHELL = {shell:?};
const LISTS = {lists:?};

self.addEventListener('install', (event) => {{
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(KEEP)).then(() => self.skipWaiting()));
}});

self.addEventListener('activate', (event) => {{
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith('nrm-') && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()));
}});

self.addEventListener('fetch', (event) => {{
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {{
    // Pages: always the network (they are never kept); without it, the shell.
    event.respondWith(fetch(request).catch(() => caches.match(SHELL)));
    return;
  }}
  // The list pickers' addresses end with a spare '&'.
  const address = url.pathname + url.search.replace(/&$/, '');
  if (KEEP.includes(address)) {{
    event.respondWith(caches.match(address).then((kept) => kept || fetch(request)));
    return;
  }}
  if (url.pathname === LISTS) {{
    // Public reference lists, by version in the address: kept as first fetched.
    event.respondWith(caches.open(CACHE).then((cache) => cache.match(request).then((kept) =>
      kept || fetch(request).then((response) => {{
        if (response.ok) cache.put(request, response.clone());
        return response;
      }}))));
  }}
}});
"#,
        shell = app::routes::OFFLINE_SHELL,
        lists = <ReferenceList as ServerFn>::PATH,
    )
}
