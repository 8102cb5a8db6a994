//! Japanese-friendly search over a plan's texts: no tokenisation (Japanese
//! has no spaces between words), just a case-insensitive substring match
//! after width folding ([`keikaku_model::text::fold_width`]) on both sides,
//! so `ＳＤＧｓ`, `sdgs` and `SDGs` find each other.
//!
//! [`documents`] lists what can be found (projects, policy directions,
//! initiatives, indicators, fields, policy items, key initiatives, current
//! issues) with the page each one lives on; [`search`] matches a [`Query`]
//! against them and returns the hits with their texts cut into
//! [`Segment`]s, the matches marked. Segments are plain text: the page
//! template escapes them and wraps the marked ones in `<mark>`, so no HTML
//! is ever built from a string here.
//!
//! The corpus of one plan is a few hundred short texts; it is folded per
//! query (well under a millisecond), so no index is kept between requests.

use keikaku_model::plan::Plan;
use keikaku_model::text::fold_width;

/// The longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 200;

/// Texts longer than this (in characters) are shown as an excerpt around the
/// first match.
const EXCERPT_OVER: usize = 120;

/// Characters kept before and after the first match in an excerpt.
const EXCERPT_CONTEXT: usize = 50;

/// What kind of thing a hit is, in the order the results are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A project (name, summary bullets).
    Project,
    /// A policy direction of a project.
    Direction,
    /// An initiative under a policy direction.
    Initiative,
    /// An indicator (name, description).
    Indicator,
    /// A field of the basic plan (name, goal sentence).
    Field,
    /// A policy item of the basic plan.
    PolicyItem,
    /// A key initiative of section V (name, description).
    KeyInitiative,
    /// A current issue of section II (title, paragraphs).
    Issue,
}

impl Kind {
    /// Every kind, in display order.
    pub const ALL: [Kind; 8] = [
        Kind::Project,
        Kind::Direction,
        Kind::Initiative,
        Kind::Indicator,
        Kind::Field,
        Kind::PolicyItem,
        Kind::KeyInitiative,
        Kind::Issue,
    ];

    /// A short stable name, e.g. for UI-string keys (`search.kind.project`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Project => "project",
            Kind::Direction => "direction",
            Kind::Initiative => "initiative",
            Kind::Indicator => "indicator",
            Kind::Field => "field",
            Kind::PolicyItem => "policy_item",
            Kind::KeyInitiative => "key_initiative",
            Kind::Issue => "issue",
        }
    }
}

/// One searchable thing: its title and further texts, and where it is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// What it is.
    pub kind: Kind,
    /// Its ID, e.g. `F1-03`.
    pub id: String,
    /// The language-independent page path (with a fragment where useful),
    /// e.g. `plan/#F1-03`.
    pub path: String,
    /// The name or title.
    pub title: String,
    /// Other texts searched (summary bullets, descriptions, paragraphs).
    pub texts: Vec<String>,
    /// Context shown with the title, e.g. the project an initiative belongs to.
    pub context: Option<String>,
}

/// Everything searchable in a plan, in plan order within each kind.
pub fn documents(plan: &Plan) -> Vec<Document> {
    let mut out = Vec::new();
    for p in &plan.projects {
        out.push(Document {
            kind: Kind::Project,
            id: p.id.to_string(),
            path: format!("projects/{}/", p.id),
            title: p.name.clone(),
            texts: p.summary.clone(),
            context: None,
        });
    }
    for p in &plan.projects {
        for d in &p.directions {
            out.push(Document {
                kind: Kind::Direction,
                id: d.id.to_string(),
                path: format!("projects/{}/#{}", p.id, d.id),
                title: d.name.clone(),
                texts: Vec::new(),
                context: Some(p.name.clone()),
            });
        }
    }
    for p in &plan.projects {
        for d in &p.directions {
            for i in &d.initiatives {
                out.push(Document {
                    kind: Kind::Initiative,
                    id: i.id.to_string(),
                    path: format!("projects/{}/#{}", p.id, i.id),
                    title: i.text.clone(),
                    texts: Vec::new(),
                    context: Some(format!("{} ／ {}", p.name, d.name)),
                });
            }
        }
    }
    for i in &plan.indicators {
        out.push(Document {
            kind: Kind::Indicator,
            id: i.id.to_string(),
            path: format!("indicators/{}/", i.id),
            title: i.name.clone(),
            texts: i.description.iter().cloned().collect(),
            context: None,
        });
    }
    for f in &plan.fields {
        out.push(Document {
            kind: Kind::Field,
            id: f.id.to_string(),
            path: format!("plan/#{}", f.id),
            title: f.name.clone(),
            texts: vec![f.goal.clone()],
            context: None,
        });
    }
    for f in &plan.fields {
        for item in &f.items {
            out.push(Document {
                kind: Kind::PolicyItem,
                id: item.id.to_string(),
                path: format!("plan/#{}", item.id),
                title: item.name.clone(),
                texts: Vec::new(),
                context: Some(f.name.clone()),
            });
        }
    }
    for g in &plan.key_initiatives {
        for k in &g.initiatives {
            out.push(Document {
                kind: Kind::KeyInitiative,
                id: k.id.to_string(),
                path: format!("plan/#{}", k.id),
                title: k.name.clone(),
                texts: k.description.iter().cloned().collect(),
                context: Some(g.heading.clone()),
            });
        }
    }
    for issue in &plan.issues {
        out.push(Document {
            kind: Kind::Issue,
            id: issue.id.to_string(),
            path: format!("plan/#{}", issue.id),
            title: issue.title.clone(),
            texts: issue.paragraphs.clone(),
            context: None,
        });
    }
    out
}

