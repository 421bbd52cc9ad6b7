//! The GraphQL API: schema assembly, one module per area, DataLoaders and
//! error mapping. Resolvers call the domain; they never build SQL.

pub mod accounts;
pub mod activities;
pub mod checkins;
pub mod directory;
pub mod errors;
pub mod groups;
pub mod help;
pub mod ids;
pub mod ledger;
pub mod loaders;
pub mod outcomes;
pub mod privacy;
pub mod referrals;
pub mod relay;
pub mod residents;
pub mod safeguarding;
pub mod scalars;
pub mod shifts;
pub mod volunteers;

use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{Context, MergedObject, MergedSubscription, Schema, SchemaBuilder};
use chrono::NaiveDateTime;
use std::collections::HashMap;
use std::sync::Arc;

use crate::db::DbConn;

use crate::domain::authz::Actor;
use crate::error::AppResult;
use crate::state::AppState;

pub use errors::gql;

/// Limits that keep one request from doing unbounded work.
pub const MAX_DEPTH: usize = 12;
pub const MAX_COMPLEXITY: usize = 10_000;
pub const MAX_RECURSIVE_DEPTH: usize = 32;
pub const MAX_DIRECTIVES: usize = 8;

/// Everything that can be read.
#[derive(MergedObject, Default)]
#[graphql(name = "Query")]
pub struct QueryRoot(
    accounts::AccountQuery,
    groups::GroupQuery,
    shifts::ShiftQuery,
    activities::ActivityQuery,
    directory::DirectoryQuery,
    help::HelpQuery,
    checkins::CheckInQuery,
    residents::ResidentQuery,
    ledger::LedgerQuery,
    privacy::PrivacyQuery,
    referrals::ReferralQuery,
    safeguarding::SafeguardingQuery,
    outcomes::OutcomeQuery,
    relay::NodeQuery,
);

/// Everything that can be changed.
#[derive(MergedObject, Default)]
#[graphql(name = "Mutation")]
pub struct MutationRoot(
    accounts::AccountMutation,
    groups::GroupMutation,
    volunteers::VolunteerMutation,
    shifts::ShiftMutation,
    activities::ActivityMutation,
    directory::DirectoryMutation,
    help::HelpMutation,
    residents::ResidentMutation,
    checkins::CheckInMutation,
    ledger::LedgerMutation,
    privacy::PrivacyMutation,
    referrals::ReferralMutation,
    safeguarding::SafeguardingMutation,
    outcomes::OutcomeMutation,
);

/// Live updates over `/graphql/ws` (graphql-transport-ws).
#[derive(MergedSubscription, Default)]
#[graphql(name = "Subscription")]
pub struct SubscriptionRoot(
    groups::GroupSubscription,
    help::HelpSubscription,
    checkins::CheckInSubscription,
    referrals::ReferralSubscription,
);

/// The schema as every transport runs it: async-graphql's schema, with
/// [`errors::with_codes`] applied to each response so that every error
/// leaving Kith carries `extensions.code`. (A schema extension could do the
/// same, but any extension makes async-graphql wrap every field's
/// resolution in the extension chain, which cost about a sixth of a small
/// request's time.)
///
/// Parsed operations are kept by their text ([`ParsedQueries`]): clients
/// send the same few operations over and over, and parsing one costs more
/// than copying it.
#[derive(Clone)]
pub struct KithSchema(
    Schema<QueryRoot, MutationRoot, SubscriptionRoot>,
    Arc<ParsedQueries>,
);

/// Parsed operations by their text: at most [`ParsedQueries::MAX_ENTRIES`]
/// of at most [`ParsedQueries::MAX_QUERY_BYTES`] each, all forgotten at once
/// when full (clients' operations are few; a flood of distinct ones only
/// loses the cache). Only documents that parsed are kept; validation still
/// runs on every request, with its variables.
#[derive(Default)]
pub struct ParsedQueries(std::sync::Mutex<HashMap<String, ExecutableDocument>>);

impl ParsedQueries {
    const MAX_ENTRIES: usize = 512;
    const MAX_QUERY_BYTES: usize = 16 * 1024;

    fn prepare(&self, request: &mut async_graphql::Request) {
        if request.query.len() > Self::MAX_QUERY_BYTES {
            return;
        }
        let docs = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(doc) = docs.get(&request.query) {
            request.set_parsed_query(doc.clone());
            return;
        }
        drop(docs);
        // Parse outside the lock; a document that does not parse is left for
        // execution to report.
        let Ok(doc) = request.parsed_query().cloned() else {
            return;
        };
        let mut docs = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if docs.len() >= Self::MAX_ENTRIES {
            docs.clear();
        }
        docs.insert(request.query.clone(), doc);
    }
}

impl KithSchema {
    /// Run a query or mutation.
    pub async fn execute(
        &self,
        request: impl Into<async_graphql::Request>,
    ) -> async_graphql::Response {
        let mut request = request.into();
        self.1.prepare(&mut request);
        errors::with_codes(self.0.execute(request).await)
    }

    /// Run a subscription: each response as it comes.
    pub fn execute_stream(
        &self,
        request: impl Into<async_graphql::Request>,
    ) -> futures_util::stream::BoxStream<'static, async_graphql::Response> {
        use futures_util::StreamExt;
        self.0
            .execute_stream(request)
            .map(errors::with_codes)
            .boxed()
    }
}

