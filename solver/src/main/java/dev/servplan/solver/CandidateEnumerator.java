package dev.servplan.solver;

import dev.servplan.compiler.ir.Options;
import dev.servplan.compiler.ir.Slo;
import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.ir.Toggle;
import dev.servplan.compiler.plan.Role;
import dev.servplan.compiler.technique.kvcompression.KvCompressionSetting;
import dev.servplan.compiler.technique.offload.OffloadTiers;
import dev.servplan.compiler.technique.speculative.Speculative;
import dev.servplan.compiler.technique.speculative.SpeculativeSpec;
import dev.servplan.compiler.validate.ResolvedDeployment;
import dev.servplan.compiler.validate.ResolvedPool;
import dev.servplan.compiler.workload.StandardNormal;
import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.catalog.LinkSpec;
import dev.servplan.hwdb.catalog.ModelArch;
import dev.servplan.hwdb.catalog.ModelMath;
import dev.servplan.hwdb.cost.CostModel;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.KvCompression;
import dev.servplan.hwdb.cost.LoraServing;
import dev.servplan.hwdb.cost.MemoryEstimate;
import dev.servplan.hwdb.cost.MemoryOptions;
import dev.servplan.hwdb.cost.MemoryTiers;
import dev.servplan.hwdb.cost.SmPartition;
import dev.servplan.hwdb.cost.SpeculativeStep;
import dev.servplan.hwdb.unit.Bytes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Enumerates and evaluates the instance configurations of each deployment on each eligible pool,
 * keeping the ones that meet the SLO at some load and are not dominated. Also records what the best
 * configuration can achieve, for the diagnostic when nothing meets the SLO.
 */
final class CandidateEnumerator {
  /** Grid of {@code max_num_seqs}; the smallest value above the steady-state batch is chosen. */
  static final int[] MAX_NUM_SEQS = {16, 32, 64, 128, 256, 512, 1024};

  /**
   * Grid of {@code max_num_batched_tokens} (chunked-prefill budget) for unified and prefill
   * instances.
   */
  static final int[] CHUNK_TOKENS = {512, 2048, 8192, 16384};

  /** Decode-only instances need a token budget of at least max_num_seqs; the grid's top value. */
  static final int DECODE_TOKENS = 1024;

  /** SLO scale factors of the minimize-latency tiers: tier k must meet limit × TIGHTEN[k]. */
  static final double[] TIGHTEN = {1.0, 0.8, 0.6, 0.45, 0.3};

  private final CostModel costModel;

  /** What the best configuration achieves for one limit at near-zero load. */
  record Best(double latencyS, String where) {}

  /** Everything learned about one deployment. */
  static final class Report {
    final List<Candidate> candidates = new ArrayList<>();

    /** Configurations that fit memory (any role), so "no candidate" means latency, not memory. */
    int fitting;

    /**
     * The largest usable per-GPU memory seen and the weights that had to fit, for the memory
     * message.
     */
    String memoryNote = "";

    /** Per-GPU bytes left after the fixed parts on the roomiest configuration seen. */
    double bestFit = -1;

    /** Per limit index: the lowest latency any fitting configuration reaches at near-zero load. */
    final Map<Integer, Best> best = new TreeMap<>();

    /** Configurations not evaluated because the compile's time limit ran out. */
    int skipped;

    /** Configurations in all. */
    int configurations;

    /**
     * The parts in order, as one report: what a sequential enumeration would have produced (ties go
     * to the earlier part).
     */
    static Report merge(List<Report> parts) {
      Report out = new Report();
      for (Report r : parts) {
        out.candidates.addAll(r.candidates);
        out.fitting += r.fitting;
        out.skipped += r.skipped;
        out.configurations += r.configurations;
        if (r.bestFit > out.bestFit) {
          out.bestFit = r.bestFit;
          out.memoryNote = r.memoryNote;
        }
        for (Map.Entry<Integer, Best> e : r.best.entrySet()) {
          Best b = out.best.get(e.getKey());
          if (b == null || e.getValue().latencyS() < b.latencyS()) {
            out.best.put(e.getKey(), e.getValue());
          }
        }
      }
      return out;
    }
  }

