package dev.servplan.runtime.technique.speculative;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.servplan.compiler.ir.Engine;
import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.technique.speculative.Speculation;
import dev.servplan.runtime.emit.ModelRepos;
import dev.servplan.runtime.emit.Names;
import dev.servplan.runtime.technique.EngineFlags;
import dev.servplan.runtime.technique.EngineGroup;
import dev.servplan.runtime.technique.EngineLaunch;
import java.util.List;
import java.util.Optional;

/**
 * Draft-model speculative decoding (docs/emit.md). vLLM: one JSON {@code --speculative-config}
 * naming the draft checkpoint and k (docs.vllm.ai features/speculative_decoding/draft_model).
 * SGLang: a separate small draft model is the STANDALONE algorithm (SGLang speculative decoding
 * guide), k draft steps in a chain (top-k 1), so k + 1 tokens verified. TensorRT-LLM: two-model
 * draft/target speculation (TensorRT-LLM speculative-decoding guide and NVIDIA's DGX Spark
 * trtllm-serve playbook for release 1.2): the draft checkpoint the deployment's prepare.sh
 * downloads, k draft tokens per step; the playbook turns the overlap scheduler off for this mode,
 * and so does servplan. A draft without a known Hugging Face repo is refused.
 */
public final class SpeculativeFlags implements EngineFlags {
  @Override
  public Technique technique() {
    return Technique.SPECULATIVE_DECODING;
  }

  @Override
  public List<String> refusals(EngineGroup group) {
    Optional<Speculation> sd = Speculation.of(group.group());
    if (sd.isEmpty() || ModelRepos.forModel(sd.get().draft()).isPresent()) {
      return List.of();
    }
    return List.of(
        group.where()
            + (group.engine() == Engine.TRTLLM
                ? "no Hugging Face repo known for draft model '"
                : "no Hugging Face repo known for the draft model '")
            + sd.get().draft()
            + "'");
  }

  @Override
  public void contribute(EngineGroup group, EngineLaunch launch) {
    Optional<Speculation> setting = Speculation.of(group.group());
    if (setting.isEmpty()) {
      return;
    }
    Speculation sd = setting.get();
    String draft = ModelRepos.forModel(sd.draft()).orElseThrow();
    switch (group.engine()) {
      case VLLM ->
          launch.flag(
              "--speculative-config",
              "{\"model\":\""
                  + draft
                  + "\",\"num_speculative_tokens\":"
                  + sd.tokens()
                  + ",\"method\":\"draft_model\"}");
      case SGLANG -> {
        launch.flag("--speculative-algorithm", "STANDALONE");
        launch.flag("--speculative-draft-model-path", draft);
        launch.flag("--speculative-num-steps", Integer.toString(sd.tokens()));
        launch.flag("--speculative-eagle-topk", "1");
        launch.flag("--speculative-num-draft-tokens", Integer.toString(sd.tokens() + 1));
      }
      case TRTLLM -> {
        String folder = launch.checkpointFolder("draft-" + Names.dns1123(sd.draft()));
        launch.prepare(
            "draft " + sd.draft(),
            folder,
            "Draft model '" + sd.draft() + "' for speculative decoding.",
            "hf download",
            List.of(draft, "--local-dir", folder));
        launch.decodingOptions().put("disable_overlap_scheduler", true);
        ObjectNode spec = launch.decodingOptions().putObject("speculative_config");
        spec.put("decoding_type", "DraftTarget");
        spec.put("max_draft_len", sd.tokens());
        spec.put("speculative_model_dir", folder);
      }
      default -> throw new IllegalArgumentException("no launch flags for " + group.engine().id());
    }
  }
}
