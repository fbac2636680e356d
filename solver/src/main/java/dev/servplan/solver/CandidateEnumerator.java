package dev.servplan.solver;

import dev.servplan.compiler.ir.Options;
import dev.servplan.compiler.plan.Role;
import dev.servplan.compiler.technique.Compatibility;
import dev.servplan.compiler.technique.TechniqueSettings;
import dev.servplan.compiler.validate.ResolvedDeployment;
import dev.servplan.compiler.validate.ResolvedPool;
import dev.servplan.compiler.workload.StandardNormal;
import dev.servplan.hwdb.catalog.Dtype;
import dev.servplan.hwdb.catalog.LinkSpec;
import dev.servplan.hwdb.catalog.ModelArch;
import dev.servplan.hwdb.catalog.ModelMath;
import dev.servplan.hwdb.cost.CostModel;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.MemoryEstimate;
import dev.servplan.hwdb.cost.MemoryOptions;
import dev.servplan.hwdb.instance.InstanceModel;
import dev.servplan.hwdb.unit.Bytes;
import dev.servplan.solver.technique.Draft;
import dev.servplan.solver.technique.TechniqueChoices;
import dev.servplan.solver.technique.TechniqueRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Enumerates and evaluates the instance configurations of each deployment on each eligible pool,
 * keeping the ones that meet the SLO at some load and are not dominated. Each technique's choices
 * come from its plug-in ({@link TechniqueChoices}); the enumerator expands them as a product, drops
 * combinations the compatibility table rules out, and applies the memory-pressure rule to the
 * techniques that only relieve memory. Also records what the best configuration can achieve, for
 * the diagnostic when nothing meets the SLO.
 */
