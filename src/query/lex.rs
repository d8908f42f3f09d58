//! The query's tokens: words, prefixes, phrases, proximity, fields, operators and
//! parentheses, each with the byte where it starts (for the caret of an error).

use super::fields;
use crate::error::Error;

/// The longest distance a proximity search may ask for: further apart, words are hardly
/// near, and tantivy keeps the distance in a byte.
pub const MAX_DISTANCE: u32 = 100;

/// The distance `NEAR(a b)` means when none is given, as in SQLite FTS5.
const NEAR_DEFAULT: u32 = 10;

/// One token of a query.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    /// A word of text.
    Word(String),
    /// `recruit*`: the letters before the star.
    Prefix(String),
    /// `"forced labor"`, or `"forced labor"~5` with the distance.
    Phrase(String, Option<u32>),
    /// `NEAR(forced begging, 10)`: the words and their distance.
    Near(String, u32),
    /// `tag:KTIP`: a known field's name and its value, with where the value starts.
    Field(&'static str, String, usize),
    /// `tag:(`: a known field's name before a group of values.
    FieldGroup(&'static str),
    /// `(`.
    Open,
    /// `)`.
    Close,
    /// `AND`.
    And,
    /// `OR`.
    Or,
    /// `NOT`, or `-` before a term.
    Not,
    /// `+` before a term.
    Plus,
}

/// A token and the byte where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Token {
    pub tok: Tok,
    pub at: usize,
}

/// The tokens of `input`, and warnings about what was read other than it looks (a likely
/// misspelled field).
pub(super) fn lex(input: &str) -> Result<(Vec<Token>, Vec<String>), Error> {
    let mut lexer = Lexer {
        input,
        i: 0,
        tokens: Vec::new(),
        warnings: Vec::new(),
    };
    while lexer.i < input.len() {
        lexer.next()?;
    }
    Ok((lexer.tokens, lexer.warnings))
}

struct Lexer<'a> {
    input: &'a str,
    i: usize,
    tokens: Vec<Token>,
    warnings: Vec<String>,
}

/// Bytes that end a word: space, parentheses and quotes.
fn ends_word(b: u8) -> bool {
    b.is_ascii_whitespace() || matches!(b, b'(' | b')' | b'"')
}

