//! Placeholder: the JSON API under `/api/v1` is being written.

use crate::snapshot::Live;
use axum::Router;
use std::sync::Arc;

/// The API routes (relative to `/api/v1`).
pub fn router() -> Router<Arc<Live>> {
    Router::new()
}
