//! DataLoaders, created fresh for each request (so results never cross
//! viewers) with a short batch window ([`BATCH_DELAY`]). Each turns many lookups into one query.

use std::collections::HashMap;
use std::time::Duration;

use async_graphql::dataloader::{DataLoader, Loader};

use super::errors::LoadError;
use crate::db::Db;
use crate::domain::activities::{self, Activity};
use crate::domain::authz::{self, Actor, PersonAccess};
use crate::domain::groups::{self, Group, Membership};
use crate::domain::people::{self, Person};
use crate::domain::shifts::{self, Shift, Signup};
use crate::domain::volunteers::{self, Vetting, VolunteerProfile};
use crate::domain::{checkins, help, ledger, residents};

/// How long a DataLoader collects keys before it runs its batch. With no
/// delay at all, the batch task can start on the other worker thread while
/// this one is still resolving the rest of the page, and a page of 50 rows
/// becomes up to 50 batches (measured by scripts/bench: 51 statements for
/// 50 overdue check-ins). A quarter of a millisecond lets a page's fields
/// all join one batch.
pub const BATCH_DELAY: Duration = Duration::from_micros(250);

/// Load one value through a loader, mapping its error to a GraphQL error.
pub async fn load<L>(loader: &L, key: i64) -> async_graphql::Result<Option<L::Value>>
where
    L: LoadOne,
{
    loader.load_one(key).await.map_err(LoadError::into_gql)
}

/// Something that answers one key at a time: a DataLoader, or a
/// [`Primed`] one.
pub trait LoadOne {
    type Value;

    fn load_one(
        &self,
        key: i64,
    ) -> impl std::future::Future<Output = Result<Option<Self::Value>, LoadError>> + Send;
}

impl<L> LoadOne for DataLoader<L>
where
    L: Loader<i64, Error = LoadError>,
{
    type Value = L::Value;

    async fn load_one(&self, key: i64) -> Result<Option<L::Value>, LoadError> {
        DataLoader::load_one(self, key).await
    }
}

/// A DataLoader that can be told values in advance. A list resolver that
/// has read its rows' related records in the same statements as the page
/// (a join, a second statement in the same database call) primes them here,
/// and the nested resolvers find them without another statement, batch or
/// wait. Keys primed as absent (`None`) answer `None` without asking the
/// database. Only values read in this request are primed, and the loaders
/// are made afresh for every request.
pub struct Primed<L: Loader<i64>> {
    loader: DataLoader<L>,
    primed: std::sync::Mutex<HashMap<i64, Option<L::Value>>>,
}

impl<L> Primed<L>
where
    L: Loader<i64, Error = LoadError>,
{
    fn new(loader: L) -> Self {
        Primed {
            loader: DataLoader::new(loader, tokio::spawn).delay(BATCH_DELAY),
            primed: Default::default(),
        }
    }

    /// Tell the loader these values (and, with `None`, that a key has none).
    pub fn prime(&self, values: impl IntoIterator<Item = (i64, Option<L::Value>)>) {
        self.primed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend(values);
    }

    fn primed(&self, key: i64) -> Option<Option<L::Value>> {
        self.primed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&key)
            .cloned()
    }

    /// Many keys: the primed ones at once, the rest in one batch.
    pub async fn load_many(
        &self,
        keys: impl IntoIterator<Item = i64>,
    ) -> Result<HashMap<i64, L::Value>, LoadError> {
        let mut found = HashMap::new();
        let mut missing = Vec::new();
        for key in keys {
            match self.primed(key) {
                Some(Some(value)) => {
                    found.insert(key, value);
                }
                Some(None) => {}
                None => missing.push(key),
            }
        }
        if !missing.is_empty() {
            found.extend(self.loader.load_many(missing).await?);
        }
        Ok(found)
    }
}

impl<L> LoadOne for Primed<L>
where
    L: Loader<i64, Error = LoadError>,
{
    type Value = L::Value;

    async fn load_one(&self, key: i64) -> Result<Option<L::Value>, LoadError> {
        match self.primed(key) {
            Some(value) => Ok(value),
            None => self.loader.load_one(key).await,
        }
    }
}

