package dev.servplan.hwdb.cost;

import dev.servplan.hwdb.unit.Bytes;

/**
 * Fixed constants of the analytical cost model, each with its unit and source. Constants fitted to
 * measurements are in {@link CostParameters} instead.
 */
public final class CostConstants {
  private CostConstants() {}

  /**
   * Output tile of one thread block of a tensor-core GEMM, rows × columns (elements). CUTLASS's
   * default SM80/SM90 threadblock tile is 128×128 (github.com/NVIDIA/cutlass
   * media/docs/efficient_gemm.md); it sets how many tiles a GEMM has and so its wave quantization.
   */
  static final int GEMM_TILE_M = 128;

  static final int GEMM_TILE_N = 128;

  /**
   * Smallest K slice (elements) a split-K GEMM gives one thread block. Four 128-wide K steps of the
   * CUTLASS mainloop; below that a split does too little work to pay for its reduction. Engineering
   * choice of this model (bounds split-K only for tiny GEMMs), not a measured figure.
   */
  static final int SPLIT_K_MIN_SLICE = 512;

  /**
   * Achievable fraction of the 16-bit tensor peak for fused attention. FlashAttention-2 reaches
   * 50–73% of A100 peak in the forward pass (Dao, arXiv:2307.08691, abstract); FlashAttention-3
   * reaches 75% of H100 BF16 peak (Shah et al., arXiv:2407.08608, abstract). The lower end is used
   * since serving runs short and ragged sequences. Dimensionless.
   */
  static final double ATTENTION_EFFICIENCY = 0.5;

  /**
   * Bytes per activation element: activations and all-reduces are 16-bit in every engine modelled.
   */
  public static final double ACTIVATION_BYTES = 2.0;

  /** Bytes per logit: logits are upcast to fp32 for sampling (vLLM and TensorRT-LLM samplers). */
  static final double LOGIT_BYTES = 4.0;

  /**
   * Extra storage per INT4/INT2 weight element for group-wise scales and zero points: one fp16
   * scale and one fp16 zero per group of 128 (AWQ, Lin et al., arXiv:2306.00978, §5 "group size
   * 128"; GPTQ uses the same default). Bytes per element.
   */
  static final double INT_GROUP_SCALE_BYTES = 4.0 / 128.0;

  /**
   * Extra storage per FP4 weight element: NVFP4 keeps one FP8 (E4M3) scale per block of 16 values
   * (NVIDIA technical blog "Introducing NVFP4 for Efficient and Accurate Low-Precision Inference",
   * 2025). Bytes per element.
   */
  static final double FP4_BLOCK_SCALE_BYTES = 1.0 / 16.0;

  /**
   * Elementwise traffic per token per layer, in hidden-size units: two fused residual-add+RMSNorm
   * kernels, each reading the residual and the input and writing both (4 hidden vectors each).
   * Structural count assuming the fused kernels of vLLM and TensorRT-LLM.
   */
  static final double NORM_TRAFFIC_HIDDEN_VECTORS = 8.0;

  /**
   * Elementwise traffic of the gated activation per token per layer, in FFN-width units:
   * SiLU(gate)×up reads two vectors and writes one. Structural count.
   */
  static final double ACTIVATION_TRAFFIC_FFN_VECTORS = 3.0;

  /**
   * CUDA context, cuBLAS/cuDNN workspaces and the allocator's fragmentation per GPU. No primary
   * source: an engineering estimate in line with what PyTorch-based engines report as non-torch
   * memory at start-up. Bytes.
   */
  static final Bytes CUDA_CONTEXT = Bytes.ofGiB(1.0);

  /**
   * NCCL communicator buffers per GPU when tp × pp > 1. NCCL allocates 4 MiB per channel per peer
   * by default (NCCL_BUFFSIZE, NCCL environment-variable docs); with up to 32 channels and the
   * ring/tree protocols this is a few hundred MiB. Engineering estimate. Bytes.
   */
  static final Bytes NCCL_BUFFERS = Bytes.ofGiB(0.5);

  /**
   * Memory kept by captured CUDA graphs for the decode batch sizes. Engineering estimate, of the
   * order vLLM logs after graph capture; no primary source. Bytes.
   */
  static final Bytes CUDA_GRAPHS = Bytes.ofGiB(0.5);

  /**
   * Logit rows sized for in the activation workspace: vLLM's default {@code max_num_seqs=256}
   * (https://docs.vllm.ai/en/latest/configuration/engine_args.html). Rows.
   */
  static final int WORKSPACE_LOGIT_ROWS = 256;
}
