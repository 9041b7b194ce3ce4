package dev.plein.esdev;

import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.charfilter.HTMLStripCharFilter;
import org.apache.lucene.analysis.compound.CompoundWordTokenFilterBase;
import org.apache.lucene.analysis.compound.DictionaryCompoundWordTokenFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.core.LetterTokenizer;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.LengthFilter;
import org.apache.lucene.analysis.miscellaneous.SetKeywordMarkerFilter;
import org.apache.lucene.analysis.miscellaneous.TrimFilter;
import org.apache.lucene.analysis.miscellaneous.TruncateTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.apache.lucene.analysis.nl.DutchAnalyzer;
import org.apache.lucene.analysis.pattern.PatternTokenizer;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.util.CharsRef;
import org.apache.lucene.util.CharsRefBuilder;
import org.elasticsearch.index.IndexService;
import org.elasticsearch.index.analysis.AnalysisMode;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.CustomAnalyzer;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import java.io.StringReader;
import java.util.function.Function;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractCharFilterFactory;
import org.elasticsearch.index.analysis.AbstractIndexAnalyzerProvider;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.AbstractTokenizerFactory;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.NormalizingCharFilterFactory;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;
import org.tartarus.snowball.ext.DutchStemmer;
import org.tartarus.snowball.ext.EnglishStemmer;

/**
 * The analysis components of the plein-dev plugin. Each one mirrors the component of the same
 * name in Elasticsearch's analysis-common module, with the settings listed in its javadoc; other
 * settings of the real component are not supported here.
 */
final class Components {

    private Components() {}

    private static IllegalArgumentException unsupported(String what, String value, String supported) {
        return new IllegalArgumentException(
            "plein-dev (local Elasticsearch): " + what + " [" + value + "] is not available locally; supported: " + supported
                + ". Add it to tools/infra/elasticsearch/plein-dev-plugin or use ELASTICSEARCH_URL."
        );
    }

    // ---- analyzers ----------------------------------------------------------------------------

    /** {@code dutch}: stopwords, stopwords_path, stem_exclusion. */
    static final class DutchAnalyzerProvider extends AbstractIndexAnalyzerProvider<Analyzer> {
        private final DutchAnalyzer analyzer;

        DutchAnalyzerProvider(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            analyzer = new DutchAnalyzer(
                Analysis.parseStopWords(env, settings, DutchAnalyzer.getDefaultStopSet()),
                Analysis.parseStemExclusion(settings, CharArraySet.EMPTY_SET)
            );
        }

        @Override
        public DutchAnalyzer get() {
            return analyzer;
        }
    }

    /** {@code english}: stopwords, stopwords_path, stem_exclusion. */
    static final class EnglishAnalyzerProvider extends AbstractIndexAnalyzerProvider<Analyzer> {
        private final EnglishAnalyzer analyzer;

        EnglishAnalyzerProvider(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            analyzer = new EnglishAnalyzer(
                Analysis.parseStopWords(env, settings, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET),
                Analysis.parseStemExclusion(settings, CharArraySet.EMPTY_SET)
            );
        }

        @Override
        public EnglishAnalyzer get() {
            return analyzer;
        }
    }

    // ---- token filters ------------------------------------------------------------------------

    /** {@code asciifolding}: preserve_original. Usable in normalizers. */
    static final class AsciiFoldingFilter extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
        private final boolean preserveOriginal;

        AsciiFoldingFilter(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            preserveOriginal = settings.getAsBoolean("preserve_original", false);
        }

        @Override
        public TokenStream create(TokenStream input) {
            return new ASCIIFoldingFilter(input, preserveOriginal);
        }

