package dev.servplan.runtime.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.servplan.hwdb.cost.BatchShape;
import dev.servplan.hwdb.cost.CostModel;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.IterationCost;
import dev.servplan.hwdb.cost.MemoryEstimate;
import dev.servplan.hwdb.cost.MemoryOptions;
import dev.servplan.hwdb.unit.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EngineInternalsTest {
  @Test
  void decodeTableMatchesTheCostModelExactly() {
    InstanceConfig config = SimFixtures.llama8bOnH100(2);
    DecodeCostTable table = new DecodeCostTable(SimFixtures.COST, config);
    SplittableRandom rng = new SplittableRandom(5);
    for (int i = 0; i < 200; i++) {
      int n = 1 + rng.nextInt(256);
      long context = n + rng.nextLong(n * 20_000L);
      double direct =
          SimFixtures.COST
              .iteration(config, new BatchShape(List.of(), n, context))
              .total()
              .seconds();
      assertThat(table.seconds(n, context)).isCloseTo(direct, within(direct * 1e-9));
    }
  }

  @Test
  void decodeTableFallsBackForACostModelThatIsNotLinear() {
    CostModel quadratic =
        new CostModel() {
          @Override
          public IterationCost iteration(InstanceConfig config, BatchShape batch) {
            double s = 1e-3 + 1e-12 * batch.decodeContextTokens() * batch.decodeContextTokens();
            Duration d = Duration.ofSeconds(s);
            return new IterationCost(
                d, d, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);
          }

          @Override
          public MemoryEstimate memory(InstanceConfig config, MemoryOptions options) {
            throw new UnsupportedOperationException(
                "a test double: the decode table never asks for memory");
          }
        };
    DecodeCostTable table = new DecodeCostTable(quadratic, SimFixtures.llama8bOnH100(1));
    assertThat(table.seconds(4, 10_000)).isEqualTo(1e-3 + 1e-12 * 1e8);
    assertThat(table.seconds(4, 50_000)).isEqualTo(1e-3 + 1e-12 * 2.5e9);
  }

  @Test
  void eventsComeOutByTimeThenByInsertion() {
    EventQueue queue = new EventQueue();
    SplittableRandom rng = new SplittableRandom(9);
    List<double[]> pushed = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      double t = rng.nextInt(50);
      queue.push(t, i % 3, i);
      pushed.add(new double[] {t, i});
    }
    pushed.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
    for (double[] expected : pushed) {
      queue.pop();
      assertThat(queue.time()).isEqualTo(expected[0]);
      assertThat(queue.id()).isEqualTo((int) expected[1]);
      assertThat(queue.kind()).isEqualTo((int) expected[1] % 3);
    }
    assertThat(queue.isEmpty()).isTrue();
  }

  @Test
  void dequeKeepsOrderAtBothEndsAcrossGrowth() {
    IntDeque deque = new IntDeque();
    for (int i = 0; i < 40; i++) {
      deque.addLast(i);
    }
    deque.addFirst(-1);
    assertThat(deque.pollFirst()).isEqualTo(-1);
    for (int i = 0; i < 40; i++) {
      assertThat(deque.pollFirst()).isEqualTo(i);
    }
    assertThat(deque.isEmpty()).isTrue();
  }

  @Test
  void memoryStaysFlatAsRequestsGrow() {
    // The request table grows with requests in flight, not with requests simulated: slots are
    // reused.
    RequestTable table = new RequestTable();
    for (int i = 0; i < 100_000; i++) {
      int a = table.allocate(0, i, 10, 10, 0);
      int b = table.allocate(0, i, 10, 10, 0);
      table.release(a);
      table.release(b);
      assertThat(Math.max(a, b)).isLessThan(2);
    }
    assertThat(table.live()).isZero();
  }
}
