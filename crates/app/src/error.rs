//! The application's error: invalid input (with every problem listed),
//! missing things, conflicts, and failures underneath.

use keikaku_store::StoreError;

/// Errors of the use cases.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The input is invalid; nothing was written. One line per problem.
    #[error("{}", .0.join("\n"))]
    Invalid(Vec<String>),
    /// Something named does not exist.
    #[error("{0}")]
    NotFound(String),
    /// Sign-in failed: unknown name, wrong password or disabled account
    /// (deliberately not told apart).
    #[error("the user name or password is wrong, or the account is disabled")]
    BadCredentials,
    /// Too many failed sign-ins for this name; try again after this many seconds.
    #[error("too many failed sign-ins for this name; try again in {0} seconds")]
    Throttled(i64),
    /// Not signed in, or the session or token expired.
    #[error("sign-in required")]
    Unauthenticated,
    /// Signed in, but not allowed to do this.
    #[error("not allowed: {0}")]
    Forbidden(String),
    /// A storage problem (conflicts, immutability, database errors).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A bug or a broken installation.
    #[error("internal error: {0}")]
    Internal(String),
}
