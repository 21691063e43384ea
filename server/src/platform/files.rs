//! Where file bytes live: a folder on local disk by default; an object store
//! could take its place behind [`FileStore`].

use std::future::Future;
use std::io;
use std::path::PathBuf;
use std::pin::Pin;
use tokio::io::AsyncWriteExt;

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Where file bytes live: a folder by default; an object store could take its place.
pub trait FileStore: Send + Sync + 'static {
    /// Starts writing a new file under `key`.
    fn create<'a>(&'a self, key: &'a str) -> BoxFuture<'a, io::Result<Box<dyn FileSink>>>;
    fn delete<'a>(&'a self, key: &'a str) -> BoxFuture<'a, io::Result<()>>;
    /// Opens the file for reading: a download streams it rather than holding
    /// a whole file in memory per request.
    fn open<'a>(&'a self, key: &'a str) -> BoxFuture<'a, io::Result<OpenFile>>;
    /// Every file held, with when it was last written: the reconciliation
    /// compares them with the rows that name them.
    fn list(&self) -> BoxFuture<'_, io::Result<Vec<StoredFile>>>;
}

/// A file the store holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredFile {
    pub key: String,
    /// When it was last written, in Unix seconds.
    pub modified: i64,
}

/// A stored file being read.
pub struct OpenFile {
    pub reader: Box<dyn tokio::io::AsyncRead + Send + Unpin>,
    /// Its length in bytes.
    pub len: u64,
}

/// A file being written, chunk by chunk.
pub trait FileSink: Send {
    fn write<'a>(&'a mut self, chunk: &'a [u8]) -> BoxFuture<'a, io::Result<()>>;
    fn finish(self: Box<Self>) -> BoxFuture<'static, io::Result<()>>;
}

/// Files in a folder on local disk, named by random keys (never by the uploader's file name).
pub struct FolderStore {
    root: PathBuf,
}

impl FolderStore {
    pub fn new(root: PathBuf) -> Self {
        Self { root }
    }

    fn path(&self, key: &str) -> io::Result<PathBuf> {
        let safe = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if safe {
            Ok(self.root.join(key))
        } else {
            Err(io::Error::new(io::ErrorKind::InvalidInput, "bad file key"))
        }
    }
}

/// A file being written, and the folder it is in.
struct FolderSink {
    file: tokio::fs::File,
    folder: PathBuf,
}

impl FileSink for FolderSink {
    fn write<'a>(&'a mut self, chunk: &'a [u8]) -> BoxFuture<'a, io::Result<()>> {
        Box::pin(self.file.write_all(chunk))
    }

    fn finish(mut self: Box<Self>) -> BoxFuture<'static, io::Result<()>> {
        Box::pin(async move {
            self.file.flush().await?;
            self.file.sync_all().await?;
            // The file's entry in its folder is only durable once the folder
            // is synced too: without it, a power cut could lose a file whose
            // row was committed.
            tokio::fs::File::open(&self.folder).await?.sync_all().await
        })
    }
}

impl FileStore for FolderStore {
    fn create<'a>(&'a self, key: &'a str) -> BoxFuture<'a, io::Result<Box<dyn FileSink>>> {
        Box::pin(async move {
            tokio::fs::create_dir_all(&self.root).await?;
            let file = tokio::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(self.path(key)?)
                .await?;
            Ok(Box::new(FolderSink {
                file,
                folder: self.root.clone(),
            }) as Box<dyn FileSink>)
        })
    }

    fn delete<'a>(&'a self, key: &'a str) -> BoxFuture<'a, io::Result<()>> {
        Box::pin(async move {
            match tokio::fs::remove_file(self.path(key)?).await {
                Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error),
                _ => Ok(()),
            }
        })
    }

    fn open<'a>(&'a self, key: &'a str) -> BoxFuture<'a, io::Result<OpenFile>> {
        Box::pin(async move {
            let file = tokio::fs::File::open(self.path(key)?).await?;
            let len = file.metadata().await?.len();
            Ok(OpenFile {
                reader: Box::new(file),
                len,
            })
        })
    }

    fn list(&self) -> BoxFuture<'_, io::Result<Vec<StoredFile>>> {
        Box::pin(async move {
            let mut entries = match tokio::fs::read_dir(&self.root).await {
                Ok(entries) => entries,
                Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
                Err(error) => return Err(error),
            };
            let mut found = Vec::new();
            while let Some(entry) = entries.next_entry().await? {
                let Ok(key) = entry.file_name().into_string() else {
                    continue;
                };
                // Only names this store could have given: anything else in
                // the folder is not ours to judge or delete.
                if self.path(&key).is_err() {
                    continue;
                }
                let meta = entry.metadata().await?;
                if !meta.is_file() {
                    continue;
                }
                let modified = meta
                    .modified()?
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
                found.push(StoredFile { key, modified });
            }
            Ok(found)
        })
    }
}
