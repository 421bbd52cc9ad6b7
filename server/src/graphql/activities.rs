//! Activities, their dates, bookings and calendar import.

use async_graphql::{Context, Enum, InputObject, Object, SimpleObject, ID};
use chrono::{DateTime, Duration, NaiveDateTime, Utc};

use super::accounts::PersonNode;
use super::groups::GroupNode;
use super::loaders::load;
use super::relay::{connection, KithConnection};
use super::shifts::GeoFilter;
use super::volunteers::GeoPoint;
use super::{gql, ids, loaders, run, state};
use crate::calendar::recurrence::MAX_OCCURRENCES;
use crate::domain::activities::{self, Activity, ActivityFields, ActivityFilter, Booking};
use crate::domain::page;
use crate::error::AppError;

/// Where an activity stands.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "ActivityStatus",
    remote = "crate::domain::activities::ActivityStatus"
)]
pub enum ActivityStatusGql {
    /// Being prepared; only the group's coordinators see it.
    Draft,
    /// Listed for everyone and open for booking.
    Published,
    /// Called off; calendars show it as cancelled.
    Cancelled,
}

/// Where a booking stands.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "BookingStatus",
    remote = "crate::domain::activities::BookingStatus"
)]
pub enum BookingStatusGql {
    /// The place is held.
    Booked,
    /// The booking was cancelled (by the person, a coordinator, or because
    /// the activity was called off).
    Cancelled,
}

/// Something a group runs for residents: one-off or repeating.
pub struct ActivityNode(pub Activity);

/// Something a group runs for residents: one-off or repeating.
#[Object(name = "Activity")]
impl ActivityNode {
    /// The activity's opaque global id.
    pub async fn id(&self) -> ID {
        ids::encode("Activity", self.0.id)
    }

    /// The group running it.
    async fn group(&self, ctx: &Context<'_>) -> async_graphql::Result<GroupNode> {
        load(&loaders(ctx).groups, self.0.group_id)
            .await?
            .map(GroupNode)
            .ok_or_else(|| gql(AppError::NotFound("That group")))
    }

    /// What it is called.
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// What happens there.
    async fn description(&self) -> &str {
        &self.0.description
    }

    /// Its category (lower case), for example "lunch club" or "walking".
    async fn category(&self) -> &str {
        &self.0.category
    }

    /// When the first date starts.
    async fn starts_at(&self) -> DateTime<Utc> {
        self.0.starts_at.and_utc()
    }

    /// When the first date ends (every date lasts as long).
    async fn ends_at(&self) -> DateTime<Utc> {
        self.0.ends_at.and_utc()
    }

    /// It runs all day (dates rather than times).
    async fn all_day(&self) -> bool {
        self.0.all_day
    }

    /// How it repeats: an RFC 5545 RRULE in Europe/London local time, or
    /// null for a one-off.
    async fn recurrence(&self) -> Option<&str> {
        self.0.recurrence.as_deref()
    }

    /// Dates the repeat rule would give but the activity skips.
    async fn exdates(&self) -> Vec<DateTime<Utc>> {
        self.0.exdates().into_iter().map(|d| d.and_utc()).collect()
    }

    /// Places per date; null when there is no limit.
    async fn capacity(&self) -> Option<i32> {
        self.0.capacity
    }

    /// Where, in words.
    async fn location(&self) -> &str {
        &self.0.location
    }

    /// Where, on the map.
    async fn coordinates(&self) -> Option<GeoPoint> {
        Some(GeoPoint {
            latitude: self.0.latitude?,
            longitude: self.0.longitude?,
        })
    }

    /// Access, hearing loops, seating and other accessibility details.
    async fn accessibility(&self) -> &str {
        &self.0.accessibility
    }

    /// What it costs each time, in pence (0 = free).
    async fn cost_pence(&self) -> i32 {
        self.0.cost_pence
    }

    /// Youngest age it is for, if any.
    async fn min_age(&self) -> Option<i32> {
        self.0.min_age
    }

