package dev.servplan.runtime.sim;

import dev.servplan.hwdb.cost.BatchShape;
import dev.servplan.hwdb.cost.CostModel;
import dev.servplan.hwdb.cost.InstanceConfig;
import dev.servplan.hwdb.cost.PrefillChunk;
import dev.servplan.hwdb.instance.Batch;
import dev.servplan.hwdb.instance.InstanceModel;
import dev.servplan.hwdb.technique.smpartition.SmPartition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * One engine replica as vLLM's v1 scheduler and SGLang run it: iteration-level continuous batching
 * with chunked prefill, a paged KV cache of fixed-size blocks, and recompute preemption.
 *
 * <p>Each step fills a token budget of {@code max_num_batched_tokens} in Sarathi-Serve's stall-free
 * order (Agrawal et al., OSDI 2024, arXiv:2403.02310, §4.3): first one token for every running
 * decode, then chunks of running prefills, then new requests from the FCFS waiting queue while
 * fewer than {@code max_num_seqs} run and their chunk's blocks are free. When a running request
 * needs a block and none is free, the most recently admitted request not yet in this step's batch
 * is preempted: its blocks are freed, its progress is dropped and it goes back to the front of the
 * queue to be recomputed (vLLM's default recompute preemption); no new request is admitted in a
 * step that preempted. A prompt prefix found in the prefix cache is never computed (it counts as
 * cached tokens that the chunks attend over) but its blocks are charged to the request as if
 * private, which overstates KV use when many requests share one prefix.
 *
 * <p>With speculative decoding a decode takes k + 1 slots of the token budget and of the KV cache
 * (the draft tokens being verified), the iteration costs a speculative step (draft passes plus the
 * target's verify pass), and each decoding sequence then gains 1 + a tokens, a being the accepted
 * draft tokens drawn from the truncated geometric distribution P(a ≥ j) = α^j, j ≤ k (Leviathan et
 * al. 2023), from a random stream seeded per instance so a seed fixes the outcome.
 *
 * <p>An SM-partitioned replica is two instances sharing one {@link BlockPool}: a prefill stream
 * that prefills, samples the first token and hands the request to its decode-stream sibling (no KV
 * transfer), and a decode stream; each times its iterations on its SM share while the other is busy
 * ({@link SmPartition}).
 */
final class Instance {
  /** Receives what an iteration produced. */
  interface Listener {
    /** The request sampled its last token. */
    void finished(int slot, double now);

    /**
     * A prefill instance finished a prompt and sampled the first token: the KV leaves for a
     * decoder.
     */
    void handedOff(int slot, Instance from, double now);
  }

  final int index;
  final int deployment;
  final SimGroup group;
  final GroupRole role;
  private final CostModel costModel;
  private final InstanceConfig config;
  private final DecodeCostTable decodeCosts;

  /** The replica's physics: iteration times, decode slots, accepted tokens, kept context. */
  private final InstanceModel model;

  /** Per adapter, the last iteration that counted it, to count distinct adapters per batch. */
  private long[] adapterSeen = new long[0];

  /** Draws the tokens a decode gains when that is random (accepted draft tokens). */
  private final SplittableRandom acceptance;

  private final int maxSeqs;
  private final int maxTokens;
  final long totalBlocks;

  /** Free KV blocks; shared with the sibling stream of an SM-partitioned replica. */
  final BlockPool pool;

  /**
   * The other stream of an SM-partitioned replica (this one's prefill or decode partner), or null.
   */
  Instance sibling;

  /** The SM split of a partitioned replica's streams; empty for an ordinary instance. */
  private final Optional<SmPartition> partition;

  /**
   * The batch of the iteration in flight, for the sibling stream's contention; partitioned only.
   */
  private BatchShape inFlight = BatchShape.EMPTY;

  /** The phase of {@link #inFlight} on this stream's slice, once computed (SM partitions only). */
  private SmPartition.Phase inFlightPhase;

  final IntDeque waiting = new IntDeque();
  private int[] running = new int[16];
  private int runningCount;
  private int[] batchSlots = new int[16];
  private int[] batchTokens = new int[16];
  private boolean[] batchDecode = new boolean[16];
  private int batchCount;
  private long step;
  boolean busy;

  /** Requests routed here that are still in a KV transfer. */
  int inbound;

  /** When this prefill instance's outgoing link is next free (transfers are sent one at a time). */
  double linkFreeAt;

  // Statistics, integrated over simulated time.
  double busyTime;
  double kvBlockSeconds;
  double queueSeconds;
  private double lastTouch;
  int maxQueue;
  long preemptions;
  long iterations;

  Instance(
      int index, int deployment, SimGroup group, CostModel costModel, DecodeCostTable decodeCosts) {
    this(index, deployment, group, costModel, decodeCosts, 0);
  }

  /** {@code seed} drives the accepted-token draws of a speculating instance. */
  Instance(
      int index,
      int deployment,
      SimGroup group,
      CostModel costModel,
      DecodeCostTable decodeCosts,
      long seed) {
    this(
        index,
        deployment,
        group,
        costModel,
        decodeCosts,
        seed,
        group.role(),
        new BlockPool(group.kvBlocks()));
  }

  /**
   * One stream of an SM-partitioned replica: {@code stream} is {@link GroupRole#PREFILL} (prefills
   * and samples the first token, then hands the request to its sibling without a transfer) or
   * {@link GroupRole#DECODE}; both share {@code pool}.
   */
  Instance(
      int index,
      int deployment,
      SimGroup group,
      CostModel costModel,
      DecodeCostTable decodeCosts,
      long seed,
      GroupRole stream,
      BlockPool pool) {
    this.index = index;
    this.deployment = deployment;
    this.group = group;
    this.role = stream;
    this.model = group.instance();
    this.costModel = model.costModel();
    this.decodeCosts = decodeCosts;
    this.config = model.config();
    this.maxSeqs = group.maxNumSeqs();
    this.partition = stream == group.role() ? Optional.empty() : model.term(SmPartition.class);
    // A partitioned decode stream is not bounded by the prefill chunk budget, only by its batch.
    this.maxTokens =
        partition.isPresent() && stream == GroupRole.DECODE
            ? Math.max(group.maxBatchedTokens(), group.maxNumSeqs())
            : group.maxBatchedTokens();
    this.totalBlocks = group.kvBlocks();
    this.pool = pool;
    this.acceptance = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (index + 1)));
  }

  /**
   * Token-budget and KV slots a decode takes per iteration: the k + 1 verified tokens when
   * speculating.
   */
  private int decodeSlots() {
    // A prefill group, or the prefill stream of a partitioned replica, never decodes.
    return role == GroupRole.PREFILL ? 1 : model.decodeSlots();
  }

  /**
   * Tokens one decoding sequence gains this step: 1 + accepted draft tokens (truncated geometric).
   */
  private int sampledTokens() {
    return role == GroupRole.PREFILL ? 1 : model.sampledTokens(acceptance);
  }

  /**
   * Requests queued, running or arriving here: the router's measure of load (with the decodes of a
   * partitioned replica's other stream).
   */
  int load() {
    return waiting.size() + runningCount + inbound + (sibling == null ? 0 : sibling.runningCount);
  }

  /** Sequences the replica runs: this stream's and its sibling's, against {@code max_num_seqs}. */
  private int replicaRunning() {
    return runningCount + (sibling == null ? 0 : sibling.runningCount);
  }

  int runningCount() {
    return runningCount;
  }

  static long blocksFor(long tokens) {
    return (tokens + SimGroup.BLOCK_TOKENS - 1) / SimGroup.BLOCK_TOKENS;
  }

  /** Tokens of a context of {@code tokens} the request keeps: all, or the eviction budget. */
  private long kept(long tokens) {
    return model.keptTokens(tokens);
  }

  /** Blocks a request must add to grow to {@code tokens} of context (none once at its budget). */
  private long newBlocks(long tokens, int held) {
    return Math.max(0, blocksFor(kept(tokens)) - held);
  }

  /**
   * Whether a request whose context grows to {@code tokens} can ever fit in this instance's KV
   * cache.
   */
  boolean canEverHold(long tokens) {
    return blocksFor(kept(tokens)) <= totalBlocks;
  }

  /** Accumulates the time-weighted statistics up to {@code now}; call before any state change. */
  void touch(double now) {
    double dt = now - lastTouch;
    if (dt > 0) {
      kvBlockSeconds += (totalBlocks - pool.free) * dt;
      queueSeconds += waiting.size() * dt;
      lastTouch = now;
    }
  }

  void enqueue(int slot, RequestTable table, double now) {
    touch(now);
    table.instance[slot] = index;
    waiting.addLast(slot);
    maxQueue = Math.max(maxQueue, waiting.size());
  }

  void releaseBlocks(long count, double now) {
    touch(now);
    pool.free += count;
  }

  /**
   * Forms the next batch if there is work; returns its duration in seconds, or a negative number
   * when the instance stays idle (nothing to run, or nothing that fits until blocks are freed).
   */
  double start(RequestTable table, double now) {
    if (busy || (runningCount == 0 && waiting.isEmpty())) {
      return -1;
    }
    touch(now);
    step++;
    batchCount = 0;
    int budget = maxTokens;
    boolean preempted = false;
    // Pass 1 decodes, pass 2 prefill chunks of running requests (Sarathi's stall-free order).
    int prefills = 0;
    for (int pass = 0; pass < 2; pass++) {
      if (pass == 1 && prefills == 0) {
        break; // no running prefill to continue: skip the second scan
      }
      int i = 0;
      while (i < runningCount && budget > 0) {
        int slot = running[i];
        if (table.scheduledStep[slot] == step) {
          i++;
          continue;
        }
        if (isDecode(table, slot) != (pass == 0)) {
          prefills++;
          i++;
          continue;
        }
        boolean decode = pass == 0;
        if (decode && decodeSlots() > budget) {
          break; // a speculative decode needs its k + 1 verify slots in the budget
        }
        int tokens = decode ? 1 : Math.min(table.target(slot) - table.computed[slot], budget);
        int slots = decode ? decodeSlots() : tokens;
        long need = newBlocks((long) table.computed[slot] + slots, table.blocks[slot]);
        boolean preemptedItself = false;
        boolean preemptedOther = false;
        while (need > pool.free) {
          int victim = pickVictim(table, slot);
          preempt(victim, table);
          preempted = true;
          if (victim == slot) {
            preemptedItself = true;
            break;
          }
          preemptedOther = true;
        }
        if (preemptedItself) {
          continue; // running[i] is now the next request
        }
        if (preemptedOther) {
          i = indexOf(slot); // a victim may have sat before this request
        }
        schedule(slot, tokens, need, table, decode);
        budget -= slots;
        i++;
      }
    }
    // Pass 3: admit from the queue (vLLM admits nothing new in a step that preempted).
    while (!preempted && budget > 0 && replicaRunning() < maxSeqs && !waiting.isEmpty()) {
      int slot = waiting.peekFirst();
      int tokens = Math.min(table.target(slot) - table.computed[slot], budget);
      long need = newBlocks((long) table.computed[slot] + tokens, table.blocks[slot]);
      if (need > pool.free) {
        break;
      }
      waiting.pollFirst();
      addRunning(slot);
      schedule(slot, tokens, need, table, false);
      budget -= tokens;
    }
    if (batchCount == 0) {
      return -1;
    }
    double seconds = iterationSeconds(table);
    if (!(seconds > 0)) {
      throw new IllegalStateException(
          "cost model returned a non-positive iteration time "
              + seconds
              + " s for "
              + group.label());
    }
    busy = true;
    busyTime += seconds;
    iterations++;
    return seconds;
  }

  /** Applies the finished iteration: progress, sampled tokens, completions and hand-offs. */
  void complete(RequestTable table, double now, Listener listener) {
    touch(now);
    busy = false;
    for (int k = 0; k < batchCount; k++) {
      int slot = batchSlots[k];
      table.computed[slot] += batchTokens[k];
      if (table.computed[slot] < table.target(slot)) {
        continue; // a prefill chunk that is not the prompt's last
      }
      int sampled =
          batchDecode[k]
              ? Math.min(sampledTokens(), table.output[slot] - table.generated[slot])
              : 1;
      // Accepted draft tokens are already in the KV cache; the context grows with them.
      table.computed[slot] += sampled - 1;
      table.generated[slot] += sampled;
      if (table.generated[slot] == 1 && Double.isNaN(table.firstToken[slot])) {
        table.firstToken[slot] = now;
      }
      if (table.generated[slot] >= table.output[slot]) {
        pool.free += table.blocks[slot];
        table.blocks[slot] = 0;
        table.instance[slot] = -1;
        listener.finished(slot, now);
      } else if (role == GroupRole.PREFILL) {
        // The KV stays here until the transfer ends (the listener releases it then).
        table.sourceInstance[slot] = index;
        table.sourceBlocks[slot] = table.blocks[slot];
        table.blocks[slot] = 0;
        table.instance[slot] = -1;
        listener.handedOff(slot, this, now);
      }
    }
    int kept = 0;
    for (int i = 0; i < runningCount; i++) {
      int slot = running[i];
      if (table.instance[slot] == index) {
        running[kept++] = slot;
      }
    }
    runningCount = kept;
  }

  private boolean isDecode(RequestTable table, int slot) {
    return table.generated[slot] > 0 && table.target(slot) - table.computed[slot] == 1;
  }

  /** The most recently admitted running request not already in this step's batch. */
  private int pickVictim(RequestTable table, int requester) {
    for (int i = runningCount - 1; i >= 0; i--) {
      int slot = running[i];
      if (slot != requester && table.scheduledStep[slot] != step) {
        return slot;
      }
    }
    return requester;
  }

  private void preempt(int slot, RequestTable table) {
    pool.free += table.blocks[slot];
    table.blocks[slot] = 0;
    table.computed[slot] = table.cachedPrefix[slot];
    int at = indexOf(slot);
    System.arraycopy(running, at + 1, running, at, runningCount - at - 1);
    runningCount--;
    // A partitioned decode stream's victim is prefilled again by its sibling.
    Instance requeue = sibling != null && role == GroupRole.DECODE ? sibling : this;
    table.instance[slot] = requeue.index;
    requeue.waiting.addFirst(slot);
    maxQueue = Math.max(maxQueue, requeue.waiting.size());
    preemptions++;
  }

  private int indexOf(int slot) {
    for (int i = 0; i < runningCount; i++) {
      if (running[i] == slot) {
        return i;
      }
    }
    return -1;
  }

  private void addRunning(int slot) {
    if (runningCount == running.length) {
      running = Arrays.copyOf(running, runningCount * 2);
    }
    running[runningCount++] = slot;
  }

  private void schedule(int slot, int tokens, long newBlocks, RequestTable table, boolean decode) {
    if (batchCount == batchSlots.length) {
      batchSlots = Arrays.copyOf(batchSlots, batchCount * 2);
      batchTokens = Arrays.copyOf(batchTokens, batchCount * 2);
      batchDecode = Arrays.copyOf(batchDecode, batchCount * 2);
    }
    batchDecode[batchCount] = decode;
    pool.free -= newBlocks;
    table.blocks[slot] += (int) newBlocks;
    table.scheduledStep[slot] = step;
    batchSlots[batchCount] = slot;
    batchTokens[batchCount] = tokens;
    batchCount++;
  }

  /**
   * The instance model's time for the batch just formed (with the adapters its requests name);
   * pure-decode batches of a plain instance go through the decode table.
   */
  private double iterationSeconds(RequestTable table) {
    int decodes = 0;
    long context = 0;
    List<PrefillChunk> chunks = null;
    for (int k = 0; k < batchCount; k++) {
      int slot = batchSlots[k];
      if (isDecode(table, slot)) {
        decodes++;
        context += kept(table.computed[slot] + 1L);
      } else {
        if (chunks == null) {
          chunks = new ArrayList<>(4);
        }
        chunks.add(new PrefillChunk(batchTokens[k], kept(table.computed[slot])));
      }
    }
    BatchShape shape = new BatchShape(chunks == null ? List.of() : chunks, decodes, context);
    if (partition.isPresent()) {
      return partitionedSeconds(shape);
    }
    if (chunks == null && model.plainIterations()) {
      return decodeCosts.seconds(decodes, context);
    }
    return model.seconds(new Batch(shape, Optional.of(adapters(table))));
  }

  /**
   * The adapters the batch's requests name: their tokens and how many distinct adapters (for the
   * batched adapter kernels a term may charge).
   */
  private Batch.AdapterMix adapters(RequestTable table) {
    double tokens = 0;
    int distinct = 0;
    long stamp = step + 1; // 0 marks "never seen"
    for (int k = 0; k < batchCount; k++) {
      int a = table.adapter[batchSlots[k]];
      if (a < 0) {
        continue;
      }
      if (a >= adapterSeen.length) {
        adapterSeen = Arrays.copyOf(adapterSeen, Math.max(a + 1, adapterSeen.length * 2));
      }
      tokens += batchTokens[k];
      if (adapterSeen[a] != stamp) {
        adapterSeen[a] = stamp;
        distinct++;
      }
    }
    return new Batch.AdapterMix(tokens, distinct);
  }

  /**
   * A partitioned stream's iteration: on its SM share, contending with the batch its sibling has in
   * flight, when the sibling is busy; on the whole GPU when it is idle (SGLang's PD multiplexing
   * gives every SM to the one phase that has work). The speed is fixed when the iteration starts.
   */
  private double partitionedSeconds(BatchShape shape) {
    SmPartition p = partition.get();
    inFlight = shape;
    inFlightPhase = null;
    if (sibling == null || !sibling.busy) {
      return shape.prefills().isEmpty()
          ? decodeCosts.seconds(shape.decodeSequences(), shape.decodeContextTokens())
          : costModel.seconds(config, shape);
    }
    // SmPartition.prefillSeconds / decodeSeconds, with each stream's phase computed once per batch
    // and kept while the batch runs: the other stream's batch spans several of this one's.
    inFlightPhase = SmPartition.freshPhase(costModel, config, shape, share(p));
    if (sibling.inFlight.isEmpty()) {
      return inFlightPhase.alone();
    }
    if (sibling.inFlightPhase == null) {
      sibling.inFlightPhase =
          SmPartition.freshPhase(costModel, config, sibling.inFlight, sibling.share(p));
    }
    return SmPartition.concurrent(costModel, config, shape, inFlightPhase, sibling.inFlightPhase);
  }

  /** This stream's share of the SMs. */
  private double share(SmPartition p) {
    return role == GroupRole.PREFILL ? p.prefillShare() : p.decodeShare();
  }
}