/// The loaders of one request.
pub struct Loaders {
    pub people: Primed<PersonLoader>,
    pub groups: Primed<GroupLoader>,
    pub member_counts: DataLoader<MemberCountLoader>,
    pub my_memberships: Primed<MyMembershipLoader>,
    pub shifts: DataLoader<ShiftLoader>,
    pub shift_counts: DataLoader<ShiftCountLoader>,
    pub shift_signups: Primed<ShiftSignupsLoader>,
    pub my_signups: DataLoader<MySignupLoader>,
    pub person_access: DataLoader<PersonAccessLoader>,
    pub volunteer_profiles: DataLoader<VolunteerProfileLoader>,
    pub vettings: DataLoader<VettingLoader>,
    pub activities: DataLoader<ActivityLoader>,
    pub booked_counts: DataLoader<BookedCountLoader>,
    pub help_access: DataLoader<HelpAccessLoader>,
    pub help_details: HelpDetailsOnce,
    pub help_offers: DataLoader<HelpOffersLoader>,
    pub help_areas: DataLoader<HelpAreaLoader>,
    pub check_in_plans: DataLoader<CheckInPlanLoader>,
    pub check_in_events: DataLoader<CheckInEventsLoader>,
    pub time_accounts: DataLoader<TimeAccountLoader>,
    pub referral_events: DataLoader<super::referrals::ReferralEventsLoader>,
    pub safeguarding: super::safeguarding::SafeguardingLoaders,
}

impl Loaders {
    pub fn new(db: Db, actor: Actor) -> Self {
        fn make<L: Loader<i64>>(l: L) -> DataLoader<L> {
            DataLoader::new(l, tokio::spawn).delay(BATCH_DELAY)
        }
        Loaders {
            people: Primed::new(PersonLoader(db.clone())),
            groups: Primed::new(GroupLoader(db.clone())),
            member_counts: make(MemberCountLoader(db.clone())),
            my_memberships: Primed::new(MyMembershipLoader {
                db: db.clone(),
                person_id: actor.map(|a| a.person_id),
            }),
            shifts: make(ShiftLoader(db.clone())),
            shift_counts: make(ShiftCountLoader(db.clone())),
            shift_signups: Primed::new(ShiftSignupsLoader(db.clone())),
            my_signups: make(MySignupLoader {
                db: db.clone(),
                person_id: actor.map(|a| a.person_id),
            }),
            person_access: make(PersonAccessLoader {
                db: db.clone(),
                actor,
            }),
            volunteer_profiles: make(VolunteerProfileLoader(db.clone())),
            vettings: make(VettingLoader(db.clone())),
            activities: make(ActivityLoader(db.clone())),
            booked_counts: DataLoader::new(BookedCountLoader(db.clone()), tokio::spawn)
                .delay(BATCH_DELAY),
            help_access: make(HelpAccessLoader {
                db: db.clone(),
                actor,
            }),
            help_details: HelpDetailsOnce {
                loader: DataLoader::new(
                    HelpDetailsLoader {
                        db: db.clone(),
                        actor,
                    },
                    tokio::spawn,
                )
                .delay(BATCH_DELAY),
                cells: Default::default(),
            },
            help_offers: make(HelpOffersLoader(db.clone())),
            help_areas: make(HelpAreaLoader(db.clone())),
            check_in_plans: make(CheckInPlanLoader(db.clone())),
            check_in_events: make(CheckInEventsLoader(db.clone())),
            safeguarding: super::safeguarding::SafeguardingLoaders::new(db.clone(), actor),
            referral_events: make(super::referrals::ReferralEventsLoader(db.clone())),
            time_accounts: make(TimeAccountLoader(db)),
        }
    }
}

pub struct PersonLoader(Db);

impl Loader<i64> for PersonLoader {
    type Value = Person;
    type Error = LoadError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Person>, LoadError> {
        let keys = keys.to_vec();
        let rows = self
            .0
            .run(move |conn| people::find_many(conn, &keys))
            .await?;
        Ok(rows.into_iter().map(|p| (p.id, p)).collect())
    }
}

