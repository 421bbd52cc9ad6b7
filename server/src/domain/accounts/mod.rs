//! Accounts: registration, sign-in, refresh-token rotation, sign-out and
//! password reset.
//!
//! Sessions: each sign-in opens a session (a chain of refresh tokens). Access
//! tokens name their session, and [`authenticate`] checks on every request
//! that the session is open and the person enabled, so sign-out and disabling
//! take effect at once. A refresh token can be used once; presenting a used
//! one again means it was copied, so the whole session is revoked.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde_json::json;

use crate::auth::{password, token, AccessClaims, JwtKeys};
use crate::db::schema::{
    login_failures, password_resets, people as people_t, refresh_tokens, sessions,
};
use crate::db::{write_tx, DbConn};
use crate::domain::authz::Viewer;
use crate::domain::people::{self, NewPerson, Person};
use crate::domain::validate;
use crate::error::{AppError, AppResult};
use crate::mail::outbox::{self, OutgoingMail};

pub const REFRESH_TOKEN_DAYS: i64 = 30;
pub const RESET_TOKEN_MINUTES: i64 = 60;
/// Failed sign-ins for one email within [`FAILURE_WINDOW_MINUTES`] before
/// further attempts are refused with `RATE_LIMITED`.
pub const MAX_LOGIN_FAILURES: i64 = 5;
pub const FAILURE_WINDOW_MINUTES: i64 = 15;
/// Reset emails sent to one person per hour, at most.
pub const MAX_RESETS_PER_HOUR: i64 = 3;

/// What a successful sign-in or refresh hands back.
#[derive(Debug, Clone)]
pub struct AuthPayload {
    pub access_token: String,
    pub access_expires_at: DateTime<Utc>,
    pub refresh_token: String,
    pub person: Person,
}

/// Input to [`register`].
#[derive(Debug, Clone)]
pub struct Registration {
    pub email: String,
    pub password: String,
    pub display_name: String,
}

/// Create an account and sign it in.
pub fn register(
    conn: &mut DbConn,
    keys: &JwtKeys,
    input: Registration,
    now: DateTime<Utc>,
) -> AppResult<AuthPayload> {
    let email = validate::email("email", &input.email)?;
    let display_name = validate::text("displayName", &input.display_name, 1, 80)?;
    password::check_policy(&input.password, Some(&email), &display_name)?;
    let hash = password::hash(&input.password)?;
    let at = now.naive_utc();
    let (person, session_id, refresh) = write_tx(conn, |conn| {
        if people::find_by_email(conn, &email)?.is_some() {
            return Err(AppError::EmailTaken);
        }
        let person = people::insert(
            conn,
            NewPerson {
                email: Some(&email),
                password_hash: Some(&hash),
                display_name: &display_name,
                is_admin: false,
                created_by: None,
                created_at: at,
                updated_at: at,
            },
        )?;
        let (session_id, refresh) = open_session(conn, person.id, at)?;
        Ok((person, session_id, refresh))
    })?;
    issue(keys, person, session_id, refresh, now)
}

/// Sign in with email and password. The error never says whether the email
/// exists; repeated failures for an email are refused for a while.
pub fn login(
    conn: &mut DbConn,
    keys: &JwtKeys,
    email: &str,
    pass: &str,
    now: DateTime<Utc>,
) -> AppResult<AuthPayload> {
    let email = email.trim().to_lowercase();
    let at = now.naive_utc();
    let window_start = at - Duration::minutes(FAILURE_WINDOW_MINUTES);
    let failures: i64 = login_failures::table
        .filter(login_failures::email.eq(&email))
        .filter(login_failures::failed_at.gt(window_start))
        .count()
        .get_result(conn)?;
    if failures >= MAX_LOGIN_FAILURES {
        return Err(AppError::RateLimited);
    }
    let person = if email.is_empty() || email.len() > 254 {
        None
    } else {
        people::find_by_email(conn, &email)?
    };
    let verified = match person.as_ref().and_then(|p| p.password_hash.as_deref()) {
        Some(stored) => password::verify(pass, stored),
        None => {
            password::verify_dummy(pass);
            false
        }
    };
    let person = match person {
        Some(p) if verified && p.disabled_at.is_none() && p.erased_at.is_none() => p,
        _ => {
            if !email.is_empty() && email.len() <= 254 {
                diesel::insert_into(login_failures::table)
                    .values((
                        login_failures::email.eq(&email),
                        login_failures::failed_at.eq(at),
                    ))
                    .execute(conn)?;
            }
            return Err(AppError::InvalidCredentials);
        }
    };
    let (session_id, refresh) = write_tx(conn, |conn| {
        diesel::delete(login_failures::table.filter(login_failures::email.eq(&email)))
            .execute(conn)?;
        open_session(conn, person.id, at)
    })?;
    issue(keys, person, session_id, refresh, now)
}

