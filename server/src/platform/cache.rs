//! A value worked out now and then and shared until it is too old.

use std::sync::Arc;
use tokio::sync::Mutex;

/// The last value and when (Unix seconds) it was worked out.
pub struct Cached<T>(Arc<Mutex<Option<(i64, T)>>>);

impl<T> Default for Cached<T> {
    fn default() -> Self {
        Self(Arc::new(Mutex::new(None)))
    }
}

impl<T> Clone for Cached<T> {
    fn clone(&self) -> Self {
        Self(Arc::clone(&self.0))
    }
}

impl<T: Clone> Cached<T> {
    /// The value if it was worked out less than `max_age` seconds before `now`,
    /// or else a fresh one from `make` (kept for next time). Callers wait for
    /// one another, so a slow `make` runs once, not once per caller.
    pub async fn get_or_make<E, F>(&self, now: i64, max_age: i64, make: F) -> Result<T, E>
    where
        F: std::future::Future<Output = Result<T, E>>,
    {
        let mut slot = self.0.lock().await;
        if let Some((at, value)) = slot.as_ref() {
            if now - at < max_age {
                return Ok(value.clone());
            }
        }
        let value = make.await?;
        *slot = Some((now, value.clone()));
        Ok(value)
    }
}
