//! Demo data and the first admin. Demo logins are listed in README.md.

use chrono::NaiveDateTime;

use crate::db::{write_tx, DbConn};
use crate::domain::activities::{self, ActivityFields};
use crate::domain::authz::Viewer;
use crate::domain::groups::{self, GroupKind, JoinPolicy, MemberRole, NewGroupInput};
use crate::domain::people::{self, NewPerson};
use crate::domain::shifts::{self, NewShift};
use crate::domain::validate;
use crate::domain::volunteers::{self, ProfileInput, VettingLevel};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// The password every demo account uses.
pub const DEMO_PASSWORD: &str = "kith demo 2026";

/// Demo people: email, display name, admin.
pub const DEMO_PEOPLE: &[(&str, &str, bool)] = &[
    ("admin@kith.example", "Alex Admin", true),
    ("coordinator@kith.example", "Priya Shah", false),
    ("volunteer@kith.example", "Tom Evans", false),
    ("volunteer2@kith.example", "Grace Lee", false),
    ("resident@kith.example", "Edna Morris", false),
    ("partner@kith.example", "Sam Okafor", false),
];

/// Load the demo data unless it is already there. Returns a summary.
pub async fn demo(state: &AppState) -> anyhow::Result<String> {
    let now = state.clock.now_naive();
    let summary = state
        .db
        .run(move |conn| {
            if people::find_by_email(conn, DEMO_PEOPLE[0].0)?.is_some() {
                return Ok("demo data already present".to_string());
            }
            let hash = crate::auth::password::hash(DEMO_PASSWORD)?;
            write_tx(conn, |conn| load_demo(conn, &hash, now))?;
            Ok(format!(
                "demo data loaded: {} people, 3 groups (password for every demo login: {DEMO_PASSWORD})",
                DEMO_PEOPLE.len()
            ))
        })
        .await?;
    Ok(summary)
}

