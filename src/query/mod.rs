//! The query language: what a researcher types, parsed into what a search must find.
//!
//! [`parse`] reads words, "phrases", prefixes (`recruit*`), proximity (`"a b"~5`,
//! `NEAR(a b, 5)`), field filters (`tag:KTIP`, `tag:(KTIP OR PHUM)`), the operators `AND`,
//! `OR`, `NOT`, `+` and `-`, and parentheses. The words a user types side by side are
//! ranked (all preferred, one enough); an operator makes what it joins a condition.
//! [`fields`] is the one table of fields; [`filter`] builds filters and date ranges.

mod fields;
mod filter;
mod lex;
mod parse;

pub use fields::{FieldSpec, FIELDS};
pub use filter::{named_filter, range_filter, Filter};
pub use lex::MAX_DISTANCE;
pub use parse::parse;

/// A condition the operators build: what a passage must satisfy, beyond the ranked words.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A word of text (in the passage, its document's title or its acronyms' expansions).
    Word(String),
    /// Words in this order.
    Phrase(String),
    /// Any word the index holds that starts with these letters.
    Prefix(String),
    /// Words at most `distance` positions apart, in any order (`"a b"~5`, `NEAR(a b, 5)`).
    Near {
        /// The words.
        words: String,
        /// How far apart they may be, as Lucene counts it (a swap costs 2).
        distance: u32,
    },
    /// A field filter.
    Field(Filter),
    /// `a AND b`: each.
    All(Vec<Node>),
    /// `a OR b`: at least one.
    Any(Vec<Node>),
    /// `(a b)`: as a query's top level, its words ranked (one enough), everything else
    /// required.
    Group(Vec<Node>),
    /// `NOT a`, `-a`: never.
    Not(Box<Node>),
}

impl Node {
    /// Whether, inside a group, this node only adds to the ranking (a word, a prefix)
    /// instead of being required.
    pub fn is_ranked(&self) -> bool {
        matches!(self, Node::Word(_) | Node::Prefix(_))
    }

    /// Calls `each` on every prefix in the node, however deep.
    pub fn prefixes<'a>(&'a self, each: &mut dyn FnMut(&'a str)) {
        match self {
            Node::Prefix(p) => each(p),
            Node::All(c) | Node::Any(c) | Node::Group(c) => {
                c.iter().for_each(|n| n.prefixes(each));
            }
            Node::Not(n) => n.prefixes(each),
            _ => {}
        }
    }
}

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    /// Words, ranked: those typed side by side, and those inside operators.
    pub words: Vec<String>,
    /// Quoted phrases; each must occur.
    pub phrases: Vec<String>,
    /// Phrases inside operators (`"forced labor" OR begging`): they rank, the operator
    /// decides whether they must occur.
    pub ranked_phrases: Vec<String>,
    /// Prefixes (`recruit*`), ranked as the words they stand for.
    pub prefixes: Vec<String>,
    /// Words and phrases that must not occur.
    pub excluded: Vec<String>,
    /// Field filters that must hold.
    pub filters: Vec<Filter>,
    /// Field filters that must not hold (`-tag:PGOV`).
    pub excluded_filters: Vec<Filter>,
    /// Conditions the operators build, each of which must hold.
    pub required: Vec<Node>,
    /// What was read other than it looks (a likely misspelled field), for the user.
    pub warnings: Vec<String>,
}

impl Query {
    /// True when nothing is asked of the text, only of the metadata.
    pub fn is_filter_only(&self) -> bool {
        self.words.is_empty()
            && self.phrases.is_empty()
            && self.ranked_phrases.is_empty()
            && self.prefixes.is_empty()
    }

    /// Whether nothing at all is asked: no words, no filters, no conditions.
    pub fn is_empty(&self) -> bool {
        self.is_filter_only() && self.filters.is_empty() && self.required.is_empty()
    }

    /// Every prefix the query uses, ranked or in a condition, once each.
    pub fn all_prefixes(&self) -> Vec<&str> {
        let mut all: Vec<&str> = self.prefixes.iter().map(String::as_str).collect();
        for node in &self.required {
            node.prefixes(&mut |p| all.push(p));
        }
        all.sort_unstable();
        all.dedup();
        all
    }

    /// Adds `node`'s words, phrases and prefixes (outside any `NOT`) to what is ranked.
    fn rank(&mut self, node: &Node) {
        match node {
            Node::Word(w) => self.words.push(w.clone()),
            Node::Phrase(p) => self.ranked_phrases.push(p.clone()),
            Node::Prefix(p) => self.prefixes.push(p.clone()),
            Node::Near { words, .. } => {
                self.words
                    .extend(words.split_whitespace().map(str::to_string));
            }
            Node::All(c) | Node::Any(c) | Node::Group(c) => c.iter().for_each(|n| self.rank(n)),
            Node::Field(_) | Node::Not(_) => {}
        }
    }

    /// Adds one item of the query's top level: words rank, filters and phrases must hold,
    /// exclusions must not, operators become conditions.
    fn add(&mut self, node: Node) {
        match node {
            Node::Word(w) => self.words.push(w),
            Node::Prefix(p) => self.prefixes.push(p),
            Node::Phrase(p) => self.phrases.push(p),
            Node::Field(f) => self.filters.push(f),
            Node::Not(inner) => self.exclude(*inner),
            Node::All(children) => children.into_iter().for_each(|c| self.require(c)),
            other => self.condition(other),
        }
    }

    fn exclude(&mut self, node: Node) {
        match node {
            Node::Word(w) | Node::Phrase(w) => self.excluded.push(w),
            Node::Field(f) => self.excluded_filters.push(f),
            other => self.required.push(Node::Not(Box::new(other))),
        }
    }

    /// `+word` or a side of `AND`: as at the top level, but a word must occur.
    fn require(&mut self, node: Node) {
        if node.is_ranked() {
            self.condition(node);
        } else {
            self.add(node);
        }
    }

    fn condition(&mut self, node: Node) {
        self.rank(&node);
        self.required.push(node);
    }
}