enum RefreshOutcome {
    Rotated(Box<Person>, i64, String),
    Reused,
}

/// A refresh token with its session, as looked up on refresh.
type TokenRow = (
    i64,
    i64,
    Option<NaiveDateTime>,
    NaiveDateTime,
    Option<NaiveDateTime>,
    i64,
);

/// Exchange a refresh token for a new pair. Each refresh token works once.
pub fn refresh(
    conn: &mut DbConn,
    keys: &JwtKeys,
    presented: &str,
    now: DateTime<Utc>,
) -> AppResult<AuthPayload> {
    let at = now.naive_utc();
    let hash = token::hash(presented.trim());
    let outcome = write_tx(conn, |conn| {
        let found: Option<TokenRow> = refresh_tokens::table
            .inner_join(sessions::table)
            .filter(refresh_tokens::token_hash.eq(&hash))
            .select((
                refresh_tokens::id,
                sessions::id,
                refresh_tokens::used_at,
                refresh_tokens::expires_at,
                sessions::revoked_at,
                sessions::person_id,
            ))
            .first(conn)
            .optional()?;
        let Some((token_id, session_id, used_at, expires_at, revoked_at, person_id)) = found else {
            return Err(AppError::Unauthenticated);
        };
        if revoked_at.is_some() {
            return Err(AppError::Unauthenticated);
        }
        if used_at.is_some() {
            revoke_session(conn, session_id, "refresh token reused", at)?;
            return Ok(RefreshOutcome::Reused);
        }
        if expires_at <= at {
            return Err(AppError::Unauthenticated);
        }
        // Claim the token; if another request got there first, that is reuse.
        let claimed = diesel::update(
            refresh_tokens::table
                .filter(refresh_tokens::id.eq(token_id))
                .filter(refresh_tokens::used_at.is_null()),
        )
        .set(refresh_tokens::used_at.eq(at))
        .execute(conn)?;
        if claimed == 0 {
            revoke_session(conn, session_id, "refresh token reused", at)?;
            return Ok(RefreshOutcome::Reused);
        }
        let person = people::find(conn, person_id)?.ok_or(AppError::Unauthenticated)?;
        if person.disabled_at.is_some() || person.erased_at.is_some() {
            return Err(AppError::Unauthenticated);
        }
        let refresh = new_refresh_token(conn, session_id, at)?;
        diesel::update(sessions::table.find(session_id))
            .set(sessions::last_used_at.eq(at))
            .execute(conn)?;
        Ok(RefreshOutcome::Rotated(
            Box::new(person),
            session_id,
            refresh,
        ))
    })?;
    match outcome {
        RefreshOutcome::Rotated(person, session_id, refresh) => {
            issue(keys, *person, session_id, refresh, now)
        }
        RefreshOutcome::Reused => {
            tracing::warn!("refresh token reused; session revoked");
            Err(AppError::TokenReused)
        }
    }
}

