package dev.servplan.runtime.emit;

import dev.servplan.compiler.ir.Engine;
import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.technique.Compatibility;
import dev.servplan.runtime.technique.EngineFlags;
import dev.servplan.runtime.technique.EngineGroup;
import dev.servplan.runtime.technique.RuntimeTechniques;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What the launch-script emitters share. The plan is laid out into instances and ports ({@link
 * Layout}); each group's launch is made once: every technique's refusal (the first that refuses
 * stops the group), the compatibility table, the checkpoint, the engine's own flags, every
 * technique's flags ({@link EngineFlags}, in registration order), and the engine's closing flags;
 * then the engine writes each instance's scripts, and the files next to them and the launch index
 * are collected. An engine supplies its flag spellings and its script layout, nothing else.
 */
abstract sealed class EngineEmitter implements Emitter
    permits VllmEmitter, SglangEmitter, TrtllmEmitter {
  private final Engine engine;
  private final int basePort;

  EngineEmitter(Engine engine, int basePort) {
    this.engine = engine;
    this.basePort = basePort;
  }

  /** How an engine spells a group's parallelism and batch-limit flags. */
  record ShapeFlags(
      String tp, String pp, String ep, boolean epTakesSize, String maxSeqs, String maxTokens) {
    /** Appends tp, pp, ep (when above 1), the sequence limit and the token budget. */
    void add(GroupLaunch launch, Group g) {
      launch.flag(tp, g.tp());
      launch.flag(pp, g.pp());
      if (g.ep() > 1) {
        if (epTakesSize) {
          launch.flag(ep, g.ep());
        } else {
          launch.flag(ep);
        }
      }
      launch.flag(maxSeqs, g.maxNumSeqs());
      launch.flag(maxTokens, g.maxNumBatchedTokens());
    }
  }

  /** What one emit run collects. */
  static final class Output {
    final List<String> errors = new ArrayList<>();
    final List<EmittedFile> files = new ArrayList<>();
    final List<String[]> index = new ArrayList<>();
    final Map<String, Preparation> preparations = new TreeMap<>();

    /**
     * Adds an executable launch script and its row in the launch index; {@code port} is empty for a
     * node that serves no HTTP.
     */
    void script(String path, Instance inst, int node, String text, String port) {
      index.add(
          new String[] {
            path,
            inst.group().pool(),
            Integer.toString(node),
            Shell.join(inst.gpusByNode().get(node)),
            inst.label(),
            port
          });
      files.add(new EmittedFile(path, text, true));
    }
  }

  @Override
  public final EmitResult emit(Plan plan, EmitOptions options) {
    Output out = new Output();
    Layout.Result layout = Layout.of(plan, basePort);
    out.errors.addAll(layout.errors());
    Set<GroupLaunch> written = new HashSet<>();
    for (Layout.Launch launch :
        layout.launches(inst -> groupLaunch(inst, options, out.errors, out.preparations))) {
      if (written.add(launch.group())) {
        // A group's own files go before its first script.
        out.files.addAll(launch.group().files());
      }
      scripts(plan, launch, out);
    }
    if (!out.errors.isEmpty()) {
      return new EmitResult(List.of(), out.errors, List.of());
    }
    finish(plan, out);
    out.files.add(Scripts.index(engine.id(), out.index));
    return new EmitResult(out.files, List.of(), List.of());
  }

  /**
   * The launch every instance of the group shares, or empty (with errors) when none can be made.
   */
  final Optional<GroupLaunch> groupLaunch(Instance inst, EmitOptions options, List<String> errors) {
    return groupLaunch(inst, options, errors, new TreeMap<>());
  }

  private Optional<GroupLaunch> groupLaunch(
      Instance inst,
      EmitOptions options,
      List<String> errors,
      Map<String, Preparation> preparations) {
    Group g = inst.group();
    EngineGroup group = new EngineGroup(engine, inst.deployment(), inst.label(), g, options);
    for (EngineFlags part : RuntimeTechniques.engineFlags()) {
      List<String> refusals = part.refusals(group);
      if (!refusals.isEmpty()) {
        errors.addAll(refusals);
        return Optional.empty();
      }
    }
    List<Compatibility.Conflict> conflicts = Compatibility.conflicts(g.techniques());
    if (!conflicts.isEmpty()) {
      errors.add(
          group.where()
              + conflicts.get(0).message()
              + "; servplan does not plan or emit that, recompile the plan");
      return Optional.empty();
    }
    Optional<Checkpoint> ck =
        Checkpoint.resolve(inst.deployment(), g, options, engine.title(), errors);
    if (ck.isEmpty()) {
      return Optional.empty();
    }
    Supplier<Preparation> preparation =
        prepareScript()
            ? () ->
                preparations.computeIfAbsent(
                    inst.deployment().name(), n -> new Preparation(inst.deployment().name()))
            : null;
    GroupLaunch launch =
        new GroupLaunch(engine.id(), inst, ck.get().repo(), preparation, optionsFile());
    if (!engineFlags(group, ck.get(), launch, errors)) {
      return Optional.empty();
    }
    for (EngineFlags part : RuntimeTechniques.engineFlags()) {
      part.contribute(group, launch);
    }
    closingFlags(group, ck.get(), launch, errors);
    return Optional.of(launch);
  }

  /**
   * The engine's own flags of the group (shape, batch limits, memory, precision), or false (with
   * errors) when the engine cannot run it.
   */
  abstract boolean engineFlags(
      EngineGroup group, Checkpoint ck, GroupLaunch launch, List<String> errors);

  /** The engine's flags after the techniques' (disaggregation, the options file). */
  abstract void closingFlags(
      EngineGroup group, Checkpoint ck, GroupLaunch launch, List<String> errors);

  /** Writes the launch scripts of one instance to {@code out}. */
  abstract void scripts(Plan plan, Layout.Launch launch, Output out);

  /** Adds the files written once per plan, before the launch index. */
  void finish(Plan plan, Output out) {}

  /** Whether the engine reads an options file ({@link GroupLaunch#options()}). */
  boolean optionsFile() {
    return false;
  }

  /** Whether the engine's deployments get a prepare script ({@link GroupLaunch#preparation()}). */
  boolean prepareScript() {
    return false;
  }

  /**
   * {@code --dtype}, {@code --quantization fp8} and {@code --kv-cache-dtype} as vLLM and SGLang
   * spell them.
   */
  static void precisionFlags(GroupLaunch launch, Checkpoint ck, String fp8KvName) {
    ck.forceDtype().ifPresent(d -> launch.flag("--dtype", Checkpoint.torchName(d)));
    if (ck.onlineFp8()) {
      launch.flag("--quantization", "fp8");
    }
    launch.flag("--kv-cache-dtype", ck.fp8Kv() ? fp8KvName : "auto");
  }
}
