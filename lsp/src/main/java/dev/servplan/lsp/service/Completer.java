package dev.servplan.lsp.service;

import dev.servplan.compiler.lower.SpecSchema;
import dev.servplan.compiler.source.Syntax;
import dev.servplan.hwdb.catalog.Catalogs;
import dev.servplan.hwdb.catalog.GpuSpec;
import dev.servplan.hwdb.catalog.LinkSpec;
import dev.servplan.hwdb.catalog.ModelArch;
import dev.servplan.hwdb.catalog.ModelMath;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemKind;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * Completion: keys valid in the enclosing map, catalog ids after {@code gpu}/{@code model}, pool
 * names declared in the file after {@code pools}, closed value sets, and units after a number.
 */
final class Completer {
  private static final Pattern NUMBER_PREFIX =
      Pattern.compile("(\\$?-?\\d+(?:\\.\\d*)?(?:[eE][+-]?\\d+)?)([A-Za-z%/]*)");
  private static final Pattern DSL_POOL =
      Pattern.compile("(?m)^\\s*pool\\s+([A-Za-z0-9_][A-Za-z0-9_.-]*)");
  private static final Pattern DSL_MODEL =
      Pattern.compile("(?m)^\\s*model\\s+([A-Za-z0-9_][A-Za-z0-9_.-]*)\\s*\\{");
  private static final List<String> RATE_UNITS = List.of("/s", "/min", "/h");
  private static final List<String> DURATION_UNITS = List.of("ms", "s", "min");
  private static final List<String> SLO_METRICS = List.of("ttft", "tpot", "e2e");

  private final Document doc;
  private final CursorContext cursor;
  private final int offset;
  private final List<CompletionItem> items = new ArrayList<>();

  private Completer(Document doc, int offset) {
    this.doc = doc;
    this.offset = offset;
    this.cursor =
        doc.syntax() == Syntax.DSL
            ? CursorContext.dsl(doc.text(), offset)
            : CursorContext.yaml(doc.text(), offset);
  }

  static List<CompletionItem> complete(Document doc, int offset) {
    Completer completer = new Completer(doc, offset);
    completer.run();
    return completer.items;
  }

  private void run() {
    SchemaContext context = cursor.schema();
    if (cursor.keyPosition()) {
      boolean dsl = doc.syntax() == Syntax.DSL;
      for (String key : context.keys(doc.syntax())) {
        add(
            key,
            dsl ? key : key + ": ",
            dsl && isSugar(key) ? CompletionItemKind.Keyword : CompletionItemKind.Property,
            "key in " + describe(context));
      }
      return;
    }
    String key = cursor.key();
    if (key.isEmpty()) {
      return;
    }
    Matcher number = NUMBER_PREFIX.matcher(cursor.word());
    if (number.matches()) {
      units(context, key, number.group(1));
      return;
    }
    values(context, key);
  }

  private void values(SchemaContext context, String key) {
    List<String> args = cursor.args();
    switch (context) {
      case POOL:
        if (key.equals("gpu") && args.isEmpty()) {
          gpus();
        } else if (key.equals("gpu") && args.size() == 1 && doc.syntax() == Syntax.DSL) {
          add(
              "x",
              "x ",
              CompletionItemKind.Keyword,
              "gpu ID x COUNT: the number of GPUs in the pool");
        } else if (key.equals("interconnect")) {
          links(true);
        } else if (key.equals("network")) {
          links(false);
        }
        break;
      case DEPLOYMENT:
        if (key.equals("model") && args.isEmpty()) {
          customModels();
          catalogModels();
        } else if (key.equals("pools")) {
          poolNames();
        }
        break;
      case MODEL:
        if (key.equals("base")) {
          catalogModels();
        } else if (key.equals("attention")) {
          choices(SpecSchema.ATTENTION_KINDS, "attention kind");
        } else if (key.equals("dtype")) {
          choices(SpecSchema.DTYPES, "native weight format");
        }
        break;
      case PRECISION:
        choices(SpecSchema.DTYPES, key.equals("kv_cache") ? "KV-cache format" : "weight format");
        break;
      case TOP:
        if (key.equals("objective")) {
          choices(SpecSchema.OBJECTIVES, "objective");
        } else if (key.equals("apiVersion")) {
          choices(SpecSchema.API_VERSIONS, "spec format version");
        }
        break;
      case OPTIONS:
        if (key.equals("disaggregation")) {
          choices(SpecSchema.DISAGGREGATION, "disaggregation mode");
        } else if (key.equals("engine")) {
          choices(SpecSchema.ENGINES, "target serving engine");
        } else {
          SpecSchema.techniqueOptionValues(key).ifPresent(c -> choices(c.values(), c.detail()));
        }
        break;
      case WORKLOAD:
        if (key.equals("arrival")) {
          choices(SpecSchema.ARRIVALS, "arrival process");
        } else if (key.equals("rate") && args.size() == 1 && doc.syntax() == Syntax.DSL) {
          choices(SpecSchema.ARRIVALS, "arrival process");
          add(
              "gamma",
              "gamma(cv 2.0)",
              CompletionItemKind.EnumMember,
              "bursty arrivals (cv > 1 is burstier than Poisson)");
          add(
              "trace",
              "trace \"trace.csv\"",
              CompletionItemKind.EnumMember,
              "replay arrival times from a file");
        } else if ((key.equals("input_tokens") || key.equals("output_tokens"))
            && args.isEmpty()
            && doc.syntax() == Syntax.DSL) {
          choices(SpecSchema.DISTRIBUTIONS, "length distribution");
        }
        break;
      case DIST:
        if (key.equals("dist")) {
          choices(SpecSchema.DISTRIBUTIONS, "length distribution");
        }
        break;
      case SLO:
        if (SLO_METRICS.contains(key) && args.isEmpty() && doc.syntax() == Syntax.DSL) {
          choices(SpecSchema.PERCENTILES, "percentile");
        }
        break;
      default:
        break;
    }
  }