/// End the session a refresh token belongs to. True if a session was ended.
pub fn logout(conn: &mut DbConn, presented: &str, now: DateTime<Utc>) -> AppResult<bool> {
    let hash = token::hash(presented.trim());
    write_tx(conn, |conn| {
        let session: Option<(i64, Option<NaiveDateTime>)> = refresh_tokens::table
            .inner_join(sessions::table)
            .filter(refresh_tokens::token_hash.eq(&hash))
            .select((sessions::id, sessions::revoked_at))
            .first(conn)
            .optional()?;
        match session {
            Some((id, None)) => {
                revoke_session(conn, id, "logout", now.naive_utc())?;
                Ok(true)
            }
            _ => Ok(false),
        }
    })
}

/// Turn verified access-token claims into a viewer, if the session is still
/// open and the person still enabled. One query.
pub fn authenticate(conn: &mut DbConn, claims: &AccessClaims) -> AppResult<Option<Viewer>> {
    Ok(authenticate_person(conn, claims)?.map(|(viewer, _)| viewer))
}

/// [`authenticate`], also giving the signed-in person's row, read by the
/// same statement (so `me` needs no statement of its own).
pub fn authenticate_person(
    conn: &mut DbConn,
    claims: &AccessClaims,
) -> AppResult<Option<(Viewer, Person)>> {
    let Some(person_id) = claims.person_id() else {
        return Ok(None);
    };
    let row: Option<(Option<NaiveDateTime>, Person)> = sessions::table
        .inner_join(people_t::table)
        .filter(sessions::id.eq(claims.sid))
        .filter(sessions::person_id.eq(person_id))
        .select((sessions::revoked_at, Person::as_select()))
        .first(conn)
        .optional()?;
    Ok(match row {
        Some((None, person)) if person.disabled_at.is_none() => Some((
            Viewer {
                person_id,
                session_id: claims.sid,
                is_admin: person.is_admin,
            },
            person,
        )),
        _ => None,
    })
}

/// Send a password-reset link if the email has an account. Always succeeds
/// from the caller's point of view, so it reveals nothing.
pub fn request_password_reset(
    conn: &mut DbConn,
    public_url: &str,
    email: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let Ok(email) = validate::email("email", email) else {
        return Ok(());
    };
    let at = now.naive_utc();
    write_tx(conn, |conn| {
        let Some(person) = people::find_by_email(conn, &email)? else {
            return Ok(());
        };
        if person.disabled_at.is_some() {
            return Ok(());
        }
        let recent: i64 = password_resets::table
            .filter(password_resets::person_id.eq(person.id))
            .filter(password_resets::created_at.gt(at - Duration::hours(1)))
            .count()
            .get_result(conn)?;
        if recent >= MAX_RESETS_PER_HOUR {
            return Ok(());
        }
        let raw = token::generate();
        diesel::insert_into(password_resets::table)
            .values((
                password_resets::person_id.eq(person.id),
                password_resets::token_hash.eq(token::hash(&raw)),
                password_resets::created_at.eq(at),
                password_resets::expires_at.eq(at + Duration::minutes(RESET_TOKEN_MINUTES)),
            ))
            .execute(conn)?;
        outbox::enqueue(
            conn,
            public_url,
            OutgoingMail {
                kind: "password_reset",
                to: &email,
                context: json!({
                    "name": person.display_name,
                    "link": format!("{public_url}/reset-password?token={raw}"),
                    "minutes": RESET_TOKEN_MINUTES,
                }),
                attachment: None,
            },
            at,
        )?;
        Ok(())
    })
}

