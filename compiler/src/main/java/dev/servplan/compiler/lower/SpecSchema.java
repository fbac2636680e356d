package dev.servplan.compiler.lower;

import dev.servplan.compiler.ir.Engine;
import dev.servplan.compiler.ir.LengthDist;
import dev.servplan.compiler.ir.ModelDef;
import dev.servplan.compiler.ir.Objective;
import dev.servplan.compiler.ir.Options;
import dev.servplan.compiler.technique.TechniqueSpec;
import dev.servplan.compiler.technique.TechniqueSpecs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The keys and closed value sets lowering accepts, for tools (the language server's completion)
 * that must offer exactly what the compiler takes. The lists are the lowerer's own constants where
 * it has them, so they cannot drift; the few it writes inline are repeated here and checked against
 * the compiler by the language server's tests.
 */
public final class SpecSchema {
  private SpecSchema() {}

  public static final List<String> TOP_KEYS = Lowerer.TOP_KEYS;
  public static final List<String> INVENTORY_KEYS = List.of("pools");
  public static final List<String> POOL_KEYS = Lowerer.POOL_KEYS;
  public static final List<String> OPTION_KEYS = Lowerer.OPTION_KEYS;
  public static final List<String> DEPLOYMENT_KEYS = DeploymentLowerer.KEYS;
  public static final List<String> WORKLOAD_KEYS = DeploymentLowerer.WORKLOAD_KEYS;
  public static final List<String> DIST_KEYS = DeploymentLowerer.DIST_KEYS;
  public static final List<String> SLO_KEYS = DeploymentLowerer.SLO_KEYS;

  /** Keys of one SLO metric ({@code ttft: {p99: 800ms}}). */
  public static final List<String> PERCENTILES = DeploymentLowerer.PERCENTILES;

  public static final List<String> PRECISION_KEYS = List.of("weights", "kv_cache");
  public static final List<String> PREFIX_KEYS = List.of("shared_tokens", "hit_rate");

  /** Keys of a map-valued {@code arrival}. */
  public static final List<String> ARRIVAL_KEYS = List.of("gamma", "trace");

  public static final List<String> GAMMA_KEYS = List.of("cv");

  /** Keys of one custom model: a base, a HuggingFace config, or architecture fields. */
  public static final List<String> MODEL_KEYS = modelKeys();

  /** Weight and KV-cache formats ({@code bf16}, {@code fp8}, ...). */
  public static final List<String> DTYPES = DeploymentLowerer.DTYPES;

  public static final List<String> OBJECTIVES =
      Arrays.stream(Objective.values()).map(Objective::id).toList();
  public static final List<String> DISAGGREGATION =
      Arrays.stream(Options.Disaggregation.values()).map(Options.Disaggregation::id).toList();
  public static final List<String> ENGINES =
      Arrays.stream(Engine.values()).map(Engine::id).toList();
  public static final List<String> DISTRIBUTIONS =
      Arrays.stream(LengthDist.Kind.values()).map(LengthDist.Kind::id).toList();

  /** The plain-word arrival process; {@code gamma} and {@code trace} take arguments. */
  public static final List<String> ARRIVALS = List.of("poisson");

  public static final List<String> ATTENTION_KINDS = List.of("mha", "gqa", "mla");
  public static final List<String> API_VERSIONS = List.of("servplan/v1");

  /**
   * The values to offer for a technique option that takes more than a toggle (its plug-in's
   * completion), with a description; empty for other keys.
   */
  public static Optional<TechniqueSpec.Completion> techniqueOptionValues(String optionKey) {
    return TechniqueSpecs.forOption(optionKey).flatMap(TechniqueSpec::completion);
  }

  private static List<String> modelKeys() {
    List<String> keys = new ArrayList<>(List.of("base", "hf_config"));
    keys.addAll(ModelDef.Explicit.NUMBER_KEYS);
    keys.addAll(ModelDef.Explicit.WORD_KEYS);
    return List.copyOf(keys);
  }
}
