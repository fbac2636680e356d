package dev.servplan.solver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.plan.Group;
import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.Role;
import dev.servplan.compiler.plan.SpecRef;
import dev.servplan.compiler.technique.prefixcaching.PrefixCaching;
import dev.servplan.hwdb.unit.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The solver enables prefix caching where the workload's shared prefix makes it pay, and only
 * there.
 */
class PrefixCachingTest {
  static final Path EXAMPLE = Path.of("..", "examples", "prefix-heavy.yaml");

  static Plan solve(String yaml) {
    SolveResult r =
        DefaultSolver.analytical()
            .solve(
                Specs.valid(yaml),
                SpecRef.of("x", yaml),
                new SolverConfig(Duration.ofSeconds(10), 0, 1, SolverConfig.Search.ILP));
    assertThat(r).as("%s", r).isInstanceOf(SolveResult.Solved.class);
    return ((SolveResult.Solved) r).plan();
  }

  static String withOption(String yaml, String value) {
    return yaml.replace("prefix_caching: auto", "prefix_caching: " + value);
  }

  static boolean anyCaching(Plan plan) {
    return plan.deployments().stream()
        .flatMap(d -> d.groups().stream())
        .anyMatch(PrefixCaching::on);
  }

  @Test
  void prefixHeavyExamplePicksCachingAndItLowersCost() throws Exception {
    String yaml = Files.readString(EXAMPLE);
    Plan auto = solve(yaml);
    Plan never = solve(withOption(yaml, "never"));
    assertThat(anyCaching(auto)).isTrue();
    assertThat(anyCaching(never)).isFalse();
    assertThat(auto.costPerHour().dollarsPerHour())
        .isLessThan(never.costPerHour().dollarsPerHour());
  }

  @Test
  void alwaysPutsCachingOnEveryPrefillingGroup() throws Exception {
    Plan always = solve(withOption(Files.readString(EXAMPLE), "always"));
    for (var d : always.deployments()) {
      for (Group g : d.groups()) {
        assertThat(PrefixCaching.on(g)).as("%s", g).isEqualTo(g.role() != Role.DECODE);
      }
    }
  }

  @Test
  void withoutHitsCachingDoesNotMatter() throws Exception {
    // The same prompts, but the shared prefix is almost never found: caching saves a few tokens per
    // request and reserves a little KV cache, so it cannot change what the plan costs.
    String yaml = Files.readString(EXAMPLE).replace("hit_rate: 95%", "hit_rate: 0.1%");
    assertThat(solve(yaml).costPerHour().dollarsPerHour())
        .isEqualTo(solve(withOption(yaml, "never")).costPerHour().dollarsPerHour());
  }

  @Test
  void withoutAPrefixCachingIsNotPicked() throws Exception {
    String yaml =
        Files.readString(EXAMPLE)
            .replace("      prefix: {shared_tokens: 6000, hit_rate: 95%}\n", "");
    assertThat(yaml).doesNotContain("prefix:");
    assertThat(anyCaching(solve(yaml))).isFalse();
  }

  @Test
  void cachingSavesPrefillOnlyWhenOnAndReservesThePrefix() throws Exception {
    var ir = Specs.valid(Files.readString(EXAMPLE));
    Demand on = new Demand(ir.deployments().get(0), true);
    Demand off = new Demand(ir.deployments().get(0), false);
    assertThat(on.prefillTokens()).isLessThan(off.prefillTokens() * 0.5);
    assertThat(off.prefillTokens()).isEqualTo(off.input.mean());
    assertThat(on.reservedPrefixTokens()).isEqualTo(6000);
    assertThat(off.reservedPrefixTokens()).isZero();
  }
}
