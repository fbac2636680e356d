package dev.servplan.compiler.lower;

import dev.servplan.compiler.ast.Entry;
import dev.servplan.compiler.ast.MapNode;
import dev.servplan.compiler.ast.Node;
import dev.servplan.compiler.diag.Code;
import dev.servplan.compiler.diag.Diagnostic;
import dev.servplan.compiler.diag.DiagnosticSink;
import dev.servplan.compiler.diag.Fix;
import dev.servplan.compiler.diag.SpellChecker;
import java.util.List;
import java.util.Optional;

/**
 * Reads the entries of one map against the keys it allows: reports missing required keys and, at
 * the end, every unknown key with a "did you mean" fix.
 */
public final class MapReader {
  private final MapNode map;
  private final String where;
  private final List<String> allowed;
  private final DiagnosticSink sink;

  public MapReader(MapNode map, String where, List<String> allowed, DiagnosticSink sink) {
    this.map = map;
    this.where = where;
    this.allowed = List.copyOf(allowed);
    this.sink = sink;
    reportUnknownKeys();
  }

  public String where() {
    return where;
  }

  public MapNode map() {
    return map;
  }

  public Optional<Node> optional(String key) {
    return map.get(key);
  }

  public Optional<Entry> entry(String key) {
    return map.entry(key);
  }

  public Optional<Node> required(String key) {
    Optional<Node> node = map.get(key);
    if (node.isEmpty()) {
      sink.report(
          Diagnostic.of(Code.E0102, map.span(), key, where)
              .withHelp("add '" + key + ":' to " + where));
    }
    return node;
  }

  private void reportUnknownKeys() {
    for (Entry entry : map.entries()) {
      if (!allowed.contains(entry.key())) {
        Diagnostic d = Diagnostic.of(Code.E0101, entry.keySpan(), entry.key(), where);
        String suggestion = SpellChecker.closest(entry.key(), allowed);
        if (suggestion != null) {
          d =
              d.withHelp("did you mean '" + suggestion + "'?")
                  .withFix(
                      Fix.replace("rename to '" + suggestion + "'", entry.keySpan(), suggestion));
        } else {
          d = d.withHelp("valid keys here: " + String.join(", ", allowed));
        }
        sink.report(d);
      }
    }
  }
}