    /// Oldest age it is for, if any.
    async fn max_age(&self) -> Option<i32> {
        self.0.max_age
    }

    /// Draft, published or cancelled.
    async fn status(&self) -> ActivityStatusGql {
        self.0.status().into()
    }

    /// Why it was cancelled, if it was.
    async fn cancel_reason(&self) -> Option<&str> {
        self.0.cancel_reason.as_deref()
    }

    /// The next date that has not yet ended, if any.
    async fn next_occurrence(&self, ctx: &Context<'_>) -> Option<ActivityOccurrence> {
        let now = state(ctx).clock.now_naive();
        self.0
            .occurrences(now, now + Duration::days(activities::HORIZON_DAYS), 1)
            .into_iter()
            .next()
            .map(|(s, e)| ActivityOccurrence::new(&self.0, s, e))
    }

    /// Its dates that end after `from` and start before `to`, oldest first.
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity + 1")]
    async fn occurrences(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Dates ending after this time (default now).")] from: Option<
            DateTime<Utc>,
        >,
        #[graphql(desc = "Dates starting before this time (default a year after `from`).")]
        to: Option<DateTime<Utc>>,
        #[graphql(desc = "How many to return (default 20, at most 100).")] first: Option<i32>,
    ) -> async_graphql::Result<Vec<ActivityOccurrence>> {
        let n = page::page_size(first).map_err(gql)? as usize;
        let from = from
            .map(|f| f.naive_utc())
            .unwrap_or_else(|| state(ctx).clock.now_naive());
        let to = to
            .map(|t| t.naive_utc())
            .unwrap_or(from + Duration::days(366));
        Ok(self
            .0
            .occurrences(from, to, n.min(MAX_OCCURRENCES))
            .into_iter()
            .map(|(s, e)| ActivityOccurrence::new(&self.0, s, e))
            .collect())
    }

    /// The group's public calendar feed, which carries this activity.
    async fn calendar_url(&self, ctx: &Context<'_>) -> String {
        crate::calendar::feeds::group_feed_url(
            &state(ctx).config.public_url,
            ids::encode("Group", self.0.group_id).as_str(),
        )
    }
}

/// One date of an activity.
pub struct ActivityOccurrence {
    activity_id: i64,
    capacity: Option<i32>,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
}

impl ActivityOccurrence {
    fn new(a: &Activity, starts_at: NaiveDateTime, ends_at: NaiveDateTime) -> Self {
        ActivityOccurrence {
            activity_id: a.id,
            capacity: a.capacity,
            starts_at,
            ends_at,
        }
    }

    async fn booked(&self, ctx: &Context<'_>) -> async_graphql::Result<i64> {
        Ok(loaders(ctx)
            .booked_counts
            .load_one((self.activity_id, self.starts_at))
            .await
            .map_err(|e| e.into_gql())?
            .unwrap_or(0))
    }
}

/// One date of an activity.
#[Object]
impl ActivityOccurrence {
    /// When it starts. Pass this as `occurrenceStartsAt` to book it.
    async fn starts_at(&self) -> DateTime<Utc> {
        self.starts_at.and_utc()
    }

    /// When it ends.
    async fn ends_at(&self) -> DateTime<Utc> {
        self.ends_at.and_utc()
    }

    /// Places booked.
    async fn booked_count(&self, ctx: &Context<'_>) -> async_graphql::Result<i64> {
        self.booked(ctx).await
    }

    /// Places still free; null when there is no limit.
    async fn places_left(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<i64>> {
        let Some(capacity) = self.capacity else {
            return Ok(None);
        };
        Ok(Some((capacity as i64 - self.booked(ctx).await?).max(0)))
    }
}

/// A place held at one date of an activity.
pub struct BookingNode(pub Booking);

/// A place held at one date of an activity.
#[Object(name = "Booking")]
impl BookingNode {
    /// The booking's opaque global id.
    pub async fn id(&self) -> ID {
        ids::encode("Booking", self.0.id)
    }

