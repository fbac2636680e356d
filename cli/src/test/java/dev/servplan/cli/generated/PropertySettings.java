package dev.servplan.cli.generated;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Tries and seed of the generated-spec property from system properties, so the normal build runs a
 * few dozen specs and {@code -Pproperties} (or {@code -Dproperties.tries=N}) runs more: {@code
 * properties.tries} (default {@link #DEFAULT_TRIES}) and {@code properties.seed} (default {@link
 * #DEFAULT_SEED}, so every build checks the same specs; {@code random} for a fresh seed).
 */
public class PropertySettings implements AroundPropertyHook {
  /**
   * Specs per normal build: each costs a compile (0.3-0.5 s on average on two cores, a few seconds
   * at most) and a 10,000-request simulation per deployment (about 1 s on average, up to 6 s), so
   * the 50 specs of the default seed take 60-90 s when every try runs.
   */
  static final int DEFAULT_TRIES = 50;

  static final String DEFAULT_SEED = "20260101";

  static int tries() {
    return Integer.getInteger("properties.tries", DEFAULT_TRIES);
  }

  static String seed() {
    return System.getProperty("properties.seed", DEFAULT_SEED);
  }

  static boolean report() {
    return Boolean.getBoolean("properties.report");
  }

  @Override
  public PropertyExecutionResult aroundProperty(
      PropertyLifecycleContext context, PropertyExecutor property) {
    context.attributes().setTries(tries());
    if (!"random".equals(seed())) {
      context.attributes().setSeed(seed());
    }
    return property.execute();
  }
}
