//! Misses and escalation: never treat uncertainty as "well".
//!
//! A check-in with no outcome by its due time plus grace (or recorded as
//! NO_ANSWER) is MISSED and escalates step by step: the backup volunteer,
//! then the group's coordinators, then each emergency contact in order.
//! Each step is due a configurable delay after the previous one (the first
//! at once), runs in its own transaction under the check-in's row lock, is
//! recorded as events keyed by (check-in, step, recipient), and only runs
//! while the check-in is unresolved. So two instances never send a step
//! twice, a crash between steps resumes with the next one, and a step whose
//! time passed during downtime runs once when the scheduler is back.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use serde_json::json;

use super::{
    check_in_access, find, find_plan, lock_check_in, CheckIn, CheckInEvent, CheckInStatus,
};
use crate::db::schema::{check_in_events, check_ins, memberships, people as people_table};
use crate::db::{write_tx, DbConn};
use crate::domain::authz::{signed_in, Actor};
use crate::domain::groups::{MemberRole, MembershipStatus};
use crate::domain::{people, residents, validate};
use crate::error::{AppError, AppResult};
use crate::mail::outbox::{self, OutgoingMail};

/// How long each escalation step waits after the one before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EscalationPolicy {
    /// From telling the backup volunteer to telling the coordinators.
    pub coordinators_after: Duration,
    /// From one step to the next emergency contact.
    pub contact_interval: Duration,
}

impl Default for EscalationPolicy {
    fn default() -> Self {
        EscalationPolicy {
            coordinators_after: Duration::minutes(30),
            contact_interval: Duration::minutes(60),
        }
    }
}

/// Who one escalation step tells.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Backup(i64),
    Coordinators,
    Contact(i64),
}

impl Step {
    fn audience(&self) -> &'static str {
        match self {
            Step::Backup(_) => "BACKUP",
            Step::Coordinators => "COORDINATOR",
            Step::Contact(_) => "EMERGENCY_CONTACT",
        }
    }
}

/// The steps for a check-in, in order, from current data.
fn steps_for(conn: &mut DbConn, check_in: &CheckIn) -> AppResult<Vec<Step>> {
    let mut steps = Vec::new();
    if let Some(plan) = find_plan(conn, check_in.plan_id)? {
        if let Some(b) = plan
            .backup_volunteer_id
            .filter(|b| *b != check_in.volunteer_id)
        {
            steps.push(Step::Backup(b));
        }
    }
    steps.push(Step::Coordinators);
    for c in residents::emergency_contacts_of(conn, check_in.resident_id)? {
        steps.push(Step::Contact(c.id));
    }
    Ok(steps)
}

#[allow(clippy::too_many_arguments)]
pub(super) fn event(
    conn: &mut DbConn,
    check_in_id: i64,
    kind: &str,
    step: i32,
    audience: &str,
    recipient: &str,
    recipient_name: &str,
    channel: &str,
    detail: &str,
    actor_id: Option<i64>,
    at: NaiveDateTime,
) -> AppResult<usize> {
    let insert = diesel::insert_into(check_in_events::table)
        .values((
            check_in_events::check_in_id.eq(check_in_id),
            check_in_events::kind.eq(kind),
            check_in_events::step.eq(step),
            check_in_events::audience.eq(audience),
            check_in_events::recipient.eq(recipient),
            check_in_events::recipient_name.eq(recipient_name),
            check_in_events::channel.eq(channel),
            check_in_events::detail.eq(detail),
            check_in_events::actor_id.eq(actor_id),
            check_in_events::at.eq(at),
        ))
        .on_conflict((
            check_in_events::check_in_id,
            check_in_events::kind,
            check_in_events::step,
            check_in_events::recipient,
        ))
        .do_nothing();
    Ok(match conn {
        DbConn::Pg(pg) => insert.execute(pg)?,
        DbConn::Sqlite(lite) => insert.execute(lite)?,
    })
}