/// Set a new password with a reset token. Ends every open session.
pub fn reset_password(
    conn: &mut DbConn,
    presented: &str,
    new_password: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let at = now.naive_utc();
    let hash = token::hash(presented.trim());
    let invalid = || {
        AppError::validation(
            "token",
            "This reset link is not valid or has expired. Please ask for a new one.",
        )
    };
    let found: Option<(i64, i64, NaiveDateTime, Option<NaiveDateTime>)> = password_resets::table
        .filter(password_resets::token_hash.eq(&hash))
        .select((
            password_resets::id,
            password_resets::person_id,
            password_resets::expires_at,
            password_resets::used_at,
        ))
        .first(conn)
        .optional()?;
    let Some((reset_id, person_id, expires_at, None)) = found else {
        return Err(invalid());
    };
    if expires_at <= at {
        return Err(invalid());
    }
    let person = people::find(conn, person_id)?.ok_or_else(invalid)?;
    password::check_policy(new_password, person.email.as_deref(), &person.display_name)?;
    let new_hash = password::hash(new_password)?;
    write_tx(conn, |conn| {
        let claimed = diesel::update(
            password_resets::table
                .filter(password_resets::id.eq(reset_id))
                .filter(password_resets::used_at.is_null()),
        )
        .set(password_resets::used_at.eq(at))
        .execute(conn)?;
        if claimed == 0 {
            return Err(invalid());
        }
        diesel::update(people_t::table.find(person_id))
            .set((
                people_t::password_hash.eq(&new_hash),
                people_t::updated_at.eq(at),
            ))
            .execute(conn)?;
        revoke_all_sessions(conn, person_id, "password reset", at)?;
        if let Some(email) = &person.email {
            diesel::delete(login_failures::table.filter(login_failures::email.eq(email)))
                .execute(conn)?;
        }
        Ok(())
    })
}

/// Revoke every open session of a person.
pub fn revoke_all_sessions(
    conn: &mut DbConn,
    person_id: i64,
    reason: &str,
    at: NaiveDateTime,
) -> AppResult<usize> {
    Ok(diesel::update(
        sessions::table
            .filter(sessions::person_id.eq(person_id))
            .filter(sessions::revoked_at.is_null()),
    )
    .set((
        sessions::revoked_at.eq(at),
        sessions::revoked_reason.eq(reason),
    ))
    .execute(conn)?)
}

/// Set (or replace) a person's password directly, as the admin CLI does.
pub fn set_password(
    conn: &mut DbConn,
    person_id: i64,
    new_password: &str,
    at: NaiveDateTime,
) -> AppResult<()> {
    let hash = password::hash(new_password)?;
    diesel::update(people_t::table.find(person_id))
        .set((
            people_t::password_hash.eq(hash),
            people_t::updated_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

fn revoke_session(
    conn: &mut DbConn,
    session_id: i64,
    reason: &str,
    at: NaiveDateTime,
) -> AppResult<()> {
    diesel::update(
        sessions::table
            .find(session_id)
            .filter(sessions::revoked_at.is_null()),
    )
    .set((
        sessions::revoked_at.eq(at),
        sessions::revoked_reason.eq(reason),
    ))
    .execute(conn)?;
    Ok(())
}

fn open_session(conn: &mut DbConn, person_id: i64, at: NaiveDateTime) -> AppResult<(i64, String)> {
    let session_id: i64 = diesel::insert_into(sessions::table)
        .values((
            sessions::person_id.eq(person_id),
            sessions::created_at.eq(at),
            sessions::last_used_at.eq(at),
        ))
        .returning(sessions::id)
        .get_result(conn)?;
    let refresh = new_refresh_token(conn, session_id, at)?;
    Ok((session_id, refresh))
}

fn new_refresh_token(conn: &mut DbConn, session_id: i64, at: NaiveDateTime) -> AppResult<String> {
    let raw = token::generate();
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::session_id.eq(session_id),
            refresh_tokens::token_hash.eq(token::hash(&raw)),
            refresh_tokens::created_at.eq(at),
            refresh_tokens::expires_at.eq(at + Duration::days(REFRESH_TOKEN_DAYS)),
        ))
        .execute(conn)?;
    Ok(raw)
}

fn issue(
    keys: &JwtKeys,
    person: Person,
    session_id: i64,
    refresh_token: String,
    now: DateTime<Utc>,
) -> AppResult<AuthPayload> {
    let (access_token, access_expires_at) = keys
        .issue(person.id, session_id, now)
        .map_err(|e| AppError::internal("signing access token", e))?;
    Ok(AuthPayload {
        access_token,
        access_expires_at,
        refresh_token,
        person,
    })
}
