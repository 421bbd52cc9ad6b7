//! Volunteer profiles and vetting.

use async_graphql::{Context, Enum, InputObject, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};

use super::accounts::PersonNode;
use super::loaders::load;
use super::scalars::Date;
use super::{gql, ids, loaders, run};
use crate::domain::authz::PersonAccess;
use crate::domain::volunteers::{
    self, AvailabilityWindow, ProfileInput, Vetting, VettingInput, VolunteerProfile,
};

/// DBS check level.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "DbsLevel", remote = "crate::domain::volunteers::VettingLevel")]
pub enum DbsLevelGql {
    /// No DBS check.
    None,
    /// Basic DBS check.
    Basic,
    /// Standard DBS check.
    Standard,
    /// Enhanced DBS check (needed for most home visits).
    Enhanced,
}

/// A day of the week.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "DayOfWeek", remote = "crate::domain::volunteers::Weekday")]
pub enum DayOfWeekGql {
    /// Monday.
    Monday,
    /// Tuesday.
    Tuesday,
    /// Wednesday.
    Wednesday,
    /// Thursday.
    Thursday,
    /// Friday.
    Friday,
    /// Saturday.
    Saturday,
    /// Sunday.
    Sunday,
}

/// A point on the map.
#[derive(SimpleObject, InputObject, Clone, Copy)]
#[graphql(input_name = "GeoPointInput")]
pub struct GeoPoint {
    /// Degrees north (negative for south).
    pub latitude: f64,
    /// Degrees east (negative for west).
    pub longitude: f64,
}

/// A weekly window when a volunteer is usually free, in UK local time.
#[derive(SimpleObject, InputObject, Clone)]
#[graphql(input_name = "AvailabilityWindowInput")]
pub struct Availability {
    /// The day.
    pub day: DayOfWeekGql,
    /// Start time, `HH:MM`.
    pub start_time: String,
    /// End time, `HH:MM`.
    pub end_time: String,
}

/// What a volunteer offers: skills, languages, when and how far.
pub struct VolunteerProfileNode(pub VolunteerProfile);

/// What a volunteer offers: skills, languages, when and how far.
#[Object(name = "VolunteerProfile")]
impl VolunteerProfileNode {
    /// Skills, in lower case (for example `driving`, `first aid`).
    async fn skills(&self) -> Vec<String> {
        self.0.skills()
    }

    /// Languages spoken.
    async fn languages(&self) -> Vec<String> {
        self.0.languages()
    }

    /// Weekly windows when the volunteer is usually free.
    async fn availability(&self) -> Vec<Availability> {
        self.0
            .availability()
            .into_iter()
            .filter_map(|w| {
                Some(Availability {
                    day: volunteers::Weekday::parse(&w.day)?.into(),
                    start_time: w.start,
                    end_time: w.end,
                })
            })
            .collect()
    }

    /// How far the volunteer will travel, in kilometres.
    async fn travel_radius_km(&self) -> Option<i32> {
        self.0.travel_radius_km
    }

    /// Where the volunteer starts from.
    async fn location(&self) -> Option<GeoPoint> {
        Some(GeoPoint {
            latitude: self.0.latitude?,
            longitude: self.0.longitude?,
        })
    }
}

/// A DBS check recorded by a coordinator.
pub struct VettingNode {
    pub vetting: Vetting,
    /// Whether the viewer may see the full certificate reference.
    pub full_reference: bool,
}

/// A DBS check recorded by a coordinator.
#[Object(name = "Vetting")]
impl VettingNode {
    /// The level of the check.
    async fn level(&self) -> DbsLevelGql {
        self.vetting.level().into()
    }

    /// Certificate reference: in full for coordinators and admins, otherwise
    /// all but the last four characters hidden.
    async fn reference(&self) -> String {
        if self.full_reference {
            self.vetting.reference.clone()
        } else {
            self.vetting.masked_reference()
        }
    }

    /// When the certificate was issued.
    async fn issued_on(&self) -> Date {
        Date(self.vetting.issued_on)
    }

    /// When it expires, if it does.
    async fn expires_on(&self) -> Option<Date> {
        self.vetting.expires_on.map(Date)
    }

