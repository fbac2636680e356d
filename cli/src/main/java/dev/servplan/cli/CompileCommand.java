package dev.servplan.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.servplan.compiler.ast.ParsedSpec;
import dev.servplan.compiler.diag.Diagnostic;
import dev.servplan.compiler.diag.render.Sources;
import dev.servplan.compiler.diag.render.TextRenderer;
import dev.servplan.compiler.dsl.DslFrontEnd;
import dev.servplan.compiler.ir.Options;
import dev.servplan.compiler.ir.Spec;
import dev.servplan.compiler.ir.Val;
import dev.servplan.compiler.lower.Lowerer;
import dev.servplan.compiler.plan.PlanFormat;
import dev.servplan.compiler.plan.PlanIo;
import dev.servplan.compiler.plan.PlanText;
import dev.servplan.compiler.plan.SpecRef;
import dev.servplan.compiler.source.LineMap;
import dev.servplan.compiler.source.SourceFile;
import dev.servplan.compiler.source.SourceReader;
import dev.servplan.compiler.source.Syntax;
import dev.servplan.compiler.validate.ValidIr;
import dev.servplan.compiler.validate.Validator;
import dev.servplan.compiler.yaml.YamlFrontEnd;
import dev.servplan.hwdb.unit.Duration;
import dev.servplan.hwdb.unit.HourlyPrice;
import dev.servplan.solver.DefaultSolver;
import dev.servplan.solver.SolveResult;
import dev.servplan.solver.SolverConfig;
import dev.servplan.solver.SolverProblem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code servplan compile SPEC}: solve a spec into the cheapest plan that meets it. */
@Command(
    name = "compile",
    description = "Solve a spec into a deployment plan (exit 0 plan, 1 no feasible plan, 2 input errors, 3 internal).",
    mixinStandardHelpOptions = true)