/// Folds one character for matching: width folding, then lower case.
fn fold_char(c: char) -> String {
    let mut buf = [0u8; 4];
    fold_width(c.encode_utf8(&mut buf)).to_lowercase()
}

/// Folds a whole text for matching.
fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// A search query, folded once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    folded: String,
}

/// Why a query was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// Longer than [`MAX_QUERY_CHARS`].
    #[error("the query is longer than {MAX_QUERY_CHARS} characters")]
    TooLong,
}

impl Query {
    /// A query from what the user typed (surrounding whitespace ignored);
    /// `Ok(None)` when nothing is left.
    pub fn new(text: &str) -> Result<Option<Query>, QueryError> {
        if text.chars().count() > MAX_QUERY_CHARS {
            return Err(QueryError::TooLong);
        }
        let folded = fold(text.trim());
        let folded = folded.trim();
        if folded.is_empty() {
            Ok(None)
        } else {
            Ok(Some(Query {
                folded: folded.to_owned(),
            }))
        }
    }

    /// The byte ranges of `text` that match, in order, not overlapping.
    pub fn ranges(&self, text: &str) -> Vec<(usize, usize)> {
        // Fold char by char, remembering for every folded byte the original
        // character it came from, so a match maps back to whole characters.
        let mut folded = String::with_capacity(text.len());
        let mut origin: Vec<(usize, usize)> = Vec::with_capacity(text.len());
        for (start, c) in text.char_indices() {
            let f = fold_char(c);
            let end = start + c.len_utf8();
            origin.extend(std::iter::repeat_n((start, end), f.len()));
            folded.push_str(&f);
        }
        let mut out: Vec<(usize, usize)> = Vec::new();
        let mut from = 0;
        while let Some(pos) = folded.get(from..).and_then(|s| s.find(&self.folded)) {
            let a = from + pos;
            let b = a + self.folded.len();
            let (Some(&(start, _)), Some(&(_, end))) = (origin.get(a), origin.get(b - 1)) else {
                break;
            };
            match out.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => out.push((start, end)),
            }
            from = b;
        }
        out
    }

    /// Whether `text` contains the query.
    pub fn matches(&self, text: &str) -> bool {
        fold(text).contains(&self.folded)
    }
}

/// A piece of text, marked when it matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// The text (plain; escaped by the template).
    pub text: String,
    /// Whether this piece matched the query.
    pub mark: bool,
}

/// `text` cut into segments at the given (sorted, disjoint) byte ranges.
fn segments(text: &str, ranges: &[(usize, usize)]) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut at = 0;
    for &(a, b) in ranges {
        if let Some(plain) = text.get(at..a).filter(|s| !s.is_empty()) {
            out.push(Segment {
                text: plain.to_owned(),
                mark: false,
            });
        }
        if let Some(hit) = text.get(a..b) {
            out.push(Segment {
                text: hit.to_owned(),
                mark: true,
            });
        }
        at = b;
    }
    if let Some(rest) = text.get(at..).filter(|s| !s.is_empty()) {
        out.push(Segment {
            text: rest.to_owned(),
            mark: false,
        });
    }
    out
}

