//! Error policy.
//!
//! * Domain code returns [`AppError`]: one `thiserror` enum whose variants are
//!   the outcomes a caller can act on. Each variant has a stable machine code
//!   ([`AppError::code`]) that the GraphQL layer copies into
//!   `extensions.code`, and a plain-English message a person can act on.
//! * Database and other infrastructure failures become [`AppError::Internal`].
//!   Their detail is logged once, where they are converted, and never shown to
//!   the caller: messages must not leak SQL, constraint names or stack traces.
//! * `anyhow` is used only at the edges that are not request-driven: the CLI
//!   and the background jobs.

use diesel::result::{DatabaseErrorKind, Error as DieselError};

/// Everything a domain operation can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("You need to sign in to do this.")]
    Unauthenticated,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0} was not found.")]
    NotFound(&'static str),
    #[error("{message}")]
    Validation {
        field: &'static str,
        message: String,
    },
    #[error("{0}")]
    Conflict(String),
    #[error("Too many attempts. Please wait a few minutes and try again.")]
    RateLimited,
    #[error("Something went wrong on our side. Please try again in a moment.")]
    Internal,
    #[error("An account with this email address already exists. Try signing in or resetting your password.")]
    EmailTaken,
    #[error("{0}")]
    WeakPassword(String),
    #[error("The email address or password is not right.")]
    InvalidCredentials,
    #[error("This sign-in link has already been used, so every session started from it has been ended for safety. Please sign in again.")]
    TokenReused,
    #[error("{0}")]
    InvalidTransition(String),
    #[error("This shift is full and has no waiting list.")]
    ShiftFull,
    #[error("You already have a confirmed shift at that time: {0}.")]
    ShiftClash(String),
    #[error("You have already signed up for this shift.")]
    AlreadySignedUp,
    #[error("This shift needs a {0} DBS check. Ask a coordinator about vetting.")]
    VettingRequired(String),
    #[error("This shift needs these skills on your volunteer profile: {0}.")]
    SkillRequired(String),
    #[error("This repeat rule is not valid: {0}")]
    InvalidRecurrence(String),
    #[error("This activity is fully booked at that time.")]
    ActivityFull,
    #[error("You have already booked this activity at that time.")]
    AlreadyBooked,
    #[error("{0}")]
    ConsentRequired(String),
    #[error("There is not enough time in that account for this.")]
    InsufficientBalance,
    #[error("That idempotency key was already used for a different transfer.")]
    IdempotencyKeyReused,
    #[error("This calendar file could not be read: line {line}: {reason}")]
    InvalidCalendar { line: usize, reason: String },
}

impl AppError {
    /// The stable code clients match on (`extensions.code`).
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated => "UNAUTHENTICATED",
            AppError::Forbidden(_) => "FORBIDDEN",
            AppError::NotFound(_) => "NOT_FOUND",
            AppError::Validation { .. } => "VALIDATION",
            AppError::Conflict(_) => "CONFLICT",
            AppError::RateLimited => "RATE_LIMITED",
            AppError::Internal => "INTERNAL",
            AppError::EmailTaken => "EMAIL_TAKEN",
            AppError::WeakPassword(_) => "WEAK_PASSWORD",
            AppError::InvalidCredentials => "INVALID_CREDENTIALS",
            AppError::TokenReused => "TOKEN_REUSED",
            AppError::InvalidTransition(_) => "INVALID_TRANSITION",
            AppError::ShiftFull => "SHIFT_FULL",
            AppError::ShiftClash(_) => "SHIFT_CLASH",
            AppError::AlreadySignedUp => "ALREADY_SIGNED_UP",
            AppError::VettingRequired(_) => "VETTING_REQUIRED",
            AppError::SkillRequired(_) => "SKILL_REQUIRED",
            AppError::InvalidRecurrence(_) => "INVALID_RECURRENCE",
            AppError::ActivityFull => "ACTIVITY_FULL",
            AppError::AlreadyBooked => "ALREADY_BOOKED",
            AppError::InvalidCalendar { .. } => "INVALID_CALENDAR",
            AppError::ConsentRequired(_) => "CONSENT_REQUIRED",
            AppError::InsufficientBalance => "INSUFFICIENT_BALANCE",
            AppError::IdempotencyKeyReused => "IDEMPOTENCY_KEY_REUSED",
        }
    }

    /// The input field at fault, for `VALIDATION` errors.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            AppError::Validation { field, .. } => Some(field),
            _ => None,
        }
    }

    pub fn validation(field: &'static str, message: impl Into<String>) -> Self {
        AppError::Validation {
            field,
            message: message.into(),
        }
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        AppError::Forbidden(message.into())
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        AppError::Conflict(message.into())
    }

    /// Log an infrastructure failure once and hide its detail from the caller.
    pub fn internal(context: &str, err: impl std::fmt::Display) -> Self {
        tracing::error!(error = %err, "{context}");
        AppError::Internal
    }
}

impl From<DieselError> for AppError {
    fn from(err: DieselError) -> Self {
        match err {
            DieselError::NotFound => AppError::NotFound("The record"),
            DieselError::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => {
                AppError::conflict(
                    "Someone else changed this at the same moment. Please try again.",
                )
            }
            other => AppError::internal("database error", other),
        }
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(err: diesel::r2d2::PoolError) -> Self {
        AppError::internal("database pool error", err)
    }
}

/// True when a database error is a unique-constraint violation, so callers can
/// turn a lost race into the same domain error the pre-check would give.
pub fn is_unique_violation(err: &DieselError) -> bool {
    matches!(
        err,
        DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)
    )
}

pub type AppResult<T> = Result<T, AppError>;
