package dev.servplan.compiler.dsl;

import dev.servplan.compiler.ast.Entry;
import dev.servplan.compiler.ast.ListNode;
import dev.servplan.compiler.ast.MapNode;
import dev.servplan.compiler.ast.Node;
import dev.servplan.compiler.ast.ScalarNode;
import dev.servplan.compiler.diag.Code;
import dev.servplan.compiler.diag.Diagnostic;
import dev.servplan.compiler.source.SourceFile;
import dev.servplan.compiler.source.Span;
import dev.servplan.grammar.SplanBaseVisitor;
import dev.servplan.grammar.SplanParser;
import dev.servplan.grammar.SplanParser.*;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ErrorNode;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Builds the shared spec tree from a (possibly partial) parse tree. Sugar statements become the
 * entries the YAML form would have, with spans on the tokens that caused them; anything the parser
 * had to recover from is skipped, since the parser already reported it.
 */
final class TreeBuilder extends SplanBaseVisitor<Node> {
  /** The implicit apiVersion of every .splan file. */
  static final String API_VERSION = "servplan/v1";

  /** Top-level keywords that only have a sugar form; a generic use is almost surely a typo. */
  private static final Set<String> TOP_SUGAR_ONLY = Set.of("spec", "model", "pool", "deployment");

  private final SourceFile source;
  private final Map<ParserRuleContext, List<String>> comments;
  private final List<Diagnostic> diagnostics;
  private Span specKeyword;

  /** The statement list a generic statement sits in: some rename or reject keys. */
  private enum Where {
    TOP,
    POOL,
    DEPLOYMENT,
    WORKLOAD,
    SLO,
    BLOCK
  }

  TreeBuilder(
      SourceFile source,
      Map<ParserRuleContext, List<String>> comments,
      List<Diagnostic> diagnostics) {
    this.source = source;
    this.comments = comments;
    this.diagnostics = diagnostics;
  }

  MapNode build(FileContext file) {
    MapBuilder root = new MapBuilder(source.wholeSpan(), diagnostics);
    for (TopStmtContext statement : file.topStmt()) {
      top(statement, root);
    }
    MapNode tree = root.build(source.wholeSpan());
    if (tree.entries().isEmpty() || tree.entry("apiVersion").isPresent()) {
      return tree;
    }
    // The DSL states its version by being a .splan file; the tree carries it like the YAML form.
    Span at = specKeyword != null ? specKeyword : source.span(0, 0);
    List<Entry> entries = new ArrayList<>();
    entries.add(
        new Entry("apiVersion", at, new ScalarNode(API_VERSION, ScalarNode.Style.PLAIN, at)));
    entries.addAll(tree.entries());
    return new MapNode(entries, tree.span());
  }

  // ------------------------------------------------------------------ statements

  private void top(TopStmtContext statement, MapBuilder root) {
    List<String> notes = commentsOf(statement);
    Span whole = span(statement);
    if (statement instanceof SpecStmtContext) {
      SpecStmtContext spec = (SpecStmtContext) statement;
      ScalarNode name = atom(spec.atom());
      if (name != null && good(spec.SPEC()) != null) {
        specKeyword = span(spec.SPEC());
        root.put("name", specKeyword, name, notes);
      }
    } else if (statement instanceof ModelStmtContext) {
      ModelStmtContext model = (ModelStmtContext) statement;
      Key key = key(model.key());
      MapNode body = block(model.block());
      if (key != null && body != null) {
        MapBuilder models = root.sugarMap("models", span(model.MODEL()), whole, List.of());
        models.put(key.text, key.span, body, notes);
      }
    } else if (statement instanceof PoolStmtContext) {
      PoolStmtContext pool = (PoolStmtContext) statement;
      ScalarNode name = atom(pool.atom());
      if (name != null && pool.poolBody() != null) {
        MapBuilder item = new MapBuilder(whole, diagnostics);
        item.put("name", name.span(), name, notes);
        for (PoolItemContext line : pool.poolBody().poolItem()) {
          poolLine(line, item);
        }
        Span keyword = span(pool.POOL());
        root.sugarMap("inventory", keyword, whole, List.of())
            .sugarList("pools", keyword, item.build(whole), List.of());
      }
    } else if (statement instanceof DeploymentStmtContext) {
      DeploymentStmtContext deployment = (DeploymentStmtContext) statement;
      ScalarNode name = atom(deployment.atom());
      if (name != null && deployment.deploymentBody() != null) {
        MapBuilder item = new MapBuilder(whole, diagnostics);
        item.put("name", name.span(), name, notes);
        for (DeploymentItemContext line : deployment.deploymentBody().deploymentItem()) {
          deploymentLine(line, item);
        }
        root.sugarList("deployments", span(deployment.DEPLOYMENT()), item.build(whole), List.of());
      }
    } else if (statement instanceof ObjectiveStmtContext) {
      ObjectiveStmtContext objective = (ObjectiveStmtContext) statement;
      List<String> words = new ArrayList<>();
      for (NameContext word : objective.name()) {
        Token token = good(word);
        if (token == null) {
          return;
        }
        words.add(token.getText());
      }
      List<NameContext> names = objective.name();
      Span value = span(names.get(0)).union(span(names.get(names.size() - 1)));
      root.put(
          "objective",
          span(objective.OBJECTIVE()),
          new ScalarNode(String.join("-", words), ScalarNode.Style.PLAIN, value),
          notes);
    } else if (statement instanceof TopGenericContext) {
      generic(((TopGenericContext) statement).generic(), notes, Where.TOP, root);
    }
  }

