//! First responders' view of their sent referrals: the status, the Single
//! Competent Authority's requests for information (which they answer here)
//! and decisions. A responder sees only the referrals they sent and those a
//! colleague at the same organisation shared with them; the referrer shares
//! and stops sharing here. Nothing is reachable by email domain alone.

use crate::casework::cases::{self, EventError};
use crate::casework::shares::{self, ShareChange};
use crate::identity::access::Responder;
use crate::platform::audit::Origin;
use crate::platform::clock::now_seconds;
use crate::platform::db::{Db, DbError};
use crate::web::context::AppState;
use crate::web::error::AppError;
use crate::web::forms::FormBody;
use app::api::{SentCase, SentCaseView, TimelineEntry};
use app::casework::case_forms::{
    check_answer, check_colleague, SentCaseForm, ANSWER, COLLEAGUE, FORM,
};
use app::casework::lifecycle::{Event, State};
use app::casework::permissions::Action;
use app::casework::referral::ReferralKind;
use app::dates::{long_date, ymd_from_unix};
use app::domain::WorkEmail;
use axum::{
    extract::{Path, State as AxumState},
    response::{IntoResponse, Redirect, Response},
};

/// The events a first responder is shown (not internal steps such as opening or proposing).
const SHOWN: &[Event] = &[
    Event::RequestInformation,
    Event::ReceiveInformation,
    Event::DecideRgPositive,
    Event::ConfirmNegative,
    Event::OverturnNegative,
    Event::DecideCgPositive,
    Event::Withdraw,
];

/// The domain of an email, lower case: the organisation it belongs to. An
/// address that does not parse belongs to no organisation (`None`).
pub fn domain_of(email: &str) -> Option<String> {
    WorkEmail::parse(email)
        .ok()
        .map(|email| email.domain().to_owned())
}

/// Fills in the referrer's domain of referrals stored before it had a column
/// (migration 0010); an address that does not parse gets an empty domain,
/// which matches no organisation.
pub async fn fill_in_referrer_domains(db: &Db) -> Result<u64, DbError> {
    cases::intake::fill_in_referrer_domains(db, |email| domain_of(email).unwrap_or_default()).await
}

pub async fn list(db: &Db, email: &str) -> Result<Vec<SentCase>, DbError> {
    let shared = shares::shared_with(db, email).await?;
    Ok(cases::sent_by_or_among(db, email, &shared)
        .await?
        .into_iter()
        .map(|row| SentCase {
            reference: row.reference,
            received: long_date(ymd_from_unix(row.received_at)),
            status: row.state.label().to_owned(),
        })
        .collect())
}

/// How the viewer comes to see a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Standing {
    /// They sent it.
    Referrer,
    /// Its referrer shared it with them.
    Colleague,
}

/// One of the viewer's cases and how they see it; `None` for anybody else's.
async fn find_for(
    db: &Db,
    email: &str,
    reference: &str,
) -> Result<Option<(cases::CaseRecord, Standing)>, DbError> {
    let Some(case) = cases::find(db, reference).await? else {
        return Ok(None);
    };
    if case.row.kind != ReferralKind::Nrm {
        return Ok(None);
    }
    let standing = if case.referrer_email.eq_ignore_ascii_case(email.trim()) {
        Standing::Referrer
    } else if shares::is_shared_with(db, &case.id, email).await? {
        Standing::Colleague
    } else {
        return Ok(None);
    };
    Ok(Some((case, standing)))
}