pub struct GroupLoader(Db);

impl Loader<i64> for GroupLoader {
    type Value = Group;
    type Error = LoadError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Group>, LoadError> {
        let keys = keys.to_vec();
        let rows = self
            .0
            .run(move |conn| groups::find_many(conn, &keys))
            .await?;
        Ok(rows.into_iter().map(|g| (g.id, g)).collect())
    }
}

/// Active member count per group id.
pub struct MemberCountLoader(Db);

impl Loader<i64> for MemberCountLoader {
    type Value = i64;
    type Error = LoadError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, i64>, LoadError> {
        let keys_owned = keys.to_vec();
        let rows = self
            .0
            .run(move |conn| groups::member_counts(conn, &keys_owned))
            .await?;
        let mut out: HashMap<i64, i64> = keys.iter().map(|k| (*k, 0)).collect();
        out.extend(rows);
        Ok(out)
    }
}

/// The viewer's own membership per group id.
pub struct MyMembershipLoader {
    db: Db,
    person_id: Option<i64>,
}

impl Loader<i64> for MyMembershipLoader {
    type Value = Membership;
    type Error = LoadError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Membership>, LoadError> {
        let Some(person_id) = self.person_id else {
            return Ok(HashMap::new());
        };
        let keys = keys.to_vec();
        let rows = self
            .db
            .run(move |conn| groups::memberships_of_in(conn, person_id, &keys))
            .await?;
        Ok(rows.into_iter().map(|m| (m.group_id, m)).collect())
    }
}

pub struct ShiftLoader(Db);

impl Loader<i64> for ShiftLoader {
    type Value = Shift;
    type Error = LoadError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Shift>, LoadError> {
        let keys = keys.to_vec();
        let rows = self
            .0
            .run(move |conn| shifts::find_many(conn, &keys))
            .await?;
        Ok(rows.into_iter().map(|s| (s.id, s)).collect())
    }
}

/// (confirmed, waitlisted) per shift id.
pub struct ShiftCountLoader(Db);

impl Loader<i64> for ShiftCountLoader {
    type Value = (i64, i64);
    type Error = LoadError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, (i64, i64)>, LoadError> {
        let keys = keys.to_vec();
        let rows = self.0.run(move |conn| shifts::counts(conn, &keys)).await?;
        Ok(rows.into_iter().map(|(id, c, w)| (id, (c, w))).collect())
    }
}

/// Every sign-up of each shift, in queue order (the caller checks access).
pub struct ShiftSignupsLoader(Db);

impl Loader<i64> for ShiftSignupsLoader {
    type Value = Vec<Signup>;
    type Error = LoadError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Vec<Signup>>, LoadError> {
        let keys = keys.to_vec();
        let rows = self
            .0
            .run({
                let keys = keys.clone();
                move |conn| shifts::signups_of_shifts(conn, &keys)
            })
            .await?;
        let mut out: HashMap<i64, Vec<Signup>> = keys.into_iter().map(|k| (k, vec![])).collect();
        for s in rows {
            out.entry(s.shift_id).or_default().push(s);
        }
        Ok(out)
    }
}

/// The viewer's own sign-up per shift id.
pub struct MySignupLoader {
    db: Db,
    person_id: Option<i64>,
}

impl Loader<i64> for MySignupLoader {
    type Value = Signup;
    type Error = LoadError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Signup>, LoadError> {
        let Some(person_id) = self.person_id else {
            return Ok(HashMap::new());
        };
        let keys = keys.to_vec();
        let rows = self
            .db
            .run(move |conn| shifts::signups_of_in(conn, person_id, &keys))
            .await?;
        Ok(rows.into_iter().map(|s| (s.shift_id, s)).collect())
    }
}

/// What the viewer may do with each person (see, manage).
pub struct PersonAccessLoader {
    db: Db,
    actor: Actor,
}

