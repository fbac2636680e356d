package dev.servplan.runtime.technique;

import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.PlanDeployment;
import dev.servplan.hwdb.cost.CostModel;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.IterationCost;

/**
 * A group's full decode step as {@code explain} splits it: the cost model, the instance, every
 * sequence slot busy ({@code seqs}) with {@code context} tokens of context each, and the step's
 * cost. Only groups whose model and GPU the catalogs hold get one.
 */
public record ExplainStep(
    CostModel costModel,
    PlanDeployment deployment,
    Group group,
    InstanceConfig config,
    int seqs,
    double context,
    IterationCost decode) {}
