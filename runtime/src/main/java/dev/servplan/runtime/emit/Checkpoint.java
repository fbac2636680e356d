package dev.servplan.runtime.emit;

import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.PlanDeployment;
import dev.servplan.hwdb.catalog.Catalogs;
import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.catalog.ModelArch;
import java.util.List;
import java.util.Optional;

/**
 * What a group loads and in which precisions, resolved once for every engine: the checkpoint, the
 * 16-bit dtype to force (empty: the checkpoint's own), whether FP8 weights come from quantizing a
 * 16-bit checkpoint on load, and the KV cache dtype. A technique that changes what is loaded
 * refuses the group before this is resolved (its engine flags' refusals).
 */
record Checkpoint(String repo, Optional<Dtype> forceDtype, boolean onlineFp8, Dtype kvDtype) {
  /** The checkpoint for a group, or empty with a reason added to {@code errors}. */
  static Optional<Checkpoint> resolve(
      PlanDeployment d, Group g, EmitOptions options, String engine, List<String> errors) {
    String where = "deployment '" + d.name() + "' (" + g.role().id() + "): ";
    String override = options.modelRepos().get(d.name());
    Optional<String> repo =
        override != null ? Optional.of(override) : ModelRepos.forModel(d.model());
    if (repo.isEmpty()) {
      errors.add(
          where
              + "no Hugging Face repo known for model '"
              + d.model()
              + "'; pass --model "
              + d.name()
              + "=ORG/REPO");
      return Optional.empty();
    }
    Dtype nativeDtype =
        Catalogs.models().find(d.model()).map(ModelArch::nativeDtype).orElse(Dtype.BF16);
    Dtype w = g.weights();
    Optional<Dtype> force = Optional.empty();
    boolean onlineFp8 = false;
    if (override != null) {
      // A named checkpoint carries its own quantization config; engines read it from config.json.
    } else if (w == Dtype.FP8) {
      onlineFp8 = true;
    } else if (w == Dtype.BF16 || w == Dtype.FP16 || w == Dtype.FP32) {
      if (w != nativeDtype) {
        force = Optional.of(w);
      }
    } else {
      errors.add(
          where
              + "weights "
              + w.id()
              + " need a pre-quantized checkpoint that servplan cannot "
              + "name; pass --model "
              + d.name()
              + "=ORG/REPO (an "
              + w.id()
              + " checkpoint of '"
              + d.model()
              + "') for "
              + engine);
      return Optional.empty();
    }
    Dtype kv = g.kvDtype();
    if (kv != Dtype.BF16 && kv != Dtype.FP16 && kv != Dtype.FP8) {
      errors.add(
          where
              + "kv cache dtype "
              + kv.id()
              + " is not offered by "
              + engine
              + "; it takes a 16-bit or fp8 KV cache");
      return Optional.empty();
    }
    return Optional.of(new Checkpoint(repo.get(), force, onlineFp8, kv));
  }

  boolean fp8Kv() {
    return kvDtype == Dtype.FP8;
  }

  /** The PyTorch spelling of a forced dtype: {@code bfloat16}, {@code float16}, {@code float32}. */
  static String torchName(Dtype d) {
    switch (d) {
      case BF16:
        return "bfloat16";
      case FP16:
        return "float16";
      case FP32:
        return "float32";
      default:
        throw new IllegalArgumentException("not a torch float dtype: " + d);
    }
  }
}