impl Loader<i64> for PersonAccessLoader {
    type Value = PersonAccess;
    type Error = LoadError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, PersonAccess>, LoadError> {
        let Some(viewer) = self.actor else {
            return Ok(keys.iter().map(|k| (*k, PersonAccess::default())).collect());
        };
        let keys = keys.to_vec();
        let rows = self
            .db
            .run(move |conn| authz::person_access(conn, &viewer, &keys))
            .await?;
        Ok(rows.into_iter().collect())
    }
}

pub struct VolunteerProfileLoader(Db);

impl Loader<i64> for VolunteerProfileLoader {
    type Value = VolunteerProfile;
    type Error = LoadError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, VolunteerProfile>, LoadError> {
        let keys = keys.to_vec();
        let rows = self
            .0
            .run(move |conn| volunteers::find_profiles(conn, &keys))
            .await?;
        Ok(rows.into_iter().map(|p| (p.person_id, p)).collect())
    }
}

/// The current vetting per person id.
pub struct VettingLoader(Db);

impl Loader<i64> for VettingLoader {
    type Value = Vetting;
    type Error = LoadError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Vetting>, LoadError> {
        let keys = keys.to_vec();
        let rows = self
            .0
            .run(move |conn| volunteers::current_vettings(conn, &keys))
            .await?;
        Ok(rows.into_iter().map(|v| (v.person_id, v)).collect())
    }
}

pub struct ActivityLoader(Db);

impl Loader<i64> for ActivityLoader {
    type Value = Activity;
    type Error = LoadError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Activity>, LoadError> {
        let keys = keys.to_vec();
        let rows = self
            .0
            .run(move |conn| activities::find_many(conn, &keys))
            .await?;
        Ok(rows.into_iter().map(|a| (a.id, a)).collect())
    }
}

/// Places booked per (activity id, occurrence start).
pub struct BookedCountLoader(Db);

impl Loader<(i64, chrono::NaiveDateTime)> for BookedCountLoader {
    type Value = i64;
    type Error = LoadError;

    async fn load(
        &self,
        keys: &[(i64, chrono::NaiveDateTime)],
    ) -> Result<HashMap<(i64, chrono::NaiveDateTime), i64>, LoadError> {
        let keys = keys.to_vec();
        let rows = self
            .0
            .run(move |conn| activities::booked_counts(conn, &keys))
            .await?;
        Ok(rows.into_iter().collect())
    }
}

/// The viewer's relation to each help request (resident, assigned volunteer,
/// coordinator…).
pub struct HelpAccessLoader {
    db: Db,
    actor: Actor,
}

impl Loader<i64> for HelpAccessLoader {
    type Value = help::HelpAccess;
    type Error = LoadError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, help::HelpAccess>, LoadError> {
        let Some(viewer) = self.actor else {
            return Ok(keys
                .iter()
                .map(|k| (*k, help::HelpAccess::default()))
                .collect());
        };
        let keys = keys.to_vec();
        let rows = self
            .db
            .run(move |conn| {
                let requests = help::find_many(conn, &keys)?;
                help::access(conn, &viewer, &requests)
            })
            .await?;
        Ok(rows.into_iter().collect())
    }
}

/// The sensitive details per (help request id, time of the read), for the
/// requests the viewer may see them for. Loading logs the reads, so it goes
/// through [`HelpDetailsOnce`].
pub struct HelpDetailsLoader {
    db: Db,
    actor: Actor,
}

impl Loader<(i64, chrono::NaiveDateTime)> for HelpDetailsLoader {
    type Value = help::HelpDetails;
    type Error = LoadError;

    async fn load(
        &self,
        keys: &[(i64, chrono::NaiveDateTime)],
    ) -> Result<HashMap<(i64, chrono::NaiveDateTime), help::HelpDetails>, LoadError> {
        let Some(viewer) = self.actor else {
            return Ok(HashMap::new());
        };
        let keys = keys.to_vec();
        let rows = self
            .db
            .run(move |conn| {
                let mut out = Vec::new();
                let mut times: Vec<chrono::NaiveDateTime> = keys.iter().map(|k| k.1).collect();
                times.sort();
                times.dedup();
                for now in times {
                    let ids: Vec<i64> = keys.iter().filter(|k| k.1 == now).map(|k| k.0).collect();
                    for (id, d) in help::details(conn, &viewer, &ids, now)? {
                        out.push(((id, now), d));
                    }
                }
                Ok(out)
            })
            .await?;
        Ok(rows.into_iter().collect())
    }
}