/// Mark overdue SCHEDULED check-ins MISSED, as of the moment each became
/// overdue, and start their escalation. One statement; returns the
/// (check-in, group) pairs.
pub fn detect_misses(conn: &mut DbConn, now: NaiveDateTime) -> AppResult<Vec<(i64, i64)>> {
    write_tx(conn, |conn| {
        let missed: Vec<(i64, NaiveDateTime, i64)> = diesel::update(check_ins::table)
            .filter(check_ins::status.eq(CheckInStatus::Scheduled.as_str()))
            // Implied by the next line (grace is never negative); lets the
            // (status, due_at) index find the candidates.
            .filter(check_ins::due_at.le(now))
            .filter(check_ins::overdue_at.le(now))
            .set((
                check_ins::status.eq(CheckInStatus::Missed.as_str()),
                check_ins::missed_at.eq(check_ins::overdue_at.nullable()),
                check_ins::next_step_at.eq(check_ins::overdue_at.nullable()),
            ))
            .returning((check_ins::id, check_ins::overdue_at, check_ins::group_id))
            .get_results(conn)?;
        for (id, at, _) in &missed {
            event(
                conn,
                *id,
                "MISSED",
                0,
                "",
                "",
                "",
                "",
                "No outcome was recorded by the due time and grace period.",
                None,
                *at,
            )?;
        }
        Ok(missed.into_iter().map(|(id, _, g)| (id, g)).collect())
    })
}

/// Run every escalation step that is due, each once. Returns the check-ins
/// that moved on, with their groups (for the `checkInEscalated`
/// subscription).
pub fn escalate_due(
    conn: &mut DbConn,
    public_url: &str,
    policy: EscalationPolicy,
    now: NaiveDateTime,
) -> AppResult<Vec<(i64, i64)>> {
    let mut moved = Vec::new();
    let mut after = 0i64;
    loop {
        let due: Vec<i64> = check_ins::table
            .filter(check_ins::next_step_at.le(now))
            .filter(check_ins::status.eq(CheckInStatus::Missed.as_str()))
            .filter(check_ins::resolved_at.is_null())
            .filter(check_ins::id.gt(after))
            .order(check_ins::id.asc())
            .limit(200)
            .select(check_ins::id)
            .load(conn)?;
        let Some(&last) = due.last() else {
            return Ok(moved);
        };
        after = last;
        for id in due {
            if let Some(group) = escalate_one(conn, public_url, policy, id, now)? {
                moved.push((id, group));
            }
        }
    }
}

/// Run the due steps of one check-in in one transaction. `Some(group)` when
/// at least one step ran.
fn escalate_one(
    conn: &mut DbConn,
    public_url: &str,
    policy: EscalationPolicy,
    id: i64,
    now: NaiveDateTime,
) -> AppResult<Option<i64>> {
    write_tx(conn, |conn| {
        lock_check_in(conn, id)?;
        let Some(mut c) = find(conn, id)? else {
            return Ok(None);
        };
        let steps = steps_for(conn, &c)?;
        let mut ran = false;
        while c.is_escalating() {
            let Some(at) = c.next_step_at.filter(|t| *t <= now) else {
                break;
            };
            let index = c.escalation_step as usize;
            let Some(step) = steps.get(index) else {
                break;
            };
            run_step(conn, public_url, &c, index as i32 + 1, step, at)?;
            ran = true;
            let next_at = steps.get(index + 1).map(|next| {
                at + match next {
                    Step::Backup(_) => Duration::zero(),
                    Step::Coordinators => policy.coordinators_after,
                    Step::Contact(_) => policy.contact_interval,
                }
            });
            c = diesel::update(check_ins::table.find(id))
                .set((
                    check_ins::escalation_step.eq(index as i32 + 1),
                    check_ins::next_step_at.eq(next_at),
                ))
                .returning(check_ins::all_columns)
                .get_result(conn)?;
        }
        Ok(ran.then_some(c.group_id))
    })
}

/// Names and details an escalation email needs.
fn mail_context(conn: &mut DbConn, c: &CheckIn, public_url: &str) -> AppResult<serde_json::Value> {
    let resident = people::find(conn, c.resident_id)?
        .map(|p| p.display_name)
        .unwrap_or_default();
    let volunteer = people::find(conn, c.volunteer_id)?
        .map(|p| p.display_name)
        .unwrap_or_default();
    let found = crate::domain::groups::find(conn, c.group_id)?;
    let group = found.as_ref().map(|g| g.name.clone()).unwrap_or_default();
    // How someone outside Kith (an emergency contact) reaches the group:
    // its contact email, or else a coordinator's.
    let group_contact = match found.and_then(|g| g.contact_email) {
        Some(email) => Some(email),
        None => coordinator_addresses(conn, c.group_id)?
            .into_iter()
            .find_map(|(_, _, email)| email),
    };
    Ok(json!({
        "resident": resident,
        "volunteer": volunteer,
        "group": group,
        "group_contact": group_contact,
        "how": c.channel().verb(),
        "when": crate::domain::time::describe_local_time(c.due_at),
        "no_answer": c.outcome.as_deref() == Some("NO_ANSWER"),
        "link": format!("{public_url}/check-ins/{}", c.id),
    }))
}

