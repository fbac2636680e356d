package dev.servplan.runtime.sim;

import dev.servplan.hwdb.instance.InstanceTerm;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Draws the label each arriving request carries (the adapter it names) for deployments whose
 * instances have a term that labels requests ({@link InstanceTerm#labelsRequests}), from a random
 * stream of its own per deployment (seeded from the run's seed and the deployment's place), so that
 * labelling leaves the arrival and length draws of every deployment unchanged.
 */
final class RequestLabels {
  /** Mixed into the seed so the label stream differs from every other stream of the run. */
  private static final long SALT = 0x4C6F5241L;

  private final InstanceTerm[] labeller;
  private final SplittableRandom[] rng;

  /** For one deployment of a run, at {@code place} in the plan's list (index 0 here). */
  RequestLabels(SimDeployment deployment, int place, long seed) {
    labeller = new InstanceTerm[1];
    rng = new SplittableRandom[1];
    Optional<InstanceTerm> l =
        deployment.groups().stream()
            .flatMap(g -> g.instance().terms().stream())
            .filter(InstanceTerm::labelsRequests)
            .findFirst();
    if (l.isPresent()) {
      labeller[0] = l.get();
      rng[0] = new SplittableRandom(seed ^ (SALT * (place + 1)));
    }
  }

  /** The label of deployment d's next request, or -1 (the base model). */
  int draw(int d) {
    return labeller[d] == null ? -1 : labeller[d].labelFor(rng[d].nextDouble());
  }
}
