package dev.servplan.cli.generated;

import java.util.List;

/**
 * One generated spec: its YAML text and a one-line summary of its pools and deployments for tables.
 * Prints as the YAML, so a failing sample in jqwik's report is the spec itself.
 */
record GeneratedSpec(String yaml, String pools, List<String> deployments) {
  GeneratedSpec {
    deployments = List.copyOf(deployments);
  }

  @Override
  public String toString() {
    return "\n" + yaml;
  }
}
