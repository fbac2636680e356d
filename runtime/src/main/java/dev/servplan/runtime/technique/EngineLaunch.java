package dev.servplan.runtime.technique;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What a technique's {@link EngineFlags} may add to one group's launch. Operations the engine has
 * no place for (an options file for vLLM, a prepare script for SGLang) throw {@link
 * IllegalStateException}: a part asks only for what its engine offers.
 */
public interface EngineLaunch {
  /** Appends a flag and its values to the command every instance of the group runs. */
  void flag(String name, String... values);

  /** Appends a flag and a list of values. */
  void flag(String name, List<String> values);

  /** Replaces the value the engine gave {@code flag}; a flag that is absent stays absent. */
  void replaceValue(String flag, String value);

  /**
   * Appends a flag at the very end of every node's command, after the engine's per-node flags
   * (ports, node rank).
   */
  void lastFlag(String name, String... values);

  /**
   * Writes {@code content} once per group next to the group's scripts as {@code name} and returns
   * the word a flag names it by: {@code $here/NAME}, left for the shell to expand (the scripts set
   * {@code here} to their own folder).
   */
  String groupFile(String name, String content);

  /**
   * Entries of the engine's options file that configure how a step decodes (the scheduler,
   * speculation), written before its KV-cache block (TensorRT-LLM's extra LLM-API options).
   */
  ObjectNode decodingOptions();

  /** Entries of the engine's KV-cache block ({@code kv_cache_config}), after its own. */
  ObjectNode kvCacheOptions();

  /** Further top-level entries of the options file, after the KV-cache block. */
  ObjectNode options();

  /**
   * The folder, relative to the scripts, in which the deployment's prepare script puts a checkpoint
   * named {@code name}.
   */
  String checkpointFolder(String name);

  /**
   * Has the deployment's prepare script run {@code program args…} once, under a comment line,
   * unless {@code folder/config.json} exists; the group's launch scripts check for {@code folder}
   * before they start. {@code key} orders the steps of one script and makes a repeated step one.
   */
  void prepare(String key, String folder, String comment, String program, List<String> args);
}
