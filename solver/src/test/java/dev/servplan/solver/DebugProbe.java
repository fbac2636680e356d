package dev.servplan.solver;

import dev.servplan.compiler.ir.Options;
import org.junit.jupiter.api.Test;

class DebugProbe {
  @Test
  void probe() {
    if (System.getProperty("show") == null) {
      return;
    }
    var ir = Specs.valid(Specs.single("h100-sxm-80gb", 16, "llama-3.1-8b", 12,
        "      ttft: {p99: 500ms}\n      tpot: {p99: 40ms}\n      attainment: 99%\n", ""));
    Demand dm = new Demand(ir.deployments().get(0));
    var e = new CandidateEnumerator(dev.servplan.hwdb.cost.AnalyticalCostModel.calibrated());
    long t0 = System.nanoTime();
    var rep = e.enumerate(0, ir.deployments().get(0), dm, ir.spec().options(), false);
    System.out.println("enumerate ms " + (System.nanoTime() - t0) / 1e6 + " candidates " + rep.candidates.size());
    for (Candidate c : CandidateEnumerator.prune(rep.candidates)) {
      var m = c.model();
      var over = m.at(c.capacity() * 1.02);
      var at = m.at(c.capacity());
      System.out.printf("%s cap=%.3f why=%s ttft=%.3f tpot=%.4f rho=%.3f b=%.1f%n", c.key(), c.capacity(), over.unstable(),
          m.latency(over, dev.servplan.compiler.ir.Slo.Metric.TTFT, 0.99), m.latency(over, dev.servplan.compiler.ir.Slo.Metric.TPOT, 0.99), over.rho(), at.batch());
    }
  }
}