  CandidateEnumerator(CostModel costModel) {
    this.costModel = costModel;
  }

  /**
   * The prefix-caching settings to try for an instance of the role: both under {@code auto} when
   * the workload shares a prefix, only on under {@code always}, only off under {@code never} or
   * without a prefix. A decode instance never prefills, so it never caches.
   */
  static List<Boolean> prefixCachingChoices(Role role, ResolvedDeployment d, Options options) {
    if (role == Role.DECODE) {
      return List.of(false);
    }
    switch (options.effective(Technique.PREFIX_CACHING)) {
      case ALWAYS:
        return List.of(true);
      case NEVER:
        return List.of(false);
      default:
        return Demand.hasPrefix(d) ? List.of(false, true) : List.of(false);
    }
  }

  /**
   * The speculative-decoding settings to try for an instance of the role: both under {@code auto}
   * when the deployment declares a draft, only on under {@code always}, only off under {@code
   * never} or without a draft. Prefill instances do not decode, and servplan speculates only
   * without pipeline parallelism (the draft runs on the same tensor-parallel group as the target).
   */
  static List<Boolean> speculativeChoices(
      Role role, ResolvedDeployment d, InstanceConfig config, Options options) {
    if (role == Role.PREFILL || SpeculativeSpec.draft(d).isEmpty() || config.pp() > 1) {
      return List.of(false);
    }
    switch (options.effective(Technique.SPECULATIVE_DECODING)) {
      case ALWAYS:
        return List.of(true);
      case NEVER:
        return List.of(false);
      default:
        return List.of(false, true);
    }
  }

  /**
   * The SM partitions to try for an instance of the role: unpartitioned, and under {@code auto}
   * each prefill share of {@link SmPartition#GRID}; only the partitioned ones under {@code always}.
   * Only unified instances without pipeline parallelism (SGLang's PD multiplexing needs pp 1) and
   * without speculation partition; disaggregated roles already run one phase each.
   */
  static List<Optional<SmPartition>> smPartitionChoices(
      Role role, InstanceConfig config, boolean speculate, Options options) {
    if (role != Role.UNIFIED || config.pp() > 1 || speculate) {
      return List.of(Optional.empty());
    }
    List<Optional<SmPartition>> choices = new ArrayList<>();
    switch (options.effective(Technique.SM_PARTITIONING)) {
      case NEVER:
        return List.of(Optional.empty());
      case ALWAYS:
        break;
      default:
        choices.add(Optional.empty());
    }
    for (double f : SmPartition.GRID) {
      choices.add(Optional.of(new SmPartition(f)));
    }
    return choices;
  }

  /**
   * The deployment's speculative step on this configuration, if it declares a draft that can run
   * there.
   */
  static Optional<SpeculativeStep> speculativeStep(ResolvedDeployment d, InstanceConfig config) {
    if (SpeculativeSpec.draft(d).isEmpty() || Speculative.of(d.deployment()).isEmpty()) {
      return Optional.empty();
    }
    Speculative spec = Speculative.of(d.deployment()).get();
    ModelArch draft = SpeculativeSpec.draft(d).get();
    InstanceConfig draftConfig = SpeculativeStep.draftConfig(draft, config);
    if (!draftConfig.problems().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new SpeculativeStep(draftConfig, spec.acceptance().value().value(), spec.tokens().value()));
  }

