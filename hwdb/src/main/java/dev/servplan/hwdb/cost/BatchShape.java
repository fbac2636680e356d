package dev.servplan.hwdb.cost;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What one engine iteration processes: prompt chunks being prefilled, and {@code decodeSequences}
 * sequences each generating one token over a KV cache of {@code decodeContextTokens} tokens in
 * total (the sum over those sequences, so the mean context is the quotient).
 */
public record BatchShape(
    List<PrefillChunk> prefills, int decodeSequences, long decodeContextTokens) {
  public static final BatchShape EMPTY = new BatchShape(List.of(), 0, 0);

  public BatchShape {
    prefills = List.copyOf(Objects.requireNonNull(prefills, "prefills"));
    if (decodeSequences < 0 || decodeContextTokens < 0) {
      throw new IllegalArgumentException("decode counts must be >= 0");
    }
    if (decodeSequences == 0 && decodeContextTokens != 0) {
      throw new IllegalArgumentException("decode context without decode sequences");
    }
  }

  /** {@code sequences} decode steps whose contexts average {@code meanContext} tokens. */
  public static BatchShape decode(int sequences, double meanContext) {
    return new BatchShape(List.of(), sequences, Math.round(sequences * meanContext));
  }

  /** One iteration prefilling {@code requests} whole prompts of {@code promptTokens} each. */
  public static BatchShape prefill(int requests, int promptTokens) {
    return new BatchShape(Collections.nCopies(requests, PrefillChunk.whole(promptTokens)), 0, 0);
  }

  /** Tokens that pass through the model's GEMMs in this iteration. */
  public long tokens() {
    long sum = decodeSequences;
    for (int i = 0; i < prefills.size(); i++) {
      sum += prefills.get(i).tokens();
    }
    return sum;
  }

  /** Sequences in the iteration (each prefill chunk counts as one). */
  public int sequences() {
    return decodeSequences + prefills.size();
  }

  /** Rows that go through the LM head: one per decode step and one per prefill chunk. */
  public int logitRows() {
    return sequences();
  }

  public boolean isEmpty() {
    return prefills.isEmpty() && decodeSequences == 0;
  }
}
