//! The text analyzer shared by indexing, querying and highlighting, so that all three agree
//! on what a word is.

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, TextAnalyzer, Token, TokenStream, Tokenizer,
};
use unicode_segmentation::UnicodeSegmentation;

use crate::variants;

/// Name under which the analyzer is registered in the index.
pub const ANALYZER: &str = "tip_en";

/// Longest word indexed, in bytes: longer "words" are base64 blobs or run-together tables.
const LONGEST_WORD: usize = 60;

/// The cables' abbreviation of the United States, which they write both `U.S.` and `US`:
/// `US` in capitals is indexed as `U.S` is, so that a query of either finds both, and
/// neither finds the pronoun *us* ("told us"), which lower-casing made the same word.
const US: (&str, &str) = ("US", "U.S");

/// Words remembered per analyzer before the memory starts afresh.
const MEMORY_WORDS: usize = 50_000;

/// The whole analysis in one tokenizer: Unicode words (UAX #29), possessives dropped,
/// words of [`LONGEST_WORD`] bytes or more skipped, then each word lower-cased,
/// ASCII-folded, given its one spelling (`labour` is `labor`) and Snowball-stemmed.
///
/// A corpus of millions of words has some tens of thousands of distinct ones, so the
/// tokenizer remembers what each word as written becomes: most words cost one hash
/// lookup instead of four filters. ASCII text, nearly all of this corpus, is split by a
/// byte scanner that follows UAX #29's rules for ASCII, since the general Unicode tables
/// cost more than the rest of the analysis.
#[derive(Clone)]
pub struct WordTokenizer {
    token: Token,
    memory: FxHashMap<Box<str>, Option<Box<str>>>,
    stemmer: frostem::Stemmer,
    folder: TextAnalyzer,
}

impl Default for WordTokenizer {
    fn default() -> Self {
        WordTokenizer {
            token: Token::default(),
            memory: FxHashMap::default(),
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
            folder: TextAnalyzer::builder(RawTokenizer::default())
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build(),
        }
    }
}

impl WordTokenizer {
    /// What a word as written is indexed as; `None` for a word too long to index.
    fn normalise(&mut self, word: &str) -> Option<Box<str>> {
        if word.len() >= LONGEST_WORD {
            return None;
        }
        let word = if word == US.0 { US.1 } else { word };
        let folded = if word.is_ascii() {
            word.to_ascii_lowercase()
        } else {
            let mut stream = self.folder.token_stream(word);
            let mut out = String::new();
            while stream.advance() {
                out.push_str(&stream.token().text);
            }
            out
        };
        let spelled = variants::canonical(&folded).unwrap_or(&folded);
        Some(self.stemmer.stem(spelled).into())
    }
}

/// The token stream of [`WordTokenizer`].
pub struct WordStream<'a> {
    text: &'a str,
    words: Words<'a>,
    tokenizer: &'a mut WordTokenizer,
}

/// Where the next word comes from: the ASCII scanner or the Unicode tables.
enum Words<'a> {
    Ascii(AsciiWords<'a>),
    Unicode(unicode_segmentation::UWordBoundIndices<'a>),
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        self.token.reset();
        if self.memory.len() > MEMORY_WORDS {
            self.memory.clear();
        }
        let words = if text.is_ascii() {
            Words::Ascii(AsciiWords {
                bytes: text.as_bytes(),
                at: 0,
            })
        } else {
            Words::Unicode(text.split_word_bound_indices())
        };
        WordStream {
            text,
            words,
            tokenizer: self,
        }
    }
}

impl WordStream<'_> {
    /// The next segment holding a letter or digit, as a byte range.
    fn next_word(&mut self) -> Option<(usize, usize)> {
        match &mut self.words {
            Words::Ascii(w) => w.next(),
            Words::Unicode(w) => w
                .by_ref()
                .find(|(_, word)| word.chars().any(char::is_alphanumeric))
                .map(|(at, word)| (at, at + word.len())),
        }
    }
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        while let Some((start, end)) = self.next_word() {
            let word = &self.text[start..end];
            // Possessives add nothing to a search: "Azerbaijan's" is "Azerbaijan".
            let word = word
                .strip_suffix("'s")
                .or_else(|| word.strip_suffix("\u{2019}s"))
                .or_else(|| word.strip_suffix("'S"))
                .unwrap_or(word);
            // Positions count skipped (too long) words too, as a filter after the split would.
            let t = &mut self.tokenizer;
            t.token.position = t.token.position.wrapping_add(1);
            let term = match t.memory.get(word) {
                Some(term) => term.as_deref(),
                None => {
                    let term = t.normalise(word);
                    t.memory.entry(word.into()).or_insert(term).as_deref()
                }
            };
            let Some(term) = term else { continue };
            t.token.text.clear();
            t.token.text.push_str(term);
            t.token.offset_from = start;
            t.token.offset_to = start + word.len();
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        &self.tokenizer.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokenizer.token
    }
}

