//! The open directory of local support: `services`, postcode districts, and
//! setting a group's district.

use async_graphql::{Context, InputObject, Object, SimpleObject, ID};
use chrono::{DateTime, Duration, Utc};

use super::activities::ActivityNode;
use super::groups::GroupNode;
use super::relay::{connection, KithConnection};
use super::shifts::GeoFilter;
use super::volunteers::{DayOfWeekGql, GeoPoint};
use super::{gql, ids, run, state};
use crate::domain::activities::HORIZON_DAYS;
use crate::domain::directory::identifiers::{record_uuid, Record};
use crate::domain::directory::{
    self, CategoryFilter, Listed, Origin, Paging, Place, PostcodeArea, ServiceFilter,
};
use crate::domain::page;

/// Most coming dates `nextDates` returns.
const MAX_NEXT_DATES: i32 = 20;

/// A published activity in the open directory, with the group that runs
/// it and how well it matched the search.
pub struct ServiceNode(pub Listed);

/// A published activity in the open directory, with the group that runs
/// it and how well it matched the search.
#[Object(name = "Service")]
impl ServiceNode {
    /// The activity (its `id` is the activity's global id).
    async fn activity(&self) -> ActivityNode {
        ActivityNode(self.0.activity.clone())
    }

    /// The group that runs it.
    async fn group(&self) -> GroupNode {
        GroupNode(self.0.group.clone())
    }

    /// How well it matched the search text: 4 for the title, plus 2 for the
    /// group's name, plus 1 for the description (0 without search text).
    async fn match_score(&self) -> i32 {
        self.0.score
    }

    /// Kilometres from the searched point or postcode district; null
    /// without one.
    async fn distance_km(&self) -> Option<f64> {
        self.0.distance_km.map(|d| (d * 100.0).round() / 100.0)
    }

    /// Where it is on the map: its own coordinates, or else the centroid of
    /// its group's postcode district. Null when neither is known.
    async fn coordinates(&self) -> Option<GeoPoint> {
        self.0.position.map(|(latitude, longitude)| GeoPoint {
            latitude,
            longitude,
        })
    }

    /// True when `coordinates` is the group's postcode district centroid
    /// rather than the activity's own place.
    async fn placed_by_postcode_area(&self) -> bool {
        self.0.placed_by_district
    }

    /// Its coming dates, soonest first. Repeating activities keep their UK
    /// local time across clock changes; the times here are UTC.
    async fn next_dates(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many to return (default 3, at most 20).")] first: Option<i32>,
    ) -> async_graphql::Result<Vec<ServiceDate>> {
        let n = first.unwrap_or(3);
        if !(0..=MAX_NEXT_DATES).contains(&n) {
            return Err(gql(crate::error::AppError::validation(
                "first",
                format!("`first` must be between 0 and {MAX_NEXT_DATES}."),
            )));
        }
        let now = state(ctx).clock.now_naive();
        Ok(self
            .0
            .activity
            .occurrences(now, now + Duration::days(HORIZON_DAYS), n as usize)
            .into_iter()
            .map(|(s, e)| ServiceDate {
                starts_at: s.and_utc(),
                ends_at: e.and_utc(),
            })
            .collect())
    }

    /// Its id in the Open Referral UK API (`/openreferral/services/{id}`):
    /// a UUID that stays the same for as long as this Kith keeps its
    /// address.
    async fn open_referral_id(&self, ctx: &Context<'_>) -> String {
        record_uuid(
            Record::Service,
            self.0.activity.id,
            &state(ctx).config.public_url,
        )
        .to_string()
    }
}

/// One coming date of a service.
#[derive(SimpleObject)]
pub struct ServiceDate {
    /// When it starts.
    pub starts_at: DateTime<Utc>,
    /// When it ends.
    pub ends_at: DateTime<Utc>,
}

/// Search around a UK postcode: the postcode's district centroid, as
/// given by the groups there.
#[derive(InputObject, Clone)]
pub struct PostcodeFilter {
    /// A full postcode (SE15 5DQ) or a district (SE15); only the district
    /// is used.
    pub postcode: String,
    /// How far from the district's centre, in kilometres (at most 200).
    pub radius_km: f64,
}

/// A postcode district and its centre, as given by the groups there.
#[derive(SimpleObject)]
#[graphql(name = "PostcodeArea")]
pub struct PostcodeAreaGql {
    /// The district (outward code), for example SE15.
    pub district: String,
    /// Degrees north of the district's centre.
    pub latitude: f64,
    /// Degrees east of the district's centre.
    pub longitude: f64,
}

impl From<PostcodeArea> for PostcodeAreaGql {
    fn from(a: PostcodeArea) -> Self {
        PostcodeAreaGql {
            district: a.district,
            latitude: a.latitude,
            longitude: a.longitude,
        }
    }
}

