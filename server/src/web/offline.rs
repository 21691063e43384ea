//! The service worker that lets the journey go on without a signal
//! (`/nrm/offline-worker.js`). Plain JavaScript written here, not Workbox:
//! it does three small things, and the list of files it keeps must come from
//! the build (the names hold content hashes), which the server knows.
//!
//! - At install it keeps the offline shell page, every built file (wasm, JS,
//!   CSS, split chunks) but the code only staff's pages use, and the
//!   sealed-copy script.
//! - A journey page is fetched from the network; without one, the shell is
//!   shown instead, and the wasm draws the page from the phone's copy.
//! - Built files and the reference lists (public data, by version) come from
//!   what it keeps; a list of another version is kept as it is first fetched.
//!
//! Nothing it keeps holds an answer: pages are never stored (the shell has
//! none), and server functions pass straight through.

use app::reference::{List, ReferenceList};
use std::collections::{BTreeMap, BTreeSet};

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
    let names: Vec<String> = std::fs::read_dir(&folder)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| !name.ends_with(".br") && !name.ends_with(".gz"))
        .collect();
    let staff_only = staff_only(&folder, &names);
    let mut built: Vec<String> = names
        .into_iter()
        .filter(|name| !staff_only.contains(name))
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

/// The split files (`cargo leptos --split`) only staff's pages load, by
/// the build's split manifest: a first responder's phone has no use for
/// the desk's code. Without a manifest, or when a staff route is not in it
/// as expected, none (everything is kept, as before).
fn staff_only(folder: &std::path::Path, names: &[String]) -> BTreeSet<String> {
    let Some(manifest) = names
        .iter()
        .find(|name| name.starts_with("__wasm_split_manifest.") && name.ends_with(".json"))
    else {
        return BTreeSet::new();
    };
    let read = std::fs::read(folder.join(manifest))
        .map_err(|e| e.to_string())
        .and_then(|bytes| serde_json::from_slice(&bytes).map_err(|e| e.to_string()));
    match read {
        Ok(manifest) => match split_files_only_for(&manifest, app::pages::STAFF_ROUTES) {
            Ok(files) => files,
            Err(route) => {
                tracing::warn!(route, "a staff route is not in the split manifest: the offline worker keeps every file");
                BTreeSet::new()
            }
        },
        Err(error) => {
            tracing::warn!(%error, "the split manifest could not be read: the offline worker keeps every file");
            BTreeSet::new()
        }
    }
}

/// The files of a split manifest (each lazy route's view and the modules it
/// loads) that only `routes` need; or the first route not found in it. A
/// route `CaseQueueRoute`'s view is split as `__case_queue_route_view_<n>`.
fn split_files_only_for(
    manifest: &BTreeMap<String, Vec<String>>,
    routes: &[&str],
) -> Result<BTreeSet<String>, String> {
    let keys: Vec<String> = routes
        .iter()
        .map(|route| format!("__{}_view_", snake_case(route)))
        .collect();
    if let Some(missing) = routes
        .iter()
        .zip(&keys)
        .find(|(_, key)| !manifest.keys().any(|name| name.starts_with(key.as_str())))
    {
        return Err((*missing.0).to_owned());
    }
    let (theirs, others): (Vec<_>, Vec<_>) = manifest
        .iter()
        .partition(|(name, _)| keys.iter().any(|key| name.starts_with(key.as_str())));
    let needed_elsewhere: BTreeSet<&String> =
        others.into_iter().flat_map(|(_, files)| files).collect();
    Ok(theirs
        .into_iter()
        .flat_map(|(_, files)| files)
        .filter(|file| !needed_elsewhere.contains(file))
        .map(|file| format!("{file}.wasm"))
        .collect())
}

/// `CaseQueueRoute` as `case_queue_route`, as the lazy route macro names
/// its split.
fn snake_case(name: &str) -> String {
    let mut snake = String::new();
    for (n, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if n > 0 {
                snake.push('_');
            }
            snake.push(c.to_ascii_lowercase());
        } else {
            snake.push(c);
        }
    }
    snake
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

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(entries: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
        entries
            .iter()
            .map(|(name, files)| {
                (
                    (*name).to_owned(),
                    files.iter().map(|f| (*f).to_owned()).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn a_phone_keeps_every_module_a_responders_page_loads() {
        let built = manifest(&[
            (
                "__check_answers_route_view_1",
                &[
                    "chunk_1.a",
                    "chunk_2.b",
                    "split___check_answers_route_view_1.c",
                ],
            ),
            (
                "__case_queue_route_view_1",
                &[
                    "chunk_2.b",
                    "chunk_3.d",
                    "split___case_queue_route_view_1.e",
                ],
            ),
            (
                "__dtn_register_route_view_1",
                &["chunk_3.d", "split___dtn_register_route_view_1.f"],
            ),
        ]);
        let left_out = split_files_only_for(&built, &["CaseQueueRoute", "DtnRegisterRoute"]);
        // chunk_2 is shared with check answers: kept.
        assert_eq!(
            left_out.unwrap().into_iter().collect::<Vec<_>>(),
            [
                "chunk_3.d.wasm",
                "split___case_queue_route_view_1.e.wasm",
                "split___dtn_register_route_view_1.f.wasm"
            ]
        );
        // A staff route the manifest does not name as expected: nothing is
        // left out (a phone keeps too much rather than too little).
        assert_eq!(
            split_files_only_for(&built, &["CaseQueueRoute", "MyWorkRoute"]),
            Err("MyWorkRoute".to_owned())
        );
        assert_eq!(
            snake_case("SecondFactorSetUpRoute"),
            "second_factor_set_up_route"
        );
    }
}
