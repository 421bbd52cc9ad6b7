//! Small input checks shared by the areas. Each failure names the field.

use crate::error::{AppError, AppResult};

/// Trim a required text field and check its length in characters.
pub fn text(field: &'static str, value: &str, min: usize, max: usize) -> AppResult<String> {
    let trimmed = value.trim();
    let n = trimmed.chars().count();
    if n < min {
        return Err(if min <= 1 {
            AppError::validation(field, format!("Please fill in {}.", human(field)))
        } else {
            AppError::validation(
                field,
                format!("{} needs at least {min} characters.", capital(field)),
            )
        });
    }
    if n > max {
        return Err(AppError::validation(
            field,
            format!("{} can be at most {max} characters.", capital(field)),
        ));
    }
    if trimmed
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
    {
        return Err(AppError::validation(
            field,
            format!(
                "{} contains characters that are not allowed.",
                capital(field)
            ),
        ));
    }
    Ok(trimmed.to_string())
}

/// Normalise and check an email address (lower case, trimmed, one `@`, a dot
/// in the domain, no spaces, at most 254 characters).
pub fn email(field: &'static str, value: &str) -> AppResult<String> {
    let e = value.trim().to_lowercase();
    let bad = || {
        AppError::validation(
            field,
            "Please enter an email address like name@example.org.",
        )
    };
    if e.len() > 254 || e.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad());
    }
    let (local, domain) = e.split_once('@').ok_or_else(bad)?;
    if local.is_empty()
        || domain.contains('@')
        || !domain.contains('.')
        || domain.starts_with('.')
        || domain.ends_with('.')
        || domain.contains("..")
    {
        return Err(bad());
    }
    Ok(e)
}

fn human(field: &str) -> String {
    let mut out = String::new();
    for c in field.chars() {
        if c.is_uppercase() {
            out.push(' ');
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn capital(field: &str) -> String {
    let h = human(field);
    let mut chars = h.chars();
    match chars.next() {
        Some(f) => f.to_uppercase().collect::<String>() + chars.as_str(),
        None => h,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(
            email("email", " Ann@Example.ORG ").unwrap(),
            "ann@example.org"
        );
        for bad in [
            "",
            "ann",
            "ann@",
            "@x.org",
            "ann@x",
            "a b@x.org",
            "a@b@c.org",
            "a@.org",
        ] {
            assert_eq!(
                email("email", bad).unwrap_err().field(),
                Some("email"),
                "{bad}"
            );
        }
    }

    #[test]
    fn texts() {
        assert_eq!(text("displayName", "  Ann ", 1, 10).unwrap(), "Ann");
        let err = text("displayName", "   ", 1, 10).unwrap_err();
        assert_eq!(err.to_string(), "Please fill in display name.");
        assert!(text("name", "abcdefghijk", 1, 10).is_err());
        assert!(text("name", "a\u{0}b", 1, 10).is_err());
    }
}
