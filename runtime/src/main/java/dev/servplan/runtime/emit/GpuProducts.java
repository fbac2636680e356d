package dev.servplan.runtime.emit;

import dev.servplan.hwdb.catalog.Catalogs;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Kubernetes node labels and device-plugin resources per catalog GPU. NVIDIA GPU Feature Discovery
 * labels a node {@code nvidia.com/gpu.product} with the NVML device name, spaces replaced by '-'
 * (github.com/NVIDIA/k8s-device-plugin, docs/gpu-feature-discovery/README.md,
 * "nvidia.com/gpu.product"); the names below are those NVML reports for each board (nvidia-smi
 * --query-gpu=name).
 */
public final class GpuProducts {
  /** The NVIDIA device plugin's extended resource. */
  public static final String NVIDIA_RESOURCE = "nvidia.com/gpu";

  /** The AMD GPU device plugin's extended resource (github.com/ROCm/k8s-device-plugin). */
  public static final String AMD_RESOURCE = "amd.com/gpu";

  public static final String PRODUCT_LABEL = "nvidia.com/gpu.product";

  private static final Map<String, String> PRODUCTS =
      new TreeMap<>(
          Map.ofEntries(
              Map.entry("a100-sxm-40gb", "NVIDIA-A100-SXM4-40GB"),
              Map.entry("a100-sxm-80gb", "NVIDIA-A100-SXM4-80GB"),
              Map.entry("h100-sxm-80gb", "NVIDIA-H100-80GB-HBM3"),
              Map.entry("h100-pcie-80gb", "NVIDIA-H100-PCIe"),
              Map.entry("h200-sxm-141gb", "NVIDIA-H200"),
              Map.entry("b200-sxm-180gb", "NVIDIA-B200"),
              Map.entry("l40s-48gb", "NVIDIA-L40S"),
              Map.entry("l4-24gb", "NVIDIA-L4"),
              Map.entry("a10g-24gb", "NVIDIA-A10G"),
              Map.entry("rtx4090-24gb", "NVIDIA-GeForce-RTX-4090")));

  private GpuProducts() {}

  /**
   * The {@code nvidia.com/gpu.product} value for a catalog GPU, when it is an NVIDIA board we know.
   */
  public static Optional<String> productLabel(String gpuId) {
    return Optional.ofNullable(PRODUCTS.get(gpuId));
  }

  public static String resource(String gpuId) {
    boolean amd =
        Catalogs.gpus()
            .find(gpuId)
            .map(g -> g.vendor().toLowerCase(Locale.ROOT).contains("amd"))
            .orElse(false);
    return amd ? AMD_RESOURCE : NVIDIA_RESOURCE;
  }
}
