package dev.servplan.runtime.emit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.servplan.runtime.technique.EngineLaunch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What every instance of a group launches with, as the engine emitter and the techniques' engine
 * flags build it: the checkpoint, the flags, the flags that end each node's command, the files
 * written next to the group's scripts, the option-file entries, and the steps of the deployment's
 * prepare script.
 */
final class GroupLaunch implements EngineLaunch {
  private final String dir;
  private final Instance instance;
  private final Supplier<Preparation> preparation;
  private final boolean optionsFile;
  private String model;
  private final List<String> flags = new ArrayList<>();
  private final List<String> lastFlags = new ArrayList<>();
  private final Set<String> expanded = new HashSet<>();
  private final List<EmittedFile> files = new ArrayList<>();
  private final ObjectNode decodingOptions = Yaml.F.objectNode();
  private final ObjectNode kvCacheOptions = Yaml.F.objectNode();
  private final ObjectNode options = Yaml.F.objectNode();

  /**
   * A launch of {@code model} for the group of {@code instance}, files under {@code dir}; {@code
   * preparation} is null for engines without a prepare script, and {@code optionsFile} says whether
   * the engine reads an options file.
   */
  GroupLaunch(
      String dir,
      Instance instance,
      String model,
      Supplier<Preparation> preparation,
      boolean optionsFile) {
    this.dir = dir;
    this.instance = instance;
    this.model = model;
    this.preparation = preparation;
    this.optionsFile = optionsFile;
  }

  String model() {
    return model;
  }

  /** Serves {@code model} (a prepared folder) instead of the checkpoint. */
  void model(String newModel) {
    this.model = newModel;
  }

  /** The group's flags after the model, without the per-node and last ones. */
  List<String> flags() {
    return Collections.unmodifiableList(flags);
  }

  /** {@code head}, the group's flags, {@code perNode} and the flags that end every command. */
  List<String> command(List<String> head, List<String> perNode) {
    List<String> args = new ArrayList<>(head);
    args.addAll(flags);
    args.addAll(perNode);
    args.addAll(lastFlags);
    return args;
  }

  /** The words the shell expands: the paths of the group's files. */
  Set<String> expanded() {
    return Collections.unmodifiableSet(expanded);
  }

  /** Whether files are written next to the group's scripts (which then set {@code here}). */
  boolean hasFiles() {
    return !files.isEmpty();
  }

  /** The files written next to the group's scripts, in the order they were added. */
  List<EmittedFile> files() {
    return Collections.unmodifiableList(files);
  }

  /** The deployment's prepare script, made when a group first needs it. */
  Preparation preparation() {
    if (preparation == null) {
      throw new IllegalStateException(dir + " launch scripts have no prepare script");
    }
    return preparation.get();
  }

  @Override
  public void flag(String name, String... values) {
    flags.add(name);
    flags.addAll(List.of(values));
  }

  @Override
  public void flag(String name, List<String> values) {
    flags.add(name);
    flags.addAll(values);
  }

  /** Appends a flag whose value is a number. */
  void flag(String name, int value) {
    flag(name, Integer.toString(value));
  }

  @Override
  public void replaceValue(String flag, String value) {
    int at = flags.indexOf(flag);
    if (at >= 0 && at + 1 < flags.size()) {
      flags.set(at + 1, value);
    }
  }

  @Override
  public void lastFlag(String name, String... values) {
    lastFlags.add(name);
    lastFlags.addAll(List.of(values));
  }

  @Override
  public String groupFile(String name, String content) {
    files.add(
        new EmittedFile(
            dir + "/" + Names.dns1123(instance.deployment().name()) + "/" + name, content, false));
    String word = "$here/" + name;
    expanded.add(word);
    return word;
  }

  @Override
  public ObjectNode decodingOptions() {
    return section(decodingOptions);
  }

  @Override
  public ObjectNode kvCacheOptions() {
    return section(kvCacheOptions);
  }

  @Override
  public ObjectNode options() {
    return section(options);
  }

  private ObjectNode section(ObjectNode node) {
    if (!optionsFile) {
      throw new IllegalStateException(dir + " launch scripts have no options file");
    }
    return node;
  }

  @Override
  public String checkpointFolder(String name) {
    return Preparation.folder(name);
  }

  @Override
  public void prepare(
      String key, String folder, String comment, String program, List<String> args) {
    preparation().step(key, instance.label(), folder, comment, Shell.command(program, args));
  }
}
