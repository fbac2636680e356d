package dev.servplan.compiler.technique.speculative;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.servplan.compiler.ir.Technique;
import dev.servplan.compiler.technique.PlanCodec;
import dev.servplan.compiler.technique.PlanNumbers;
import dev.servplan.compiler.technique.TechniqueSetting;
import java.util.List;
import java.util.Optional;

/** The plan's {@code speculative: {draft, tokens, acceptance}} block of a group. */
public final class SpeculativeCodec implements PlanCodec {
  @Override
  public Technique technique() {
    return Technique.SPECULATIVE_DECODING;
  }

  @Override
  public String key() {
    return "speculative";
  }

  @Override
  public Optional<TechniqueSetting> read(
      JsonNode node, String path, Fields group, List<String> errors) {
    if (!node.isObject()) {
      errors.add(path + ": expected an object with draft, tokens and acceptance, got " + node);
      return Optional.empty();
    }
    JsonNode draft = node.get("draft");
    JsonNode tokens = node.get("tokens");
    JsonNode acceptance = node.get("acceptance");
    if (draft == null || !draft.isTextual()) {
      errors.add(path + ".draft: expected a model id");
      return Optional.empty();
    }
    if (tokens == null
        || !tokens.canConvertToInt()
        || !tokens.isIntegralNumber()
        || tokens.intValue() < 1) {
      errors.add(path + ".tokens: expected an integer >= 1");
      return Optional.empty();
    }
    if (acceptance == null
        || !acceptance.isNumber()
        || !(acceptance.doubleValue() > 0 && acceptance.doubleValue() < 1)) {
      errors.add(path + ".acceptance: expected a number strictly between 0 and 1");
      return Optional.empty();
    }
    return Optional.of(
        new Speculation(draft.textValue(), tokens.intValue(), acceptance.doubleValue()));
  }

  @Override
  public void write(Optional<TechniqueSetting> setting, ObjectNode group) {
    setting
        .map(Speculation.class::cast)
        .ifPresent(
            sd -> {
              ObjectNode spec = group.putObject(key());
              spec.put("draft", sd.draft());
              spec.put("tokens", sd.tokens());
              spec.set("acceptance", PlanNumbers.num(sd.acceptance()));
            });
  }

  @Override
  public String text(TechniqueSetting setting) {
    Speculation sd = (Speculation) setting;
    return ", speculative (draft " + sd.draft() + ", " + sd.tokens() + " tokens)";
  }
}
