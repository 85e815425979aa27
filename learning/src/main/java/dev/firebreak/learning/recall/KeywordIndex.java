package dev.firebreak.learning.recall;

import dev.firebreak.analysis.model.MemoryDocument;
import dev.firebreak.analysis.port.IncidentMemory;
import dev.firebreak.analysis.port.VectorIndex.Filter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * BM25 keyword relevance over remembered incidents, with Apache Lucene in memory (English
 * stemming and stop words). Built from the incident store on first use and kept current by
 * {@link #upsert}; nothing is written to disk, the store is the record.
 */
public final class KeywordIndex implements AutoCloseable {

  /** Distinct query terms used at most; a long incident text asks with its first ones. */
  private static final int MAX_QUERY_TERMS = 512;

  private static final String ID = "id";
  private static final String TEXT = "text";
  private static final String SERVICE = "service";
  private static final String CAUSE = "cause";
  private static final String OPENED = "opened";

  private final IncidentMemory memory;
  private final Analyzer analyzer = new EnglishAnalyzer();
  private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
  private IndexWriter writer;
  private SearcherManager searchers;
  private volatile boolean loaded;
  private volatile boolean dirty;

  public KeywordIndex(IncidentMemory memory) {
    this.memory = memory;
  }

  /** A keyword match: the document id and its BM25 score. */
  public record Hit(String id, double score) {}

  public void upsert(MemoryDocument document) {
    if (!loaded) {
      return; // the document is in the store, and loading reads it from there
    }
    synchronized (this) {
      write(document);
    }
  }

  public List<Hit> search(String text, int k, Filter filter) {
    load();
    BooleanQuery.Builder query = new BooleanQuery.Builder();
    BooleanQuery.Builder terms = new BooleanQuery.Builder();
    Set<String> seen = terms(text);
    if (seen.isEmpty()) {
      return List.of();
    }
    for (String term : seen) {
      terms.add(new TermQuery(new Term(TEXT, term)), Occur.SHOULD);
    }
    query.add(terms.build(), Occur.MUST);
    if (filter.service() != null && !filter.service().isEmpty()) {
      query.add(new TermQuery(new Term(SERVICE, filter.service())), Occur.FILTER);
    }
    if (filter.cause() != null && !filter.cause().isEmpty()) {
      query.add(new TermQuery(new Term(CAUSE, filter.cause())), Occur.FILTER);
    }
    if (filter.openedFrom() != null || filter.openedTo() != null) {
      long from = filter.openedFrom() == null ? Long.MIN_VALUE : filter.openedFrom().toEpochMilli();
      long to = filter.openedTo() == null ? Long.MAX_VALUE : filter.openedTo().toEpochMilli() - 1;
      query.add(LongPoint.newRangeQuery(OPENED, from, to), Occur.FILTER);
    }
    if (filter.excludeId() != null) {
      query.add(new TermQuery(new Term(ID, filter.excludeId())), Occur.MUST_NOT);
    }
    try {
      if (dirty) {
        dirty = false;
        searchers.maybeRefreshBlocking();
      }
      IndexSearcher searcher = searchers.acquire();
      try {
        TopDocs top = searcher.search(query.build(), Math.max(1, k));
        List<Hit> hits = new ArrayList<>();
        for (ScoreDoc hit : top.scoreDocs) {
          hits.add(new Hit(searcher.storedFields().document(hit.doc).get(ID), hit.score));
        }
        return hits;
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How many documents it holds. */
  public int size() {
    load();
    try {
      searchers.maybeRefreshBlocking();
      IndexSearcher searcher = searchers.acquire();
      try {
        return searcher.count(new MatchAllDocsQuery());
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Set<String> terms(String text) {
    Set<String> terms = new LinkedHashSet<>();
    try (TokenStream tokens = analyzer.tokenStream(TEXT, text)) {
      CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
      tokens.reset();
      while (tokens.incrementToken() && terms.size() < MAX_QUERY_TERMS) {
        terms.add(term.toString());
      }
      tokens.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return terms;
  }

  private void load() {
    if (loaded) {
      return;
    }
    synchronized (this) {
      if (loaded) {
        return;
      }
      try {
        writer =
            new IndexWriter(
                directory, new IndexWriterConfig(analyzer).setSimilarity(new BM25Similarity()));
        memory.forEach(remembered -> write(remembered.document()));
        writer.commit();
        searchers = new SearcherManager(writer, null);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      loaded = true;
    }
  }

  private void write(MemoryDocument document) {
    Document doc = new Document();
    doc.add(new StringField(ID, document.id(), Field.Store.YES));
    doc.add(new TextField(TEXT, document.title() + "\n" + document.text(), Field.Store.NO));
    doc.add(new StringField(SERVICE, document.service(), Field.Store.NO));
    doc.add(new StringField(CAUSE, document.cause(), Field.Store.NO));
    doc.add(new LongPoint(OPENED, document.openedAt().toEpochMilli()));
    try {
      writer.updateDocument(new Term(ID, document.id()), doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    dirty = true;
  }

  @Override
  public synchronized void close() {
    try {
      if (searchers != null) {
        searchers.close();
      }
      if (writer != null) {
        writer.close();
      }
      directory.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
