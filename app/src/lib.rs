//! Everything the browser and the server share: domain types, form rules,
//! components and pages.

#![recursion_limit = "512"]

pub mod api;
pub mod audit;
#[cfg(feature = "hydrate")]
mod browser;
pub mod casework;
pub mod components;
#[cfg(feature = "ssr")]
mod csp;
pub mod dates;
pub mod domain;
pub mod forms;
pub mod journey;
pub mod limits;
pub mod markup;
pub mod names;
#[cfg(feature = "hydrate")]
pub mod on_device;
pub mod pages;
#[cfg(test)]
mod properties;
pub mod reference;
pub mod retention;
pub mod routes;
pub mod second_factor;
pub mod session;

pub mod sign_in;
pub mod uploads;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, Lazy, SsrMode,
};

use components::{Footer, Header, TimeoutWarning};
use pages::*;

pub const SERVICE_NAME: &str = "Refer a potential victim of modern slavery";

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en" class="govuk-template">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
                <meta name="theme-color" content="#0b0c0c" />
                <meta name="robots" content="noindex, nofollow" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <link rel="stylesheet" id="leptos" href=stylesheet_href(&options) />
                <script src=routes::OFFLINE_STORE defer=true></script>
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body class="govuk-template__body">
                <App />
            </body>
        </html>
    }
}

/// The stylesheet's address: `/pkg/nrm.css`, or with `hash-files` the name
/// cargo-leptos gave it (`nrm.<hash>.css`, from the hash file beside the
/// server, read once), so that it can be cached for good.
fn stylesheet_href(options: &LeptosOptions) -> String {
    static HASH: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let hash = HASH.get_or_init(|| {
        if !options.hash_files {
            return None;
        }
        let file = std::env::current_exe()
            .ok()?
            .parent()?
            .join(options.hash_file.as_ref());
        std::fs::read_to_string(file)
            .ok()?
            .lines()
            .find_map(|line| Some(line.strip_prefix("css:")?.trim().to_owned()))
    });
    let name = &options.output_name;
    match hash {
        Some(hash) => format!("/{}/{name}.{hash}.css", options.site_pkg_dir),
        None => format!("/{}/{name}.css", options.site_pkg_dir),
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    #[cfg(feature = "ssr")]
    csp::set_policy();
    view! {
        // The service's name is the title under every page's own, so the
        // document never goes without one while a lazy route's code loads.
        <Title
            text=SERVICE_NAME
            formatter=|page: String| {
                if page == SERVICE_NAME { page } else { format!("{page} - {SERVICE_NAME}") }
            }
        />
        <Router>
            // Staff work on desktops: the desk's pages use the screen's width.
            <div class=session::use_desk_user().map(|_| "nrm-desk")>
            <Header />
            <Routes fallback=NotFound>
                <Route path=path!("/") view={Lazy::<StartRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/start") view={Lazy::<StartRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/verify/who-do-you-work-for") view={Lazy::<WhoDoYouWorkForRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/verify/check-inbox") view={Lazy::<CheckInboxRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/verify/email-not-recognised") view={Lazy::<EmailNotRecognisedRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/nrm/start") view={Lazy::<SignInLinkRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/nrm/token-invalid") view={Lazy::<TokenInvalidRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/nrm/reports") view={Lazy::<ReportsRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/nrm/are-you-sure") view={Lazy::<DeleteReportRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/nrm/confirm") view={Lazy::<CheckAnswersRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/nrm/confirmation") view={Lazy::<ConfirmationRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/report-saved") view={Lazy::<ReportSavedRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/staff/sign-in") view={Lazy::<StaffSignInRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/staff/change-password") view={Lazy::<StaffPasswordRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/staff/second-factor") view={Lazy::<SecondFactorRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/staff/second-factor/set-up") view={Lazy::<SecondFactorSetUpRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/staff/second-factor/recovery-code") view={Lazy::<RecoveryCodeRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/sessions") view={Lazy::<SessionsRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/casework") view={Lazy::<CaseQueueRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/casework/my-work") view={Lazy::<MyWorkRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/casework/available-work") view={Lazy::<AvailableWorkRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/casework/cases/:reference") view={Lazy::<CaseDetailRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/casework/cases/:reference/:tab") view={Lazy::<CaseDetailRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/casework/search") view={Lazy::<PersonSearchRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/casework/team") view={Lazy::<TeamWorkloadRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/casework/statistics") view={Lazy::<StatisticsRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/casework/duty-to-notify") view={Lazy::<DtnRegisterRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/casework/admin/staff") view={Lazy::<StaffAdminRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/casework/admin/responders") view={Lazy::<RespondersAdminRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/casework/admin/audit") view={Lazy::<AuditLogRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/casework/admin/failed-mail") view={Lazy::<FailedMailRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/nrm/cases") view={Lazy::<SentCasesRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/nrm/cases/:reference") view={Lazy::<SentCaseDetailRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/nrm/offline") view=OfflineShell ssr=SsrMode::Async />
                // Every journey step; the named pages above come first.
                <Route path=path!("/nrm/:step") view=StepPage ssr=SsrMode::Async />
                <Route path=path!("/signed-out") view={Lazy::<SignedOutRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/accessibility") view={Lazy::<AccessibilityRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/privacy") view={Lazy::<PrivacyRoute>::new()} ssr=SsrMode::Async />
            </Routes>
            <Footer />
            </div>
            <TimeoutWarning />
        </Router>
    }
}
