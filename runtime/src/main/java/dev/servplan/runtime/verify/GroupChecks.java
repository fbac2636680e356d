package dev.servplan.runtime.verify;

import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.MemoryBreakdown;
import dev.servplan.compiler.technique.Compatibility;
import dev.servplan.compiler.technique.GroupPhysics;
import dev.servplan.compiler.technique.PlanCodecs;
import dev.servplan.compiler.technique.TechniqueSetting;
import dev.servplan.compiler.validate.ResolvedDeployment;
import dev.servplan.hwdb.catalog.AttentionKind;
import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.catalog.GpuSpec;
import dev.servplan.hwdb.catalog.ModelArch;
import dev.servplan.hwdb.cost.CostModel;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.MemoryEstimate;
import dev.servplan.hwdb.unit.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Checks of one group on its own: precisions, parallelism, batching limits and memory. */
final class GroupChecks {
  /**
   * Tolerance between a stated memory figure and the recomputed one before P0102 warns: plans write
   * numbers at 6 significant digits, and a different engine setting moves activations a little.
   */
  static final double MEMORY_TOLERANCE = 0.05;

  private final CostModel costModel;
  private final List<Violation> out;

  GroupChecks(CostModel costModel, List<Violation> out) {
    this.costModel = costModel;
    this.out = out;
  }

  void check(PlanContext context, PlanContext.GroupView view) {
    Group group = view.group();
    String path = view.path();
    if (group.instances() == 0) {
      out.add(Violation.of(PlanCode.P0605, path + ".instances"));
    }
    if (view.gpu().isEmpty()) {
      out.add(Violation.of(PlanCode.P0103, path + ".gpu", group.gpu()));
    }
    view.specPool()
        .ifPresent(
            pool -> {
              if (view.gpu().isPresent() && !view.gpu().get().id().equals(pool.gpu().id())) {
                out.add(
                    Violation.of(
                        PlanCode.P0105, path + ".gpu", group.gpu(), pool.name(), pool.gpu().id()));
              }
            });
    if (group.maxNumBatchedTokens() < group.maxNumSeqs()) {
      // vLLM refuses to start when max_num_batched_tokens < max_num_seqs (SchedulerConfig checks).
      out.add(
          Violation.of(
              PlanCode.P0606,
              path + ".max_num_batched_tokens",
              "max_num_batched_tokens "
                  + group.maxNumBatchedTokens()
                  + " is below max_num_seqs "
                  + group.maxNumSeqs()
                  + "; the engine needs at least one token per sequence"));
    }
    for (Compatibility.Conflict c : Compatibility.conflicts(group.techniques())) {
      out.add(
          Violation.of(
              PlanCode.P0607,
              path + "." + PlanCodecs.of(c.first().technique()).key(),
              c.message() + "; servplan never plans them together"));
    }
    boolean precisionOk = view.gpu().map(gpu -> precisions(gpu, group, path)).orElse(false);
    context
        .specDeployment(view.deployment().name())
        .ifPresent(d -> allowed(context, d, group, path));
    boolean shapeOk = view.model().map(model -> parallelism(model, view, path)).orElse(false);
    // Each technique checks its own setting; those that need the configuration get it when the
    // group's precisions and shape are valid.
    Optional<InstanceConfig> config = precisionOk && shapeOk ? view.config() : Optional.empty();
    TechniqueCheck.Target target =
        new TechniqueCheck.Target(
            context,
            view,
            path,
            config,
            config.map(c -> costModel.memory(c, GroupPhysics.memoryOptions(group))));
    for (TechniqueSetting s : group.techniques().all()) {
      TechniqueChecks.of(s.technique()).ifPresent(c -> c.check(s, target, out));
    }
    config.ifPresent(c -> memory(c, view, path));
  }

