package dev.servplan.compiler.diag.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.servplan.compiler.diag.Code;
import dev.servplan.compiler.diag.Diagnostic;
import dev.servplan.compiler.diag.Fix;
import dev.servplan.compiler.diag.Related;
import dev.servplan.compiler.diag.Severity;
import dev.servplan.compiler.source.LineMap;
import dev.servplan.compiler.source.Span;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** SARIF 2.1.0 for code scanning in CI: one run, one rule per code that occurs. */
public final class SarifRenderer {
  public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
  private final Sources sources;
  private final String toolVersion;

  public SarifRenderer(Sources sources, String toolVersion) {
    this.sources = sources;
    this.toolVersion = toolVersion;
  }

  public String render(List<Diagnostic> diagnostics) {
    ObjectNode root = JsonRenderer.MAPPER.createObjectNode();
    root.put("$schema", SCHEMA);
    root.put("version", "2.1.0");
    ObjectNode run = root.putArray("runs").addObject();
    // Spans are Java char offsets, so columns count UTF-16 code units.
    run.put("columnKind", "utf16CodeUnits");
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "servplan");
    driver.put("version", toolVersion);
    Map<Code, Integer> ruleIndex = new TreeMap<>();
    for (Diagnostic d : diagnostics) {
      ruleIndex.putIfAbsent(d.code(), 0);
    }
    ArrayNode rules = driver.putArray("rules");
    int index = 0;
    for (Map.Entry<Code, Integer> e : ruleIndex.entrySet()) {
      e.setValue(index++);
      Code code = e.getKey();
      ObjectNode rule = rules.addObject();
      rule.put("id", code.name());
      rule.put("name", camel(code.title()));
      rule.putObject("shortDescription").put("text", code.title());
      ObjectNode full = rule.putObject("fullDescription");
      full.put("text", code.explanation().strip());
      full.put("markdown", code.explanation().strip());
      rule.putObject("defaultConfiguration").put("level", level(code.severity()));
    }
    ArrayNode results = run.putArray("results");
    for (Diagnostic d : diagnostics) {
      ObjectNode r = results.addObject();
      r.put("ruleId", d.code().name());
      r.put("ruleIndex", ruleIndex.get(d.code()));
      r.put("level", level(d.severity()));
      r.putObject("message")
          .put("text", d.help() == null ? d.message() : d.message() + " (help: " + d.help() + ")");
      r.putArray("locations").add(location(d.span(), null));
      if (!d.related().isEmpty()) {
        ArrayNode rel = r.putArray("relatedLocations");
        int id = 0;
        for (Related related : d.related()) {
          ObjectNode loc = location(related.span(), related.message());
          loc.put("id", id++);
          rel.add(loc);
        }
      }
      if (!d.fixes().isEmpty()) {
        ArrayNode fixes = r.putArray("fixes");
        for (Fix f : d.fixes()) {
          ObjectNode fo = fixes.addObject();
          fo.putObject("description").put("text", f.title());
          ArrayNode changes = fo.putArray("artifactChanges");
          for (Fix.Edit e : f.edits()) {
            ObjectNode change = changes.addObject();
            change.putObject("artifactLocation").put("uri", uri(e.span()));
            ObjectNode replacement = change.putArray("replacements").addObject();
            replacement.set("deletedRegion", region(e.span()));
            replacement.putObject("insertedContent").put("text", e.replacement());
          }
        }
      }
    }
    try {
      return JsonRenderer.MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write SARIF", e);
    }
  }

  private ObjectNode location(Span span, String message) {
    ObjectNode loc = JsonRenderer.MAPPER.createObjectNode();
    ObjectNode physical = loc.putObject("physicalLocation");
    physical.putObject("artifactLocation").put("uri", uri(span));
    physical.set("region", region(span));
    if (message != null) {
      loc.putObject("message").put("text", message);
    }
    return loc;
  }

  private ObjectNode region(Span span) {
    ObjectNode region = JsonRenderer.MAPPER.createObjectNode();
    var file = sources.get(span.file());
    LineMap.Position start =
        file.map(f -> f.lineMap().position(span.start())).orElse(new LineMap.Position(1, 1));
    LineMap.Position end = file.map(f -> f.lineMap().position(span.end())).orElse(start);
    region.put("startLine", start.line());
    region.put("startColumn", start.column());
    region.put("endLine", end.line());
    region.put(
        "endColumn", Math.max(end.column(), end.line() == start.line() ? start.column() : 1));
    region.put("charOffset", span.start());
    region.put("charLength", span.length());
    return region;
  }

  private static String uri(Span span) {
    return span.file().name().replace('\\', '/');
  }

  private static String level(Severity severity) {
    switch (severity) {
      case ERROR:
        return "error";
      case WARNING:
        return "warning";
      default:
        return "note";
    }
  }

  private static String camel(String title) {
    StringBuilder b = new StringBuilder();
    boolean upper = true;
    for (char c : title.toCharArray()) {
      if (Character.isLetterOrDigit(c)) {
        b.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      } else {
        upper = true;
      }
    }
    return b.toString();
  }
}