final class CompileCommand implements Callable<Integer> {
  /** Output formats of compile. */
  enum Format {
    text,
    json
  }

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "SPEC", description = "The spec file (.yaml or .splan).")
  Path specPath;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the plan to FILE (.json, or .yaml/.yml).")
  Path output;

  @Option(names = "--format", defaultValue = "text", description = "stdout format: text (summary) or json (the plan). Default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(names = "--time-limit", paramLabel = "DURATION", description = "Solver time limit, e.g. 10s or 500ms (default: the spec's options.time_limit).")
  String timeLimit;

  @Option(names = "--search", defaultValue = "ilp", description = "ilp (OR-Tools CP-SAT) or exhaustive (small specs). Default: ${DEFAULT-VALUE}.")
  SolverConfig.Search search;

  @Option(names = "--pareto", description = "Also print the cost of meeting the SLO scaled tighter (x0.8, x0.6, x0.45, x0.3).")
  boolean pareto;

  @Option(names = "--seed", defaultValue = "0", description = "Random seed of the solver. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--option", paramLabel = "KEY=VALUE", description = "Override a spec option: disaggregation, max_tp, max_pp, time_limit, budget.")
  List<String> overrides = new ArrayList<>();

  @Option(names = {"-q", "--quiet"}, description = "No progress messages.")
  boolean quiet;

  private static final Pattern DURATION = Pattern.compile("^\\s*([0-9]*\\.?[0-9]+)\\s*(ms|s|m|min)?\\s*$");

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean progress = !quiet && System.console() != null;
    SourceReader.Result read = SourceReader.read(specPath);
    SourceFile source = read.source();
    Sources sources = new Sources(List.of(source));
    if (!read.ok()) {
      return inputErrors(err, sources, read.diagnostics());
    }
    ParsedSpec parsed = (source.syntax() == Syntax.DSL ? new DslFrontEnd() : new YamlFrontEnd()).parse(source);
    if (!parsed.ok()) {
      return inputErrors(err, sources, parsed.diagnostics());
    }
    Lowerer.Result lowered = Lowerer.lower(parsed);
    if (!lowered.ok()) {
      return inputErrors(err, sources, lowered.diagnostics());
    }
    Spec ir = lowered.spec();
    List<String> optionErrors = new ArrayList<>();
    Options options = applyOverrides(ir.options(), optionErrors);
    if (!optionErrors.isEmpty()) {
      optionErrors.forEach(e -> err.println("error: " + e));
      err.flush();
      return ExitCode.INPUT;
    }
    ir = ir.withOptions(options);
    Path base = specPath.toAbsolutePath().getParent();
    Validator.Result validated = Validator.validate(ir, base);
    if (validated.valid().isEmpty()) {
      return inputErrors(err, sources, validated.diagnostics());
    }
    printWarnings(err, sources, validated.diagnostics());
    ValidIr valid = validated.valid().get();
    Duration limit = options.timeLimit().value();
    if (timeLimit != null) {
      Optional<Duration> parsedLimit = parseDuration(timeLimit);
      if (parsedLimit.isEmpty()) {
        err.println("error: --time-limit '" + timeLimit + "' is not a duration like 10s or 500ms");
        err.flush();
        return ExitCode.INPUT;
      }
      limit = parsedLimit.get();
    }
    SolverConfig.Result config = SolverConfig.of(limit, seed, 1, search);
    if (config.config().isEmpty()) {
      config.problems().forEach(p -> err.println("error: " + p));
      err.flush();
      return ExitCode.INPUT;
    }
    if (progress) {
      err.println("solving " + valid.deployments().size() + " deployment(s) over " + valid.pools().size()
          + " pool(s) with " + search.id() + " (time limit " + limit + ")...");
      err.flush();
    }
    SpecRef ref = SpecRef.of(ir.name(), source.text());
    DefaultSolver solver = DefaultSolver.analytical();
    SolveResult result = solver.solve(valid, ref, config.config().get());
    if (result instanceof SolveResult.Infeasible inf) {
      if (format == Format.json) {
        out.print(problemsJson(source, inf.problems()));
      } else {
        for (SolverProblem p : inf.problems()) {
          err.println(renderProblem(source, p));
        }
      }
      out.flush();
      err.flush();
      return ExitCode.UNSATISFIED;
    }
    var plan = ((SolveResult.Solved) result).plan();
    if (output != null) {
      Files.writeString(output, PlanIo.write(plan, PlanFormat.forFileName(output.getFileName().toString())),
          StandardCharsets.UTF_8);
    }
    if (format == Format.json) {
      out.print(PlanIo.write(plan, PlanFormat.JSON));
    } else {
      out.print(PlanText.render(plan));
      if (output != null) {
        out.println("plan written to " + output);
      }
    }
    if (pareto) {
      out.print(paretoTable(valid, ref, config.config().get(), plan.costPerHour().dollarsPerHour(), solver, err, progress));
    }
    out.flush();
    return ExitCode.OK;
  }

  /** Costs of meeting every latency limit scaled by each factor: the price of lower latency. */
  private String paretoTable(ValidIr valid, SpecRef ref, SolverConfig config, double baseCost, DefaultSolver solver,
      PrintWriter err, boolean progress) {
    StringBuilder b = new StringBuilder("\nlatency/cost frontier (every latency limit scaled):\n");
    b.append("  x1    ").append(String.format(Locale.ROOT, "$%.2f/h", baseCost)).append('\n');
    for (double f : new double[] {0.8, 0.6, 0.45, 0.3}) {
      if (progress) {
        err.println("pareto: solving with limits x" + f + "...");
        err.flush();
      }
      Spec scaled = valid.spec().withDeployments(valid.spec().deployments().stream()
          .map(d -> new dev.servplan.compiler.ir.Deployment(d.name(), d.span(), d.model(), d.pools(), d.weights(),
              d.kvCache(), d.workload(), scale(d.slo(), f)))
          .toList());
      Validator.Result v = Validator.validate(scaled, specPath.toAbsolutePath().getParent());
      String cell = "no plan";
      if (v.valid().isPresent()) {
        SolveResult r = solver.solve(v.valid().get(), ref, config);
        if (r instanceof SolveResult.Solved s) {
          cell = String.format(Locale.ROOT, "$%.2f/h", s.plan().costPerHour().dollarsPerHour());
        }
      }
      b.append(String.format(Locale.ROOT, "  x%-5s", dev.servplan.hwdb.unit.Quantities.formatNumber(f))).append(cell).append('\n');
    }
    return b.toString();
  }

  private static dev.servplan.compiler.ir.Slo scale(dev.servplan.compiler.ir.Slo slo, double f) {
    List<dev.servplan.compiler.ir.Slo.Target> targets = slo.targets().stream()
        .map(t -> new dev.servplan.compiler.ir.Slo.Target(t.metric(), t.percentile(),
            new Val<>(t.limit().value().times(f), t.limit().span()), t.span()))
        .toList();
    return new dev.servplan.compiler.ir.Slo(targets, slo.attainment(), slo.span());
  }

  private Options applyOverrides(Options o, List<String> errors) {
    for (String kv : overrides) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        errors.add("--option '" + kv + "' is not KEY=VALUE");
        continue;
      }
      String key = kv.substring(0, eq).trim();
      String value = kv.substring(eq + 1).trim();
      var span = o.span();
      switch (key) {
        case "disaggregation": {
          Options.Disaggregation d = null;
          for (Options.Disaggregation x : Options.Disaggregation.values()) {
            if (x.id().equals(value.toLowerCase(Locale.ROOT))) {
              d = x;
            }
          }
          if (d == null) {
            errors.add("--option disaggregation='" + value + "': expected auto, never or always");
          } else {
            o = new Options(new Val<>(d, span), o.maxTp(), o.maxPp(), o.timeLimit(), o.budget(), span);
          }
          break;
        }
        case "max_tp":
        case "max_pp": {
          Integer n = null;
          try {
            n = Integer.parseInt(value);
          } catch (NumberFormatException e) {
            n = null;
          }
          boolean powerOfTwo = n != null && n > 0 && (n & (n - 1)) == 0;
          if (n == null || n < 1 || n > 64 || (key.equals("max_tp") && !powerOfTwo)) {
            errors.add("--option " + key + "='" + value + "': expected an integer from 1 to 64"
                + (key.equals("max_tp") ? " that is a power of two" : ""));
          } else if (key.equals("max_tp")) {
            o = new Options(o.disaggregation(), new Val<>(n, span), o.maxPp(), o.timeLimit(), o.budget(), span);
          } else {
            o = new Options(o.disaggregation(), o.maxTp(), new Val<>(n, span), o.timeLimit(), o.budget(), span);
          }
          break;
        }
        case "time_limit": {
          Optional<Duration> d = parseDuration(value);
          if (d.isEmpty()) {
            errors.add("--option time_limit='" + value + "': expected a duration like 10s");
          } else {
            o = new Options(o.disaggregation(), o.maxTp(), o.maxPp(), new Val<>(d.get(), span), o.budget(), span);
          }
          break;
        }
        case "budget": {
          String number = value.replace("$", "").replace("/h", "").trim();
          double dollars;
          try {
            dollars = Double.parseDouble(number);
          } catch (NumberFormatException e) {
            dollars = -1;
          }
          if (!(dollars > 0)) {
            errors.add("--option budget='" + value + "': expected a price per hour like 120/h");
          } else {
            o = new Options(o.disaggregation(), o.maxTp(), o.maxPp(), o.timeLimit(),
                Optional.of(new Val<>(new HourlyPrice(dollars), span)), span);
          }
          break;
        }
        default:
          errors.add("--option '" + key + "' is not an option; expected disaggregation, max_tp, max_pp, time_limit or budget");
      }
    }
    return o;
  }

  static Optional<Duration> parseDuration(String text) {
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    double v = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    double seconds = unit.equals("ms") ? v / 1000 : unit.startsWith("m") ? v * 60 : v;
    return seconds > 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
  }

  private static int inputErrors(PrintWriter err, Sources sources, List<Diagnostic> diagnostics) {
    err.print(new TextRenderer(sources).render(diagnostics));
    err.flush();
    return ExitCode.INPUT;
  }

  private static void printWarnings(PrintWriter err, Sources sources, List<Diagnostic> diagnostics) {
    if (!diagnostics.isEmpty()) {
      err.print(new TextRenderer(sources).render(diagnostics));
      err.flush();
    }
  }

  static String renderProblem(SourceFile source, SolverProblem p) {
    LineMap.Position pos = source.lineMap().position(p.span().start());
    return "error[" + p.kind().id() + "]: " + p.message() + "\n  --> " + source.id().name() + ":" + pos.line() + ":"
        + pos.column() + "\n  help: " + p.help();
  }

  private static String problemsJson(SourceFile source, List<SolverProblem> problems) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    ArrayNode list = root.putArray("problems");
    for (SolverProblem p : problems) {
      LineMap.Position pos = source.lineMap().position(p.span().start());
      ObjectNode n = list.addObject();
      n.put("kind", p.kind().id());
      n.put("message", p.message());
      n.put("help", p.help());
      n.put("file", source.id().name());
      n.put("line", pos.line());
      n.put("column", pos.column());
    }
    try {
      return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
