package dev.servplan.hwdb.cost;

/**
 * A piece of one request's prompt processed in an iteration: {@code tokens} new prompt tokens whose
 * keys and values attend over {@code cachedTokens} tokens already in the KV cache (earlier chunks
 * or a prefix-cache hit).
 */
public record PrefillChunk(int tokens, long cachedTokens) {
  public PrefillChunk {
    if (tokens <= 0) {
      throw new IllegalArgumentException("a prefill chunk needs at least one token, got " + tokens);
    }
    if (cachedTokens < 0) {
      throw new IllegalArgumentException("cached tokens must be >= 0, got " + cachedTokens);
    }
  }

  /** A whole prompt with nothing cached. */
  public static PrefillChunk whole(int tokens) {
    return new PrefillChunk(tokens, 0);
  }
}
