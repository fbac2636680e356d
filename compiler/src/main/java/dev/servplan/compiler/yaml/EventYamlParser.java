package dev.servplan.compiler.yaml;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * Jackson's streaming {@link YAMLParser}, opened up just enough to see the SnakeYAML event behind
 * each token: the scalar style (plain or quoted), anchors, tags, aliases and start and end marks.
 * Nothing is ever data-bound; the tree is built from tokens by {@link TreeBuilder}.
 */
final class EventYamlParser extends YAMLParser {
  private Event lastSeen;
  private int documents;

  /**
   * Thrown when a second YAML document starts; a spec is exactly one document. Unchecked because
   * {@code getEvent} declares no checked exceptions in this Jackson version, and not a
   * YAMLException so that Jackson passes it through unwrapped.
   */
  static final class SecondDocumentException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Mark mark;

    SecondDocumentException(Mark mark) {
      super("second YAML document");
      this.mark = mark;
    }
  }

  private EventYamlParser(
      IOContext context,
      int parserFeatures,
      int yamlFeatures,
      LoaderOptions loaderOptions,
      Reader reader) {
    super(context, parserFeatures, yamlFeatures, loaderOptions, null, reader);
  }

  /** Opens a parser on the text with servplan's limits. */
  static EventYamlParser open(String text, int maxCodePoints, int maxDepth) throws IOException {
    return (EventYamlParser)
        Factory.create(maxCodePoints, maxDepth).createParser(new StringReader(text));
  }

  /** The SnakeYAML event of the current token (or of the failure, after an exception). */
  Event event() {
    return lastSeen;
  }

  @Override
  protected Event getEvent() {
    Event event = super.getEvent();
    lastSeen = event;
    if (event instanceof DocumentStartEvent && ++documents > 1) {
      throw new SecondDocumentException(event.getStartMark());
    }
    return event;
  }

  /**
   * Keeps every scalar a string. Front ends must not interpret values, and Jackson's number
   * decoding would otherwise refuse a valid spec with a 1,001-digit number (its number length
   * constraint).
   */
  @Override
  protected JsonToken _decodeScalar(ScalarEvent scalar) {
    _textValue = scalar.getValue();
    _cleanedTextValue = null;
    return JsonToken.VALUE_STRING;
  }

  /** A YAMLFactory whose parsers are {@link EventYamlParser}s. */
  private static final class Factory extends YAMLFactory {
    private static final long serialVersionUID = 1L;

    private Factory(YAMLFactoryBuilder builder) {
      super(builder);
    }

    static Factory create(int maxCodePoints, int maxDepth) {
      LoaderOptions loader = new LoaderOptions();
      // Enforced by SnakeYAML's scanner, so even a caller that skips the front end's own length
      // check
      // cannot feed it more than this.
      loader.setCodePointLimit(maxCodePoints);
      // The next two only bind SnakeYAML's composer, which Jackson never runs; the tree builder
      // enforces depth itself and refuses aliases outright. Set anyway so the options say the
      // intent.
      loader.setNestingDepthLimit(maxDepth);
      loader.setMaxAliasesForCollections(0);
      loader.setProcessComments(false);
      YAMLFactoryBuilder builder = YAMLFactory.builder().loaderOptions(loader);
      builder.streamReadConstraints(
          StreamReadConstraints.builder()
              .maxNestingDepth(maxDepth + 1)
              .maxDocumentLength(maxCodePoints)
              .build());
      return new Factory(builder);
    }

    @Override
    protected YAMLParser _createParser(Reader reader, IOContext context) {
      return new EventYamlParser(
          context, _parserFeatures, _yamlParserFeatures, _loaderOptions, reader);
    }
  }
}
