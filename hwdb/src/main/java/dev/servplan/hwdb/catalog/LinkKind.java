package dev.servplan.hwdb.catalog;

/** Families of interconnect. */
public enum LinkKind {
  NVLINK,
  PCIE,
  INFINITY_FABRIC,
  INFINIBAND,
  ROCE,
  ETHERNET
}
