package dev.servplan.compiler.validate;

import dev.servplan.compiler.ir.Pool;
import dev.servplan.hwdb.catalog.GpuSpec;
import dev.servplan.hwdb.catalog.LinkSpec;
import dev.servplan.hwdb.unit.HourlyPrice;
import java.util.Objects;
import java.util.Optional;

/** A pool with its GPU, links, price and node size resolved (defaults from the catalog applied). */
public record ResolvedPool(
    Pool pool,
    GpuSpec gpu,
    LinkSpec intraNodeLink,
    Optional<LinkSpec> network,
    HourlyPrice pricePerGpuHour,
    int gpusPerNode) {
  public ResolvedPool {
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(gpu, "gpu");
    Objects.requireNonNull(intraNodeLink, "intraNodeLink");
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(pricePerGpuHour, "pricePerGpuHour");
  }

  public String name() {
    return pool.name().value();
  }

  public int count() {
    return pool.count().value();
  }
}