  private void poolLine(PoolItemContext line, MapBuilder pool) {
    List<String> notes = commentsOf(line);
    if (line instanceof GpuStmtContext) {
      GpuStmtContext gpu = (GpuStmtContext) line;
      ScalarNode model = atom(gpu.atom());
      if (model == null) {
        return;
      }
      if (gpu.X() == null) {
        pool.put("gpu", span(gpu.GPU()), model, notes);
        return;
      }
      ScalarNode count = gpu.count() == null ? null : atom(gpu.count().atom());
      if (count != null && good(gpu.X()) != null) {
        pool.put("gpu", span(gpu.GPU()), model, notes);
        pool.put("count", span(gpu.X()), count, List.of());
      }
    } else if (line instanceof PoolGenericContext) {
      generic(((PoolGenericContext) line).generic(), notes, Where.POOL, pool);
    }
  }

  private void deploymentLine(DeploymentItemContext line, MapBuilder deployment) {
    List<String> notes = commentsOf(line);
    if (line instanceof PoolsStmtContext) {
      PoolsStmtContext pools = (PoolsStmtContext) line;
      ListNode list = atoms(pools.atom());
      if (list != null) {
        deployment.put("pools", span(pools.POOLS()), list, notes);
      }
    } else if (line instanceof WorkloadStmtContext) {
      WorkloadStmtContext workload = (WorkloadStmtContext) line;
      if (workload.workloadBody() != null) {
        Span braces = braces(workload.LBRACE(), workload);
        MapBuilder body = new MapBuilder(braces, diagnostics);
        for (WorkloadItemContext item : workload.workloadBody().workloadItem()) {
          workloadLine(item, body);
        }
        deployment.put("workload", span(workload.WORKLOAD()), body.build(braces), notes);
      }
    } else if (line instanceof SloStmtContext) {
      SloStmtContext slo = (SloStmtContext) line;
      if (slo.sloBody() != null) {
        Span braces = braces(slo.LBRACE(), slo);
        MapBuilder body = new MapBuilder(braces, diagnostics);
        for (SloItemContext item : slo.sloBody().sloItem()) {
          sloLine(item, body);
        }
        deployment.put("slo", span(slo.SLO()), body.build(braces), notes);
      }
    } else if (line instanceof DeploymentGenericContext) {
      generic(((DeploymentGenericContext) line).generic(), notes, Where.DEPLOYMENT, deployment);
    }
  }

  private void workloadLine(WorkloadItemContext line, MapBuilder workload) {
    List<String> notes = commentsOf(line);
    if (line instanceof RateStmtContext) {
      RateStmtContext rate = (RateStmtContext) line;
      ScalarNode value = rate.rate() == null ? null : atom(rate.rate().atom());
      if (value == null) {
        return;
      }
      Node arrival = null;
      if (rate.arrival() != null) {
        arrival = arrival(rate.arrival());
        if (arrival == null) {
          return;
        }
      }
      workload.put("rate", span(rate.RATE()), value, notes);
      if (arrival != null) {
        workload.put("arrival", span(rate.arrival().getStart()), arrival, List.of());
      }
    } else if (line instanceof TokensStmtContext) {
      TokensStmtContext tokens = (TokensStmtContext) line;
      TerminalNode keyword = tokens.INPUT() != null ? tokens.INPUT() : tokens.OUTPUT();
      Node value = tokens.tokenCount() == null ? null : tokenCount(tokens.tokenCount());
      if (value != null && good(keyword) != null) {
        String key =
            keyword.getSymbol().getType() == SplanParser.INPUT ? "input_tokens" : "output_tokens";
        workload.put(key, span(keyword), value, notes);
      }
    } else if (line instanceof WorkloadGenericContext) {
      generic(((WorkloadGenericContext) line).generic(), notes, Where.WORKLOAD, workload);
    }
  }

