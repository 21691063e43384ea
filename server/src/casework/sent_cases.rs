//! First responders' view of the referrals their organisation has sent: the
//! status, the Single Competent Authority's requests for information (which
//! they answer here) and decisions. An organisation is its email domain, so a
//! responder never sees another organisation's cases.

use crate::casework::cases::{self, EventError};
use crate::identity::access::Responder;
use crate::platform::clock::now_seconds;
use crate::platform::db::{Db, DbError};
use crate::web::context::AppState;
use crate::web::error::AppError;
use crate::web::forms::FormBody;
use app::api::{SentCase, SentCaseView, TimelineEntry};
use app::casework::case_forms::{check_answer, ANSWER};
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
    let Some(domain) = domain_of(email) else {
        return Ok(Vec::new());
    };
    Ok(cases::sent_from(db, &domain)
        .await?
        .into_iter()
        .map(|row| SentCase {
            reference: row.reference,
            received: long_date(ymd_from_unix(row.received_at)),
            status: row.state.label().to_owned(),
        })
        .collect())
}

/// One of the organisation's cases; `None` for any other organisation's.
pub async fn view(db: &Db, email: &str, reference: &str) -> Result<Option<SentCaseView>, DbError> {
    let Some(case) = cases::find(db, reference).await? else {
        return Ok(None);
    };
    let own = domain_of(email);
    if own.is_none() || domain_of(&case.referrer_email) != own || case.row.kind != ReferralKind::Nrm
    {
        return Ok(None);
    }
    let thread = case
        .events
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
    Ok(Some(SentCaseView {
        reference: case.row.reference.clone(),
        received: long_date(ymd_from_unix(case.row.received_at)),
        status: case.row.state.label().to_owned(),
        thread,
        can_answer: case.facts.state == State::InformationRequested,
    }))
}

/// `POST /nrm/cases/<reference>`: the organisation answers a request for
/// information. An empty answer comes back as the page (422).
pub async fn post_answer(
    AxumState(state): AxumState<AppState>,
    who: Responder,
    Path(reference): Path<String>,
    form: FormBody,
) -> Result<Response, AppError> {
    who.require(Action::ViewOwnSentCases)?;
    who.require(Action::SendEvent)?;
    let values = form.values(&[ANSWER]);
    let page = format!("{}/{reference}", app::routes::SENT_CASES);
    if view(&state.db, &who.user.email, &reference)
        .await?
        .is_none()
    {
        return Err(AppError::NotFound);
    }
    let answer = match check_answer(values.get(ANSWER)) {
        Ok(answer) => answer.to_owned(),
        Err(error) => return form.refuse(state, &page, values, vec![error]).await,
    };
    match cases::apply(
        &state.db,
        &reference,
        cases::Move {
            event: Event::ReceiveInformation,
            reasons: &answer,
            duplicate_of: None,
        },
        &who.actor(),
        now_seconds(),
        &state.config.public_url,
    )
    .await
    {
        // Answered already, or no longer waiting for an answer: the page shows which.
        Ok(_) | Err(EventError::Conflict | EventError::Refused(_)) => {
            Ok(Redirect::to(&page).into_response())
        }
        Err(EventError::NotFound) => Err(AppError::NotFound),
        Err(EventError::Db(error)) => Err(AppError::Db(error)),
    }
}
