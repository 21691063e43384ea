//! One file from a multipart form, streamed to the file store while its type
//! and size are checked (`app::uploads::Incoming`): a responder's evidence and
//! a caseworker's document come in the same way. Nothing refused is kept.

use std::collections::BTreeMap;

use app::casework::documents::DocumentCategory;
use axum::extract::Multipart;

use crate::evidence::{clean_file_name, EvidenceFile, FileType, Incoming, UploadRefusal, FIELD};
use crate::web::context::AppState;

/// The longest a form's text field is read (they name a category, no more).
const MAX_TEXT_BYTES: usize = 1024;

/// A file in the store, checked, with no row yet.
pub struct Stored {
    key: String,
    file_name: String,
    kind: FileType,
    size: u64,
}

impl Stored {
    /// Its row, under a new id.
    pub fn row(&self, category: DocumentCategory) -> EvidenceFile {
        EvidenceFile {
            id: uuid::Uuid::new_v4().to_string(),
            file_name: self.kind.name_for(&self.file_name),
            media_type: self.kind.media_type().to_owned(),
            size_bytes: i64::try_from(self.size).unwrap_or(i64::MAX),
            storage_key: self.key.clone(),
            category,
        }
    }

    pub fn media_type(&self) -> &'static str {
        self.kind.media_type()
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    /// Deletes the stored file (its row could not be written). A failure is
    /// logged: the reconciliation job finds a file without a row.
    pub async fn discard(&self, state: &AppState) {
        if let Err(error) = state.files.delete(&self.key).await {
            tracing::warn!(%error, "could not delete a refused file");
        }
    }
}

/// The form's text fields asked for (each at most 1 KB read), as far as the
/// form was read.
pub type TextFields = BTreeMap<String, String>;

/// Reads the form: the file in [`FIELD`] goes to the store as it arrives,
/// checked as it goes; the text fields named in `text_fields` are kept; any
/// other field is skipped. The text fields read come back with a refusal
/// too (a form sends its fields in order, so those before the file).
pub async fn receive(
    state: &AppState,
    mut multipart: Multipart,
    text_fields: &[&str],
) -> (TextFields, Result<Stored, UploadRefusal>) {
    let mut text = TextFields::new();
    let mut stored: Option<Stored> = None;
    let refusal = loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break None,
            Err(_) => break Some(UploadRefusal::TooLarge),
        };
        let name = field.name().unwrap_or_default().to_owned();
        if name == FIELD && stored.is_none() {
            let file_name = field.file_name().unwrap_or_default().to_owned();
            if file_name.is_empty() {
                // A form sent without a file chosen.
                break Some(UploadRefusal::NoFile);
            }
            match store(state, &mut field, &file_name).await {
                Ok(file) => stored = Some(file),
                Err(refusal) => break Some(refusal),
            }
        } else if text_fields.contains(&name.as_str()) {
            let mut value = Vec::new();
            let read = loop {
                match field.chunk().await {
                    Ok(Some(chunk)) => {
                        let room = MAX_TEXT_BYTES.saturating_sub(value.len());
                        value.extend_from_slice(&chunk[..chunk.len().min(room)]);
                    }
                    Ok(None) => break true,
                    Err(_) => break false,
                }
            };
            if !read {
                break Some(UploadRefusal::TooLarge);
            }
            text.insert(name, String::from_utf8_lossy(&value).into_owned());
        }
    };
    let outcome = match (refusal, stored) {
        (None, Some(stored)) => Ok(stored),
        (None, None) => Err(UploadRefusal::NoFile),
        (Some(refusal), stored) => {
            if let Some(stored) = stored {
                stored.discard(state).await;
            }
            Err(refusal)
        }
    };
    (text, outcome)
}

/// Streams one file to the store, checking it as it comes.
async fn store(
    state: &AppState,
    field: &mut axum::extract::multipart::Field<'_>,
    file_name: &str,
) -> Result<Stored, UploadRefusal> {
    let unavailable = |error: &dyn std::fmt::Display| {
        tracing::error!(%error, "upload failed");
        UploadRefusal::Failed
    };
    let file_name = clean_file_name(file_name);
    let key = uuid::Uuid::new_v4().simple().to_string();
    let mut incoming = Incoming::new(&file_name);
    let mut sink = None;
    let outcome: Result<FileType, UploadRefusal> = async {
        loop {
            let chunk = match field.chunk().await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => break,
                Err(_) => return Err(UploadRefusal::TooLarge),
            };
            incoming.take(&chunk)?;
            if sink.is_none() {
                sink = Some(
                    state
                        .files
                        .create(&key)
                        .await
                        .map_err(|e| unavailable(&e))?,
                );
            }
            if let Some(sink) = sink.as_mut() {
                sink.write(&chunk).await.map_err(|e| unavailable(&e))?;
            }
        }
        incoming.finish()
    }
    .await;
    let kind = match outcome {
        Ok(kind) => kind,
        Err(refused) => {
            if let Some(sink) = sink {
                drop(sink);
                if let Err(error) = state.files.delete(&key).await {
                    tracing::warn!(%error, "could not delete a refused upload");
                }
            }
            return Err(refused);
        }
    };
    if let Some(sink) = sink {
        if let Err(error) = sink.finish().await {
            let _ = state.files.delete(&key).await;
            return Err(unavailable(&error));
        }
    }
    Ok(Stored {
        key,
        file_name,
        kind,
        size: incoming.size(),
    })
}
