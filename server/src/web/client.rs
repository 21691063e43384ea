//! Who is at the other end of the connection: the connection's address, or
//! (behind a proxy, when `CLIENT_ADDRESS_HEADER` names its header) the last
//! address the proxy wrote there. The guessing gates count by it (hashed);
//! the audit log keeps it, with the request's id, as where a request came
//! from ([`Origin`]).

use std::convert::Infallible;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

use crate::platform::audit::Origin;
use crate::web::context::AppState;

/// The request id header (set by the router when the request has none).
pub const REQUEST_ID: &str = "x-request-id";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientAddress(pub String);

impl ClientAddress {
    fn of(parts: &Parts, header: Option<&str>) -> Self {
        let forwarded = header.and_then(|name| {
            parts
                .headers
                .get_all(name)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .map(str::trim)
                .rfind(|v| !v.is_empty())
                .map(str::to_owned)
        });
        let connected = || {
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(addr)| addr.ip().to_string())
        };
        ClientAddress(
            forwarded
                .or_else(connected)
                .unwrap_or_else(|| "unknown".to_owned()),
        )
    }
}

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        Ok(Self::of(
            parts,
            state.config.client_address_header.as_deref(),
        ))
    }
}

/// Where a request came from, for the audit log.
pub fn origin_of(parts: &Parts, state: &AppState) -> Origin {
    let request_id = parts
        .headers
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .chars()
        .take(64)
        .collect();
    Origin {
        client: ClientAddress::of(parts, state.config.client_address_header.as_deref()).0,
        request_id,
    }
}

impl FromRequestParts<AppState> for Origin {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        Ok(origin_of(parts, state))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(headers: &[(&'static str, &'static str)]) -> Parts {
        let mut request = axum::http::Request::builder();
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let (mut parts, ()) = request.body(()).unwrap().into_parts();
        parts
            .extensions
            .insert(ConnectInfo(SocketAddr::from(([10, 0, 0, 9], 5000))));
        parts
    }

    #[test]
    fn the_connection_unless_a_proxy_header_is_trusted() {
        let spoofed = parts(&[("x-forwarded-for", "1.2.3.4")]);
        assert_eq!(ClientAddress::of(&spoofed, None).0, "10.0.0.9");
        // Behind a proxy: the entry it appended (anything before may be forged).
        let proxied = parts(&[("x-forwarded-for", "1.2.3.4, 203.0.113.7")]);
        assert_eq!(
            ClientAddress::of(&proxied, Some("x-forwarded-for")).0,
            "203.0.113.7"
        );
        assert_eq!(
            ClientAddress::of(&parts(&[]), Some("x-forwarded-for")).0,
            "10.0.0.9"
        );
    }
}
