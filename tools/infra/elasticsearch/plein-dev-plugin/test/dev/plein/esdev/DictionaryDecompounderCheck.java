package dev.plein.esdev;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.elasticsearch.common.settings.Settings;

/**
 * Checks {@code dictionary_decompounder} of the plein-dev plugin against what Elasticsearch's
 * analysis-common gives for the same settings (documented behaviour: the compound is kept, the
 * subwords found in the list follow it at the same position). Run by ../../../../test.sh; exits 1
 * on the first difference.
 */
public final class DictionaryDecompounderCheck {

    private static List<String> analyze(Settings settings, String text) throws Exception {
        Components.DictionaryDecompounderFilter factory = new Components.DictionaryDecompounderFilter(null, null, "nl_compounds", settings);
        Tokenizer tokenizer = new WhitespaceTokenizer();
        tokenizer.setReader(new StringReader(text));
        List<String> out = new ArrayList<>();
        try (TokenStream stream = factory.create(tokenizer)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
            stream.reset();
            while (stream.incrementToken()) out.add(term.toString() + (increment.getPositionIncrement() == 0 ? "@same" : ""));
            stream.end();
        }
        return out;
    }

    private static void expect(List<String> actual, List<String> expected, String what) {
        if (!actual.equals(expected)) {
            System.err.println("FAIL " + what + ": expected " + expected + ", got " + actual);
            System.exit(1);
        }
        System.out.println("ok   " + what + ": " + actual);
    }

    public static void main(String[] args) throws Exception {
        Settings words = Settings.builder().putList("word_list", "kubernetes", "beheer", "software", "ontwikkelaar", "project", "leider").build();
        expect(analyze(words, "kubernetesbeheer"), List.of("kubernetesbeheer", "kubernetes@same", "beheer@same"), "a compound of two listed words");
        expect(analyze(words, "softwareontwikkelaar projectleider"), List.of("softwareontwikkelaar", "software@same", "ontwikkelaar@same", "projectleider", "project@same", "leider@same"), "two compounds");
        // As in Elasticsearch (the same Lucene filter): a listed word on its own is found in itself too.
        expect(analyze(words, "team kubernetes"), List.of("team", "kubernetes", "kubernetes@same"), "a short word stays; a listed word finds itself");
        Settings longest = Settings.builder().putList("word_list", "data", "databank", "beheer").put("only_longest_match", true).build();
        expect(analyze(longest, "databankbeheer"), List.of("databankbeheer", "databank@same", "beheer@same"), "only_longest_match");
        Settings small = Settings.builder().putList("word_list", "ab", "abc").put("min_subword_size", 3).build();
        expect(analyze(small, "abcabxyz"), List.of("abcabxyz", "abc@same"), "min_subword_size");
        try {
            new Components.DictionaryDecompounderFilter(null, null, "nl_compounds", Settings.EMPTY);
            System.err.println("FAIL a filter without word_list was accepted");
            System.exit(1);
        } catch (IllegalArgumentException expected) {
            System.out.println("ok   refuses a missing word_list: " + expected.getMessage());
        }
    }
}