  private boolean precisions(GpuSpec gpu, Group group, String path) {
    boolean ok = true;
    Dtype w = group.weights();
    boolean integer = w == Dtype.INT8 || w == Dtype.INT4 || w == Dtype.INT2;
    if (integer && !gpu.supports(Dtype.BF16) && !gpu.supports(Dtype.FP16)) {
      out.add(
          Violation.of(
              PlanCode.P0501,
              path + ".weights",
              "gpu '"
                  + gpu.id()
                  + "' has no 16-bit tensor cores to run "
                  + w.id()
                  + " weight-only quantization"));
      ok = false;
    } else if (!integer && w != Dtype.FP32 && !gpu.supports(w)) {
      out.add(
          Violation.of(
              PlanCode.P0501,
              path + ".weights",
              "gpu '"
                  + gpu.id()
                  + "' has no "
                  + w.id()
                  + " tensor cores for weights; it supports "
                  + supported(gpu)));
      ok = false;
    }
    Dtype kv = group.kvDtype();
    Optional<String> undeclared = undeclaredKvDtype(group, kv);
    if (undeclared.isPresent()) {
      out.add(Violation.of(PlanCode.P0502, path + ".kv_dtype", undeclared.get()));
      ok = false;
    } else if (kv == Dtype.FP4) {
      out.add(
          Violation.of(
              PlanCode.P0502,
              path + ".kv_dtype",
              "kv cache dtype "
                  + kv.id()
                  + " is not supported by the engines planned for; use bf16, fp16, fp8 or int8"));
      ok = false;
    } else if ((kv == Dtype.FP8 || kv == Dtype.BF16 || kv == Dtype.FP16) && !gpu.supports(kv)) {
      out.add(
          Violation.of(
              PlanCode.P0502,
              path + ".kv_dtype",
              "gpu '"
                  + gpu.id()
                  + "' does not support a "
                  + kv.id()
                  + " kv cache; it supports "
                  + supported(gpu)));
      ok = false;
    }
    return ok;
  }

  private static String supported(GpuSpec gpu) {
    List<String> ids = new ArrayList<>();
    for (Dtype d : Dtype.values()) {
      if (gpu.supports(d)) {
        ids.add(d.id());
      }
    }
    return String.join(", ", ids);
  }

  private void allowed(PlanContext context, ResolvedDeployment d, Group group, String path) {
    if (!d.weights().isEmpty() && !d.weights().contains(group.weights())) {
      out.add(
          Violation.of(
              PlanCode.P0503,
              path + ".weights",
              "weights",
              group.weights().id(),
              ids(d.weights())));
    }
    // A technique may allow a KV format beyond the spec's precisions (a compressed one).
    boolean tolerated = allowsKvDtype(context, group);
    if (!tolerated && !d.kvDtypes().isEmpty() && !d.kvDtypes().contains(group.kvDtype())) {
      out.add(
          Violation.of(
              PlanCode.P0503,
              path + ".kv_dtype",
              "kv_cache",
              group.kvDtype().id(),
              ids(d.kvDtypes())));
    }
  }

  private static String ids(List<Dtype> dtypes) {
    return "[" + String.join(", ", dtypes.stream().map(Dtype::id).toList()) + "]";
  }

  private boolean parallelism(ModelArch model, PlanContext.GroupView view, String path) {
    Group group = view.group();
    int before = out.size();
    int tp = group.tp();
    if (model.heads() % tp != 0) {
      out.add(Violation.of(PlanCode.P0201, path + ".tp", model.id(), model.heads(), tp));
    }
    int kvHeads = model.kvHeads();
    if (model.attention() != AttentionKind.MLA
        && kvHeads > 0
        && kvHeads % tp != 0
        && tp % kvHeads != 0) {
      out.add(Violation.of(PlanCode.P0202, path + ".tp", model.id(), kvHeads, tp));
    }
    if (model.layers() % group.pp() != 0) {
      out.add(Violation.of(PlanCode.P0203, path + ".pp", model.id(), model.layers(), group.pp()));
    }
    int ep = group.ep();
    if (ep > 1) {
      if (!model.isMoe()) {
        out.add(
            Violation.of(
                PlanCode.P0204,
                path + ".ep",
                "ep=" + ep + " needs a mixture-of-experts model; '" + model.id() + "' is dense"));
      } else if (model.experts() % ep != 0) {
        out.add(
            Violation.of(
                PlanCode.P0204,
                path + ".ep",
                "model '"
                    + model.id()
                    + "' has "
                    + model.experts()
                    + " experts, not divisible by ep="
                    + ep));
      }
      if (tp % ep != 0) {
        out.add(
            Violation.of(
                PlanCode.P0204,
                path + ".ep",
                "ep="
                    + ep
                    + " must divide tp="
                    + tp
                    + " (experts are spread over the tensor-parallel ranks)"));
      }
    }
    if (tp > view.gpusPerNode()) {
      out.add(Violation.of(PlanCode.P0205, path + ".tp", tp, view.gpusPerNode(), group.pool()));
    }
    return out.size() == before;
  }