  /**
   * The memory-tier settings to try for one configuration (docs/techniques.md, "Memory tiers
   * (offload)"): none, unless the option is {@code always}; and under {@code auto} or {@code
   * always}, one placement per KV target the configuration cannot hold on its own (under {@code
   * always}, every target). A target is the KV cache the queueing model's memory limit asks for at
   * each {@code max_num_seqs} of the grid, plus one tail-length request; each placement is the
   * integer program of {@link OffloadPlacement} (host weights, and for {@code engine: any} also
   * NVMe weights and host KV). Placements whose transfer for one sequence of mean context exceeds a
   * TPOT limit are skipped, as no batch could meet it.
   */
  static List<MemoryTiers> offloadChoices(
      InstanceConfig config,
      MemoryEstimate natural,
      Demand demand,
      double needTokens,
      Options options) {
    List<MemoryTiers> out = new ArrayList<>();
    Toggle toggle = options.effective(Technique.OFFLOAD);
    if (toggle != Toggle.ALWAYS) {
      out.add(MemoryTiers.NONE);
    }
    if (toggle == Toggle.NEVER) {
      return out;
    }
    double tpotLimit = Double.POSITIVE_INFINITY;
    for (Demand.Limit l : demand.limits) {
      if (l.metric() == Slo.Metric.TPOT) {
        tpotLimit = Math.min(tpotLimit, l.limitS());
      }
    }
    double meanContext = demand.input.mean() + demand.output.mean();
    double tailContext =
        demand.input.quantile(QueueModel.KV_TAIL_Q) + demand.output.quantile(QueueModel.KV_TAIL_Q);
    List<Long> targets = new ArrayList<>();
    targets.add((long) Math.ceil(needTokens));
    for (int n : MAX_NUM_SEQS) {
      double b99 = n + QueueModel.KV_BATCH_Z * Math.sqrt(n);
      targets.add((long) Math.ceil((b99 - 1) * meanContext + Math.max(meanContext, tailContext)));
    }
    // Weights on NVMe and KV in host memory only where the target engine runs them.
    boolean beyondEngines = OffloadTiers.engineRunsBeyondHostWeights(options.engine().value());
    List<MemoryTiers> seen = new ArrayList<>();
    for (long target : targets) {
      if (toggle != Toggle.ALWAYS && natural.fits() && natural.maxKvTokens() >= target) {
        continue;
      }
      // Bound before solving: larger targets need at least as much transfer.
      if (OffloadPlacement.transferFloor(config, natural, target, beyondEngines) > tpotLimit) {
        break;
      }
      Optional<MemoryTiers> placed = OffloadPlacement.place(config, natural, target, beyondEngines);
      if (placed.isEmpty()) {
        break; // larger targets need more offload still
      }
      MemoryTiers o = placed.get();
      // The least any batch pays: one sequence of mean context.
      if (o.transferSeconds(1, meanContext) > tpotLimit || seen.contains(o)) {
        continue;
      }
      seen.add(o);
      out.add(o);
    }
    return out;
  }

  /**
   * What one deployment's evaluation shares across its configurations: the deployment, its demand
   * as caching and non-caching instances see it, the roles, the KV a request needs, and the LoRA
   * choices.
   */
  record Context(
      int index,
      ResolvedDeployment d,
      Demand demand,
      Options options,
      List<Role> roles,
      Demand uncached,
      Demand cached,
      LinkSpec transferLink,
      int tierCount,
      double needTokens,
      double needKept,
      Optional<LoraServing> multiplexed,
      List<Boolean> mergedChoices) {}

  /** One configuration of a deployment on one pool: the unit of (parallel) evaluation. */
  record Work(Context context, ResolvedPool pool, InstanceConfig config) {}

  /**
   * What stays fixed while the memory tiers of one configuration and chunk budget are evaluated.
   */
  private record Slot(
      Context c,
      Report report,
      ResolvedPool pool,
      InstanceConfig config,
      Optional<Dtype> compressedKv,
      int chunk,
      MemoryOptions memOptions,
      MemoryEstimate natural) {}

  static Context context(
      int index, ResolvedDeployment d, Demand demand, Options options, boolean tiers) {
    Options.Disaggregation disagg = options.disaggregation().value();
    List<Role> roles = new ArrayList<>();
    if (disagg != Options.Disaggregation.ALWAYS) {
      roles.add(Role.UNIFIED);
    }
    if (disagg != Options.Disaggregation.NEVER) {
      roles.add(Role.PREFILL);
      roles.add(Role.DECODE);
    }
    double needTokens = demand.input.quantile(0.99) + demand.output.quantile(0.99);
    return new Context(
        index,
        d,
        demand,
        options,
        List.copyOf(roles),
        new Demand(d, false),
        new Demand(d, true),
        slowestNetwork(d.pools()),
        tiers ? TIGHTEN.length : 1,
        needTokens,
        // With a kv_compression eviction budget a request keeps fewer tokens than it reads.
        KvCompressionChoices.neededTokens(needTokens, options),
        // Multi-LoRA: a multiplexing instance serves every declared adapter; a merged one serves
        // the single adapter folded into its weights (LoraCandidates.mergedChoices).
        LoraCandidates.serving(d, options),
        LoraCandidates.mergedChoices(d, options));
  }