  /** Units valid for the key, glued to the number already typed. */
  private void units(SchemaContext context, String key, String number) {
    List<String> units;
    if (key.equals("rate")) {
      units = RATE_UNITS;
    } else if (key.equals("price") || key.equals("budget")) {
      units = List.of("/h");
    } else if (key.equals("time_limit")
        || context == SchemaContext.SLO_METRIC
        || (context == SchemaContext.SLO && SLO_METRICS.contains(key))) {
      units = DURATION_UNITS;
    } else if (key.equals("attainment") || key.equals("hit_rate")) {
      units = List.of("%");
    } else {
      units = List.of();
    }
    for (String unit : units) {
      add(number + unit, number + unit, CompletionItemKind.Unit, unitMeaning(unit));
    }
  }

  private static String unitMeaning(String unit) {
    switch (unit) {
      case "/s":
        return "per second";
      case "/min":
        return "per minute";
      case "/h":
        return "per hour";
      case "ms":
        return "milliseconds";
      case "s":
        return "seconds";
      case "min":
        return "minutes";
      default:
        return "percent";
    }
  }

  private void gpus() {
    for (GpuSpec gpu : Catalogs.gpus().all()) {
      CompletionItem item =
          add(
              gpu.id(),
              gpu.id(),
              CompletionItemKind.Value,
              gpu.displayName()
                  + ", "
                  + Hovers.gib(gpu.memory())
                  + " GiB, $"
                  + Hovers.price(gpu.price().dollarsPerHour())
                  + "/h");
      item.setDocumentation(Hovers.gpuMarkdown(gpu));
    }
  }

  private void catalogModels() {
    for (ModelArch model : Catalogs.models().all()) {
      add(
          model.id(),
          model.id(),
          CompletionItemKind.Module,
          model.displayName()
              + ", "
              + Hovers.billions(ModelMath.parameterCount(model))
              + "B params");
    }
  }

  private void customModels() {
    for (String name : declared(SymbolIndex.Kind.MODEL, DSL_MODEL)) {
      add(name, name, CompletionItemKind.Class, "custom model declared in this file");
    }
  }

  private void poolNames() {
    for (String name : declared(SymbolIndex.Kind.POOL, DSL_POOL)) {
      add(name, name, CompletionItemKind.Reference, "pool declared in this file");
    }
  }

  /** Names from the tree, plus a text scan for DSL declarations a broken parse may have dropped. */
  private List<String> declared(SymbolIndex.Kind kind, Pattern dslDeclaration) {
    Set<String> names = new LinkedHashSet<>(SymbolIndex.of(doc.parsed().root()).names(kind));
    if (doc.syntax() == Syntax.DSL) {
      Matcher m = dslDeclaration.matcher(doc.text());
      while (m.find()) {
        if (m.end(1) < cursor.wordStart() || m.start(1) > offset) {
          names.add(m.group(1));
        }
      }
    }
    return new ArrayList<>(names);
  }

  private void links(boolean intraNode) {
    for (LinkSpec link : Catalogs.links().all()) {
      if (link.intraNode() == intraNode) {
        add(
            link.id(),
            link.id(),
            CompletionItemKind.Value,
            (intraNode ? "GPU-to-GPU link inside a node, " : "link between nodes, ")
                + Hovers.number(link.bandwidthBytesPerS() / 1e9)
                + " GB/s per GPU per direction");
      }
    }
  }

  private void choices(List<String> values, String what) {
    for (String value : values) {
      add(value, value, CompletionItemKind.EnumMember, what);
    }
  }

  private CompletionItem add(String label, String insert, CompletionItemKind kind, String detail) {
    CompletionItem item = new CompletionItem(label);
    item.setKind(kind);
    item.setDetail(detail);
    item.setFilterText(label);
    item.setSortText(String.format(Locale.ROOT, "%04d", items.size()));
    var lines = doc.source().lineMap();
    item.setTextEdit(
        Either.forLeft(new TextEdit(Positions.range(lines, cursor.wordStart(), offset), insert)));
    items.add(item);
    return item;
  }

  private static boolean isSugar(String key) {
    return List.of("spec", "model", "pool", "deployment", "objective").contains(key);
  }

  private static String describe(SchemaContext context) {
    return context.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
