//! Postcode areas: the district (outward code) a group works from and its
//! centroid. A search by postcode is reduced to the district, so Kith never
//! needs (or keeps) anyone's full postcode.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{groups, postcode_areas};
use crate::db::{write_tx, DbConn};
use crate::domain::audit;
use crate::domain::authz::{require_coordinator, signed_in, Actor};
use crate::domain::groups::{self as group_domain, Group};
use crate::error::{AppError, AppResult};

/// A postcode district and its centroid.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = postcode_areas)]
pub struct PostcodeArea {
    pub district: String,
    pub latitude: f64,
    pub longitude: f64,
}

/// The corners of a box around Great Britain, Northern Ireland, the Isles
/// of Scilly, the Channel Islands and Shetland: (south, north, west, east).
const UK_BOUNDS: (f64, f64, f64, f64) = (49.0, 61.0, -8.7, 2.0);

/// Letters that may follow the digit in an outward code such as W1A.
const THIRD_LETTERS: &str = "ABCDEFGHJKPSTUW";
/// Letters that may follow the digit in an outward code such as EC1A.
const FOURTH_LETTERS: &str = "ABEHMNPRVWXY";
/// Letters of an inward code (the part after the space).
const INWARD_LETTERS: &str = "ABDEFGHJLNPQRSTUWXYZ";

fn bad_postcode(field: &'static str) -> AppError {
    AppError::validation(
        field,
        "Enter a UK postcode district such as SE15, or a full postcode such as SE15 5DQ.",
    )
}

/// Whether `code` (upper case, no spaces) is a UK outward code: A9, A99,
/// AA9, AA99, A9A or AA9A, with the letters each position allows.
pub fn is_outward_code(code: &str) -> bool {
    let c: Vec<char> = code.chars().collect();
    if !(2..=4).contains(&c.len()) || !c.iter().all(|ch| ch.is_ascii_alphanumeric()) {
        return false;
    }
    let letter = |ch: char| ch.is_ascii_uppercase();
    let digit = |ch: char| ch.is_ascii_digit();
    if !letter(c[0]) || "QVX".contains(c[0]) {
        return false;
    }
    // One area letter or two.
    let area_len = if letter(c[1]) { 2 } else { 1 };
    if area_len == 2 && "IJZ".contains(c[1]) {
        return false;
    }
    let rest = &c[area_len..];
    match (area_len, rest) {
        (_, [d]) => digit(*d),
        (_, [d1, d2]) if digit(*d1) && digit(*d2) => true,
        (1, [d, l]) => digit(*d) && letter(*l) && THIRD_LETTERS.contains(*l),
        (2, [d, l]) => digit(*d) && letter(*l) && FOURTH_LETTERS.contains(*l),
        _ => false,
    }
}

fn is_inward_code(code: &[char]) -> bool {
    matches!(code, [d, a, b] if d.is_ascii_digit()
        && INWARD_LETTERS.contains(*a)
        && INWARD_LETTERS.contains(*b))
}

/// The district of a full postcode ("se15 5dq" → "SE15") or of a district
/// ("Se15" → "SE15"). Anything else is `VALIDATION` on `field`.
pub fn district(field: &'static str, input: &str) -> AppResult<String> {
    let compact: String = input
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    if compact.is_empty() || compact.len() > 7 || !compact.is_ascii() {
        return Err(bad_postcode(field));
    }
    let chars: Vec<char> = compact.chars().collect();
    if chars.len() >= 5 && is_inward_code(&chars[chars.len() - 3..]) {
        let outward: String = chars[..chars.len() - 3].iter().collect();
        if is_outward_code(&outward) {
            return Ok(outward);
        }
    }
    if is_outward_code(&compact) {
        return Ok(compact);
    }
    Err(bad_postcode(field))
}

/// Check that a point is in or near the UK.
pub fn check_uk_point(field: &'static str, latitude: f64, longitude: f64) -> AppResult<()> {
    let (south, north, west, east) = UK_BOUNDS;
    if !(latitude.is_finite()
        && longitude.is_finite()
        && (south..=north).contains(&latitude)
        && (west..=east).contains(&longitude))
    {
        return Err(AppError::validation(
            field,
            "That point is not in the UK: the latitude must be between 49 and 61 and the longitude between -8.7 and 2.",
        ));
    }
    Ok(())
}

/// A district's centroid, if any group has given one.
pub fn find_area(conn: &mut DbConn, district: &str) -> AppResult<Option<PostcodeArea>> {
    Ok(postcode_areas::table
        .find(district)
        .select(PostcodeArea::as_select())
        .first(conn)
        .optional()?)
}