/// The postcode district a group works from, and its centre.
#[derive(InputObject)]
pub struct SetGroupPostcodeAreaInput {
    /// The group.
    pub group_id: ID,
    /// The district (outward code), for example SE15. A full postcode is
    /// accepted and cut to its district.
    pub district: String,
    /// Degrees north of the district's centre (in the UK).
    pub latitude: f64,
    /// Degrees east of the district's centre (in the UK).
    pub longitude: f64,
}

#[derive(Default)]
pub struct DirectoryQuery;

#[Object]
impl DirectoryQuery {
    /// The open directory of local support: published activities with a
    /// date still to come and the groups that run them. Public. Ranked by
    /// text match (title 4, group name 2, description 1), then distance,
    /// then id.
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity + 1")]
    #[allow(clippy::too_many_arguments)]
    async fn services(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Words to find in the title, the group's name or the description (one phrase, any case)."
        )]
        search: Option<String>,
        #[graphql(desc = "Only this category, for example \"lunch club\".")] category: Option<
            String,
        >,
        #[graphql(desc = "Only services within this distance of a point.")] near: Option<GeoFilter>,
        #[graphql(
            desc = "Only services within this distance of a postcode district's centre (instead of `near`)."
        )]
        near_postcode: Option<PostcodeFilter>,
        #[graphql(desc = "Only services with a coming date on this day of the week (UK time).")]
        day: Option<DayOfWeekGql>,
        #[graphql(desc = "Only services open to someone of this age.")] age: Option<i32>,
        #[graphql(desc = "How many to return (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last service already seen.")] after: Option<String>,
    ) -> async_graphql::Result<KithConnection<ServiceNode>> {
        let first_n = page::page_size(first).map_err(gql)?;
        let after_c = page::after(after.as_deref()).map_err(gql)?;
        let has_prev = after_c.is_some();
        let search = directory::search_text("search", search.as_deref()).map_err(gql)?;
        let age = age
            .map(|a| directory::check_age("age", a))
            .transpose()
            .map_err(gql)?;
        let category = match category.as_deref().map(str::trim) {
            None | Some("") => CategoryFilter::Any,
            Some(c) => CategoryFilter::Category(c.to_lowercase()),
        };
        let near = match (near, near_postcode) {
            (Some(_), Some(_)) => {
                return Err(gql(crate::error::AppError::validation(
                    "nearPostcode",
                    "Search near a point or near a postcode, not both.",
                )))
            }
            (Some(g), None) => Some(Origin {
                place: Place::Point {
                    latitude: g.latitude,
                    longitude: g.longitude,
                },
                radius_km: Some(g.radius_km),
                field: "near",
            }),
            (None, Some(p)) => Some(Origin {
                place: Place::Postcode(p.postcode),
                radius_km: Some(p.radius_km),
                field: "nearPostcode",
            }),
            (None, None) => None,
        };
        let filter = ServiceFilter {
            search,
            category,
            near,
            day: day.map(Into::into),
            age,
            ..ServiceFilter::default()
        };
        let paging = Paging::Keyset {
            first: first_n,
            after: after_c,
        };
        let page = run(ctx, move |conn, _, _, now| {
            directory::search(conn, &filter, &paging, now)
        })
        .await?;
        Ok(connection(page, has_prev, ServiceNode))
    }

    /// A postcode district's centre, from a full postcode or a district.
    /// Null when no group has given that district yet; `VALIDATION` when it
    /// is not a UK postcode. Public.
    async fn postcode_area(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A full postcode (SE15 5DQ) or a district (SE15).")] postcode: String,
    ) -> async_graphql::Result<Option<PostcodeAreaGql>> {
        let district = directory::district("postcode", &postcode).map_err(gql)?;
        let area = run(ctx, move |conn, _, _, _| {
            directory::find_area(conn, &district)
        })
        .await?;
        Ok(area.map(Into::into))
    }
}

#[derive(Default)]
pub struct DirectoryMutation;

#[Object]
impl DirectoryMutation {
    /// Say which postcode district a group works from and where its centre
    /// is (the group's coordinators). Its activities without coordinates of
    /// their own are then placed there in the directory, and people can
    /// search near that district. The centre is shared by every group in
    /// the district; the latest one given is kept.
    async fn set_group_postcode_area(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The group, its district and the district's centre.")]
        input: SetGroupPostcodeAreaInput,
    ) -> async_graphql::Result<GroupNode> {
        let group_id = ids::group("groupId", &input.group_id).map_err(gql)?;
        run(ctx, move |conn, actor, _, now| {
            directory::set_group_postcode_area(
                conn,
                actor,
                group_id,
                &input.district,
                input.latitude,
                input.longitude,
                now,
            )
        })
        .await
        .map(GroupNode)
    }
}
