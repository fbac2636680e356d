package dev.servplan.compiler.technique;

import dev.servplan.compiler.ast.Node;
import dev.servplan.compiler.diag.DiagnosticSink;
import dev.servplan.compiler.ir.Deployment;
import dev.servplan.compiler.ir.Engine;
import dev.servplan.compiler.ir.Options;
import dev.servplan.compiler.ir.Spec;
import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.ir.Toggle;
import dev.servplan.compiler.ir.Val;
import dev.servplan.compiler.lower.Scalars;
import dev.servplan.compiler.validate.ResolvedDeployment;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The spec side of one serving technique: which engines run it, how its option (keyed by {@link
 * Technique#id()}) lowers and completes, the block it may add to each deployment ({@link
 * BlockSpec}), and the checks only it knows. Every method but {@link #technique()} and {@link
 * #runsOn} has a default for a technique that is a plain toggle. Each technique registers one, in
 * its own package, with one line of {@code
 * META-INF/services/dev.servplan.compiler.technique.TechniqueSpec}; {@link TechniqueSpecs} finds
 * them.
 */
public interface TechniqueSpec {
  /** The values of a plain technique option. */
  List<String> TOGGLES = List.of("auto", "never", "always");

  /** The technique this plug-in describes. */
  Technique technique();

  /**
   * Whether a concrete engine ({@code vllm}, {@code sglang}, {@code trtllm}) runs the technique,
   * each answer citing the engine's documentation (docs/emit.md). {@link Engine#ANY} runs every
   * technique and is not asked.
   */
  boolean runsOn(Engine engine);

  /**
   * The option's value {@code node} as a toggle and, for a technique whose option states more, its
   * {@link TechniqueOptions}; empty when it is invalid (after reporting why). By default one of
   * {@link #TOGGLES}.
   */
  default Optional<OptionValue> lowerOption(Node node, Scalars scalars, DiagnosticSink sink) {
    return scalars
        .choice(
            node,
            technique().id() + " mode",
            TOGGLES,
            id -> Toggle.valueOf(id.toUpperCase(Locale.ROOT)))
        .map(OptionValue::of);
  }

  /**
   * The scalar values an editor offers for the option, if the technique offers any (completion in
   * the language server); none by default.
   */
  default Optional<Completion> completion() {
    return Optional.empty();
  }

  /** The deployment block this technique adds, if any. */
  default Optional<BlockSpec> block() {
    return Optional.empty();
  }

  /**
   * The cost terms ({@link Compatibility}) that every plan obeying {@code always} for this
   * technique carries, on the instances the technique applies to; none by default.
   */
  default Set<CostTerm> forcedTerms() {
    return Set.of();
  }

  /** Checks the lowered options, reporting what only this technique knows to be wrong. */
  default void checkOptions(Options options, DiagnosticSink sink) {}

  /**
   * Checks one deployment whose model and blocks resolved, next to validation's precision checks.
   */
  default void checkDeployment(Deployment deployment, DiagnosticSink sink) {}

  /** Checks the whole spec once its deployments are resolved (those that resolved). */
  default void checkSpec(Spec spec, List<ResolvedDeployment> deployments, DiagnosticSink sink) {}

  /** A lowered option: its toggle, and what it states beyond the toggle. */
  record OptionValue(Val<Toggle> toggle, Optional<TechniqueOptions> options) {
    public OptionValue {
      Objects.requireNonNull(toggle, "toggle");
      Objects.requireNonNull(options, "options");
    }

    /** A plain toggle. */
    public static OptionValue of(Val<Toggle> toggle) {
      return new OptionValue(toggle, Optional.empty());
    }
  }

  /** Values to complete an option with, and what they are. */
  record Completion(List<String> values, String detail) {
    public Completion {
      values = List.copyOf(values);
      Objects.requireNonNull(detail, "detail");
    }
  }
}
