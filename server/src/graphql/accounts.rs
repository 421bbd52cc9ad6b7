//! Accounts: sign-up, sign-in, sessions, password reset and my profile.

use async_graphql::{Context, Enum, InputObject, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};

use super::groups::MembershipNode;
use super::{actor, gql, ids, run, state};
use crate::domain::accounts::{self, Registration};
use crate::domain::people::{self, ContactChannel, Person, ProfileChanges};
use crate::domain::{authz, groups};

/// How a person prefers to be contacted.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "ContactChannel",
    remote = "crate::domain::people::ContactChannel"
)]
pub enum ContactChannelGql {
    /// By email.
    Email,
    /// By a phone call.
    Phone,
    /// By text message.
    Text,
    /// By letter.
    Post,
    /// Face to face.
    InPerson,
}

pub struct PersonNode {
    person: Person,
    /// Show owner-only fields even though the request is anonymous: set for
    /// the person in a sign-in payload, who has just proved who they are.
    owner_view: bool,
}

impl PersonNode {
    pub fn new(person: Person) -> Self {
        PersonNode {
            person,
            owner_view: false,
        }
    }

    fn signed_in_as(person: Person) -> Self {
        PersonNode {
            person,
            owner_view: true,
        }
    }

    fn is_self_or_admin(&self, ctx: &Context<'_>) -> bool {
        self.owner_view || actor(ctx).is_some_and(|v| v.is_admin || v.person_id == self.person.id)
    }
}

/// A person with a Kith account, or a resident managed by a coordinator.
#[Object(name = "Person")]
impl PersonNode {
    /// The person's opaque global id.
    pub async fn id(&self) -> ID {
        ids::encode("Person", self.person.id)
    }

    /// The name the person wants others to see.
    async fn display_name(&self) -> &str {
        &self.person.display_name
    }

    /// Sign-in email. Only the person themselves and admins see it.
    async fn email(&self, ctx: &Context<'_>) -> Option<&str> {
        self.is_self_or_admin(ctx)
            .then_some(self.person.email.as_deref())
            .flatten()
    }

    /// Whether the person is a platform administrator (themselves and admins only).
    async fn is_admin(&self, ctx: &Context<'_>) -> Option<bool> {
        self.is_self_or_admin(ctx).then_some(self.person.is_admin)
    }

    /// Whether the account is disabled (themselves and admins only).
    async fn disabled(&self, ctx: &Context<'_>) -> Option<bool> {
        self.is_self_or_admin(ctx)
            .then_some(self.person.disabled_at.is_some())
    }

    /// Preferred way to be contacted (themselves and admins only).
    async fn contact_channel(&self, ctx: &Context<'_>) -> Option<ContactChannelGql> {
        if !self.is_self_or_admin(ctx) {
            return None;
        }
        ContactChannel::parse(&self.person.contact_channel).map(Into::into)
    }

    /// Preferred language, as a language tag such as `en` or `cy`
    /// (themselves and admins only).
    async fn language(&self, ctx: &Context<'_>) -> Option<&str> {
        self.is_self_or_admin(ctx)
            .then_some(self.person.language.as_str())
    }

    /// Accessibility needs to keep in mind when contacting the person
    /// (themselves and admins only).
    async fn accessibility_needs(&self, ctx: &Context<'_>) -> Option<&str> {
        self.is_self_or_admin(ctx)
            .then_some(self.person.accessibility_needs.as_str())
    }

    /// True when the person has asked not to be contacted (themselves and admins only).
    async fn do_not_contact(&self, ctx: &Context<'_>) -> Option<bool> {
        self.is_self_or_admin(ctx)
            .then_some(self.person.do_not_contact)
    }