  /** The configurations of one deployment, in the deterministic order their reports merge in. */
  static List<Work> work(Context c) {
    List<Work> out = new ArrayList<>();
    List<ResolvedPool> pools = new ArrayList<>(c.d().pools());
    pools.sort(Comparator.comparing(ResolvedPool::name));
    for (ResolvedPool pool : pools) {
      for (InstanceConfig config : KvCompressionChoices.configs(c.d(), pool, c.options())) {
        out.add(new Work(c, pool, config));
      }
    }
    return out;
  }

  /** Evaluates every configuration of one deployment in order, on this thread. */
  Report enumerate(int index, ResolvedDeployment d, Demand demand, Options options, boolean tiers) {
    List<Report> parts = new ArrayList<>();
    for (Work w : work(context(index, d, demand, options, tiers))) {
      parts.add(evaluate(w));
    }
    return Report.merge(parts);
  }

  /** The candidates of one configuration, over the chunk budgets and memory tiers. */
  Report evaluate(Work w) {
    Context c = w.context();
    Options options = c.options();
    ResolvedPool pool = w.pool();
    InstanceConfig config = w.config();
    Report report = new Report();
    report.configurations = 1;
    boolean offloadAlways = options.effective(Technique.OFFLOAD) == Toggle.ALWAYS;
    Optional<Dtype> compressedKv = KvCompressionChoices.compressedFormat(c.d(), config);
    for (int chunk : chunkGrid(c.roles())) {
      MemoryOptions memOptions = MemoryOptions.DEFAULT.withMaxTokensPerIteration(chunk);
      MemoryEstimate natural = costModel.memory(config, memOptions);
      // What must fit before any choice: the adapter slots too when every choice multiplexes.
      MemoryEstimate fitted =
          LoraCandidates.leastHeld(config, natural, c.multiplexed(), c.mergedChoices());
      if (fitted.usable().bytes() - fitted.fixed().bytes() > report.bestFit) {
        report.bestFit = fitted.usable().bytes() - fitted.fixed().bytes();
        report.memoryNote =
            String.format(
                Locale.ROOT,
                "the roomiest instance (%s, tp %d, pp %d, %s weights) has %.1f GiB per GPU after "
                    + "weights, buffers and overhead; one %d-token request needs %.2f GiB of KV cache",
                pool.gpu().id(),
                config.tp(),
                config.pp(),
                config.weightDtype().id(),
                (fitted.usable().bytes() - fitted.fixed().bytes()) / Bytes.GIB,
                Math.round(c.needTokens()),
                c.needTokens() * fitted.kvBytesPerToken() / Bytes.GIB);
      }
      Slot slot = new Slot(c, report, pool, config, compressedKv, chunk, memOptions, natural);
      // Memory-pressure rule (docs/solver.md): the tiers that move weights, experts or KV off the
      // GPU only add transfer time to an iteration and free memory, so they can raise a
      // candidate's capacity only where memory limits it. The configuration is first evaluated
      // with everything on the GPU; the tiers are expanded only when some choice did not fit or
      // the KV-cache limit decided some capacity check. Otherwise every tiered candidate would be
      // dominated (same GPUs, no more capacity) by its untiered twin.
      boolean expertsForced = ExpertOffloadChoices.forced(config, options);
      boolean pressure =
          expertsForced || offloadAlways || evaluate(slot, List.of(MemoryTiers.NONE));
      if (!pressure) {
        continue;
      }
      List<MemoryTiers> tierings = new ArrayList<>();
      if (!expertsForced) {
        for (MemoryTiers t : offloadChoices(config, natural, c.demand(), c.needTokens(), options)) {
          // The untiered choice was evaluated above.
          if (!t.isEmpty() || offloadAlways) {
            tierings.add(t);
          }
        }
      }
      tierings.addAll(ExpertOffloadChoices.of(config, c.demand(), options));
      evaluate(slot, tierings);
    }
    return report;
  }