  private void memory(InstanceConfig config, PlanContext.GroupView view, String path) {
    Group group = view.group();
    // The memory is the instance model's, composed by the techniques as the solver sized it (what
    // a technique's setting may claim is its check's business, above).
    List<String> problems = new ArrayList<>();
    MemoryEstimate estimate = GroupPhysics.instance(costModel, config, group, 0, problems).memory();
    Bytes kv = group.kvCachePerGpu();
    Bytes total =
        estimate.weights().plus(kv).plus(estimate.activations()).plus(estimate.overhead());
    Bytes capacity = config.gpu().memory();
    if (total.bytes() > capacity.bytes()) {
      out.add(
          Violation.of(
              PlanCode.P0101,
              path,
              estimate.weights(),
              kv,
              estimate.activations(),
              estimate.overhead(),
              total,
              capacity,
              config.gpu().id()));
    }
    long tokens =
        estimate.kvBytesPerToken() > 0
            ? (long) Math.floor(kv.bytes() / estimate.kvBytesPerToken())
            : 0;
    if (tokens < estimate.pageTokens()) {
      out.add(
          Violation.of(
              PlanCode.P0106, path + ".kv_cache_gib_per_gpu", kv, tokens, estimate.pageTokens()));
    }
    MemoryBreakdown stated = group.memoryPerGpu();
    String m = path + ".memory_gib_per_gpu";
    differs(stated.weights(), estimate.weights(), m + ".weights", "weights");
    differs(stated.capacity(), capacity, m + ".capacity", "capacity");
    if (Math.abs(stated.kvCache().bytes() - kv.bytes()) > 0.01 * Math.max(kv.bytes(), Bytes.GIB)) {
      out.add(
          Violation.of(
              PlanCode.P0102,
              m + ".kv_cache",
              "kv cache",
              stated.kvCache(),
              kv + " (kv_cache_gib_per_gpu)"));
    }
    Bytes sum =
        stated.weights().plus(stated.kvCache()).plus(stated.activations()).plus(stated.overhead());
    differs(stated.total(), sum, m + ".total", "total");
  }

  /** The message of a KV format only a technique may introduce, used without its setting. */
  private static Optional<String> undeclaredKvDtype(Group group, Dtype kv) {
    for (TechniqueCheck c : TechniqueChecks.all().values()) {
      Optional<String> message = c.undeclaredKvDtype(kv);
      if (message.isPresent()
          && group.techniques().get(c.technique()).filter(s -> declares(c, s, kv)).isEmpty()) {
        return message;
      }
    }
    return Optional.empty();
  }

  private static boolean declares(TechniqueCheck c, TechniqueSetting s, Dtype kv) {
    return c.declaresKvDtype(s, kv);
  }

  /** Whether one of the group's techniques allows its KV format beyond the spec's precisions. */
  private static boolean allowsKvDtype(PlanContext context, Group group) {
    for (TechniqueSetting s : group.techniques().all()) {
      Optional<TechniqueCheck> c = TechniqueChecks.of(s.technique());
      if (c.isPresent() && c.get().allowsKvDtype(s, group.kvDtype(), context)) {
        return true;
      }
    }
    return false;
  }

  private void differs(Bytes stated, Bytes recomputed, String path, String what) {
    double scale = Math.max(recomputed.bytes(), Bytes.GIB);
    if (Math.abs(stated.bytes() - recomputed.bytes()) > MEMORY_TOLERANCE * scale) {
      out.add(Violation.of(PlanCode.P0102, path, what, stated, recomputed));
    }
  }
}