  private void sloLine(SloItemContext line, MapBuilder slo) {
    List<String> notes = commentsOf(line);
    if (line instanceof SloTargetContext) {
      SloTargetContext target = (SloTargetContext) line;
      List<NameContext> names = target.name();
      Token metric = names.size() > 0 ? good(names.get(0)) : null;
      Token percentile = names.size() > 1 ? good(names.get(1)) : null;
      ScalarNode bound = target.duration() == null ? null : atom(target.duration().atom());
      if (metric == null || percentile == null || bound == null) {
        return;
      }
      boolean firstLine = !slo.containsKey(metric.getText());
      MapBuilder targets =
          slo.sugarMap(metric.getText(), span(metric), span(target), firstLine ? notes : List.of());
      targets.put(percentile.getText(), span(percentile), bound, firstLine ? List.of() : notes);
    } else if (line instanceof SloAtLeastContext) {
      SloAtLeastContext atLeast = (SloAtLeastContext) line;
      Token metric = good(atLeast.name());
      ScalarNode bound = atLeast.percent() == null ? null : atom(atLeast.percent().atom());
      if (metric != null && bound != null) {
        slo.put(metric.getText(), span(metric), bound, notes);
      }
    } else if (line instanceof SloGenericContext) {
      generic(((SloGenericContext) line).generic(), notes, Where.SLO, slo);
    }
  }

  private void generic(
      GenericContext statement, List<String> notes, Where where, MapBuilder target) {
    if (statement == null) {
      return;
    }
    Key key = key(statement.key());
    if (key == null) {
      return;
    }
    Node value;
    if (statement.value() == null) {
      value = new ScalarNode("", ScalarNode.Style.NULL, key.span);
    } else {
      value = visit(statement.value());
      if (value == null) {
        return;
      }
    }
    String name = key.text;
    if (!key.quoted && where == Where.TOP && TOP_SUGAR_ONLY.contains(name)) {
      diagnostics.add(
          Diagnostic.of(Code.E0003, key.span, "expected a name after '" + name + "'")
              .withHelp(topSugarHelp(name) + "; write \"" + name + "\" in quotes for a plain key"));
      return;
    }
    if (!key.quoted && where == Where.WORKLOAD && (name.equals("input") || name.equals("output"))) {
      name = name + "_tokens";
    }
    target.put(name, key.span, value, notes);
  }

  private static String topSugarHelp(String keyword) {
    switch (keyword) {
      case "spec":
        return "write the spec name, like `spec chat-fleet`";
      case "model":
        return "define a model like `model my-llama { base llama-3.1-70b }`";
      case "pool":
        return "define a pool like `pool h100-east { gpu h100-sxm-80gb x 64 }`";
      default:
        return "define a deployment like `deployment chat { model llama-3.1-70b ... }`";
    }
  }

  // ------------------------------------------------------------------ values

  @Override
  public Node visitAtomValue(AtomValueContext ctx) {
    return atom(ctx.atom());
  }

  @Override
  public Node visitCommaValue(CommaValueContext ctx) {
    return atoms(ctx.atom());
  }

  @Override
  public Node visitPipeValue(PipeValueContext ctx) {
    return atoms(ctx.atom());
  }

  @Override
  public Node visitListValue(ListValueContext ctx) {
    return list(ctx.list());
  }

  @Override
  public Node visitBlockValue(BlockValueContext ctx) {
    return block(ctx.block());
  }

  @Override
  protected Node defaultResult() {
    return null;
  }

  private Node arrival(ArrivalContext arrival) {
    if (arrival instanceof ArrivalNameContext) {
      return nameScalar(((ArrivalNameContext) arrival).name());
    }
    if (arrival instanceof ArrivalParamContext) {
      ArrivalParamContext param = (ArrivalParamContext) arrival;
      Token kind = good(param.name());
      ScalarNode value = atom(param.atom());
      if (kind == null || value == null) {
        return null;
      }
      MapBuilder map = new MapBuilder(span(param), diagnostics);
      map.put(kind.getText(), span(kind), value, List.of());
      return map.build(span(param));
    }
    ArrivalCallContext call = (ArrivalCallContext) arrival;
    Token kind = good(call.name());
    MapNode args = args(call.args(), call.LPAREN(), call);
    if (kind == null || args == null) {
      return null;
    }
    MapBuilder map = new MapBuilder(span(call), diagnostics);
    map.put(kind.getText(), span(kind), args, List.of());
    return map.build(span(call));
  }

  private Node tokenCount(TokenCountContext tokens) {
    if (tokens instanceof TokensFixedContext) {
      return atom(((TokensFixedContext) tokens).atom());
    }
    TokensDistContext dist = (TokensDistContext) tokens;
    ScalarNode kind = nameScalar(dist.name());
    MapNode args = args(dist.args(), dist.LPAREN(), dist);
    if (kind == null || args == null) {
      return null;
    }
    MapBuilder map = new MapBuilder(span(dist), diagnostics);
    map.put("dist", kind.span(), kind, List.of());
    for (Entry entry : args.entries()) {
      map.put(entry.key(), entry.keySpan(), entry.value(), entry.comments());
    }
    return map.build(span(dist));
  }