  /**
   * Adds the candidates of one configuration and chunk budget under each of the memory tierings;
   * returns whether memory pressure was seen: some choice did not fit, or some capacity search met
   * the KV-cache limit.
   */
  private boolean evaluate(Slot s, List<MemoryTiers> tierings) {
    boolean pressure = false;
    Options options = s.c().options();
    InstanceConfig config = s.config();
    for (MemoryTiers offload : tierings) {
      MemoryEstimate mem = offload.apply(s.natural());
      // The adapter slots count when every LoRA choice multiplexes.
      MemoryEstimate least =
          LoraCandidates.leastHeld(config, mem, s.c().multiplexed(), s.c().mergedChoices());
      if (!least.fits() || least.maxKvTokens() < s.c().needKept()) {
        pressure = true;
        continue;
      }
      s.report().fitting++;
      for (Role role : s.c().roles()) {
        if (role == Role.DECODE ? s.chunk() != DECODE_TOKENS : !chunkGridHas(s.chunk())) {
          continue;
        }
        double transferS = 0;
        double transferLatency = 0;
        if (role == Role.PREFILL) {
          double bytes = ModelMath.kvBytesPerToken(s.c().d().model(), config.kvDtype()).bytes();
          transferS = bytes / (s.c().transferLink().bandwidthBytesPerS() * config.gpus());
          transferLatency = s.c().transferLink().latencyS();
        }
        for (boolean caching : prefixCachingChoices(role, s.c().d(), options)) {
          Demand seen = caching ? s.c().cached() : s.c().uncached();
          for (boolean speculate : speculativeChoices(role, s.c().d(), config, options)) {
            Optional<SpeculativeStep> step =
                speculate ? speculativeStep(s.c().d(), config) : Optional.empty();
            if (speculate && step.isEmpty()) {
              continue;
            }
            // Expert loads are costed per scheduled token, not for the k + 1 tokens a verify
            // pass routes, so expert offload is not combined with speculation.
            if (speculate && offload.experts().isPresent()) {
              continue;
            }
            for (boolean merged : s.c().mergedChoices()) {
              Optional<LoraServing> lora = merged ? Optional.empty() : s.c().multiplexed();
              MemoryEstimate held =
                  step.isPresent()
                      ? SpeculativeStep.withDraft(
                          mem, costModel.memory(step.get().draft(), s.memOptions()))
                      : mem;
              if (lora.isPresent()) {
                held = lora.get().withAdapters(config, held);
              }
              long kvTokens = held.maxKvTokens() - seen.reservedPrefixTokens();
              for (OptionalLong budget :
                  KvCompressionChoices.budgets(
                      role, s.c().needTokens(), s.compressedKv(), options)) {
                if (kvTokens < KvCompression.keptTokens(s.c().needTokens(), budget)) {
                  pressure = true;
                  continue;
                }
                List<Optional<SmPartition>> splits =
                    smPartitionChoices(role, config, speculate, options);
                for (Optional<SmPartition> split : splits) {
                  // SM partitioning is costed for an instance that keeps its weights on the
                  // GPU and serves no LoRA adapters and no eviction budget (docs/techniques.md).
                  if (split.isPresent()
                      && (!offload.isEmpty() || lora.isPresent() || budget.isPresent())) {
                    continue;
                  }
                  // Both streams' activation buffers are live at once: a chunk and a full decode.
                  MemoryEstimate room =
                      split.isPresent()
                          ? costModel.memory(
                              config,
                              s.memOptions()
                                  .withMaxTokensPerIteration(
                                      s.chunk() + SmPartition.CONCURRENT_DECODE_TOKENS))
                          : held;
                  long roomTokens =
                      split.isPresent()
                          ? room.maxKvTokens() - seen.reservedPrefixTokens()
                          : kvTokens;
                  if (split.isPresent() && (!room.fits() || roomTokens < s.c().needTokens())) {
                    continue;
                  }
                  pressure |=
                      addCandidates(
                          s.report(),
                          s.c().index(),
                          s.pool(),
                          role,
                          config,
                          s.chunk(),
                          room,
                          roomTokens,
                          seen,
                          caching,
                          step,
                          offload,
                          KvCompressionChoices.setting(s.compressedKv(), budget),
                          lora,
                          merged,
                          split,
                          transferS,
                          transferLatency,
                          s.c().tierCount());
                }
              }
            }
          }
        }
      }
    }
    return pressure;
  }

