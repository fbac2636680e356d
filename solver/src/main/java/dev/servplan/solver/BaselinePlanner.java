package dev.servplan.solver;

import dev.servplan.compiler.plan.Baseline;
import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.Role;
import dev.servplan.compiler.technique.TechniqueSetting;
import dev.servplan.compiler.technique.TechniqueSettings;
import dev.servplan.compiler.technique.prefixcaching.PrefixCaching;
import dev.servplan.compiler.validate.ResolvedDeployment;
import dev.servplan.compiler.validate.ResolvedPool;
import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.cost.CostModel;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.MemoryEstimate;
import dev.servplan.hwdb.cost.MemoryOptions;
import dev.servplan.hwdb.instance.InstanceModel;
import dev.servplan.hwdb.instance.InstanceTerm;
import dev.servplan.hwdb.technique.lora.LoraServing;
import dev.servplan.hwdb.technique.prefixcaching.PrefixReservation;
import dev.servplan.hwdb.unit.HourlyPrice;
import dev.servplan.solver.technique.lora.LoraChoices;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The plan a person would write without servplan, evaluated with the same queueing model: for each
 * deployment, the cheapest single pool; on it the smallest TP that holds the weights plus a working
 * KV cache and meets the SLO at some load; pp 1; the first allowed precisions; vLLM's default
 * batching; no disaggregation; replicas until the demand is met. Pools are not shared between
 * deployments here, which only flatters the baseline.
 */
final class BaselinePlanner {
  /** A working KV cache: room for this many sequences at the mean context. */
  static final int WORKING_SEQUENCES = 16;

  private final CostModel costModel;

  BaselinePlanner(CostModel costModel) {
    this.costModel = costModel;
  }

  /**
   * vLLM's OpenAI-server batching defaults: 1024 sequences and 8192 tokens on GPUs with at least 70
   * GiB that are not A100s, else 256 and 2048 (vllm/engine/arg_utils.py,
   * EngineArgs.get_batch_defaults, "For GPUs like H100 and MI300x, use larger default values").
   */
  static int[] vllmDefaults(ResolvedPool pool) {
    boolean large =
        pool.gpu().memory().gib() >= 70
            && !pool.gpu().id().toLowerCase(Locale.ROOT).contains("a100");
    return large ? new int[] {1024, 8192} : new int[] {256, 2048};
  }

  Baseline plan(List<ResolvedDeployment> deployments, List<Demand> demands) {
    List<Baseline.BaselineGroup> groups = new ArrayList<>();
    double total = 0;
    List<String> missing = new ArrayList<>();
    for (int d = 0; d < deployments.size(); d++) {
      Optional<Group> g = forDeployment(deployments.get(d), demands.get(d));
      if (g.isEmpty()) {
        missing.add(deployments.get(d).name());
        continue;
      }
      groups.add(new Baseline.BaselineGroup(deployments.get(d).name(), g.get()));
      total += g.get().costPerHour().dollarsPerHour();
    }
    String description =
        "per deployment: cheapest single pool, smallest tp that holds the weights and a "
            + "working KV cache and whose replicas fit the pool, pp 1, first allowed precisions, vLLM default batching, no disaggregation";
    if (!missing.isEmpty()) {
      return new Baseline(
          description
              + "; no such configuration meets the SLO within the inventory for "
              + String.join(", ", missing),
          Optional.empty(),
          groups);
    }
    return new Baseline(description, Optional.of(new HourlyPrice(total)), groups);
  }

  private Optional<Group> forDeployment(ResolvedDeployment d, Demand demand) {
    List<ResolvedPool> pools = new ArrayList<>(d.pools());
    pools.sort(Comparator.comparing(ResolvedPool::name));
    Group best = null;
    // The baseline serves the declared adapters multiplexed, every one resident, as vLLM does with
    // --enable-lora --max-loras N.
    Optional<LoraServing> lora = LoraChoices.declared(d);
    Dtype weights = d.weights().get(0);
    Dtype kv =
        d.kvDtypes().contains(d.model().nativeDtype())
            ? d.model().nativeDtype()
            : d.kvDtypes().get(0);
    for (ResolvedPool pool : pools) {
      int[] defaults = vllmDefaults(pool);
      for (int tp = 1; tp <= pool.gpusPerNode(); tp *= 2) {
        InstanceConfig c =
            new InstanceConfig(
                d.model(),
                pool.gpu(),
                tp,
                1,
                1,
                weights,
                kv,
                pool.intraNodeLink(),
                pool.network().orElse(pool.intraNodeLink()));
        if (!c.problems().isEmpty()) {
          continue;
        }
        // vLLM's V1 engine caches prefixes by default, so the baseline does where there is one.
        boolean caching = demand.reusesPrefix && Demand.hasPrefix(d);
        List<InstanceTerm> terms = new ArrayList<>();
        List<TechniqueSetting> settings = new ArrayList<>();
        lora.ifPresent(terms::add);
        LoraChoices.plan(d, lora).ifPresent(settings::add);
        if (caching) {
          terms.add(new PrefixReservation(demand.reservedPrefixTokens()));
          settings.add(PrefixCaching.ON);
        }
        InstanceModel instance =
            InstanceModel.of(
                costModel, c, MemoryOptions.DEFAULT.withMaxTokensPerIteration(defaults[1]), terms);
        MemoryEstimate mem = instance.memory();
        double working =
            Math.max(
                demand.input.quantile(0.99) + demand.output.quantile(0.99),
                WORKING_SEQUENCES * (demand.input.mean() + demand.output.mean()));
        if (!mem.fits() || mem.maxKvTokens() < working) {
          continue;
        }
        QueueModel model =
            new QueueModel(
                instance,
                Role.UNIFIED,
                demand,
                defaults[0],
                defaults[1],
                instance.kvTokens(),
                0,
                0);
        double cap = model.capacity(1.0);
        if (cap <= 0) {
          continue;
        }
        int replicas = (int) Math.ceil(demand.rate / cap - 1e-9);
        if (replicas * tp <= pool.count()) {
          Group g =
              PlanBuilder.group(
                  new Candidate(
                      0,
                      pool,
                      Role.UNIFIED,
                      instance,
                      defaults[0],
                      defaults[1],
                      mem,
                      cap,
                      0,
                      model,
                      TechniqueSettings.of(settings)),
                  replicas,
                  List.of());
          if (best == null || g.costPerHour().compareTo(best.costPerHour()) < 0) {
            best = g;
          }
          break;
        }
        // The replicas this TP needs exceed the pool: a careful engineer tries the next TP.
      }
    }
    return Optional.ofNullable(best);
  }
}
