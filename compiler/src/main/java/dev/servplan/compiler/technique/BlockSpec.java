package dev.servplan.compiler.technique;

import dev.servplan.compiler.ast.Node;
import dev.servplan.compiler.diag.DiagnosticSink;
import dev.servplan.compiler.lower.Scalars;
import dev.servplan.compiler.validate.ModelResolver;
import dev.servplan.hwdb.catalog.ModelArch;
import java.util.Objects;
import java.util.Optional;

/**
 * The part of a {@link TechniqueSpec} for a technique that adds a key to each deployment: the key,
 * how its value lowers to a {@link TechniqueBlock}, and how that block is checked against the
 * catalogs and the deployment's model during validation.
 */
public interface BlockSpec {
  /** The deployment key, e.g. {@code adapters}. */
  String key();

  /**
   * The block the value {@code node} states, or empty when it is invalid (after reporting why); a
   * deployment with an invalid block is left out of the IR.
   */
  Optional<TechniqueBlock> lower(Node node, Scalars scalars, DiagnosticSink sink);

  /**
   * Checks the block against the catalogs and against the deployment's model ({@code target}, empty
   * when it did not resolve), reporting what is wrong. A deployment whose block fails is left out
   * of the valid IR. Nothing to resolve by default.
   */
  default Resolution resolve(
      TechniqueBlock block, Optional<ModelArch> target, ModelResolver models, DiagnosticSink sink) {
    return Resolution.NOTHING;
  }

  /** The outcome of {@link #resolve}: whether the block is valid, and what it resolved to. */
  record Resolution(boolean ok, Optional<TechniqueResolution> value) {
    /** Valid, with nothing to keep. */
    public static final Resolution NOTHING = new Resolution(true, Optional.empty());

    /** Invalid; the problem was reported. */
    public static final Resolution FAILED = new Resolution(false, Optional.empty());

    public Resolution {
      Objects.requireNonNull(value, "value");
      if (!ok && value.isPresent()) {
        throw new IllegalArgumentException("a failed resolution has no value");
      }
    }

    /** Valid, resolved to {@code value}. */
    public static Resolution of(TechniqueResolution value) {
      return new Resolution(true, Optional.of(value));
    }
  }
}