fn run_step(
    conn: &mut DbConn,
    public_url: &str,
    c: &CheckIn,
    number: i32,
    step: &Step,
    at: NaiveDateTime,
) -> AppResult<()> {
    let base = mail_context(conn, c, public_url)?;
    // (recipient key, name, email address if we may email them)
    let mut told: Vec<(String, String, Option<String>)> = Vec::new();
    match step {
        Step::Backup(id) => {
            if let Some(p) = people::find(conn, *id)? {
                let email = p
                    .email
                    .clone()
                    .filter(|_| !p.do_not_contact && p.disabled_at.is_none());
                told.push((format!("person:{}", p.id), p.display_name, email));
            }
        }
        Step::Coordinators => {
            let rows: Vec<(i64, String, Option<String>, bool)> = memberships::table
                .inner_join(people_table::table)
                .filter(memberships::group_id.eq(c.group_id))
                .filter(memberships::role.eq(MemberRole::Coordinator.as_str()))
                .filter(memberships::status.eq(MembershipStatus::Active.as_str()))
                .filter(people_table::disabled_at.is_null())
                .order(people_table::id.asc())
                .select((
                    people_table::id,
                    people_table::display_name,
                    people_table::email,
                    people_table::do_not_contact,
                ))
                .load(conn)?;
            for (id, name, email, dnc) in rows {
                told.push((format!("person:{id}"), name, email.filter(|_| !dnc)));
            }
        }
        Step::Contact(contact_id) => {
            let contact = residents::emergency_contacts_of(conn, c.resident_id)?
                .into_iter()
                .find(|e| e.id == *contact_id);
            if let Some(e) = contact {
                if e.email.is_some() {
                    told.push((format!("contact:{}", e.id), e.name.clone(), e.email.clone()));
                } else {
                    // Nobody to email: ask the coordinators to phone them.
                    let phone = e.phone.clone();
                    for (_, name, email) in coordinator_addresses(conn, c.group_id)? {
                        if let Some(to) = &email {
                            let mut ctx = base.clone();
                            ctx["name"] = json!(name);
                            ctx["contact"] = json!(e.name);
                            ctx["relationship"] = json!(e.relationship);
                            ctx["phone"] = json!(phone);
                            outbox::enqueue(
                                conn,
                                public_url,
                                OutgoingMail {
                                    kind: "checkin_call_contact",
                                    to,
                                    context: ctx,
                                    attachment: None,
                                },
                                at,
                            )?;
                        }
                    }
                    event(
                        conn,
                        c.id,
                        "ESCALATED",
                        number,
                        step.audience(),
                        &format!("contact:{}", e.id),
                        &e.name,
                        "PHONE",
                        &format!(
                            "No email address: the coordinators were asked to phone {} ({}).",
                            e.name, e.phone
                        ),
                        None,
                        at,
                    )?;
                    return Ok(());
                }
            }
        }
    }
    if told.is_empty() {
        event(
            conn,
            c.id,
            "ESCALATED",
            number,
            step.audience(),
            "",
            "",
            "NONE",
            "Nobody to tell at this step.",
            None,
            at,
        )?;
    }
    for (key, name, email) in told {
        let channel = if email.is_some() { "EMAIL" } else { "NONE" };
        let inserted = event(
            conn,
            c.id,
            "ESCALATED",
            number,
            step.audience(),
            &key,
            &name,
            channel,
            if email.is_some() {
                ""
            } else {
                "No email address on file."
            },
            None,
            at,
        )?;
        if let (Some(to), 1) = (email, inserted) {
            let mut ctx = base.clone();
            ctx["name"] = json!(name);
            ctx["audience"] = json!(step.audience());
            outbox::enqueue(
                conn,
                public_url,
                OutgoingMail {
                    kind: "checkin_missed",
                    to: &to,
                    context: ctx,
                    attachment: None,
                },
                at,
            )?;
        }
    }
    Ok(())
}

fn coordinator_addresses(
    conn: &mut DbConn,
    group_id: i64,
) -> AppResult<Vec<(String, String, Option<String>)>> {
    let rows: Vec<(i64, String, Option<String>, bool)> = memberships::table
        .inner_join(people_table::table)
        .filter(memberships::group_id.eq(group_id))
        .filter(memberships::role.eq(MemberRole::Coordinator.as_str()))
        .filter(memberships::status.eq(MembershipStatus::Active.as_str()))
        .filter(people_table::disabled_at.is_null())
        .order(people_table::id.asc())
        .select((
            people_table::id,
            people_table::display_name,
            people_table::email,
            people_table::do_not_contact,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, name, email, dnc)| (format!("person:{id}"), name, email.filter(|_| !dnc)))
        .collect())
}