    /// The coordinator who checked the certificate.
    async fn verified_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<PersonNode>> {
        Ok(load(&loaders(ctx).people, self.vetting.verified_by)
            .await?
            .map(PersonNode::new))
    }

    /// When it was recorded.
    async fn recorded_at(&self) -> DateTime<Utc> {
        self.vetting.recorded_at.and_utc()
    }
}

/// My volunteer profile. Leave a field out to keep it as it is.
#[derive(InputObject)]
pub struct VolunteerProfileInput {
    /// Skills I offer.
    pub skills: Option<Vec<String>>,
    /// Languages I speak.
    pub languages: Option<Vec<String>>,
    /// When I am usually free each week.
    pub availability: Option<Vec<Availability>>,
    /// How far I will travel, in kilometres (0 to 200).
    pub travel_radius_km: Option<i32>,
    /// Where I start from.
    pub location: Option<GeoPoint>,
}

/// A DBS check to record.
#[derive(InputObject)]
pub struct RecordVettingInput {
    /// The volunteer.
    pub person_id: ID,
    /// The level of the check.
    pub level: DbsLevelGql,
    /// The certificate reference.
    pub reference: String,
    /// When the certificate was issued.
    pub issued_on: Date,
    /// When it expires, if it does.
    pub expires_on: Option<Date>,
}

#[derive(Default)]
pub struct VolunteerMutation;

#[Object]
impl VolunteerMutation {
    /// Create or change my volunteer profile.
    async fn update_volunteer_profile(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The changes.")] input: VolunteerProfileInput,
    ) -> async_graphql::Result<VolunteerProfileNode> {
        let profile = ProfileInput {
            skills: input.skills,
            languages: input.languages,
            availability: input.availability.map(|ws| {
                ws.into_iter()
                    .map(|w| AvailabilityWindow {
                        day: volunteers::Weekday::from(w.day).as_str().to_string(),
                        start: w.start_time,
                        end: w.end_time,
                    })
                    .collect()
            }),
            travel_radius_km: input.travel_radius_km,
            location: input.location.map(|l| (l.latitude, l.longitude)),
        };
        run(ctx, move |conn, actor, _, now| {
            volunteers::update_profile(conn, actor, profile, now)
        })
        .await
        .map(VolunteerProfileNode)
    }

    /// Record a volunteer's DBS check (a coordinator of one of their groups).
    async fn record_vetting(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The check.")] input: RecordVettingInput,
    ) -> async_graphql::Result<VettingNode> {
        let person_id = ids::person("personId", &input.person_id).map_err(gql)?;
        let v = VettingInput {
            person_id,
            level: input.level.into(),
            reference: input.reference,
            issued_on: input.issued_on.0,
            expires_on: input.expires_on.map(|d| d.0),
        };
        run(ctx, move |conn, actor, _, now| {
            volunteers::record_vetting(conn, actor, v, now)
        })
        .await
        .map(|vetting| VettingNode {
            vetting,
            full_reference: true,
        })
    }
}

/// What the viewer may do with a person (one batched query per request).
async fn access(ctx: &Context<'_>, person_id: i64) -> async_graphql::Result<PersonAccess> {
    Ok(load(&loaders(ctx).person_access, person_id)
        .await?
        .unwrap_or_default())
}

/// The volunteer profile of a person, if the viewer may see it.
pub async fn profile_of(
    ctx: &Context<'_>,
    person_id: i64,
) -> async_graphql::Result<Option<VolunteerProfileNode>> {
    if !access(ctx, person_id).await?.view {
        return Ok(None);
    }
    Ok(load(&loaders(ctx).volunteer_profiles, person_id)
        .await?
        .map(VolunteerProfileNode))
}

/// The current vetting of a person, if the viewer may see it. The full
/// certificate reference only for those who manage the volunteer.
pub async fn vetting_of(
    ctx: &Context<'_>,
    person_id: i64,
) -> async_graphql::Result<Option<VettingNode>> {
    let access = access(ctx, person_id).await?;
    if !access.view {
        return Ok(None);
    }
    Ok(load(&loaders(ctx).vettings, person_id)
        .await?
        .map(|vetting| VettingNode {
            vetting,
            full_reference: access.manage,
        }))
}
