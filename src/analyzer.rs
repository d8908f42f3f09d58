//! The text analyzer shared by indexing, querying and highlighting, so that all three agree
//! on what a word is.

use std::collections::HashMap;

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, TextAnalyzer, Token, TokenFilter,
    TokenStream, Tokenizer,
};
use unicode_segmentation::UnicodeSegmentation;

use crate::variants::SpellingFilter;

/// Name under which the analyzer is registered in the index.
pub const ANALYZER: &str = "tip_en";

/// Splits text into Unicode words (UAX #29), so "workers'" and "GOAJ's" tokenise as readers expect.
#[derive(Clone, Default)]
pub struct UnicodeWordTokenizer {
    token: Token,
}

/// The token stream of [`UnicodeWordTokenizer`].
pub struct UnicodeWordStream<'a> {
    words: unicode_segmentation::UWordBoundIndices<'a>,
    token: &'a mut Token,
}

impl Tokenizer for UnicodeWordTokenizer {
    type TokenStream<'a> = UnicodeWordStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> UnicodeWordStream<'a> {
        self.token.reset();
        UnicodeWordStream {
            words: text.split_word_bound_indices(),
            token: &mut self.token,
        }
    }
}

impl TokenStream for UnicodeWordStream<'_> {
    fn advance(&mut self) -> bool {
        for (offset, word) in self.words.by_ref() {
            if !word.chars().any(char::is_alphanumeric) {
                continue;
            }
            // Possessives add nothing to a search: "Azerbaijan's" is "Azerbaijan".
            let word = word
                .strip_suffix("'s")
                .or_else(|| word.strip_suffix("\u{2019}s"))
                .or_else(|| word.strip_suffix("'S"))
                .unwrap_or(word);
            self.token.text.clear();
            self.token.text.push_str(word);
            self.token.offset_from = offset;
            self.token.offset_to = offset + word.len();
            self.token.position = self.token.position.wrapping_add(1);
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// Snowball English stemming (the algorithm tantivy's own stemmer runs), remembering the
/// stems of words already seen: a corpus of millions of words has some tens of thousands of
/// distinct ones, so most words are stemmed by a lookup.
#[derive(Clone, Copy, Debug, Default)]
pub struct CachedStemmer;

/// Words remembered per analyzer before the memory starts afresh.
const STEM_CACHE_WORDS: usize = 50_000;

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerTokenizer<T> {
        CachedStemmerTokenizer {
            inner: tokenizer,
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
            cache: HashMap::new(),
        }
    }
}

/// The tokenizer [`CachedStemmer`] wraps around another, with its memory of stems.
#[derive(Clone)]
pub struct CachedStemmerTokenizer<T> {
    inner: T,
    stemmer: frostem::Stemmer,
    cache: HashMap<String, String>,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerTokenizer<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        if self.cache.len() > STEM_CACHE_WORDS {
            self.cache.clear();
        }
        CachedStemmerStream {
            inner: self.inner.token_stream(text),
            stemmer: self.stemmer,
            cache: &mut self.cache,
        }
    }
}

/// The token stream of [`CachedStemmerTokenizer`].
pub struct CachedStemmerStream<'a, S> {
    inner: S,
    stemmer: frostem::Stemmer,
    cache: &'a mut HashMap<String, String>,
}

impl<S: TokenStream> TokenStream for CachedStemmerStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.inner.advance() {
            return false;
        }
        let token = self.inner.token_mut();
        let stem = match self.cache.get(&token.text) {
            Some(stem) => stem,
            None => {
                let stem = self.stemmer.stem(&token.text).into_owned();
                self.cache.entry(token.text.clone()).or_insert(stem)
            }
        };
        token.text.clear();
        token.text.push_str(stem);
        true
    }

    fn token(&self) -> &Token {
        self.inner.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.inner.token_mut()
    }
}

/// The full English analyzer: words, lower case, ASCII folding, one spelling for each
/// variant (`labour` is `labor`), Snowball English stemming.
pub fn text_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(UnicodeWordTokenizer::default())
        .filter(RemoveLongFilter::limit(60))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(SpellingFilter)
        .filter(CachedStemmer)
        .build()
}

/// A word of analysed text: its index term and where it sits in the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The normalised (stemmed) term.
    pub term: String,
    /// Byte range in the analysed text.
    pub start: usize,
    /// End of the byte range (exclusive).
    pub end: usize,
    /// Position among the words.
    pub position: usize,
}

/// Runs the analyzer over `text`, keeping offsets for highlighting.
pub fn words(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        let t = stream.token();
        out.push(Word {
            term: t.text.clone(),
            start: t.offset_from,
            end: t.offset_to,
            position: t.position,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_folds_and_keeps_offsets() {
        let mut a = text_analyzer();
        let w = words(&mut a, "Trafficking victims in Nakhchivan's São Paulo");
        let terms: Vec<&str> = w.iter().map(|w| w.term.as_str()).collect();
        assert_eq!(
            terms,
            ["traffick", "victim", "in", "nakhchivan", "sao", "paulo"]
        );
        assert_eq!(
            &"Trafficking victims in Nakhchivan's"[w[3].start..w[3].end],
            "Nakhchivan"
        );
    }
}
