package dev.servplan.compiler.ir;

import dev.servplan.compiler.source.Span;
import java.util.Objects;

/** The arrival process of requests. */
public sealed interface Arrival permits Arrival.Poisson, Arrival.Gamma, Arrival.Trace {
  /** Tag to switch on (Java 17 has no pattern-matching switch). */
  enum Kind {
    POISSON,
    GAMMA,
    TRACE
  }

  Kind kind();

  Span span();

  /** Exponential inter-arrival times. */
  record Poisson(Span span) implements Arrival {
    public Poisson {
      Objects.requireNonNull(span, "span");
    }

    @Override
    public Kind kind() {
      return Kind.POISSON;
    }
  }

  /** Gamma inter-arrival times with a coefficient of variation ({@code cv > 1} is bursty). */
  record Gamma(Val<Double> cv, Span span) implements Arrival {
    public Gamma {
      Objects.requireNonNull(cv, "cv");
      Objects.requireNonNull(span, "span");
    }

    @Override
    public Kind kind() {
      return Kind.GAMMA;
    }
  }

  /** Arrivals replayed from a trace file, relative to the spec file. */
  record Trace(Val<String> path, Span span) implements Arrival {
    public Trace {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(span, "span");
    }

    @Override
    public Kind kind() {
      return Kind.TRACE;
    }
  }
}
