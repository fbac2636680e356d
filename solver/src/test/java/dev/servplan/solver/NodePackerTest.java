package dev.servplan.solver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.plan.Placement;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodePackerTest {
  @Test
  void pipelineStagesMaySpanNodesAndGpusAreNotShared() {
    var packed =
        NodePacker.pack(
                List.of(new NodePacker.Shape(1, 8, 2), new NodePacker.Shape(4, 2, 1)), 24, 8, 5)
            .orElseThrow();
    Placement big = packed.get(0).get(0);
    assertThat(big.stages()).extracting(Placement.Stage::node).doesNotHaveDuplicates();
    assertThat(packed.get(1))
        .hasSize(4)
        .allSatisfy(p -> assertThat(p.stages().get(0).gpus()).hasSize(2));
    var used = new java.util.HashSet<String>();
    packed.forEach(
        g ->
            g.forEach(
                p ->
                    p.stages()
                        .forEach(
                            s ->
                                s.gpus()
                                    .forEach(
                                        x -> assertThat(used.add(s.node() + ":" + x)).isTrue()))));
    assertThat(used).hasSize(24);
  }

  @Test
  void aPartialLastNodeCannotHoldAFullTpGroup() {
    // 12 GPUs in 8-GPU nodes: one full node and one of 4; two tp-8 instances cannot fit.
    assertThat(NodePacker.pack(List.of(new NodePacker.Shape(2, 8, 1)), 12, 8, 5)).isEmpty();
    assertThat(
            NodePacker.pack(
                List.of(new NodePacker.Shape(1, 8, 1), new NodePacker.Shape(1, 4, 1)), 12, 8, 5))
        .isPresent();
  }
}
