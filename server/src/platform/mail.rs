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
                tokio::fs::create_dir_all(dir).await?;
                let path = dir.join(format!("{}.eml", email.id));
                // One file per message id, never written twice: a message
                // handed over again after a stop between sending and noting
                // it sent (see `build`) is delivered once, as a mail system
                // that keys on Message-ID would.
                let file = tokio::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&path)
                    .await;
                let mut file = match file {
                    Ok(file) => file,
                    Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                        tracing::warn!(file = %path.display(), "email already delivered; not written again");
                        return Ok(());
                    }
                    Err(error) => return Err(error.into()),
                };
                tokio::io::AsyncWriteExt::write_all(&mut file, &message.formatted()).await?;
                file.sync_all().await?;
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
