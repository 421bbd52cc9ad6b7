//! Stable UUIDs for what the directory publishes in Open Referral UK form,
//! where every record needs a UUID id.
//!
//! Records of this Kith instance (services, organisations, locations,
//! schedules…) get a version 8 UUID (RFC 9562 §5.8, layout defined here):
//! the first 8 bytes are SHA-256 of the record kind and the instance's
//! public URL, the last 8 the row id (with the version and variant bits
//! set). So an id never changes while the public URL stays the same, two
//! Kith instances never publish the same id, and an id can be read back to
//! its row without storing anything.
//!
//! The fixed Kith taxonomy and its terms are the same on every instance, so
//! theirs are version 8 UUIDs made of SHA-256 of their code alone.

use sha2::{Digest, Sha256};
use uuid::{Builder, Uuid};

/// The kinds of record published, each with its own id space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    Service,
    Organization,
    Location,
    ServiceAtLocation,
    Schedule,
    Contact,
    CostOption,
    Attribute,
    Accessibility,
}

impl Record {
    fn name(self) -> &'static str {
        match self {
            Record::Service => "service",
            Record::Organization => "organization",
            Record::Location => "location",
            Record::ServiceAtLocation => "service_at_location",
            Record::Schedule => "schedule",
            Record::Contact => "contact",
            Record::CostOption => "cost_option",
            Record::Attribute => "attribute",
            Record::Accessibility => "accessibility",
        }
    }
}

/// The first 8 bytes of a kind's ids on this instance, version bits set.
fn prefix(kind: Record, public_url: &str) -> [u8; 8] {
    let digest = Sha256::digest(format!(
        "kith/openreferral/{}/{}",
        kind.name(),
        public_url.trim_end_matches('/')
    ));
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&digest[..8]);
    let uuid = Builder::from_custom_bytes(bytes).into_uuid();
    let mut out = [0u8; 8];
    out.copy_from_slice(&uuid.as_bytes()[..8]);
    out
}

/// The UUID of row `id` of `kind`.
pub fn record_uuid(kind: Record, id: i64, public_url: &str) -> Uuid {
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&prefix(kind, public_url));
    bytes[8..].copy_from_slice(&id.to_be_bytes());
    Builder::from_custom_bytes(bytes).into_uuid()
}

/// The row id a UUID of `kind` names, if it is one of this instance's.
pub fn record_id(kind: Record, text: &str, public_url: &str) -> Option<i64> {
    let uuid = Uuid::parse_str(text.trim()).ok()?;
    let bytes = uuid.as_bytes();
    if bytes[..8] != prefix(kind, public_url) || bytes[8] & 0xC0 != 0x80 {
        return None;
    }
    let mut raw = [0u8; 8];
    raw.copy_from_slice(&bytes[8..]);
    // Clear the variant bits; row ids never reach 2^62.
    raw[0] &= 0x3F;
    let id = i64::from_be_bytes(raw);
    (id > 0 && record_uuid(kind, id, public_url) == uuid).then_some(id)
}

/// The UUID of a taxonomy (`taxonomy:<code>`) or term (`term:<code>`),
/// the same everywhere.
pub fn fixed_uuid(name: &str) -> Uuid {
    let digest = Sha256::digest(format!("kith/openreferral/{name}"));
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    Builder::from_custom_bytes(bytes).into_uuid()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_ids_round_trip_and_stay_in_their_lane() {
        let url = "https://kith.example";
        for id in [1, 42, 1 << 40, (1 << 62) - 1] {
            let u = record_uuid(Record::Service, id, url);
            assert_eq!(u.get_version_num(), 8);
            assert_eq!(u.get_variant(), uuid::Variant::RFC4122);
            assert_eq!(record_id(Record::Service, &u.to_string(), url), Some(id));
            assert_eq!(
                record_id(Record::Service, &u.to_string().to_uppercase(), url),
                Some(id)
            );
            // Another kind, or another instance, does not read it.
            assert_eq!(record_id(Record::Organization, &u.to_string(), url), None);
            assert_eq!(
                record_id(Record::Service, &u.to_string(), "https://other.example"),
                None
            );
        }
        assert_eq!(
            record_uuid(Record::Service, 7, "https://kith.example/"),
            record_uuid(Record::Service, 7, url)
        );
        assert_ne!(
            record_uuid(Record::Service, 7, url),
            record_uuid(Record::Location, 7, url)
        );
        for junk in [
            "",
            "7",
            "not-a-uuid",
            "00000000-0000-0000-0000-000000000000",
        ] {
            assert_eq!(record_id(Record::Service, junk, url), None, "{junk}");
        }
        assert_eq!(fixed_uuid("term:walking"), fixed_uuid("term:walking"));
        assert_ne!(fixed_uuid("term:walking"), fixed_uuid("term:music"));
        assert_eq!(fixed_uuid("term:walking").get_version_num(), 8);
    }
}
