package dev.servplan.lsp.service;

import dev.servplan.compiler.lower.SpecSchema;
import dev.servplan.compiler.source.Syntax;
import java.util.ArrayList;
import java.util.List;

/** The kinds of map a spec has, and the keys valid in each, in either syntax. */
public enum SchemaContext {
  TOP,
  MODELS,
  MODEL,
  INVENTORY,
  /** The list {@code inventory.pools}; its items are {@link #POOL}. */
  POOLS,
  POOL,
  /** The list {@code deployments}; its items are {@link #DEPLOYMENT}. */
  DEPLOYMENTS,
  DEPLOYMENT,
  PRECISION,
  WORKLOAD,
  ARRIVAL,
  GAMMA,
  DIST,
  PREFIX,
  SLO,
  SLO_METRIC,
  OPTIONS,
  UNKNOWN;

  /** The context of the map reached by a key path in the YAML shape ({@code *} for list items). */
  public static SchemaContext of(List<String> keys) {
    SchemaContext context = TOP;
    for (String key : keys) {
      context = context.child(key);
      if (context == UNKNOWN) {
        return UNKNOWN;
      }
    }
    return context;
  }

  /** The context one key (or list item) below this one. */
  public SchemaContext child(String key) {
    switch (this) {
      case TOP:
        switch (key) {
          case "models":
            return MODELS;
          case "inventory":
            return INVENTORY;
          case "deployments":
            return DEPLOYMENTS;
          case "options":
            return OPTIONS;
          default:
            return UNKNOWN;
        }
      case MODELS:
        return MODEL;
      case INVENTORY:
        return key.equals("pools") ? POOLS : UNKNOWN;
      case POOLS:
        return key.equals("*") ? POOL : UNKNOWN;
      case DEPLOYMENTS:
        return key.equals("*") ? DEPLOYMENT : UNKNOWN;
      case DEPLOYMENT:
        switch (key) {
          case "precision":
            return PRECISION;
          case "workload":
            return WORKLOAD;
          case "slo":
            return SLO;
          default:
            return UNKNOWN;
        }
      case WORKLOAD:
        switch (key) {
          case "arrival":
            return ARRIVAL;
          case "input_tokens":
          case "output_tokens":
            return DIST;
          case "prefix":
            return PREFIX;
          default:
            return UNKNOWN;
        }
      case ARRIVAL:
        return key.equals("gamma") ? GAMMA : UNKNOWN;
      case SLO:
        return key.equals("attainment") ? UNKNOWN : SLO_METRIC;
      default:
        return UNKNOWN;
    }
  }

  /** Keys valid in this map, spelled for the syntax (DSL sugar words where the DSL has them). */
  public List<String> keys(Syntax syntax) {
    boolean dsl = syntax == Syntax.DSL;
    switch (this) {
      case TOP:
        return dsl
            ? List.of("spec", "model", "pool", "deployment", "objective", "options", "apiVersion")
            : SpecSchema.TOP_KEYS;
      case INVENTORY:
        return SpecSchema.INVENTORY_KEYS;
      case MODEL:
        return SpecSchema.MODEL_KEYS;
      case POOL:
        return dsl ? without(SpecSchema.POOL_KEYS, "name") : SpecSchema.POOL_KEYS;
      case DEPLOYMENT:
        return dsl ? without(SpecSchema.DEPLOYMENT_KEYS, "name") : SpecSchema.DEPLOYMENT_KEYS;
      case PRECISION:
        return SpecSchema.PRECISION_KEYS;
      case WORKLOAD:
        if (dsl) {
          List<String> keys = new ArrayList<>();
          for (String key : SpecSchema.WORKLOAD_KEYS) {
            keys.add(
                key.endsWith("_tokens")
                    ? key.substring(0, key.length() - "_tokens".length())
                    : key);
          }
          return keys;
        }
        return SpecSchema.WORKLOAD_KEYS;
      case ARRIVAL:
        return SpecSchema.ARRIVAL_KEYS;
      case GAMMA:
        return SpecSchema.GAMMA_KEYS;
      case DIST:
        return SpecSchema.DIST_KEYS;
      case PREFIX:
        return SpecSchema.PREFIX_KEYS;
      case SLO:
        return SpecSchema.SLO_KEYS;
      case SLO_METRIC:
        return SpecSchema.PERCENTILES;
      case OPTIONS:
        return SpecSchema.OPTION_KEYS;
      default:
        return List.of();
    }
  }

  private static List<String> without(List<String> keys, String dropped) {
    return keys.stream().filter(k -> !k.equals(dropped)).toList();
  }
}
