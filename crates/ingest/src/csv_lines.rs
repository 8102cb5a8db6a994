//! Physical line numbers of CSV records, shared by the CSV readers
//! (actuals, budgets, reform items) so every error names the line a person
//! sees in an editor.

/// Physical line numbers of byte offsets in the decoded text.
pub(crate) struct Lines<'t> {
    text: &'t str,
    newlines: Vec<usize>,
}

impl<'t> Lines<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        Lines {
            text,
            newlines: text.match_indices('\n').map(|(i, _)| i).collect(),
        }
    }

    /// The line a record starts on. The CSV reader's position is where it
    /// started reading, which is before any empty lines it skipped (and, for
    /// `\r\n`, possibly before the `\n`), so those are stepped over first.
    pub(crate) fn of(&self, position: Option<&csv::Position>) -> u64 {
        let Some(position) = position else {
            return 0;
        };
        let bytes = self.text.as_bytes();
        let mut at = usize::try_from(position.byte()).map_or(bytes.len(), |b| b.min(bytes.len()));
        while matches!(bytes.get(at), Some(b'\r' | b'\n')) {
            at += 1;
        }
        let before = self.newlines.partition_point(|&n| n < at);
        u64::try_from(before).map_or(u64::MAX, |n| n.saturating_add(1))
    }
}
