package dev.plein.esdev;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.apache.lucene.analysis.Analyzer;
import org.elasticsearch.cluster.metadata.IndexNameExpressionResolver;
import org.elasticsearch.cluster.node.DiscoveryNodes;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.io.stream.NamedWriteableRegistry;
import org.elasticsearch.common.settings.ClusterSettings;
import org.elasticsearch.common.settings.IndexScopedSettings;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.settings.SettingsFilter;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.index.analysis.AnalyzerProvider;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.rest.RestController;
import org.elasticsearch.rest.RestHandler;

import static org.elasticsearch.plugins.AnalysisPlugin.requiresAnalysisSettings;

/**
 * Local development only. Adds to the minimal integ-test distribution of Elasticsearch what the
 * full distribution has in its rest-root and analysis-common modules and the project uses:
 * {@code GET /} and {@code HEAD /}, the {@code dutch} and {@code english} analyzers and a set of
 * common tokenizers, token filters and char filters, under their standard names and settings.
 */
public class PleinDevPlugin extends Plugin implements ActionPlugin, AnalysisPlugin {

    private final AtomicReference<ClusterService> clusterService = new AtomicReference<>();

    @Override
    public Collection<?> createComponents(PluginServices services) {
        clusterService.set(services.clusterService());
        return List.of();
    }

    @Override
    public Collection<RestHandler> getRestHandlers(
        Settings settings,
        NamedWriteableRegistry namedWriteableRegistry,
        RestController restController,
        ClusterSettings clusterSettings,
        IndexScopedSettings indexScopedSettings,
        SettingsFilter settingsFilter,
        IndexNameExpressionResolver indexNameExpressionResolver,
        Supplier<DiscoveryNodes> nodesInCluster,
        Predicate<NodeFeature> clusterSupportsFeature
    ) {
        return List.of(new RestRootAction(clusterService::get));
    }

    @Override
    public Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> getAnalyzers() {
        return Map.of(
            "dutch", Components.DutchAnalyzerProvider::new,
            "english", Components.EnglishAnalyzerProvider::new
        );
    }

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.ofEntries(
            Map.entry("asciifolding", Components.AsciiFoldingFilter::new),
            Map.entry("stemmer", Components.StemmerFilter::new),
            Map.entry("snowball", Components.SnowballFilterFactory::new),
            Map.entry("keyword_marker", requiresAnalysisSettings(Components.KeywordMarkerFilter::new)),
            Map.entry("dictionary_decompounder", requiresAnalysisSettings(Components.DictionaryDecompounderFilter::new)),
            Map.entry("edge_ngram", Components.EdgeNGramFilter::new),
            Map.entry("ngram", Components.NGramFilter::new),
            Map.entry("unique", Components.UniqueFilter::new),
            Map.entry("trim", Components.TrimFilterFactory::new),
            Map.entry("length", Components.LengthFilterFactory::new),
            Map.entry("truncate", Components.TruncateFilter::new),
            Map.entry("synonym_graph", requiresAnalysisSettings(Components.SynonymGraphFilterFactory::new))
        );
    }

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        return Map.of(
            "keyword", Components.KeywordTokenizerFactory::new,
            "whitespace", Components.WhitespaceTokenizerFactory::new,
            "letter", Components.LetterTokenizerFactory::new,
            "pattern", Components.PatternTokenizerFactory::new,
            "edge_ngram", Components.EdgeNGramTokenizerFactory::new,
            "ngram", Components.NGramTokenizerFactory::new
        );
    }

    @Override
    public Map<String, AnalysisProvider<CharFilterFactory>> getCharFilters() {
        return Map.of(
            "html_strip", Components.HtmlStripCharFilter::new,
            "mapping", requiresAnalysisSettings(Components.MappingCharFilter::new),
            "pattern_replace", requiresAnalysisSettings(Components.PatternReplaceCharFilter::new)
        );
    }
}
