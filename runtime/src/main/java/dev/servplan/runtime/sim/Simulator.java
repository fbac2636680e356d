package dev.servplan.runtime.sim;

import dev.servplan.compiler.ir.Slo;
import dev.servplan.hwdb.cost.CostModel;
import dev.servplan.hwdb.technique.smpartition.SmPartition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A discrete-event simulation of a plan's deployments. Events are request arrivals (one pending per
 * deployment, read lazily from its {@link RequestSource}), iteration ends (at most one per
 * instance) and KV-transfer ends; they sit in a primitive {@link EventQueue} ordered by time and
 * then by scheduling order, so a seed fixes the outcome. Iteration times come from the {@link
 * CostModel}. Latencies go into fixed-size histograms, so memory depends on the requests in flight,
 * not on how many are simulated. docs/simulator.md describes the model in full.
 */
public final class Simulator {
  /** Requests per deployment kept, in arrival order, for {@link DeploymentResult#timeline}. */
  public static final int TIMELINE_SAMPLE = 200;

  private static final int ARRIVAL = 0;
  private static final int ITERATION_END = 1;
  private static final int TRANSFER_END = 2;

  private final CostModel costModel;

  /** Mixed into the seed so the routers' streams differ from every other stream of the run. */
  private static final long ROUTE_SALT = 0x526F757465L;

  public Simulator(CostModel costModel) {
    this.costModel = Objects.requireNonNull(costModel, "costModel");
  }

  /** Mixed into the seed, times the deployment's place, for its instances' streams. */
  private static final long INSTANCE_SALT = 0x496E7374L;

  /**
   * Runs every deployment and reports each. Deployments share nothing but the clock, so each runs
   * on its own event queue, in parallel; every random stream is seeded from the run's seed and the
   * deployment's place in the list (its requests from the place-th split of the seed's stream), so
   * the outcome is the same on any number of threads. Utilisations are over the whole run, up to
   * the last deployment's last event.
   */
  public SimReport run(List<SimDeployment> deployments, SimOptions options) {
    return run(deployments, options, OptionalLong.empty());
  }

