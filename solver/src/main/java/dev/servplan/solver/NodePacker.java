package dev.servplan.solver;

import dev.servplan.compiler.plan.Placement;
import java.util.ArrayList;
import java.util.Arrays;
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
  static Optional<List<List<Placement>>> pack(
      List<Shape> shapes, int poolGpus, int gpusPerNode, double timeLimitS) {
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
    // Stages of one size are interchangeable, and so are the nodes' slots: the model counts how
    // many
    // stages of each size each node takes (nodes × sizes integer variables) rather than giving
    // every
    // stage its own node variable, which keeps propagation cheap for pools of thousands of GPUs.
    int[] sizes = items.stream().mapToInt(Item::size).distinct().sorted().toArray();
    reverse(sizes);
    int[] demand = new int[sizes.length];
    for (Item it : items) {
      demand[indexOf(sizes, it.size())]++;
    }
    Model model = new Model("placement");
    IntVar[][] count = new IntVar[nodes][sizes.length];
    for (int j = 0; j < nodes; j++) {
      for (int k = 0; k < sizes.length; k++) {
        count[j][k] =
            model.intVar("n" + j + "_" + sizes[k], 0, Math.min(demand[k], nodeCap[j] / sizes[k]));
      }
      model.scalar(count[j], sizes, "<=", nodeCap[j]).post();
    }
    IntVar[] flat = new IntVar[nodes * sizes.length];
    for (int k = 0; k < sizes.length; k++) {
      IntVar[] column = new IntVar[nodes];
      for (int j = 0; j < nodes; j++) {
        column[j] = count[j][k];
        flat[j * sizes.length + k] = count[j][k];
      }
      model.sum(column, "=", demand[k]).post();
    }
    Solver solver = model.getSolver();
    // Node by node, largest stages first, as many as fit: first-fit decreasing, deterministic, and
    // optimal when every TP divides the node size (the enumerator only makes such instances).
    solver.setSearch(Search.inputOrderUBSearch(flat));
    solver.limitTime((long) (timeLimitS * 1000) + "ms");
    if (!solver.solve()) {
      return Optional.empty();
    }
    int[][] left = new int[nodes][sizes.length];
    for (int j = 0; j < nodes; j++) {
      for (int k = 0; k < sizes.length; k++) {
        left[j][k] = count[j][k].getValue();
      }
    }
    List<Item> order = new ArrayList<>(items);
    order.sort(
        Comparator.comparingInt((Item it) -> -it.size())
            .thenComparingInt(Item::shape)
            .thenComparingInt(Item::instance)
            .thenComparingInt(Item::stage));
    int[] nodeOf = new int[order.size()];
    int[] cursor = new int[sizes.length];
    for (int i = 0; i < order.size(); i++) {
      int k = indexOf(sizes, order.get(i).size());
      while (left[cursor[k]][k] == 0) {
        cursor[k]++;
      }
      left[cursor[k]][k]--;
      nodeOf[i] = cursor[k];
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
    Arrays.sort(
        byItem,
        Comparator.comparingInt((Integer k) -> order.get(k).shape())
            .thenComparingInt(k -> order.get(k).instance())
            .thenComparingInt(k -> order.get(k).stage()));
    for (int k : byItem) {
      Item it = order.get(k);
      int node = nodeOf[k];
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

  private static void reverse(int[] a) {
    for (int i = 0, j = a.length - 1; i < j; i++, j--) {
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  private static int indexOf(int[] a, int v) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == v) {
        return i;
      }
    }
    throw new IllegalArgumentException("no size " + v);
  }
}
