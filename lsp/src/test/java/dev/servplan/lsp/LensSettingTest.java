package dev.servplan.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The three spellings of {@code servplan.codeLens}, as JSON (over the wire) and as maps. */
class LensSettingTest {
  @Test
  void readsNestedFlatAndBareSpellings() {
    assertThat(LensSetting.read(JsonParser.parseString("{\"servplan\": {\"codeLens\": false}}")))
        .contains(false);
    assertThat(LensSetting.read(JsonParser.parseString("{\"servplan.codeLens\": false}")))
        .contains(false);
    assertThat(LensSetting.read(JsonParser.parseString("{\"codeLens\": true}"))).contains(true);
    assertThat(LensSetting.read(Map.of("servplan", Map.of("codeLens", false)))).contains(false);
    assertThat(LensSetting.read(Map.of("servplan.codeLens", true))).contains(true);
  }

  @Test
  void saysNothingWhenTheSettingIsAbsentOrNotABoolean() {
    assertThat(LensSetting.read(null)).isEmpty();
    assertThat(LensSetting.read(JsonParser.parseString("{\"servplan\": {\"path\": \"servplan\"}}")))
        .isEmpty();
    assertThat(LensSetting.read(JsonParser.parseString("{\"servplan\": {\"codeLens\": \"no\"}}")))
        .isEmpty();
    assertThat(LensSetting.read(JsonParser.parseString("[true]"))).isEmpty();
    assertThat(LensSetting.read(Map.of("codeLens", "false"))).isEmpty();
  }
}
