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
    /// A storage problem (conflicts, immutability, database errors).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A bug or a broken installation.
    #[error("internal error: {0}")]
    Internal(String),
}
