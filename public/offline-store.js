// The phone's encrypted copy of a draft (see README, "Working offline").
//
// One IndexedDB record holds the copy, sealed with AES-256-GCM through Web
// Crypto (a fresh 96-bit IV per write). The key comes from the responder's
// session on the server and is kept only in this tab's sessionStorage, never
// in IndexedDB beside the data: closing the tab, signing out, the session's
// absolute end or another person signing in leaves ciphertext nobody can open.
// The record carries, in the clear, only when it must be forgotten.
(function () {
  'use strict';
  const DB = 'nrm-offline';
  const STORE = 'copy';
  const RECORD = 'draft';
  const KEY = 'nrm-offline-key';
  const ENDS = 'nrm-offline-ends';
  let key = null;

  function request(r) {
    return new Promise((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  }

  function open() {
    const r = indexedDB.open(DB, 1);
    r.onupgradeneeded = () => r.result.createObjectStore(STORE);
    return request(r);
  }

  async function withStore(mode, work) {
    const db = await open();
    try {
      const tx = db.transaction(STORE, mode);
      const done = new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
      const result = await request(work(tx.objectStore(STORE)));
      await done;
      return result;
    } finally {
      db.close();
    }
  }

  function now() {
    return Math.floor(Date.now() / 1000);
  }

  function bytes(hex) {
    const out = new Uint8Array(hex.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
    return out;
  }

  async function importKey(hex) {
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error('not a key');
    return crypto.subtle.importKey('raw', bytes(hex), 'AES-GCM', false, ['encrypt', 'decrypt']);
  }

  async function seal(bytes) {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, bytes);
    const endsAt = Number(sessionStorage.getItem(ENDS) || 0);
    return { iv, data, endsAt };
  }

  async function forget() {
    key = null;
    try {
      sessionStorage.removeItem(KEY);
      sessionStorage.removeItem(ENDS);
    } catch (_) { /* storage blocked: nothing kept there */ }
    await new Promise((resolve) => {
      const r = indexedDB.deleteDatabase(DB);
      r.onsuccess = r.onerror = r.onblocked = () => resolve();
    });
  }

  // Forgets a copy whose session has ended, even without its key.
  async function sweep() {
    const ends = Number(sessionStorage.getItem(ENDS) || 0);
    if (ends && ends <= now()) return forget();
    const record = await withStore('readonly', (s) => s.get(RECORD)).catch(() => undefined);
    if (record && record.endsAt <= now()) return forget();
  }

  // As each page opens: a key whose copy has gone (the server had the
  // browser forget it, at sign-out or at someone's sign-in) goes too, and a
  // copy whose session has ended is forgotten.
  const ready = (async () => {
    try {
      const names = (await indexedDB.databases()).map((d) => d.name);
      if (!names.includes(DB)) {
        sessionStorage.removeItem(KEY);
        sessionStorage.removeItem(ENDS);
      } else {
        await sweep();
      }
    } catch (_) { /* storage blocked: nothing was kept */ }
  })();

  window.nrmOffline = {
    // The server's key for this session. A copy sealed under another key is
    // someone else's, or an ended session's: it will not open, and goes.
    async begin(hex, endsAt) {
      await ready;
      key = await importKey(hex);
      sessionStorage.setItem(KEY, hex);
      sessionStorage.setItem(ENDS, String(endsAt));
      await sweep();
      if (key) await window.nrmOffline.get();
      return key !== null;
    },
    // After a reload without a signal: the key this tab was given, if any.
    async resume() {
      await ready;
      await sweep();
      const hex = sessionStorage.getItem(KEY);
      if (!hex) return false;
      key = await importKey(hex);
      return true;
    },
    async put(text) {
      if (!key) throw new Error('no key');
      const record = await seal(new TextEncoder().encode(text));
      await withStore('readwrite', (s) => s.put(record, RECORD));
    },
    // An evidence file chosen without a signal: its first bytes (for the type
    // check in the wasm) and its size; its bytes are sealed under `id`.
    async putFile(id, input) {
      if (!key) throw new Error('no key');
      const file = input.files && input.files[0];
      if (!file) return null;
      const bytes = new Uint8Array(await file.arrayBuffer());
      const record = await seal(bytes);
      await withStore('readwrite', (s) => s.put(record, 'file:' + id));
      return { name: file.name, size: file.size, head: bytes.slice(0, 16) };
    },
    // Uploads a queued file as the upload form would; says where the server
    // sent the browser (which names any refusal). Rejects without a signal.
    async uploadFile(id, name, action, field) {
      if (!key) throw new Error('no key');
      const record = await withStore('readonly', (s) => s.get('file:' + id));
      if (!record) return null;
      const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: record.iv }, key, record.data);
      const form = new FormData();
      form.append(field, new File([plain], name));
      const response = await fetch(action, { method: 'POST', body: form, credentials: 'same-origin' });
      if (!response.ok) throw new Error('refused: ' + response.status);
      await withStore('readwrite', (s) => s.delete('file:' + id));
      return new URL(response.url).pathname + new URL(response.url).search;
    },
    async dropFile(id) {
      await withStore('readwrite', (s) => s.delete('file:' + id));
    },
    // The copy, or null; a copy that will not open under this key goes.
    async get() {
      if (!key) return null;
      const record = await withStore('readonly', (s) => s.get(RECORD));
      if (!record) return null;
      try {
        const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: record.iv }, key, record.data);
        return new TextDecoder().decode(plain);
      } catch (_) {
        await forget();
        return null;
      }
    },
    forget,
    sweep,
    // The worker that keeps the journey's files for use without a signal.
    // Its scope is its folder: the journey's pages.
    register(worker) {
      if (!('serviceWorker' in navigator)) return Promise.resolve(false);
      return navigator.serviceWorker.register(worker).then(() => true, () => false);
    },
    // Posts a form the way the browser would (same origin, the session's
    // cookie) and says where the server sent it. Rejects without a signal.
    async post(action, fields) {
      const body = new URLSearchParams(fields);
      const response = await fetch(action, { method: 'POST', body, credentials: 'same-origin' });
      if (!response.ok) throw new Error('refused: ' + response.status);
      return new URL(response.url).pathname + new URL(response.url).search;
    },
  };
})();
