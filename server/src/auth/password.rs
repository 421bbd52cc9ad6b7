//! Password policy and argon2id hashing (the argon2 crate's defaults).

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;

use crate::error::{AppError, AppResult};

pub const MIN_PASSWORD_CHARS: usize = 8;
pub const MAX_PASSWORD_CHARS: usize = 256;

/// Very common passwords that are refused whatever their length.
const COMMON_PASSWORDS: &str = include_str!("common_passwords.txt");

/// Check a new password against the policy: 8 to 256 characters, not on the
/// common-passwords list, and not the person's own email or name.
pub fn check_policy(password: &str, email: Option<&str>, display_name: &str) -> AppResult<()> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(AppError::WeakPassword(format!(
            "Your password needs at least {MIN_PASSWORD_CHARS} characters. A few words strung together make a good one."
        )));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(AppError::WeakPassword(format!(
            "Your password can be at most {MAX_PASSWORD_CHARS} characters."
        )));
    }
    let lowered = password.to_lowercase();
    if is_common(&lowered) {
        return Err(AppError::WeakPassword(
            "That password is one of the most common ones and easy to guess. Please choose another."
                .into(),
        ));
    }
    let same_as = |other: &str| !other.is_empty() && lowered == other.trim().to_lowercase();
    if email.map(same_as).unwrap_or(false) || same_as(display_name) {
        return Err(AppError::WeakPassword(
            "Your password cannot be your email address or your name.".into(),
        ));
    }
    Ok(())
}

fn is_common(lowered: &str) -> bool {
    COMMON_PASSWORDS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .any(|l| l == lowered)
}

/// Hash a password with argon2id and a random salt.
pub fn hash(password: &str) -> AppResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::internal("password hashing failed", e))
}

/// Check a password against a stored hash. A malformed hash never verifies.
pub fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// Spend the same effort as a real verification, so a login for an unknown
/// email takes as long as one for a known email.
pub fn verify_dummy(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let stored = DUMMY.get_or_init(|| hash("kith-timing-equaliser").unwrap_or_default());
    let _ = verify(password, stored);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_refuses_short_long_common_and_personal() {
        assert_eq!(
            check_policy("short", None, "Ann").unwrap_err().code(),
            "WEAK_PASSWORD"
        );
        assert_eq!(
            check_policy("password1", None, "Ann").unwrap_err().code(),
            "WEAK_PASSWORD"
        );
        assert_eq!(
            check_policy("Password123", None, "Ann").unwrap_err().code(),
            "WEAK_PASSWORD"
        );
        assert_eq!(
            check_policy("ann@example.org", Some("ann@example.org"), "Ann")
                .unwrap_err()
                .code(),
            "WEAK_PASSWORD"
        );
        let long: String = "x".repeat(MAX_PASSWORD_CHARS + 1);
        assert_eq!(
            check_policy(&long, None, "Ann").unwrap_err().code(),
            "WEAK_PASSWORD"
        );
        // 128 characters is accepted, as are non-ASCII passphrases.
        let ok128: String = "correct horse battery staple ".repeat(5)[..128].to_string();
        check_policy(&ok128, None, "Ann").unwrap();
        check_policy("tŷ bach twt ar y bryn", None, "Ann").unwrap();
    }

    #[test]
    fn hash_then_verify() {
        let h = hash("a long enough passphrase").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("a long enough passphrase", &h));
        assert!(!verify("a long enough passphrasE", &h));
        assert!(!verify("anything", "not a hash"));
    }
}
