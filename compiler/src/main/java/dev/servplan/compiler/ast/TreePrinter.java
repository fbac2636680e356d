package dev.servplan.compiler.ast;

/** Writes a tree back out in one syntax, in canonical layout (used by fmt and convert). */
public interface TreePrinter {
  String print(MapNode root);
}
