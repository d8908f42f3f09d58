//! From tokens to a [`Query`]: operators by Lucene's classic precedence, `NOT` binding
//! tightest, then `AND`, then `OR`, then terms side by side.

use super::filter::filter;
use super::lex::{lex, Tok, Token};
use super::{Node, Query};
use crate::error::Error;

/// Parses the query language; errors point at the offending byte.
pub fn parse(input: &str) -> Result<Query, Error> {
    let (tokens, warnings) = lex(input)?;
    let mut p = Parser {
        input,
        tokens,
        pos: 0,
        depth: 0,
    };
    let items = p.sequence(None)?;
    if let Some(t) = p.peek() {
        return Err(p.err(t.at, "this parenthesis closes nothing"));
    }
    let mut q = Query {
        warnings,
        ..Query::default()
    };
    items.into_iter().for_each(|n| q.add(n));
    if q.is_empty() {
        let msg = if q.excluded.is_empty() && q.excluded_filters.is_empty() {
            "the query has no words to search for"
        } else {
            "a query cannot only exclude: add a word or a filter"
        };
        return Err(Error::query(input, 0, msg));
    }
    Ok(q)
}

/// The field whose values a group holds (`tag:(KTIP OR PHUM)`), and where its name is.
type Scope = Option<(&'static str, usize)>;

/// Deepest nesting of parentheses and unary operators: no one writes more, and a parser
/// that recursed as deep as a hostile query nests would overflow its stack.
const MAX_DEPTH: usize = 32;

struct Parser<'a> {
    input: &'a str,
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn take(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn err(&self, at: usize, message: impl Into<String>) -> Error {
        Error::query(self.input, at, message)
    }

    /// Terms side by side, up to the end or a closing parenthesis.
    fn sequence(&mut self, scope: Scope) -> Result<Vec<Node>, Error> {
        let mut items = Vec::new();
        while self.peek().is_some_and(|t| t.tok != Tok::Close) {
            items.push(self.or(scope)?);
        }
        Ok(items)
    }

    /// Whether the next token can start a term.
    fn term_follows(&self) -> bool {
        self.peek()
            .is_some_and(|t| !matches!(t.tok, Tok::Close | Tok::And | Tok::Or))
    }

    /// `a OR b OR c` (`joiner` is `Tok::Or`) or `a AND b` (`Tok::And`).
    fn joined(
        &mut self,
        scope: Scope,
        joiner: Tok,
        next: fn(&mut Self, Scope) -> Result<Node, Error>,
    ) -> Result<Node, Error> {
        let mut parts = vec![next(self, scope)?];
        while let Some(t) = self.peek().filter(|t| t.tok == joiner).cloned() {
            self.pos += 1;
            if !self.term_follows() {
                return Err(self.err(t.at, format!("{} needs a term after it", name(&joiner))));
            }
            parts.push(next(self, scope)?);
        }
        Ok(match (parts.len(), joiner) {
            (1, _) => parts.remove(0),
            (_, Tok::Or) => Node::Any(parts),
            _ => Node::All(parts),
        })
    }

    fn or(&mut self, scope: Scope) -> Result<Node, Error> {
        self.joined(scope, Tok::Or, Self::and)
    }

    fn and(&mut self, scope: Scope) -> Result<Node, Error> {
        self.joined(scope, Tok::And, Self::unary)
    }

    fn unary(&mut self, scope: Scope) -> Result<Node, Error> {
        let Some(t) = self.take() else {
            return Err(self.err(self.input.len(), "a term is missing here"));
        };
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err(
                t.at,
                format!("operators and parentheses nest at most {MAX_DEPTH} deep"),
            ));
        }
        let node = self.unary_at(t, scope);
        self.depth -= 1;
        node
    }

    fn unary_at(&mut self, t: Token, scope: Scope) -> Result<Node, Error> {
        match t.tok {
            Tok::Not | Tok::Plus if !self.term_follows() => {
                Err(self.err(t.at, "this operator needs a term after it"))
            }
            Tok::Not => Ok(Node::Not(Box::new(self.unary(scope)?))),
            Tok::Plus => Ok(Node::All(vec![self.unary(scope)?])),
            Tok::And | Tok::Or => {
                Err(self.err(t.at, format!("{} needs a term before it", name(&t.tok))))
            }
            _ => self.atom(t, scope),
        }
    }

    fn atom(&mut self, t: Token, scope: Scope) -> Result<Node, Error> {
        match (t.tok, scope) {
            (Tok::Open, _) => self.group(t.at, scope),
            (Tok::FieldGroup(name), None) => self.group(t.at, Some((name, t.at))),
            (Tok::Word(w), Some((name, at))) => self.field(name, at, &w, t.at),
            (Tok::Phrase(p, None), Some((name, at))) => self.field(name, at, &p, t.at + 1),
            (Tok::Word(w), None) => Ok(Node::Word(w)),
            (Tok::Prefix(p), None) => Ok(Node::Prefix(p)),
            (Tok::Phrase(p, None), None) => Ok(Node::Phrase(p)),
            (Tok::Phrase(words, Some(distance)), None) | (Tok::Near(words, distance), None) => {
                Ok(Node::Near { words, distance })
            }
            (Tok::Field(name, value, value_at), None) => self.field(name, t.at, &value, value_at),
            (Tok::Close, _) => Err(self.err(t.at, "a term is missing before this parenthesis")),
            (_, Some((name, _))) => Err(self.err(
                t.at,
                format!("a value of '{name}:' is a word or a \"phrase\", joined by OR, AND, NOT"),
            )),
            (_, None) => Err(self.err(t.at, "a term is missing here")),
        }
    }

    fn group(&mut self, open: usize, scope: Scope) -> Result<Node, Error> {
        let mut items = self.sequence(scope)?;
        if self.take().is_none() {
            return Err(self.err(open, "this parenthesis is never closed"));
        }
        Ok(match items.len() {
            0 => return Err(self.err(open, "empty parentheses")),
            1 => items.remove(0),
            _ => Node::Group(items),
        })
    }

    fn field(&self, name: &str, name_at: usize, value: &str, at: usize) -> Result<Node, Error> {
        filter(self.input, name, name_at, value.trim(), at).map(Node::Field)
    }
}

