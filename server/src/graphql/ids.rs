//! Opaque global ids: `base64url("Type:123")`. Clients must not build them;
//! we only promise that an id round-trips through `node(id:)`.

use async_graphql::ID;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use crate::error::AppError;

/// Make the global id of a `kind` row.
pub fn encode(kind: &str, id: i64) -> ID {
    ID(URL_SAFE_NO_PAD.encode(format!("{kind}:{id}")))
}

/// Split a global id into its type name and row id.
pub fn decode_any(field: &'static str, id: &ID) -> Result<(String, i64), AppError> {
    let bad = || AppError::validation(field, format!("`{field}` is not a valid Kith id."));
    let bytes = URL_SAFE_NO_PAD
        .decode(id.as_str().trim())
        .map_err(|_| bad())?;
    let text = String::from_utf8(bytes).map_err(|_| bad())?;
    let (kind, raw) = text.split_once(':').ok_or_else(bad)?;
    let n: i64 = raw.parse().map_err(|_| bad())?;
    if n <= 0 || kind.is_empty() {
        return Err(bad());
    }
    Ok((kind.to_string(), n))
}

/// Decode an id that must be of one type. An id of another type is treated
/// as not found, naming the thing the caller was looking for.
pub fn decode(
    field: &'static str,
    kind: &'static str,
    what: &'static str,
    id: &ID,
) -> Result<i64, AppError> {
    let (actual, n) = decode_any(field, id)?;
    if actual != kind {
        return Err(AppError::NotFound(what));
    }
    Ok(n)
}

/// Decode the id of a group argument.
pub fn group(field: &'static str, id: &ID) -> Result<i64, AppError> {
    decode(field, "Group", "That group", id)
}

/// Decode the id of a membership argument.
pub fn membership(field: &'static str, id: &ID) -> Result<i64, AppError> {
    decode(field, "Membership", "That membership", id)
}

/// Decode the id of a person argument.
pub fn person(field: &'static str, id: &ID) -> Result<i64, AppError> {
    decode(field, "Person", "That person", id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_rejects() {
        let id = encode("Group", 12);
        assert_eq!(decode("id", "Group", "That group", &id).unwrap(), 12);
        assert_eq!(
            decode("id", "Person", "That person", &id)
                .unwrap_err()
                .code(),
            "NOT_FOUND"
        );
        for bad in ["", "12", "R3JvdXA6", "R3JvdXA6LTE", "!!"] {
            assert_eq!(
                decode_any("id", &ID(bad.into())).unwrap_err().code(),
                "VALIDATION",
                "{bad}"
            );
        }
    }
}
