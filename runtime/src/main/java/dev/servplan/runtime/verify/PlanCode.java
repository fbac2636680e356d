package dev.servplan.runtime.verify;

import dev.servplan.compiler.diag.DiagnosticCode;
import dev.servplan.compiler.diag.Severity;

/**
 * Every problem the plan verifier reports: a stable identifier, a severity, a title and the message
 * template ({@link DiagnosticCode}, the mechanism the spec's codes use too). Never renumber or
 * reuse a code; add new ones at the end of their range.
 */
public enum PlanCode implements DiagnosticCode {
  // P00xx: reading the plan.
  P0001(Severity.ERROR, "unreadable plan", "%s"),
  P0002(Severity.ERROR, "unsupported plan version", "%s"),

  // P01xx: memory and catalog references.
  P0101(
      Severity.ERROR,
      "instance does not fit in GPU memory",
      "weights %s + kv cache %s + activations %s + overhead %s = %s exceeds the %s of one %s"),
  P0102(
      Severity.WARNING,
      "stated memory disagrees with the recomputed figure",
      "the plan states %s %s per GPU, recomputed %s"),
  P0103(Severity.ERROR, "unknown GPU", "unknown GPU '%s'"),
  P0104(Severity.ERROR, "unknown model", "unknown model '%s'"),
  P0105(
      Severity.ERROR, "GPU differs from the pool's", "group runs on '%s' but pool '%s' holds '%s'"),
  P0106(
      Severity.ERROR,
      "no room for the KV cache",
      "kv cache %s per GPU holds %d tokens, fewer than one %d-token block"),
  P0107(Severity.ERROR, "offloaded weights do not fit", "%s"),

  // P02xx: parallelism against the model and the node.
  P0201(
      Severity.ERROR,
      "tp does not divide the attention heads",
      "model '%s' has %d attention heads, not divisible by tp=%d"),
  P0202(
      Severity.ERROR,
      "tp does not fit the KV heads",
      "model '%s' has %d KV heads; tp=%d must divide them or be a multiple of them"),
  P0203(
      Severity.ERROR,
      "pp does not divide the layers",
      "model '%s' has %d layers, not divisible by pp=%d"),
  P0204(Severity.ERROR, "invalid expert parallelism", "%s"),
  P0205(
      Severity.ERROR,
      "tensor parallelism crosses a node",
      "tp=%d exceeds the %d GPUs of one node of pool '%s'"),

  // P03xx: placement and pool capacity.
  P0301(Severity.ERROR, "GPU booked twice", "GPU %d of node %d in pool '%s' is already used by %s"),
  P0302(Severity.ERROR, "placement outside the pool", "%s"),
  P0303(Severity.ERROR, "placement does not match the group", "%s"),
  P0304(Severity.ERROR, "pool over-subscribed", "the plan uses %d GPUs of pool '%s', which has %d"),
  P0305(Severity.ERROR, "unknown pool", "unknown pool '%s'"),

  // P04xx: prices.
  P0401(
      Severity.ERROR,
      "price differs from the pool's",
      "price_per_gpu_hour %s differs from pool '%s' at %s"),
  P0402(
      Severity.ERROR,
      "cost does not add up",
      "cost_per_hour %s differs from the sum over groups, %s"),

  // P05xx: precisions.
  P0501(Severity.ERROR, "weight precision not supported by the GPU", "%s"),
  P0502(Severity.ERROR, "KV-cache precision not supported by the GPU", "%s"),
  P0503(
      Severity.ERROR,
      "precision not allowed by the spec",
      "%s %s is not among the spec's allowed %s"),

  // P06xx: coverage of the spec.
  P0601(
      Severity.ERROR,
      "deployment missing from the plan",
      "spec deployment '%s' has no plan deployment"),
  P0602(Severity.ERROR, "deployment not in the spec", "plan deployment '%s' is not in the spec"),
  P0603(
      Severity.ERROR,
      "model differs from the spec's",
      "deployment '%s' serves '%s' but the spec says '%s'"),
  P0604(Severity.ERROR, "deployment cannot serve requests", "%s"),
  P0605(Severity.WARNING, "empty group", "group has 0 instances"),
  P0606(Severity.ERROR, "batching limits out of range", "%s"),
  P0607(Severity.ERROR, "technique setting cannot run", "%s"),

  // P07xx: simulation against the SLO.
  P0701(
      Severity.ERROR,
      "SLO target missed in simulation",
      "deployment '%s': simulated %s %s is %s, above the %s limit"),
  P0702(
      Severity.ERROR,
      "SLO attainment missed in simulation",
      "deployment '%s': simulated slo_attainment %s is below the spec's %s");

  private final Severity severity;
  private final String title;
  private final String template;

  PlanCode(Severity severity, String title, String template) {
    this.severity = severity;
    this.title = title;
    this.template = template;
  }

  @Override
  public Severity severity() {
    return severity;
  }

  @Override
  public String title() {
    return title;
  }

  @Override
  public String template() {
    return template;
  }

  /** P-codes share one page: the message names the values and the plan's JSON path. */
  @Override
  public String fallbackExplanation() {
    return "Reported by 'servplan validate' (and refused by 'servplan emit') when a plan breaks this"
        + " rule;\nthe message names the offending values and the JSON path in the plan. See"
        + " docs/simulator.md,\n\"Validation\", for what each P-code checks and how the figures are"
        + " recomputed.";
  }
}
