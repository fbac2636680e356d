package dev.servplan.runtime.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servplan.compiler.plan.Plan;
import dev.servplan.compiler.plan.Role;
import dev.servplan.runtime.sim.DeploymentResult;
import dev.servplan.runtime.sim.PlanSimulation;
import dev.servplan.runtime.sim.SimOptions;
import dev.servplan.runtime.sim.SimReport;
import dev.servplan.runtime.sim.Simulator;
import dev.servplan.runtime.verify.PlanFixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The simulation section: CDF and timeline SVGs with the right series, stable for a seed, fetching
 * nothing.
 */
class SimulationReportTest {
  private static SimReport simulate(Plan plan, long requests, long seed) {
    var deployments =
        PlanSimulation.deployments(
            plan, PlanFixtures.spec(), Path.of("."), PlanFixtures.COST, Optional.empty());
    return new Simulator(PlanFixtures.COST)
        .run(deployments, SimOptions.defaults().withRequests(requests).withSeed(seed));
  }

  private static String render(Plan plan, long requests, long seed) {
    return HtmlReport.render(
        plan, Optional.of("chat.yaml"), Optional.of(simulate(plan, requests, seed)));
  }

  @Test
  void oneCdfWithThreeSeriesAndOneTimelinePerDeployment() {
    String html = render(PlanFixtures.valid(), 600, 42);
    assertThat(count(html, "<svg class=\"chart cdf\"")).isEqualTo(1);
    assertThat(count(html, "<svg class=\"chart timeline\"")).isEqualTo(1);
    assertThat(count(html, "<path class=\"series ")).isEqualTo(3);
    for (String metric : List.of("ttft", "tpot", "e2e")) {
      assertThat(count(html, "<path class=\"series " + metric + "\"")).isEqualTo(1);
      // p50 and p99 on every curve.
      assertThat(count(html, "<circle class=\"pct " + metric + "\"")).isEqualTo(2);
    }
    // The fixture spec has a TTFT and a TPOT target: one vertical SLO line each.
    assertThat(count(html, "<line class=\"slo ")).isEqualTo(2);
    assertThat(html)
        .contains("<line class=\"slo ttft\"", "<line class=\"slo tpot\"", "SLO TTFT p99 ≤ 500 ms");
    // The first 200 of 600 requests, each a bar with its first token marked, on one of two
    // instances.
    assertThat(count(html, "<g class=\"request\">")).isEqualTo(Simulator.TIMELINE_SAMPLE);
    assertThat(count(html, "<line class=\"first-token\"")).isEqualTo(Simulator.TIMELINE_SAMPLE);
    assertThat(count(html, "<rect class=\"c0\" x=")).isPositive();
    assertThat(count(html, "<rect class=\"c1\" x=")).isPositive();
    assertThat(count(html, "<rect class=\"c2\"")).isZero();
    assertThat(html).contains(">unified 0</text>", ">unified 1</text>");
  }

  @Test
  void timelineHoldsEveryRequestWhenFewerThanTheSample() {
    String html = render(PlanFixtures.valid(), 37, 42);
    assertThat(count(html, "<g class=\"request\">")).isEqualTo(37);
    assertThat(html).contains("the first 37 requests");
  }

  @Test
  void timelineBarsStayInsideTheChart() {
    String html = render(PlanFixtures.valid(), 300, 3);
    String timeline = html.substring(html.indexOf("<svg class=\"chart timeline\""));
    timeline = timeline.substring(0, timeline.indexOf("</svg>"));
    Matcher m =
        Pattern.compile("<rect class=\"c\\d\" x=\"([0-9.]+)\" y=\"[0-9.]+\" width=\"([0-9.]+)\"")
            .matcher(timeline);
    int bars = 0;
    while (m.find()) {
      double x = Double.parseDouble(m.group(1));
      double w = Double.parseDouble(m.group(2));
      if (w == 10) {
        continue; // a legend swatch
      }
      assertThat(x).isGreaterThanOrEqualTo(59.9);
      assertThat(x + w).isLessThanOrEqualTo(HtmlReport.WIDTH - 19.9);
      bars++;
    }
    assertThat(bars).isGreaterThanOrEqualTo(Simulator.TIMELINE_SAMPLE);
  }

