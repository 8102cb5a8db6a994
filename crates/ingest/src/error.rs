//! Errors of the readers: every error names where (line) and what was expected.

/// A problem in an imported document, with the 1-based line it was found on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct DocumentError {
    /// 1-based source line (0 when the problem is the document as a whole).
    pub line: u32,
    /// What was found and what was expected.
    pub message: String,
}

impl DocumentError {
    /// An error at a line.
    pub fn at(line: u32, message: impl Into<String>) -> Self {
        DocumentError {
            line,
            message: message.into(),
        }
    }
}

/// A problem in a plan file (TOML), with its position.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanFileError {
    /// The TOML is malformed or a field has a wrong value.
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The file parses but its references do not hold together.
    #[error("{0}")]
    Integrity(String),
    /// The plan could not be serialised.
    #[error("cannot write the plan file: {0}")]
    Write(String),
}