impl Lexer<'_> {
    fn byte(&self, at: usize) -> Option<u8> {
        self.input.as_bytes().get(at).copied()
    }

    fn push(&mut self, tok: Tok, at: usize) {
        self.tokens.push(Token { tok, at });
    }

    fn err(&self, at: usize, message: impl Into<String>) -> Error {
        Error::query(self.input, at, message)
    }

    fn next(&mut self) -> Result<(), Error> {
        let at = self.i;
        let Some(b) = self.byte(at) else {
            return Ok(());
        };
        self.i += 1;
        match b {
            b if b.is_ascii_whitespace() => {}
            b'(' => self.push(Tok::Open, at),
            b')' => self.push(Tok::Close, at),
            b'"' => self.phrase(at)?,
            b'-' | b'+' => self.sign(b, at)?,
            _ => {
                self.i = at;
                self.word()?;
            }
        }
        Ok(())
    }

    /// `-term` excludes and `+term` requires; a sign alone is punctuation, as in a pasted
    /// "AZERBAIJAN - TIER 2", but a dangling minus is refused: it was meant to exclude.
    fn sign(&mut self, b: u8, at: usize) -> Result<(), Error> {
        match self.byte(self.i) {
            Some(next) if !next.is_ascii_whitespace() && next != b')' => {
                self.push(if b == b'-' { Tok::Not } else { Tok::Plus }, at);
                Ok(())
            }
            _ if b == b'-' && self.tokens.is_empty() => {
                Err(self.err(at, "'-' must be followed by a word to exclude"))
            }
            _ => Ok(()),
        }
    }

    /// The text between quotes, then an optional `~N`.
    fn phrase(&mut self, open: usize) -> Result<(), Error> {
        let text = self.quoted(open)?;
        let distance = self.distance()?;
        if !text.chars().any(char::is_alphanumeric) {
            if text.trim().is_empty() {
                return Err(self.err(open, "empty phrase"));
            }
            return Ok(());
        }
        self.push(Tok::Phrase(text, distance), open);
        Ok(())
    }

    fn quoted(&mut self, open: usize) -> Result<String, Error> {
        let rest = &self.input[open + 1..];
        let end = rest
            .find('"')
            .ok_or_else(|| self.err(open, "this quote is never closed"))?;
        self.i = open + 1 + end + 1;
        Ok(rest[..end].trim().to_string())
    }

    /// `~5` after a phrase: how far apart its words may be.
    fn distance(&mut self) -> Result<Option<u32>, Error> {
        if self.byte(self.i) != Some(b'~') {
            return Ok(None);
        }
        let at = self.i;
        let digits = self.input[at + 1..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        let end = at + 1 + digits;
        let number = self.input[at + 1..end].parse::<u32>().ok();
        match number {
            Some(n) if n <= MAX_DISTANCE && self.byte(end).is_none_or(ends_word) => {
                self.i = end;
                Ok(Some(n))
            }
            Some(_) if self.byte(end).is_none_or(ends_word) => Err(self.err(
                at,
                format!("words can be at most {MAX_DISTANCE} positions apart"),
            )),
            _ => Err(self.err(
                at,
                "'~' takes a number of positions, as in \"forced labor\"~5",
            )),
        }
    }

    fn word(&mut self) -> Result<(), Error> {
        let at = self.i;
        let len = self.input[at..]
            .bytes()
            .position(|b| ends_word(b) || b == b':')
            .unwrap_or(self.input.len() - at);
        self.i = at + len;
        let word = &self.input[at..self.i];
        if self.byte(self.i) == Some(b':') {
            return self.field(word, at);
        }
        if word == "NEAR" && self.byte(self.i) == Some(b'(') {
            return self.near(at);
        }
        self.bare(word, at)
    }

    /// A word that is an operator, a prefix, or text.
    fn bare(&mut self, word: &str, at: usize) -> Result<(), Error> {
        let tok = match word {
            "AND" => Tok::And,
            "OR" => Tok::Or,
            "NOT" => Tok::Not,
            _ => match self.text(word, at)? {
                Some(tok) => tok,
                None => return Ok(()),
            },
        };
        self.push(tok, at);
        Ok(())
    }

    /// A word of text or a prefix; `None` for punctuation, which no index holds.
    fn text(&self, word: &str, at: usize) -> Result<Option<Tok>, Error> {
        if let Some(tilde) = word.find('~') {
            return Err(self.err(
                at + tilde,
                "'~' follows a quoted phrase, as in \"forced labor\"~5 (near spellings of rare \
                 words are found without it)",
            ));
        }
        if !word.chars().any(char::is_alphanumeric) {
            return Ok(None);
        }
        let stem = word.trim_end_matches('*');
        if stem.len() == word.len() {
            return Ok(Some(Tok::Word(word.to_string())));
        }
        if stem.chars().filter(|c| c.is_alphanumeric()).count() < 3 {
            return Err(self.err(
                at,
                "a prefix needs at least 3 letters before the '*' (recruit*)",
            ));
        }
        Ok(Some(Tok::Prefix(stem.to_string())))
    }

    /// `name:value`, `name:"value"` or `name:(...)` for a known field; anything else with
    /// a colon is text ("AZERBAIJAN: TIP INTERIM ASSESSMENT", "12958:"), with a warning
    /// when the name looks like a misspelled field.
    fn field(&mut self, name: &str, at: usize) -> Result<(), Error> {
        self.i += 1;
        let value_at = self.i;
        let spaced = self.byte(value_at).is_none_or(|b| b.is_ascii_whitespace());
        let spec = fields::known(name).filter(|_| name.bytes().all(|b| b.is_ascii_alphabetic()));
        let Some(spec) = spec else {
            return self.not_a_field(name, at, spaced);
        };
        match self.byte(value_at) {
            _ if spaced => Err(self.err(value_at, format!("the filter '{name}:' needs a value"))),
            Some(b'(') => {
                self.i += 1;
                self.push(Tok::FieldGroup(spec.name), at);
                Ok(())
            }
            Some(b'"') => {
                let value = self.quoted(value_at)?;
                self.push(Tok::Field(spec.name, value, value_at), at);
                Ok(())
            }
            _ => {
                let len = self.input[value_at..]
                    .bytes()
                    .position(|b| b.is_ascii_whitespace() || b == b')')
                    .unwrap_or(self.input.len() - value_at);
                self.i = value_at + len;
                let value = self.input[value_at..self.i].to_string();
                self.push(Tok::Field(spec.name, value, value_at), at);
                Ok(())
            }
        }
    }

    fn not_a_field(&mut self, name: &str, at: usize, spaced: bool) -> Result<(), Error> {
        if !spaced {
            if let Some(meant) = fields::likely_typo(name) {
                self.warnings.push(format!(
                    "'{name}:' is not a field (did you mean '{meant}:'?); it was searched as text"
                ));
            }
        }
        if spaced {
            return self.bare(name, at);
        }
        // The colon and what follows stay in the word: "12958:x" is one word of text.
        let len = self.input[at..]
            .bytes()
            .position(ends_word)
            .unwrap_or(self.input.len() - at);
        self.i = at + len;
        let word = self.input[at..self.i].to_string();
        self.bare(&word, at)
    }

    /// `NEAR(words, N)` as SQLite FTS5 writes it.
    fn near(&mut self, at: usize) -> Result<(), Error> {
        let open = self.i;
        let close = self.input[open..]
            .find(')')
            .map(|p| open + p)
            .ok_or_else(|| self.err(open, "this NEAR( is never closed"))?;
        let inside = self.input[open + 1..close].replace('"', " ");
        self.i = close + 1;
        let (words, distance) = match inside.rsplit_once(',') {
            Some((words, n)) => {
                let n = n.trim().parse::<u32>().ok().filter(|n| *n <= MAX_DISTANCE);
                let n = n.ok_or_else(|| {
                    self.err(
                        close,
                        format!("NEAR's distance is a number up to {MAX_DISTANCE}, as in NEAR(forced begging, 10)"),
                    )
                })?;
                (words.to_string(), n)
            }
            None => (inside, NEAR_DEFAULT),
        };
        if words.split_whitespace().count() < 2 {
            return Err(self.err(at, "NEAR needs two words or more: NEAR(forced begging, 10)"));
        }
        self.push(Tok::Near(words.trim().to_string(), distance), at);
        Ok(())
    }
}