impl async_graphql::Executor for KithSchema {
    async fn execute(&self, request: async_graphql::Request) -> async_graphql::Response {
        KithSchema::execute(self, request).await
    }

    fn execute_stream(
        &self,
        request: async_graphql::Request,
        session_data: Option<std::sync::Arc<async_graphql::Data>>,
    ) -> futures_util::stream::BoxStream<'static, async_graphql::Response> {
        use futures_util::StreamExt;
        async_graphql::Executor::execute_stream(&self.0, request, session_data)
            .map(errors::with_codes)
            .boxed()
    }
}

fn builder(
    state: Option<AppState>,
    production: bool,
) -> SchemaBuilder<QueryRoot, MutationRoot, SubscriptionRoot> {
    let mut b = Schema::build(
        QueryRoot::default(),
        MutationRoot::default(),
        SubscriptionRoot::default(),
    )
    .limit_depth(MAX_DEPTH)
    .limit_complexity(MAX_COMPLEXITY)
    .limit_recursive_depth(MAX_RECURSIVE_DEPTH)
    .limit_directives(MAX_DIRECTIVES);
    if production {
        b = b.disable_introspection().disable_suggestions();
    }
    if let Some(state) = state {
        b = b.data(state);
    }
    b
}

/// Build the schema around the shared state.
pub fn build_schema(state: AppState) -> KithSchema {
    let production = state.config.is_production();
    KithSchema(builder(Some(state), production).finish(), Arc::default())
}

/// The schema in SDL, as committed in `schema.graphql`.
pub fn sdl() -> String {
    builder(None, false).finish().sdl()
}

/// Who is asking, attached to every request.
#[derive(Debug, Clone, Copy)]
pub struct RequestActor(pub Actor);

/// Attach per-request data (the actor and fresh DataLoaders) to a request.
pub fn prepare(
    request: async_graphql::Request,
    state: &AppState,
    actor: Actor,
) -> async_graphql::Request {
    request
        .data(RequestActor(actor))
        .data(loaders::Loaders::new(state.db.clone(), actor))
}

/// Resolve `Authorization: Bearer <token>` to a viewer. A missing, invalid,
/// expired or revoked token gives an anonymous caller, so public fields still
/// work and private ones answer `UNAUTHENTICATED`. When the database cannot
/// be asked, that is an error: a signed-in person is never quietly treated
/// as anonymous.
pub async fn authenticate_bearer(app: &AppState, header_value: Option<&str>) -> AppResult<Actor> {
    Ok(authenticate_bearer_person(app, header_value).await?.0)
}

/// [`authenticate_bearer`], with the signed-in person's row when there is one.
pub async fn authenticate_bearer_person(
    app: &AppState,
    header_value: Option<&str>,
) -> AppResult<(Actor, Option<SignedInPerson>)> {
    let Some(token) = header_value
        .and_then(|h| {
            h.strip_prefix("Bearer ")
                .or_else(|| h.strip_prefix("bearer "))
        })
        .map(|t| t.trim().to_string())
    else {
        return Ok((None, None));
    };
    let Some(claims) = app.keys.verify(&token, app.clock.now()) else {
        return Ok((None, None));
    };
    let found = app
        .db
        .run(move |conn| crate::domain::accounts::authenticate_person(conn, &claims))
        .await?;
    Ok(match found {
        Some((viewer, person)) => (Some(viewer), Some(SignedInPerson(person))),
        None => (None, None),
    })
}

/// The signed-in person's row as read when checking the access token: the
/// answer to `me` without another statement.
#[derive(Debug, Clone)]
pub struct SignedInPerson(pub crate::domain::people::Person);

pub(crate) fn state<'a>(ctx: &Context<'a>) -> &'a AppState {
    ctx.data_unchecked::<AppState>()
}

pub(crate) fn actor(ctx: &Context<'_>) -> Actor {
    ctx.data_opt::<RequestActor>().and_then(|a| a.0)
}

pub(crate) fn loaders<'a>(ctx: &Context<'a>) -> &'a loaders::Loaders {
    ctx.data_unchecked::<loaders::Loaders>()
}

/// [`run`] for a list resolver: when the query does not ask for the list's
/// `totalCount`, the domain work skips counting (see [`page::with_total`]).
pub(crate) async fn run_list<T, F>(ctx: &Context<'_>, f: F) -> async_graphql::Result<T>
where
    F: FnOnce(&mut DbConn, &Actor, &AppState, NaiveDateTime) -> AppResult<T> + Send + 'static,
    T: Send + 'static,
{
    let wanted = ctx.look_ahead().field("totalCount").exists();
    run(ctx, move |conn, actor, state, now| {
        crate::domain::page::with_total(wanted, || f(conn, actor, state, now))
    })
    .await
}

/// Run domain work for a resolver off the async runtime, with the caller,
/// the current time and the state; map its error to a GraphQL error.
pub(crate) async fn run<T, F>(ctx: &Context<'_>, f: F) -> async_graphql::Result<T>
where
    F: FnOnce(&mut DbConn, &Actor, &AppState, NaiveDateTime) -> AppResult<T> + Send + 'static,
    T: Send + 'static,
{
    let state = state(ctx).clone();
    let actor = actor(ctx);
    let now = state.clock.now_naive();
    let db = state.db.clone();
    db.run(move |conn| f(conn, &actor, &state, now))
        .await
        .map_err(gql)
}