    /// The activity.
    async fn activity(&self, ctx: &Context<'_>) -> async_graphql::Result<ActivityNode> {
        load(&loaders(ctx).activities, self.0.activity_id)
            .await?
            .map(ActivityNode)
            .ok_or_else(|| gql(AppError::NotFound("That activity")))
    }

    /// When the booked date starts.
    async fn occurrence_starts_at(&self) -> DateTime<Utc> {
        self.0.occurrence_starts_at.and_utc()
    }

    /// When the booked date ends.
    async fn occurrence_ends_at(&self, ctx: &Context<'_>) -> async_graphql::Result<DateTime<Utc>> {
        let activity = load(&loaders(ctx).activities, self.0.activity_id)
            .await?
            .ok_or_else(|| gql(AppError::NotFound("That activity")))?;
        Ok((self.0.occurrence_starts_at + activity.length()).and_utc())
    }

    /// Who the place is for.
    async fn person(&self, ctx: &Context<'_>) -> async_graphql::Result<PersonNode> {
        load(&loaders(ctx).people, self.0.person_id)
            .await?
            .map(PersonNode::new)
            .ok_or_else(|| gql(AppError::NotFound("That person")))
    }

    /// Booked or cancelled.
    async fn status(&self) -> BookingStatusGql {
        self.0.status().into()
    }

    /// When it was booked.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at.and_utc()
    }
}

/// An event from an imported calendar file that was left out.
#[derive(SimpleObject)]
pub struct SkippedCalendarEvent {
    /// Its UID, if it had one.
    pub uid: Option<String>,
    /// Its title, if it had one.
    pub summary: Option<String>,
    /// The line of the file where it begins.
    pub line: i32,
    /// Why it was left out.
    pub reason: String,
}

/// What importing a calendar file did.
#[derive(SimpleObject)]
pub struct CalendarImportReport {
    /// New draft activities.
    pub created: Vec<ActivityNode>,
    /// Activities from an earlier import of the same events, brought up to date.
    pub updated: Vec<ActivityNode>,
    /// Activities from an earlier import that had not changed.
    pub unchanged: Vec<ActivityNode>,
    /// Events left out, each with the reason.
    pub skipped: Vec<SkippedCalendarEvent>,
}

/// A new activity (it starts as a draft).
#[derive(InputObject)]
pub struct CreateActivityInput {
    /// The group running it.
    pub group_id: ID,
    /// What it is called (2 to 120 characters).
    pub title: String,
    /// What happens there.
    pub description: Option<String>,
    /// A category, for example "lunch club" (2 to 40 characters).
    pub category: String,
    /// When the first date starts.
    pub starts_at: DateTime<Utc>,
    /// When the first date ends (each date lasts at most 7 days).
    pub ends_at: DateTime<Utc>,
    /// How it repeats: an RFC 5545 RRULE such as `FREQ=WEEKLY;BYDAY=TU`,
    /// applied in Europe/London local time. Leave out for a one-off. A rule
    /// that cannot be used is `INVALID_RECURRENCE` with the reason.
    pub recurrence: Option<String>,
    /// Start times of dates to skip (each must be one the rule gives).
    #[graphql(default)]
    pub exdates: Vec<DateTime<Utc>>,
    /// Places per date (1 to 10000); leave out for no limit.
    pub capacity: Option<i32>,
    /// Where, in words.
    pub location: Option<String>,
    /// Where, on the map.
    pub coordinates: Option<GeoPoint>,
    /// Access, hearing loops, seating and other accessibility details.
    pub accessibility: Option<String>,
    /// What it costs each time, in pence (default 0, free).
    #[graphql(default)]
    pub cost_pence: i32,
    /// Youngest age it is for.
    pub min_age: Option<i32>,
    /// Oldest age it is for.
    pub max_age: Option<i32>,
}

#[derive(Default)]
pub struct ActivityQuery;

