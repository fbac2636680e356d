package dev.servplan.hwdb.catalog;

import java.util.List;
import java.util.Objects;

/**
 * An interconnect: {@code nvlink4}, {@code pcie5}, {@code ib-400g}. Bandwidth is per GPU per
 * direction in bytes/s; latency is the one-way small-message latency in seconds (the α of an α-β
 * model).
 */
public record LinkSpec(
    String id,
    List<String> aliases,
    LinkKind kind,
    boolean intraNode,
    double bandwidthBytesPerS,
    double latencyS,
    String source) {
  public LinkSpec {
    Objects.requireNonNull(id, "id");
    aliases = List.copyOf(aliases);
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(source, "source");
  }
}