  private MapNode args(ArgsContext args, TerminalNode open, ParserRuleContext call) {
    if (args == null || good(open) == null) {
      return null;
    }
    Span parens = braces(open, call);
    MapBuilder map = new MapBuilder(parens, diagnostics);
    for (ArgContext arg : args.arg()) {
      Key key = key(arg.key());
      ScalarNode value = atom(arg.atom());
      if (key != null && value != null) {
        map.put(key.text, key.span, value, List.of());
      }
    }
    return map.build(parens);
  }

  private MapNode block(BlockContext block) {
    if (block == null || block.body() == null || good(block.LBRACE()) == null) {
      return null;
    }
    Span braces = span(block);
    MapBuilder map = new MapBuilder(braces, diagnostics);
    for (GenericContext statement : block.body().generic()) {
      generic(statement, commentsOf(statement), Where.BLOCK, map);
    }
    return map.build(braces);
  }

  private ListNode list(ListContext list) {
    if (list == null || good(list.LBRACK()) == null) {
      return null;
    }
    List<Node> items = new ArrayList<>();
    for (ItemContext item : list.item()) {
      Node node;
      if (item.atom() != null) {
        node = atom(item.atom());
      } else if (item.list() != null) {
        node = list(item.list());
      } else {
        node = block(item.block());
      }
      if (node != null) {
        items.add(node);
      }
    }
    return new ListNode(items, span(list));
  }

  /** `a, b` and `a | b`: a list spanning its items. */
  private ListNode atoms(List<AtomContext> atoms) {
    List<Node> items = new ArrayList<>();
    for (AtomContext atom : atoms) {
      ScalarNode item = atom(atom);
      if (item == null) {
        return null;
      }
      items.add(item);
    }
    if (items.isEmpty()) {
      return null;
    }
    return new ListNode(items, items.get(0).span().union(items.get(items.size() - 1).span()));
  }

  private ScalarNode atom(AtomContext atom) {
    if (atom == null) {
      return null;
    }
    Token token = atom.name() != null ? good(atom.name()) : good(atom);
    if (token == null) {
      return null;
    }
    Span span = span(token);
    if (token.getType() == SplanParser.STRING) {
      return new ScalarNode(DslText.unquote(token.getText()), ScalarNode.Style.QUOTED, span);
    }
    if (token.getText().equals("null")) {
      return new ScalarNode("", ScalarNode.Style.NULL, span);
    }
    return new ScalarNode(token.getText(), ScalarNode.Style.PLAIN, span);
  }

  private ScalarNode nameScalar(NameContext name) {
    Token token = good(name);
    return token == null
        ? null
        : new ScalarNode(token.getText(), ScalarNode.Style.PLAIN, span(token));
  }

  /** A key: a name or a quoted string. */
  private static final class Key {
    final String text;
    final Span span;
    final boolean quoted;

    Key(String text, Span span, boolean quoted) {
      this.text = text;
      this.span = span;
      this.quoted = quoted;
    }
  }

  private Key key(KeyContext key) {
    if (key == null) {
      return null;
    }
    Token token = key.name() != null ? good(key.name()) : good(key);
    if (token == null) {
      return null;
    }
    boolean quoted = token.getType() == SplanParser.STRING;
    return new Key(
        quoted ? DslText.unquote(token.getText()) : token.getText(), span(token), quoted);
  }

  // ------------------------------------------------------------------ helpers

  private List<String> commentsOf(ParserRuleContext statement) {
    return comments.getOrDefault(statement, List.of());
  }

  /** The first real token directly under a node; null when recovery conjured or dropped it. */
  private static Token good(ParseTree node) {
    if (node == null) {
      return null;
    }
    if (node instanceof TerminalNode) {
      Token token = ((TerminalNode) node).getSymbol();
      return node instanceof ErrorNode || token.getTokenIndex() < 0 || token.getType() == Token.EOF
          ? null
          : token;
    }
    for (int i = 0; i < node.getChildCount(); i++) {
      ParseTree child = node.getChild(i);
      if (child instanceof TerminalNode && !(child instanceof ErrorNode)) {
        return good(child);
      }
    }
    return null;
  }

  /** From an opening bracket to the end of its statement. */
  private Span braces(TerminalNode open, ParserRuleContext statement) {
    Token start = good(open);
    Span whole = span(statement);
    if (start == null) {
      return whole;
    }
    int from = span(start).start();
    return source.span(from, Math.max(from, whole.end()));
  }

  private Span span(Token token) {
    return Spans.of(source, token);
  }

  private Span span(TerminalNode node) {
    return Spans.of(source, node.getSymbol());
  }

  private Span span(ParserRuleContext ctx) {
    return Spans.of(source, ctx);
  }
}