/// The centroid to search around for a postcode or district typed by
/// anyone: `VALIDATION` on `field` when it is not a postcode, or when no
/// group has given that district yet.
pub fn centroid_of(
    conn: &mut DbConn,
    field: &'static str,
    postcode: &str,
) -> AppResult<PostcodeArea> {
    let district = district(field, postcode)?;
    find_area(conn, &district)?.ok_or_else(|| {
        AppError::validation(
            field,
            format!(
                "No group has told Kith where {district} is yet. Try a nearby district, or search near a point on the map."
            ),
        )
    })
}

/// Set the postcode district a group works from and its centroid (the
/// group's coordinators). The district's centroid is shared by every group
/// that names it, so the latest one given is kept.
pub fn set_group_postcode_area(
    conn: &mut DbConn,
    actor: &Actor,
    group_id: i64,
    district_input: &str,
    latitude: f64,
    longitude: f64,
    now: NaiveDateTime,
) -> AppResult<Group> {
    let viewer = signed_in(actor)?;
    let district = district("district", district_input)?;
    check_uk_point("latitude", latitude, longitude)?;
    write_tx(conn, |conn| {
        group_domain::find(conn, group_id)?.ok_or(AppError::NotFound("That group"))?;
        require_coordinator(conn, &viewer, group_id)?;
        upsert_area(conn, &district, latitude, longitude)?;
        let group: Group = diesel::update(groups::table.find(group_id))
            .set((
                groups::postcode_area.eq(&district),
                groups::updated_at.eq(now),
            ))
            .returning(groups::all_columns)
            .get_result(conn)?;
        audit::record(
            conn,
            Some(viewer.person_id),
            "group.postcode_area",
            "Group",
            group_id,
            &format!("{district} ({latitude:.5}, {longitude:.5})"),
            now,
        )?;
        Ok(group)
    })
}

/// Insert a district or move its centroid. `ON CONFLICT … DO UPDATE` is
/// written per backend: the multi-backend connection cannot express it.
fn upsert_area(conn: &mut DbConn, district: &str, latitude: f64, longitude: f64) -> AppResult<()> {
    use diesel::upsert::excluded;
    let row = (
        postcode_areas::district.eq(district),
        postcode_areas::latitude.eq(latitude),
        postcode_areas::longitude.eq(longitude),
    );
    let changes = (
        postcode_areas::latitude.eq(excluded(postcode_areas::latitude)),
        postcode_areas::longitude.eq(excluded(postcode_areas::longitude)),
    );
    match conn {
        DbConn::Pg(pg) => diesel::insert_into(postcode_areas::table)
            .values(row)
            .on_conflict(postcode_areas::district)
            .do_update()
            .set(changes)
            .execute(pg)?,
        DbConn::Sqlite(lite) => diesel::insert_into(postcode_areas::table)
            .values(row)
            .on_conflict(postcode_areas::district)
            .do_update()
            .set(changes)
            .execute(lite)?,
    };
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn districts_from_postcodes_and_districts() {
        for (input, want) in [
            ("SE15", "SE15"),
            ("se15", "SE15"),
            (" SE15 5DQ ", "SE15"),
            ("se155dq", "SE15"),
            ("E1", "E1"),
            ("E1 6AN", "E1"),
            ("N1 1AA", "N1"),
            ("N11AA", "N1"),
            ("N11", "N11"),
            ("W1A 1AA", "W1A"),
            ("EC1A 1BB", "EC1A"),
            ("SW1A", "SW1A"),
            ("M1 1AE", "M1"),
            ("CR2 6XH", "CR2"),
            ("DN55 1PT", "DN55"),
            ("BT1 5GS", "BT1"),
        ] {
            assert_eq!(district("postcode", input).unwrap(), want, "{input}");
        }
        for bad in [
            "",
            "   ",
            "1SE",
            "Q1",
            "SE",
            "SE155",
            "SE15 5DQX",
            "SE15 5CQ",
            "AI1",
            "W1I",
            "EC1Z",
            "SE15-5DQ",
            "ÉC1",
            "SELECT",
            "12345",
        ] {
            assert_eq!(
                district("postcode", bad).unwrap_err().field(),
                Some("postcode"),
                "{bad}"
            );
        }
    }

    #[test]
    fn uk_points() {
        assert!(check_uk_point("latitude", 51.47, -0.07).is_ok());
        assert!(check_uk_point("latitude", 60.15, -1.15).is_ok(), "Lerwick");
        assert!(check_uk_point("latitude", 54.6, -5.93).is_ok(), "Belfast");
        for (lat, lng) in [
            (48.85, 2.35),
            (40.7, -74.0),
            (51.5, f64::NAN),
            (91.0, 0.0),
            (55.0, -10.0),
        ] {
            assert!(check_uk_point("latitude", lat, lng).is_err(), "{lat} {lng}");
        }
    }
}
