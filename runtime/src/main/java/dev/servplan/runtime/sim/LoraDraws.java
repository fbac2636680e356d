package dev.servplan.runtime.sim;

import dev.servplan.hwdb.technique.lora.LoraServing;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Draws the LoRA adapter each arriving request names, by the adapters' shares, from a random stream
 * of its own per deployment (seeded from the run's seed and the deployment's place), so that
 * declaring adapters leaves the arrival and length draws of every deployment unchanged.
 */
final class LoraDraws {
  /** Mixed into the seed so the adapter stream differs from every other stream of the run. */
  private static final long SALT = 0x4C6F5241L; // "LoRA"

  private final LoraServing[] lora;
  private final SplittableRandom[] rng;

  LoraDraws(List<SimDeployment> deployments, long seed) {
    int n = deployments.size();
    lora = new LoraServing[n];
    rng = new SplittableRandom[n];
    for (int d = 0; d < n; d++) {
      Optional<LoraServing> l =
          deployments.get(d).groups().stream()
              .map(g -> g.instance().term(LoraServing.class))
              .flatMap(Optional::stream)
              .findFirst();
      if (l.isPresent()) {
        lora[d] = l.get();
        rng[d] = new SplittableRandom(seed ^ (SALT * (d + 1)));
      }
    }
  }

  /** The adapter of deployment d's next request, or -1 for the base model. */
  int draw(int d) {
    return lora[d] == null ? -1 : lora[d].adapterFor(rng[d].nextDouble());
  }
}
