package dev.servplan.hwdb.catalog;

import dev.servplan.hwdb.unit.Bytes;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A host tier: the server around the GPUs (typical DGX/HGX figures), for KV offload and weight
 * loading. {@link #gpus()} lists the GPU ids this tier is the default host for; the tier with id
 * {@code default} serves any other GPU.
 *
 * @param hostMemory host DRAM per node
 * @param hostMemoryBandwidthBytesPerS aggregate host DRAM bandwidth per node in bytes/s
 * @param nvme local NVMe capacity per node
 * @param nvmeBandwidthBytesPerS aggregate sequential NVMe read bandwidth per node in bytes/s
 * @param hostLink id of the CPU-to-GPU link (a {@link LinkSpec} id such as {@code pcie5})
 * @param networkLink id of the per-GPU scale-out NIC (a {@link LinkSpec} id such as {@code
 *     ib-400g})
 * @param sources where each figure comes from, by field name
 */
public record NodeSpec(
    String id,
    String displayName,
    List<String> aliases,
    List<String> gpus,
    int gpusPerNode,
    Bytes hostMemory,
    double hostMemoryBandwidthBytesPerS,
    Bytes nvme,
    double nvmeBandwidthBytesPerS,
    String hostLink,
    String networkLink,
    Map<String, String> sources) {
  public NodeSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(displayName, "displayName");
    aliases = List.copyOf(aliases);
    gpus = List.copyOf(gpus);
    Objects.requireNonNull(hostMemory, "hostMemory");
    Objects.requireNonNull(nvme, "nvme");
    Objects.requireNonNull(hostLink, "hostLink");
    Objects.requireNonNull(networkLink, "networkLink");
    sources = Collections.unmodifiableMap(new TreeMap<>(sources));
  }

  /** Where a figure comes from, by field name ({@code host_memory}, {@code nvme_bandwidth}). */
  public Optional<String> source(String field) {
    return Optional.ofNullable(sources.get(field));
  }
}
