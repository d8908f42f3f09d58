//! What a query looks for, as the index's analyzer sees it: each word a concept with every
//! form that counts as it (the word as typed, its spellings, demonym, family, synonyms,
//! broader nouns, and what the index adds: near spellings, compounds, the acronyms
//! documents define, the words a prefix stands for). Ranking and highlighting both read
//! one [`Matcher`], so they agree on what matched.

use tantivy::tokenizer::TextAnalyzer;

use crate::analyzer;
use crate::lexicon;
use crate::variants;

/// Where a form of a concept comes from: what `--explain` names, and what the ranking
/// weighs (a word as typed counts fully, an expansion less).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Expansion {
    /// The word as the user typed it (stemmed).
    Typed,
    /// Another phrasing from the spelling and acronym table (`NRM`, `national referral
    /// mechanism`).
    Phrasing,
    /// A country's name for its demonym, or the reverse (`Egyptian`, `Egypt`).
    Demonym,
    /// A word of the same family by derivation (`detained`, `detention`).
    Family,
    /// A synonym in the word's most frequent sense (`kids`, `children`).
    Synonym,
    /// A noun one step broader than one of the word's common senses (`staff`, `personnel`).
    Hypernym,
    /// A word one or two edits away that the index holds (`Marietta`, `Marrieta`).
    NearSpelling,
    /// An acronym's expansion defined in the passage's own document, or the reverse.
    Acronym,
    /// The word written apart or together (`turnout`, `turn-out`; `file sharing`,
    /// `filesharing`), where the index holds the other writing.
    Compound,
}

/// One form of a concept: analysed terms that must occur in a row (one term, or a phrase),
/// and how much a match of this form counts (expansions count less).
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    /// Stemmed terms, in order.
    pub terms: Vec<String>,
    /// Weight of a match of this form, 1 for the words as typed.
    pub weight: f32,
    /// Where the form comes from.
    pub kind: Expansion,
}

impl Form {
    /// A form of `kind`, weighed fully until the ranking says otherwise.
    pub fn new(terms: Vec<String>, kind: Expansion) -> Form {
        Form {
            terms,
            weight: 1.0,
            kind,
        }
    }
}

/// Adds a form of `terms` and `kind` unless `forms` has those terms already (the first
/// source to give a form names it), and says whether it did.
pub(crate) fn add_new(forms: &mut Vec<Form>, terms: Vec<String>, kind: Expansion) -> bool {
    let new = forms.iter().all(|f| f.terms != terms);
    if new {
        forms.push(Form::new(terms, kind));
    }
    new
}

/// One thing a query asks for: a word as typed, with every form that counts as it.
#[derive(Debug, Clone, PartialEq)]
pub struct Concept {
    /// The word or words as typed.
    pub label: String,
    /// The forms that count as this concept: the word itself first, then expansions.
    pub forms: Vec<Form>,
    /// A stop word ("how", "the"): a passage need not hold it, and it counts for none
    /// (almost every passage holds one), unless the query is nothing else.
    pub stop: bool,
}

/// What a query looks for in text, analysed with the index's analyzer: its concepts and its
/// quoted phrases. Ranking and highlighting both read it, so they agree on what matched.
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    /// The query's words, grouped with their variants and expansions.
    pub concepts: Vec<Concept>,
    /// Quoted phrases, as stemmed terms; each must occur, and is marked as one span.
    pub phrases: Vec<Vec<String>>,
}

/// Phrasings of the words a query starts with that only the index knows: how many words
/// they take, and the other phrasings (the acronyms its documents define).
pub type Phrasings<'a> = &'a dyn Fn(&[String]) -> Option<(usize, Vec<Vec<String>>)>;

impl Matcher {
    /// Analyses query words and phrases; words that spell an acronym or its expansion
    /// (`NRM`, `national referral mechanism`) become one concept with every phrasing.
    pub fn new(analyzer: &mut TextAnalyzer, words: &[String], phrases: &[String]) -> Matcher {
        Matcher::with_phrasings(analyzer, words, phrases, &|_| None)
    }

