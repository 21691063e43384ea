//! The copy of a draft a phone keeps so that the journey goes on without a
//! signal: the server's answers when the phone was last online, the steps
//! saved since, and whether send was pressed. The browser keeps it encrypted
//! (see `browser::offline`); the rules that run on it are the server's own
//! ([`super::views`]), so an answer refused online is refused offline too.

use serde::{Deserialize, Serialize};

use super::history::Replaced;
use super::progress::Progress;
use super::route::Answers;
use super::route::FILE_COUNT;
use super::steps::find;
use super::validate::Ymd;
use super::views::{self, Responder, Save, REPORT_NAME_STEP, UPLOAD_STEP};
use super::views::{CheckAnswersLoad, SaveOutcome, StepLoad, UploadedFile};
use crate::forms::FormValues;
use crate::limits::{UploadRefusal, MAX_FILES, MAX_FILE_BYTES};
use crate::uploads::FileType;

/// A step saved on the phone and not yet on the server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingSave {
    pub slug: String,
    pub changing: bool,
    pub values: FormValues,
    /// The step's answers as the phone had them before this save: what it
    /// believed the server held.
    pub base: Answers,
    /// When it was saved (unix seconds, the phone's clock).
    pub at: i64,
}

/// What to do with one step saved on the phone, against the server's draft.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Merge {
    /// Nobody else changed the step: save it.
    Apply,
    /// The step was changed elsewhere meanwhile, before the phone's answer:
    /// the phone's answer is saved, and these older ones are kept in the history.
    ApplyReplacing(Answers),
    /// The step was changed elsewhere after the phone's answer: the server's
    /// stays, and the phone's (these) goes into the history.
    KeepServer(Answers),
}

/// The step's non-empty answers among `answers`.
fn of_step(slug: &str, answers: &Answers) -> Answers {
    let Some(step) = find(slug) else {
        return Answers::new();
    };
    step.names()
        .into_iter()
        .filter_map(|name| {
            let value = answers.get(&name)?;
            (!value.is_empty()).then(|| (name, value.clone()))
        })
        .collect()
}

/// Decides a step saved offline against the server's draft: the newer answer
/// wins. `server_changed_at` is when the server's draft last changed before
/// the phone's steps arrived. A step the server already holds as the phone
/// has it (a sync retried after a lost answer) is simply saved again.
pub fn merge(server: &Progress, save: &PendingSave, server_changed_at: i64, today: Ymd) -> Merge {
    let Some(step) = find(&save.slug) else {
        return Merge::Apply;
    };
    let Ok(checked) = super::progress::check(step, &save.values, server.is_child(), today) else {
        // Refused by the rules: the save itself says so.
        return Merge::Apply;
    };
    let phone = of_step(&save.slug, &checked);
    let held = of_step(&save.slug, &server.answers);
    let base = of_step(&save.slug, &save.base);
    if held == base || held == phone {
        Merge::Apply
    } else if server_changed_at > save.at {
        Merge::KeepServer(phone)
    } else {
        Merge::ApplyReplacing(held)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfflineCopy {
    pub email: String,
    pub organisation: String,
    pub report_name: Option<String>,
    pub progress: Progress,
    /// The draft's files, as the server last listed them.
    pub files: Vec<UploadedFile>,
    /// Steps saved on the phone, oldest first, to be sent in that order.
    pub pending: Vec<PendingSave>,
    /// Answers replaced by newer ones when steps saved offline were synced.
    pub history: Vec<Replaced>,
    /// Evidence files added without a signal, kept sealed on the phone until
    /// they can be uploaded.
    pub queued_files: Vec<QueuedFile>,
    /// Send was pressed while offline: the report goes once the steps are through.
    pub send_pressed: bool,
}

/// An evidence file added without a signal: its bytes are sealed on the
/// phone beside the copy, under `id`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuedFile {
    pub id: String,
    pub name: String,
    pub size: u64,
    /// How many saved steps were waiting when it was added: it goes up after them.
    #[serde(default)]
    pub after_steps: usize,
}

/// What the server hands a signed-in responder's browser to work offline:
/// the draft's copy, and the key to keep it under, which lives in the
/// responder's session on the server and dies with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfflineStart {
    /// 32 random bytes as hex: an AES-256-GCM key.
    pub key: String,
    /// When the session ends whatever happens (unix seconds): the phone
    /// forgets its copy then.
    pub ends_at: i64,
    pub copy: OfflineCopy,
}