fn load_demo(conn: &mut DbConn, hash: &str, now: NaiveDateTime) -> AppResult<()> {
    let mut ids = Vec::new();
    for (email, name, admin) in DEMO_PEOPLE {
        let p = people::insert(
            conn,
            NewPerson {
                email: Some(email),
                password_hash: Some(hash),
                display_name: name,
                is_admin: *admin,
                created_by: None,
                created_at: now,
                updated_at: now,
            },
        )?;
        ids.push(p.id);
    }
    let as_viewer = |id: i64, admin: bool| {
        Some(Viewer {
            person_id: id,
            session_id: 0,
            is_admin: admin,
        })
    };
    let (admin, coordinator, volunteer, volunteer2, resident, partner) =
        (ids[0], ids[1], ids[2], ids[3], ids[4], ids[5]);
    let riverside = groups::create_group(
        conn,
        &as_viewer(coordinator, false),
        NewGroupInput {
            name: "Riverside Good Neighbours".into(),
            kind: GroupKind::VoluntaryGroup,
            description: Some(
                "Shopping, lifts, friendly calls and odd jobs for neighbours in Riverside.".into(),
            ),
            join_policy: JoinPolicy::Approval,
            area: Some("Riverside".into()),
            contact_email: Some("hello@riverside-neighbours.example".into()),
        },
        now,
    )?;
    let lunch = groups::create_group(
        conn,
        &as_viewer(coordinator, false),
        NewGroupInput {
            name: "St Mark's Lunch Club".into(),
            kind: GroupKind::FaithGroup,
            description: Some(
                "A hot meal and good company every Wednesday. Everyone welcome.".into(),
            ),
            join_policy: JoinPolicy::Open,
            area: Some("Riverside".into()),
            contact_email: None,
        },
        now,
    )?;
    let council = groups::create_group(
        conn,
        &as_viewer(admin, true),
        NewGroupInput {
            name: "Riverside Council Adult Social Care".into(),
            kind: GroupKind::CouncilAdultSocialCare,
            description: Some("Referrals for care assessments and support.".into()),
            join_policy: JoinPolicy::Invitation,
            area: Some("Riverside".into()),
            contact_email: Some("asc-referrals@council.example".into()),
        },
        now,
    )?;
    // The postcode districts the groups work from, so the directory can be
    // searched by postcode (SW9, SW2, SE5 and postcodes in them).
    for (group, by, district, latitude, longitude) in [
        (riverside.id, coordinator, "SW9", 51.4694, -0.1146),
        (lunch.id, coordinator, "SW2", 51.4521, -0.1180),
        (council.id, admin, "SE5", 51.4739, -0.0917),
    ] {
        crate::domain::directory::set_group_postcode_area(
            conn,
            &as_viewer(by, by == admin),
            group,
            district,
            latitude,
            longitude,
            now,
        )?;
    }
    // Members join as they would through the API; approvals by the coordinator.
    for person in [volunteer, resident] {
        let m = groups::join_group(
            conn,
            "http://localhost:8080",
            &as_viewer(person, false),
            riverside.id,
            now,
        )?;
        groups::decide(
            conn,
            "http://localhost:8080",
            &as_viewer(coordinator, false),
            m.membership.id,
            true,
            now,
        )?;
    }
    groups::join_group(
        conn,
        "http://localhost:8080",
        &as_viewer(volunteer2, false),
        riverside.id,
        now,
    )?;
    groups::join_group(
        conn,
        "http://localhost:8080",
        &as_viewer(resident, false),
        lunch.id,
        now,
    )?;
    let partner_email = DEMO_PEOPLE[5].0;
    groups::invite(
        conn,
        "http://localhost:8080",
        &as_viewer(admin, true),
        council.id,
        partner_email,
        now,
    )?;
    let accepted = groups::join_group(
        conn,
        "http://localhost:8080",
        &as_viewer(partner, false),
        council.id,
        now,
    )?;
    groups::set_role(
        conn,
        &as_viewer(admin, true),
        accepted.membership.id,
        MemberRole::PartnerStaff,
        now,
    )?;

    // Shifts over the next week, and Tom's profile and sign-up.
    let day = |days: i64, hour: u32| {
        (now.date() + chrono::Duration::days(days))
            .and_hms_opt(hour, 0, 0)
            .unwrap_or(now)
    };
    // A weekly lunch club (the weekday three days from now) and a one-off
    // coffee morning, both published; Edna has booked the next lunch.
    let lunch_club = activities::create_activity(
        conn,
        &as_viewer(coordinator, false),
        lunch.id,
        ActivityFields {
            title: "Lunch club".into(),
            description: Some(
                "A hot two-course lunch and good company. Transport can be arranged.".into(),
            ),
            category: "lunch club".into(),
            starts_at: day(3, 12),
            ends_at: day(3, 14),
            recurrence: Some("FREQ=WEEKLY".into()),
            capacity: Some(24),
            location: Some("St Mark's Church Hall, Riverside".into()),
            coordinates: Some((51.4613, -0.1156)),
            accessibility: Some("Step-free access, hearing loop, accessible toilet.".into()),
            cost_pence: 350,
            min_age: Some(60),
            ..ActivityFields::default()
        },
        now,
    )?;
    activities::publish_activity(conn, &as_viewer(coordinator, false), lunch_club.id, now)?;
    let coffee = activities::create_activity(
        conn,
        &as_viewer(coordinator, false),
        riverside.id,
        ActivityFields {
            title: "Coffee morning and digital help".into(),
            description: Some("Bring your phone or tablet; volunteers help with video calls, repeat prescriptions and online forms.".into()),
            category: "digital help".into(),
            starts_at: day(6, 10),
            ends_at: day(6, 12),
            capacity: Some(12),
            location: Some("Riverside Library".into()),
            coordinates: Some((51.4641, -0.1131)),
            accessibility: Some("Ground floor; large-print guides.".into()),
            ..ActivityFields::default()
        },
        now,
    )?;
    activities::publish_activity(conn, &as_viewer(coordinator, false), coffee.id, now)?;
    activities::book(
        conn,
        &as_viewer(resident, false),
        lunch_club.id,
        day(3, 12),
        now,
    )?;

    let lunch_shift = shifts::create_shift(
        conn,
        &as_viewer(coordinator, false),
        NewShift {
            group_id: lunch.id,
            activity_id: Some(lunch_club.id),
            title: "Lunch club helpers".into(),
            description: Some("Set up tables, serve lunch and chat with guests.".into()),
            starts_at: day(3, 11),
            ends_at: day(3, 14),
            location: Some("St Mark's Church Hall, Riverside".into()),
            coordinates: Some((51.4613, -0.1156)),
            places: 3,
            required_skills: vec![],
            required_vetting: VettingLevel::None,
            members_only: false,
            waitlist: true,
        },
        now,
    )?;
    shifts::create_shift(
        conn,
        &as_viewer(coordinator, false),
        NewShift {
            group_id: riverside.id,
            activity_id: None,
            title: "Drive neighbours to the surgery".into(),
            description: Some("Lifts to and from Riverside Health Centre.".into()),
            starts_at: day(5, 9),
            ends_at: day(5, 12),
            location: Some("Riverside Health Centre".into()),
            coordinates: Some((51.4650, -0.1200)),
            places: 2,
            required_skills: vec!["driving".into()],
            required_vetting: VettingLevel::Basic,
            members_only: true,
            waitlist: true,
        },
        now,
    )?;
    volunteers::update_profile(
        conn,
        &as_viewer(volunteer, false),
        ProfileInput {
            skills: Some(vec!["driving".into(), "befriending".into()]),
            languages: Some(vec!["english".into(), "welsh".into()]),
            availability: None,
            travel_radius_km: Some(5),
            location: Some((51.4630, -0.1170)),
        },
        now,
    )?;
    shifts::sign_up(
        conn,
        "http://localhost:8080",
        &as_viewer(volunteer, false),
        lunch_shift.id,
        now,
    )?;
    // Yesterday's leaflet drop, posted and signed up for two days ago: Tom
    // helped, and his attendance is still to be recorded on the roster.
    let posted = day(-2, 9);
    let leaflets = shifts::create_shift(
        conn,
        &as_viewer(coordinator, false),
        NewShift {
            group_id: riverside.id,
            activity_id: None,
            title: "Leaflet drop on Riverside Road".into(),
            description: Some("Post leaflets about the coffee morning through doors.".into()),
            starts_at: day(-1, 10),
            ends_at: day(-1, 12),
            location: Some("Riverside Road".into()),
            coordinates: Some((51.4598, -0.1121)),
            places: 2,
            required_skills: vec![],
            required_vetting: VettingLevel::None,
            members_only: true,
            waitlist: true,
        },
        posted,
    )?;
    shifts::sign_up(
        conn,
        "http://localhost:8080",
        &as_viewer(volunteer, false),
        leaflets.id,
        posted,
    )?;
    // Edna's own resident profile: where she lives and what matters to her.
    crate::domain::residents::update_profile(
        conn,
        &as_viewer(resident, false),
        resident,
        crate::domain::residents::ProfileChanges {
            area: Some("Riverside".into()),
            location: Some((51.4662, -0.1158)),
            address: Some("14 Riverside Gardens".into()),
            phone: Some("020 7946 0321".into()),
            what_matters: Some("Getting to the lunch club and keeping my garden tidy.".into()),
            contact_channel: Some(people::ContactChannel::Phone),
            ..Default::default()
        },
        now,
    )?;
    // Tom phones Edna every week, from tomorrow morning.
    crate::domain::checkins::create_plan(
        conn,
        &as_viewer(coordinator, false),
        crate::domain::checkins::NewPlan {
            resident_id: resident,
            group_id: riverside.id,
            volunteer_id: volunteer,
            backup_volunteer_id: None,
            recurrence: "FREQ=WEEKLY".into(),
            first_due_at: day(1, 10),
            channel: crate::domain::checkins::CheckInChannel::Phone,
            grace_minutes: 60,
            risk_level: crate::domain::checkins::RiskLevel::Medium,
        },
        now,
    )?;
    // Two members-only shifts for Riverside Good Neighbours: one with a
    // place left, and one already full (Priya has its only place), so a
    // volunteer who signs up joins the waiting list.
    shifts::create_shift(
        conn,
        &as_viewer(coordinator, false),
        NewShift {
            group_id: riverside.id,
            activity_id: Some(coffee.id),
            title: "Coffee morning helpers".into(),
            description: Some("Make the tea and help people with their phones and tablets.".into()),
            starts_at: day(6, 9),
            ends_at: day(6, 12),
            location: Some("Riverside Library".into()),
            coordinates: Some((51.4641, -0.1131)),
            places: 2,
            required_skills: vec![],
            required_vetting: VettingLevel::None,
            members_only: true,
            waitlist: true,
        },
        now,
    )?;
    let garden = shifts::create_shift(
        conn,
        &as_viewer(coordinator, false),
        NewShift {
            group_id: riverside.id,
            activity_id: None,
            title: "Garden tidy-up on Mill Lane".into(),
            description: Some(
                "Clear leaves and weed the front garden of a neighbour's house.".into(),
            ),
            starts_at: day(4, 14),
            ends_at: day(4, 16),
            location: Some("Mill Lane, Riverside".into()),
            coordinates: Some((51.4622, -0.1149)),
            places: 1,
            required_skills: vec![],
            required_vetting: VettingLevel::None,
            members_only: true,
            waitlist: true,
        },
        now,
    )?;
    shifts::sign_up(
        conn,
        "http://localhost:8080",
        &as_viewer(coordinator, false),
        garden.id,
        now,
    )?;
    // Two neighbours without accounts, whom Priya looks after, have asked
    // for help near Tom's home: both requests are open for volunteers.
    for (name, area, location, category, urgency, description, days) in [
        (
            "Arthur Bell",
            "Mill Lane, Riverside",
            (51.4655, -0.1190),
            crate::domain::help::HelpCategory::Shopping,
            crate::domain::help::HelpUrgency::Soon,
            "Weekly food shop from the corner shop: milk, bread and a few tins.",
            2,
        ),
        (
            "Joan Price",
            "Riverside Road",
            (51.4598, -0.1121),
            crate::domain::help::HelpCategory::Transport,
            crate::domain::help::HelpUrgency::Routine,
            "A lift to an eye appointment at Riverside Health Centre and back.",
            4,
        ),
    ] {
        let neighbour = crate::domain::residents::create_resident(
            conn,
            &as_viewer(coordinator, false),
            crate::domain::residents::NewResident {
                group_id: riverside.id,
                display_name: name.into(),
                profile: crate::domain::residents::ProfileChanges {
                    area: Some(area.into()),
                    location: Some(location),
                    ..Default::default()
                },
                ..Default::default()
            },
            now,
        )?;
        crate::domain::help::request_help(
            conn,
            "http://localhost:8080",
            &as_viewer(coordinator, false),
            crate::domain::help::NewHelpRequest {
                resident_id: Some(neighbour.id),
                group_id: riverside.id,
                category,
                description: description.into(),
                notes: None,
                urgency,
                preferred_times: vec![(day(days, 10), day(days, 13))],
                required_skills: vec![],
                home_visit: None,
            },
            now,
        )?;
    }
    // Edna agrees to her details going to the council, and Priya refers
    // her twice: both are waiting in Sam's queue.
    let consent = crate::domain::residents::record_consent(
        conn,
        &as_viewer(resident, false),
        resident,
        &crate::domain::referrals::consent_purpose(GroupKind::CouncilAdultSocialCare),
        true,
        None,
        now,
    )?;
    for (reason, urgency, details) in [
        (
            crate::domain::referrals::ReferralReason::CareAssessment,
            crate::domain::referrals::ReferralUrgency::Soon,
            "Edna is finding stairs and bathing hard since her fall in October and would like an assessment.",
        ),
        (
            crate::domain::referrals::ReferralReason::Financial,
            crate::domain::referrals::ReferralUrgency::Routine,
            "Edna is worried about her heating bills and may be missing benefits she is entitled to.",
        ),
    ] {
        crate::domain::referrals::create(
            conn,
            &Viewer {
                person_id: coordinator,
                session_id: 0,
                is_admin: false,
            },
            crate::domain::referrals::NewReferral {
                resident_id: resident,
                partner_group_id: council.id,
                referring_group_id: Some(riverside.id),
                reason,
                details: details.into(),
                urgency,
                consent_id: Some(consent.id),
                lawful_basis: None,
                lawful_basis_reasoning: String::new(),
                check_in_id: None,
                draft: false,
            },
            "http://localhost:8080",
            now,
        )?;
    }
    Ok(())
}

