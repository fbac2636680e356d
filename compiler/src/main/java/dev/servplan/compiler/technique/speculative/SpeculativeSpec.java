package dev.servplan.compiler.technique.speculative;

import dev.servplan.compiler.ast.MapNode;
import dev.servplan.compiler.ast.Node;
import dev.servplan.compiler.diag.Code;
import dev.servplan.compiler.diag.Diagnostic;
import dev.servplan.compiler.diag.DiagnosticSink;
import dev.servplan.compiler.ir.Engine;
import dev.servplan.compiler.ir.Spec;
import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.ir.Toggle;
import dev.servplan.compiler.ir.Val;
import dev.servplan.compiler.lower.MapReader;
import dev.servplan.compiler.lower.Scalars;
import dev.servplan.compiler.technique.BlockSpec;
import dev.servplan.compiler.technique.CostTerm;
import dev.servplan.compiler.technique.TechniqueBlock;
import dev.servplan.compiler.technique.TechniqueResolution;
import dev.servplan.compiler.technique.TechniqueSpec;
import dev.servplan.compiler.validate.ModelResolver;
import dev.servplan.compiler.validate.ResolvedDeployment;
import dev.servplan.hwdb.catalog.ModelArch;
import dev.servplan.hwdb.unit.Fraction;
import dev.servplan.hwdb.unit.Quantities;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The spec side of speculative decoding: a deployment's {@code speculative: {draft, acceptance,
 * tokens}} block, its draft model checked against the catalog and the target, and the warning for
 * {@code speculative_decoding: always} without any draft.
 */
public final class SpeculativeSpec implements TechniqueSpec, BlockSpec {
  static final List<String> KEYS = List.of("draft", "acceptance", "tokens");

  /**
   * Draft tokens per step servplan accepts; engines document 1 to a few (vLLM
   * num_speculative_tokens).
   */
  static final int MAX_DRAFT_TOKENS = 16;

  @Override
  public Technique technique() {
    return Technique.SPECULATIVE_DECODING;
  }

  /** vLLM draft_model, SGLang STANDALONE, TensorRT-LLM DraftTarget decoding. */
  @Override
  public boolean runsOn(Engine engine) {
    return true;
  }

  @Override
  public Set<CostTerm> forcedTerms() {
    return Set.of(CostTerm.MULTI_PASS_STEP);
  }

  @Override
  public Optional<BlockSpec> block() {
    return Optional.of(this);
  }

  /** The draft model a resolved deployment speculates with, if it declares speculative decoding. */
  public static Optional<ModelArch> draft(ResolvedDeployment deployment) {
    return deployment.resolution(Technique.SPECULATIVE_DECODING, Draft.class).map(Draft::model);
  }

  /** The catalog model a deployment's draft names. */
  record Draft(ModelArch model) implements TechniqueResolution {
    @Override
    public Technique technique() {
      return Technique.SPECULATIVE_DECODING;
    }
  }

  @Override
  public String key() {
    return "speculative";
  }

  @Override
  public Optional<TechniqueBlock> lower(Node node, Scalars scalars, DiagnosticSink sink) {
    if (!(node instanceof MapNode map)) {
      sink.report(
          Diagnostic.of(
              Code.E0103,
              node.span(),
              "a map with 'draft', 'acceptance' and 'tokens'",
              "speculative",
              node.describe()));
      return Optional.empty();
    }
    MapReader reader = new MapReader(map, "speculative", KEYS, sink);
    Optional<Val<String>> draft = reader.required("draft").flatMap(n -> scalars.word(n, "draft"));
    Optional<Val<Fraction>> acceptance =
        reader.required("acceptance").flatMap(n -> scalars.percent(n, "acceptance"));
    // Speculation needs 0 < alpha < 1: at 0 it never helps and at 100% the expected-tokens formula
    // degenerates.
    acceptance
        .filter(a -> a.value().value() < 0.01 || a.value().value() > 0.99)
        .ifPresent(
            a ->
                sink.report(
                    Diagnostic.of(
                        Code.E0301, a.span(), "acceptance", a.value(), "expected 1% to 99%")));
    Optional<Val<Integer>> tokens =
        reader.required("tokens").flatMap(n -> scalars.integer(n, "tokens", 1, MAX_DRAFT_TOKENS));
    if (draft.isEmpty()
        || acceptance.isEmpty()
        || tokens.isEmpty()
        || acceptance.get().value().value() < 0.01
        || acceptance.get().value().value() > 0.99) {
      return Optional.empty();
    }
    return Optional.of(new Speculative(draft.get(), acceptance.get(), tokens.get(), map.span()));
  }

  /**
   * The draft must be a catalog model; a draft proposes tokens the target verifies: same
   * vocabulary, and it must be cheaper to run.
   */
  @Override
  public Resolution resolve(
      TechniqueBlock block, Optional<ModelArch> target, ModelResolver models, DiagnosticSink sink) {
    Speculative spec = (Speculative) block;
    Optional<ModelArch> draft = models.catalogModel(spec.draft());
    if (target.isEmpty() || draft.isEmpty()) {
      return Resolution.FAILED;
    }
    return checkDraft(spec, target.get(), draft.get(), sink)
        ? Resolution.of(new Draft(draft.get()))
        : Resolution.FAILED;
  }

  private static boolean checkDraft(
      Speculative spec, ModelArch target, ModelArch draft, DiagnosticSink sink) {
    boolean ok = true;
    if (draft.vocabSize() != target.vocabSize()) {
      sink.report(
          Diagnostic.of(
                  Code.E0207,
                  spec.draft().span(),
                  "draft model '"
                      + draft.id()
                      + "' has a vocabulary of "
                      + draft.vocabSize()
                      + " tokens but the target '"
                      + target.id()
                      + "' has "
                      + target.vocabSize())
              .withHelp(
                  "speculative decoding needs a draft with the target's tokenizer, e.g. a smaller model of the same family"));
      ok = false;
    }
    if (target.publishedParamsB() > 0 && draft.publishedParamsB() >= target.publishedParamsB()) {
      sink.report(
          Diagnostic.of(
                  Code.E0207,
                  spec.draft().span(),
                  "draft model '"
                      + draft.id()
                      + "' ("
                      + Quantities.formatNumber(draft.publishedParamsB())
                      + "B parameters) is not smaller than the target '"
                      + target.id()
                      + "' ("
                      + Quantities.formatNumber(target.publishedParamsB())
                      + "B)")
              .withHelp("a draft only pays off when it is much cheaper than the target"));
      ok = false;
    }
    return ok;
  }

  /** W0004 when speculation is forced but no deployment declares a draft. */
  @Override
  public void checkSpec(Spec spec, List<ResolvedDeployment> deployments, DiagnosticSink sink) {
    Val<Toggle> speculative = spec.options().toggle(Technique.SPECULATIVE_DECODING);
    if (speculative.value() == Toggle.ALWAYS
        && Technique.SPECULATIVE_DECODING.modelled()
        && spec.deployments().stream().allMatch(d -> Speculative.of(d).isEmpty())) {
      sink.report(
          Diagnostic.of(
                  Code.W0004,
                  speculative.span(),
                  "speculative_decoding always: no deployment declares"
                      + " a 'speculative' draft, so no plan can speculate")
              .withHelp(
                  "add 'speculative: {draft: MODEL, acceptance: 70%, tokens: 4}' to a deployment"));
    }
  }
}