/// The whole `text` as segments, or an excerpt around the first match when
/// the text is long; `None` when the query is not in it.
pub fn highlight(query: &Query, text: &str, excerpt: bool) -> Option<Vec<Segment>> {
    let ranges = query.ranges(text);
    let &(first, _) = ranges.first()?;
    if !excerpt || text.chars().count() <= EXCERPT_OVER {
        return Some(segments(text, &ranges));
    }
    // Cut at character boundaries around the first match.
    let before: Vec<usize> = text
        .get(..first)
        .unwrap_or("")
        .char_indices()
        .map(|(i, _)| i)
        .collect();
    let start = if before.len() > EXCERPT_CONTEXT {
        before[before.len() - EXCERPT_CONTEXT]
    } else {
        0
    };
    let match_end = ranges[0].1;
    let end = text
        .get(match_end..)
        .unwrap_or("")
        .char_indices()
        .nth(EXCERPT_CONTEXT)
        .map_or(text.len(), |(i, _)| match_end + i);
    let window: Vec<(usize, usize)> = ranges
        .iter()
        .filter(|&&(a, b)| a >= start && b <= end)
        .map(|&(a, b)| (a - start, b - start))
        .collect();
    let mut out = Vec::new();
    if start > 0 {
        out.push(Segment {
            text: "…".to_owned(),
            mark: false,
        });
    }
    out.extend(segments(text.get(start..end).unwrap_or(""), &window));
    if end < text.len() {
        out.push(Segment {
            text: "…".to_owned(),
            mark: false,
        });
    }
    Some(out)
}

/// One found thing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit<'a> {
    /// The document.
    pub doc: &'a Document,
    /// Its title, marked where it matched.
    pub title: Vec<Segment>,
    /// Its other texts that matched (excerpts of long ones), marked.
    pub texts: Vec<Vec<Segment>>,
}

/// The documents matching a query, in the order given.
pub fn search<'a>(docs: &'a [Document], query: &Query) -> Vec<Hit<'a>> {
    docs.iter()
        .filter_map(|doc| {
            let title = highlight(query, &doc.title, false);
            let texts: Vec<Vec<Segment>> = doc
                .texts
                .iter()
                .filter_map(|t| highlight(query, t, true))
                .collect();
            if title.is_none() && texts.is_empty() {
                return None;
            }
            Some(Hit {
                doc,
                title: title.unwrap_or_else(|| {
                    vec![Segment {
                        text: doc.title.clone(),
                        mark: false,
                    }]
                }),
                texts,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Query {
        match Query::new(s) {
            Ok(Some(q)) => q,
            other => panic!("{s}: {other:?}"),
        }
    }

    fn marked(segs: &[Segment]) -> String {
        segs.iter()
            .map(|s| {
                if s.mark {
                    format!("[{}]", s.text)
                } else {
                    s.text.clone()
                }
            })
            .collect()
    }

    #[test]
    fn full_width_and_case_fold_both_ways() {
        let text = "SDGs未来都市としての取組";
        assert_eq!(
            marked(&highlight(&q("ＳＤＧｓ"), text, false).unwrap_or_default()),
            "[SDGs]未来都市としての取組"
        );
        assert_eq!(
            marked(&highlight(&q("sdgs"), "ＳＤＧｓの普及", false).unwrap_or_default()),
            "[ＳＤＧｓ]の普及"
        );
        assert!(highlight(&q("移住"), text, false).is_none());
    }

    #[test]
    fn every_occurrence_is_marked_without_tokenising() {
        let text = "移住・定住の促進と移住者支援";
        assert_eq!(
            marked(&highlight(&q("移住"), text, false).unwrap_or_default()),
            "[移住]・定住の促進と[移住]者支援"
        );
        assert_eq!(
            marked(&highlight(&q("定住の促"), text, false).unwrap_or_default()),
            "移住・[定住の促]進と移住者支援"
        );
    }

    #[test]
    fn ligatures_map_back_to_whole_characters() {
        // ㋿ folds to two characters; a match on its second half marks it whole.
        assert_eq!(
            marked(&highlight(&q("和6"), "㋿6年度", false).unwrap_or_default()),
            "[㋿6]年度"
        );
    }

    #[test]
    fn long_texts_are_cut_around_the_first_match() {
        let text = format!("{}移住{}", "あ".repeat(100), "い".repeat(100));
        let segs = highlight(&q("移住"), &text, true).unwrap_or_default();
        let shown = marked(&segs);
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert!(shown.contains("[移住]"));
        assert_eq!(shown.chars().count(), 1 + 50 + 4 + 50 + 1);
    }

    #[test]
    fn queries_are_trimmed_and_bounded() {
        assert_eq!(Query::new("  　"), Ok(None));
        assert_eq!(Query::new(&"あ".repeat(201)), Err(QueryError::TooLong));
        assert!(matches!(Query::new(&"あ".repeat(200)), Ok(Some(_))));
    }
}