  @Test
  void disaggregatedBarsChangeColourAtTheHandOff() {
    Plan plan =
        PlanFixtures.plan(
            List.of(
                PlanFixtures.h100Group(Role.PREFILL, 1, 1, 0),
                PlanFixtures.h100Group(Role.DECODE, 2, 1, 1)));
    String html = render(plan, 50, 42);
    assertThat(html).contains(">prefill 0</text>", ">decode 0</text>", ">decode 1</text>");
    // Prefill instance is colour 0; every request also has a decode segment in colour 1 or 2.
    int prefill = count(html, "<rect class=\"c0\" x=") - 1;
    int decode = count(html, "<rect class=\"c1\" x=") + count(html, "<rect class=\"c2\" x=") - 2;
    assertThat(prefill).isEqualTo(50);
    assertThat(decode).isEqualTo(50);
    assertThat(html).contains(", decoded on decode ");
  }

  @Test
  void sameSeedSameBytesAnotherSeedDiffers() {
    String a = render(PlanFixtures.valid(), 400, 7);
    String b = render(PlanFixtures.valid(), 400, 7);
    String c = render(PlanFixtures.valid(), 400, 8);
    assertThat(a).isEqualTo(b);
    assertThat(c).isNotEqualTo(a);
    assertThat(a).contains("seed 7");
  }

  @Test
  void fetchesNothing() {
    String html = render(PlanFixtures.valid(), 300, 42);
    assertThat(html)
        .doesNotContainPattern("(?i)https?://")
        .doesNotContain("src=")
        .doesNotContain("@import")
        .doesNotContainPattern("(?i)url\\(")
        .doesNotContain("<link")
        .doesNotContain("xlink:href");
  }

  @Test
  void escapesTheDeploymentName() {
    SimReport sim = simulate(PlanFixtures.valid(), 100, 42);
    DeploymentResult r = sim.deployments().get(0);
    DeploymentResult odd =
        new DeploymentResult(
            "<b>\"x\"&",
            r.requests(),
            r.rejected(),
            r.ttftMs(),
            r.tpotMs(),
            r.e2eMs(),
            r.requestsPerS(),
            r.outputTokensPerS(),
            r.sloAttainment(),
            r.goodputRps(),
            r.preemptions(),
            r.gpuUtilization(),
            r.kvUtilization(),
            r.meanQueueLength(),
            r.maxQueueLength(),
            r.spanS(),
            r.attainmentTarget(),
            r.targets(),
            r.ttftCdf(),
            r.tpotCdf(),
            r.e2eCdf(),
            r.timeline());
    String html =
        HtmlReport.render(
            PlanFixtures.valid(),
            Optional.empty(),
            Optional.of(
                new SimReport(List.of(odd), sim.options(), sim.simulatedSeconds(), sim.events())));
    assertThat(html).doesNotContain("<b>\"x\"").contains("&lt;b&gt;&quot;x&quot;&amp;");
  }

  @Test
  void withoutASimulationThereIsNoSimulationSection() {
    String html = HtmlReport.render(PlanFixtures.valid(), Optional.empty(), Optional.empty());
    assertThat(html)
        .doesNotContain("chart cdf")
        .doesNotContain("chart timeline")
        .doesNotContain("<h2>Simulation");
  }

  @Test
  void latenciesReadInMillisecondsOrSeconds() {
    assertThat(SimCharts.ms(12.345)).isEqualTo("12.3 ms");
    assertThat(SimCharts.ms(1234)).isEqualTo("1.23 s");
    assertThat(SimCharts.ms(Double.NaN)).isEqualTo("n/a");
    assertThat(SimCharts.niceCeil(12.3)).isEqualTo(20);
    assertThat(SimCharts.niceCeil(4.1)).isEqualTo(5);
    assertThat(SimCharts.niceCeil(0.7)).isEqualTo(1);
    assertThat(SimCharts.niceCeil(50)).isEqualTo(50);
  }

  private static int count(String text, String needle) {
    Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
