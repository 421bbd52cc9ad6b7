//! Authentication primitives: password hashing, access tokens (JWT) and
//! opaque random tokens (refresh, password reset, calendar feeds). The rules
//! about who may do what live in `domain::authz`, not here.

pub mod jwt;
pub mod password;
pub mod token;

pub use jwt::{AccessClaims, JwtKeys};