    /// When the account was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.person.created_at.and_utc()
    }

    /// The person's volunteer profile (themselves, admins, and coordinators
    /// of their groups). Null when they have none or you may not see it.
    async fn volunteer_profile(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<super::volunteers::VolunteerProfileNode>> {
        super::volunteers::profile_of(ctx, self.person.id).await
    }

    /// The person's resident profile (themselves, and those who manage
    /// them). Null when they have none or you may not see it.
    async fn resident_profile(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<super::residents::ResidentProfileNode>> {
        super::residents::profile_of(ctx, self.person.id).await
    }

    /// Emergency contacts in the order to try them (themselves, and those
    /// who manage them). Null when you may not see them.
    async fn emergency_contacts(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<Vec<super::residents::EmergencyContactNode>>> {
        super::residents::contacts_of(ctx, self.person.id).await
    }

    /// Current consent per purpose: the latest record of each (themselves,
    /// and those who manage them).
    async fn consents(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<Vec<super::residents::ConsentNode>>> {
        super::residents::consents_of(ctx, self.person.id, false).await
    }

    /// Every consent record, newest first (themselves, and those who manage
    /// them).
    async fn consent_history(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<Vec<super::residents::ConsentNode>>> {
        super::residents::consents_of(ctx, self.person.id, true).await
    }

    /// The person's current DBS check (themselves, admins, and coordinators
    /// of their groups). The reference is masked except for coordinators.
    async fn vetting(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<super::volunteers::VettingNode>> {
        super::volunteers::vetting_of(ctx, self.person.id).await
    }

    /// The person's time account (themselves, coordinators of their groups
    /// and admins; null for anyone else).
    async fn time_account(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<super::ledger::TimeAccountNode>> {
        super::ledger::account_of(ctx, crate::domain::ledger::Owner::Person(self.person.id)).await
    }

    /// My private calendar feed URL (`text/calendar`): my confirmed shifts.
    /// Keep it secret; `rotateCalendarFeedToken` replaces it. Only for myself.
    async fn calendar_feed_url(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        let mine = self.owner_view || actor(ctx).is_some_and(|v| v.person_id == self.person.id);
        if !mine {
            return Err(gql(crate::error::AppError::forbidden(
                "Only the person themselves can see their calendar feed.",
            )));
        }
        let person_id = self.person.id;
        run(ctx, move |conn, _, st, now| {
            let token = crate::calendar::feeds::feed_token(conn, person_id, now)?;
            Ok(crate::calendar::feeds::feed_url(
                &st.config.public_url,
                &token,
            ))
        })
        .await
    }

    /// The person's group memberships, newest first (themselves and admins only).
    async fn memberships(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<MembershipNode>> {
        if !self.is_self_or_admin(ctx) {
            return Err(gql(crate::error::AppError::forbidden(
                "Only the person themselves can see their memberships.",
            )));
        }
        let id = self.person.id;
        let rows = run(ctx, move |conn, _, _, _| groups::memberships_of(conn, id)).await?;
        Ok(rows.into_iter().map(MembershipNode).collect())
    }
}

/// What signing in or refreshing a session returns.
#[derive(SimpleObject)]
pub struct AuthPayload {
    /// Send as `Authorization: Bearer <accessToken>`. Valid for 15 minutes.
    pub access_token: String,
    /// Use once with `refreshSession` to get a new pair. Keep it secret.
    pub refresh_token: String,
    /// When the access token stops working.
    pub access_token_expires_at: DateTime<Utc>,
    /// The signed-in person.
    pub person: PersonNode,
}

impl From<accounts::AuthPayload> for AuthPayload {
    fn from(p: accounts::AuthPayload) -> Self {
        AuthPayload {
            access_token: p.access_token,
            refresh_token: p.refresh_token,
            access_token_expires_at: p.access_expires_at,
            person: PersonNode::signed_in_as(p.person),
        }
    }
}

/// A new account.
#[derive(InputObject)]
pub struct RegisterInput {
    /// Email address used to sign in.
    pub email: String,
    /// At least 8 characters and not a common password.
    pub password: String,
    /// The name others will see.
    pub display_name: String,
}

/// Changes to my own profile. Leave a field out to keep it as it is.
#[derive(InputObject)]
pub struct UpdateProfileInput {
    /// The name others will see.
    pub display_name: Option<String>,
    /// Preferred way to be contacted.
    pub contact_channel: Option<ContactChannelGql>,
    /// Preferred language tag, such as `en` or `cy`.
    pub language: Option<String>,
    /// Accessibility needs to keep in mind when contacting me.
    pub accessibility_needs: Option<String>,
    /// Ask not to be contacted.
    pub do_not_contact: Option<bool>,
}

#[derive(Default)]
pub struct AccountQuery;

#[Object]
impl AccountQuery {
    /// The signed-in person, or null when not signed in.
    async fn me(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<PersonNode>> {
        let Some(viewer) = actor(ctx) else {
            return Ok(None);
        };
        if let Some(signed_in) = ctx.data_opt::<super::SignedInPerson>() {
            if signed_in.0.id == viewer.person_id {
                return Ok(Some(PersonNode::new(signed_in.0.clone())));
            }
        }
        let person = run(ctx, move |conn, _, _, _| {
            people::find(conn, viewer.person_id)
        })
        .await?;
        Ok(person.map(PersonNode::new))
    }
}

#[derive(Default)]
pub struct AccountMutation;

#[Object]
impl AccountMutation {
    /// Create an account and sign in. Fails with `EMAIL_TAKEN` or `WEAK_PASSWORD`.
    async fn register(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new account.")] input: RegisterInput,
    ) -> async_graphql::Result<AuthPayload> {
        let reg = Registration {
            email: input.email,
            password: input.password,
            display_name: input.display_name,
        };
        let now = state(ctx).clock.now();
        run(ctx, move |conn, _, st, _| {
            accounts::register(conn, &st.keys, reg, now)
        })
        .await
        .map(Into::into)
    }

    /// Sign in. Fails with `INVALID_CREDENTIALS` (never saying which part was
    /// wrong), or `RATE_LIMITED` after repeated failures.
    async fn login(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Sign-in email.")] email: String,
        #[graphql(desc = "Password.")] password: String,
    ) -> async_graphql::Result<AuthPayload> {
        let now = state(ctx).clock.now();
        run(ctx, move |conn, _, st, _| {
            accounts::login(conn, &st.keys, &email, &password, now)
        })
        .await
        .map(Into::into)
    }

    /// Swap a refresh token for a new access and refresh token. Each refresh
    /// token works once; using one twice ends the session (`TOKEN_REUSED`).
    async fn refresh_session(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The refresh token from the last sign-in or refresh.")]
        refresh_token: String,
    ) -> async_graphql::Result<AuthPayload> {
        let now = state(ctx).clock.now();
        run(ctx, move |conn, _, st, _| {
            accounts::refresh(conn, &st.keys, &refresh_token, now)
        })
        .await
        .map(Into::into)
    }

    /// Sign out: end the session the refresh token belongs to. Its access
    /// tokens stop working at once. False when the token was not recognised.
    async fn logout(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The session's current refresh token.")] refresh_token: String,
    ) -> async_graphql::Result<bool> {
        let now = state(ctx).clock.now();
        run(ctx, move |conn, _, _, _| {
            accounts::logout(conn, &refresh_token, now)
        })
        .await
    }

    /// Email a password-reset link if an account uses this address. Always
    /// returns true, so it cannot be used to find out who has an account.
    async fn request_password_reset(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The account's email address.")] email: String,
    ) -> async_graphql::Result<bool> {
        let now = state(ctx).clock.now();
        run(ctx, move |conn, _, st, _| {
            accounts::request_password_reset(conn, &st.config.public_url, &email, now)
        })
        .await?;
        Ok(true)
    }

    /// Choose a new password with the token from a reset email. Ends every
    /// open session of the account.
    async fn reset_password(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The token from the reset link.")] token: String,
        #[graphql(desc = "The new password.")] new_password: String,
    ) -> async_graphql::Result<bool> {
        let now = state(ctx).clock.now();
        run(ctx, move |conn, _, _, _| {
            accounts::reset_password(conn, &token, &new_password, now)
        })
        .await?;
        Ok(true)
    }

    /// Change my own name and contact preferences.
    async fn update_my_profile(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The changes.")] input: UpdateProfileInput,
    ) -> async_graphql::Result<PersonNode> {
        let changes = ProfileChanges {
            display_name: input.display_name,
            contact_channel: input.contact_channel.map(Into::into),
            language: input.language,
            accessibility_needs: input.accessibility_needs,
            do_not_contact: input.do_not_contact,
        };
        run(ctx, move |conn, actor, _, now| {
            people::update_my_profile(conn, actor, changes, now)
        })
        .await
        .map(PersonNode::new)
    }

    /// Replace my calendar feed URL with a new one; the old URL stops working.
    async fn rotate_calendar_feed_token(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        run(ctx, move |conn, actor, st, now| {
            let token = crate::calendar::feeds::rotate_feed_token(conn, actor, now)?;
            Ok(crate::calendar::feeds::feed_url(
                &st.config.public_url,
                &token,
            ))
        })
        .await
    }

    /// Disable or re-enable an account (platform admins). Disabling ends
    /// every session at once.
    async fn set_person_disabled(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The person.")] person_id: ID,
        #[graphql(desc = "True to disable, false to enable.")] disabled: bool,
    ) -> async_graphql::Result<PersonNode> {
        let id = ids::person("personId", &person_id).map_err(gql)?;
        run(ctx, move |conn, actor, _, now| {
            let viewer = authz::signed_in(actor)?;
            authz::require_admin(&viewer)?;
            people::set_disabled(conn, actor, id, disabled, now)
        })
        .await
        .map(PersonNode::new)
    }
}
