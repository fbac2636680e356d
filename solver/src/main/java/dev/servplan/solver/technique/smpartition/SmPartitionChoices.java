package dev.servplan.solver.technique.smpartition;

import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.plan.Role;
import dev.servplan.compiler.technique.smpartition.SmSplit;
import dev.servplan.hwdb.technique.smpartition.SmPartition;
import dev.servplan.solver.QueueModel;
import dev.servplan.solver.technique.Draft;
import dev.servplan.solver.technique.QueueOverride;
import dev.servplan.solver.technique.TechniqueChoices;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SM partitioning in the search: for unified instances without pipeline parallelism (SGLang's PD
 * multiplexing needs pp 1), unpartitioned and each prefill share of {@link SmPartition#GRID} under
 * {@code auto}, only the partitioned ones under {@code always}. Disaggregated roles already run one
 * phase each. A partitioned instance is queued by the two-stream model ({@link PartitionedQueue}).
 */
public final class SmPartitionChoices implements TechniqueChoices {
  @Override
  public Technique technique() {
    return Technique.SM_PARTITIONING;
  }

  @Override
  public List<Draft> choices(Draft d) {
    if (d.role() != Role.UNIFIED || d.config().pp() > 1) {
      return List.of(d);
    }
    List<Draft> out = new ArrayList<>();
    switch (d.options().effective(Technique.SM_PARTITIONING)) {
      case NEVER:
        return List.of(d);
      case ALWAYS:
        break;
      default:
        out.add(d);
    }
    for (double f : SmPartition.GRID) {
      out.add(d.with(new SmSplit(f), new SmPartition(f)));
    }
    return out;
  }

  @Override
  public Optional<QueueOverride> queue(QueueModel owner) {
    if (owner.role() != Role.UNIFIED) {
      return Optional.empty();
    }
    return owner.instance().term(SmPartition.class).map(p -> new PartitionedQueue(owner, p));
  }
}
