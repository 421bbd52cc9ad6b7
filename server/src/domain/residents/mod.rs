//! Residents: the people Kith exists for. A resident may have an account of
//! their own, or be created by a coordinator without one (`createResident`)
//! who then acts for them. Everything done for a resident by someone else is
//! recorded with who did it: `updated_by`/`created_by`/`recorded_by` columns
//! plus an audit event.
//!
//! Consent is append-only: the current state for a purpose is its latest
//! record. Reads of a resident's sensitive details by anyone but the
//! resident are logged in `sensitive_reads`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{
    consents, emergency_contacts, memberships, people, resident_profiles, sensitive_reads,
};
use crate::db::{write_tx, DbConn};
use crate::domain::authz::{access_to, require_coordinator, signed_in, Actor, Viewer};
use crate::domain::groups::{self, MemberRole, MembershipStatus};
use crate::domain::people::{self as people_domain, ContactChannel, NewPerson, Person};
use crate::domain::volunteers::check_location;
use crate::domain::{audit, validate};
use crate::error::{AppError, AppResult};

/// The consent purpose that lets volunteers contact a resident.
pub const CONTACT_BY_VOLUNTEERS: &str = "contact by volunteers";

/// A resident's profile as stored.
#[derive(Debug, Clone, Queryable, Selectable, PartialEq)]
#[diesel(table_name = resident_profiles)]
pub struct ResidentProfile {
    pub person_id: i64,
    pub area: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub address: String,
    pub phone: String,
    pub what_matters: String,
    pub needs: String,
    pub risk_enablement: String,
    pub budget_pence: Option<i32>,
    pub budget_direct_payment: bool,
    pub updated_by: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// An emergency contact, in the order they are to be tried.
#[derive(Debug, Clone, Queryable, Selectable, PartialEq)]
#[diesel(table_name = emergency_contacts)]
pub struct EmergencyContact {
    pub id: i64,
    pub resident_id: i64,
    pub position: i32,
    pub name: String,
    pub relationship: String,
    pub phone: String,
    pub email: Option<String>,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
}

/// One consent record: given or withdrawn, for a purpose, by whom, when.
#[derive(Debug, Clone, Queryable, Selectable, PartialEq)]
#[diesel(table_name = consents)]
pub struct Consent {
    pub id: i64,
    pub resident_id: i64,
    pub purpose: String,
    pub given: bool,
    pub note: String,
    pub recorded_by: i64,
    pub recorded_at: NaiveDateTime,
}

/// Profile fields to set. `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ProfileChanges {
    pub area: Option<String>,
    pub location: Option<(f64, f64)>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub what_matters: Option<String>,
    pub needs: Option<String>,
    pub risk_enablement: Option<String>,
    /// `Some(None)` clears the budget.
    pub budget_pence: Option<Option<i32>>,
    pub budget_direct_payment: Option<bool>,
    pub contact_channel: Option<ContactChannel>,
    pub language: Option<String>,
    pub accessibility_needs: Option<String>,
    pub do_not_contact: Option<bool>,
}

/// A resident created by a coordinator.
#[derive(Debug, Clone, Default)]
pub struct NewResident {
    pub group_id: i64,
    pub display_name: String,
    pub email: Option<String>,
    pub profile: ProfileChanges,
}

pub fn find_profile(conn: &mut DbConn, person_id: i64) -> AppResult<Option<ResidentProfile>> {
    Ok(resident_profiles::table
        .find(person_id)
        .select(ResidentProfile::as_select())
        .first(conn)
        .optional()?)
}

pub fn find_profiles(conn: &mut DbConn, ids: &[i64]) -> AppResult<Vec<ResidentProfile>> {
    Ok(resident_profiles::table
        .filter(resident_profiles::person_id.eq_any(ids))
        .select(ResidentProfile::as_select())
        .load(conn)?)
}

/// The resident themself, or someone who manages them (an admin, or a
/// coordinator of a group they actively belong to).
pub fn can_act_for(conn: &mut DbConn, viewer: &Viewer, resident_id: i64) -> AppResult<bool> {
    if viewer.person_id == resident_id {
        return Ok(true);
    }
    Ok(access_to(conn, viewer, resident_id)?.manage)
}

