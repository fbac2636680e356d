package dev.servplan.compiler;

import dev.servplan.compiler.ast.Entry;
import dev.servplan.compiler.ast.MapNode;
import dev.servplan.compiler.ast.Node;
import dev.servplan.compiler.ast.ParsedSpec;
import dev.servplan.compiler.ast.ScalarNode;
import dev.servplan.compiler.diag.Code;
import dev.servplan.compiler.diag.Diagnostic;
import dev.servplan.compiler.source.SourceFile;
import dev.servplan.compiler.source.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Command-line overrides of the spec's {@code options} ({@code --option disaggregation=never}),
 * applied to the syntax tree before lowering so that they are parsed, unit-checked and reported
 * exactly like options written in the spec. Their spans point into a synthetic source named {@code
 * --option} that holds one {@code KEY=VALUE} per line.
 */
public final class OptionOverrides {
  /** The synthetic source's name, as diagnostics show it. */
  public static final String SOURCE_NAME = "--option";

  private OptionOverrides() {}

  /** The synthetic source for a list of {@code KEY=VALUE} overrides. */
  public static SourceFile source(List<String> overrides) {
    return SourceFile.of(
        SOURCE_NAME, String.join("\n", overrides) + (overrides.isEmpty() ? "" : "\n"));
  }

  /** The tree with each override replacing (or adding) an entry of {@code options}. */
  public static ParsedSpec apply(ParsedSpec parsed, SourceFile overrides) {
    List<Diagnostic> diagnostics = new ArrayList<>(parsed.diagnostics());
    MapNode root = parsed.root();
    Optional<Entry> optionsEntry = root.entry("options");
    List<Entry> optionEntries = new ArrayList<>();
    Span optionsSpan = overrides.wholeSpan();
    if (optionsEntry.isPresent() && optionsEntry.get().value() instanceof MapNode existing) {
      optionEntries.addAll(existing.entries());
      optionsSpan = existing.span();
    }
    int offset = 0;
    for (String line : overrides.text().split("\n", -1)) {
      int start = offset;
      offset += line.length() + 1;
      if (line.isEmpty()) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        diagnostics.add(
            Diagnostic.of(
                    Code.E0103,
                    overrides.span(start, start + line.length()),
                    "KEY=VALUE",
                    "--option",
                    "'" + line + "'")
                .withHelp("write for example --option disaggregation=never"));
        continue;
      }
      String key = line.substring(0, eq).trim();
      Span keySpan = overrides.span(start, start + eq);
      Span valueSpan = overrides.span(start + eq + 1, start + line.length());
      Node value = new ScalarNode(line.substring(eq + 1).trim(), ScalarNode.Style.PLAIN, valueSpan);
      optionEntries.removeIf(e -> e.key().equals(key));
      optionEntries.add(new Entry(key, keySpan, value));
    }
    List<Entry> rootEntries = new ArrayList<>();
    boolean placed = false;
    MapNode newOptions = new MapNode(optionEntries, optionsSpan);
    for (Entry e : root.entries()) {
      if (e.key().equals("options")) {
        rootEntries.add(new Entry("options", e.keySpan(), newOptions, e.comments()));
        placed = true;
      } else {
        rootEntries.add(e);
      }
    }
    if (!placed && !optionEntries.isEmpty()) {
      rootEntries.add(new Entry("options", overrides.span(0, 0), newOptions));
    }
    return new ParsedSpec(parsed.source(), new MapNode(rootEntries, root.span()), diagnostics);
  }
}