/// Create an admin account, or promote an existing person. Returns a message
/// for the operator, including a generated password when one was made.
pub async fn create_admin(
    state: &AppState,
    email: &str,
    name: &str,
    password: Option<&str>,
) -> anyhow::Result<String> {
    let email = validate::email("email", email).map_err(|e| anyhow::anyhow!("{e}"))?;
    let name = validate::text("name", name, 1, 80).map_err(|e| anyhow::anyhow!("{e}"))?;
    let (password, generated) = match password {
        Some(p) => (p.to_string(), false),
        None => (crate::auth::token::generate()[..20].to_string(), true),
    };
    let now = state.clock.now_naive();
    let message = state
        .db
        .run(move |conn| {
            if let Some(existing) = people::find_by_email(conn, &email)? {
                use crate::db::schema::people as p;
                use diesel::prelude::*;
                diesel::update(p::table.find(existing.id))
                    .set((p::is_admin.eq(true), p::updated_at.eq(now)))
                    .execute(conn)?;
                return Ok(format!("{email} is now a platform administrator"));
            }
            crate::auth::password::check_policy(&password, Some(&email), &name)?;
            let hash = crate::auth::password::hash(&password)?;
            write_tx(conn, |conn| {
                let person = people::insert(
                    conn,
                    NewPerson {
                        email: Some(&email),
                        password_hash: Some(&hash),
                        display_name: &name,
                        is_admin: true,
                        created_by: None,
                        created_at: now,
                        updated_at: now,
                    },
                )?;
                crate::domain::audit::record(
                    conn,
                    None,
                    "person.create_admin",
                    "Person",
                    person.id,
                    "",
                    now,
                )?;
                Ok::<_, AppError>(())
            })?;
            Ok(if generated {
                format!("created administrator {email} with password: {password}")
            } else {
                format!("created administrator {email}")
            })
        })
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(message)
}