/// UAX #29 word boundaries over ASCII text, yielding the segments that hold a letter or
/// digit. For ASCII the rules reduce to: letters, digits and `_` run together; `.` `'`
/// `:` join letters on both sides; `.` `'` `,` `;` join digits on both sides.
struct AsciiWords<'a> {
    bytes: &'a [u8],
    at: usize,
}

/// `_`: UAX #29's ExtendNumLet, which joins letters and digits.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

impl AsciiWords<'_> {
    fn next(&mut self) -> Option<(usize, usize)> {
        let b = self.bytes;
        loop {
            while self.at < b.len() && !is_word_byte(b[self.at]) {
                self.at += 1;
            }
            if self.at >= b.len() {
                return None;
            }
            let start = self.at;
            let mut i = start + 1;
            while i < b.len() {
                if is_word_byte(b[i]) {
                    i += 1;
                    continue;
                }
                // A middle character joins two letters or two digits (WB6/7, WB11/12).
                let (before, after) = (b[i - 1], b.get(i + 1).copied().unwrap_or(b' '));
                let joins = match b[i] {
                    b'.' | b'\'' => {
                        (before.is_ascii_alphabetic() && after.is_ascii_alphabetic())
                            || (before.is_ascii_digit() && after.is_ascii_digit())
                    }
                    b':' => before.is_ascii_alphabetic() && after.is_ascii_alphabetic(),
                    b',' | b';' => before.is_ascii_digit() && after.is_ascii_digit(),
                    _ => false,
                };
                if !joins {
                    break;
                }
                i += 2;
            }
            self.at = i;
            if b[start..i].iter().any(u8::is_ascii_alphanumeric) {
                return Some((start, i));
            }
        }
    }
}

/// The full English analyzer (see [`WordTokenizer`]).
pub fn text_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default()).build()
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

/// The index terms of `text`, in order: how a query's words and phrases are looked up.
pub fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    words(analyzer, text).into_iter().map(|w| w.term).collect()
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
            &"Trafficking victims in Nakhchivan's São Paulo"[w[3].start..w[3].end],
            "Nakhchivan"
        );
    }

    #[test]
    fn variants_and_long_words_keep_positions() {
        let mut a = text_analyzer();
        let long = "x".repeat(LONGEST_WORD);
        let text = format!("Labour {long} programmes");
        let w = words(&mut a, &text);
        let got: Vec<(&str, usize)> = w.iter().map(|w| (w.term.as_str(), w.position)).collect();
        assert_eq!(got, [("labor", 0), ("program", 2)]);
        // Remembered words give the same answer the second time.
        assert_eq!(words(&mut a, &text), w);
    }

    #[test]
    fn the_united_states_abbreviated_is_one_word_and_not_the_pronoun() {
        let mut a = text_analyzer();
        let mut term = |text: &str| terms(&mut a, text);
        // 09BAKU141 writes "the US Embassy", 09BAKU911 "the U.S. Department of Justice".
        assert_eq!(term("the US Embassy")[1], term("the U.S. Department")[1]);
        assert_ne!(term("they told us")[2], term("US")[0]);
        assert_eq!(
            term("Us"),
            term("us"),
            "only the capitals are the abbreviation"
        );
    }

    /// The segments holding a letter or digit, by the Unicode tables.
    fn unicode_words(text: &str) -> Vec<(usize, usize)> {
        text.split_word_bound_indices()
            .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
            .map(|(at, w)| (at, at + w.len()))
            .collect()
    }

    fn ascii_words(text: &str) -> Vec<(usize, usize)> {
        let mut w = AsciiWords {
            bytes: text.as_bytes(),
            at: 0,
        };
        std::iter::from_fn(|| w.next()).collect()
    }

    #[test]
    fn the_ascii_scanner_splits_as_uax29_does() {
        for text in [
            "U.S. workers' 3.5 1,000 a:b e-mail GOAJ's TAGS:PGOV x_1 __ a.'b 5.a a.5 1;2 3'4",
            "(SBU) 2. Para. 'quoted' ..a.. 1,, ,1 a:: :a _a_ 12:30 09BAKU141 \"q\" end.",
        ] {
            assert_eq!(ascii_words(text), unicode_words(text), "{text}");
        }
        // Every short string over the characters the rules treat specially.
        let alphabet = b"a1.':,;_ -\"\n";
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 9) as usize;
            let text: String = (0..len)
                .map(|k| alphabet[((seed >> (8 + 4 * k)) % alphabet.len() as u64) as usize] as char)
                .collect();
            assert_eq!(ascii_words(&text), unicode_words(&text), "{text:?}");
        }
        // And the bundled corpus.
        for (name, text) in crate::bundled::DOCUMENTS {
            for line in text.lines().filter(|l| l.is_ascii()) {
                assert_eq!(ascii_words(line), unicode_words(line), "{name}: {line}");
            }
        }
    }
}
