//! Residents: profiles, emergency contacts and consent.

use async_graphql::{Context, InputObject, Object, ID};
use chrono::{DateTime, Utc};

use super::accounts::{ContactChannelGql, PersonNode};
use super::loaders::load;
use super::volunteers::GeoPoint;
use super::{actor, gql, ids, loaders, run};
use crate::domain::authz::PersonAccess;
use crate::domain::residents::{
    self, Consent, EmergencyContact, NewEmergencyContact, NewResident, ProfileChanges,
    ResidentProfile,
};
use crate::error::AppError;

/// May the viewer see and change this resident's records: themselves, or
/// someone who manages them.
pub async fn may_act_for(ctx: &Context<'_>, person_id: i64) -> async_graphql::Result<bool> {
    let Some(viewer) = actor(ctx) else {
        return Ok(false);
    };
    if viewer.person_id == person_id {
        return Ok(true);
    }
    let access: PersonAccess = load(&loaders(ctx).person_access, person_id)
        .await?
        .unwrap_or_default();
    Ok(access.manage)
}

/// A resident's profile, as its viewer may see it.
pub struct ResidentProfileNode(pub ResidentProfile);

impl ResidentProfileNode {
    /// Log a read of a sensitive field by anyone but the resident.
    async fn sensitive(&self, ctx: &Context<'_>, field: &'static str) -> async_graphql::Result<()> {
        let resident = self.0.person_id;
        run(ctx, move |conn, actor, _, now| match actor {
            Some(v) if v.person_id != resident => residents::record_sensitive_read(
                conn,
                v.person_id,
                resident,
                field,
                if v.is_admin {
                    "admin"
                } else {
                    "managing coordinator"
                },
                now,
            ),
            _ => Ok(()),
        })
        .await
    }
}

/// A resident's profile: what matters to them, their needs and choices.
#[Object(name = "ResidentProfile")]
impl ResidentProfileNode {
    /// Neighbourhood or ward name.
    async fn area(&self) -> &str {
        &self.0.area
    }

    /// Where they live, on the map.
    async fn location(&self) -> Option<GeoPoint> {
        Some(GeoPoint {
            latitude: self.0.latitude?,
            longitude: self.0.longitude?,
        })
    }

    /// Home address. Each read by someone other than the resident is logged.
    async fn address(&self, ctx: &Context<'_>) -> async_graphql::Result<&str> {
        self.sensitive(ctx, "address").await?;
        Ok(&self.0.address)
    }

    /// Phone number. Each read by someone other than the resident is logged.
    async fn phone(&self, ctx: &Context<'_>) -> async_graphql::Result<&str> {
        self.sensitive(ctx, "phone").await?;
        Ok(&self.0.phone)
    }

    /// What matters to them, in their words.
    async fn what_matters(&self) -> &str {
        &self.0.what_matters
    }

    /// What help they need.
    async fn needs(&self) -> &str {
        &self.0.needs
    }

    /// Their own informed choices about risk, to be respected.
    async fn risk_enablement(&self) -> &str {
        &self.0.risk_enablement
    }

    /// Personal budget in pence, if they have one.
    async fn budget_pence(&self) -> Option<i32> {
        self.0.budget_pence
    }

    /// Whether the budget is taken as a direct payment.
    async fn budget_is_direct_payment(&self) -> bool {
        self.0.budget_direct_payment
    }

    /// Who last changed the profile (the resident, or someone for them).
    async fn updated_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<PersonNode>> {
        Ok(load(&loaders(ctx).people, self.0.updated_by)
            .await?
            .map(PersonNode::new))
    }

    /// When it last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at.and_utc()
    }
}

/// Someone to contact in an emergency, in order.
pub struct EmergencyContactNode(pub EmergencyContact);

/// Someone to contact in an emergency, in order.
#[Object(name = "EmergencyContact")]
impl EmergencyContactNode {
    /// The contact's id.
    async fn id(&self) -> ID {
        ids::encode("EmergencyContact", self.0.id)
    }

    /// 1 is tried first.
    async fn position(&self) -> i32 {
        self.0.position
    }

    /// Their name.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// How they know the resident, for example "daughter".
    async fn relationship(&self) -> &str {
        &self.0.relationship
    }

    /// Their phone number.
    async fn phone(&self) -> &str {
        &self.0.phone
    }

    /// Their email address, if given.
    async fn email(&self) -> Option<&str> {
        self.0.email.as_deref()
    }
}

/// One consent record: given or withdrawn, for a purpose.
pub struct ConsentNode(pub Consent);

/// One consent record: given or withdrawn, for a purpose.
#[Object(name = "Consent")]
impl ConsentNode {
    /// The record's opaque id (a referral names the consent it relies on).
    async fn id(&self) -> ID {
        ids::encode("Consent", self.0.id)
    }

    /// What the consent is for, for example "share with nhs".
    async fn purpose(&self) -> &str {
        &self.0.purpose
    }

