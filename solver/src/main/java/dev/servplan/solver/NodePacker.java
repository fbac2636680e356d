package dev.servplan.solver;

import dev.servplan.compiler.plan.Placement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.chocosolver.solver.Model;
import org.chocosolver.solver.Solver;
import org.chocosolver.solver.search.strategy.Search;
import org.chocosolver.solver.variables.IntVar;

/**
 * Packs the instances of one pool onto its nodes with Choco: each pipeline stage is an item of
 * {@code tp} GPUs that must sit inside one node (tensor parallelism needs the intra-node link);
 * stages of one instance may sit on different nodes. Nodes hold {@code gpusPerNode} GPUs, the last
 * one the remainder of the pool's count. Within a node, GPUs are handed out in stage order.
 */
final class NodePacker {
  /** An instance shape to place, {@code instances} times. */
  record Shape(int instances, int tp, int pp) {}

  private NodePacker() {}

  /** Placements per shape (same order), or empty when the stages do not fit the nodes. */
  static Optional<List<List<Placement>>> pack(List<Shape> shapes, int poolGpus, int gpusPerNode,
      double timeLimitS) {
    int nodes = (poolGpus + gpusPerNode - 1) / gpusPerNode;
    int[] nodeCap = new int[nodes];
    for (int j = 0; j < nodes; j++) {
      nodeCap[j] = Math.min(gpusPerNode, poolGpus - j * gpusPerNode);
    }
    // Items: (shape, instance, stage), biggest TP first so first-fit packs tightly.
    record Item(int shape, int instance, int stage, int size) {}
    List<Item> items = new ArrayList<>();
    for (int s = 0; s < shapes.size(); s++) {
      Shape sh = shapes.get(s);
      for (int i = 0; i < sh.instances(); i++) {
        for (int st = 0; st < sh.pp(); st++) {
          items.add(new Item(s, i, st, sh.tp()));
        }
      }
    }
    List<List<Placement>> out = new ArrayList<>();
    if (items.isEmpty()) {
      shapes.forEach(sh -> out.add(List.of()));
      return Optional.of(out);
    }
    if (nodes == 0) {
      return Optional.empty();
    }
    List<Item> order = new ArrayList<>(items);
    order.sort(Comparator.comparingInt((Item it) -> -it.size()).thenComparingInt(Item::shape)
        .thenComparingInt(Item::instance).thenComparingInt(Item::stage));
    Model model = new Model("placement");
    IntVar[] bin = new IntVar[order.size()];
    int[] sizes = new int[order.size()];
    for (int k = 0; k < order.size(); k++) {
      bin[k] = model.intVar("node" + k, 0, nodes - 1);
      sizes[k] = order.get(k).size();
    }
    IntVar[] load = new IntVar[nodes];
    for (int j = 0; j < nodes; j++) {
      load[j] = model.intVar("load" + j, 0, nodeCap[j]);
    }
    model.binPacking(bin, sizes, load, 0).post();
    Solver solver = model.getSolver();
    // Input order, lowest node first: first-fit decreasing, deterministic, and optimal when every
    // TP divides the node size (the enumerator only makes such instances).
    solver.setSearch(Search.inputOrderLBSearch(bin));
    solver.limitTime((long) (timeLimitS * 1000) + "ms");
    if (!solver.solve()) {
      return Optional.empty();
    }
    int[] nextGpu = new int[nodes];
    Placement.Stage[][][] stages = new Placement.Stage[shapes.size()][][];
    for (int s = 0; s < shapes.size(); s++) {
      stages[s] = new Placement.Stage[shapes.get(s).instances()][shapes.get(s).pp()];
    }
    // Hand out GPU indices in item order (shape, instance, stage) so the layout reads naturally.
    Integer[] byItem = new Integer[order.size()];
    for (int k = 0; k < byItem.length; k++) {
      byItem[k] = k;
    }
    java.util.Arrays.sort(byItem, Comparator.comparingInt((Integer k) -> order.get(k).shape())
        .thenComparingInt(k -> order.get(k).instance()).thenComparingInt(k -> order.get(k).stage()));
    for (int k : byItem) {
      Item it = order.get(k);
      int node = bin[k].getValue();
      List<Integer> gpus = new ArrayList<>();
      for (int g = 0; g < it.size(); g++) {
        gpus.add(nextGpu[node]++);
      }
      stages[it.shape()][it.instance()][it.stage()] = new Placement.Stage(node, gpus);
    }
    for (int s = 0; s < shapes.size(); s++) {
      List<Placement> placements = new ArrayList<>();
      for (int i = 0; i < shapes.get(s).instances(); i++) {
        placements.add(new Placement(i, List.of(stages[s][i])));
      }
      out.add(placements);
    }
    return Optional.of(out);
  }
}