/// An operator as the user typed it.
fn name(tok: &Tok) -> &'static str {
    match tok {
        Tok::And => "AND",
        Tok::Or => "OR",
        _ => "NOT",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Filter;

    #[test]
    fn a_bad_date_after_a_line_separator_is_an_error_not_a_panic() {
        // Found by the fuzzer (tests/fuzz.rs, 30-minute run): the caret's offset fell inside
        // the U+2028 before the range.
        let input = "date:\u{2028}..2\u{FB00}009-06 d'sort'";
        match parse(input) {
            Err(Error::Query { query, caret, .. }) => {
                assert_eq!(query, input);
                assert!(caret.ends_with('^'), "{caret:?}");
            }
            other => panic!("a query error, not {other:?}"),
        }
    }

    #[test]
    fn punctuation_alone_is_no_query() {
        for input in ["*", "...", " - ", "\"*\""] {
            assert!(parse(input).is_err(), "{input:?} must be refused");
        }
        let q = parse("forced labor * Nakhchivan").expect("words around a star");
        assert_eq!(q.words, ["forced", "labor", "Nakhchivan"]);
    }

    #[test]
    fn parses_every_form() {
        let q =
            parse(r#"forced labor "national referral" -sex tag:ktip origin:baku date:2009..2010"#)
                .unwrap();
        assert_eq!(q.words, ["forced", "labor"]);
        assert_eq!(q.phrases, ["national referral"]);
        assert_eq!(q.excluded, ["sex"]);
        assert_eq!(q.filters[0], Filter::Tag("KTIP".into()));
        assert!(matches!(q.filters[2], Filter::Date { .. }));
        assert!(q.required.is_empty(), "no operator, no condition");
    }

    #[test]
    fn operators_bind_not_then_and_then_or() {
        let q = parse("forced labor OR begging AND NOT children").unwrap();
        assert_eq!(q.words, ["forced", "labor", "begging"]);
        let want = Node::Any(vec![
            Node::Word("labor".into()),
            Node::All(vec![
                Node::Word("begging".into()),
                Node::Not(Box::new(Node::Word("children".into()))),
            ]),
        ]);
        assert_eq!(q.required, [want]);
        let q = parse("tag:KTIP AND date:2009").unwrap();
        assert_eq!((q.filters.len(), q.required.len()), (2, 0));
        let q = parse("forced and labor or not").unwrap();
        assert_eq!(q.words, ["forced", "and", "labor", "or", "not"]);
    }

    #[test]
    fn groups_fields_proximity_and_prefixes() {
        let q = parse("(forced OR bonded) labor").unwrap();
        assert_eq!(
            q.words,
            ["forced", "bonded", "labor"],
            "words rank in the order typed"
        );
        let q = parse("tag:(KTIP OR PHUM) +recruit*").unwrap();
        let tags = Node::Any(vec![
            Node::Field(Filter::Tag("KTIP".into())),
            Node::Field(Filter::Tag("PHUM".into())),
        ]);
        assert_eq!(q.required, [tags, Node::Prefix("recruit".into())]);
        let near = |w: &str, d| Node::Near {
            words: w.into(),
            distance: d,
        };
        assert_eq!(
            parse(r#""forced labor"~5"#).unwrap().required,
            [near("forced labor", 5)]
        );
        let q = parse("NEAR(forced begging, 10) subject:assessment title:\"tip report\"").unwrap();
        assert_eq!(q.required, [near("forced begging", 10)]);
        assert_eq!(q.filters[1], Filter::Subject("tip report".into()));
        assert_eq!(
            parse("ref:09state109948").unwrap().filters,
            [Filter::Cites("09STATE109948".into())]
        );
    }

    #[test]
    fn pasted_subjects_and_unknown_names_are_text() {
        let q = parse("AZERBAIJAN: TIP INTERIM ASSESSMENT").unwrap();
        assert_eq!(q.words, ["AZERBAIJAN", "TIP", "INTERIM", "ASSESSMENT"]);
        let q = parse("Russian admiral: helicopter carrier - update").unwrap();
        assert_eq!(q.words.len(), 5);
        let q = parse("tga:KTIP victims").unwrap();
        assert_eq!(q.words, ["tga:KTIP", "victims"]);
        assert!(
            q.warnings[0].contains("did you mean 'tag:'"),
            "{:?}",
            q.warnings
        );
        let q = parse("nosuch:field").unwrap();
        assert!(q.warnings.is_empty() && q.filters.is_empty());
    }

    #[test]
    fn errors_point_at_the_problem() {
        let caret = |q: &str| match parse(q) {
            Err(Error::Query { caret, message, .. }) => (caret.len() - 1, message),
            other => panic!("{q}: an error, not {other:?}"),
        };
        assert_eq!(caret(r#"labor "unclosed"#).0, 6);
        assert_eq!(caret("forced OR").0, 7);
        assert_eq!(caret("OR forced").0, 0);
        assert_eq!(caret("(a b").0, 0);
        assert_eq!(caret("a b)").0, 3);
        assert_eq!(caret(r#""forced labor"~x"#).0, 14);
        assert_eq!(caret("labor~2").0, 5);
        let (at, message) = caret("re* labor");
        assert!(at == 0 && message.contains("3 letters"), "{message}");
        assert!(caret("labor tag:").1.contains("needs a value"));
        assert!(caret("date:2009-13-01").1.contains("not a date"));
        assert!(caret("tag:(KTIP OR recruit*)")
            .1
            .contains("a value of 'tag:'"));
    }
}