#[Object]
impl ActivityQuery {
    /// Published activities with a date in the window, soonest next date
    /// first. Public.
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity + 1")]
    #[allow(clippy::too_many_arguments)]
    async fn activities(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this group's activities.")] group_id: Option<ID>,
        #[graphql(desc = "Only this category.")] category: Option<String>,
        #[graphql(desc = "Only activities with a date ending after this time (default now).")]
        from: Option<DateTime<Utc>>,
        #[graphql(desc = "Only activities with a date starting before this time.")] to: Option<
            DateTime<Utc>,
        >,
        #[graphql(desc = "Only activities within this distance of a point.")] near: Option<
            GeoFilter,
        >,
        #[graphql(desc = "How many to return (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last activity already seen.")] after: Option<String>,
    ) -> async_graphql::Result<KithConnection<ActivityNode>> {
        let group = group_id
            .map(|g| ids::group("groupId", &g))
            .transpose()
            .map_err(gql)?;
        let first_n = page::page_size(first).map_err(gql)?;
        let after_c = page::after(after.as_deref()).map_err(gql)?;
        let has_prev = after_c.is_some();
        let filter = ActivityFilter {
            group_id: group,
            category,
            from: from
                .map(|f| f.naive_utc())
                .unwrap_or_else(|| state(ctx).clock.now_naive()),
            to: to.map(|t| t.naive_utc()),
            near: near.map(Into::into),
        };
        let page = run(ctx, move |conn, _, _, _| {
            activities::list_published(conn, filter, first_n, after_c)
        })
        .await?;
        Ok(connection(page, has_prev, |(a, _)| ActivityNode(a)))
    }

    /// One activity: published ones for everyone, drafts for the group's
    /// coordinators. Null otherwise.
    async fn activity(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The activity's id.")] id: ID,
    ) -> async_graphql::Result<Option<ActivityNode>> {
        let id = ids::decode("id", "Activity", "That activity", &id).map_err(gql)?;
        run(ctx, move |conn, actor, _, _| {
            Ok(match activities::find(conn, id)? {
                Some(a) if activities::can_see(conn, actor, &a)? => Some(ActivityNode(a)),
                _ => None,
            })
        })
        .await
    }

    /// All of a group's activities, drafts included, newest first (the
    /// group's coordinators).
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity + 1")]
    async fn group_activities(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The group.")] group_id: ID,
        #[graphql(desc = "How many to return (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last activity already seen.")] after: Option<String>,
    ) -> async_graphql::Result<KithConnection<ActivityNode>> {
        let group = ids::group("groupId", &group_id).map_err(gql)?;
        let first_n = page::page_size(first).map_err(gql)?;
        let after_c = page::after(after.as_deref()).map_err(gql)?;
        let has_prev = after_c.is_some();
        let page = run(ctx, move |conn, actor, _, _| {
            activities::list_for_group(conn, actor, group, first_n, after_c)
        })
        .await?;
        Ok(connection(page, has_prev, ActivityNode))
    }

    /// My bookings of dates still to come, soonest first.
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity + 1")]
    async fn my_bookings(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many to return (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last booking already seen.")] after: Option<String>,
    ) -> async_graphql::Result<KithConnection<BookingNode>> {
        let first_n = page::page_size(first).map_err(gql)?;
        let after_c = page::after(after.as_deref()).map_err(gql)?;
        let has_prev = after_c.is_some();
        let page = run(ctx, move |conn, actor, _, now| {
            activities::my_bookings(conn, actor, now, first_n, after_c)
        })
        .await?;
        Ok(connection(page, has_prev, BookingNode))
    }
}

#[derive(Default)]
pub struct ActivityMutation;

#[Object]
impl ActivityMutation {
    /// Post an activity as a draft (the group's coordinators). Publish it
    /// to list it.
    async fn create_activity(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new activity.")] input: CreateActivityInput,
    ) -> async_graphql::Result<ActivityNode> {
        let group_id = ids::group("groupId", &input.group_id).map_err(gql)?;
        let fields = ActivityFields {
            title: input.title,
            description: input.description,
            category: input.category,
            starts_at: input.starts_at.naive_utc(),
            ends_at: input.ends_at.naive_utc(),
            all_day: false,
            recurrence: input.recurrence,
            exdates: input.exdates.iter().map(|d| d.naive_utc()).collect(),
            capacity: input.capacity,
            location: input.location,
            coordinates: input.coordinates.map(|c| (c.latitude, c.longitude)),
            accessibility: input.accessibility,
            cost_pence: input.cost_pence,
            min_age: input.min_age,
            max_age: input.max_age,
        };
        run(ctx, move |conn, actor, _, now| {
            activities::create_activity(conn, actor, group_id, fields, now)
        })
        .await
        .map(ActivityNode)
    }

