package dev.servplan.compiler.ast;

import dev.servplan.compiler.source.SourceFile;

/** Reads one syntax into the shared tree. Never throws on bad input: it reports. */
public interface FrontEnd {
  ParsedSpec parse(SourceFile source);
}
