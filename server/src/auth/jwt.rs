//! Access tokens: HS256 JWTs with the algorithm pinned and `exp`, `nbf`,
//! `iss`, `aud` and `sub` required and checked. Each token names the session
//! it belongs to (`sid`), so logging out or disabling a person takes effect on
//! the very next request.

use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

pub const ISSUER: &str = "kith";
pub const AUDIENCE: &str = "kith-api";
pub const ACCESS_TOKEN_MINUTES: i64 = 15;

/// What an access token says.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AccessClaims {
    pub sub: String,
    pub sid: i64,
    pub iss: String,
    pub aud: String,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
}

impl AccessClaims {
    pub fn person_id(&self) -> Option<i64> {
        self.sub.parse().ok()
    }
}

/// Signing and verification keys.
#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl JwtKeys {
    pub fn new(secret: &[u8]) -> Self {
        JwtKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
        }
    }

    /// Issue an access token for a person's session, valid for 15 minutes.
    pub fn issue(
        &self,
        person_id: i64,
        session_id: i64,
        now: DateTime<Utc>,
    ) -> Result<(String, DateTime<Utc>), jsonwebtoken::errors::Error> {
        let expires = now + Duration::minutes(ACCESS_TOKEN_MINUTES);
        let claims = AccessClaims {
            sub: person_id.to_string(),
            sid: session_id,
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            iat: now.timestamp(),
            nbf: now.timestamp(),
            exp: expires.timestamp(),
        };
        let token = encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)?;
        Ok((token, expires))
    }

    /// Verify a token's signature, algorithm and claims at time `now`. The
    /// time checks use Kith's clock rather than the library's, so that the
    /// same rule applies everywhere (and tests can move time).
    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Option<AccessClaims> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.algorithms = vec![Algorithm::HS256];
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        validation.validate_nbf = false;
        validation.validate_exp = false;
        let claims = decode::<AccessClaims>(token, &self.decoding, &validation)
            .ok()?
            .claims;
        let now = now.timestamp();
        (claims.nbf <= now + LEEWAY_SECONDS && now < claims.exp + LEEWAY_SECONDS).then_some(claims)
    }
}

/// Allowance for clocks that differ slightly between servers.
const LEEWAY_SECONDS: i64 = 5;

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;

    fn keys() -> JwtKeys {
        JwtKeys::new(b"0123456789abcdef0123456789abcdef")
    }

    #[test]
    fn round_trip_and_expiry() {
        let now = Utc::now();
        let (token, exp) = keys().issue(7, 3, now).unwrap();
        assert_eq!(exp - now, Duration::minutes(15));
        let claims = keys().verify(&token, now).unwrap();
        assert_eq!((claims.person_id(), claims.sid), (Some(7), 3));
        let (old, _) = keys().issue(7, 3, now - Duration::minutes(16)).unwrap();
        assert!(keys().verify(&old, now).is_none(), "expired token accepted");
        let (future, _) = keys().issue(7, 3, now + Duration::minutes(5)).unwrap();
        assert!(
            keys().verify(&future, now).is_none(),
            "not-yet-valid token accepted"
        );
        let other = JwtKeys::new(b"another secret another secret 12");
        assert!(other.verify(&token, now).is_none(), "wrong key accepted");
    }

    #[test]
    fn refuses_unsigned_and_missing_claims() {
        let now = Utc::now().timestamp();
        let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
        let body = URL_SAFE_NO_PAD.encode(format!(
            r#"{{"sub":"1","sid":1,"iss":"kith","aud":"kith-api","iat":{now},"nbf":{now},"exp":{}}}"#,
            now + 600
        ));
        let at = Utc::now();
        assert!(keys().verify(&format!("{header}.{body}."), at).is_none());
        // HS384 with the right key is still refused: the algorithm is pinned.
        let claims = AccessClaims {
            sub: "1".into(),
            sid: 1,
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            iat: now,
            nbf: now,
            exp: now + 600,
        };
        let hs384 = encode(
            &Header::new(Algorithm::HS384),
            &claims,
            &EncodingKey::from_secret(b"0123456789abcdef0123456789abcdef"),
        )
        .unwrap();
        assert!(keys().verify(&hs384, at).is_none());
        let wrong_aud = AccessClaims {
            aud: "other".into(),
            ..claims.clone()
        };
        let t = encode(
            &Header::new(Algorithm::HS256),
            &wrong_aud,
            &EncodingKey::from_secret(b"0123456789abcdef0123456789abcdef"),
        )
        .unwrap();
        assert!(keys().verify(&t, at).is_none());
    }
}
