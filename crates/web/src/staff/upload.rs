//! Reading the file parts of the workspace's upload forms (actuals,
//! budgets, reform items): `multipart/form-data` with one or more `file`
//! parts. One place decides the refusals before any content is read: not
//! multipart (415), over [`super::UPLOAD_LIMIT`] in total (413), broken
//! (400), no file (400). What a file holds is each page's business.

use super::UPLOAD_LIMIT;
use axum::extract::Multipart;
use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::http::StatusCode;

/// One uploaded file: its name as sent and its bytes.
pub(super) struct Upload {
    /// The file name the browser sent (`file` when none).
    pub name: String,
    /// The content.
    pub bytes: Vec<u8>,
}

/// Why an upload was refused before reading it: status and message key.
pub(super) type Refusal = (StatusCode, &'static str);

fn refusal(e: &MultipartError) -> Refusal {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        (StatusCode::PAYLOAD_TOO_LARGE, "staff.too_large")
    } else {
        (StatusCode::BAD_REQUEST, "staff.import.broken")
    }
}

/// Every non-empty `file` part of the form, in order; at least one.
pub(super) async fn file_parts(
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Vec<Upload>, Refusal> {
    let mut multipart = multipart.map_err(|_| {
        (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "staff.import.not_multipart",
        )
    })?;
    let mut files = Vec::new();
    let mut total = 0usize;
    while let Some(field) = multipart.next_field().await.map_err(|e| refusal(&e))? {
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or("file").to_owned();
        let bytes = field.bytes().await.map_err(|e| refusal(&e))?;
        total += bytes.len();
        if total > UPLOAD_LIMIT {
            return Err((StatusCode::PAYLOAD_TOO_LARGE, "staff.too_large"));
        }
        if !bytes.is_empty() {
            files.push(Upload {
                name,
                bytes: bytes.to_vec(),
            });
        }
    }
    if files.is_empty() {
        return Err((StatusCode::BAD_REQUEST, "staff.import.no_file"));
    }
    Ok(files)
}

/// The first non-empty `file` part (forms that take one file).
pub(super) async fn file_part(
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Vec<u8>, Refusal> {
    let mut files = file_parts(multipart).await?;
    Ok(files.swap_remove(0).bytes)
}
