package dev.servplan.solver;

import dev.servplan.compiler.ast.ParsedSpec;
import dev.servplan.compiler.lower.Lowerer;
import dev.servplan.compiler.source.SourceFile;
import dev.servplan.compiler.validate.ValidIr;
import dev.servplan.compiler.validate.Validator;
import dev.servplan.compiler.yaml.YamlFrontEnd;
import java.nio.file.Path;

/** Test helper: YAML text to a ValidIr through the real front end, lowering and validation. */
final class Specs {
  private Specs() {}

  static ValidIr valid(String yaml) {
    SourceFile source = SourceFile.of("spec.yaml", yaml);
    ParsedSpec parsed = new YamlFrontEnd().parse(source);
    if (!parsed.ok()) {
      throw new AssertionError("parse: " + parsed.diagnostics());
    }
    Lowerer.Result lowered = Lowerer.lower(parsed);
    if (!lowered.ok()) {
      throw new AssertionError("lower: " + lowered.diagnostics());
    }
    Validator.Result v = Validator.validate(lowered.spec(), Path.of("."));
    return v.valid().orElseThrow(() -> new AssertionError("validate: " + v.diagnostics()));
  }

  /** A one-deployment spec on one pool; the knobs tests vary are parameters. */
  static String single(
      String gpu, int count, String model, double rate, String slo, String options) {
    return "apiVersion: servplan/v1\n"
        + "name: t\n"
        + "inventory:\n"
        + "  pools:\n"
        + "    - name: p\n"
        + "      gpu: "
        + gpu
        + "\n"
        + "      count: "
        + count
        + "\n"
        + "deployments:\n"
        + "  - name: d\n"
        + "    model: "
        + model
        + "\n"
        + "    workload:\n"
        + "      rate: "
        + rate
        + "/s\n"
        + "      input_tokens: {dist: lognormal, mean: 1000, p99: 4000}\n"
        + "      output_tokens: {dist: lognormal, mean: 200, p99: 800}\n"
        + "    slo:\n"
        + slo
        + "objective: minimize-cost\n"
        + (options.isEmpty() ? "" : "options:\n" + options);
  }
}