impl OfflineCopy {
    fn responder(&self) -> Responder<'_> {
        Responder {
            email: &self.email,
            organisation: &self.organisation,
        }
    }

    /// A step page from the phone's copy.
    pub fn load(&self, slug: &str, changing: bool) -> StepLoad {
        let files = if slug == UPLOAD_STEP {
            self.files.clone()
        } else {
            Vec::new()
        };
        // Queued files are listed by the status line, not as uploaded.
        views::step_load(
            &self.progress,
            slug,
            changing,
            self.responder(),
            self.report_name.as_deref(),
            files,
        )
    }

    /// Applies a step's answers to the copy's progress, with the server's rules.
    fn apply(&mut self, slug: &str, changing: bool, values: &FormValues, today: Ymd) -> Save {
        let saved = views::save(&mut self.progress, slug, changing, values, today);
        if matches!(saved, Save::Saved(_)) && slug == REPORT_NAME_STEP {
            self.report_name = Some(views::report_name(&self.progress));
        }
        saved
    }

    /// Saves a step on the phone, with the same checks as the server; a
    /// saved step waits to be sent.
    pub fn save(
        &mut self,
        slug: &str,
        changing: bool,
        values: &FormValues,
        today: Ymd,
        now: i64,
    ) -> SaveOutcome {
        let base = of_step(slug, &self.progress.answers);
        let saved = self.apply(slug, changing, values, today);
        if matches!(saved, Save::Saved(_)) {
            self.pending.push(PendingSave {
                slug: slug.to_owned(),
                changing,
                values: values.clone(),
                base,
                at: now,
            });
        }
        saved.outcome()
    }

    /// Keeps the copy in step with a save the server has just made.
    /// Says whether the copy went where the server did: if not, the copy is
    /// out of step (a save it never saw) and must be taken afresh.
    pub fn saved_online(
        &mut self,
        slug: &str,
        changing: bool,
        values: &FormValues,
        today: Ymd,
        server_went_to: &str,
    ) -> bool {
        match self.apply(slug, changing, values, today) {
            Save::Saved(href) => href == server_went_to,
            _ => false,
        }
    }

    /// The steps to send before the queued files go up, and those after: a
    /// file must reach the draft before the steps saved after it, whose
    /// route may depend on it ("Describe the evidence" follows only a file).
    pub fn split_at_files(&self) -> usize {
        self.queued_files
            .iter()
            .map(|f| f.after_steps)
            .min()
            .unwrap_or(self.pending.len())
            .min(self.pending.len())
    }

    /// Check-your-answers from the phone's copy.
    pub fn check_answers(&self) -> CheckAnswersLoad {
        let files: Vec<String> = self
            .files
            .iter()
            .map(|f| f.name.clone())
            .chain(self.queued_files.iter().map(|f| f.name.clone()))
            .collect();
        views::check_answers_load(
            &self.progress,
            &self.email,
            &files,
            self.report_name.as_deref().unwrap_or_default(),
            &self.history,
        )
    }

    /// Whether anything waits to be sent.
    pub fn is_waiting(&self) -> bool {
        !self.pending.is_empty() || !self.queued_files.is_empty() || self.send_pressed
    }

    /// Queues a file added without a signal, after the checks the server
    /// makes (its size, how many files, its type by its first bytes); it
    /// counts towards the next step at once, as an uploaded file does.
    pub fn queue_file(&mut self, file: QueuedFile, head: &[u8]) -> Result<(), UploadRefusal> {
        if file.size == 0 {
            return Err(UploadRefusal::Empty);
        }
        if file.size > MAX_FILE_BYTES {
            return Err(UploadRefusal::TooLarge);
        }
        let count = self.files.len() + self.queued_files.len();
        if count as i64 >= MAX_FILES {
            return Err(UploadRefusal::TooMany);
        }
        FileType::sniff(head, &file.name)?;
        self.queued_files.push(QueuedFile {
            after_steps: self.pending.len(),
            ..file
        });
        self.count_files();
        Ok(())
    }

    /// A queued file has gone up (or was refused there): no longer waiting.
    pub fn unqueue_file(&mut self, id: &str) {
        self.queued_files.retain(|f| f.id != id);
    }

    fn count_files(&mut self) {
        let count = self.files.len() + self.queued_files.len();
        self.progress
            .answers
            .insert(FILE_COUNT.to_owned(), count.to_string());
    }

    /// What waits on the phone, for the status line: the headings of the
    /// pages saved and not sent yet (each once, in order), then the files.
    pub fn waiting_items(&self) -> Vec<String> {
        let mut items: Vec<String> = Vec::new();
        for save in &self.pending {
            if let Some(step) = find(&save.slug) {
                if !items.iter().any(|i| i == step.heading) {
                    items.push(step.heading.to_owned());
                }
            }
        }
        items.extend(
            self.queued_files
                .iter()
                .map(|f| format!("File to upload: {}", f.name)),
        );
        items
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journey::route::ROUTE;

    fn copy() -> OfflineCopy {
        OfflineCopy {
            email: "jo@met.police.uk".into(),
            organisation: "Metropolitan Police Service".into(),
            ..OfflineCopy::default()
        }
    }

    #[test]
    fn a_step_saved_offline_waits_to_be_sent_and_an_invalid_one_does_not() {
        let mut copy = copy();
        let first = ROUTE[0].0;
        let today: Ymd = (2026, 12, 6);
        let empty = FormValues::default();
        assert!(matches!(
            copy.save(first, false, &empty, today, 100),
            SaveOutcome::Invalid(_)
        ));
        assert!(!copy.is_waiting());
        let named = FormValues::from_pairs([(REPORT_NAME_STEP, "Farm visit")], &[REPORT_NAME_STEP]);
        assert_eq!(
            copy.save(first, false, &named, today, 100),
            SaveOutcome::GoTo(crate::journey::summary::step_href(ROUTE[1].0))
        );
        assert_eq!(copy.report_name.as_deref(), Some("Farm visit"));
        assert_eq!(copy.pending.len(), 1);
        assert_eq!(copy.waiting_items(), vec![find(first).unwrap().heading]);
        // The next page shows from the copy, with its back link to the first.
        let StepLoad::Show(view) = copy.load(ROUTE[1].0, false) else {
            panic!("the second step is reached");
        };
        assert_eq!(view.back, crate::journey::summary::step_href(first));
        assert_eq!(view.report_name, "Farm visit");
    }

    #[test]
    fn a_file_is_queued_only_if_the_server_would_take_it() {
        let mut copy = copy();
        let file = |name: &str, size: u64| QueuedFile {
            id: format!("id-{name}"),
            name: name.into(),
            size,
            after_steps: 0,
        };
        assert_eq!(
            copy.queue_file(file("big.pdf", MAX_FILE_BYTES + 1), b"%PDF-1.7"),
            Err(UploadRefusal::TooLarge)
        );
        assert_eq!(
            copy.queue_file(file("x.pdf", 10), b"MZ\x90\x00"),
            Err(UploadRefusal::NotTaken)
        );
        assert!(!copy.is_waiting());
        assert_eq!(copy.queue_file(file("scan.pdf", 10), b"%PDF-1.7"), Ok(()));
        assert!(copy.is_waiting());
        assert_eq!(
            copy.progress.answers.get(FILE_COUNT).map(String::as_str),
            Some("1")
        );
        assert_eq!(
            copy.waiting_items(),
            vec!["File to upload: scan.pdf".to_owned()]
        );
        assert_eq!(copy.queued_files[0].after_steps, 0);
        // A file goes up after the steps saved before it, before those after.
        let named = FormValues::from_pairs([(REPORT_NAME_STEP, "Farm visit")], &[REPORT_NAME_STEP]);
        copy.save(REPORT_NAME_STEP, false, &named, (2026, 12, 6), 100);
        assert_eq!(copy.split_at_files(), 0);
        copy.unqueue_file("id-scan.pdf");
        assert_eq!(copy.split_at_files(), 1);
        assert_eq!(copy.queue_file(file("later.pdf", 10), b"%PDF-1.7"), Ok(()));
        assert_eq!(copy.split_at_files(), 1);
        copy.unqueue_file("id-later.pdf");
        copy.pending.clear();
        assert!(!copy.is_waiting());
    }

    fn named(name: &str) -> Answers {
        Answers::from([(REPORT_NAME_STEP.to_owned(), name.to_owned())])
    }

    #[test]
    fn the_newer_answer_wins_and_the_older_is_kept() {
        let today: Ymd = (2026, 12, 6);
        // The phone renamed the report "Phone" at 500, over "Old"; the server
        // holds `held`, last changed at `changed_at`.
        let phone = PendingSave {
            slug: REPORT_NAME_STEP.into(),
            changing: false,
            values: FormValues::from_pairs([(REPORT_NAME_STEP, "Phone")], &[REPORT_NAME_STEP]),
            base: named("Old"),
            at: 500,
        };
        let cases = [
            // Nobody else changed it: saved.
            ("Old", 900, Merge::Apply),
            // Changed elsewhere before the phone's answer: the phone's wins.
            ("Desk", 400, Merge::ApplyReplacing(named("Desk"))),
            // Changed elsewhere after it: the server's stays.
            ("Desk", 600, Merge::KeepServer(named("Phone"))),
            // Already there (a retried sync): saved again, nothing replaced.
            ("Phone", 600, Merge::Apply),
        ];
        for (held, changed_at, expected) in cases {
            let server = Progress {
                answers: named(held),
                completed: vec![REPORT_NAME_STEP.to_owned()],
            };
            assert_eq!(
                merge(&server, &phone, changed_at, today),
                expected,
                "{held} at {changed_at}"
            );
        }
    }
}