        @Override
        public TokenStream normalize(TokenStream input) {
            return new ASCIIFoldingFilter(input, false);
        }
    }

    /** {@code stemmer}: language (or name) = dutch, english, light_english, minimal_english, possessive_english, porter, porter2. */
    static final class StemmerFilter extends AbstractTokenFilterFactory {
        private static final String SUPPORTED = "dutch, english, light_english, minimal_english, possessive_english, porter, porter2";
        private final String language;

        StemmerFilter(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            language = settings.get("language", settings.get("name", "porter")).toLowerCase(Locale.ROOT);
            create(new KeywordTokenizer()); // reject an unsupported language when the index is created
        }

        @Override
        public TokenStream create(TokenStream input) {
            return switch (language) {
                case "dutch" -> new SnowballFilter(input, new DutchStemmer());
                case "english", "porter" -> new PorterStemFilter(input);
                case "porter2" -> new SnowballFilter(input, new EnglishStemmer());
                case "light_english" -> new KStemFilter(input);
                case "minimal_english" -> new EnglishMinimalStemFilter(input);
                case "possessive_english" -> new EnglishPossessiveFilter(input);
                default -> throw unsupported("stemmer language", language, SUPPORTED);
            };
        }
    }

    /** {@code snowball}: language = Dutch, English, Porter, ... (any Snowball stemmer Lucene ships). */
    static final class SnowballFilterFactory extends AbstractTokenFilterFactory {
        private final String language;

        SnowballFilterFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            language = settings.get("language", "English");
        }

        @Override
        public TokenStream create(TokenStream input) {
            return new SnowballFilter(input, language);
        }
    }

    /** {@code keyword_marker}: keywords, keywords_path, ignore_case. */
    static final class KeywordMarkerFilter extends AbstractTokenFilterFactory {
        private final CharArraySet keywords;

        KeywordMarkerFilter(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            CharArraySet words = Analysis.getWordSet(env, settings, "keywords");
            if (words == null) {
                throw new IllegalArgumentException("keyword filter requires either `keywords` or `keywords_path` to be configured");
            }
            keywords = settings.getAsBoolean("ignore_case", false) ? new CharArraySet(words, true) : words;
        }

        @Override
        public TokenStream create(TokenStream input) {
            return new SetKeywordMarkerFilter(input, keywords);
        }
    }

    /** {@code edge_ngram}: min_gram (1), max_gram (2), preserve_original. */
    static final class EdgeNGramFilter extends AbstractTokenFilterFactory {
        private final int min;
        private final int max;
        private final boolean preserveOriginal;

        EdgeNGramFilter(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            min = settings.getAsInt("min_gram", 1);
            max = settings.getAsInt("max_gram", 2);
            preserveOriginal = settings.getAsBoolean("preserve_original", false);
        }

        @Override
        public TokenStream create(TokenStream input) {
            return new EdgeNGramTokenFilter(input, min, max, preserveOriginal);
        }
    }

    /** {@code ngram}: min_gram (1), max_gram (2), preserve_original. */
    static final class NGramFilter extends AbstractTokenFilterFactory {
        private final int min;
        private final int max;
        private final boolean preserveOriginal;

        NGramFilter(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            min = settings.getAsInt("min_gram", 1);
            max = settings.getAsInt("max_gram", 2);
            preserveOriginal = settings.getAsBoolean("preserve_original", false);
        }

        @Override
        public TokenStream create(TokenStream input) {
            return new NGramTokenFilter(input, min, max, preserveOriginal);
        }
    }

    /** {@code unique}: only_on_same_position. */
    static final class UniqueFilter extends AbstractTokenFilterFactory {
        private final boolean onlyOnSamePosition;

        UniqueFilter(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            onlyOnSamePosition = settings.getAsBoolean("only_on_same_position", false);
        }

        @Override
        public TokenStream create(TokenStream input) {
            return new UniqueTokenFilter(input, onlyOnSamePosition);
        }
    }

    /** Drops a token whose text was already seen (in the stream, or at the same position). */
    static final class UniqueTokenFilter extends TokenFilter {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final PositionIncrementAttribute position = addAttribute(PositionIncrementAttribute.class);
        private final CharArraySet seen = new CharArraySet(8, false);
        private final boolean onlyOnSamePosition;

        UniqueTokenFilter(TokenStream input, boolean onlyOnSamePosition) {
            super(input);
            this.onlyOnSamePosition = onlyOnSamePosition;
        }

        @Override
        public boolean incrementToken() throws IOException {
            while (input.incrementToken()) {
                if (onlyOnSamePosition && position.getPositionIncrement() > 0) {
                    seen.clear();
                }
                if (seen.contains(term.buffer(), 0, term.length()) == false) {
                    seen.add(Arrays.copyOf(term.buffer(), term.length()));
                    return true;
                }
            }
            return false;
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            seen.clear();
        }
    }

    /**
     * {@code dictionary_decompounder}: word_list or word_list_path (required), min_word_size (5),
     * min_subword_size (2), max_subword_size (15), only_longest_match (false). Keeps the compound
     * and adds each word of the list found inside it at the same position, as Elasticsearch does
     * (Lucene's DictionaryCompoundWordTokenFilter; the list is matched case-insensitively only when
     * the words are lower case, like the tokens after {@code lowercase}).
     */
    static final class DictionaryDecompounderFilter extends AbstractTokenFilterFactory {
        private final CharArraySet words;
        private final int minWordSize;
        private final int minSubwordSize;
        private final int maxSubwordSize;
        private final boolean onlyLongestMatch;

        DictionaryDecompounderFilter(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            words = Analysis.getWordSet(env, settings, "word_list");
            if (words == null) {
                throw new IllegalArgumentException("word_list must be provided for [" + name + "], either as a path to a file, or directly");
            }
            minWordSize = settings.getAsInt("min_word_size", CompoundWordTokenFilterBase.DEFAULT_MIN_WORD_SIZE);
            minSubwordSize = settings.getAsInt("min_subword_size", CompoundWordTokenFilterBase.DEFAULT_MIN_SUBWORD_SIZE);
            maxSubwordSize = settings.getAsInt("max_subword_size", CompoundWordTokenFilterBase.DEFAULT_MAX_SUBWORD_SIZE);
            onlyLongestMatch = settings.getAsBoolean("only_longest_match", false);
        }

        @Override
        public TokenStream create(TokenStream input) {
            return new DictionaryCompoundWordTokenFilter(input, words, minWordSize, minSubwordSize, maxSubwordSize, onlyLongestMatch);
        }
    }

    /** {@code trim}. */
    static final class TrimFilterFactory extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
        TrimFilterFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
        }

        @Override
        public TokenStream create(TokenStream input) {
            return new TrimFilter(input);
        }
    }

    /** {@code length}: min (0), max (Integer.MAX_VALUE). */
    static final class LengthFilterFactory extends AbstractTokenFilterFactory {
        private final int min;
        private final int max;

        LengthFilterFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            min = settings.getAsInt("min", 0);
            max = settings.getAsInt("max", Integer.MAX_VALUE);
        }

        @Override
        public TokenStream create(TokenStream input) {
            return new LengthFilter(input, min, max);
        }
    }

    /** {@code truncate}: length (10). */
    static final class TruncateFilter extends AbstractTokenFilterFactory {
        private final int length;

        TruncateFilter(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            length = settings.getAsInt("length", 10);
        }

        @Override
        public TokenStream create(TokenStream input) {
            return new TruncateTokenFilter(input, length);
        }
    }

    /**
     * {@code synonym_graph}: synonyms, synonyms_path, lenient (false), expand (true), updateable
     * (false; true makes it search-time only, as in Elasticsearch), format (solr only). As in
     * Elasticsearch, the rules are analyzed with the tokenizer, char filters and the filters
     * before this one in the analyzer's chain. Not supported here: synonyms_set, format wordnet.
     */
    static final class SynonymGraphFilterFactory extends AbstractTokenFilterFactory {
        private final Environment env;
        private final Settings settings;
        private final boolean lenient;
        private final boolean expand;
        private final boolean updateable;

        SynonymGraphFilterFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            this.env = env;
            this.settings = settings;
            lenient = settings.getAsBoolean("lenient", false);
            expand = settings.getAsBoolean("expand", true);
            updateable = settings.getAsBoolean("updateable", false);
            String format = settings.get("format", "solr");
            if (format.isEmpty() == false && "solr".equals(format) == false) throw unsupported("synonym format", format, "solr");
            if (settings.get("synonyms_set") != null) throw unsupported("synonym setting", "synonyms_set", "synonyms, synonyms_path");
            if (settings.get("synonyms") == null && settings.get("synonyms_path") == null && settings.getAsList("synonyms").isEmpty()) {
                throw new IllegalArgumentException("synonym requires either `synonyms`, `synonyms_set` or `synonyms_path` to be configured");
            }
        }

        @Override
        public AnalysisMode getAnalysisMode() {
            return updateable ? AnalysisMode.SEARCH_TIME : AnalysisMode.ALL;
        }

        @Override
        public TokenStream create(TokenStream tokenStream) {
            throw new IllegalStateException("Call getChainAwareTokenFilterFactory to specialize this factory for an analysis chain first");
        }

        @Override
        public TokenFilterFactory getChainAwareTokenFilterFactory(
            IndexService.IndexCreationContext context,
            TokenizerFactory tokenizer,
            List<CharFilterFactory> charFilters,
            List<TokenFilterFactory> previousTokenFilters,
            Function<String, TokenFilterFactory> allFilters
        ) {
            Analyzer analyzer = new CustomAnalyzer(
                tokenizer,
                charFilters.toArray(new CharFilterFactory[0]),
                previousTokenFilters.stream().map(TokenFilterFactory::getSynonymFilter).toArray(TokenFilterFactory[]::new)
            );
            SynonymMap map = buildMap(analyzer);
            String name = name();
            AnalysisMode mode = getAnalysisMode();
            String resource = settings.get("synonyms_path");
            return new TokenFilterFactory() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public TokenStream create(TokenStream input) {
                    return map.fst == null ? input : new SynonymGraphFilter(input, map, false);
                }

                @Override
                public TokenFilterFactory getSynonymFilter() {
                    return IDENTITY_FILTER; // a synonym filter earlier in the chain is not applied to later rules
                }

                @Override
                public AnalysisMode getAnalysisMode() {
                    return mode;
                }

                @Override
                public String getResourceName() {
                    return resource;
                }
            };
        }

        private SynonymMap buildMap(Analyzer analyzer) {
            List<String> rules = Analysis.getWordList(env, settings, "synonyms");
            if (rules == null) rules = List.of();
            SolrSynonymParser parser = new SolrSynonymParser(true, expand, analyzer) {
                @Override
                public CharsRef analyze(String text, CharsRefBuilder reuse) throws java.io.IOException {
                    try {
                        return super.analyze(text, reuse);
                    } catch (IllegalArgumentException e) {
                        if (lenient) return new CharsRef(""); // e.g. a rule term that is a stop word
                        throw e;
                    }
                }

                @Override
                public void add(CharsRef input, CharsRef output, boolean includeOrig) {
                    if (lenient && (input.length == 0 || output.length == 0)) return;
                    super.add(input, output, includeOrig);
                }
            };
            try {
                parser.parse(new StringReader(String.join("\n", rules)));
                return parser.build();
            } catch (Exception e) {
                throw new IllegalArgumentException("failed to build synonyms", e);
            }
        }
    }

    // ---- tokenizers ---------------------------------------------------------------------------

    /** {@code keyword}: buffer_size (256). */
    static final class KeywordTokenizerFactory extends AbstractTokenizerFactory {
        private final int bufferSize;

        KeywordTokenizerFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(indexSettings, settings, name);
            bufferSize = settings.getAsInt("buffer_size", 256);
        }

        @Override
        public Tokenizer create() {
            return new KeywordTokenizer(bufferSize);
        }
    }

    /** {@code whitespace}: max_token_length (255). */
    static final class WhitespaceTokenizerFactory extends AbstractTokenizerFactory {
        private final int maxTokenLength;

        WhitespaceTokenizerFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(indexSettings, settings, name);
            maxTokenLength = settings.getAsInt("max_token_length", 255);
        }

        @Override
        public Tokenizer create() {
            return new WhitespaceTokenizer(TokenStream.DEFAULT_TOKEN_ATTRIBUTE_FACTORY, maxTokenLength);
        }
    }

    /** {@code letter}. */
    static final class LetterTokenizerFactory extends AbstractTokenizerFactory {
        LetterTokenizerFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(indexSettings, settings, name);
        }

        @Override
        public Tokenizer create() {
            return new LetterTokenizer();
        }
    }

    /** {@code pattern}: pattern ({@code \W+}), group (-1). */
    static final class PatternTokenizerFactory extends AbstractTokenizerFactory {
        private final Pattern pattern;
        private final int group;

        PatternTokenizerFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(indexSettings, settings, name);
            pattern = Pattern.compile(settings.get("pattern", "\\W+"));
            group = settings.getAsInt("group", -1);
        }

        @Override
        public Tokenizer create() {
            return new PatternTokenizer(pattern, group);
        }
    }

    /** token_chars of the n-gram tokenizers: letter, digit, whitespace, punctuation, symbol; empty means all. */
    static IntPredicate tokenChars(Settings settings) {
        List<String> classes = settings.getAsList("token_chars");
        IntPredicate accept = c -> classes.isEmpty();
        for (String cls : classes) {
            IntPredicate p = switch (cls.toLowerCase(Locale.ROOT)) {
                case "letter" -> Character::isLetter;
                case "digit" -> Character::isDigit;
                case "whitespace" -> Character::isWhitespace;
                case "punctuation" -> c -> switch (Character.getType(c)) {
                    case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                        Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                        Character.OTHER_PUNCTUATION -> true;
                    default -> false;
                };
                case "symbol" -> c -> switch (Character.getType(c)) {
                    case Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
                    default -> false;
                };
                default -> throw unsupported("token_chars class", cls, "letter, digit, whitespace, punctuation, symbol");
            };
            accept = accept.or(p);
        }
        return accept;
    }

    /** {@code edge_ngram}: min_gram (1), max_gram (2), token_chars. */
    static final class EdgeNGramTokenizerFactory extends AbstractTokenizerFactory {
        private final int min;
        private final int max;
        private final IntPredicate tokenChars;

        EdgeNGramTokenizerFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(indexSettings, settings, name);
            min = settings.getAsInt("min_gram", 1);
            max = settings.getAsInt("max_gram", 2);
            tokenChars = tokenChars(settings);
        }

        @Override
        public Tokenizer create() {
            return new EdgeNGramTokenizer(min, max) {
                @Override
                protected boolean isTokenChar(int chr) {
                    return tokenChars.test(chr);
                }
            };
        }
    }

    /** {@code ngram}: min_gram (1), max_gram (2), token_chars. */
    static final class NGramTokenizerFactory extends AbstractTokenizerFactory {
        private final int min;
        private final int max;
        private final IntPredicate tokenChars;

        NGramTokenizerFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(indexSettings, settings, name);
            min = settings.getAsInt("min_gram", 1);
            max = settings.getAsInt("max_gram", 2);
            tokenChars = tokenChars(settings);
        }

        @Override
        public Tokenizer create() {
            return new NGramTokenizer(min, max) {
                @Override
                protected boolean isTokenChar(int chr) {
                    return tokenChars.test(chr);
                }
            };
        }
    }

    // ---- char filters -------------------------------------------------------------------------

    /** {@code html_strip}: escaped_tags. */
    static final class HtmlStripCharFilter extends AbstractCharFilterFactory {
        private final HashSet<String> escapedTags;

        HtmlStripCharFilter(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name);
            List<String> tags = settings.getAsList("escaped_tags");
            escapedTags = tags.isEmpty() ? null : new HashSet<>(tags);
        }

        @Override
        public Reader create(Reader reader) {
            return new HTMLStripCharFilter(reader, escapedTags);
        }
    }

    /** {@code mapping}: mappings ("a => b", \\uXXXX escapes), mappings_path. Usable in normalizers. */
    static final class MappingCharFilter extends AbstractCharFilterFactory implements NormalizingCharFilterFactory {
        private final NormalizeCharMap map;

        MappingCharFilter(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name);
            List<String> rules = Analysis.getWordList(env, settings, "mappings");
            if (rules == null) {
                throw new IllegalArgumentException("mapping requires either `mappings` or `mappings_path` to be configured");
            }
            NormalizeCharMap.Builder builder = new NormalizeCharMap.Builder();
            for (String rule : rules) {
                int arrow = rule.indexOf("=>");
                if (arrow < 0) {
                    throw new IllegalArgumentException("Invalid mapping rule : [" + rule + "]");
                }
                builder.add(unescape(rule.substring(0, arrow).trim()), unescape(rule.substring(arrow + 2).trim()));
            }
            map = builder.build();
        }

        private static String unescape(String s) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\' && i + 1 < s.length()) {
                    char n = s.charAt(++i);
                    switch (n) {
                        case 'n' -> out.append('\n');
                        case 't' -> out.append('\t');
                        case 'r' -> out.append('\r');
                        case 'u' -> {
                            out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                            i += 4;
                        }
                        default -> out.append(n);
                    }
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }

        @Override
        public Reader create(Reader reader) {
            return new org.apache.lucene.analysis.charfilter.MappingCharFilter(map, reader);
        }
    }

    /** {@code pattern_replace}: pattern, replacement (""). Usable in normalizers. */
    static final class PatternReplaceCharFilter extends AbstractCharFilterFactory implements NormalizingCharFilterFactory {
        private final Pattern pattern;
        private final String replacement;

        PatternReplaceCharFilter(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name);
            String regex = settings.get("pattern");
            if (regex == null) {
                throw new IllegalArgumentException("pattern is missing for [" + name + "] char filter of type 'pattern_replace'");
            }
            pattern = Pattern.compile(regex);
            replacement = settings.get("replacement", "");
        }

        @Override
        public Reader create(Reader reader) {
            return new org.apache.lucene.analysis.pattern.PatternReplaceCharFilter(pattern, replacement, reader);
        }
    }
}
