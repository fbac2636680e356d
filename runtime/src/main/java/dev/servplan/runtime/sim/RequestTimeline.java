package dev.servplan.runtime.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The first {@link Simulator#TIMELINE_SAMPLE} requests of one deployment, in arrival order, with
 * when each arrived, produced its first token and finished, and on which instances. A first-N
 * sample (not every request) keeps a long simulation's memory flat; times are simulated seconds.
 *
 * @param instances the deployment's instance names ({@code unified 0}, {@code prefill 1}, ...),
 *     indexed by {@link Request#entryInstance} and {@link Request#instance}
 */
public record RequestTimeline(List<String> instances, List<Request> requests) {
  public static final RequestTimeline EMPTY = new RequestTimeline(List.of(), List.of());

  public RequestTimeline {
    instances = List.copyOf(instances);
    requests = List.copyOf(requests);
  }

  /**
   * One sampled request.
   *
   * @param sequence its arrival order in the deployment, from 0
   * @param firstTokenS NaN when it was rejected before producing one
   * @param handoffS when its KV reached the decode instance; NaN for a unified deployment
   * @param finishS when it finished, or when it was rejected
   * @param entryInstance the instance it was routed to on arrival (the prefill one when
   *     disaggregated), or -1 when it was rejected on arrival
   * @param instance the instance that finished it (the decode one when disaggregated), or -1 when
   *     rejected
   * @param rejected whether the engine could never hold it (see {@link DeploymentResult#rejected})
   */
  public record Request(
      long sequence,
      double arrivalS,
      double firstTokenS,
      double handoffS,
      double finishS,
      int inputTokens,
      int outputTokens,
      int entryInstance,
      int instance,
      boolean rejected) {}

  /**
   * Collects the sample during a run: fixed arrays of the sample size, filled in as requests
   * progress.
   */
  static final class Recorder {
    private final List<String> names;
    private final int limit;
    private final double[] arrival;
    private final double[] firstToken;
    private final double[] handoff;
    private final double[] finish;
    private final int[] input;
    private final int[] output;
    private final int[] entry;
    private final int[] instance;
    private final boolean[] rejected;
    private int count;

    Recorder(List<String> names, int limit) {
      this.names = Objects.requireNonNull(names, "names");
      this.limit = limit;
      arrival = new double[limit];
      firstToken = new double[limit];
      handoff = new double[limit];
      finish = new double[limit];
      input = new int[limit];
      output = new int[limit];
      entry = new int[limit];
      instance = new int[limit];
      rejected = new boolean[limit];
    }

    /** The sample index of a new arrival, or -1 once the sample is full. */
    int arrive(double now, int inputTokens, int outputTokens) {
      if (count >= limit) {
        return -1;
      }
      int i = count++;
      arrival[i] = now;
      firstToken[i] = Double.NaN;
      handoff[i] = Double.NaN;
      finish[i] = Double.NaN;
      input[i] = inputTokens;
      output[i] = outputTokens;
      entry[i] = -1;
      instance[i] = -1;
      return i;
    }

    void admitted(int i, int localInstance) {
      if (entry[i] < 0) {
        entry[i] = localInstance;
      }
      instance[i] = localInstance;
    }

    void handedOff(int i, double now) {
      handoff[i] = now;
    }

    void finished(int i, double firstTokenS, double now) {
      firstToken[i] = firstTokenS;
      finish[i] = now;
    }

    void rejected(int i, double firstTokenS, double now) {
      firstToken[i] = firstTokenS;
      finish[i] = now;
      instance[i] = -1;
      rejected[i] = true;
    }

    RequestTimeline result() {
      List<Request> requests = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        requests.add(
            new Request(
                i,
                arrival[i],
                firstToken[i],
                handoff[i],
                finish[i],
                input[i],
                output[i],
                entry[i],
                instance[i],
                rejected[i]));
      }
      return new RequestTimeline(names, requests);
    }
  }
}
