//! Time-based one-time codes (RFC 6238, with `totp-rs`): 6 digits, 30-second
//! steps, HMAC-SHA1 (what every authenticator app supports), a 160-bit
//! secret. A code is accepted for the step before and after the current one
//! too (a phone's clock drifts, and typing takes time); which step matched is
//! returned, so that the caller can refuse it a second time.

use app::second_factor::{OneTimeCode, RecoveryCode, RECOVERY_ALPHABET, RECOVERY_CODE_CHARS};
use qrcode::render::svg;
use qrcode::QrCode;
use totp_rs::{Algorithm, Secret, TOTP};

/// Seconds in a step.
pub const STEP_SECONDS: i64 = 30;
/// Steps either side of the current one that are accepted.
pub const SKEW_STEPS: i64 = 1;
/// The issuer an authenticator app shows beside the account.
pub const ISSUER: &str = "NRM casework desk";
/// Bytes in a new secret (RFC 4226 recommends 160 bits).
const SECRET_BYTES: usize = 20;

#[derive(Debug, thiserror::Error)]
pub enum TotpError {
    #[error("no randomness available: {0}")]
    Random(#[from] getrandom::Error),
    #[error("a stored second-factor secret is unreadable: {0}")]
    Secret(String),
    #[error("the QR code could not be drawn: {0}")]
    Qr(#[from] qrcode::types::QrError),
}

/// A new secret, in base32 (how it is stored and typed).
pub fn new_secret() -> Result<String, TotpError> {
    let mut bytes = [0u8; SECRET_BYTES];
    getrandom::fill(&mut bytes)?;
    Ok(Secret::Raw(bytes.to_vec()).to_encoded().to_string())
}

fn totp(secret: &str, account: &str) -> Result<TOTP, TotpError> {
    let bytes = Secret::Encoded(secret.to_owned())
        .to_bytes()
        .map_err(|e| TotpError::Secret(format!("{e:?}")))?;
    TOTP::new(
        Algorithm::SHA1,
        app::second_factor::CODE_DIGITS,
        0,
        STEP_SECONDS as u64,
        bytes,
        Some(ISSUER.to_owned()),
        account.replace(':', ""),
    )
    .map_err(|e| TotpError::Secret(e.to_string()))
}

/// The step a time falls in.
pub fn step_at(now: i64) -> i64 {
    now.div_euclid(STEP_SECONDS)
}

/// The code for one step (the tests, and the demo accounts' helper, use it).
pub fn code_at(secret: &str, step: i64) -> Result<String, TotpError> {
    let time = u64::try_from(step.max(0) * STEP_SECONDS).unwrap_or_default();
    Ok(totp(secret, "")?.generate(time))
}

/// The step whose code `code` is, among those accepted at `now`.
pub fn matching_step(secret: &str, code: &OneTimeCode, now: i64) -> Result<Option<i64>, TotpError> {
    let current = step_at(now);
    let mut found = None;
    // Every accepted step is compared, in constant time, so that timing tells
    // nothing about which matched.
    for step in current - SKEW_STEPS..=current + SKEW_STEPS {
        let expected = code_at(secret, step)?;
        if constant_time_eq(expected.as_bytes(), code.as_str().as_bytes()) {
            found = Some(step);
        }
    }
    Ok(found)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The secret as a person types it: groups of four.
pub fn grouped(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .map(|group| String::from_utf8_lossy(group).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The `otpauth://` address an app reads from the QR code, drawn as an SVG
/// `data:` URL (the page's policy allows `data:` images).
pub fn qr_code(secret: &str, account: &str) -> Result<String, TotpError> {
    let url = totp(secret, account)?.get_url();
    let svg = QrCode::new(url.as_bytes())?
        .render::<svg::Color>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    Ok(format!("data:image/svg+xml,{}", app::routes::encode(&svg)))
}

/// A new recovery code: 16 characters drawn evenly from the alphabet.
pub fn new_recovery_code() -> Result<RecoveryCode, TotpError> {
    let alphabet = RECOVERY_ALPHABET.len();
    // Bytes at or above the largest multiple of the alphabet's size are
    // drawn again, so that no character is likelier than another.
    let limit = 256 - 256 % alphabet;
    let mut indexes = [0usize; RECOVERY_CODE_CHARS];
    let mut filled = 0;
    while filled < RECOVERY_CODE_CHARS {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)?;
        for byte in bytes.into_iter().map(usize::from) {
            if byte < limit && filled < RECOVERY_CODE_CHARS {
                indexes[filled] = byte % alphabet;
                filled += 1;
            }
        }
    }
    Ok(RecoveryCode::from_indexes(&indexes))
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 6238 appendix B's SHA-1 secret ("12345678901234567890"), in base32.
    const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn codes_match_the_rfc_test_vectors() {
        // The RFC's 8-digit values, cut to the 6 digits apps show.
        for (time, code) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (2_000_000_000, "279037"),
        ] {
            assert_eq!(code_at(RFC_SECRET, step_at(time)).unwrap(), code, "{time}");
        }
    }

    #[test]
    fn the_steps_either_side_are_accepted_and_no_further() {
        let now = 1_111_111_109;
        let step = step_at(now);
        for (offset, accepted) in [(-2, false), (-1, true), (0, true), (1, true), (2, false)] {
            let code = OneTimeCode::parse(&code_at(RFC_SECRET, step + offset).unwrap()).unwrap();
            let found = matching_step(RFC_SECRET, &code, now).unwrap();
            assert_eq!(found, accepted.then_some(step + offset), "{offset}");
        }
    }

    #[test]
    fn new_secrets_are_random_and_draw_as_a_qr_code() {
        let (a, b) = (new_secret().unwrap(), new_secret().unwrap());
        assert_ne!(a, b);
        assert_eq!(a.len(), 32, "160 bits in base32");
        let qr = qr_code(&a, "jo@sca.example.gov.uk").unwrap();
        assert!(qr.starts_with("data:image/svg+xml,"));
        assert!(qr.contains("svg"));
        assert_eq!(grouped("ABCDEFGH"), "ABCD EFGH");
    }

    #[test]
    fn recovery_codes_are_random_and_parse() {
        let codes: std::collections::BTreeSet<String> = (0..50)
            .map(|_| new_recovery_code().unwrap().as_str().to_owned())
            .collect();
        assert_eq!(codes.len(), 50);
        for code in codes {
            assert_eq!(RecoveryCode::parse(&code).unwrap().as_str(), code);
        }
    }

    #[test]
    fn a_secret_that_is_not_base32_is_an_error() {
        let code = OneTimeCode::parse("123456").unwrap();
        assert!(matching_step("not base32!", &code, 0).is_err());
    }
}