/// End an escalation: record who resolved it and why, stop further steps,
/// and send everyone who was alerted by email the all clear (once each).
/// Call inside a write transaction with the check-in locked.
pub(super) fn finish_escalation(
    conn: &mut DbConn,
    public_url: &str,
    c: &CheckIn,
    actor_id: i64,
    note: &str,
    now: NaiveDateTime,
) -> AppResult<()> {
    diesel::update(check_ins::table.find(c.id))
        .set((
            check_ins::resolved_at.eq(Some(now)),
            check_ins::resolved_by.eq(Some(actor_id)),
            check_ins::resolution_note.eq(Some(note)),
            check_ins::next_step_at.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    event(
        conn,
        c.id,
        "RESOLVED",
        0,
        "",
        "",
        "",
        "",
        note,
        Some(actor_id),
        now,
    )?;
    let alerted: Vec<CheckInEvent> = check_in_events::table
        .filter(check_in_events::check_in_id.eq(c.id))
        .filter(check_in_events::kind.eq("ESCALATED"))
        .filter(check_in_events::channel.eq("EMAIL"))
        .order(check_in_events::id.asc())
        .select(CheckInEvent::as_select())
        .load(conn)?;
    let base = mail_context(conn, c, public_url)?;
    let resolver = people::find(conn, actor_id)?
        .map(|p| p.display_name)
        .unwrap_or_default();
    let mut seen = std::collections::HashSet::new();
    for e in alerted {
        if !seen.insert(e.recipient.clone()) {
            continue;
        }
        let Some(to) = address_of(conn, &e.recipient)? else {
            continue;
        };
        if event(
            conn,
            c.id,
            "ALL_CLEAR",
            0,
            &e.audience,
            &e.recipient,
            &e.recipient_name,
            "EMAIL",
            "",
            Some(actor_id),
            now,
        )? == 1
        {
            let mut ctx = base.clone();
            ctx["name"] = json!(e.recipient_name);
            ctx["resolver"] = json!(resolver);
            ctx["note"] = json!(note);
            outbox::enqueue(
                conn,
                public_url,
                OutgoingMail {
                    kind: "checkin_all_clear",
                    to: &to,
                    context: ctx,
                    attachment: None,
                },
                now,
            )?;
        }
    }
    Ok(())
}

/// The email address behind an event's recipient key.
fn address_of(conn: &mut DbConn, recipient: &str) -> AppResult<Option<String>> {
    if let Some(id) = recipient
        .strip_prefix("person:")
        .and_then(|s| s.parse().ok())
    {
        return Ok(people::find(conn, id)?.and_then(|p| p.email));
    }
    if let Some(id) = recipient
        .strip_prefix("contact:")
        .and_then(|s| s.parse::<i64>().ok())
    {
        use crate::db::schema::emergency_contacts;
        return Ok(emergency_contacts::table
            .find(id)
            .select(emergency_contacts::email)
            .first::<Option<String>>(conn)
            .optional()?
            .flatten());
    }
    Ok(None)
}

/// Resolve a missed check-in's escalation with a note (the group's
/// coordinators, or the volunteers on the plan): no more steps, and the all
/// clear to everyone alerted.
pub fn resolve_escalation(
    conn: &mut DbConn,
    public_url: &str,
    actor: &Actor,
    id: i64,
    note: &str,
    now: NaiveDateTime,
) -> AppResult<CheckIn> {
    let viewer = signed_in(actor)?;
    let note = validate::text("note", note, 3, 2000)?;
    write_tx(conn, |conn| {
        lock_check_in(conn, id)?;
        let c = find(conn, id)?.ok_or(AppError::NotFound("That check-in"))?;
        let access = check_in_access(conn, &viewer, &c)?;
        if !access.can_see() {
            return Err(AppError::NotFound("That check-in"));
        }
        if !(access.coordinator || access.volunteer) {
            return Err(AppError::forbidden(
                "Only the group's coordinators or the plan's volunteers can resolve this.",
            ));
        }
        if !c.is_escalating() {
            return Err(AppError::InvalidTransition(match c.status() {
                CheckInStatus::Missed => "This check-in has already been resolved.".into(),
                other => format!(
                    "This check-in is {}, so there is nothing to resolve.",
                    other.as_str().to_lowercase()
                ),
            }));
        }
        finish_escalation(conn, public_url, &c, viewer.person_id, &note, now)?;
        find(conn, id)?.ok_or(AppError::NotFound("That check-in"))
    })
}
