//! Every page but the journey's steps, as a lazy route: its code is split out
//! of the main wasm (`cargo leptos --split`) and fetched only when the page is
//! opened, so a first responder on a phone downloads the journey and never the
//! casework desk. On the server they render like any page.

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

use super::accessibility::AccessibilityStatement;
use super::audit_log::AuditLog;
use super::casework::{
    AvailableWork, CaseDetail, CaseQueue, DtnRegister, MyWork, PersonSearch, StaffSignIn,
    TeamWorkload,
};
use super::check_answers::{CheckAnswers, Confirmation};
use super::check_inbox::CheckInbox;
use super::failed_mail::FailedMail;
use super::privacy::PrivacyNotice;
use super::reports::{DeleteReport, ReportSaved, Reports};
use super::responders_admin::RespondersAdmin;
use super::second_factor::{EnterRecoveryCode, EnterSecondFactor, SetUpSecondFactor};
use super::sent_cases::{SentCaseDetail, SentCases};
use super::sessions::YourSessions;
use super::sign_in_pages::{EmailNotRecognised, SignInLinkPage, SignedOut, TokenInvalid};
use super::staff_admin::StaffAdmin;
use super::staff_password::ChangeStaffPassword;
use super::start::StartPage;
use super::statistics::Statistics;
use super::who_do_you_work_for::WhoDoYouWorkForPage;

/// `$route` is the lazy route that renders the page component `$page`; the
/// routes in `staff` are the casework desk's (and a member of staff's
/// sign-in), named in [`STAFF_ROUTES`].
macro_rules! lazy_pages {
    (
        everyone: [$($route:ident => $page:ident),* $(,)?],
        staff: [$($staff_route:ident => $staff_page:ident),* $(,)?] $(,)?
    ) => {
        $(lazy_pages!(@one $route => $page);)*
        $(lazy_pages!(@one $staff_route => $staff_page);)*

        /// The lazy routes only staff open, by name: the offline worker
        /// leaves their code out of what a first responder's phone keeps
        /// (`server::web::offline`).
        pub const STAFF_ROUTES: &[&str] = &[$(stringify!($staff_route)),*];
    };
    (@one $route:ident => $page:ident) => {
        #[doc = concat!("The lazily loaded route of [`", stringify!($page), "`].")]
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                view! { <$page /> }.into_any()
            }
        }
    };
}

lazy_pages! {
    everyone: [
        StartRoute => StartPage,
        WhoDoYouWorkForRoute => WhoDoYouWorkForPage,
        CheckInboxRoute => CheckInbox,
        EmailNotRecognisedRoute => EmailNotRecognised,
        SignInLinkRoute => SignInLinkPage,
        TokenInvalidRoute => TokenInvalid,
        SignedOutRoute => SignedOut,
        ReportsRoute => Reports,
        DeleteReportRoute => DeleteReport,
        CheckAnswersRoute => CheckAnswers,
        ConfirmationRoute => Confirmation,
        ReportSavedRoute => ReportSaved,
        AccessibilityRoute => AccessibilityStatement,
        PrivacyRoute => PrivacyNotice,
        SessionsRoute => YourSessions,
        SentCasesRoute => SentCases,
        SentCaseDetailRoute => SentCaseDetail,
    ],
    staff: [
        StaffSignInRoute => StaffSignIn,
        StaffPasswordRoute => ChangeStaffPassword,
        SecondFactorRoute => EnterSecondFactor,
        SecondFactorSetUpRoute => SetUpSecondFactor,
        RecoveryCodeRoute => EnterRecoveryCode,
        CaseQueueRoute => CaseQueue,
        CaseDetailRoute => CaseDetail,
        PersonSearchRoute => PersonSearch,
        MyWorkRoute => MyWork,
        AvailableWorkRoute => AvailableWork,
        TeamWorkloadRoute => TeamWorkload,
        StatisticsRoute => Statistics,
        DtnRegisterRoute => DtnRegister,
        StaffAdminRoute => StaffAdmin,
        RespondersAdminRoute => RespondersAdmin,
        AuditLogRoute => AuditLog,
        FailedMailRoute => FailedMail,
    ],
}
