package dev.servplan.runtime.emit;

import dev.servplan.compiler.plan.Plan;

/** Turns a plan into launch files for one target. Output is a pure function of plan and options. */
public sealed interface Emitter permits EngineEmitter, K8sEmitter {
  EmitResult emit(Plan plan, EmitOptions options);

  /** The emitter for a target. */
  static Emitter forTarget(Target target) {
    switch (target) {
      case VLLM:
        return new VllmEmitter();
      case SGLANG:
        return new SglangEmitter();
      case TRTLLM:
        return new TrtllmEmitter();
      case K8S:
        return new K8sEmitter();
      default:
        throw new IllegalArgumentException("no emitter for " + target);
    }
  }
}
