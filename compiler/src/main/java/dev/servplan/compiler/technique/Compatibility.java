package dev.servplan.compiler.technique;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which techniques combine, as the one table of the cost terms the model does not cost together
 * (docs/techniques.md). The solver never plans a group with a conflict, and the verifier (P0607),
 * the simulator and the emitters refuse one.
 */
public final class Compatibility {
  /** Two cost terms the model does not cost together, and why. */
  public record Rule(CostTerm a, CostTerm b, String why) {}

  /** The table. */
  public static final List<Rule> RULES =
      List.of(
          new Rule(
              CostTerm.SM_STREAMS,
              CostTerm.MULTI_PASS_STEP,
              "the two-stream model times ordinary iterations"),
          new Rule(
              CostTerm.SM_STREAMS,
              CostTerm.HOST_TRANSFER,
              "the two-stream model has no transfer term"),
          new Rule(
              CostTerm.SM_STREAMS, CostTerm.EXPERT_LOADS, "the two-stream model has no load term"),
          new Rule(
              CostTerm.SM_STREAMS,
              CostTerm.ADAPTER_KERNELS,
              "the two-stream model has no adapter term"),
          new Rule(
              CostTerm.SM_STREAMS,
              CostTerm.KV_EVICTION,
              "the two-stream model attends to whole contexts"),
          new Rule(
              CostTerm.EXPERT_LOADS,
              CostTerm.MULTI_PASS_STEP,
              "expert loads are costed per scheduled token, not for the k + 1 tokens a verify pass"
                  + " routes"));

  private Compatibility() {}

  /** One conflict in a group's settings. */
  public record Conflict(TechniqueSetting first, TechniqueSetting second, Rule rule) {
    /** {@code "sm_partitioning and speculative_decoding (…why…)"}. */
    public String message() {
      return first.technique().id()
          + " ("
          + rule.a().description()
          + ") and "
          + second.technique().id()
          + " ("
          + rule.b().description()
          + ") are not costed together: "
          + rule.why();
    }
  }

  /** The conflicts among the settings, empty when they combine. */
  public static List<Conflict> conflicts(TechniqueSettings settings) {
    List<Conflict> out = new ArrayList<>();
    for (Rule rule : RULES) {
      for (TechniqueSetting a : settings.all()) {
        if (!a.terms().contains(rule.a())) {
          continue;
        }
        for (TechniqueSetting b : settings.all()) {
          if (b != a && b.terms().contains(rule.b())) {
            out.add(new Conflict(a, b, rule));
          }
        }
      }
    }
    return out;
  }

  /**
   * Whether some rule of the table forbids a term of {@code a} together with a term of {@code b}.
   */
  public static boolean conflict(Set<CostTerm> a, Set<CostTerm> b) {
    for (Rule rule : RULES) {
      if ((a.contains(rule.a()) && b.contains(rule.b()))
          || (a.contains(rule.b()) && b.contains(rule.a()))) {
        return true;
      }
    }
    return false;
  }

  /** Whether the settings combine. */
  public static boolean allowed(TechniqueSettings settings) {
    return conflicts(settings).isEmpty();
  }
}