  /**
   * Adds the candidates of one instance choice; returns whether the KV cache decided some capacity
   * check ({@link QueueModel#kvBound}).
   */
  private boolean addCandidates(
      Report report,
      int index,
      ResolvedPool pool,
      Role role,
      InstanceConfig config,
      int chunk,
      MemoryEstimate mem,
      long kvTokens,
      Demand demand,
      boolean caching,
      Optional<SpeculativeStep> step,
      MemoryTiers offload,
      Optional<KvCompressionSetting> kvCompression,
      Optional<LoraServing> lora,
      boolean loraMerged,
      Optional<SmPartition> split,
      double transferS,
      double transferLatency,
      int tierCount) {
    OptionalLong budget =
        kvCompression.map(KvCompressionSetting::budget).orElse(OptionalLong.empty());
    int seqCap = MAX_NUM_SEQS[MAX_NUM_SEQS.length - 1];
    QueueModel probe =
        new QueueModel(
                costModel,
                config,
                role,
                demand,
                seqCap,
                chunk,
                kvTokens,
                transferS,
                transferLatency,
                step,
                offload,
                lora,
                split)
            .withEvictionBudget(budget);
    recordBest(report, demand, probe, pool, config);
    for (int tier = 0; tier < tierCount; tier++) {
      double cap = probe.capacity(TIGHTEN[tier]);
      if (cap <= 0) {
        break;
      }
      QueueModel.Point pt = probe.at(cap);
      int n = seqsFor(pt.batch());
      QueueModel model =
          new QueueModel(
                  costModel,
                  config,
                  role,
                  demand,
                  n,
                  role == Role.DECODE ? Math.max(n, DECODE_TOKENS) : chunk,
                  kvTokens,
                  transferS,
                  transferLatency,
                  step,
                  offload,
                  lora,
                  split)
              .withEvictionBudget(budget);
      report.candidates.add(
          new Candidate(
              index,
              pool,
              role,
              config,
              n,
              role == Role.DECODE ? DECODE_TOKENS : chunk,
              mem,
              cap,
              tier,
              model,
              caching,
              step.isPresent(),
              offload,
              kvCompression,
              loraMerged,
              split));
    }
    return probe.kvBound();
  }

  private static boolean chunkGridHas(int chunk) {
    for (int c : CHUNK_TOKENS) {
      if (c == chunk) {
        return true;
      }
    }
    return false;
  }

  private static List<Integer> chunkGrid(List<Role> roles) {
    List<Integer> grid = new ArrayList<>();
    boolean chunked = roles.contains(Role.UNIFIED) || roles.contains(Role.PREFILL);
    if (chunked) {
      for (int c : CHUNK_TOKENS) {
        grid.add(c);
      }
    }
    if (roles.contains(Role.DECODE) && !grid.contains(DECODE_TOKENS)) {
      grid.add(DECODE_TOKENS);
    }
    return grid;
  }

  /** The smallest grid value of max_num_seqs that holds the batch plus a 99th-percentile surge. */
  static int seqsFor(double batch) {
    double surge = batch + StandardNormal.Z99 * Math.sqrt(batch);
    for (int n : MAX_NUM_SEQS) {
      if (n >= surge) {
        return n;
      }
    }
    return MAX_NUM_SEQS[MAX_NUM_SEQS.length - 1];
  }

