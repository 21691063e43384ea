//! Pages and server-function answers go zstd-compressed to browsers that
//! take it (Chromium and Firefox ask for it), at level 3 with tables sized
//! for a page.
//!
//! tower-http's `CompressionLayer` makes a zstd encoder for a stream of
//! unknown length, which sizes its tables for large files: 768 KB cleared
//! for every response, a quarter of the server's instructions on a case's
//! page (callgrind). A page is at most a few hundred KB, and tables of 2^14
//! entries with a 128 KB window compress our pages to the same bytes
//! (README "Performance"). Brotli and gzip, for the browsers that do not
//! take zstd, stay with `CompressionLayer`, which leaves a response this
//! has encoded alone.

use async_compression::tokio::bufread::ZstdEncoder;
use async_compression::zstd::CParameter;
use async_compression::Level;
use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Request};
use axum::middleware::Next;
use axum::response::Response;
use futures::TryStreamExt;
use tokio_util::io::{ReaderStream, StreamReader};
use tower_http::compression::Predicate;

/// zstd's level: its default, the best bytes for the CPU among 1-4 here.
const LEVEL: i32 = 3;
/// log2 of the window (128 KB), and of each match table's entries.
const WINDOW_LOG: u32 = 17;
const TABLE_LOG: u32 = 14;

/// Encodes the response with zstd when the request takes it first among
/// the encodings the server makes and `worth` says the response is one to
/// compress.
pub async fn encode<P: Predicate>(worth: P, request: Request<Body>, next: Next) -> Response {
    let wanted = prefers_zstd(request.headers());
    let response = next.run(request).await;
    // Never an encoded response again, nor part of one (a range).
    if !wanted
        || response.headers().contains_key(header::CONTENT_ENCODING)
        || response.headers().contains_key(header::CONTENT_RANGE)
        || !worth.should_compress(&response)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let reader = StreamReader::new(body.into_data_stream().map_err(std::io::Error::other));
    let encoder = ZstdEncoder::with_quality_and_params(
        reader,
        Level::Precise(LEVEL),
        &[
            CParameter::window_log(WINDOW_LOG),
            CParameter::hash_log(TABLE_LOG),
            CParameter::chain_log(TABLE_LOG),
        ],
    );
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::ACCEPT_RANGES);
    parts
        .headers
        .insert(header::CONTENT_ENCODING, HeaderValue::from_static("zstd"));
    let varies = parts.headers.get_all(header::VARY).iter().any(|value| {
        value.to_str().is_ok_and(|v| {
            v.split(',')
                .any(|name| name.trim().eq_ignore_ascii_case("accept-encoding"))
        })
    });
    if !varies {
        parts
            .headers
            .append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    Response::from_parts(parts, Body::from_stream(ReaderStream::new(encoder)))
}

/// Whether `Accept-Encoding` takes zstd, and with no lower weight than
/// brotli or gzip (the others the server makes).
fn prefers_zstd(headers: &HeaderMap) -> bool {
    let mut zstd = 0.0;
    let mut others: f32 = 0.0;
    for value in headers.get_all(header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else {
            continue;
        };
        for coding in value.split(',') {
            let mut parts = coding.split(';');
            let name = parts.next().unwrap_or_default().trim();
            let weight = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())
                .unwrap_or(0.0);
            if name.eq_ignore_ascii_case("zstd") {
                zstd = weight;
            } else if name.eq_ignore_ascii_case("br") || name.eq_ignore_ascii_case("gzip") {
                others = others.max(weight);
            }
        }
    }
    zstd > 0.0 && zstd >= others
}

#[cfg(test)]
mod tests {
    use super::{encode, prefers_zstd};
    use axum::body::Body;
    use axum::http::{header, HeaderMap, HeaderValue, Request};
    use tower::ServiceExt;
    use tower_http::compression::DefaultPredicate;

    fn asking(value: &'static str) -> bool {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_static(value));
        prefers_zstd(&headers)
    }

    #[test]
    fn zstd_only_when_asked_for_and_not_weighed_below_the_others() {
        assert!(asking("gzip, deflate, br, zstd"), "Chromium");
        assert!(asking("ZSTD"));
        assert!(asking("br;q=0.5, zstd;q=0.8"));
        assert!(!asking("gzip, deflate, br"), "not asked for");
        assert!(!asking("zstd;q=0, br"), "refused");
        assert!(!asking("br;q=1.0, zstd;q=0.5"), "brotli preferred");
        assert!(!asking("zstd;q=nonsense"), "an unreadable weight is no");
        assert!(!prefers_zstd(&HeaderMap::new()));
    }

    #[tokio::test]
    async fn a_page_is_encoded_and_varies_by_encoding_once() {
        let page = "<p>A page</p>".repeat(100);
        let served = page.clone();
        let app = axum::Router::new()
            .route(
                "/",
                axum::routing::get(move || async move {
                    (
                        [
                            (header::CONTENT_TYPE, "text/html"),
                            (header::VARY, "Accept-Encoding"),
                        ],
                        served,
                    )
                }),
            )
            .layer(axum::middleware::from_fn(|request, next| {
                encode(DefaultPredicate::new(), request, next)
            }));
        let request = Request::get("/")
            .header(header::ACCEPT_ENCODING, "gzip, br, zstd")
            .body(Body::empty())
            .unwrap();
        let response = app.oneshot(request).await.unwrap();
        assert_eq!(response.headers()[header::CONTENT_ENCODING], "zstd");
        assert_eq!(response.headers().get_all(header::VARY).iter().count(), 1);
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        assert!(body.len() < page.len() / 4);
    }

    #[tokio::test]
    async fn part_of_a_file_is_sent_as_it_is() {
        let app = axum::Router::new()
            .route(
                "/",
                axum::routing::get(|| async {
                    (
                        axum::http::StatusCode::PARTIAL_CONTENT,
                        [
                            (header::CONTENT_TYPE, "text/plain"),
                            (header::CONTENT_RANGE, "bytes 0-999/5000"),
                        ],
                        "x".repeat(1000),
                    )
                }),
            )
            .layer(axum::middleware::from_fn(|request, next| {
                encode(DefaultPredicate::new(), request, next)
            }));
        let request = Request::get("/")
            .header(header::ACCEPT_ENCODING, "zstd")
            .header(header::RANGE, "bytes=0-999")
            .body(Body::empty())
            .unwrap();
        let response = app.oneshot(request).await.unwrap();
        assert!(response.headers().get(header::CONTENT_ENCODING).is_none());
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        assert_eq!(body.len(), 1000);
    }
}