    /// As [`Matcher::new`], with the phrasings `defined` finds (see [`Phrasings`]).
    pub fn with_phrasings(
        analyzer: &mut TextAnalyzer,
        words: &[String],
        phrases: &[String],
        defined: Phrasings,
    ) -> Matcher {
        let mut m = Matcher::default();
        let mut i = 0;
        while i < words.len() {
            let n = m.push_phrasing(analyzer, &words[i..], defined);
            if n > 0 {
                i += n;
                continue;
            }
            let word = &words[i];
            let stop = variants::is_stop_word(&word.to_lowercase());
            // "non-physical" asks for each of its parts: the text may write "nonphysical".
            // Each part as typed too, for the lexicon's nouns (the analyzer drops a
            // possessive, as the parts do).
            let terms = analyzer::terms(analyzer, word);
            let parts: Vec<&str> = lexicon::bare(word)
                .split(|c: char| !c.is_alphanumeric())
                .filter(|p| !p.is_empty())
                .collect();
            for (k, term) in terms.iter().enumerate() {
                let part = (parts.len() == terms.len()).then(|| parts[k]);
                let mut forms = vec![Form::new(vec![term.clone()], Expansion::Typed)];
                if let Some(twin) = lexicon::number_twin(term) {
                    forms.push(Form::new(vec![twin], Expansion::Phrasing));
                }
                if !stop {
                    let family = lexicon::relatives(term).into_iter();
                    forms.extend(family.map(|t| Form::new(vec![t], Expansion::Family)));
                    let synonyms = lexicon::synonyms(term).into_iter();
                    let broader = part.map(lexicon::hypernyms).unwrap_or_default();
                    let broader = broader.into_iter();
                    let lexical = synonyms
                        .map(|t| (t, Expansion::Synonym))
                        .chain(broader.map(|t| (t, Expansion::Hypernym)));
                    for (t, kind) in lexical {
                        add_new(&mut forms, vec![t], kind);
                    }
                }
                m.push(Concept {
                    label: word.clone(),
                    forms,
                    stop,
                });
            }
            i += 1;
        }
        for p in phrases {
            let terms = analyzer::terms(analyzer, p);
            if !terms.is_empty() {
                m.phrases.push(terms);
            }
        }
        m
    }

    /// Adds a concept for each phrase that ranks without having to occur (one side of an
    /// `OR`): its words in a row, marked as one span.
    pub fn add_ranked_phrases(&mut self, analyzer: &mut TextAnalyzer, phrases: &[String]) {
        for p in phrases {
            let terms = analyzer::terms(analyzer, p);
            if terms.is_empty() {
                continue;
            }
            self.push(Concept {
                label: p.clone(),
                forms: vec![Form::new(terms, Expansion::Typed)],
                stop: false,
            });
        }
    }

    /// Adds the concept of a phrasing group or country that `words` start with, if any, and
    /// says how many words it took (0: none).
    fn push_phrasing(
        &mut self,
        analyzer: &mut TextAnalyzer,
        words: &[String],
        defined: Phrasings,
    ) -> usize {
        let found = variants::phrasing_at(words)
            .map(|(n, group)| (n, group.to_vec(), Expansion::Phrasing))
            .or_else(|| defined(words).map(|(n, o)| (n, o, Expansion::Acronym)))
            .or_else(|| lexicon::country_at(words).map(|(n, o)| (n, o, Expansion::Demonym)));
        let Some((n, others, kind)) = found else {
            return 0;
        };
        let typed = words[..n].join(" ");
        let mut forms = vec![Form::new(
            analyzer::terms(analyzer, &typed),
            Expansion::Typed,
        )];
        for other in others {
            let terms = analyzer::terms(analyzer, &other.join(" "));
            if !terms.is_empty() {
                add_new(&mut forms, terms, kind);
            }
        }
        forms.retain(|f| !f.terms.is_empty());
        self.push(Concept {
            label: typed,
            forms,
            stop: false,
        });
        n
    }

    fn push(&mut self, c: Concept) {
        if !c.forms.is_empty() && !self.concepts.iter().any(|k| k.forms == c.forms) {
            self.concepts.push(c);
        }
    }

    /// The concepts a passage must hold: all but stop words, unless the query is nothing else.
    pub fn content(&self) -> impl Iterator<Item = (usize, &Concept)> {
        let all_stop = self.concepts.iter().all(|c| c.stop);
        self.concepts
            .iter()
            .enumerate()
            .filter(move |(_, c)| all_stop || !c.stop)
    }
}