    /// True when given, false when withdrawn.
    async fn given(&self) -> bool {
        self.0.given
    }

    /// Any note recorded with it.
    async fn note(&self) -> &str {
        &self.0.note
    }

    /// Who recorded it (the resident, or someone for them).
    async fn recorded_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<PersonNode>> {
        Ok(load(&loaders(ctx).people, self.0.recorded_by)
            .await?
            .map(PersonNode::new))
    }

    /// When.
    async fn recorded_at(&self) -> DateTime<Utc> {
        self.0.recorded_at.and_utc()
    }
}

/// Profile fields. Leave a field out to keep it as it is.
#[derive(InputObject, Default)]
pub struct ResidentProfileFields {
    /// Neighbourhood or ward name.
    pub area: Option<String>,
    /// Where they live, on the map.
    pub location: Option<GeoPoint>,
    /// Home address (shown only to those who need it; reads are logged).
    pub address: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// What matters to them.
    pub what_matters: Option<String>,
    /// What help they need.
    pub needs: Option<String>,
    /// Their own informed choices about risk.
    pub risk_enablement: Option<String>,
    /// Personal budget in pence.
    pub budget_pence: Option<i32>,
    /// Remove the personal budget.
    #[graphql(default)]
    pub clear_budget: bool,
    /// Whether the budget is a direct payment.
    pub budget_is_direct_payment: Option<bool>,
    /// How they prefer to be contacted.
    pub contact_channel: Option<ContactChannelGql>,
    /// Preferred language, for example "en" or "cy".
    pub language: Option<String>,
    /// Accessibility needs when contacting them.
    pub accessibility_needs: Option<String>,
    /// Do not contact them at all.
    pub do_not_contact: Option<bool>,
}

impl From<ResidentProfileFields> for ProfileChanges {
    fn from(f: ResidentProfileFields) -> Self {
        ProfileChanges {
            area: f.area,
            location: f.location.map(|l| (l.latitude, l.longitude)),
            address: f.address,
            phone: f.phone,
            what_matters: f.what_matters,
            needs: f.needs,
            risk_enablement: f.risk_enablement,
            budget_pence: if f.clear_budget {
                Some(None)
            } else {
                f.budget_pence.map(Some)
            },
            budget_direct_payment: f.budget_is_direct_payment,
            contact_channel: f.contact_channel.map(Into::into),
            language: f.language,
            accessibility_needs: f.accessibility_needs,
            do_not_contact: f.do_not_contact,
        }
    }
}

/// A resident created by a coordinator, who then acts for them.
#[derive(InputObject)]
pub struct CreateResidentInput {
    /// The group whose coordinators will look after them.
    pub group_id: ID,
    /// Their name.
    pub display_name: String,
    /// Their email address, if they have one (not needed).
    pub email: Option<String>,
    /// Their profile.
    #[graphql(default)]
    pub profile: ResidentProfileFields,
}

/// Changes to a resident's profile.
#[derive(InputObject)]
pub struct ResidentProfileInput {
    /// The resident (default: me).
    pub resident_id: Option<ID>,
    /// The changes.
    pub profile: ResidentProfileFields,
}

/// A new emergency contact, tried after those already listed.
#[derive(InputObject)]
pub struct EmergencyContactInput {
    /// The resident (default: me).
    pub resident_id: Option<ID>,
    /// Their name.
    pub name: String,
    /// How they know the resident.
    pub relationship: Option<String>,
    /// Their phone number.
    pub phone: String,
    /// Their email address.
    pub email: Option<String>,
}

/// A consent given or withdrawn.
#[derive(InputObject)]
pub struct RecordConsentInput {
    /// The resident (default: me).
    pub resident_id: Option<ID>,
    /// What it is for, for example "contact by volunteers" or "share with
    /// council adult social care".
    pub purpose: String,
    /// True to give, false to withdraw.
    pub given: bool,
    /// Any note, for example how the resident said so.
    pub note: Option<String>,
}

fn resident_or_me(ctx: &Context<'_>, id: Option<&ID>) -> async_graphql::Result<i64> {
    match id {
        Some(id) => ids::person("residentId", id).map_err(gql),
        None => actor(ctx)
            .map(|v| v.person_id)
            .ok_or_else(|| gql(AppError::Unauthenticated)),
    }
}

#[derive(Default)]
pub struct ResidentQuery;

#[Object]
impl ResidentQuery {
    /// The residents I look after: people with a resident profile who are
    /// active members of a group I coordinate (admins: every resident), by
    /// name. One group, or all I coordinate.
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity + 1")]
    async fn residents(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "One group (default: every group I coordinate).")] group_id: Option<ID>,
        #[graphql(desc = "How many to return (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last resident already seen.")] after: Option<String>,
    ) -> async_graphql::Result<super::relay::KithConnection<PersonNode>> {
        let group = group_id
            .map(|g| ids::group("groupId", &g))
            .transpose()
            .map_err(gql)?;
        let first_n = crate::domain::page::page_size(first).map_err(gql)?;
        let after_c = crate::domain::page::after(after.as_deref()).map_err(gql)?;
        let has_prev = after_c.is_some();
        let page = run(ctx, move |conn, actor, _, _| {
            residents::coordinated_residents(conn, actor, group, first_n, after_c)
        })
        .await?;
        Ok(super::relay::connection(page, has_prev, PersonNode::new))
    }
}