final class CandidateEnumerator {
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
   * What one deployment's evaluation shares across its configurations: the deployment, its demand
   * as caching and non-caching instances see it, the roles, and the KV a tail request needs.
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
      double needTokens) {}

  /** One configuration of a deployment on one pool: the unit of (parallel) evaluation. */
  record Work(Context context, ResolvedPool pool, InstanceConfig config) {}

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
    return new Context(
        index,
        d,
        demand,
        options,
        List.copyOf(roles),
        new Demand(d, false),
        new Demand(d, true),
        slowestNetwork(d.pools()),
        tiers ? CandidateGrid.TIGHTEN.length : 1,
        demand.input.quantile(0.99) + demand.output.quantile(0.99));
  }

  /** The configurations of one deployment, in the deterministic order their reports merge in. */
  static List<Work> work(Context c) {
    List<Work> out = new ArrayList<>();
    List<ResolvedPool> pools = new ArrayList<>(c.d().pools());
    pools.sort(Comparator.comparing(ResolvedPool::name));
    for (ResolvedPool pool : pools) {
      List<InstanceConfig> base = configs(c.d(), pool, c.options());
      List<InstanceConfig> all = new ArrayList<>(base);
      for (TechniqueChoices t : TechniqueRegistry.all()) {
        all.addAll(t.configs(c.d(), pool, c.options(), base));
      }
      for (InstanceConfig config : all) {
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

  /** Which of the memory-relieving techniques a pass expands (see {@link #evaluate(Work)}). */
  private record Pass(TechniqueChoices relief) {
    static final Pass FIRST = new Pass(null);
  }

  /**
   * The candidates of one configuration, over the chunk budgets, roles and technique choices.
   *
   * <p>Memory-pressure rule (docs/solver.md): a technique that only relieves memory ({@link
   * TechniqueChoices#relievesMemory}: weights, experts or KV moved off the GPU) frees memory and
   * adds transfer time, nothing else, so it can raise a candidate's capacity only where memory
   * limits it. The first pass evaluates every choice of the other techniques with those off; the
   * memory-relieving ones are expanded (one at a time) only when some choice did not fit or the KV
   * cache decided some capacity check, or when one of them is forced. Otherwise every candidate
   * they add would be dominated (same GPUs, no more capacity) by its twin without them.
   */
  Report evaluate(Work w) {
    Context c = w.context();
    ResolvedPool pool = w.pool();
    InstanceConfig config = w.config();
    Report report = new Report();
    report.configurations = 1;
    for (int chunk : chunkGrid(c.roles())) {
      MemoryOptions memOptions = MemoryOptions.DEFAULT.withMaxTokensPerIteration(chunk);
      MemoryEstimate natural = costModel.memory(config, memOptions);
      noteMemory(report, c, pool, config, natural);
      List<Draft> bases = new ArrayList<>();
      for (Role role : c.roles()) {
        if (role == Role.DECODE
            ? chunk != CandidateGrid.DECODE_TOKENS
            : !CandidateGrid.chunkGridHas(chunk)) {
          continue;
        }
        bases.add(
            new Draft(
                c.d(),
                c.options(),
                pool,
                config,
                role,
                chunk,
                memOptions,
                natural,
                c.uncached(),
                c.cached(),
                c.needTokens(),
                TechniqueSettings.NONE,
                List.of()));
      }
      boolean pressure = false;
      for (Draft base : bases) {
        pressure |= expand(report, c, base, 0, Pass.FIRST);
      }
      if (!pressure) {
        continue;
      }
      for (TechniqueChoices relief : TechniqueRegistry.all()) {
        if (relief.relievesMemory()) {
          for (Draft base : bases) {
            expand(report, c, base, 0, new Pass(relief));
          }
        }
      }
    }
    return report;
  }

  private void noteMemory(
      Report report, Context c, ResolvedPool pool, InstanceConfig config, MemoryEstimate natural) {
    if (natural.usable().bytes() - natural.fixed().bytes() > report.bestFit) {
      report.bestFit = natural.usable().bytes() - natural.fixed().bytes();
      report.memoryNote =
          String.format(
              Locale.ROOT,
              "the roomiest instance (%s, tp %d, pp %d, %s weights) has %.1f GiB per GPU after "
                  + "weights, buffers and overhead; one %d-token request needs %.2f GiB of KV cache",
              pool.gpu().id(),
              config.tp(),
              config.pp(),
              config.weightDtype().id(),
              (natural.usable().bytes() - natural.fixed().bytes()) / Bytes.GIB,
              Math.round(c.needTokens()),
              c.needTokens() * natural.kvBytesPerToken() / Bytes.GIB);
    }
  }

  /**
   * Expands the plug-ins from {@code next} on; returns whether memory pressure was seen (a draft
   * that did not fit, a capacity check the KV cache decided, or a memory-relieving technique that
   * is forced and so needs the second pass).
   */
  private boolean expand(Report report, Context c, Draft draft, int next, Pass pass) {
    List<TechniqueChoices> plugins = TechniqueRegistry.all();
    if (next == plugins.size()) {
      return finish(report, c, draft);
    }
    TechniqueChoices plugin = plugins.get(next);
    List<Draft> choices = plugin.choices(draft);
    boolean pressure = false;
    if (plugin.relievesMemory()) {
      boolean offAllowed = choices.contains(draft);
      if (pass.relief() != plugin) {
        // Off in this pass; a forced technique waits for its own pass.
        if (!offAllowed) {
          return pass == Pass.FIRST;
        }
        choices = List.of(draft);
      } else {
        choices = choices.stream().filter(d -> d != draft).toList();
      }
    }
    for (Draft d : choices) {
      pressure |= expand(report, c, d, next + 1, pass);
    }
    return pressure;
  }

  /** Evaluates one complete draft; returns whether memory pressure was seen. */
  private boolean finish(Report report, Context c, Draft draft) {
    if (!Compatibility.allowed(draft.settings())) {
      return false;
    }
    InstanceModel instance =
        InstanceModel.of(costModel, draft.config(), draft.memoryOptions(), draft.terms());
    MemoryEstimate mem = instance.memory();
    long kvTokens = instance.kvTokens();
    if (!mem.fits() || kvTokens < instance.keptTokens(c.needTokens())) {
      return true;
    }
    report.fitting++;
    double transferS = 0;
    double transferLatency = 0;
    if (draft.role() == Role.PREFILL) {
      double bytes = ModelMath.kvBytesPerToken(c.d().model(), draft.config().kvDtype()).bytes();
      transferS = bytes / (c.transferLink().bandwidthBytesPerS() * draft.config().gpus());
      transferLatency = c.transferLink().latencyS();
    }
    return addCandidates(report, c, draft, instance, mem, kvTokens, transferS, transferLatency);
  }

  /**
   * Adds the candidates of one complete draft; returns whether the KV cache decided some capacity
   * check ({@link QueueModel#kvBound}).
   */
  private boolean addCandidates(
      Report report,
      Context c,
      Draft draft,
      InstanceModel instance,
      MemoryEstimate mem,
      long kvTokens,
      double transferS,
      double transferLatency) {
    Role role = draft.role();
    int chunk = draft.chunk();
    int seqCap = CandidateGrid.MAX_NUM_SEQS[CandidateGrid.MAX_NUM_SEQS.length - 1];
    QueueModel probe =
        new QueueModel(
            instance, role, draft.demand(), seqCap, chunk, kvTokens, transferS, transferLatency);
    for (int tier = 0; tier < c.tierCount(); tier++) {
      double cap = probe.capacity(CandidateGrid.TIGHTEN[tier]);
      if (cap <= 0) {
        if (tier == 0) {
          // What the diagnosis of a deployment with no candidate at all (E0402) reports; a
          // configuration with a candidate means the deployment never gets that diagnosis.
          recordBest(report, draft.demand(), probe, draft.pool(), draft.config());
        }
        break;
      }
      QueueModel.Point pt = probe.at(cap);
      int n = seqsFor(pt.batch());
      if (role != Role.DECODE && n > chunk) {
        // The engine refuses max_num_batched_tokens below max_num_seqs (vLLM's SchedulerConfig;
        // the verifier's P0606). Only a stream whose decodes bypass the chunk budget (an SM
        // partition) gets here; a larger chunk of the grid serves that batch instead.
        continue;
      }
      int tokens = role == Role.DECODE ? Math.max(n, CandidateGrid.DECODE_TOKENS) : chunk;
      QueueModel model =
          new QueueModel(
              instance, role, draft.demand(), n, tokens, kvTokens, transferS, transferLatency);
      report.candidates.add(
          new Candidate(
              c.index(),
              draft.pool(),
              role,
              instance,
              n,
              role == Role.DECODE ? CandidateGrid.DECODE_TOKENS : chunk,
              mem,
              cap,
              tier,
              model,
              draft.settings()));
    }
    return probe.kvBound();
  }

  private static List<Integer> chunkGrid(List<Role> roles) {
    List<Integer> grid = new ArrayList<>();
    boolean chunked = roles.contains(Role.UNIFIED) || roles.contains(Role.PREFILL);
    if (chunked) {
      for (int c : CandidateGrid.CHUNK_TOKENS) {
        grid.add(c);
      }
    }
    if (roles.contains(Role.DECODE) && !grid.contains(CandidateGrid.DECODE_TOKENS)) {
      grid.add(CandidateGrid.DECODE_TOKENS);
    }
    return grid;
  }

  /** The smallest grid value of max_num_seqs that holds the batch plus a 99th-percentile surge. */
  static int seqsFor(double batch) {
    double surge = batch + StandardNormal.Z99 * Math.sqrt(batch);
    for (int n : CandidateGrid.MAX_NUM_SEQS) {
      if (n >= surge) {
        return n;
      }
    }
    return CandidateGrid.MAX_NUM_SEQS[CandidateGrid.MAX_NUM_SEQS.length - 1];
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
   * Drops candidates another candidate of the same deployment, pool, role, tier and lossiness level
   * beats: no more GPUs (so no more cost, prices being per pool) and at least the capacity. Exact
   * for the integer program: swapping a dominated instance for its dominator keeps every constraint
   * and the cost.
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
                  // Kept per lossiness level so that the least lossy tie-break can fall back.
                  + "/"
                  + TechniqueRegistry.lossiness(c.techniques()),
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
