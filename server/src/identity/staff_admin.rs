//! Administrators create staff accounts and disable or re-enable them. A
//! disabled account's sessions end at once and it cannot sign in.

use crate::identity::access::Staff;
use crate::identity::accounts::{self, NewAccount};
use crate::identity::second_factor::{self, Standing};
use crate::identity::sessions;
use crate::platform::audit::{self, By, Origin, Target};
use crate::platform::clock::now_seconds;
use crate::platform::db::{Db, DbError};
use crate::web::context::AppState;
use crate::web::error::AppError;
use crate::web::forms::FormBody;
use app::api::StaffAccountRow;
use app::audit::AuditAction;
use app::casework::permissions::Action;
use app::casework::staff::{
    check_new_staff, email_taken, NewStaff, EMAIL, FIRST_PASSWORD, NAME, NEW_STAFF_FIELDS, ROLE,
    STAFF_ROLES,
};
use app::dates::{long_date, ymd_from_unix};
use app::routes;
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
};

const ORGANISATION: &str = "Single Competent Authority";

pub async fn list(db: &Db) -> Result<Vec<StaffAccountRow>, DbError> {
    let mut rows = Vec::new();
    for account in accounts::staff(db).await? {
        let standing = second_factor::standing(db, &account.email).await?;
        let second_factor = match &standing {
            Standing::SetUp { since } => format!("Set up on {}", long_date(ymd_from_unix(*since))),
            Standing::NotSetUp => "Not set up yet".to_owned(),
            Standing::Reset { at, by } => format!(
                "Reset by {by} on {}: set up again at next sign-in",
                long_date(ymd_from_unix(*at))
            ),
        };
        let row_href = |action: &str| format!("{}/{}/{action}", routes::STAFF_ADMIN, account.email);
        rows.push(StaffAccountRow {
            action_href: row_href(if account.active { "disable" } else { "enable" }),
            reset_href: matches!(standing, Standing::SetUp { .. })
                .then(|| row_href(RESET_SECOND_FACTOR)),
            second_factor,
            name: account.display_name,
            role: STAFF_ROLES
                .iter()
                .find(|(value, _)| *value == account.role)
                .map_or(account.role.label(), |(_, label)| label)
                .to_owned(),
            active: account.active,
            email: account.email,
        });
    }
    Ok(rows)
}

/// The row action that resets a person's second factor.
pub const RESET_SECOND_FACTOR: &str = "reset-second-factor";

/// Adds the account, its password to be changed at first sign-in; false when the email is taken.
pub async fn create(db: &Db, staff: &NewStaff) -> Result<bool, DbError> {
    let hash = crate::identity::staff::hash_password(&staff.password).await?;
    accounts::add(
        db,
        NewAccount {
            email: &staff.email,
            display_name: &staff.name,
            role: staff.role,
            organisation: ORGANISATION,
            password_hash: Some(&hash),
            password_change_due: true,
        },
    )
    .await
}

/// Disables (ending its sessions) or re-enables a staff account.
pub async fn set_active(
    db: &Db,
    email: &str,
    active: bool,
    by: By<'_>,
    now: i64,
) -> Result<bool, DbError> {
    let mut tx = db.pool().begin().await?;
    let changed = accounts::set_staff_disabled(&mut tx, email, (!active).then_some(now)).await?;
    if !active {
        sessions::end_all_for(&mut tx, email).await?;
    }
    if changed {
        let action = if active {
            AuditAction::StaffAccountEnabled
        } else {
            AuditAction::StaffAccountDisabled
        };
        audit::record(&mut tx, &by.entry(action, Target::Person(email), "", now)).await?;
    }
    tx.commit().await?;
    Ok(changed)
}

/// `POST /casework/admin/staff`: email, name, role, password. A refused form
/// comes back as the page (422) with what was typed (never the password).
pub async fn post_create(
    State(state): State<AppState>,
    admin: Staff,
    origin: Origin,
    form: FormBody,
) -> Result<Response, AppError> {
    admin.require(Action::ManageStaff)?;
    let values = form.values(NEW_STAFF_FIELDS);
    let typed = form.values(&[EMAIL, NAME, ROLE]);
    let staff = match check_new_staff(
        values.get(EMAIL),
        values.get(NAME),
        values.get(ROLE),
        values.get(FIRST_PASSWORD),
    ) {
        Ok(staff) => staff,
        Err(errors) => return form.refuse(state, routes::STAFF_ADMIN, typed, errors).await,
    };
    if !create(&state.db, &staff).await? {
        return form
            .refuse(state, routes::STAFF_ADMIN, typed, vec![email_taken()])
            .await;
    }
    tracing::info!(admin = %admin.email, role = staff.role.as_str(), "staff account created");
    let actor = admin.audit_actor();
    let by = By {
        actor: &actor,
        origin: &origin,
    };
    let entry = by.entry(
        AuditAction::StaffAccountAdded,
        Target::Person(staff.email.as_str()),
        staff.role.as_str(),
        now_seconds(),
    );
    audit::record_alone(&state.db, &entry).await?;
    Ok(Redirect::to(&format!(
        "{}?added={}",
        routes::STAFF_ADMIN,
        routes::encode(staff.email.as_str())
    ))
    .into_response())
}

/// `POST /casework/admin/staff/<email>/disable`, `…/enable` or
/// `…/reset-second-factor` (their sessions end; they set it up again when
/// they next sign in; who reset it, and when, is kept).
pub async fn post_active(
    State(state): State<AppState>,
    admin: Staff,
    origin: Origin,
    Path((email, action)): Path<(String, String)>,
) -> Result<Response, AppError> {
    admin.require(Action::ManageStaff)?;
    let now = now_seconds();
    let actor = admin.audit_actor();
    let by = By {
        actor: &actor,
        origin: &origin,
    };
    if action == RESET_SECOND_FACTOR {
        if !second_factor::reset(&state.db, &email, by, now).await? {
            return Err(AppError::NotFound);
        }
        tracing::warn!(admin = %admin.email, "a second factor was reset");
        return Ok(Redirect::to(routes::STAFF_ADMIN).into_response());
    }
    let active = match action.as_str() {
        "enable" => true,
        "disable" if email != admin.email => false,
        "disable" => return Err(AppError::BadRequest),
        _ => return Err(AppError::NotFound),
    };
    if !set_active(&state.db, &email, active, by, now).await? {
        return Err(AppError::NotFound);
    }
    tracing::info!(admin = %admin.email, active, "staff account changed");
    Ok(Redirect::to(routes::STAFF_ADMIN).into_response())
}