    /// Publish a draft activity (the group's coordinators).
    async fn publish_activity(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The activity.")] id: ID,
    ) -> async_graphql::Result<ActivityNode> {
        let id = ids::decode("id", "Activity", "That activity", &id).map_err(gql)?;
        run(ctx, move |conn, actor, _, now| {
            activities::publish_activity(conn, actor, id, now)
        })
        .await
        .map(ActivityNode)
    }

    /// Cancel an activity (the group's coordinators). Bookings of dates
    /// still to come are cancelled and the people booked are emailed.
    async fn cancel_activity(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The activity.")] id: ID,
        #[graphql(desc = "Why, in a sentence residents will read.")] reason: String,
    ) -> async_graphql::Result<ActivityNode> {
        let id = ids::decode("id", "Activity", "That activity", &id).map_err(gql)?;
        run(ctx, move |conn, actor, st, now| {
            activities::cancel_activity(conn, &st.config.public_url, actor, id, &reason, now)
        })
        .await
        .map(ActivityNode)
    }

    /// Book a place for myself at one date of a published activity
    /// (`ACTIVITY_FULL` when every place is taken).
    async fn book_activity(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The activity.")] activity_id: ID,
        #[graphql(desc = "The start of the date to book, as given by `occurrences`.")]
        occurrence_starts_at: DateTime<Utc>,
    ) -> async_graphql::Result<BookingNode> {
        let id =
            ids::decode("activityId", "Activity", "That activity", &activity_id).map_err(gql)?;
        let starts = occurrence_starts_at.naive_utc();
        run(ctx, move |conn, actor, _, now| {
            activities::book(conn, actor, id, starts, now)
        })
        .await
        .map(BookingNode)
    }

    /// Cancel a booking (the person who holds it, or the group's coordinators).
    async fn cancel_booking(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The booking.")] booking_id: ID,
    ) -> async_graphql::Result<BookingNode> {
        let id = ids::decode("bookingId", "Booking", "That booking", &booking_id).map_err(gql)?;
        run(ctx, move |conn, actor, _, now| {
            activities::cancel_booking(conn, actor, id, now)
        })
        .await
        .map(BookingNode)
    }

    /// Import a calendar file (iCalendar text) as draft activities (the
    /// group's coordinators). Importing the same events again updates them
    /// by UID. A file that cannot be read is `INVALID_CALENDAR` with the
    /// line and reason, and imports nothing.
    async fn import_group_calendar(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The group.")] group_id: ID,
        #[graphql(desc = "The calendar file's text (at most 1 MB).")] ics: String,
    ) -> async_graphql::Result<CalendarImportReport> {
        let group = ids::group("groupId", &group_id).map_err(gql)?;
        let report = run(ctx, move |conn, actor, _, now| {
            activities::import_calendar(conn, actor, group, &ics, now)
        })
        .await?;
        Ok(CalendarImportReport {
            created: report.created.into_iter().map(ActivityNode).collect(),
            updated: report.updated.into_iter().map(ActivityNode).collect(),
            unchanged: report.unchanged.into_iter().map(ActivityNode).collect(),
            skipped: report
                .skipped
                .into_iter()
                .map(|s| SkippedCalendarEvent {
                    uid: s.uid,
                    summary: s.summary,
                    line: s.line.min(i32::MAX as usize) as i32,
                    reason: s.reason,
                })
                .collect(),
        })
    }
}