  /**
   * The wall-clock deadline passed before the simulation ended (see {@link #run(List, SimOptions,
   * OptionalLong)}).
   */
  public static final class DeadlineExceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DeadlineExceeded() {
      super("the simulation did not finish before its deadline", null, false, false);
    }
  }

  /** Arrivals and completions between two looks at the clock when a deadline is set. */
  private static final int CLOCK_EVERY = 64;

  /**
   * {@link #run(List, SimOptions)} that gives up with {@link DeadlineExceeded} once {@link
   * System#nanoTime()} passes {@code deadlineNanos}: a caller bound by a time limit (compile's
   * simulation check) learns that the check did not finish rather than overrunning. The report,
   * when there is one, is the same as without a deadline.
   */
  public SimReport run(
      List<SimDeployment> deployments, SimOptions options, OptionalLong deadlineNanos) {
    Objects.requireNonNull(options, "options");
    List<SimDeployment> all = List.copyOf(deployments);
    int n = all.size();
    SplittableRandom root = new SplittableRandom(options.seed());
    SplittableRandom[] streams = new SplittableRandom[n];
    for (int d = 0; d < n; d++) {
      streams[d] = root.split();
    }
    Run[] runs = new Run[n];
    IntStream.range(0, n)
        .parallel()
        .forEach(d -> runs[d] = new Run(all.get(d), d, options, streams[d]).execute(deadlineNanos));
    double end = 0;
    long processed = 0;
    for (Run r : runs) {
      end = Math.max(end, r.end);
      processed += r.processed;
    }
    List<DeploymentResult> results = new ArrayList<>();
    for (Run r : runs) {
      results.add(r.stats[0].result(r.instances, end));
    }
    return new SimReport(results, options, end, processed);
  }

  /**
   * The simulation of one deployment; its arrays are indexed by deployment, and hold one (index 0).
   */
  private final class Run implements Instance.Listener {
    private final List<SimDeployment> deployments;
    private final SimOptions options;
    private final SplittableRandom requests;
    private double end;
    private long processed;
    private final EventQueue events = new EventQueue();
    private final RequestTable table = new RequestTable();
    private final List<Instance> instances = new ArrayList<>();
    private final GroupRouter[] entry;
    private final GroupRouter[] decoders;
    private final RequestSource[] sources;
    private final long[] arrived;
    private final Stats[] stats;

    /** Per deployment, who draws the adapter each request names (none without adapters). */
    private final RequestLabels labels;

    /** Each instance's index within its deployment, by global index. */
    private final List<Integer> localIndex = new ArrayList<>();

    /** Deployment {@code place} of the plan, its requests drawn from {@code requests}. */
    Run(SimDeployment deployment, int place, SimOptions options, SplittableRandom requests) {
      this.deployments = List.of(deployment);
      this.options = options;
      this.requests = requests;
      int n = 1;
      labels = new RequestLabels(deployment, place, options.seed());
      long instanceSeed = options.seed() ^ (INSTANCE_SALT * place);
      entry = new GroupRouter[n];
      decoders = new GroupRouter[n];
      sources = new RequestSource[n];
      arrived = new long[n];
      stats = new Stats[n];
      for (int d = 0; d < n; d++) {
        List<Instance> front = new ArrayList<>();
        List<Instance> back = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int[] perRole = new int[GroupRole.values().length];
        for (SimGroup group : deployments.get(d).groups()) {
          DecodeCostTable decodeCosts = new DecodeCostTable(costModel, group.config());
          for (int r = 0; r < group.instances(); r++) {
            if (group.instance().term(SmPartition.class).isPresent()) {
              front.add(partitioned(d, group, decodeCosts, names, perRole, instanceSeed));
              continue;
            }
            Instance instance =
                new Instance(instances.size(), d, group, costModel, decodeCosts, instanceSeed);
            instances.add(instance);
            localIndex.add(names.size());
            names.add(group.role().id() + " " + perRole[group.role().ordinal()]++);
            (group.role() == GroupRole.DECODE ? back : front).add(instance);
          }
        }
        // The routers' draws have streams of their own, so that arrivals and lengths stay as
        // they were whatever the groups.
        entry[d] =
            new GroupRouter(
                front, options.router(), options.seed() ^ (ROUTE_SALT * (2 * place + 1)));
        decoders[d] =
            new GroupRouter(
                back, options.router(), options.seed() ^ (ROUTE_SALT * (2 * place + 2)));
        stats[d] =
            new Stats(deployments.get(d), new RequestTimeline.Recorder(names, TIMELINE_SAMPLE));
      }
    }

    /**
     * An SM-partitioned replica: a prefill stream (the entry the router sees) and a decode stream
     * sharing one KV block pool; returns the prefill stream.
     */
    private Instance partitioned(
        int d,
        SimGroup group,
        DecodeCostTable decodeCosts,
        List<String> names,
        int[] perRole,
        long seed) {
      BlockPool pool = new BlockPool(group.kvBlocks());
      String name = group.role().id() + " " + perRole[group.role().ordinal()]++;
      Instance prefill =
          new Instance(
              instances.size(), d, group, costModel, decodeCosts, seed, GroupRole.PREFILL, pool);
      instances.add(prefill);
      localIndex.add(names.size());
      names.add(name + " prefill stream");
      Instance decode =
          new Instance(
              instances.size(), d, group, costModel, decodeCosts, seed, GroupRole.DECODE, pool);
      instances.add(decode);
      localIndex.add(names.size());
      names.add(name + " decode stream");
      prefill.sibling = decode;
      decode.sibling = prefill;
      return prefill;
    }

    /** Whether a deadline is set, the deadline, and requests arrived or finished since start. */
    private boolean timed;

    private long by;
    private long ticks;

    /**
     * Looks at the clock every {@link #CLOCK_EVERY} arrivals and completions (not per event: the
     * event loop is the hot path, and this keeps it as it was).
     */
    private void tick() {
      if (timed && ++ticks % CLOCK_EVERY == 0 && System.nanoTime() - by > 0) {
        throw new DeadlineExceeded();
      }
    }

    Run execute(OptionalLong deadline) {
      timed = deadline.isPresent();
      by = deadline.orElse(0);
      try {
        for (int d = 0; d < deployments.size(); d++) {
          sources[d] = open(deployments.get(d).workload(), requests);
          scheduleNextArrival(d);
        }
        double now = 0;
        long processed = 0;
        while (!events.isEmpty()) {
          events.pop();
          now = events.time();
          processed++;
          int id = events.id();
          switch (events.kind()) {
            case ARRIVAL:
              arrive(id, now);
              break;
            case ITERATION_END:
              Instance instance = instances.get(id);
              instance.complete(table, now, this);
              tryStart(instance, now);
              if (instance.sibling != null) {
                // Blocks it freed may let the other stream of the replica admit or continue.
                tryStart(instance.sibling, now);
              }
              break;
            case TRANSFER_END:
              transferred(id, now);
              break;
            default:
              throw new IllegalStateException("unknown event kind " + events.kind());
          }
        }
        end = now;
        this.processed = processed;
        return this;
      } finally {
        for (RequestSource source : sources) {
          if (source != null) {
            source.close();
          }
        }
      }
    }

    private RequestSource open(SimWorkload workload, SplittableRandom rng) {
      if (workload instanceof SimWorkload.Synthetic s) {
        return new SyntheticSource(s.arrivals(), s.input(), s.output(), s.prefix(), rng);
      }
      return TraceReader.open(((SimWorkload.Replay) workload).trace());
    }

    private void scheduleNextArrival(int d) {
      if (arrived[d] >= options.requestsPerDeployment()) {
        return;
      }
      RequestSource source = sources[d];
      if (source.advance() && source.time() <= options.durationS()) {
        events.push(source.time(), ARRIVAL, d);
      }
    }

    private void arrive(int d, double now) {
      tick();
      RequestSource source = sources[d];
      arrived[d]++;
      stats[d].arrival(now);
      Instance target = entry[d].next();
      // A hit saves prefill only where the instance caches prefixes (the plan's prefix_caching).
      int hit = target.group.prefixCaching() ? source.prefixHit() : 0;
      int slot = table.allocate(d, now, source.input(), source.output(), hit);
      table.adapter[slot] = labels.draw(d);
      table.sample[slot] = stats[d].timeline.arrive(now, table.input[slot], table.output[slot]);
      admit(slot, target, now);
      scheduleNextArrival(d);
    }

    private void admit(int slot, Instance target, double now) {
      // The longest context it reaches here: a prefill instance only holds the prompt; elsewhere
      // the prompt plus every output token but the last.
      long context =
          target.role == GroupRole.PREFILL
              ? table.input[slot]
              : (long) table.input[slot] + table.output[slot] - 1;
      Stats s = stats[table.deployment[slot]];
      int sampled = table.sample[slot];
      if (!target.canEverHold(context)) {
        s.rejected++;
        if (sampled >= 0) {
          s.timeline.rejected(sampled, table.firstToken[slot], now);
        }
        table.release(slot);
        return;
      }
      if (sampled >= 0) {
        s.timeline.admitted(sampled, localIndex.get(target.index));
      }
      target.enqueue(slot, table, now);
      tryStart(target, now);
    }

    private void tryStart(Instance instance, double now) {
      double seconds = instance.start(table, now);
      if (seconds > 0) {
        events.push(now + seconds, ITERATION_END, instance.index);
      }
    }

    @Override
    public void finished(int slot, double now) {
      tick();
      Stats s = stats[table.deployment[slot]];
      s.finished(table, slot, now);
      if (table.sample[slot] >= 0) {
        s.timeline.finished(table.sample[slot], table.firstToken[slot], now);
      }
      table.release(slot);
    }

    @Override
    public void handedOff(int slot, Instance from, double now) {
      if (from.sibling != null) {
        // SM partitioning: the decode stream shares the KV cache, so the blocks stay put.
        table.blocks[slot] = table.sourceBlocks[slot];
        table.sourceBlocks[slot] = 0;
        table.sourceInstance[slot] = -1;
        from.sibling.enqueue(slot, table, now);
        tryStart(from.sibling, now);
        return;
      }
      int d = table.deployment[slot];
      Instance to = decoders[d].next();
      to.inbound++;
      table.instance[slot] = to.index;
      // Each GPU of the prefill instance sends its shard over its own NIC, one request at a time.
      double bytes = table.input[slot] * from.group.kvBytesPerToken();
      int lanes = Math.min(from.group.config().gpus(), to.group.config().gpus());
      var link = from.group.transferLink();
      double start = Math.max(now, from.linkFreeAt);
      double end = start + link.latencyS() + bytes / (link.bandwidthBytesPerS() * lanes);
      from.linkFreeAt = end;
      events.push(end, TRANSFER_END, slot);
    }

    private void transferred(int slot, double now) {
      Instance from = instances.get(table.sourceInstance[slot]);
      from.releaseBlocks(table.sourceBlocks[slot], now);
      table.sourceInstance[slot] = -1;
      table.sourceBlocks[slot] = 0;
      tryStart(from, now);
      Instance to = instances.get(table.instance[slot]);
      to.inbound--;
      // The decoder already has the prompt's KV: only the first sampled token is left to compute.
      table.computed[slot] = table.input[slot];
      if (table.sample[slot] >= 0) {
        stats[table.deployment[slot]].timeline.handedOff(table.sample[slot], now);
      }
      admit(slot, to, now);
    }
  }

  /** Per-deployment accumulators. */
  private static final class Stats {
    private final SimDeployment deployment;
    private final LatencyHistogram ttft = new LatencyHistogram();
    private final LatencyHistogram tpot = new LatencyHistogram();
    private final LatencyHistogram e2e = new LatencyHistogram();
    final RequestTimeline.Recorder timeline;

    /** Per-request limits in seconds: the loosest (highest-percentile) target of each metric. */
    private final double ttftLimit;

    private final double tpotLimit;
    private final double e2eLimit;
    private long completed;
    long rejected;
    private long met;
    private long outputTokens;
    private double firstArrival = Double.NaN;
    private double lastCompletion;

    Stats(SimDeployment deployment, RequestTimeline.Recorder timeline) {
      this.deployment = deployment;
      this.timeline = timeline;
      ttftLimit = limit(deployment, Slo.Metric.TTFT);
      tpotLimit = limit(deployment, Slo.Metric.TPOT);
      e2eLimit = limit(deployment, Slo.Metric.E2E);
    }

    private static double limit(SimDeployment deployment, Slo.Metric metric) {
      SloTarget loosest = null;
      for (SloTarget t : deployment.targets()) {
        if (t.metric() == metric
            && (loosest == null || t.percentile().compareTo(loosest.percentile()) > 0)) {
          loosest = t;
        }
      }
      return loosest == null ? Double.POSITIVE_INFINITY : loosest.limit().seconds();
    }

    void arrival(double now) {
      if (Double.isNaN(firstArrival)) {
        firstArrival = now;
      }
    }

    void finished(RequestTable table, int slot, double now) {
      double arrival = table.arrival[slot];
      double first = table.firstToken[slot];
      int output = table.output[slot];
      double ttftS = first - arrival;
      double e2eS = now - arrival;
      ttft.record(ttftS * 1000);
      e2e.record(e2eS * 1000);
      boolean ok = ttftS <= ttftLimit && e2eS <= e2eLimit;
      if (output > 1) {
        double tpotS = (now - first) / (output - 1);
        tpot.record(tpotS * 1000);
        ok &= tpotS <= tpotLimit;
      }
      if (ok) {
        met++;
      }
      completed++;
      outputTokens += output;
      lastCompletion = Math.max(lastCompletion, now);
    }

    DeploymentResult result(List<Instance> instances, double end) {
      double span = completed == 0 ? 0 : lastCompletion - firstArrival;
      double horizon = Math.max(end, 1e-12);
      double busy = 0;
      double kv = 0;
      double queue = 0;
      int maxQueue = 0;
      long preemptions = 0;
      for (Instance instance : instances) {
        instance.touch(end);
        busy += instance.busyTime / horizon;
        kv += instance.kvBlockSeconds / (horizon * instance.totalBlocks);
        queue += instance.queueSeconds / horizon;
        maxQueue = Math.max(maxQueue, instance.maxQueue);
        preemptions += instance.preemptions;
      }
      int n = Math.max(1, instances.size());
      Percentiles ttftP = Percentiles.of(ttft);
      Percentiles tpotP = Percentiles.of(tpot);
      Percentiles e2eP = Percentiles.of(e2e);
      List<TargetCheck> checks = new ArrayList<>();
      for (SloTarget target : deployment.targets()) {
        Percentiles p =
            target.metric() == Slo.Metric.TTFT
                ? ttftP
                : target.metric() == Slo.Metric.TPOT ? tpotP : e2eP;
        double simulated = p.at(target.percentile());
        boolean ok =
            Double.isNaN(simulated)
                ? p.samples() == 0 && rejected == 0
                : simulated <= target.limit().millis();
        checks.add(new TargetCheck(target, simulated, ok));
      }
      long total = completed + rejected;
      return new DeploymentResult(
          deployment.name(),
          completed,
          rejected,
          ttftP,
          tpotP,
          e2eP,
          span > 0 ? completed / span : 0,
          span > 0 ? outputTokens / span : 0,
          total == 0 ? 0 : (double) met / total,
          span > 0 ? met / span : 0,
          preemptions,
          busy / n,
          kv / n,
          queue / n,
          maxQueue,
          span,
          deployment.attainment().value(),
          checks,
          ttft.cdf(),
          tpot.cdf(),
          e2e.cdf(),
          timeline.result());
    }
  }
}
