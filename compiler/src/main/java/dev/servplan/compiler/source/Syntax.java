package dev.servplan.compiler.source;

/** The two surface syntaxes of a spec. */
public enum Syntax {
  YAML,
  DSL
}