/// One of the viewer's cases; `None` for anybody else's.
pub async fn view(db: &Db, email: &str, reference: &str) -> Result<Option<SentCaseView>, DbError> {
    let Some((case, standing)) = find_for(db, email, reference).await? else {
        return Ok(None);
    };
    let thread = case
        .events(db)
        .await?
        .iter()
        .filter_map(|e| {
            let event = e.event;
            SHOWN.contains(&event).then(|| TimelineEntry {
                title: event.label().to_owned(),
                when: long_date(ymd_from_unix(e.at)),
                who: if event == Event::ReceiveInformation {
                    e.actor_email.clone()
                } else {
                    "Single Competent Authority".to_owned()
                },
                reasons: e.reasons.clone(),
            })
        })
        .collect();
    let shared_with = if standing == Standing::Referrer {
        shares::of_referral(db, &case.id)
            .await?
            .into_iter()
            .filter(|share| share.withdrawn_at.is_none())
            .map(|share| share.shared_with)
            .collect()
    } else {
        Vec::new()
    };
    Ok(Some(SentCaseView {
        reference: case.row.reference.clone(),
        received: long_date(ymd_from_unix(case.row.received_at)),
        status: case.row.state.label().to_owned(),
        thread,
        can_answer: case.facts.state == State::InformationRequested,
        can_share: standing == Standing::Referrer,
        shared_with,
    }))
}

/// `POST /nrm/cases/<reference>`: answering a request for information,
/// sharing the referral with a colleague or stopping (the referrer only). A
/// refused form comes back as the page (422).
pub async fn post_sent_case(
    AxumState(state): AxumState<AppState>,
    who: Responder,
    origin: Origin,
    Path(reference): Path<String>,
    form: FormBody,
) -> Result<Response, AppError> {
    who.require(Action::ViewOwnSentCases)?;
    let values = form.values(&[FORM, ANSWER, COLLEAGUE]);
    let page = format!("{}/{reference}", app::routes::SENT_CASES);
    let Some((case, standing)) = find_for(&state.db, &who.user.email, &reference).await? else {
        return Err(AppError::NotFound);
    };
    let asked: SentCaseForm = values.get(FORM).parse().map_err(|_| AppError::BadRequest)?;
    match asked {
        SentCaseForm::Answer => {
            who.require(Action::SendEvent)?;
            let answer = match check_answer(values.get(ANSWER)) {
                Ok(answer) => answer.to_owned(),
                Err(error) => {
                    let typed = form.values(&[ANSWER]);
                    return form.refuse(state, &page, typed, vec![error]).await;
                }
            };
            answer_request(&state, (&who, &origin), &reference, &answer).await?;
        }
        SentCaseForm::Share | SentCaseForm::StopSharing if standing != Standing::Referrer => {
            return Err(AppError::Forbidden);
        }
        SentCaseForm::Share => {
            let colleague = match check_colleague(values.get(COLLEAGUE), &who.user.email) {
                Ok(colleague) => colleague,
                Err(error) => {
                    let typed = form.values(&[COLLEAGUE]);
                    return form.refuse(state, &page, typed, vec![error]).await;
                }
            };
            let change = ShareChange {
                referral_id: &case.id,
                reference: &reference,
                with: colleague.as_str(),
                by: &who.user.email,
                origin: &origin,
                now: now_seconds(),
            };
            shares::share(&state.db, &change).await?;
            tracing::info!(%reference, "referral shared with a colleague");
        }
        SentCaseForm::StopSharing => {
            let change = ShareChange {
                referral_id: &case.id,
                reference: &reference,
                with: values.get(COLLEAGUE),
                by: &who.user.email,
                origin: &origin,
                now: now_seconds(),
            };
            if shares::withdraw(&state.db, &change).await? {
                tracing::info!(%reference, "a share withdrawn");
            }
        }
    }
    Ok(Redirect::to(&page).into_response())
}

/// Records the answer as the SCA's next event on the case.
async fn answer_request(
    state: &AppState,
    (who, origin): (&Responder, &Origin),
    reference: &str,
    answer: &str,
) -> Result<(), AppError> {
    match cases::apply(
        &state.db,
        reference,
        cases::Move {
            event: Event::ReceiveInformation,
            reasons: answer,
            duplicate_of: None,
            follow_up_on: None,
            seen: None,
        },
        &who.actor(),
        origin,
        now_seconds(),
        &state.config.public_url,
    )
    .await
    {
        // Answered already, or no longer waiting for an answer: the page shows which.
        Ok(_) | Err(EventError::Conflict | EventError::Stale | EventError::Refused(_)) => Ok(()),
        Err(EventError::NotFound) => Err(AppError::NotFound),
        Err(EventError::Db(error)) => Err(AppError::Db(error)),
    }
}