fn require_act_for(conn: &mut DbConn, viewer: &Viewer, resident_id: i64) -> AppResult<()> {
    if people_domain::find(conn, resident_id)?.is_none() || !can_act_for(conn, viewer, resident_id)?
    {
        // Someone the viewer may not manage does not exist, as far as they know.
        return Err(AppError::NotFound("That resident"));
    }
    Ok(())
}

/// Latest consent for a purpose: given, withdrawn, or never recorded.
pub fn consent_given(
    conn: &mut DbConn,
    resident_id: i64,
    purpose: &str,
) -> AppResult<Option<bool>> {
    Ok(consents::table
        .filter(consents::resident_id.eq(resident_id))
        .filter(consents::purpose.eq(normalise_purpose_text(purpose)))
        .order(consents::id.desc())
        .select(consents::given)
        .first(conn)
        .optional()?)
}

fn normalise_purpose_text(purpose: &str) -> String {
    purpose
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Log that `reader` was shown a resident's sensitive `fields`, and why.
pub fn record_sensitive_read(
    conn: &mut DbConn,
    reader_id: i64,
    resident_id: i64,
    fields: &str,
    reason: &str,
    now: NaiveDateTime,
) -> AppResult<()> {
    diesel::insert_into(sensitive_reads::table)
        .values((
            sensitive_reads::reader_id.eq(reader_id),
            sensitive_reads::resident_id.eq(resident_id),
            sensitive_reads::fields.eq(fields),
            sensitive_reads::reason.eq(reason),
            sensitive_reads::at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Checked profile text fields.
fn check_changes(c: &ProfileChanges) -> AppResult<()> {
    let checks: [(&'static str, &Option<String>, usize); 7] = [
        ("area", &c.area, 100),
        ("address", &c.address, 300),
        ("phone", &c.phone, 40),
        ("whatMatters", &c.what_matters, 2000),
        ("needs", &c.needs, 2000),
        ("riskEnablement", &c.risk_enablement, 4000),
        ("accessibilityNeeds", &c.accessibility_needs, 1000),
    ];
    for (field, value, max) in checks {
        if let Some(v) = value {
            validate::text(field, v, 0, max)?;
        }
    }
    if let Some(phone) = &c.phone {
        if !phone
            .chars()
            .all(|ch| ch.is_ascii_digit() || " +()-".contains(ch))
        {
            return Err(AppError::validation(
                "phone",
                "A phone number may contain digits, spaces, +, ( ) and - only.",
            ));
        }
    }
    if let Some((lat, lng)) = c.location {
        check_location("location", lat, lng)?;
    }
    if let Some(Some(b)) = c.budget_pence {
        if !(0..=100_000_000).contains(&b) {
            return Err(AppError::validation(
                "budgetPence",
                "The budget must be between 0 and 100000000 pence.",
            ));
        }
    }
    if let Some(lang) = &c.language {
        validate::text("language", lang, 2, 35)?;
    }
    Ok(())
}

/// Write profile changes (insert the profile on first use) and the person's
/// contact preferences. The caller has checked permissions and validated.
fn apply_changes(
    conn: &mut DbConn,
    resident_id: i64,
    c: &ProfileChanges,
    by: i64,
    now: NaiveDateTime,
) -> AppResult<ResidentProfile> {
    let current = find_profile(conn, resident_id)?;
    let trim = |v: &Option<String>, old: Option<&String>| -> String {
        v.as_deref()
            .map(|s| s.trim().to_string())
            .or_else(|| old.cloned())
            .unwrap_or_default()
    };
    let area = trim(&c.area, current.as_ref().map(|p| &p.area));
    let address = trim(&c.address, current.as_ref().map(|p| &p.address));
    let phone = trim(&c.phone, current.as_ref().map(|p| &p.phone));
    let what_matters = trim(&c.what_matters, current.as_ref().map(|p| &p.what_matters));
    let needs = trim(&c.needs, current.as_ref().map(|p| &p.needs));
    let risk = trim(
        &c.risk_enablement,
        current.as_ref().map(|p| &p.risk_enablement),
    );
    let (lat, lng) = match (c.location, &current) {
        (Some((lat, lng)), _) => (Some(lat), Some(lng)),
        (None, Some(p)) => (p.latitude, p.longitude),
        (None, None) => (None, None),
    };
    let budget = match (c.budget_pence, &current) {
        (Some(b), _) => b,
        (None, Some(p)) => p.budget_pence,
        (None, None) => None,
    };
    let direct = c
        .budget_direct_payment
        .or(current.as_ref().map(|p| p.budget_direct_payment))
        .unwrap_or(false);
    let profile: ResidentProfile = if current.is_some() {
        diesel::update(resident_profiles::table.find(resident_id))
            .set((
                resident_profiles::area.eq(&area),
                resident_profiles::latitude.eq(lat),
                resident_profiles::longitude.eq(lng),
                resident_profiles::address.eq(&address),
                resident_profiles::phone.eq(&phone),
                resident_profiles::what_matters.eq(&what_matters),
                resident_profiles::needs.eq(&needs),
                resident_profiles::risk_enablement.eq(&risk),
                resident_profiles::budget_pence.eq(budget),
                resident_profiles::budget_direct_payment.eq(direct),
                resident_profiles::updated_by.eq(by),
                resident_profiles::updated_at.eq(now),
            ))
            .returning(resident_profiles::all_columns)
            .get_result(conn)?
    } else {
        diesel::insert_into(resident_profiles::table)
            .values((
                resident_profiles::person_id.eq(resident_id),
                resident_profiles::area.eq(&area),
                resident_profiles::latitude.eq(lat),
                resident_profiles::longitude.eq(lng),
                resident_profiles::address.eq(&address),
                resident_profiles::phone.eq(&phone),
                resident_profiles::what_matters.eq(&what_matters),
                resident_profiles::needs.eq(&needs),
                resident_profiles::risk_enablement.eq(&risk),
                resident_profiles::budget_pence.eq(budget),
                resident_profiles::budget_direct_payment.eq(direct),
                resident_profiles::updated_by.eq(by),
                resident_profiles::created_at.eq(now),
                resident_profiles::updated_at.eq(now),
            ))
            .returning(resident_profiles::all_columns)
            .get_result(conn)?
    };
    if let Some(ch) = c.contact_channel {
        diesel::update(people::table.find(resident_id))
            .set(people::contact_channel.eq(ch.as_str()))
            .execute(conn)?;
    }
    if let Some(lang) = &c.language {
        diesel::update(people::table.find(resident_id))
            .set(people::language.eq(lang.trim().to_lowercase()))
            .execute(conn)?;
    }
    if let Some(needs) = &c.accessibility_needs {
        diesel::update(people::table.find(resident_id))
            .set(people::accessibility_needs.eq(needs.trim()))
            .execute(conn)?;
    }
    if let Some(dnc) = c.do_not_contact {
        diesel::update(people::table.find(resident_id))
            .set(people::do_not_contact.eq(dnc))
            .execute(conn)?;
    }
    Ok(profile)
}

/// Describe who acted: "self" or "on behalf".
fn acting(viewer: &Viewer, resident_id: i64) -> &'static str {
    if viewer.person_id == resident_id {
        "self"
    } else {
        "on behalf"
    }
}

/// Why a resident's record was changed, as the audit trail puts it.
fn change_purpose(viewer: &Viewer, resident_id: i64) -> &'static str {
    if viewer.person_id == resident_id {
        "resident's own change"
    } else {
        "acting for the resident"
    }
}

/// The profile and contact-preference fields a change really alters, by
/// their API names (never their values), for the audit trail.
fn changed_fields(
    before: Option<&ResidentProfile>,
    person: &Person,
    c: &ProfileChanges,
) -> Vec<&'static str> {
    let mut out = Vec::new();
    let text = |new: &Option<String>, old: Option<&String>| {
        new.as_deref()
            .is_some_and(|n| n.trim() != old.map(String::as_str).unwrap_or(""))
    };
    let texts: [(&'static str, &Option<String>, Option<&String>); 6] = [
        ("area", &c.area, before.map(|p| &p.area)),
        ("address", &c.address, before.map(|p| &p.address)),
        ("phone", &c.phone, before.map(|p| &p.phone)),
        (
            "whatMatters",
            &c.what_matters,
            before.map(|p| &p.what_matters),
        ),
        ("needs", &c.needs, before.map(|p| &p.needs)),
        (
            "riskEnablement",
            &c.risk_enablement,
            before.map(|p| &p.risk_enablement),
        ),
    ];
    for (field, new, old) in texts {
        if text(new, old) {
            out.push(field);
        }
    }
    if let Some((lat, lng)) = c.location {
        if before.map(|p| (p.latitude, p.longitude)) != Some((Some(lat), Some(lng))) {
            out.push("location");
        }
    }
    if let Some(budget) = c.budget_pence {
        if before.and_then(|p| p.budget_pence) != budget {
            out.push("budgetPence");
        }
    }
    if let Some(direct) = c.budget_direct_payment {
        if before.is_some_and(|p| p.budget_direct_payment) != direct {
            out.push("budgetIsDirectPayment");
        }
    }
    if c.contact_channel
        .is_some_and(|ch| ch.as_str() != person.contact_channel)
    {
        out.push("contactChannel");
    }
    if c.language
        .as_deref()
        .is_some_and(|l| l.trim().to_lowercase() != person.language)
    {
        out.push("language");
    }
    if c.accessibility_needs
        .as_deref()
        .is_some_and(|a| a.trim() != person.accessibility_needs)
    {
        out.push("accessibilityNeeds");
    }
    if c.do_not_contact.is_some_and(|d| d != person.do_not_contact) {
        out.push("doNotContact");
    }
    out
}

/// Append the audit of a profile change: CREATE when the profile was new,
/// UPDATE naming the altered fields otherwise (nothing when none changed).
fn audit_profile_change(
    conn: &mut DbConn,
    viewer: &Viewer,
    resident_id: i64,
    created: bool,
    fields: &[&str],
    now: NaiveDateTime,
) -> AppResult<()> {
    if !created && fields.is_empty() {
        return Ok(());
    }
    audit::access(
        conn,
        &audit::Access {
            actor_id: Some(viewer.person_id),
            action: if created { "CREATE" } else { "UPDATE" },
            record_type: "ResidentProfile",
            record_id: resident_id,
            person_id: resident_id,
            purpose: change_purpose(viewer, resident_id),
            detail: &fields.join(","),
            at: now,
        },
    )
}

/// The fields an emergency contact holds, by API name (never values).
fn contact_fields(relationship: &str, email: Option<&str>) -> String {
    let mut fields = vec!["name"];
    if !relationship.is_empty() {
        fields.push("relationship");
    }
    fields.push("phone");
    if email.is_some() {
        fields.push("email");
    }
    fields.join(",")
}

/// Create a resident without an account (a group's coordinators). They
/// become an active member of the group, so its coordinators act for them.
pub fn create_resident(
    conn: &mut DbConn,
    actor: &Actor,
    input: NewResident,
    now: NaiveDateTime,
) -> AppResult<Person> {
    let viewer = signed_in(actor)?;
    let name = validate::text("displayName", &input.display_name, 1, 80)?;
    let email = input
        .email
        .as_deref()
        .filter(|e| !e.trim().is_empty())
        .map(|e| validate::email("email", e))
        .transpose()?;
    check_changes(&input.profile)?;
    write_tx(conn, |conn| {
        groups::find(conn, input.group_id)?.ok_or(AppError::NotFound("That group"))?;
        require_coordinator(conn, &viewer, input.group_id)?;
        let person = people_domain::insert(
            conn,
            NewPerson {
                email: email.as_deref(),
                password_hash: None,
                display_name: &name,
                is_admin: false,
                created_by: Some(viewer.person_id),
                created_at: now,
                updated_at: now,
            },
        )?;
        diesel::insert_into(memberships::table)
            .values((
                memberships::group_id.eq(input.group_id),
                memberships::person_id.eq(person.id),
                memberships::role.eq(MemberRole::Member.as_str()),
                memberships::status.eq(MembershipStatus::Active.as_str()),
                memberships::decided_by.eq(viewer.person_id),
                memberships::decided_at.eq(now),
                memberships::created_at.eq(now),
                memberships::updated_at.eq(now),
            ))
            .execute(conn)?;
        let fields = changed_fields(None, &person, &input.profile);
        apply_changes(conn, person.id, &input.profile, viewer.person_id, now)?;
        audit_profile_change(conn, &viewer, person.id, true, &fields, now)?;
        audit::record(
            conn,
            Some(viewer.person_id),
            "resident.create",
            "Person",
            person.id,
            &format!("group {}", input.group_id),
            now,
        )?;
        people_domain::find(conn, person.id)?.ok_or(AppError::Internal)
    })
}

/// Change a resident's profile and contact preferences (the resident, or
/// someone who manages them).
pub fn update_profile(
    conn: &mut DbConn,
    actor: &Actor,
    resident_id: i64,
    changes: ProfileChanges,
    now: NaiveDateTime,
) -> AppResult<ResidentProfile> {
    let viewer = signed_in(actor)?;
    check_changes(&changes)?;
    write_tx(conn, |conn| {
        require_act_for(conn, &viewer, resident_id)?;
        let before = find_profile(conn, resident_id)?;
        let person =
            people_domain::find(conn, resident_id)?.ok_or(AppError::NotFound("That resident"))?;
        let fields = changed_fields(before.as_ref(), &person, &changes);
        let profile = apply_changes(conn, resident_id, &changes, viewer.person_id, now)?;
        audit_profile_change(conn, &viewer, resident_id, before.is_none(), &fields, now)?;
        audit::record(
            conn,
            Some(viewer.person_id),
            "resident.profile",
            "Person",
            resident_id,
            acting(&viewer, resident_id),
            now,
        )?;
        Ok(profile)
    })
}

/// A new emergency contact, tried after those already listed.
#[derive(Debug, Clone, Default)]
pub struct NewEmergencyContact {
    pub name: String,
    pub relationship: Option<String>,
    pub phone: String,
    pub email: Option<String>,
}

const MAX_CONTACTS: i64 = 10;

pub fn add_emergency_contact(
    conn: &mut DbConn,
    actor: &Actor,
    resident_id: i64,
    input: NewEmergencyContact,
    now: NaiveDateTime,
) -> AppResult<EmergencyContact> {
    let viewer = signed_in(actor)?;
    let name = validate::text("name", &input.name, 1, 80)?;
    let relationship = validate::text(
        "relationship",
        input.relationship.as_deref().unwrap_or(""),
        0,
        60,
    )?;
    let phone = validate::text("phone", &input.phone, 6, 40)?;
    if !phone
        .chars()
        .all(|ch| ch.is_ascii_digit() || " +()-".contains(ch))
    {
        return Err(AppError::validation(
            "phone",
            "A phone number may contain digits, spaces, +, ( ) and - only.",
        ));
    }
    let email = input
        .email
        .as_deref()
        .filter(|e| !e.trim().is_empty())
        .map(|e| validate::email("email", e))
        .transpose()?;
    write_tx(conn, |conn| {
        require_act_for(conn, &viewer, resident_id)?;
        crate::domain::shifts::lock_person(conn, resident_id)?;
        let existing: Vec<i32> = emergency_contacts::table
            .filter(emergency_contacts::resident_id.eq(resident_id))
            .select(emergency_contacts::position)
            .load(conn)?;
        if existing.len() as i64 >= MAX_CONTACTS {
            return Err(AppError::validation(
                "residentId",
                "A resident can have at most 10 emergency contacts.",
            ));
        }
        let position = existing.iter().max().copied().unwrap_or(0) + 1;
        let contact: EmergencyContact = diesel::insert_into(emergency_contacts::table)
            .values((
                emergency_contacts::resident_id.eq(resident_id),
                emergency_contacts::position.eq(position),
                emergency_contacts::name.eq(&name),
                emergency_contacts::relationship.eq(&relationship),
                emergency_contacts::phone.eq(&phone),
                emergency_contacts::email.eq(&email),
                emergency_contacts::created_by.eq(viewer.person_id),
                emergency_contacts::created_at.eq(now),
            ))
            .returning(emergency_contacts::all_columns)
            .get_result(conn)?;
        audit::record(
            conn,
            Some(viewer.person_id),
            "resident.emergency_contact.add",
            "Person",
            resident_id,
            acting(&viewer, resident_id),
            now,
        )?;
        audit::access(
            conn,
            &audit::Access {
                actor_id: Some(viewer.person_id),
                action: "CREATE",
                record_type: "EmergencyContact",
                record_id: contact.id,
                person_id: resident_id,
                purpose: change_purpose(&viewer, resident_id),
                detail: &contact_fields(&contact.relationship, contact.email.as_deref()),
                at: now,
            },
        )?;
        Ok(contact)
    })
}

/// Remove an emergency contact; those after it move up.
pub fn remove_emergency_contact(
    conn: &mut DbConn,
    actor: &Actor,
    contact_id: i64,
    now: NaiveDateTime,
) -> AppResult<EmergencyContact> {
    let viewer = signed_in(actor)?;
    write_tx(conn, |conn| {
        let contact: EmergencyContact = emergency_contacts::table
            .find(contact_id)
            .select(EmergencyContact::as_select())
            .first(conn)
            .optional()?
            .ok_or(AppError::NotFound("That emergency contact"))?;
        if !can_act_for(conn, &viewer, contact.resident_id)? {
            return Err(AppError::NotFound("That emergency contact"));
        }
        crate::domain::shifts::lock_person(conn, contact.resident_id)?;
        diesel::delete(emergency_contacts::table.find(contact_id)).execute(conn)?;
        // Close the gap one row at a time, lowest first, so the unique
        // (resident, position) key holds after every statement.
        let later: Vec<(i64, i32)> = emergency_contacts::table
            .filter(emergency_contacts::resident_id.eq(contact.resident_id))
            .filter(emergency_contacts::position.gt(contact.position))
            .order(emergency_contacts::position.asc())
            .select((emergency_contacts::id, emergency_contacts::position))
            .load(conn)?;
        for (id, position) in later {
            diesel::update(emergency_contacts::table.find(id))
                .set(emergency_contacts::position.eq(position - 1))
                .execute(conn)?;
        }
        audit::record(
            conn,
            Some(viewer.person_id),
            "resident.emergency_contact.remove",
            "Person",
            contact.resident_id,
            acting(&viewer, contact.resident_id),
            now,
        )?;
        audit::access(
            conn,
            &audit::Access {
                actor_id: Some(viewer.person_id),
                action: "DELETE",
                record_type: "EmergencyContact",
                record_id: contact.id,
                person_id: contact.resident_id,
                purpose: change_purpose(&viewer, contact.resident_id),
                detail: &contact_fields(&contact.relationship, contact.email.as_deref()),
                at: now,
            },
        )?;
        Ok(contact)
    })
}

/// A resident's emergency contacts in order (the caller checks access).
pub fn emergency_contacts_of(
    conn: &mut DbConn,
    resident_id: i64,
) -> AppResult<Vec<EmergencyContact>> {
    Ok(emergency_contacts::table
        .filter(emergency_contacts::resident_id.eq(resident_id))
        .order(emergency_contacts::position.asc())
        .select(EmergencyContact::as_select())
        .load(conn)?)
}

/// Append a consent record (the resident, or someone who manages them).
pub fn record_consent(
    conn: &mut DbConn,
    actor: &Actor,
    resident_id: i64,
    purpose: &str,
    given: bool,
    note: Option<&str>,
    now: NaiveDateTime,
) -> AppResult<Consent> {
    let viewer = signed_in(actor)?;
    let purpose = validate::text("purpose", purpose, 3, 100)?;
    let purpose = normalise_purpose_text(&purpose);
    let note = validate::text("note", note.unwrap_or(""), 0, 1000)?;
    write_tx(conn, |conn| {
        require_act_for(conn, &viewer, resident_id)?;
        let consent: Consent = diesel::insert_into(consents::table)
            .values((
                consents::resident_id.eq(resident_id),
                consents::purpose.eq(&purpose),
                consents::given.eq(given),
                consents::note.eq(&note),
                consents::recorded_by.eq(viewer.person_id),
                consents::recorded_at.eq(now),
            ))
            .returning(consents::all_columns)
            .get_result(conn)?;
        audit::record(
            conn,
            Some(viewer.person_id),
            if given {
                "consent.give"
            } else {
                "consent.withdraw"
            },
            "Person",
            resident_id,
            &format!("{purpose} ({})", acting(&viewer, resident_id)),
            now,
        )?;
        audit::access(
            conn,
            &audit::Access {
                actor_id: Some(viewer.person_id),
                action: "CREATE",
                record_type: "Consent",
                record_id: consent.id,
                person_id: resident_id,
                purpose: change_purpose(&viewer, resident_id),
                detail: if note.is_empty() {
                    "purpose,given"
                } else {
                    "purpose,given,note"
                },
                at: now,
            },
        )?;
        Ok(consent)
    })
}

/// Every consent record of a resident, newest first (the caller checks access).
pub fn consent_history(conn: &mut DbConn, resident_id: i64) -> AppResult<Vec<Consent>> {
    Ok(consents::table
        .filter(consents::resident_id.eq(resident_id))
        .order(consents::id.desc())
        .select(Consent::as_select())
        .load(conn)?)
}

/// The current state per purpose: the latest record of each, by purpose.
pub fn current_consents(conn: &mut DbConn, resident_id: i64) -> AppResult<Vec<Consent>> {
    let mut latest: Vec<Consent> = Vec::new();
    for c in consent_history(conn, resident_id)? {
        if !latest.iter().any(|l| l.purpose == c.purpose) {
            latest.push(c);
        }
    }
    latest.sort_by(|a, b| a.purpose.cmp(&b.purpose));
    Ok(latest)
}

/// The residents a coordinator looks after: people with a resident profile
/// who are active members of one group the viewer coordinates, or of any
/// of them (admins: every resident). By name, then id.
pub fn coordinated_residents(
    conn: &mut DbConn,
    actor: &Actor,
    group_id: Option<i64>,
    first: i64,
    after: Option<crate::domain::page::Cursor>,
) -> AppResult<crate::domain::page::Page<Person>> {
    use crate::domain::page::{self, Cursor};
    let viewer = signed_in(actor)?;
    let groups: Option<Vec<i64>> = match group_id {
        Some(g) => {
            groups::find(conn, g)?.ok_or(AppError::NotFound("That group"))?;
            require_coordinator(conn, &viewer, g)?;
            Some(vec![g])
        }
        None if viewer.is_admin => None,
        None => Some(
            memberships::table
                .filter(memberships::person_id.eq(viewer.person_id))
                .filter(memberships::role.eq(MemberRole::Coordinator.as_str()))
                .filter(memberships::status.eq(MembershipStatus::Active.as_str()))
                .select(memberships::group_id)
                .load(conn)?,
        ),
    };
    let base = || {
        let mut q = people::table
            .filter(people::erased_at.is_null())
            .filter(
                people::id.eq_any(resident_profiles::table.select(resident_profiles::person_id)),
            )
            .into_boxed();
        if let Some(gs) = &groups {
            q = q.filter(
                people::id.eq_any(
                    memberships::table
                        .filter(memberships::group_id.eq_any(gs.clone()))
                        .filter(memberships::status.eq(MembershipStatus::Active.as_str()))
                        .select(memberships::person_id),
                ),
            );
        }
        q
    };
    let total: i64 = base().count().get_result(conn)?;
    let mut q = base();
    if let Some(c) = after {
        q = q.filter(
            people::display_name
                .gt(c.key.clone())
                .or(people::display_name.eq(c.key).and(people::id.gt(c.id))),
        );
    }
    let rows: Vec<Person> = q
        .order((people::display_name.asc(), people::id.asc()))
        .limit(first + 1)
        .select(Person::as_select())
        .load(conn)?;
    let rows = rows
        .into_iter()
        .map(|p| (Cursor::new(p.display_name.clone(), p.id), p))
        .collect();
    Ok(page::finish(rows, first, total))
}
