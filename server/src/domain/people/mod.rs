//! People: accounts, display names and contact preferences.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::people;
use crate::db::{write_tx, DbConn};
use crate::domain::authz::{signed_in, Actor, Viewer};
use crate::domain::{audit, validate};
use crate::error::{AppError, AppResult};

/// A person as stored.
#[derive(Debug, Clone, Queryable, Selectable, PartialEq)]
#[diesel(table_name = people)]
pub struct Person {
    pub id: i64,
    pub email: Option<String>,
    #[diesel(column_name = password_hash)]
    pub(crate) password_hash: Option<String>,
    pub display_name: String,
    pub is_admin: bool,
    pub disabled_at: Option<NaiveDateTime>,
    pub contact_channel: String,
    pub language: String,
    pub accessibility_needs: String,
    pub do_not_contact: bool,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Set when the person's data was erased (they can no longer sign in).
    pub erased_at: Option<NaiveDateTime>,
}

/// How a person prefers to be contacted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactChannel {
    Email,
    Phone,
    Text,
    Post,
    InPerson,
}

impl ContactChannel {
    pub fn as_str(self) -> &'static str {
        match self {
            ContactChannel::Email => "EMAIL",
            ContactChannel::Phone => "PHONE",
            ContactChannel::Text => "TEXT",
            ContactChannel::Post => "POST",
            ContactChannel::InPerson => "IN_PERSON",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "EMAIL" => ContactChannel::Email,
            "PHONE" => ContactChannel::Phone,
            "TEXT" => ContactChannel::Text,
            "POST" => ContactChannel::Post,
            "IN_PERSON" => ContactChannel::InPerson,
            _ => return None,
        })
    }
}

#[derive(Insertable)]
#[diesel(table_name = people)]
pub(crate) struct NewPerson<'a> {
    pub email: Option<&'a str>,
    pub password_hash: Option<&'a str>,
    pub display_name: &'a str,
    pub is_admin: bool,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub(crate) fn insert(conn: &mut DbConn, new: NewPerson<'_>) -> AppResult<Person> {
    diesel::insert_into(people::table)
        .values(new)
        .returning(people::all_columns)
        .get_result(conn)
        .map_err(|e| {
            if crate::error::is_unique_violation(&e) {
                AppError::EmailTaken
            } else {
                e.into()
            }
        })
}

pub fn find(conn: &mut DbConn, id: i64) -> AppResult<Option<Person>> {
    Ok(people::table
        .find(id)
        .select(Person::as_select())
        .first(conn)
        .optional()?)
}

pub fn find_by_email(conn: &mut DbConn, email: &str) -> AppResult<Option<Person>> {
    Ok(people::table
        .filter(people::email.eq(email.trim().to_lowercase()))
        .select(Person::as_select())
        .first(conn)
        .optional()?)
}

/// Load many people at once (for DataLoaders).
pub fn find_many(conn: &mut DbConn, ids: &[i64]) -> AppResult<Vec<Person>> {
    Ok(people::table
        .filter(crate::db::id_in(people::id, ids))
        .select(Person::as_select())
        .load(conn)?)
}

/// May the viewer see this person at all? Themselves, admins, and
/// coordinators of a group the person belongs to or asked to join.
pub fn can_view(conn: &mut DbConn, viewer: &Viewer, person_id: i64) -> AppResult<bool> {
    Ok(crate::domain::authz::access_to(conn, viewer, person_id)?.view)
}

/// Changes a person makes to their own profile. `None` leaves a field as is.
#[derive(Debug, Clone, Default)]
pub struct ProfileChanges {
    pub display_name: Option<String>,
    pub contact_channel: Option<ContactChannel>,
    pub language: Option<String>,
    pub accessibility_needs: Option<String>,
    pub do_not_contact: Option<bool>,
}

/// Update the signed-in person's own profile.
pub fn update_my_profile(
    conn: &mut DbConn,
    actor: &Actor,
    changes: ProfileChanges,
    now: NaiveDateTime,
) -> AppResult<Person> {
    let viewer = signed_in(actor)?;
    let display_name = changes
        .display_name
        .as_deref()
        .map(|n| validate::text("displayName", n, 1, 80))
        .transpose()?;
    let language = changes
        .language
        .as_deref()
        .map(|l| validate::text("language", l, 2, 35))
        .transpose()?;
    let accessibility = changes
        .accessibility_needs
        .as_deref()
        .map(|a| validate::text("accessibilityNeeds", a, 0, 2000))
        .transpose()?;
    write_tx(conn, |conn| {
        let person = find(conn, viewer.person_id)?.ok_or(AppError::Unauthenticated)?;
        let updated = diesel::update(people::table.find(person.id))
            .set((
                people::display_name.eq(display_name.unwrap_or(person.display_name)),
                people::contact_channel.eq(changes
                    .contact_channel
                    .map(|c| c.as_str().to_string())
                    .unwrap_or(person.contact_channel)),
                people::language.eq(language.unwrap_or(person.language)),
                people::accessibility_needs.eq(accessibility.unwrap_or(person.accessibility_needs)),
                people::do_not_contact.eq(changes.do_not_contact.unwrap_or(person.do_not_contact)),
                people::updated_at.eq(now),
            ))
            .returning(people::all_columns)
            .get_result(conn)?;
        Ok(updated)
    })
}

/// Disable or re-enable a person (admins). Disabling ends every session at
/// once, so their access tokens stop working on the next request.
pub fn set_disabled(
    conn: &mut DbConn,
    actor: &Actor,
    person_id: i64,
    disabled: bool,
    now: NaiveDateTime,
) -> AppResult<Person> {
    let viewer = signed_in(actor)?;
    crate::domain::authz::require_admin(&viewer)?;
    if viewer.person_id == person_id && disabled {
        return Err(AppError::validation(
            "personId",
            "You cannot disable your own account.",
        ));
    }
    write_tx(conn, |conn| {
        find(conn, person_id)?.ok_or(AppError::NotFound("That person"))?;
        let person = diesel::update(people::table.find(person_id))
            .set((
                people::disabled_at.eq(if disabled { Some(now) } else { None }),
                people::updated_at.eq(now),
            ))
            .returning(people::all_columns)
            .get_result(conn)?;
        if disabled {
            crate::domain::accounts::revoke_all_sessions(conn, person_id, "disabled", now)?;
        }
        audit::record(
            conn,
            Some(viewer.person_id),
            if disabled {
                "person.disable"
            } else {
                "person.enable"
            },
            "Person",
            person_id,
            "",
            now,
        )?;
        Ok(person)
    })
}
