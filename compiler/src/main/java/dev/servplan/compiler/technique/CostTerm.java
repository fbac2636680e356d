package dev.servplan.compiler.technique;

/**
 * A part of the cost model a technique's setting changes. Whether two techniques combine is a
 * question of whether the model costs their terms together, which {@link Compatibility} answers in
 * one table.
 */
public enum CostTerm {
  /** The iteration becomes a multi-pass step (draft passes and a verify pass). */
  MULTI_PASS_STEP("a multi-pass decoding step"),
  /** Weights or KV cross the host link in every iteration. */
  HOST_TRANSFER("host-memory transfers in every iteration"),
  /** Missed experts are loaded from host memory per scheduled token. */
  EXPERT_LOADS("expert loads from host memory"),
  /** Batched adapter kernels run next to the base model's GEMMs. */
  ADAPTER_KERNELS("batched adapter kernels"),
  /** A request keeps at most a budget of KV tokens. */
  KV_EVICTION("a per-request KV budget"),
  /** Prefill and decode run as concurrent streams on SM shares. */
  SM_STREAMS("concurrent prefill and decode streams");

  private final String description;

  CostTerm(String description) {
    this.description = description;
  }

  /** What the term is, for messages. */
  public String description() {
    return description;
  }
}