  private void recordBest(
      Report report, Demand demand, QueueModel probe, ResolvedPool pool, InstanceConfig config) {
    QueueModel.Point idle = probe.at(1e-4);
    if (!idle.stable()) {
      return;
    }
    for (int i = 0; i < demand.limits.size(); i++) {
      Demand.Limit l = demand.limits.get(i);
      if (!probe.applies(l.metric())) {
        continue;
      }
      // Compare as a share of the budget so a disaggregated role's E2E share is accounted for.
      double ratio = probe.latency(idle, l.metric(), l.q()) / probe.budget(l);
      double latency = ratio * l.limitS();
      Best b = report.best.get(i);
      if (b == null || latency < b.latencyS()) {
        report.best.put(
            i,
            new Best(
                latency,
                pool.gpu().id()
                    + ", tp "
                    + config.tp()
                    + (config.pp() > 1 ? ", pp " + config.pp() : "")));
      }
    }
  }

  /**
   * Parallelism and precision combinations that can run on the pool (InstanceConfig.problems()
   * empty).
   */
  static List<InstanceConfig> configs(ResolvedDeployment d, ResolvedPool pool, Options options) {
    List<InstanceConfig> out = new ArrayList<>();
    ModelArch m = d.model();
    int gpn = pool.gpusPerNode();
    LinkSpec inter = pool.network().orElse(pool.intraNodeLink());
    for (int tp = 1; tp <= Math.min(options.maxTp().value(), gpn); tp *= 2) {
      // TP must divide the node so that instances tile nodes without stranding GPUs.
      if (gpn % tp != 0) {
        continue;
      }
      for (int pp = 1; pp <= options.maxPp().value(); pp++) {
        if (m.layers() % pp != 0 || tp * pp > pool.count()) {
          continue;
        }
        List<Integer> eps = new ArrayList<>(List.of(1));
        if (m.isMoe() && tp > 1 && m.experts() % tp == 0) {
          eps.add(tp);
        }
        for (int ep : eps) {
          for (Dtype w : d.weights()) {
            for (Dtype kv : d.kvDtypes()) {
              InstanceConfig c =
                  new InstanceConfig(m, pool.gpu(), tp, pp, ep, w, kv, pool.intraNodeLink(), inter);
              if (c.problems().isEmpty()) {
                out.add(c);
              }
            }
          }
        }
      }
    }
    return out;
  }

  private static LinkSpec slowestNetwork(List<ResolvedPool> pools) {
    LinkSpec slowest = null;
    for (ResolvedPool p : pools) {
      LinkSpec l = p.network().orElse(p.intraNodeLink());
      if (slowest == null || l.bandwidthBytesPerS() < slowest.bandwidthBytesPerS()) {
        slowest = l;
      }
    }
    return slowest;
  }

  /**
   * Drops candidates another candidate of the same deployment, pool, role, tier and kv_compression
   * level beats: no more GPUs (so no more cost, prices being per pool) and at least the capacity.
   * Exact for the integer program: swapping a dominated instance for its dominator keeps every
   * constraint and the cost.
   */
  static List<Candidate> prune(List<Candidate> all) {
    Map<String, List<Candidate>> byClass = new TreeMap<>();
    for (Candidate c : all) {
      byClass
          .computeIfAbsent(
              c.deployment()
                  + "/"
                  + c.pool().name()
                  + "/"
                  + c.role()
                  + "/"
                  + c.tier()
                  // Kept per kv_compression level so that the least lossy tie-break can fall back.
                  + "/"
                  + KvCompressionChoices.lossiness(c),
              k -> new ArrayList<>())
          .add(c);
    }
    List<Candidate> kept = new ArrayList<>();
    for (List<Candidate> group : byClass.values()) {
      group.sort(
          Comparator.comparingInt(Candidate::gpus)
              .thenComparing(Comparator.comparingDouble(Candidate::capacity).reversed())
              .thenComparing(Candidate::key));
      double bestCap = 0;
      for (Candidate c : group) {
        if (c.capacity() > bestCap) {
          kept.add(c);
          bestCap = c.capacity();
        }
      }
    }
    kept.sort(Comparator.comparing(Candidate::key));
    return kept;
  }
}
