//! Sending email: over SMTP when `SMTP_URL` is set, otherwise into a folder
//! of `.eml` files so that a service run locally can still sign people in.

use lettre::{
    message::{header::ContentType, Mailbox},
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};
use std::path::PathBuf;

/// One message ready to go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email {
    pub id: String,
    pub to: String,
    pub subject: String,
    pub body: String,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("bad address: {0}")]
    Address(String),
    #[error("could not build the message: {0}")]
    Build(String),
    #[error("SMTP: {0}")]
    Smtp(String),
    #[error("could not write the message file: {0}")]
    File(#[from] std::io::Error),
}

#[derive(Clone)]
pub enum Mailer {
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
    },
    Folder {
        dir: PathBuf,
        from: Mailbox,
    },
}

impl Mailer {
    /// SMTP when a URL is given (like `smtps://user:pass@host:465`), else the folder.
    pub fn new(smtp_url: Option<&str>, mail_dir: PathBuf, from: &str) -> Result<Self, MailError> {
        let from: Mailbox = from
            .parse()
            .map_err(|_| MailError::Address(from.to_owned()))?;
        match smtp_url {
            Some(url) => Ok(Mailer::Smtp {
                transport: AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| MailError::Smtp(e.to_string()))?
                    .build(),
                from,
            }),
            None => Ok(Mailer::Folder {
                dir: mail_dir,
                from,
            }),
        }
    }

    pub async fn send(&self, email: &Email) -> Result<(), MailError> {
        match self {
            Mailer::Smtp { transport, from } => {
                let message = build(from, email)?;
                transport
                    .send(message)
                    .await
                    .map_err(|e| MailError::Smtp(e.to_string()))?;
            }
            Mailer::Folder { dir, from } => {
                let message = build(from, email)?;
                let path = dir.join(format!("{}.eml", email.id));
                if !deliver_once(dir, &path, &message.formatted()).await? {
                    tracing::warn!(file = %path.display(), "email already delivered; not written again");
                    return Ok(());
                }
                // Locally, the log is the quickest way to the link.
                tracing::info!(
                    file = %path.display(),
                    subject = %email.subject,
                    links = ?links_in(&email.body),
                    "email written to the mail folder"
                );
            }
        }
        Ok(())
    }
}

/// Puts `contents` at `path` whole or not at all, and never over a message
/// already there; false when it was there. The message is written and
/// synced under a name of its own in `.incoming`, then linked into place:
/// a stop part-way leaves a stray in `.incoming`, never a half message
/// under the real name that would make the next try think it delivered
/// (found by the crash test: a kill between creating the file and writing
/// it lost a confirmation). One file per message id, as a mail system that
/// keys on Message-ID would (see `build`).
async fn deliver_once(
    dir: &std::path::Path,
    path: &std::path::Path,
    contents: &[u8],
) -> std::io::Result<bool> {
    let incoming = dir.join(".incoming");
    tokio::fs::create_dir_all(&incoming).await?;
    let draft = incoming.join(format!(
        "{}.{}",
        path.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("message"),
        uuid::Uuid::new_v4()
    ));
    let mut file = tokio::fs::File::create(&draft).await?;
    tokio::io::AsyncWriteExt::write_all(&mut file, contents).await?;
    file.sync_all().await?;
    drop(file);
    let placed = tokio::fs::hard_link(&draft, path).await;
    tokio::fs::remove_file(&draft).await?;
    match placed {
        Ok(()) => {
            tokio::fs::File::open(dir).await?.sync_all().await?;
            Ok(true)
        }
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(error) => Err(error),
    }
}

/// The message, with the outbox id in its Message-ID: if the service stops
/// after a message was handed over but before it was noted as sent, it is
/// handed over again with the same Message-ID, which mail systems use to
/// drop the second copy (README, Durability).
fn build(from: &Mailbox, email: &Email) -> Result<Message, MailError> {
    let to: Mailbox = email
        .to
        .parse()
        .map_err(|_| MailError::Address(email.to.clone()))?;
    Message::builder()
        .message_id(Some(format!("<{}@{}>", email.id, from.email.domain())))
        .from(from.clone())
        .to(to)
        .subject(email.subject.clone())
        .header(ContentType::TEXT_PLAIN)
        .body(email.body.clone())
        .map_err(|e| MailError::Build(e.to_string()))
}

/// The http(s) links in a plain-text body.
pub fn links_in(body: &str) -> Vec<&str> {
    body.split_whitespace()
        .filter(|word| word.starts_with("http://") || word.starts_with("https://"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_message_is_placed_whole_once_and_a_stray_draft_changes_nothing() {
        let dir = std::env::temp_dir().join(format!("nrm-mail-{}", uuid::Uuid::new_v4()));
        let path = dir.join("one.eml");
        // A draft left by a stop part-way through an earlier try.
        tokio::fs::create_dir_all(dir.join(".incoming"))
            .await
            .unwrap();
        tokio::fs::write(dir.join(".incoming/one.eml.stray"), b"To: half")
            .await
            .unwrap();

        assert!(deliver_once(&dir, &path, b"To: someone\r\n\r\nwhole")
            .await
            .unwrap());
        assert!(!deliver_once(&dir, &path, b"To: someone\r\n\r\nagain")
            .await
            .unwrap());
        assert_eq!(
            tokio::fs::read(&path).await.unwrap(),
            b"To: someone\r\n\r\nwhole"
        );
        let drafts: Vec<_> = std::fs::read_dir(dir.join(".incoming"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(drafts, vec![std::ffi::OsString::from("one.eml.stray")]);
        tokio::fs::remove_dir_all(&dir).await.unwrap();
    }
}