/// Loads each help request's sensitive details at most once per request,
/// however many of its fields are asked for and however the fields race, so
/// each read is logged exactly once; different requests still batch.
pub struct HelpDetailsOnce {
    loader: DataLoader<HelpDetailsLoader>,
    cells: std::sync::Mutex<HashMap<i64, DetailsCell>>,
}

type DetailsCell = std::sync::Arc<tokio::sync::OnceCell<Option<help::HelpDetails>>>;

impl HelpDetailsOnce {
    /// The details of one request, or `None` when the viewer may not see them.
    pub async fn load(
        &self,
        id: i64,
        now: chrono::NaiveDateTime,
    ) -> async_graphql::Result<Option<help::HelpDetails>> {
        let cell = self
            .cells
            .lock()
            .map_err(|_| super::gql(crate::error::AppError::Internal))?
            .entry(id)
            .or_default()
            .clone();
        cell.get_or_try_init(|| async {
            self.loader
                .load_one((id, now))
                .await
                .map_err(LoadError::into_gql)
        })
        .await
        .cloned()
    }
}

/// Volunteer ids who offered, per help request id.
pub struct HelpOffersLoader(Db);

impl Loader<i64> for HelpOffersLoader {
    type Value = Vec<i64>;
    type Error = LoadError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Vec<i64>>, LoadError> {
        let keys = keys.to_vec();
        let rows = self.0.run(move |conn| help::offers(conn, &keys)).await?;
        Ok(rows.into_iter().collect())
    }
}

/// The area on each resident's profile, per resident id.
pub struct HelpAreaLoader(Db);

impl Loader<i64> for HelpAreaLoader {
    type Value = String;
    type Error = LoadError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, String>, LoadError> {
        let keys = keys.to_vec();
        let rows = self
            .0
            .run(move |conn| residents::find_profiles(conn, &keys))
            .await?;
        Ok(rows.into_iter().map(|p| (p.person_id, p.area)).collect())
    }
}

/// Check-in plans by id.
pub struct CheckInPlanLoader(Db);

impl Loader<i64> for CheckInPlanLoader {
    type Value = checkins::CheckInPlan;
    type Error = LoadError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, checkins::CheckInPlan>, LoadError> {
        let keys = keys.to_vec();
        let rows = self
            .0
            .run(move |conn| checkins::find_plans(conn, &keys))
            .await?;
        Ok(rows.into_iter().map(|p| (p.id, p)).collect())
    }
}

/// The events of each check-in, oldest first.
pub struct CheckInEventsLoader(Db);

impl Loader<i64> for CheckInEventsLoader {
    type Value = Vec<checkins::CheckInEvent>;
    type Error = LoadError;

    async fn load(
        &self,
        keys: &[i64],
    ) -> Result<HashMap<i64, Vec<checkins::CheckInEvent>>, LoadError> {
        let ids = keys.to_vec();
        let rows = self
            .0
            .run(move |conn| checkins::events_of(conn, &ids))
            .await?;
        let mut out: HashMap<i64, Vec<checkins::CheckInEvent>> =
            keys.iter().map(|k| (*k, Vec::new())).collect();
        for e in rows {
            out.entry(e.check_in_id).or_default().push(e);
        }
        Ok(out)
    }
}

/// Time accounts by id.
pub struct TimeAccountLoader(Db);

impl Loader<i64> for TimeAccountLoader {
    type Value = ledger::TimeAccount;
    type Error = LoadError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, ledger::TimeAccount>, LoadError> {
        let keys = keys.to_vec();
        let rows = self
            .0
            .run(move |conn| ledger::find_accounts(conn, &keys))
            .await?;
        Ok(rows.into_iter().map(|a| (a.id, a)).collect())
    }
}
