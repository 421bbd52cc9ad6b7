//! Mapping domain errors to GraphQL errors, in one place.
//!
//! Every error leaving the API carries `extensions.code`. Domain errors bring
//! their own code (see `crate::error`). Errors raised by async-graphql itself
//! (a query that does not parse, an unknown field, a wrong argument type, a
//! depth or complexity limit) are given `VALIDATION` by [`with_codes`].

use std::sync::Arc;

use async_graphql::{ErrorExtensions, Response, Value};

use crate::error::AppError;

/// Turn a domain error into a GraphQL error with its code (and field).
pub fn gql(err: AppError) -> async_graphql::Error {
    gql_ref(&err)
}

fn gql_ref(err: &AppError) -> async_graphql::Error {
    let (code, field) = (err.code(), err.field());
    async_graphql::Error::new(err.to_string()).extend_with(|_, ext| {
        ext.set("code", code);
        if let Some(field) = field {
            ext.set("field", field);
        }
        if let AppError::InvalidCalendar { line, reason } = err {
            ext.set("line", *line as u64);
            ext.set("reason", reason.as_str());
        }
    })
}

/// DataLoader errors must be `Clone`; they carry the domain error shared.
#[derive(Debug, Clone)]
pub struct LoadError(pub Arc<AppError>);

impl From<AppError> for LoadError {
    fn from(e: AppError) -> Self {
        LoadError(Arc::new(e))
    }
}

impl LoadError {
    pub fn into_gql(self) -> async_graphql::Error {
        gql_ref(&self.0)
    }
}

/// Give every error without a code `VALIDATION`: those raised by
/// async-graphql itself (parsing, validation, limits).
pub fn with_codes(mut response: Response) -> Response {
    for error in &mut response.errors {
        let has_code = error
            .extensions
            .as_ref()
            .is_some_and(|ext| ext.get("code").is_some());
        if !has_code {
            error
                .extensions
                .get_or_insert_with(Default::default)
                .set("code", Value::from("VALIDATION"));
        }
    }
    response
}
