package dev.servplan.hwdb.instance;

import dev.servplan.hwdb.cost.BatchShape;
import java.util.Objects;
import java.util.Optional;

/**
 * One iteration's work: its shape, and what is known of the requests beyond it. The simulator
 * counts the adapters of the requests it batches ({@code adapters}); the solver's queueing model
 * leaves it empty and the terms use their expectation.
 */
public record Batch(BatchShape shape, Optional<AdapterMix> adapters) {
  public Batch {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(adapters, "adapters");
  }

  /** A batch of which only the shape is known. */
  public static Batch of(BatchShape shape) {
    return new Batch(shape, Optional.empty());
  }

  /** This batch with another shape (a term that rewrites the shape for the terms after it). */
  public Batch withShape(BatchShape newShape) {
    return new Batch(newShape, adapters);
  }

  /** The requests of a batch that name an adapter: their tokens and how many adapters they name. */
  public record AdapterMix(double tokens, double distinct) {}
}
