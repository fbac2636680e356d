package dev.servplan.compiler.diag.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.servplan.compiler.diag.Diagnostic;
import dev.servplan.compiler.diag.Fix;
import dev.servplan.compiler.diag.Related;
import dev.servplan.compiler.source.LineMap;
import dev.servplan.compiler.source.Span;
import java.util.List;

/**
 * A stable JSON array of diagnostics: {@code code, severity, message, file,
 * start{line,column,offset}, end{...}, help, related[], fixes[]}. Documented in
 * docs/diagnostics.md.
 */
public final class JsonRenderer {
  static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final Sources sources;

  public JsonRenderer(Sources sources) {
    this.sources = sources;
  }

  public String render(List<Diagnostic> diagnostics) {
    ArrayNode array = MAPPER.createArrayNode();
    for (Diagnostic d : diagnostics) {
      ObjectNode o = array.addObject();
      o.put("code", d.code().name());
      o.put("severity", d.severity().label());
      o.put("message", d.message());
      location(o, d.span());
      if (d.help() != null) {
        o.put("help", d.help());
      } else {
        o.putNull("help");
      }
      ArrayNode related = o.putArray("related");
      for (Related r : d.related()) {
        ObjectNode ro = related.addObject();
        ro.put("message", r.message());
        location(ro, r.span());
      }
      ArrayNode fixes = o.putArray("fixes");
      for (Fix f : d.fixes()) {
        ObjectNode fo = fixes.addObject();
        fo.put("title", f.title());
        ArrayNode edits = fo.putArray("edits");
        for (Fix.Edit e : f.edits()) {
          ObjectNode eo = edits.addObject();
          location(eo, e.span());
          eo.put("replacement", e.replacement());
        }
      }
    }
    try {
      return MAPPER.writeValueAsString(array) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write diagnostics as JSON", e);
    }
  }

  private void location(ObjectNode o, Span span) {
    o.put("file", span.file().name());
    o.set("start", position(span, span.start()));
    o.set("end", position(span, span.end()));
  }

  private ObjectNode position(Span span, int offset) {
    ObjectNode p = MAPPER.createObjectNode();
    LineMap.Position pos =
        sources
            .get(span.file())
            .map(f -> f.lineMap().position(offset))
            .orElse(new LineMap.Position(1, 1));
    p.put("line", pos.line());
    p.put("column", pos.column());
    p.put("offset", offset);
    return p;
  }
}
