//! Administrators bar a first responder (their sessions end and their unused
//! links stop working at once; no new link is sent or works), lift a bar, and
//! hand a leaver's referrals to a colleague.

use app::api::ResponderRow;
use app::audit::AuditAction;
use app::casework::permissions::Action;
use app::routes;
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
};

use app::casework::lifecycle::Role;
use app::casework::responders::{
    check_hand_over, no_such_leaver, HAND_OVER_FIELDS, LEAVER, SUCCESSOR,
};
use app::pages::responders_admin::{HANDED, HANDED_TO};

use crate::casework::cases;
use crate::identity::access::Staff;
use crate::identity::{accounts, sessions, sign_in_links};
use crate::platform::audit::{self, By, Origin, Target};
use crate::platform::clock::now_seconds;
use crate::platform::db::{Db, DbError};
use crate::web::context::AppState;
use crate::web::error::AppError;
use crate::web::forms::FormBody;

/// The bar or lift button's action, in the address it posts to.
const BAR: &str = "bar";
const LIFT: &str = "lift";

/// First responders whose address holds `search` (nobody for an empty one).
pub async fn list(db: &Db, search: &str) -> Result<Vec<ResponderRow>, DbError> {
    if search.trim().is_empty() {
        return Ok(Vec::new());
    }
    Ok(accounts::responders(db, search)
        .await?
        .into_iter()
        .map(|account| ResponderRow {
            action_href: format!(
                "{}/{}/{}",
                routes::RESPONDERS_ADMIN,
                routes::encode(&account.email),
                if account.barred { LIFT } else { BAR }
            ),
            email: account.email,
            organisation: account.organisation,
            barred: account.barred,
        })
        .collect())
}

/// Bars a responder, ending their sessions and links in the same change, or lifts the bar.
pub async fn set_barred(
    db: &Db,
    email: &str,
    barred: bool,
    by: By<'_>,
    now: i64,
) -> Result<bool, DbError> {
    let mut tx = db.pool().begin().await?;
    let changed = accounts::set_responder_barred(&mut tx, email, barred.then_some(now)).await?;
    if barred {
        sessions::end_all_for(&mut tx, email).await?;
        sign_in_links::revoke_all_for(&mut tx, email, now).await?;
    }
    if changed {
        let action = if barred {
            AuditAction::ResponderBarred
        } else {
            AuditAction::ResponderBarLifted
        };
        audit::record(&mut tx, &by.entry(action, Target::Person(email), "", now)).await?;
    }
    tx.commit().await?;
    Ok(changed)
}

/// `POST /casework/admin/responders/<email>/bar` or `…/lift`.
pub async fn post_bar(
    State(state): State<AppState>,
    admin: Staff,
    origin: Origin,
    Path((email, action)): Path<(String, String)>,
) -> Result<Response, AppError> {
    admin.require(Action::ManageResponders)?;
    let barred = match action.as_str() {
        BAR => true,
        LIFT => false,
        _ => return Err(AppError::NotFound),
    };
    let actor = admin.audit_actor();
    let by = By {
        actor: &actor,
        origin: &origin,
    };
    if !set_barred(&state.db, &email, barred, by, now_seconds()).await? {
        return Err(AppError::NotFound);
    }
    tracing::info!(admin = %admin.email, barred, "first responder's bar changed");
    Ok(Redirect::to(&format!(
        "{}?email={}",
        routes::RESPONDERS_ADMIN,
        routes::encode(&email)
    ))
    .into_response())
}

/// `POST /casework/admin/responders` (the page's own address): a leaver's referrals go to a
/// colleague at the same organisation. A refused form comes back as the page (422).
pub async fn post_hand_over(
    State(state): State<AppState>,
    admin: Staff,
    origin: Origin,
    form: FormBody,
) -> Result<Response, AppError> {
    admin.require(Action::ManageResponders)?;
    let values = form.values(HAND_OVER_FIELDS);
    let refuse = |errors| {
        form.refuse(
            state.clone(),
            routes::RESPONDERS_ADMIN,
            values.clone(),
            errors,
        )
    };
    let hand_over = match check_hand_over(values.get(LEAVER), values.get(SUCCESSOR)) {
        Ok(hand_over) => hand_over,
        Err(errors) => return refuse(errors).await,
    };
    let leaver = hand_over.leaver.as_str();
    if !matches!(
        accounts::standing(&state.db, leaver).await?,
        Some((Role::FirstResponder, _))
    ) {
        return refuse(vec![no_such_leaver()]).await;
    }
    let successor = hand_over.successor.as_str();
    let handed = cases::hand_over(&state.db, leaver, successor).await?;
    let actor = admin.audit_actor();
    let by = By {
        actor: &actor,
        origin: &origin,
    };
    let entry = by.entry(
        AuditAction::ReferralsHandedOver,
        Target::Person(leaver),
        successor,
        now_seconds(),
    );
    audit::record_alone(&state.db, &entry).await?;
    tracing::info!(admin = %admin.email, handed, "a leaver's referrals handed to a colleague");
    Ok(Redirect::to(&format!(
        "{}?{HANDED}={handed}&{HANDED_TO}={}",
        routes::RESPONDERS_ADMIN,
        routes::encode(successor)
    ))
    .into_response())
}
