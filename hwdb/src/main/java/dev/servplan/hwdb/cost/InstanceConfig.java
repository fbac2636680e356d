package dev.servplan.hwdb.cost;

import dev.servplan.hwdb.catalog.AttentionKind;
import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.catalog.GpuSpec;
import dev.servplan.hwdb.catalog.LinkSpec;
import dev.servplan.hwdb.catalog.ModelArch;
import dev.servplan.hwdb.technique.kvcompression.KvCompression;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One serving instance: a model on {@code tp × pp} GPUs of one kind. Expert parallelism splits the
 * experts of MoE layers over {@code ep} of the {@code tp} ranks (so {@code ep} divides {@code tp}).
 * The constructor only rejects nonsense (zero GPUs); whether the combination can actually run is
 * reported by {@link #problems()}, so callers can show every problem at once.
 *
 * @param intraNodeLink the GPU-to-GPU link inside a node (NVLink, PCIe)
 * @param interNodeLink the link between nodes, used when the instance spans more than one node
 */
public record InstanceConfig(
    ModelArch model,
    GpuSpec gpu,
    int tp,
    int pp,
    int ep,
    Dtype weightDtype,
    Dtype kvDtype,
    LinkSpec intraNodeLink,
    LinkSpec interNodeLink) {
  /** Largest tensor-parallel group when the catalog does not say how many GPUs a node has. */
  public static final int DEFAULT_GPUS_PER_NODE = 8;

  public InstanceConfig {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(gpu, "gpu");
    Objects.requireNonNull(weightDtype, "weightDtype");
    Objects.requireNonNull(kvDtype, "kvDtype");
    Objects.requireNonNull(intraNodeLink, "intraNodeLink");
    Objects.requireNonNull(interNodeLink, "interNodeLink");
    if (tp < 1 || pp < 1 || ep < 1) {
      throw new IllegalArgumentException(
          "tp, pp and ep must be >= 1, got tp=" + tp + " pp=" + pp + " ep=" + ep);
    }
  }

  /**
   * A hash of the identifying fields only: the cost model keys its per-configuration caches by
   * configuration and looks one up per iteration, where the record's default hash walks the whole
   * model and GPU records (a fifth of the solver's time in a profile). Equal configurations have
   * equal ids, dtypes and degrees, so this agrees with the record's {@code equals}.
   */
  @Override
  public int hashCode() {
    int h = model.id().hashCode();
    h = 31 * h + gpu.id().hashCode();
    h = 31 * h + Double.hashCode(gpu.memoryBandwidthBytesPerS());
    h = 31 * h + tp;
    h = 31 * h + 7 * pp + ep;
    h = 31 * h + weightDtype.ordinal();
    h = 31 * h + kvDtype.ordinal();
    return 31 * h + intraNodeLink.id().hashCode() + interNodeLink.id().hashCode();
  }

  /**
   * The record's equality, cheap fields first and each record compared only when it is not the same
   * object: cost-model caches compare configurations per iteration, and the record's default walks
   * the whole model and GPU records even for one configuration compared with itself.
   */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    return o instanceof InstanceConfig c
        && tp == c.tp
        && pp == c.pp
        && ep == c.ep
        && weightDtype == c.weightDtype
        && kvDtype == c.kvDtype
        && same(gpu, c.gpu)
        && same(model, c.model)
        && same(intraNodeLink, c.intraNodeLink)
        && same(interNodeLink, c.interNodeLink);
  }

  private static boolean same(Object a, Object b) {
    return a == b || a.equals(b);
  }

  /** Native weights and KV cache, no expert parallelism, the same link inside and across nodes. */
  public static InstanceConfig of(ModelArch model, GpuSpec gpu, int tp, int pp, LinkSpec link) {
    return new InstanceConfig(
        model, gpu, tp, pp, 1, model.nativeDtype(), model.nativeDtype(), link, link);
  }

  public InstanceConfig withWeightDtype(Dtype dtype) {
    return new InstanceConfig(model, gpu, tp, pp, ep, dtype, kvDtype, intraNodeLink, interNodeLink);
  }

  public InstanceConfig withKvDtype(Dtype dtype) {
    return new InstanceConfig(
        model, gpu, tp, pp, ep, weightDtype, dtype, intraNodeLink, interNodeLink);
  }

  public InstanceConfig withParallelism(int tp, int pp, int ep) {
    return new InstanceConfig(
        model, gpu, tp, pp, ep, weightDtype, kvDtype, intraNodeLink, interNodeLink);
  }

  public InstanceConfig withGpu(GpuSpec gpu) {
    return new InstanceConfig(
        model, gpu, tp, pp, ep, weightDtype, kvDtype, intraNodeLink, interNodeLink);
  }

  /** GPUs in the instance. */
  public int gpus() {
    return tp * pp;
  }

  /** GPUs in one node of this GPU kind. */
  public int gpusPerNode() {
    return gpu.defaultGpusPerNode() > 0 ? gpu.defaultGpusPerNode() : DEFAULT_GPUS_PER_NODE;
  }

  /** Whether weights are stored quantized to integers and widened to 16 bits inside the matmul. */
  public boolean weightOnlyQuantized() {
    return isInteger(weightDtype);
  }

  /**
   * The dtype the tensor cores multiply in: FP8/FP4 weights run natively, integer weights in 16
   * bits.
   */
  public Dtype computeDtype() {
    if (weightOnlyQuantized() || weightDtype == Dtype.FP32) {
      return sixteenBitDtype();
    }
    return weightDtype;
  }

  /** The 16-bit dtype activations and attention run in: the model's own if the GPU has it. */
  public Dtype sixteenBitDtype() {
    Dtype nativeDtype = model.nativeDtype();
    if ((nativeDtype == Dtype.BF16 || nativeDtype == Dtype.FP16) && gpu.supports(nativeDtype)) {
      return nativeDtype;
    }
    return gpu.supports(Dtype.BF16) ? Dtype.BF16 : Dtype.FP16;
  }

  /**
   * Why this instance cannot run, one message per problem (empty when it can). Messages name the
   * values involved and say what would be accepted.
   */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (tp > gpusPerNode()) {
      problems.add(
          "tensor parallelism tp="
              + tp
              + " exceeds the "
              + gpusPerNode()
              + " GPUs of one '"
              + gpu.id()
              + "' node; use pp to span nodes");
    }
    if (model.heads() % tp != 0) {
      problems.add(
          "model '"
              + model.id()
              + "' has "
              + model.heads()
              + " attention heads, not divisible by tp="
              + tp);
    }
    int kvHeads = model.kvHeads();
    if (model.attention() != AttentionKind.MLA
        && kvHeads > 0
        && kvHeads % tp != 0
        && tp % kvHeads != 0) {
      problems.add(
          "model '"
              + model.id()
              + "' has "
              + kvHeads
              + " KV heads; tp="
              + tp
              + " must divide them or be a multiple of them");
    }
    if (model.layers() % pp != 0) {
      problems.add(
          "model '"
              + model.id()
              + "' has "
              + model.layers()
              + " layers, not divisible by pp="
              + pp);
    }
    if (ep > 1) {
      if (!model.isMoe()) {
        problems.add(
            "expert parallelism ep="
                + ep
                + " needs a mixture-of-experts model; '"
                + model.id()
                + "' is dense");
      } else if (model.experts() % ep != 0) {
        problems.add(
            "model '"
                + model.id()
                + "' has "
                + model.experts()
                + " experts, not divisible by ep="
                + ep);
      }
      if (tp % ep != 0) {
        problems.add(
            "ep="
                + ep
                + " must divide tp="
                + tp
                + " (experts are spread over the tensor-parallel ranks)");
      }
    }
    if (!isInteger(weightDtype) && !gpu.supports(weightDtype)) {
      problems.add(
          "gpu '"
              + gpu.id()
              + "' has no "
              + weightDtype.id()
              + " tensor cores for weights; supported: "
              + supportedList());
    }
    if (isInteger(weightDtype) && !gpu.supports(Dtype.BF16) && !gpu.supports(Dtype.FP16)) {
      problems.add(
          "gpu '"
              + gpu.id()
              + "' has no 16-bit tensor cores to run "
              + weightDtype.id()
              + " weight-only quantization");
    }
    if (kvDtype == Dtype.FP32) {
      problems.add(
          "kv cache dtype "
              + kvDtype.id()
              + " is not supported; use bf16, fp16, fp8, int8, int4 or int2");
    } else if (KvCompression.isGroupQuantized(kvDtype)
        && !gpu.supports(Dtype.BF16)
        && !gpu.supports(Dtype.FP16)) {
      problems.add(
          "gpu '"
              + gpu.id()
              + "' has no 16-bit units to dequantize a "
              + kvDtype.id()
              + " kv cache");
    } else if (!isInteger(kvDtype) && !gpu.supports(kvDtype)) {
      problems.add(
          "gpu '"
              + gpu.id()
              + "' does not support a "
              + kvDtype.id()
              + " kv cache; supported: "
              + supportedList());
    }
    return List.copyOf(problems);
  }

  private String supportedList() {
    List<String> ids = new ArrayList<>();
    for (Dtype d : Dtype.values()) {
      if (gpu.supports(d)) {
        ids.add(d.id());
      }
    }
    return String.join(", ", ids);
  }

  static boolean isInteger(Dtype dtype) {
    return dtype == Dtype.INT8 || dtype == Dtype.INT4 || dtype == Dtype.INT2;
  }
}