#[derive(Default)]
pub struct ResidentMutation;

#[Object]
impl ResidentMutation {
    /// Create a resident without an account (a group's coordinators), who
    /// joins the group so its coordinators can act for them.
    async fn create_resident(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new resident.")] input: CreateResidentInput,
    ) -> async_graphql::Result<PersonNode> {
        let group_id = ids::group("groupId", &input.group_id).map_err(gql)?;
        let new = NewResident {
            group_id,
            display_name: input.display_name,
            email: input.email,
            profile: input.profile.into(),
        };
        run(ctx, move |conn, actor, _, now| {
            residents::create_resident(conn, actor, new, now)
        })
        .await
        .map(PersonNode::new)
    }

    /// Change a resident's profile and contact preferences (the resident,
    /// or someone who manages them; recorded with who did it).
    async fn update_resident_profile(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The resident and the changes.")] input: ResidentProfileInput,
    ) -> async_graphql::Result<ResidentProfileNode> {
        let resident = resident_or_me(ctx, input.resident_id.as_ref())?;
        let changes: ProfileChanges = input.profile.into();
        run(ctx, move |conn, actor, _, now| {
            residents::update_profile(conn, actor, resident, changes, now)
        })
        .await
        .map(ResidentProfileNode)
    }

    /// Add an emergency contact after those already listed.
    async fn add_emergency_contact(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The contact.")] input: EmergencyContactInput,
    ) -> async_graphql::Result<EmergencyContactNode> {
        let resident = resident_or_me(ctx, input.resident_id.as_ref())?;
        let new = NewEmergencyContact {
            name: input.name,
            relationship: input.relationship,
            phone: input.phone,
            email: input.email,
        };
        run(ctx, move |conn, actor, _, now| {
            residents::add_emergency_contact(conn, actor, resident, new, now)
        })
        .await
        .map(EmergencyContactNode)
    }

    /// Remove an emergency contact; those after it move up.
    async fn remove_emergency_contact(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The contact.")] id: ID,
    ) -> async_graphql::Result<EmergencyContactNode> {
        let id =
            ids::decode("id", "EmergencyContact", "That emergency contact", &id).map_err(gql)?;
        run(ctx, move |conn, actor, _, now| {
            residents::remove_emergency_contact(conn, actor, id, now)
        })
        .await
        .map(EmergencyContactNode)
    }

    /// Record consent given or withdrawn. Records are never changed; the
    /// latest per purpose is the current state.
    async fn record_consent(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The consent.")] input: RecordConsentInput,
    ) -> async_graphql::Result<ConsentNode> {
        let resident = resident_or_me(ctx, input.resident_id.as_ref())?;
        run(ctx, move |conn, actor, _, now| {
            residents::record_consent(
                conn,
                actor,
                resident,
                &input.purpose,
                input.given,
                input.note.as_deref(),
                now,
            )
        })
        .await
        .map(ConsentNode)
    }
}

/// The fields `Person` shows about a resident, for those who may see them.
pub async fn profile_of(
    ctx: &Context<'_>,
    person_id: i64,
) -> async_graphql::Result<Option<ResidentProfileNode>> {
    if !may_act_for(ctx, person_id).await? {
        return Ok(None);
    }
    Ok(run(ctx, move |conn, _, _, _| {
        residents::find_profile(conn, person_id)
    })
    .await?
    .map(ResidentProfileNode))
}

pub async fn contacts_of(
    ctx: &Context<'_>,
    person_id: i64,
) -> async_graphql::Result<Option<Vec<EmergencyContactNode>>> {
    if !may_act_for(ctx, person_id).await? {
        return Ok(None);
    }
    let rows = run(ctx, move |conn, _, _, _| {
        residents::emergency_contacts_of(conn, person_id)
    })
    .await?;
    Ok(Some(rows.into_iter().map(EmergencyContactNode).collect()))
}

pub async fn consents_of(
    ctx: &Context<'_>,
    person_id: i64,
    history: bool,
) -> async_graphql::Result<Option<Vec<ConsentNode>>> {
    if !may_act_for(ctx, person_id).await? {
        return Ok(None);
    }
    let rows = run(ctx, move |conn, _, _, _| {
        if history {
            residents::consent_history(conn, person_id)
        } else {
            residents::current_consents(conn, person_id)
        }
    })
    .await?;
    Ok(Some(rows.into_iter().map(ConsentNode).collect()))
}
